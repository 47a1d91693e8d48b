// The reachable state graph of a model, in the model's terms, for export (`check --dot`): the
// states as their components (Assignment, as traces show them) and the steps between them.
// An engine fills it; report/ renders it. Only for small state spaces: a limit is given.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "result/result.hpp"

namespace dpu::result {

struct GraphEdge {
  std::uint64_t from = 0, to = 0;  // indices in StateGraph::states
  std::string action;              // "[m2]P[1].ct", "S3 at P[0]"
  std::string rule;                // "rule Comm", "handler S1"
  ActionKind kind = ActionKind::Call;
  /// Set when the step fails an `assert`: it leads to no state (`to` is unused).
  std::string failure;
};

struct StateGraph {
  /// In breadth-first order from the initial state (state 0); each a full state (every
  /// component, in the fixed order of Trace::initial).
  std::vector<std::vector<Assignment>> states;
  /// In the order the states are expanded, each state's successors in the engine's order.
  std::vector<GraphEdge> edges;
  /// States with no successor (deadlocks, normal ends), ascending.
  std::vector<std::uint64_t> terminal;
};

}  // namespace dpu::result
