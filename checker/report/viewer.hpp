// The counterexample viewer: a result in its JSON form (spec/trace-format.md, what
// result_to_json writes and --trace-out saves) drawn as a message sequence chart in one
// self-contained HTML page, and as Graphviz DOT. Built from the JSON form so that a trace of
// any engine, in memory or saved, is drawn by the same code; never from an engine's state.
#pragma once

#include <stdexcept>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "model/model.hpp"

namespace dpu::report {

/// A result that does not fit the model it is drawn with (an unknown process, message or
/// module, a handler taking a message that is not in its channel, a wrongly typed field).
class TraceFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What the viewer draws, as data (spec/viewer.md): for each property with a trace, its lanes
/// (every process of the model, stacks first; `global` and `environment` when the trace uses
/// them), its steps with their changes, its arrows (one per protocol copy: from the call to
/// the delivery, or to the end when undelivered; one per control message and receiver: from
/// the step that sent it to the step that took it, or to the end), its binding markers, the
/// lasso's start and the verdict. Throws TraceFormatError.
nlohmann::json trace_view(const model::Model&, const nlohmann::json& result);

/// The whole viewer page: the template (checker/report/viewer/, embedded at build time) with
/// trace_view's data inlined. No network access: no external script, style, font or image.
/// Throws TraceFormatError.
std::string result_to_html(const model::Model&, const nlohmann::json& result);

}  // namespace dpu::report
