// freedom(a, b) — Lemma 1 (Safe Rebinding), spec/semantics.md §5 and reading E5: in every
// step where a stack makes b bound while a is present in it, free(a) holds before the step.
#include "explicit/checkers/checker.hpp"
#include "explicit/protocol.hpp"

namespace dpu::explicit_ {
namespace {

class Freedom final : public Checker {
 public:
  Freedom(const Layout& L, const model::Property& p) : Checker(p.name, kUpdate), L(L), a_(p.a), b_(p.b) {}

  bool on_update(const Work& pre, const Work& post) override {
    bool violated = false;
    for (std::uint32_t s = 0; s < L.nstacks; ++s) {
      bool binds_b =
          binding(L, pre, s, b_) != model::Binding::Bound && binding(L, post, s, b_) == model::Binding::Bound;
      if (!binds_b || binding(L, pre, s, a_) == model::Binding::Absent) continue;
      rebinds_ = true;
      if (!free_module(L, pre, a_)) violated = true;
    }
    return violated;
  }

  std::string explain() const override {
    const std::string& a = L.m.modules[a_].name;
    return "a stack binds " + L.m.modules[b_].name + " in place of " + a + " while " + a +
           " is not free: a copy tagged " + a + " is sent but undelivered (rule Freedom)";
  }

  std::uint64_t observations() const override { return rebinds_; }
  void restore_observations(std::uint64_t o) override { rebinds_ = o & 1; }

  std::string vacuity() const override {
    if (rebinds_) return {};
    return "no step ever binds " + L.m.modules[b_].name + " in place of " + L.m.modules[a_].name;
  }

 private:
  const Layout& L;
  Id a_, b_;
  bool rebinds_ = false;
};

}  // namespace

std::unique_ptr<Checker> make_freedom(const Layout& L, const model::Property& p) {
  return std::make_unique<Freedom>(L, p);
}

}  // namespace dpu::explicit_
