// mdcd_recoverable(ev) — MDCD recoverability (spec/properties.md "MDCD recoverability"). The
// model emits one event kind `ev(kind, p, q, m, c, flag)` for what it does (sends, receipts,
// checkpoints, rollbacks, logs, replays, acceptance tests, device outputs, take-over, the
// completed recovery); this monitor tracks by itself which process state depends on which
// message (transitively), which messages are erroneous, validated, in transit, logged or
// undone, and checks at every completed recovery: no orphan, no loss, no dependence on an
// erroneous message, no cascading rollback; from the first completed recovery on, after every
// step: no external message that stands is kept from the device; at every output that the
// device receives no erroneous message and no message twice; at every receipt or replay that
// the process has not received the message already; every `undeliverable` (a message that
// reaches a process in a format it cannot read, which only the model knows) is a violation.
// The monitor lives in the state (its slots below).
#include <algorithm>

#include "explicit/checkers/checker.hpp"
#include "model/mdcd.hpp"

namespace dpu::explicit_ {
namespace {

using model::mdcd::Kind;
using model::mdcd::Reason;

class MdcdRecoverable final : public Checker {
 public:
  MdcdRecoverable(const Layout& L, const model::Property& p)
      : Checker(p.name, kEvent | kUpdate), L(L), sig_(model::mdcd::signature(L.m, p.events.at(0))) {}

  void layout(Layout& L) override {
    const std::uint32_t np = sig_.np, nm = sig_.nm, nc = sig_.nc;
    dep_ = L.add_monitor_slots(np * nm, 0, 1);
    recvd_ = L.add_monitor_slots(np * nm, 0, 1);
    sent_ = L.add_monitor_slots(np * nm, 0, 1);
    logged_ = L.add_monitor_slots(np * nm, 0, 1);
    snap_ = L.add_monitor_slots(np * nc * 3 * nm, 0, 1);
    taken_ = L.add_monitor_slots(np * nc, 0, 1);
    depm_ = L.add_monitor_slots(nm * nm, 0, 1);
    low_ = L.add_monitor_slots(nm, 0, 1);
    err_ = L.add_monitor_slots(nm, 0, 1);
    transit_ = L.add_monitor_slots(nm, 0, 1);
    undone_ = L.add_monitor_slots(nm, 0, 1);
    valid_ = L.add_monitor_slots(nm, 0, 1);
    out_ = L.add_monitor_slots(nm, 0, 1);
    hassrc_ = L.add_monitor_slots(nm, 0, 1);
    ext_ = L.add_monitor_slots(nm, 0, 1);
    recdone_ = L.add_monitor_slots(1, 0, 1);
    src_ = L.add_monitor_slots(nm, 0, np - 1);
    dst_ = L.add_monitor_slots(nm, 0, np - 1);
    retired_ = L.add_monitor_slots(np, 0, 1);
    rolls_ = L.add_monitor_slots(np, 0, 2);
    clean_ = L.add_monitor_slots(np, 0, 1);
    rbdep_ = L.add_monitor_slots(np * nm, 0, 1);
    reason_ = L.add_monitor_slots(1, 0, static_cast<Value>(Reason::Count) - 1);
    rp_ = L.add_monitor_slots(1, 0, np - 1);
    rm_ = L.add_monitor_slots(1, 0, std::max(nm, nc) - 1);  // a message, or a checkpoint
  }

  bool on_event(const Work&, Work& post, const Event& e) override {
    if (e.event != sig_.event) return false;
    Value* v = post.v.data();
    const Kind k = sig_.kind_of.at(static_cast<std::size_t>(e.args[0] - sig_.kind_lo));
    const std::uint32_t p = idx(e.args[1], sig_.p_lo), q = idx(e.args[2], sig_.p_lo);
    const std::uint32_t m = idx(e.args[3], sig_.m_lo), c = idx(e.args[4], sig_.c_lo);
    const bool flag = e.args[5] != 0;
    const std::uint32_t nm = sig_.nm;
    seen_ = true;
    auto fail = [&](Reason r, std::uint32_t rp, std::uint32_t rm) {
      if (v[reason_] == 0) v[reason_] = static_cast<Value>(r), v[rp_] = rp, v[rm_] = rm;
      return true;
    };
    auto depends_on_error = [&](std::uint32_t base) {
      for (std::uint32_t x = 0; x < nm; ++x)
        if (v[base + x] && v[err_ + x]) return true;
      return false;
    };
    switch (k) {
      case Kind::SentLow:
      case Kind::Sent:
        for (std::uint32_t x = 0; x < nm; ++x) v[depm_ + m * nm + x] = v[dep_ + p * nm + x];
        v[depm_ + m * nm + m] = 1;
        v[low_ + m] = k == Kind::SentLow;
        v[ext_ + m] = 0;
        v[err_ + m] = k == Kind::SentLow && flag;
        v[valid_ + m] = 0;
        v[transit_ + m] = 1, v[undone_ + m] = 0;
        v[hassrc_ + m] = 1, v[src_ + m] = p, v[dst_ + m] = q;
        v[sent_ + p * nm + m] = 1;
        return false;
      case Kind::External:
        // like a send, to the device: no channel, so it stands until the device receives it
        for (std::uint32_t x = 0; x < nm; ++x) v[depm_ + m * nm + x] = v[dep_ + p * nm + x];
        v[depm_ + m * nm + m] = 1;
        v[low_ + m] = 0, v[err_ + m] = 0, v[valid_ + m] = 0, v[ext_ + m] = 1;
        v[transit_ + m] = 0, v[undone_ + m] = 0;
        v[hassrc_ + m] = 1, v[src_ + m] = p, v[dst_ + m] = p;
        v[sent_ + p * nm + m] = 1;
        return false;
      case Kind::Adopted:
        if (!v[hassrc_ + m]) return false;  // never sent: nothing to adopt
        v[src_ + m] = p;
        v[sent_ + p * nm + m] = 1;
        v[undone_ + m] = 0;
        return false;
      case Kind::Received:
      case Kind::Replayed:
        if (v[recvd_ + p * nm + m]) return fail(Reason::DuplicateReceipt, p, m);
        for (std::uint32_t x = 0; x < nm; ++x) v[dep_ + p * nm + x] |= v[depm_ + m * nm + x];
        v[recvd_ + p * nm + m] = 1;
        if (k == Kind::Received) v[transit_ + m] = 0;
        return false;
      case Kind::Dropped:
        v[transit_ + m] = 0;
        return false;
      case Kind::Logged:
        v[logged_ + p * nm + m] = flag;
        return false;
      case Kind::Checkpointed: {
        const std::uint32_t s = snap(p, c);
        for (std::uint32_t x = 0; x < nm; ++x) {
          v[s + x] = v[dep_ + p * nm + x];
          v[s + nm + x] = v[recvd_ + p * nm + x];
          v[s + 2 * nm + x] = v[sent_ + p * nm + x];
        }
        v[taken_ + p * sig_.nc + c] = 1;
        return false;
      }
      case Kind::RolledBack: {
        if (!v[taken_ + p * sig_.nc + c]) return fail(Reason::NoCheckpoint, p, c);
        // a rollback not justified by a dependence on an unvalidated message of G_low; if the
        // state depended on a send that another rollback undid, it was forced (checked at the
        // completed recovery, when every rollback of it has been applied)
        bool suspect = false;
        for (std::uint32_t x = 0; x < nm; ++x) {
          suspect |= v[dep_ + p * nm + x] && v[low_ + x] && !v[valid_ + x];
          v[rbdep_ + p * nm + x] |= v[dep_ + p * nm + x];
        }
        if (!suspect) v[clean_ + p] = 1;
        if (v[rolls_ + p] < 2) ++v[rolls_ + p];
        const std::uint32_t s = snap(p, c);
        for (std::uint32_t x = 0; x < nm; ++x) {
          if (v[sent_ + p * nm + x] && !v[s + 2 * nm + x] && v[src_ + x] == p) v[undone_ + x] = 1;
          v[dep_ + p * nm + x] = v[s + x];
          v[recvd_ + p * nm + x] = v[s + nm + x];
          v[sent_ + p * nm + x] = v[s + 2 * nm + x];
        }
        return false;
      }
      case Kind::Validated:
        if (depends_on_error(dep_ + p * nm)) return fail(Reason::ImperfectTest, p, 0);
        for (std::uint32_t x = 0; x < nm; ++x)
          if ((v[dep_ + p * nm + x] || v[sent_ + p * nm + x]) && v[low_ + x]) v[valid_ + x] = 1;
        return false;
      case Kind::Output:
        if (v[out_ + m]) return fail(Reason::DuplicateOutput, p, m);
        v[out_ + m] = 1;
        if (flag || depends_on_error(dep_ + p * nm)) return fail(Reason::ErroneousOutput, p, m);
        return false;
      case Kind::Retired:
        v[retired_ + p] = 1;
        for (std::uint32_t x = 0; x < nm; ++x)
          if (v[hassrc_ + x] && v[src_ + x] == p) v[undone_ + x] = 1;
        return false;
      case Kind::Undeliverable:
        return fail(Reason::Undeliverable, p, m);
      case Kind::Recovered:
        return recovered(v, fail);
    }
    return false;
  }

  // After a completed recovery the external loss check applies after every step (its events
  // all applied): a step may produce an external message and output it, or log it, later in
  // the same step.
  bool on_update(const Work&, const Work& post) override {
    return post.v[reason_] == 0 && post.v[recdone_] && external_lost(post.v.data()) >= 0;
  }

  std::string explain() const override {
    return "a completed recovery leaves an orphan, a lost message, a dependence on an erroneous message or a "
           "cascading rollback, an external message that stands is kept from the device, a process "
           "receives a message twice or one in a format it cannot read, or the device receives an "
           "erroneous or duplicate message (the monitor line of the last state says which)";
  }

  void describe(const Work& w, StateLines& out) const override {
    const Value r = w.v[reason_];
    if (r != 0) {
      out.emplace_back("monitor " + name(),
                       model::mdcd::reason_text(L.m, sig_, static_cast<Reason>(r), w.v[rp_], w.v[rm_]));
      return;
    }
    // on_update cannot record its finding in the state: a state it flags is the last one of a
    // trace (no earlier state of a shortest trace is a violation), so it is found again here
    if (!w.v[recdone_]) return;
    const std::int64_t x = external_lost(w.v.data());
    if (x < 0) return;
    out.emplace_back("monitor " + name(), model::mdcd::reason_text(L.m, sig_, Reason::ExternalLoss,
                                                                   w.v[src_ + x], static_cast<Value>(x)));
  }

  std::string vacuity() const override {
    if (!seen_) return "the model emits no " + L.m.events[sig_.event].name + " event";
    return recovered_ ? std::string() : "no recovery completes (only the device checks applied)";
  }
  std::uint64_t observations() const override { return (seen_ ? 1 : 0) | (recovered_ ? 2 : 0); }
  void restore_observations(std::uint64_t o) override { seen_ = o & 1, recovered_ = o & 2; }

 private:
  template <class Fail>
  bool recovered(Value* v, Fail& fail) {
    const std::uint32_t np = sig_.np, nm = sig_.nm;
    recovered_ = true;
    bool bad = false;
    for (std::uint32_t p = 0; p < np && !bad; ++p) {
      if (v[retired_ + p]) continue;
      for (std::uint32_t x = 0; x < nm && !bad; ++x) {
        if (v[recvd_ + p * nm + x] && v[undone_ + x])
          bad = fail(Reason::Orphan, p, x);
        else if (v[dep_ + p * nm + x] && v[err_ + x])
          bad = fail(Reason::ErroneousDependence, p, x);
      }
    }
    for (std::uint32_t x = 0; x < nm && !bad; ++x) {
      if (!v[hassrc_ + x] || v[ext_ + x]) continue;
      const auto s = static_cast<std::uint32_t>(v[src_ + x]), d = static_cast<std::uint32_t>(v[dst_ + x]);
      if (v[retired_ + s] || v[retired_ + d] || !v[sent_ + s * nm + x]) continue;
      if (v[recvd_ + d * nm + x] || v[transit_ + x] || v[logged_ + d * nm + x] || v[logged_ + s * nm + x])
        continue;
      bad = fail(Reason::Loss, d, x);
    }
    if (!bad) {
      const std::int64_t x = external_lost(v);
      if (x >= 0)
        bad = fail(Reason::ExternalLoss, static_cast<std::uint32_t>(v[src_ + x]),
                   static_cast<std::uint32_t>(x));
    }
    v[recdone_] = 1;
    for (std::uint32_t p = 0; p < np && !bad; ++p) {
      bool forced = false;
      for (std::uint32_t x = 0; x < nm; ++x)
        forced |= v[clean_ + p] && v[rbdep_ + p * nm + x] && v[undone_ + x];
      if (v[rolls_ + p] > 1 || forced) bad = fail(Reason::Cascade, p, 0);
    }
    for (std::uint32_t p = 0; p < np; ++p) {
      v[rolls_ + p] = 0, v[clean_ + p] = 0;
      for (std::uint32_t x = 0; x < nm; ++x) v[rbdep_ + p * nm + x] = 0;
    }
    return bad;
  }

  // The first external message whose production stands (its producer is in service and its
  // state includes the production) that the device has not received and that is in no log of
  // its producer; -1 if none.
  std::int64_t external_lost(const Value* v) const {
    for (std::uint32_t x = 0; x < sig_.nm; ++x) {
      if (!v[ext_ + x] || !v[hassrc_ + x] || v[out_ + x]) continue;
      const auto s = static_cast<std::uint32_t>(v[src_ + x]);
      if (v[retired_ + s] || !v[sent_ + s * sig_.nm + x] || v[logged_ + s * sig_.nm + x]) continue;
      return x;
    }
    return -1;
  }

  static std::uint32_t idx(Value x, Value lo) { return static_cast<std::uint32_t>(x - lo); }
  std::uint32_t snap(std::uint32_t p, std::uint32_t c) const {
    return snap_ + (p * sig_.nc + c) * 3 * sig_.nm;
  }

  const Layout& L;
  model::mdcd::Signature sig_;
  std::uint32_t dep_ = 0, recvd_ = 0, sent_ = 0, logged_ = 0, snap_ = 0, taken_ = 0, depm_ = 0;
  std::uint32_t low_ = 0, err_ = 0, transit_ = 0, undone_ = 0, valid_ = 0, out_ = 0, hassrc_ = 0, ext_ = 0,
                recdone_ = 0;
  std::uint32_t src_ = 0, dst_ = 0, retired_ = 0, rolls_ = 0, clean_ = 0, rbdep_ = 0, reason_ = 0, rp_ = 0,
                rm_ = 0;
  bool seen_ = false, recovered_ = false;
};

}  // namespace

std::unique_ptr<Checker> make_mdcd_recoverable(const Layout& L, const model::Property& p) {
  return std::make_unique<MdcdRecoverable>(L, p);
}

}  // namespace dpu::explicit_
