// Whether a replayed run violates a property (spec/semantics.md §5): the end state, the last
// step, or the lasso, as the property requires. Written from the spec, independently of the
// explicit engine's monitors.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "replay/steps.hpp"

namespace dpu::replay {

/// A replayed run: states[0] is the initial state, states[i] the state after step i.
struct Run {
  std::vector<State> states;
  std::vector<Action> actions;
  std::vector<std::optional<Task>> tasks;         // the fair task of each step
  std::optional<AssertionFailed> last_assertion;  // the last step failed an assert
  std::optional<RuntimeError> last_error;         // the last step hit a runtime error
  std::optional<std::size_t> loop_start;          // 0-based index of the loop's first step
  // the trace's claim that evaluating this property's predicate in the last state is a
  // runtime error ("deadlock": `end when`), spec/trace-format.md `state_error`
  std::string state_error;
};

struct Verdict {
  bool violated = false;
  std::string why;  // violated: what the end shows; otherwise why it is not a violation
};

/// Decides `property` (a model property's name, or "deadlock", "assertions",
/// "runtime error") on the run.
Verdict check_property(const Universe& u, const Run& run, const std::string& property);

}  // namespace dpu::replay
