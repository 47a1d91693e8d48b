// A source buffer with its name and a line index, so byte offsets stored in the AST and the
// typed model can be turned into line:column for diagnostics. The buffer is immutable once
// loaded; everything that holds an offset must not outlive the SourceFile it points into.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dpu::diag {

struct LineCol {
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, counted in Unicode code points of valid UTF-8
};

class SourceFile {
 public:
  SourceFile(std::string name, std::string text);

  /// Reads a whole file; throws std::runtime_error with a readable message on failure.
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
