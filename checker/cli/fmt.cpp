// `dpucheck fmt [-i | --check] FILE...`. The canonical text comes from frontend::format_source
// (the printer with the source's comments); -i replaces a file atomically (cli/output_file),
// and only when it changes; --check names each file that is not in canonical form with its
// first differing line, so a CI log says where to look.
#include "cli/fmt.hpp"

#include <cstdio>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "cli/output_file.hpp"
#include "cli/shared.hpp"
#include "diag/diagnostics.hpp"
#include "diag/source.hpp"
#include "frontend/frontend.hpp"

namespace dpu::cli {

namespace {

/// The 1-based number of the first line where `a` and `b` differ.
std::size_t first_difference(const std::string& a, const std::string& b) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < a.size() && i < b.size() && a[i] == b[i]; ++i) line += a[i] == '\n';
  return line;
}

/// The line `n` (1-based) of `s`, without its newline; empty past the end.
std::string line_at(const std::string& s, std::size_t n) {
  std::size_t at = 0;
  for (std::size_t i = 1; i < n && at != std::string::npos; ++i) {
    at = s.find('\n', at);
    if (at != std::string::npos) ++at;
  }
  if (at == std::string::npos || at >= s.size()) return {};
  std::size_t end = s.find('\n', at);
  return s.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

}  // namespace

int run_fmt(const FmtOptions& o) {
  if (o.in_place && o.check) {
    report_usage_error("fmt takes -i or --check, not both");
    return kInputError;
  }
  if (!o.in_place && !o.check && o.files.size() != 1) {
    report_usage_error("fmt prints one file; give -i or --check to handle several");
    return kInputError;
  }
  bool all_formatted = true, errors = false;
  for (const std::string& path : o.files) {
    std::optional<std::string> text;
    std::string original;
    try {
      diag::SourceFile file = diag::SourceFile::load(path);
      original = file.text();
      diag::Diagnostics diags;
      text = frontend::format_source(file, diags);
      if (!diags.all().empty()) std::fputs(diag::render_all(file, diags).c_str(), stderr);
    } catch (const std::runtime_error& e) {
      report_usage_error(e.what());
    }
    if (!text) {
      errors = true;
      continue;
    }
    if (!o.in_place && !o.check) {
      std::fputs(text->c_str(), stdout);
      continue;
    }
    if (*text == original) continue;
    all_formatted = false;
    std::size_t line = first_difference(original, *text);
    if (o.check) {
      std::printf("%s:%zu: not formatted: fmt would write '%s' where the file has '%s'\n", path.c_str(), line,
                  line_at(*text, line).c_str(), line_at(original, line).c_str());
      continue;
    }
    std::string error;
    std::optional<OutputFile> out = OutputFile::open(path, error);
    if (!out || !out->commit(*text, error)) {
      report_usage_error(fmt::format("fmt -i could not rewrite '{}': {}", path, error));
      errors = true;
    } else {
      std::printf("formatted %s\n", path.c_str());
    }
  }
  if (errors) return kInputError;
  return o.check && !all_formatted ? kViolated : kHolds;
}

}  // namespace dpu::cli
