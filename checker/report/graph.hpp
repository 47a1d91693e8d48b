// The state graph (result/graph.hpp) as Graphviz DOT.
#pragma once

#include <string>

#include "model/model.hpp"
#include "result/graph.hpp"

namespace dpu::report {

/// `digraph states { ... }`: state 0 (the initial state) bold, states where no step is
/// enabled with a double border, a step that fails an `assert` to a red octagon with the
/// message. Node labels list every component as traces print it.
std::string state_graph_to_dot(const model::Model&, const result::StateGraph&);

}  // namespace dpu::report
