// The explicit-state engine: exhaustive exploration of a typed model's transition system
// (spec/semantics.md) with safety monitors, a fair-cycle search for liveness, and traces.
//
// Contract: `check` reads only the typed model; it never prints, never exits, and is
// deterministic (same model and options -> same state numbering, same traces). Everything a
// user sees comes back in `Result`; `trace_to_text` and `result_to_json` render it
// (schema: spec/trace-format.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "model/model.hpp"

namespace dpu::explicit_ {   // 'explicit' is a keyword

struct Options {
  enum class Search { Bfs, Dfs } search = Search::Bfs;
  std::optional<std::uint64_t> max_depth;   // states at this depth are not expanded
  bool all = false;                         // keep going after the first violation
  bool fingerprints = false;                // store 64-bit hashes instead of full states
  std::uint64_t max_states = 0;             // 0: no limit
  double progress_seconds = 3.0;            // Reporter::progress period
  std::vector<std::string> only_properties; // property names; empty = all
};

enum class Status { Holds, HoldsUpToBound, Violated, Incomplete, Error };

const char* to_string(Status);

/// What one step of a trace did, in a form a replayer can re-execute without the engine.
enum class ActionKind : std::uint8_t { Call, Deliver, Rule, Handler, Crash, Recover };

/// "call", "deliver", "rule", "handler", "crash", "recover": the word used in text traces and
/// the `kind` of a step in JSON (spec/trace-format.md).
const char* to_string(ActionKind);

struct Action {
  ActionKind kind = ActionKind::Call;
  std::uint32_t process = 0;     // Call: origin stack; Deliver: destination stack;
                                 // Rule/Handler/Crash/Recover: instance in `family`
  model::Id family = model::kNone;
  model::Id index = model::kNone;     // Call: workload; Rule: rule; Handler: handler
  std::uint32_t message = 0;     // Call/Deliver: protocol message id (0-based)
  std::uint32_t dest = 0;        // Call (p2p): destination stack
  model::Id module = model::kNone;    // Call/Deliver: the module tagging the copy
  model::Id channel = model::kNone;   // Handler: channel the control message came from
  std::uint32_t entry = 0;       // Handler: position of the message in its channel
  std::vector<model::Value> control;  // Handler: [kind, sender pid, dest, fields...]
  std::vector<std::uint32_t> choices; // choose/either branch indices, in execution order
};

struct TraceStep {
  std::string action;                 // e.g. "[m2]P[1].ct"
  std::string rule;                   // e.g. "rule Comm", "rule S3", "handler S1"
  std::vector<std::string> changes;   // "P[1].got2 = 3", one per changed state component
  Action detail;
  std::uint32_t ordinal = 0;          // index among the parent's successors (engine order)
};

struct Trace {
  std::vector<std::string> initial;   // the initial state, one component per line
  std::vector<TraceStep> steps;
  std::optional<std::size_t> loop_start;   // lasso: steps[loop_start..] repeat forever
};

struct PropertyResult {
  std::string property;
  Status status = Status::Holds;
  std::string explanation;
  std::optional<Trace> trace;
};

struct Stats {
  std::uint64_t states = 0, transitions = 0, max_depth = 0;
  double seconds = 0;
  std::uint64_t memory_bytes = 0;
  double collision_probability = 0;   // fingerprints only (TLC's optimistic estimate)
};

struct Result {
  std::vector<PropertyResult> properties;
  Stats stats;
  Status overall = Status::Holds;
};

class Reporter {
public:
  virtual ~Reporter() = default;
  virtual void progress(const Stats&, std::uint64_t queue) = 0;
};

/// A Reporter that ignores progress (tests, --quiet).
class NullReporter final : public Reporter {
public:
  void progress(const Stats&, std::uint64_t) override {}
};

/// Explores the model and decides every selected property. Never throws for anything the
/// model does at run time (runtime errors become Status::Error with a trace); throws
/// std::invalid_argument for an unknown name in `only_properties`.
Result check(const model::Model&, const Options&, Reporter&);

/// The counterexample as text: one numbered step per line with the changed state below it,
/// the violated property at the end.
std::string trace_to_text(const model::Model&, const Trace&, const PropertyResult&);

/// The whole result as JSON (spec/trace-format.md).
nlohmann::json result_to_json(const model::Model&, const Result&);

}  // namespace dpu::explicit_
