// deadlock — a terminal state (no step enabled) is a violation unless it satisfies `end when`
// or the model says `allow deadlock` (spec/semantics.md §5). A pseudo-property: its slot
// follows the model's properties.
#include "explicit/checkers/checker.hpp"

namespace dpu::explicit_ {
namespace {

class Deadlock final : public Checker {
 public:
  explicit Deadlock(const Layout& L)
      : Checker("deadlock", L.m.allow_deadlock ? 0u : unsigned{kTerminal}),
        L(L),
        end_(L.m.end_when ? &*L.m.end_when : nullptr),
        frame_(frame_layout(L, &L.m.end_when_frame, {end_}, {})) {}

  bool on_terminal(const Work& w, Interp& in) override { return !(end_ && holds(L, in, w, *end_, frame_)); }

  bool reported() const override { return !L.m.allow_deadlock; }

  std::string explain() const override {
    return end_ ? "a terminal state (nothing enabled) does not satisfy `end when`"
                // A correct model without `end when` stops here at its normal end: say how to
                // tell the checker which terminal states are expected.
                : "a terminal state (nothing enabled) is reached and the model does not allow deadlock "
                  "(if the run is meant to end here, add `end when PREDICATE` for its expected end "
                  "states, or `allow deadlock`)";
  }

 private:
  const Layout& L;
  const model::Expr* end_;
  FrameLayout frame_;
};

}  // namespace

std::unique_ptr<Checker> make_deadlock(const Layout& L) { return std::make_unique<Deadlock>(L); }

}  // namespace dpu::explicit_
