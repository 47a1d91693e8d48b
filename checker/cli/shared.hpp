// What commands.cpp shares with the other subcommands' files: loading a model (diagnostics
// on stderr), a model's runtime failures as positioned diagnostics, a usage error message,
// reading a saved trace; and what trace.cpp gives `check` (the viewer page).
#pragma once

#include <optional>

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "cli/commands.hpp"
#include "diag/source.hpp"
#include "model/model.hpp"
#include "report/report.hpp"
#include "result/result.hpp"

namespace dpu::cli {

std::optional<model::Model> load_model(const CommonOptions& o, std::optional<diag::SourceFile>* source);
void report_failures(const diag::SourceFile& file, const result::Result& r);
void report_usage_error(const std::string& message);
/// Reads a saved trace (JSON) and checks its header as `replay` does: its format, its model,
/// and its constants, with which `m` is loaded again unless -D sets them (said on stdout).
/// False, with the reason on stderr, when it cannot be used.
bool load_trace(const CommonOptions& o, const std::string& trace_file, nlohmann::json& trace,
                std::optional<model::Model>& m);

/// A source file's line and column of an offset, for the coverage report's branch positions.
inline report::Locate locator(const diag::SourceFile& file) {
  return [&file](model::Pos pos) {
    diag::LineCol lc = file.locate(pos);
    return std::make_pair(lc.line, lc.column);
  };
}

/// The viewer page (report::result_to_html) of a result in its JSON form (trace.cpp).
std::string result_page(const model::Model& m, const nlohmann::json& result);

/// `check --dot`: writes the reachable state graph to `path` (dot.cpp); kHolds when written,
/// else the exit code (input error above `max_states` states, with how to shrink the model).
int write_state_graph(const model::Model& m, const std::string& path, std::uint64_t max_states);

}  // namespace dpu::cli
