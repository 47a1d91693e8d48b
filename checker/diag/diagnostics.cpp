#include "diag/diagnostics.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace dpu::diag {

void Diagnostics::error(std::uint32_t offset, std::string message) {
  if (full()) return;
  items_.push_back({offset, Severity::Error, std::move(message)});
  ++errors_;
  if (full())
    items_.push_back({offset, Severity::Note, "too many errors; stopping here"});
}

void Diagnostics::warning(std::uint32_t offset, std::string message) {
  items_.push_back({offset, Severity::Warning, std::move(message)});
}

void Diagnostics::note(std::uint32_t offset, std::string message) {
  items_.push_back({offset, Severity::Note, std::move(message)});
}

std::vector<Diagnostic> Diagnostics::sorted() const {
  std::vector<Diagnostic> v = items_;
  std::stable_sort(v.begin(), v.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.offset < b.offset; });
  return v;
}

namespace {
const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

// Shows a source line safely: control bytes, NUL and invalid UTF-8 would garble a terminal,
// so they are replaced by '?' (one column each, matching SourceFile::locate only for ASCII;
// a line that needs this is already unusual).
std::string printable(std::string_view line, std::size_t max_len) {
  std::string out;
  for (char c : line.substr(0, max_len)) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '\t') out += ' ';
    else if (u < 0x20 || u == 0x7f) out += '?';
    else out += c;
  }
  if (line.size() > max_len) out += " ...";
  return out;
}
}  // namespace

std::string render(const SourceFile& file, const Diagnostic& d) {
  LineCol lc = file.locate(d.offset);
  std::string out = fmt::format("{}:{}:{}: {}: {}", file.name(), lc.line, lc.column,
                                severity_name(d.severity), d.message);
  std::string_view line = file.line_text(lc.line);
  constexpr std::size_t kMaxShown = 200;
  if (!line.empty() && lc.column <= kMaxShown + 1) {
    out += "\n  " + printable(line, kMaxShown);
    out += "\n  " + std::string(lc.column - 1, ' ') + "^";
  }
  return out;
}

std::string render_all(const SourceFile& file, const Diagnostics& ds) {
  std::string out;
  for (const Diagnostic& d : ds.sorted()) out += render(file, d) + "\n";
  if (ds.error_count() > 0)
    out += fmt::format("{} error{} in {}\n", ds.error_count(), ds.error_count() == 1 ? "" : "s",
                       file.name());
  return out;
}

}  // namespace dpu::diag
