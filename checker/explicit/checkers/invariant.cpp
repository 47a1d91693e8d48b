// invariant N: e — e holds in every reachable state (spec/semantics.md §5). For `A -> B` the
// checker evaluates A first (the same work as evaluating the implication) and remembers
// whether A was ever true, so that a never-triggered invariant is reported as vacuous.
#include "explicit/checkers/checker.hpp"

namespace dpu::explicit_ {
namespace {

class Invariant final : public Checker {
 public:
  Invariant(const Layout& L, const model::Property& p)
      : Checker(p.name, p.pred ? unsigned{kState} : 0u),
        L(L),
        pred_(p.pred ? &*p.pred : nullptr),
        frame_(frame_layout(L, &p.frame, {pred_}, {})) {
    if (pred_ && pred_->kind == model::ExprKind::Binary && pred_->op == model::Op::Implies &&
        pred_->args.size() == 2)
      antecedent_ = &pred_->args[0], consequent_ = &pred_->args[1];
  }

  bool on_state(const Work& w, Interp& in) override {
    scratch_.assign(frame_.size, 0);
    in.bind(const_cast<Work*>(&w), &frame_, scratch_.data(), L.sender_none);
    if (!antecedent_) return !in.truth(*pred_);
    if (!in.truth(*antecedent_)) return false;
    triggered_ = true;
    return !in.truth(*consequent_);
  }

  std::string explain() const override { return "invariant " + name() + " does not hold"; }

  std::uint64_t observations() const override { return triggered_; }
  void restore_observations(std::uint64_t o) override { triggered_ = o & 1; }

  std::string vacuity() const override {
    if (!antecedent_ || triggered_) return {};
    return "the left side of its implication is never true";
  }

 private:
  const Layout& L;
  const model::Expr* pred_;
  FrameLayout frame_;
  std::vector<Value> scratch_;
  const model::Expr* antecedent_ = nullptr;
  const model::Expr* consequent_ = nullptr;
  bool triggered_ = false;
};

}  // namespace

std::unique_ptr<Checker> make_invariant(const Layout& L, const model::Property& p) {
  return std::make_unique<Invariant>(L, p);
}

}  // namespace dpu::explicit_
