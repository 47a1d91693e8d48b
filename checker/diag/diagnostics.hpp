// One diagnostics type for parse errors and semantic errors. The library collects them and
// never prints; the command line renders them as `file:line:col: error: message`, the
// source line and a caret under the column.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "diag/source.hpp"

namespace dpu::diag {

enum class Severity : std::uint8_t { Error, Warning, Note };

struct Diagnostic {
  std::uint32_t offset = 0;
  Severity severity = Severity::Error;
  std::string message;  // starts lower case, says what was expected
};

class Diagnostics {
 public:
  void error(std::uint32_t offset, std::string message);
  void warning(std::uint32_t offset, std::string message);
  /// A note belongs to the error or warning added just before it.
  void note(std::uint32_t offset, std::string message);

  bool has_errors() const { return errors_ > 0; }
  std::size_t error_count() const { return errors_; }
  /// Stops runaway error cascades: after this many errors further errors, warnings and
  /// the notes attached to any of them are dropped.
  static constexpr std::size_t kMaxErrors = 50;
  /// After this many warnings further warnings (and their notes) are dropped.
  static constexpr std::size_t kMaxWarnings = 50;
  bool full() const { return errors_ >= kMaxErrors; }

  /// Diagnostics sorted by position; a note stays right after the error it was added after.
  std::vector<Diagnostic> sorted() const;
  const std::vector<Diagnostic>& all() const { return items_; }

 private:
  std::vector<Diagnostic> items_;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
  bool dropping_ = false;  // the last error or warning was dropped: so are its notes
};

/// Renders one diagnostic with its source line and caret (no trailing newline).
std::string render(const SourceFile& file, const Diagnostic& d);
/// Renders all diagnostics, sorted, each followed by a newline, plus a closing count line.
std::string render_all(const SourceFile& file, const Diagnostics& ds);

}  // namespace dpu::diag
