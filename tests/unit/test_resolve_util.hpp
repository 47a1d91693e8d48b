// Shared by the resolver and model unit tests: parse and resolve inline model text, and
// list the diagnostics as "line:col: severity: message" strings that tests can compare.
#pragma once

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "diag/diagnostics.hpp"
#include "model/model.hpp"
#include "resolve/resolve.hpp"
#include "syntax/parse.hpp"

namespace dpu::test {

struct Resolved {
  std::optional<model::Model> model;
  std::vector<std::string> diags;  // sorted by position: "3:7: error: unknown module 'mx'"
  std::string rendered;            // as the command line prints them
  bool parsed = false;

  /// Only the errors, without the severity: "3:7: unknown module 'mx'".
  std::vector<std::string> errors() const {
    std::vector<std::string> out;
    for (const std::string& d : diags) {
      auto at = d.find(": error: ");
      if (at != std::string::npos) out.push_back(d.substr(0, at) + ": " + d.substr(at + 9));
    }
    return out;
  }
};

inline Resolved resolve_text(const std::string& text, const resolve::Overrides& overrides = {}) {
  diag::SourceFile file("t.dpu", text);
  diag::Diagnostics diags;
  Resolved r;
  auto ast = syntax::parse(file, diags);
  r.parsed = ast.has_value();
  if (ast) r.model = resolve::resolve(*ast, file.name(), overrides, diags);
  for (const diag::Diagnostic& d : diags.sorted()) {
    diag::LineCol lc = file.locate(d.offset);
    const char* sev = d.severity == diag::Severity::Error     ? "error"
                      : d.severity == diag::Severity::Warning ? "warning"
                                                              : "note";
    r.diags.push_back(fmt::format("{}:{}: {}: {}", lc.line, lc.column, sev, d.message));
  }
  r.rendered = diag::render_all(file, diags);
  return r;
}

/// Joins lines with '\n' so that a failed comparison prints readably.
inline std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

/// Resolves text that must be valid; fails the test with the diagnostics otherwise.
inline model::Model resolve_ok(const std::string& text, const resolve::Overrides& overrides = {}) {
  Resolved r = resolve_text(text, overrides);
  REQUIRE_MESSAGE(r.model.has_value(), r.rendered);
  return std::move(*r.model);
}

/// The S-DPU model's DPU layer, shared by many tests (lines 1-9).
inline const char* kDpuPrelude =
    "const N = 3\n"                          // 1
    "service net order none\n"               // 2
    "service cons order total\n"             // 3
    "service rp2p order fifo\n"              // 4
    "module udp : (net, {})\n"               // 5
    "module ct : (cons, {net})\n"            // 6
    "module mr : (cons, {net})\n"            // 7
    "stacks P[N] { udp bound; ct bound }\n"  // 8
    "update ct -> mr by alg\n";              // 9

template <class T>
model::Id index_of(const std::vector<T>& table, const std::string& name) {
  for (std::size_t i = 0; i < table.size(); ++i)
    if (table[i].name == name) return static_cast<model::Id>(i);
  FAIL("no '" << name << "' in the table");
  return model::kNone;
}

}  // namespace dpu::test
