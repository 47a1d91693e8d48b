// The state graph as Graphviz DOT: one box per state listing its components as traces print
// them, one arrow per step labelled with its action. Deterministic: states and steps in the
// engine's order.
#include <string>

#include <fmt/format.h>

#include "report/graph.hpp"

namespace dpu::report {

namespace {

/// A DOT string's contents: quotes and backslashes escaped, so a model's text cannot break
/// out of the label.
std::string quoted(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {  // a line break inside a value: kept as one in the label
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

std::string state_graph_to_dot(const model::Model& m, const result::StateGraph& g) {
  std::string constants;
  for (const auto& [k, v] : m.constants)
    constants += fmt::format("{}{}={}", constants.empty() ? "" : " ", k, v);
  std::string out = fmt::format(
      "// the reachable state graph of {}{}{}: {} states, {} steps (dpucheck check --dot)\n", m.source_name,
      constants.empty() ? "" : " with ", constants, g.states.size(), g.edges.size());
  out += "digraph states {\n";
  out += "  node [shape=box, fontname=\"monospace\", fontsize=10];\n";
  out += "  edge [fontname=\"monospace\", fontsize=9];\n";
  std::size_t terminal = 0;
  for (std::size_t s = 0; s < g.states.size(); ++s) {
    std::string head = "state " + std::to_string(s) + (s == 0 ? " (initial)" : "");
    bool end = terminal < g.terminal.size() && g.terminal[terminal] == s;
    if (end) ++terminal, head += " (no step enabled)";
    // \l ends a left-justified line
    std::string lines = quoted(head) + "\\l";
    for (const result::Assignment& a : g.states[s]) lines += quoted(a.component + " = " + a.text) + "\\l";
    out += fmt::format("  s{} [label=\"{}\"{}{}];\n", s, lines, s == 0 ? ", style=bold" : "",
                       end ? ", peripheries=2" : "");
  }
  std::size_t failures = 0;
  for (const result::GraphEdge& e : g.edges) {
    std::string label = quoted(e.action + "  (" + e.rule + ")");
    if (!e.failure.empty()) {
      out += fmt::format("  f{} [shape=octagon, color=red, label=\"{}\"];\n", failures, quoted(e.failure));
      out += fmt::format("  s{} -> f{} [label=\"{}\", color=red];\n", e.from, failures++, label);
      continue;
    }
    out += fmt::format("  s{} -> s{} [label=\"{}\"];\n", e.from, e.to, label);
  }
  out += "}\n";
  return out;
}

}  // namespace dpu::report
