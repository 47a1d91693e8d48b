// The explicit-state engine: exhaustive exploration of a typed model's transition system
// (spec/semantics.md) with safety monitors, a fair-cycle search for liveness, and traces.
//
// Contract: `check` reads only the typed model; it never prints, never exits, and is
// deterministic (same model and options -> same state numbering, same traces). Everything a
// user sees comes back in `Result` (checker/result), rendered by checker/report.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "result/result.hpp"

namespace dpu::explicit_ {  // 'explicit' is a keyword

struct Options {
  enum class Search { Bfs, Dfs } search = Search::Bfs;
  std::optional<std::uint64_t> max_depth;  // states at this depth are not expanded
  bool all = false;                        // keep going after the first violation
  bool fingerprints = false;               // store hashes instead of full states
  unsigned fingerprint_bits = 64;          // 64 or 128 (with fingerprints)
  std::uint64_t max_states = 0;            // 0: no limit
  std::uint64_t memory_limit = 0;          // bytes of the state store and liveness graph; 0: none
  double time_limit_seconds = 0;           // 0: none
  // Polled during the search: once true (a signal handler sets it), the run ends incomplete
  // with `interrupt_reason` and the verdicts so far.
  const std::atomic<bool>* interrupt = nullptr;
  const char* interrupt_reason = "the run was interrupted";
  double progress_seconds = 3.0;             // Reporter::progress period
  std::vector<std::string> only_properties;  // property names; empty = all
  bool coverage = false;                     // count firings per rule, handler, kind
  // Checkpoints (spec/explorer.md "Checkpoints"): written to `checkpoint_dir` every
  // `checkpoint_seconds` and when a limit or signal ends the search; `resume_dir` continues
  // from one. `model_text_id` names the model's source text (a hash): with the constants and
  // the options above that change the search it must match the checkpoint's.
  std::string checkpoint_dir;
  double checkpoint_seconds = 600;
  std::string resume_dir;
  std::string model_text_id;
  // Threads of a breadth-first search (spec/explorer.md, "Parallel search"): the same
  // states, ids, verdicts and traces for every value. A depth-first search runs on one.
  unsigned workers = 1;
  // Symmetry reduction (spec/explorer.md): the families model::detect_symmetry finds
  // interchangeable are explored up to renaming. Not used while a liveness property is
  // decided (the run is then unreduced). The CLI turns it on by default.
  bool symmetry = false;
  // Why a run that asked for symmetry explores every state all the same (--dot draws the
  // concrete graph, and the counts beside it must be its own); empty: reduce where sound.
  std::string symmetry_unused;
};

// The results are the engine-independent ones (checker/result); the names stay usable as
// explicit_::Status etc. for callers of this engine.
using result::Action;
using result::ActionKind;
using result::NullReporter;
using result::PropertyResult;
using result::Reporter;
using result::Result;
using result::Stats;
using result::Status;
using result::to_string;
using result::Trace;
using result::TraceStep;

/// Explores the model and decides every selected property. Never throws for anything the
/// model does at run time (runtime errors become Status::Error with a trace and the source
/// position of the offending statement or expression; constructs the engine cannot handle
/// become Status::Unsupported); throws
/// std::invalid_argument for an unknown name in `only_properties`, and CheckpointError
/// (explicit/checkpoint.hpp) for a checkpoint that cannot be resumed.
Result check(const model::Model&, const Options&, Reporter&);

/// Rebuilds, as this engine prints its traces, the run given as its steps' actions (another
/// engine's counterexample: the SMT engine returns actions only), following each action among
/// the successors of the state before it. Nothing, with `why`, when an action is not enabled:
/// the other engine's run is not a run of the model (a bug in one of the engines).
std::optional<Trace> follow(const model::Model&, const std::vector<std::string>& only_properties,
                            const std::vector<Action>& steps, std::string& why);

/// Fills every step's `premises` in the traces of `r` (explicit/premises.hpp), re-running
/// each trace's ordinals through the successor generator: a trace of this engine, or one
/// rebuilt by `follow`. A step whose ordinal is not enabled ends the explanation of its trace.
void explain(const model::Model&, Result& r);

/// Random walks (spec/simulation.md): `runs` walks of at most `steps` steps from the initial
/// state, each step chosen uniformly among the enabled successors by a PRNG seeded with
/// `seed` (the same seed gives the same walks on every machine).
struct SimulateOptions {
  std::uint64_t seed = 0;
  std::uint64_t steps = 100;
  std::uint64_t runs = 1;
  std::vector<std::string> only_properties;
};

/// A simulation's answer: the violated properties with their traces (the others are
/// Incomplete: a walk proves nothing), the coverage of the walks, and what was walked.
struct Simulation {
  Result result;                  // result.coverage is always filled
  std::uint64_t runs_done = 0;    // walks started (the last one may have stopped early)
  std::uint64_t total_steps = 0;  // steps taken over all walks
  std::uint64_t distinct_states = 0;
  bool violated = false;                        // a property is violated or the model hit a runtime error
  std::vector<std::string> liveness_unchecked;  // properties (or their parts) not checked
};

/// Walks the model checking every selected safety property on the states and steps taken.
/// Throws std::invalid_argument for an unknown name in `only_properties`.
Simulation simulate(const model::Model&, const SimulateOptions&);

}  // namespace dpu::explicit_
