#include "syntax/prescan.hpp"

#include <fmt/format.h>

namespace dpu::syntax {

namespace {

/// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is invalid.
std::size_t utf8_length(const std::string& s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  std::size_t n;
  unsigned min;
  unsigned cp;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
    min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
    min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
    min = 0x10000;
  } else
    return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

enum class Mode { Code, LineComment, BlockComment, String };

}  // namespace

bool prescan(const diag::SourceFile& file, diag::Diagnostics& diags) {
  const std::string& s = file.text();
  bool ok = true;
  Mode mode = Mode::Code;
  std::size_t opened = 0;  // where the current comment or string started
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::uint32_t at = static_cast<std::uint32_t>(i);
    if (c == 0) {
      diags.error(at, "unexpected NUL byte (is this a binary file?)");
      return false;  // anything after it is not text worth reading
    }
    std::size_t len = utf8_length(s, i);
    if (len == 0) {
      diags.error(at, fmt::format("invalid UTF-8 byte 0x{:02X}; a model must be UTF-8 text", c));
      return false;
    }
    switch (mode) {
      case Mode::Code:
        if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
          mode = Mode::LineComment;
          i += 2;
          continue;
        }
        if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
          mode = Mode::BlockComment;
          opened = i;
          i += 2;
          continue;
        }
        if (c == '"') {
          mode = Mode::String;
          opened = i;
          break;
        }
        if (len > 1) {
          diags.error(at, fmt::format("unexpected character '{}'; only ASCII is allowed outside "
                                      "comments and strings",
                                      s.substr(i, len)));
          ok = false;
        } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7F) {
          diags.error(at, fmt::format("unexpected control character 0x{:02X}", c));
          ok = false;
        }
        break;
      case Mode::LineComment:
        if (c == '\n') mode = Mode::Code;
        break;
      case Mode::BlockComment:
        if (c == '*' && i + 1 < s.size() && s[i + 1] == '/') {
          mode = Mode::Code;
          i += 2;
          continue;
        }
        break;
      case Mode::String:
        if (c == '"')
          mode = Mode::Code;
        else if (c == '\n') {
          diags.error(static_cast<std::uint32_t>(opened),
                      "unterminated string: expected '\"' before the end of the line");
          ok = false;
          mode = Mode::Code;
        }
        break;
    }
    if (diags.full()) return false;
    i += len;
  }
  if (mode == Mode::BlockComment) {
    diags.error(static_cast<std::uint32_t>(opened), "unterminated comment: '/*' has no matching '*/'");
    ok = false;
  } else if (mode == Mode::String) {
    diags.error(static_cast<std::uint32_t>(opened),
                "unterminated string: expected '\"' before the end of the file");
    ok = false;
  }
  return ok;
}

}  // namespace dpu::syntax
