// Naming steps and states for people, and rebuilding a trace from step ordinals by re-running
// the successor generator from the initial state (so the hot loop stores no descriptions).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "explicit/successors.hpp"

namespace dpu::explicit_ {

/// "[m2]P[1].ct", "P[0].cons(m1)", "S3 at P[1]", "S1 at P[2] from P[0]", "crash P[1]".
std::string describe_action(const model::Model& m, const Action& a);
/// The paper's rule for a step: "rule Comm", "rule S3", "handler S1", "fault".
std::string describe_rule(const model::Model& m, const Action& a);
/// "P[1]", "Client", "R[0][2]".
std::string process_name(const model::Model& m, Id family, std::uint32_t instance);
/// A state in the model's terms, in a fixed order (bindings, copies, variables, channels,
/// faults, the checkers' monitors); components at their initial emptiness are omitted.
std::vector<result::Assignment> describe_state(const Layout& L, const CheckerSet& checkers, const Work& w);
/// The components of `after` whose text differs from `before`, then those gone (text "(none)").
std::vector<result::Assignment> changes(const std::vector<result::Assignment>& before,
                                        const std::vector<result::Assignment>& after);
/// A channel entry (the engine's slots) as the control message it stands for.
result::ControlMessage control_message(const Layout& L, Id channel, const Value* entry);

/// Re-runs `ordinals` from the initial state. If the last ordinal fails with a runtime
/// error, the trace ends with a step naming the error.
Trace replay(const Layout& L, Successors& succ, const std::vector<std::uint32_t>& ordinals,
             std::optional<std::size_t> loop_start = std::nullopt);

/// The model's code that failed in the trace's last step (an `assert`, a runtime error).
std::optional<result::SourceFailure> failure(const Trace& t);

}  // namespace dpu::explicit_
