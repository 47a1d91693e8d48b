#include "syntax/comments.hpp"

namespace dpu::syntax {

std::vector<Comment> find_comments(std::string_view s) {
  std::vector<Comment> out;
  std::uint32_t line = 1;
  bool code_on_line = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\n') {
      ++line, code_on_line = false;
      continue;
    }
    if (c == '"') {  // a string: skip to its end (the prescan ensures it ends on this line)
      code_on_line = true;
      while (i + 1 < s.size() && s[i + 1] != '"' && s[i + 1] != '\n') ++i;
      if (i + 1 < s.size() && s[i + 1] == '"') ++i;
      continue;
    }
    if (c == '/' && i + 1 < s.size() && (s[i + 1] == '/' || s[i + 1] == '*')) {
      Comment k;
      k.pos = static_cast<std::uint32_t>(i);
      k.line = line;
      k.trailing = code_on_line;
      std::size_t end;
      if (s[i + 1] == '/') {
        end = s.find('\n', i);
        if (end == std::string_view::npos) end = s.size();
      } else {
        end = s.find("*/", i + 2);
        end = end == std::string_view::npos ? s.size() : end + 2;
      }
      k.text = std::string(s.substr(i, end - i));
      while (!k.text.empty() && (k.text.back() == ' ' || k.text.back() == '\t' || k.text.back() == '\r'))
        k.text.pop_back();
      for (std::size_t j = i; j < end; ++j) line += s[j] == '\n';
      // an empty line follows: the rest of this line is blank and so is the next one
      std::size_t j = end;
      while (j < s.size() && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r')) ++j;
      if (j < s.size() && s[j] == '\n') {
        ++j;
        while (j < s.size() && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r')) ++j;
        k.blank_after = j < s.size() && s[j] == '\n';
      }
      out.push_back(std::move(k));
      i = end - 1;
      code_on_line = true;  // a block comment ending mid-line counts as something before code
      continue;
    }
    if (c != ' ' && c != '\t' && c != '\r') code_on_line = true;
  }
  return out;
}

}  // namespace dpu::syntax
