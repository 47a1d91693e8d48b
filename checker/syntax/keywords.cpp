#include "syntax/keywords.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <mutex>
#include <string>

namespace dpu::syntax {

namespace {
// Sorted, for binary search. Builtin predicates and actions (bound, bind, idle, ...) are
// deliberately not reserved: they are ordinary names resolved by the type checker.
constexpr std::array<std::string_view, 67> kKeywords = {
    "algorithm", "allow",   "array",  "assert",   "at",     "bool",  "broadcast",  "by",        "byzantine",
    "channel",   "check",   "choose", "const",    "count",  "crash", "deliver",    "drop",      "either",
    "elif",      "else",    "emit",   "end",      "enum",   "event", "eventually", "exists",    "fair",
    "false",     "fault",   "fifo",   "for",      "forall", "from",  "global",     "if",        "in",
    "invariant", "message", "module", "most",     "none",   "of",    "on",         "or",        "p2p",
    "per",       "process", "record", "rule",     "send",   "seq",   "service",    "set",       "skip",
    "stacks",    "then",    "to",     "total",    "true",   "type",  "unfair",     "unordered", "update",
    "var",       "when",    "where",  "workload",
};
}  // namespace

std::vector<std::string> keyword_list() { return {kKeywords.begin(), kKeywords.end()}; }

std::vector<std::string> contextual_words() {
  return {"bound", "crashes", "deadlock", "down", "group", "order", "passive", "recover", "stack"};
}

bool is_keyword(std::string_view word) {
  static_assert(std::is_sorted(kKeywords.begin(), kKeywords.end()), "binary search needs order");
  return std::binary_search(kKeywords.begin(), kKeywords.end(), word);
}

const char* quoted_name(const char* word) {
  static std::mutex mu;
  static std::deque<std::string> names;  // deque: element addresses stay valid
  std::lock_guard<std::mutex> lock(mu);
  for (const std::string& n : names)
    if (n.compare(1, n.size() - 2, word) == 0 && n.size() == std::char_traits<char>::length(word) + 2)
      return n.c_str();
  names.push_back("'" + std::string(word) + "'");
  return names.back().c_str();
}

}  // namespace dpu::syntax
