// Typed values and control messages as text, exactly as traces print them. One definition,
// used by every engine that names states and by the renderers.
#pragma once

#include <string>

#include "model/model.hpp"
#include "result/result.hpp"

namespace dpu::result {

/// "P[1]", "Client", "R[0][2]"; "environment" for no process.
std::string process_text(const model::Model&, const std::optional<ProcessRef>&);
/// Scalars as model::print_value prints them; records "{f = v, ...}", arrays and sequences
/// "[a, b]", sets "{a, b}".
std::string value_text(const model::Model&, const TypedValue&);
/// "ack(3) from P[0] to P[1]"; a total channel's receivers as "to {P[1],P[2]}".
std::string control_text(const model::Model&, const ControlMessage&, bool total_order);

}  // namespace dpu::result
