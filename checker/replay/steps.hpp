// The transition relation of spec/semantics.md §2-3 as the replayer sees it: apply one named
// step to a state (saying precisely why it is not enabled when it is not), and list what is
// enabled (for deadlock, terminal states and weak fairness of a lasso's loop).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/step_kind.hpp"
#include "replay/eval.hpp"

namespace dpu::replay {

using Kind = model::StepKind;  // the vocabulary is shared (model/step_kind.hpp)
using model::to_string;

/// One step of a trace, as read from JSON. Optional fields are cross-checked when present.
struct Action {
  Kind kind = Kind::Call;
  Value process = 0;  // Call: origin stack; Deliver: destination stack;
                      // Rule/Handler/Crash/Recover: instance in `family`
  Id family = model::kNone;
  Id index = model::kNone;               // Call: workload; Rule: rule; Handler: handler
  std::optional<std::uint32_t> message;  // Call/Deliver: protocol message id
  std::optional<Value> dest;             // Call (p2p): destination stack
  std::optional<Id> module;              // Call/Deliver: the module tagging the copy
  std::optional<Id> channel;             // Handler
  std::vector<Value> control;            // Handler: [kind, sender pid, dest, fields...]
  std::vector<std::uint32_t> choices;    // choose/either branches in execution order
};

/// A weakly fair task (semantics §3): delivery of one copy, a rule at one instance, a handler
/// at one receiver. Calls and faults are never fair.
struct Task {
  Kind kind = Kind::Deliver;
  Id index = 0;     // Deliver: message; Rule/Handler: rule/handler id
  Value where = 0;  // Deliver: destination stack; Rule/Handler: instance
  bool operator==(const Task&) const = default;
  auto operator<=>(const Task&) const = default;
};

struct StepResult {
  bool enabled = false;
  std::string why_not;  // when not enabled
  State post;
  std::optional<Task> task;                  // the fair task this step executes
  std::optional<AssertionFailed> assertion;  // the step failed an assert
  std::optional<RuntimeError> error;         // the step hit a runtime error
  // When enabled: the replayer's own name of the step as it re-executed it, in the notation of
  // a trace step's `action` and `rule` (spec/trace-format.md, STEP), from the message, copy,
  // sender it actually took: "[m2]P[1].ct" / "rule Comm", "on ack at Q[0] from P[1]" / "handler ack".
  std::string name, rule;
};

/// Applies `a` (with its choices) to `pre`.
StepResult apply(const Universe& u, const State& pre, const Action& a);

/// The initial state (semantics §1). Throws RuntimeError if an initializer fails.
State initial_state(const Universe& u);

/// Weakly fair tasks enabled in `s` (a rule or handler counts when some branch is enabled).
std::vector<Task> enabled_tasks(const Universe& u, const State& s);

/// Whether any step at all (calls and faults included) is enabled in `s`; if so, one of them
/// is described in `example`.
bool any_step_enabled(const Universe& u, const State& s, std::string* example = nullptr);

std::string describe(const Universe& u, const Task& t);
/// The replayer's own name of a step: "P[0] calls cons (m0)", "[m2]P[1].ct", "rule S3 at P[1]".
std::string describe(const Universe& u, const Action& a);

}  // namespace dpu::replay
