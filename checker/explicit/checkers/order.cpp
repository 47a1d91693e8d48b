// order(x) — the delivery history of service x stays correct (spec/semantics.md §5). total:
// every stack's sequence of deliveries of broadcast messages of x is a prefix of one common
// sequence (monitor: the longest sequence so far, and each stack's position in it). fifo:
// each stack delivers the messages of one origin in call order. none: nothing to check.
#include "explicit/checkers/checker.hpp"
#include "explicit/protocol.hpp"

namespace dpu::explicit_ {
namespace {

class Order final : public Checker {
 public:
  Order(const Layout& L, const model::Property& p)
      : Checker(p.name, kDeliver), L(L), service_(p.service), order_(L.m.services[p.service].order) {}

  void layout(Layout& L) override {
    if (order_ != model::Order::Total) return;
    for (const auto& msg : L.msgs) cap_ += (msg.service == service_ && msg.broadcast);
    len_ = L.add_monitor_slots(1, 0, cap_);
    seq_ = L.add_monitor_slots(cap_, 0, static_cast<Value>(L.msgs.size()));
    cursor_ = L.add_monitor_slots(L.nstacks, 0, cap_);
  }

  bool on_deliver(const Work& pre, Work& post, const Delivery& d) override {
    const ProtoMsg& mm = L.msgs[d.msg];
    if (mm.service != service_) return false;
    delivered_ = true;
    if (order_ == model::Order::Fifo) {
      // an earlier message of the same origin, sent to this stack, still undelivered
      bool violated = false;
      for (std::uint32_t o = 0; o < L.msgs.size(); ++o) {
        const auto& om = L.msgs[o];
        if (om.workload == mm.workload && om.origin == mm.origin && om.call < mm.call &&
            pre.v[L.off_status + L.copy(o, d.dest)] == kSent)
          violated = true;
      }
      return violated;
    }
    if (order_ != model::Order::Total || !mm.broadcast) return false;
    Value& cursor = post.v[cursor_ + d.dest];
    Value& len = post.v[len_];
    bool violated = false;
    if (cursor < len) {
      violated = post.v[seq_ + cursor] != static_cast<Value>(d.msg) + 1;
    } else {
      post.v[seq_ + len] = static_cast<Value>(d.msg) + 1;
      ++len;
    }
    ++cursor;
    return violated;
  }

  std::string explain() const override {
    return "the delivery history of " + L.m.services[service_].name +
           " breaks its order guarantee (two stacks deliver in different orders)";
  }

  void describe(const Work& w, StateLines& out) const override {
    if (order_ != model::Order::Total) return;
    auto msg_name = [](Value m) { return "m" + std::to_string(m); };
    std::string seq;
    for (Value i = 0; i < w.v[len_]; ++i) seq += (i ? " " : "") + msg_name(w.v[seq_ + i]);
    if (seq.empty()) return;
    std::string cur;
    for (std::uint32_t s = 0; s < L.nstacks; ++s) cur += (s ? " " : "") + std::to_string(w.v[cursor_ + s]);
    out.emplace_back("monitor " + name(), "common sequence [" + seq + "], positions " + cur);
  }

  // the common sequence names messages (renamed by their origin), the positions are per stack
  void rename_monitor(const Renaming& r, const Work& from, Work& to) const override {
    if (order_ != model::Order::Total) return;
    for (std::uint32_t i = 0; i < cap_; ++i) {
      const Value x = from.v[seq_ + i];
      to.v[seq_ + i] = x ? static_cast<Value>(r.msg[x - 1]) + 1 : 0;
    }
    if (r.stack.empty()) return;
    for (std::uint32_t s = 0; s < L.nstacks; ++s) to.v[cursor_ + r.stack[s]] = from.v[cursor_ + s];
  }

  std::uint64_t observations() const override { return delivered_; }
  void restore_observations(std::uint64_t o) override { delivered_ = o & 1; }

  std::string vacuity() const override {
    return delivered_ ? std::string() : "no message of " + L.m.services[service_].name + " is ever delivered";
  }

 private:
  const Layout& L;
  Id service_;
  model::Order order_;
  std::uint32_t cap_ = 0, len_ = 0, seq_ = 0, cursor_ = 0;
  bool delivered_ = false;
};

}  // namespace

std::unique_ptr<Checker> make_order(const Layout& L, const model::Property& p) {
  return std::make_unique<Order>(L, p);
}

}  // namespace dpu::explicit_
