// A source buffer with its name and a line index, so byte offsets stored in the AST and the
// typed model can be turned into line:column for diagnostics. The buffer is immutable once
// loaded; everything that holds an offset must not outlive the SourceFile it points into.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dpu::diag {

/// The largest input file dpucheck reads (a model or a trace); README.md states it.
inline constexpr std::size_t kMaxInputBytes = std::size_t{64} << 20;

/// Reads a whole input file of at most `max_bytes`, or throws std::runtime_error with a
/// message that says what the file is: "cannot open 'f': <strerror>", "'f' is a directory",
/// "'f' is larger than 64 MiB (...)", "cannot read 'f': <strerror>"; `what` ("the trace"),
/// when not empty, is put before the quoted name. A regular file is
/// refused by its size before anything is read; a device or a pipe is read as a stream, up to
/// the bound. Reading stops after the first NUL byte (kept, so the caller reports it at its
/// position): NUL is an error in every input, and /dev/zero must not be read to the bound.
std::string read_input_file(const std::string& path, const std::string& what,
                            std::size_t max_bytes = kMaxInputBytes);

struct LineCol {
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, counted in Unicode code points of valid UTF-8
};

class SourceFile {
 public:
  SourceFile(std::string name, std::string text);

  /// Reads a model with read_input_file (same bound, same messages).
  static SourceFile load(const std::string& path);

  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }
  LineCol locate(std::uint32_t offset) const;
  /// The text of the 1-based line, without its line terminator.
  std::string_view line_text(std::uint32_t line) const;
  /// Byte offset of the first character of the 1-based line.
  std::uint32_t line_start(std::uint32_t line) const { return line_starts_.at(line - 1); }

 private:
  std::string name_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

}  // namespace dpu::diag
