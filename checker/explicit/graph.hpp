// The reachable state graph for export (`check --dot`), in the model's terms.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/model.hpp"
#include "result/graph.hpp"

namespace dpu::explicit_ {

/// Every reachable state and step of the model, breadth first from the initial state, with
/// no property monitor (so a state is the model's state alone). Nothing, with `why`, when the
/// graph has more than `max_states` states or when a step hits a runtime error. Throws
/// Unsupported (explicit/layout.hpp) for a model the engine cannot explore.
std::optional<result::StateGraph> state_graph(const model::Model& m, std::uint64_t max_states,
                                              std::string& why);

}  // namespace dpu::explicit_
