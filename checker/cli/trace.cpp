// `dpucheck trace FILE TRACE.json --html OUT`: a saved counterexample drawn by the viewer
// (report/viewer.hpp), and the page `check --trace-html` writes. A saved trace is replayed
// first by the independent replayer: a trace that is not a run of the model violating its
// property is refused, never drawn as a counterexample.
#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output_file.hpp"
#include "cli/shared.hpp"
#include "replay/replay.hpp"
#include "report/viewer.hpp"

namespace dpu::cli {

std::string result_page(const model::Model& m, const nlohmann::json& result) {
  return report::result_to_html(m, result);
}

int run_trace(const TraceOptions& o) {
  if (o.html.empty()) {
    report_usage_error("trace needs an output: --html FILE");
    return kInputError;
  }
  std::optional<model::Model> m = load_model(o.common, nullptr);
  if (!m) return kInputError;
  // The output is opened before the work, as check's are: a bad path is said first.
  std::string error;
  std::optional<OutputFile> html = OutputFile::open(o.html, error);
  if (!error.empty()) {
    report_usage_error(error);
    return kInputError;
  }
  nlohmann::json trace;
  if (!load_trace(o.common, o.trace, trace, m)) return kInputError;
  std::size_t drawn = 0;
  bool any = false;
  if (trace.is_object() && trace.contains("properties") && trace["properties"].is_array())
    for (const nlohmann::json& p : trace["properties"])
      any = any || (p.is_object() && p.contains("trace") && !p["trace"].is_null());
  if (!any) {
    report_usage_error(fmt::format("the result '{}' holds no trace to draw", o.trace));
    return kInputError;
  }
  for (const replay::ReplayResult& r : replay::replay_all(*m, trace)) {
    if (!r.ok) {
      std::string step = r.failed_step ? fmt::format(" at step {}", *r.failed_step) : "";
      report_usage_error(fmt::format("the trace{}{} does not replay{}: {}; it is not drawn",
                                     r.property.empty() ? "" : " of ", r.property, step, r.message));
      return kInputError;
    }
    ++drawn;
  }
  std::string page;
  try {
    page = report::result_to_html(*m, trace);
  } catch (const report::TraceFormatError& e) {
    report_usage_error(fmt::format("cannot draw the trace '{}': {}", o.trace, e.what()));
    return kInputError;
  }
  if (!html->commit(page, error)) {
    report_usage_error(error);
    return kInputError;
  }
  std::printf("wrote %s: %zu trace%s of %s\n", o.html.c_str(), drawn, drawn == 1 ? "" : "s",
              m->source_name.c_str());
  return kHolds;
}

}  // namespace dpu::cli
