// The trace replayer: an independent re-execution of a saved counterexample against the typed
// model (`dpucheck replay`).
//
// It deliberately re-implements spec/semantics.md on a plain, unpacked state with its own
// expression interpreter, and never calls the explicit engine: a trace the engine got wrong
// (a step that is not enabled, a state that does not violate what the engine claims) shows up
// here as a disagreement instead of passing unnoticed.
//
// Contract: `replay` reads the model and the JSON (spec/trace-format.md); it never prints,
// never exits and never throws for anything the trace contains: a malformed or impossible
// trace is a ReplayResult with ok == false and a message saying which step and why.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/model.hpp"

namespace dpu::replay {

/// One step as re-executed: its 1-based number and how the replayer names it.
struct StepOutcome {
  std::size_t number = 0;
  std::string action;  // the replayer's own name of the step it re-executed ("[m2]P[1].ct")
  std::string kind;    // "call", "deliver", "rule", "handler", "crash", "recover"
};

struct ReplayResult {
  std::string property;                    // the property whose trace was replayed
  bool ok = false;                         // every step enabled and the end violates `property`
  std::optional<std::size_t> failed_step;  // 1-based; set when a step is not possible
  std::string message;                     // the verdict in one sentence
  std::vector<StepOutcome> steps;          // the steps that were possible, in order
  std::optional<std::size_t> loop_start;   // 0-based step index where the lasso's loop begins
};

/// Replays the trace of `property` in `trace_or_result`: either a whole result
/// (`{"properties": [...]}` as written by --json / --trace-out) or one property result or a
/// bare trace object. An empty `property` picks the first property that has a trace (for a
/// bare trace, the trace's own "property" field). Never throws.
ReplayResult replay(const model::Model& m, const nlohmann::json& trace_or_result,
                    const std::string& property = "");

/// Replays every trace in a result (one ReplayResult per property that carries a trace).
/// A bare trace gives one entry. Never throws.
std::vector<ReplayResult> replay_all(const model::Model& m, const nlohmann::json& trace_or_result);

}  // namespace dpu::replay
