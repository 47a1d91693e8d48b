// strong_update(a, b) — Property 2 (reading D4), spec/semantics.md §5: (ii) once any stack
// delivered a copy tagged b, no delivery tagged a happens anywhere (monitor: one flag, "b has
// delivered"); (i) the update terminates (the goal of `terminates`).
#include "explicit/checkers/checker.hpp"

namespace dpu::explicit_ {
namespace {

class StrongUpdate final : public Checker {
 public:
  StrongUpdate(const Layout& L, const model::Property& p)
      : Checker(p.name, kDeliver), L(L), a_(p.a), b_(p.b) {}

  void layout(Layout& L) override { flag_ = L.add_monitor_slots(1, 0, 1); }

  bool on_deliver(const Work& pre, Work& post, const Delivery& d) override {
    bool violated = d.tag == a_ && pre.v[flag_];
    if (d.tag == b_) post.v[flag_] = 1, b_delivered_ = true;
    return violated;
  }

  std::optional<LivenessGoal> liveness() const override {
    return termination_goal(L.m, "the update does not terminate (part (i)): ");
  }

  std::string explain() const override {
    return L.m.modules[a_].name + " delivers a message after " + L.m.modules[b_].name +
           " has delivered one (Property 2 (ii))";
  }

  void describe(const Work& w, StateLines& out) const override {
    if (w.v[flag_]) out.emplace_back("monitor " + name(), L.m.modules[b_].name + " has delivered");
  }

  std::uint64_t observations() const override { return b_delivered_; }
  void restore_observations(std::uint64_t o) override { b_delivered_ = o & 1; }

  std::string vacuity() const override {
    return b_delivered_ ? std::string() : L.m.modules[b_].name + " never delivers a message";
  }

 private:
  const Layout& L;
  Id a_, b_;
  std::uint32_t flag_ = 0;
  bool b_delivered_ = false;
};

}  // namespace

std::unique_ptr<Checker> make_strong_update(const Layout& L, const model::Property& p) {
  return std::make_unique<StrongUpdate>(L, p);
}

}  // namespace dpu::explicit_
