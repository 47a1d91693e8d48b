// What a check produces, independent of the engine that produced it: a status per property,
// an optional witness trace, statistics. Every engine (explicit today, SMT next) writes these
// types; the command line, the JSON writer and trace viewers read them without knowing an
// engine's internals. The exit-code and `overall` rules over them live in verdict.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "model/step_kind.hpp"

namespace dpu::result {

/// The verdict on one property. Holds and Violated are decided; HoldsUpToBound, Incomplete
/// and Unsupported are undecided (a bound, a limit, or a construct the engine cannot handle
/// yet); Error is a runtime error of the model itself (it does something undefined).
enum class Status { Holds, HoldsUpToBound, Violated, Incomplete, Unsupported, Error };

/// "holds", "holds up to bound", "violated", "incomplete", "unsupported", "error": the word
/// printed in the text verdict lines.
const char* to_string(Status);
/// "holds", "holds_up_to_bound", ...: the `status` / `overall` value in JSON.
const char* status_id(Status);

/// The kind of a step (model/step_kind.hpp: one vocabulary for engines, traces and replayer).
using ActionKind = model::StepKind;
using model::to_string;

/// A process of the model: instance `index` of family `family`.
struct ProcessRef {
  model::Id family = model::kNone;
  std::uint32_t index = 0;
  bool operator==(const ProcessRef&) const = default;
};

/// A value of a model type (`type` indexes model.types). Scalars (bool 0/1, range, enum
/// literal index, family instance, module id) are in `scalar`; a record lists its fields in
/// declaration order, an array its elements by index, a set its members in ascending order, a
/// sequence its elements from the front: never an engine's slots or padding.
struct TypedValue {
  model::Id type = model::kNone;
  model::Value scalar = 0;
  std::vector<TypedValue> elems;
};

/// A control message as the model sees it: its kind, sender, receivers and field values.
struct ControlMessage {
  model::Id message = model::kNone;   // index in model.messages
  std::optional<ProcessRef> sender;   // none: the environment
  std::vector<ProcessRef> receivers;  // one for point-to-point channels; total channels
                                      // list the receivers still to take it
  std::vector<TypedValue> fields;     // in declaration order
};

struct Action {
  ActionKind kind = ActionKind::Call;
  std::uint32_t process = 0;  // Call: origin stack; Deliver: destination stack;
                              // Rule/Handler/Crash/Recover: instance in `family`
  model::Id family = model::kNone;
  model::Id index = model::kNone;         // Call: workload; Rule: rule; Handler: handler
  std::uint32_t message = 0;              // Call/Deliver: protocol message id (0-based)
  std::uint32_t dest = 0;                 // Call (p2p): destination stack
  model::Id module = model::kNone;        // Call/Deliver: the module tagging the copy
  model::Id channel = model::kNone;       // Handler: channel the control message came from
  std::uint32_t entry = 0;                // Handler: position of the message in its channel
  std::optional<ControlMessage> control;  // Handler: the message it takes
  std::vector<std::uint32_t> choices;     // choose/either branch indices, in execution order
};

/// What a state component is, so a reader can interpret it without parsing its text.
enum class ComponentKind : std::uint8_t {
  Stack,     // a stack's module bindings ("P[0] = udp bound, ct bound")
  Copies,    // a protocol message's copies ("m1 = P[0] delivered(mr), P[1] sent(mr)")
  Variable,  // a model variable ("P[1].got2 = 3"): `value` is its typed value
  Channel,   // a control channel's contents: `messages`
  Crashed,   // the crashed processes: `processes`
  Monitor,   // the engine's bookkeeping for a property ("monitor strong_update(ct, mr)")
};

/// "stack", "copies", "variable", "channel", "crashed", "monitor": the `kind` in JSON.
const char* to_string(ComponentKind);

/// One state component and its value: typed where the model defines the type, and always as
/// the text traces print (`component = text`).
struct Assignment {
  ComponentKind kind = ComponentKind::Variable;
  std::string component;                 // "P[1].got2", "m1", "upd", "crashed"
  std::string text;                      // "3", "(none)" when the component disappeared
  std::optional<TypedValue> value;       // Variable
  model::Id variable = model::kNone;     // Variable: index in model.vars
  std::optional<ProcessRef> process;     // Variable of a family: the instance; Stack: the stack
  model::Id channel = model::kNone;      // Channel: index in model.channels
  std::vector<ControlMessage> messages;  // Channel: in channel order
  std::vector<ProcessRef> processes;     // Crashed
  bool removed = false;                  // a change: the component is gone
};

/// A failure caused by the model's own code (a runtime error such as an out-of-range
/// assignment, or a failed `assert`), at a position of the model's source.
struct SourceFailure {
  model::Pos pos = 0;
  std::string message;  // e.g. "assigned value 3 is outside 0..2", "assertion failed: ..."
};

struct TraceStep {
  std::string action;               // e.g. "[m2]P[1].ct"
  std::string rule;                 // e.g. "rule Comm", "rule S3", "handler S1"
  std::vector<Assignment> changes;  // the components whose value differs from before
  Action detail;
  std::uint32_t ordinal = 0;  // index among the parent's successors (engine order)
  /// Set when a failed `assert` or a runtime error ended the trace in this step (a runtime
  /// error step has rule "runtime error" and no changes).
  std::optional<SourceFailure> failure;
  /// Why the step was enabled, one line each (its rule's premises on the state before it);
  /// filled only when asked for (`check --explain`).
  std::vector<std::string> premises;
};

/// Whether the step was taken by a faulty process of a `fault byzantine` (a rule or handler
/// step of a faulty instance): a Byzantine step, which traces mark (spec/trace-format.md).
/// Computed from the action, so every engine's traces are marked alike.
bool byzantine_step(const model::Model& m, const Action& a);

struct Trace {
  std::vector<Assignment> initial;  // the initial state, in a fixed component order
  std::vector<TraceStep> steps;
  std::optional<std::size_t> loop_start;  // lasso: steps[loop_start..] repeat forever
  /// A runtime error trace that ends in a state, not in a failing step: the property whose
  /// predicate could not be evaluated there ("deadlock" for `end when`); empty otherwise.
  std::string state_error;
};

struct PropertyResult {
  std::string property;
  Status status = Status::Holds;
  std::string explanation;
  std::optional<Trace> trace;
  /// The model's code that failed (a runtime error, a failed `assert`), when the engine knows
  /// it: the CLI prints it as a positioned diagnostic.
  std::optional<SourceFailure> failure;
  /// Remarks that qualify the verdict without changing it (e.g. a vacuity warning).
  std::vector<std::string> notes;
};

struct Stats {
  std::uint64_t states = 0, transitions = 0, max_depth = 0;
  double seconds = 0;
  std::uint64_t memory_bytes = 0;
  double collision_probability = 0;  // fingerprints only (TLC's optimistic estimate)
};

/// How often each rule, handler and step kind fired (transitions generated by the search or
/// taken by a walk), indexed like model::Model::rules / handlers and model::StepKind. Only
/// filled when asked for (--coverage, simulation).
struct Coverage {
  std::vector<std::uint64_t> rules, handlers;
  std::vector<std::uint64_t> kinds;  // by static_cast<size_t>(StepKind)
  /// Times each branch arm ran in a fired step, numbered as model::branch_points numbers
  /// them (an arm inside a loop counts once per iteration).
  std::vector<std::uint64_t> arms;
};

/// Symmetry reduction (explicit engine, spec/explorer.md): which families the run reduced,
/// and for each other family of two or more processes why not.
struct SymmetryFamily {
  model::Id family = model::kNone;
  bool reduced = false;
  std::string reason;  // why not (the first construct that breaks it), or why the run did not
  std::optional<model::Pos> pos;
};
struct Symmetry {
  bool requested = true;
  /// Why a run with symmetric families explored them unreduced (liveness checked); empty
  /// when the families' own verdicts say it all.
  std::string not_used;
  std::vector<SymmetryFamily> families;
  std::uint64_t renamings = 1;  // renamings tried per state (the product of count! of the reduced)
  /// Set when liveness was decided on the reduced space: the concrete states its fair-cycle
  /// search explored behind the quotient's cycles (spec/explorer.md, "Liveness on the quotient").
  std::optional<std::uint64_t> lifted;
};

/// The whole answer of one check. The overall verdict is derived, never stored:
/// `overall(result)` in verdict.hpp.
struct Result {
  std::vector<PropertyResult> properties;
  Stats stats;
  std::optional<Coverage> coverage;
  std::optional<Symmetry> symmetry;  // explicit engine only
};

/// Where an engine reports progress while it runs (the CLI prints it; tests ignore it).
class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void progress(const Stats&, std::uint64_t queue) = 0;
  /// Something the user must hear although the run goes on (a checkpoint that could not be written).
  virtual void warning(const std::string&) {}
  /// The liveness pass starts goal `k` (1-based) of `n`, for `property`, at `seconds` into the run.
  virtual void liveness(const std::string& property, std::uint32_t k, std::uint32_t n, double seconds) {
    (void)property, (void)k, (void)n, (void)seconds;
  }
};

/// A Reporter that ignores progress (tests, --quiet).
class NullReporter final : public Reporter {
 public:
  void progress(const Stats&, std::uint64_t) override {}
};

}  // namespace dpu::result
