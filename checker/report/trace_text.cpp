// Counterexamples as text: one numbered step per line, the changed state under it.
#include <string>

#include "report/report.hpp"

namespace dpu::report {

using result::PropertyResult;
using result::Status;
using result::Trace;

namespace {

std::string pad(std::size_t i) {
  std::string n = std::to_string(i);
  return std::string(n.size() < 4 ? 4 - n.size() : 0, ' ') + n;
}

}  // namespace

std::string trace_to_text(const model::Model& m, const Trace& t, const PropertyResult& pr) {
  std::string s = "Counterexample for " + pr.property + ":\n";
  s += pad(0) + "  initial state\n";
  for (const auto& c : t.initial) s += "        " + c.component + " = " + c.text + "\n";
  for (std::size_t i = 0; i < t.steps.size(); ++i) {
    const auto& st = t.steps[i];
    if (t.loop_start && *t.loop_start == i) s += "      -- loop: the steps below repeat forever --\n";
    if (st.rule == "runtime error") {
      s += pad(i + 1) + "  error\n";
    } else {
      s += pad(i + 1) + "  " + st.action + "  " + to_string(st.detail.kind) + "  (" + st.rule + ")" +
           (result::byzantine_step(m, st.detail) ? "  [byzantine]" : "") + "\n";
    }
    if (!st.premises.empty()) {
      s += "        because:\n";
      for (const auto& p : st.premises) s += "        " + p + "\n";
      s += "        then:\n";
    }
    for (const auto& c : st.changes) s += "        " + c.component + " = " + c.text + "\n";
    if (st.failure) s += "        " + st.failure->message + "\n";
  }
  if (t.loop_start) s += "      -- back to step " + std::to_string(*t.loop_start + 1) + " --\n";
  s += std::string(pr.status == Status::Error ? "error: " : "violated: ") + pr.property + ": " +
       pr.explanation + "\n";
  return s;
}

}  // namespace dpu::report
