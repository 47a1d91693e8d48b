// `check --dot FILE [--dot-max-states N]`: the reachable state graph of a small model as
// Graphviz DOT, written before the search (which then runs as usual). A state space above the
// limit is refused before anything is written, saying how to shrink the model.
#include <cstdio>

#include "cli/exit_codes.hpp"
#include "cli/output_file.hpp"
#include "cli/shared.hpp"
#include "explicit/graph.hpp"
#include "explicit/layout.hpp"
#include "report/graph.hpp"

namespace dpu::cli {

int write_state_graph(const model::Model& m, const std::string& path, std::uint64_t max_states) {
  std::string error;
  std::optional<OutputFile> out = OutputFile::open(path, error);
  if (!error.empty()) {
    report_usage_error(error);
    return kInputError;
  }
  std::optional<result::StateGraph> g;
  try {
    g = explicit_::state_graph(m, max_states, error);
  } catch (const explicit_::Unsupported& e) {
    std::fprintf(stderr, "dpucheck: --dot: unsupported: %s\n", e.what());
    return kIncomplete;
  }
  if (!g) {
    report_usage_error("--dot: " + error);
    return kInputError;
  }
  if (!out->commit(report::state_graph_to_dot(m, *g), error)) {
    report_usage_error(error);
    return kInputError;
  }
  std::fprintf(stderr, "dpucheck: wrote %s: %zu states, %zu steps\n", path.c_str(), g->states.size(),
               g->edges.size());
  return kHolds;
}

}  // namespace dpu::cli
