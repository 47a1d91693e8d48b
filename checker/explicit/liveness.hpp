// Liveness under weak fairness (spec/semantics.md §5 `terminates`, `eventually`): after the
// safety search has stored every reachable state, build the state graph once and, per goal,
// look for a reachable dead end or a fair strongly connected component that avoids the goal.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "explicit/store.hpp"
#include "explicit/successors.hpp"

namespace dpu::explicit_ {

/// The reachable state graph in compressed rows: the edges of state u are its steps in
/// ordinal order, each labelled with the fair task it executes, except the steps that fail an
/// assertion (they end the run: no edge), which `failed` lists so that an edge's step ordinal
/// can be recovered (ordinal()), with their tasks: such a step is still enabled, so a state
/// that has one is not a dead end, and a cycle along which its task stays enabled is not fair
/// (a fair run would take it and end there), as the replayer judges.
struct StateGraph {
  std::vector<std::uint64_t> first;  // size states + 1
  std::vector<std::uint32_t> to;
  std::vector<std::uint32_t> task;
  /// (state, ordinal) of every failed-assertion step, ascending (states are added in id order)
  std::vector<std::pair<std::uint32_t, std::uint32_t>> failed;
  std::vector<std::uint32_t> failed_task;  // beside `failed`
  std::uint32_t tasks = 0;
  void fail(std::uint32_t u, std::uint32_t k, std::uint32_t task) {
    failed.emplace_back(u, k), failed_task.push_back(task);
  }
  /// No step at all (neither an edge nor a failed assertion).
  bool dead_end(std::uint32_t u) const;
  std::uint32_t states() const { return static_cast<std::uint32_t>(first.size() - 1); }
  std::uint64_t memory_bytes() const {
    return first.capacity() * 8 + to.capacity() * 4 + task.capacity() * 4 + failed.capacity() * 8 +
           failed_task.capacity() * 4;
  }
  /// The step ordinal of u's k-th edge: k plus the failed steps of u before it.
  std::uint32_t ordinal(std::uint32_t u, std::uint32_t k) const;
};

class Canonicalizer;
/// The graph of every state in `store` (full mode); successors are found in the store (as
/// their representatives when `canon` is given: the quotient graph).
StateGraph build_graph(const Layout& L, Successors& succ, const StateStore& store, Canonicalizer* canon);

struct LivenessVerdict {
  bool violated = false;
  std::vector<std::uint32_t> ordinals;    // path from the initial state
  std::optional<std::size_t> loop_start;  // set for a fair cycle
  std::uint64_t work_bytes = 0;           // peak bytes of the check's own arrays
  std::string incomplete;                 // not violated, but not decided either: why
  bool assertion_ends = false;            // a state of the region has a failed-assertion step
};

/// Checks "every weakly fair run reaches a state where `goal` holds" (goal[i] for state i).
LivenessVerdict check_eventually(const StateGraph& g, const std::vector<bool>& goal);

/// The concrete states behind the quotient graph of a symmetry-reduced search
/// (quotient_lift.hpp implements it): a fair cycle of the model lies in one strongly connected
/// component of the quotient, so each cyclic component is explored again, concretely.
class QuotientLift {
 public:
  static constexpr std::uint32_t kSink = 1;  // the local state standing for every state outside
  virtual ~QuotientLift() = default;
  /// From the concrete state that the quotient path `q_ordinals` (step ordinals from the
  /// initial state) leads to: `prefix` := the concrete run to it; `local` := the graph of the
  /// concrete states reachable from it (local state 0) whose class q has in_component(q), every
  /// step leaving them going to kSink; cls[i] := the class (quotient id) of local state i.
  /// False when the memory budget does not hold the graph (why()).
  virtual bool build(const std::vector<std::uint32_t>& q_ordinals,
                     const std::function<bool(std::uint32_t)>& in_component, StateGraph& local,
                     std::vector<std::uint32_t>& cls, std::vector<std::uint32_t>& prefix) = 0;
  /// The concrete run behind a path of the quotient (step ordinals from the initial state).
  virtual std::vector<std::uint32_t> stem(const std::vector<std::uint32_t>& q_ordinals) = 0;
  virtual std::string why() const = 0;
  virtual std::uint64_t bytes() const = 0;  // of the last build's own tables, the graph included
};

/// check_eventually on the quotient graph `q` of a symmetry-reduced search, `goal` invariant
/// under the renamings: the nearest dead end of the quotient (a class of dead ends) or the
/// nearest class with a state on a fair cycle, found by lifting every cyclic component
/// (spec/explorer.md, "Liveness on the quotient"). The verdict's ordinals are a concrete run.
LivenessVerdict check_eventually_quotient(const StateGraph& q, const std::vector<bool>& goal,
                                          QuotientLift& lift);

}  // namespace dpu::explicit_
