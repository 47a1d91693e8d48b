// The transition relation of spec/semantics.md §2-3: every enabled step of a state, in one
// fixed order (calls, deliveries, rules, handlers, faults), so a step is identified by its
// ordinal among its state's successors. Traces store ordinals and re-run this generator with
// `describe` to name the steps.
#pragma once

#include <cstdint>
#include <vector>

#include "explicit/checkers/checker_set.hpp"
#include "explicit/engine.hpp"

namespace dpu::explicit_ {

struct Step {
  const Work* post = nullptr;
  std::uint32_t task = Tasks::kNoTask;  // the weakly fair task this step executes
  std::uint64_t violated = 0;           // properties violated by this step (bitmask)
  const AssertionFailure* assertion = nullptr;
  /// The step: kind, family, process and index always; branch choices and a handler's
  /// control message only when expanding with `describe`.
  const Action* detail = nullptr;
  /// The branch arms the step's body ran (Interp::count_arms), or nullptr when none are counted.
  const std::vector<std::uint32_t>* arms = nullptr;
};

/// Whether a step counts for quiescence: it executes a weakly fair task (an unfair step, or
/// any step of a faulty process, may never happen).
inline bool weakly_fair(const Step& s) { return s.task != Tasks::kNoTask; }

class Sink {
 public:
  virtual ~Sink() = default;
  virtual void step(const Step&) = 0;
};

class Successors {
 public:
  /// `checkers` observe every generated step (their hooks may write monitor slots).
  Successors(const Layout& L, CheckerSet& checkers);

  /// The initial state (semantics §1).
  void initial(Work& out);
  /// Calls `sink` for every successor of `pre`; returns their number. Throws RuntimeError
  /// (message names the step); `failed_action()` is then the step that failed.
  std::uint32_t expand(const Work& pre, Sink& sink, bool describe);
  /// After expand threw: the step whose guard or body hit the runtime error, with the branch
  /// choices taken up to the failure (so a replayer can re-execute it).
  const Action& failed_action() const { return failed_; }

  /// Binds the interpreter to `pre` with the frame the rule or handler of `a` sees (its
  /// process, `from`, the message's fields) and returns its guard, or nullptr when the step
  /// is not a rule or handler or has no guard. For explaining a step (explicit/premises.hpp).
  const model::Expr* bind_guard(const Work& pre, const Action& a);

  Interp& interp() { return in_; }
  const CheckerSet& checkers() const { return chk_; }

 private:
  const Layout& L;
  CheckerSet& chk_;
  Interp in_;
  Work post_;
  std::vector<FrameLayout> rule_frames_, handler_frames_;
  std::vector<Value> frame_;
  std::vector<Value> frame0_;  // run_branches: the frame each branch starts from
  std::vector<std::uint32_t> want_;
  Action act_;
  Action failed_;
  bool describe_ = false;
  bool ran_body_ = false;  // the step being emitted ran a rule/handler body (it has choices)
  std::uint32_t n_ = 0;
  Sink* sink_ = nullptr;

  void calls(const Work& pre);
  void deliveries(const Work& pre);
  void rules(const Work& pre);
  void handlers(const Work& pre);
  void faults(const Work& pre);
  void emit(const Work& pre, std::uint32_t task, std::uint64_t violated, const AssertionFailure* af);
  /// Runs `body` once per branch vector on a copy of `pre`; `prepare` edits the copy first.
  template <class Prepare, class Body>
  void run_branches(const Work& pre, std::uint32_t task, Prepare&& prepare, Body&& body);
  std::string where() const;
  /// Fills frame_ for handler `h` at instance `inst` taking channel entry `e` from `sender`.
  void handler_frame(Id h, std::uint32_t inst, std::uint32_t sender, const Value* e);
};

}  // namespace dpu::explicit_
