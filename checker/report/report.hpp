// Rendering results for people and programs: text counterexamples and the JSON result
// (schema: spec/trace-format.md). Engine-independent: reads only checker/result's types and
// the typed model for names.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "model/model.hpp"
#include "result/result.hpp"

namespace dpu::report {

/// The counterexample as text: one numbered step per line with the changed state below it,
/// the violated property at the end.
std::string trace_to_text(const model::Model&, const result::Trace&, const result::PropertyResult&);

/// The whole result as JSON (spec/trace-format.md); `overall` is result::overall.
nlohmann::json result_to_json(const model::Model&, const result::Result&);

}  // namespace dpu::report
