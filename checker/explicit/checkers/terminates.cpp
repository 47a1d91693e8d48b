// terminates [: p] and eventually N: p — under weak fairness every run reaches a state
// satisfying p (spec/semantics.md §5; `terminates` without p: every alive stack has b bound
// and a absent, for every update). Decided by the liveness pass after a complete search.
#include "explicit/checkers/checker.hpp"
#include "explicit/protocol.hpp"

namespace dpu::explicit_ {

bool default_termination_goal(const Layout& L, const Work& w) {
  for (const auto& u : L.m.updates)
    for (std::uint32_t s = 0; s < L.nstacks; ++s) {
      if (crashed(L, w, L.family_base[L.stack_family] + s)) continue;
      if (binding(L, w, s, u.to) != model::Binding::Bound ||
          binding(L, w, s, u.from) != model::Binding::Absent)
        return false;
    }
  return true;
}

LivenessGoal termination_goal(const model::Model& m, std::string prefix) {
  LivenessGoal g;
  g.prefix = std::move(prefix);
  // the model's last `terminates` gives the goal (the resolver allows one per name)
  for (const auto& p : m.properties)
    if (p.kind == model::PropertyKind::Terminates) g.pred = p.pred ? &*p.pred : nullptr, g.frame = &p.frame;
  g.target = g.pred ? "the end predicate of `terminates`"
                    : "every live stack having the new module bound and the old one absent";
  return g;
}

namespace {

class Terminates final : public Checker {
 public:
  explicit Terminates(const model::Model& m, const model::Property& p) : Checker(p.name, 0), m_(m) {}
  std::optional<LivenessGoal> liveness() const override { return termination_goal(m_, ""); }
  std::string explain() const override { return name() + " is violated"; }

 private:
  const model::Model& m_;
};

class Eventually final : public Checker {
 public:
  explicit Eventually(const model::Property& p) : Checker(p.name, 0), p_(p) {}
  std::optional<LivenessGoal> liveness() const override {
    return LivenessGoal{p_.pred ? &*p_.pred : nullptr, &p_.frame, p_.name, "", {}};
  }
  std::string explain() const override { return name() + " is violated"; }

 private:
  const model::Property& p_;
};

}  // namespace

std::unique_ptr<Checker> make_terminates(const Layout& L, const model::Property& p) {
  return std::make_unique<Terminates>(L.m, p);
}
std::unique_ptr<Checker> make_eventually(const Layout&, const model::Property& p) {
  return std::make_unique<Eventually>(p);
}

}  // namespace dpu::explicit_
