// The comments of a source text, for the formatter: the grammar skips them, so `fmt` finds
// them here and puts each back before the declaration or statement that follows it (or at
// the end of the line it trails).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dpu::syntax {

struct Comment {
  std::uint32_t pos = 0;     // byte offset of its `//` or `/*`
  std::uint32_t line = 0;    // 1-based line of `pos`
  std::string text;          // verbatim, from `//` or `/*` to the end of the line or `*/`
  bool trailing = false;     // code precedes it on its line
  bool blank_after = false;  // an empty line follows it
};

/// Every comment of `text` in source order (string literals are not comments). The text has
/// passed the prescan, so comments and strings are terminated.
std::vector<Comment> find_comments(std::string_view text);

}  // namespace dpu::syntax
