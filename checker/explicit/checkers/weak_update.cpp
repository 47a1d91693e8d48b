// weak_update(a, b) — Property 1 (reading D4), spec/semantics.md §5: (ii) every terminal
// state has every copy addressed to an alive stack delivered (S_S = S_D; "no copy twice" is
// structural); (i) the update terminates (the goal of `terminates`).
#include "explicit/checkers/checker.hpp"
#include "explicit/protocol.hpp"

namespace dpu::explicit_ {
namespace {

class WeakUpdate final : public Checker {
 public:
  WeakUpdate(const Layout& L, const model::Property& p)
      : Checker(p.name, kUpdate | kTerminal), L(L), a_(p.a), b_(p.b) {}

  // only watches for the update happening (vacuity); never violated by a step
  bool on_update(const Work& pre, const Work& post) override {
    for (std::uint32_t s = 0; s < L.nstacks && !binds_b_; ++s)
      binds_b_ = binding(L, pre, s, b_) != model::Binding::Bound &&
                 binding(L, post, s, b_) == model::Binding::Bound &&
                 binding(L, pre, s, a_) != model::Binding::Absent;
    return false;
  }

  bool on_terminal(const Work& w, Interp&) override {
    for (std::uint32_t msg = 0; msg < L.msgs.size(); ++msg)
      for (std::uint32_t d = 0; d < L.nstacks; ++d)
        if (w.v[L.off_status + L.copy(msg, d)] == kSent && !crashed(L, w, L.family_base[L.stack_family] + d))
          return true;
    return false;
  }

  std::optional<LivenessGoal> liveness() const override {
    return termination_goal(L.m, "the update does not terminate (part (i)): ");
  }

  std::string explain() const override {
    return "a terminal state has a sent copy that is never delivered: S_S != S_D (Property 1 (ii))";
  }

  std::uint64_t observations() const override { return binds_b_; }
  void restore_observations(std::uint64_t o) override { binds_b_ = o & 1; }

  std::string vacuity() const override {
    if (binds_b_) return {};
    return "the update never happens: no step binds " + L.m.modules[b_].name + " in place of " +
           L.m.modules[a_].name;
  }

 private:
  const Layout& L;
  Id a_, b_;
  bool binds_b_ = false;
};

}  // namespace

std::unique_ptr<Checker> make_weak_update(const Layout& L, const model::Property& p) {
  return std::make_unique<WeakUpdate>(L, p);
}

}  // namespace dpu::explicit_
