#include "diag/diagnostics.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace dpu::diag {

void Diagnostics::error(std::uint32_t offset, std::string message) {
  // The notes that follow a dropped error belong to it and are dropped with it.
  dropping_ = full();
  if (dropping_) return;
  items_.push_back({offset, Severity::Error, std::move(message)});
  ++errors_;
  if (full()) items_.push_back({offset, Severity::Note, "too many errors; stopping here"});
}

void Diagnostics::warning(std::uint32_t offset, std::string message) {
  // Past the error cap nothing more is reported; warnings have a cap of their own, so a
  // generated model cannot flood the terminal with them either.
  dropping_ = full() || warnings_ >= kMaxWarnings;
  if (dropping_) return;
  items_.push_back({offset, Severity::Warning, std::move(message)});
  ++warnings_;
  if (warnings_ == kMaxWarnings)
    items_.push_back({offset, Severity::Note, "too many warnings; further warnings are not shown"});
}

void Diagnostics::note(std::uint32_t offset, std::string message) {
  if (dropping_) return;
  items_.push_back({offset, Severity::Note, std::move(message)});
}

std::vector<Diagnostic> Diagnostics::sorted() const {
  // A note belongs to the error or warning reported just before it ("first declared here"),
  // wherever it points: sort groups by their head, keep each group's notes after it.
  std::vector<std::vector<Diagnostic>> groups;
  for (const Diagnostic& d : items_) {
    if (d.severity == Severity::Note && !groups.empty())
      groups.back().push_back(d);
    else
      groups.push_back({d});
  }
  std::stable_sort(groups.begin(), groups.end(),
                   [](const auto& a, const auto& b) { return a.front().offset < b.front().offset; });
  std::vector<Diagnostic> v;
  for (auto& g : groups) v.insert(v.end(), g.begin(), g.end());
  return v;
}

namespace {
const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "note";
  }
  return "error";
}

// Shows a source line safely: control bytes, NUL and invalid UTF-8 would garble a terminal,
// so they are replaced by '?' (one column each, matching SourceFile::locate only for ASCII;
// a line that needs this is already unusual).
std::string printable(std::string_view line, std::size_t max_len) {
  std::string out;
  line = line.substr(0, max_len);
  for (std::size_t i = 0; i < line.size(); ++i) {
    unsigned char u = static_cast<unsigned char>(line[i]);
    if (u == '\t')
      out += ' ';
    else if (u < 0x20 || u == 0x7f)
      out += '?';
    else if (u < 0x80)
      out += line[i];
    else {
      // Keep a well-formed multi-byte sequence, replace anything else by '?'.
      std::size_t n = (u & 0xE0) == 0xC0 ? 2 : (u & 0xF0) == 0xE0 ? 3 : (u & 0xF8) == 0xF0 ? 4 : 0;
      bool ok = n > 0 && i + n <= line.size();
      for (std::size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(line[i + k]) & 0xC0) == 0x80;
      if (ok) {
        out += line.substr(i, n);
        i += n - 1;
      } else {
        out += '?';
      }
    }
  }
  if (line.size() > max_len) out += " ...";
  return out;
}
}  // namespace

std::string render(const SourceFile& file, const Diagnostic& d) {
  LineCol lc = file.locate(d.offset);
  // A message quoting user text (a 100,000-digit literal) is cut to stay readable.
  constexpr std::size_t kMaxMessage = 300;
  // Keep both ends: the start says what is wrong, the end often says what was expected.
  std::string message = d.message.size() <= kMaxMessage
                            ? d.message
                            : d.message.substr(0, kMaxMessage / 2) + " ... " +
                                  d.message.substr(d.message.size() - kMaxMessage / 2);
  std::string out =
      fmt::format("{}:{}:{}: {}: {}", file.name(), lc.line, lc.column, severity_name(d.severity), message);
  std::string_view line = file.line_text(lc.line);
  if (line.empty()) return out;
  constexpr std::size_t kMaxShown = 160;
  std::size_t in_line = d.offset - file.line_start(lc.line);
  if (line.size() <= kMaxShown) {
    out += "\n  " + printable(line, kMaxShown);
    out += "\n  " + std::string(lc.column - 1, ' ') + "^";
  } else {
    // A very long line (generated input, minified text): show a window around the column.
    std::size_t from = in_line > 60 ? in_line - 60 : 0;
    std::string prefix = from > 0 ? "... " : "";
    out += "\n  " + prefix + printable(line.substr(from), kMaxShown - 40);
    out += "\n  " + std::string(prefix.size() + (in_line - from), ' ') + "^";
  }
  return out;
}

std::string render_all(const SourceFile& file, const Diagnostics& ds) {
  std::string out;
  for (const Diagnostic& d : ds.sorted()) out += render(file, d) + "\n";
  if (ds.error_count() > 0)
    out += fmt::format("{} error{} in {}\n", ds.error_count(), ds.error_count() == 1 ? "" : "s", file.name());
  return out;
}

}  // namespace dpu::diag
