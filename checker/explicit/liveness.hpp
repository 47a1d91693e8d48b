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
/// can be recovered (ordinal()).
struct StateGraph {
  std::vector<std::uint64_t> first;  // size states + 1
  std::vector<std::uint32_t> to;
  std::vector<std::uint32_t> task;
  /// (state, ordinal) of every failed-assertion step, ascending (states are added in id order)
  std::vector<std::pair<std::uint32_t, std::uint32_t>> failed;
  std::uint32_t tasks = 0;
  std::uint32_t states() const { return static_cast<std::uint32_t>(first.size() - 1); }
  std::uint64_t memory_bytes() const {
    return first.capacity() * 8 + to.capacity() * 4 + task.capacity() * 4 + failed.capacity() * 8;
  }
  /// The step ordinal of u's k-th edge: k plus the failed steps of u before it.
  std::uint32_t ordinal(std::uint32_t u, std::uint32_t k) const;
};

/// The graph of every state in `store` (full mode); successors are found in the store.
StateGraph build_graph(const Layout& L, Successors& succ, const StateStore& store);

struct LivenessVerdict {
  bool violated = false;
  std::vector<std::uint32_t> ordinals;    // path from the initial state
  std::optional<std::size_t> loop_start;  // set for a fair cycle
  std::uint64_t work_bytes = 0;           // peak bytes of the check's own arrays
};

/// Checks "every weakly fair run reaches a state where `goal` holds" (goal[i] for state i).
LivenessVerdict check_eventually(const StateGraph& g, const std::vector<bool>& goal);

}  // namespace dpu::explicit_
