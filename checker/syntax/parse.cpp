// The parse driver: prescan, then one declaration at a time with error recovery.
#include "syntax/parse.hpp"

#include <pthread.h>

#include <cctype>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "diag/suggest.hpp"
#include "syntax/grammar.hpp"
#include "syntax/keywords.hpp"
#include "syntax/may_follow.hpp"
#include "syntax/nesting_limit.hpp"
#include "syntax/prescan.hpp"

namespace dpu::syntax {

namespace x3 = boost::spirit::x3;
using grammar::iterator_type;

namespace {

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

/// The token at `it`, for "found ..." in messages.
std::string describe_token(iterator_type it, iterator_type end) {
  if (it == end) return "end of file";
  if (is_word_char(*it)) {
    iterator_type e = it;
    while (e != end && is_word_char(*e) && e - it < 32) ++e;
    std::string w(it, e);
    if (e != end && is_word_char(*e)) w += "...";
    return "'" + w + "'";
  }
  static const char* two_char[] = {":=", "==", "!=", "<=", ">=", "=>", "->", "&&", "||", ".."};
  for (const char* op : two_char)
    if (end - it >= 2 && it[0] == op[0] && it[1] == op[1]) return fmt::format("'{}'", op);
  return fmt::format("'{}'", *it);
}

/// Words that can start a top-level declaration: where recovery resumes.
bool starts_declaration(std::string_view w) {
  static const char* words[] = {"const",      "type",   "service",   "module",  "stacks", "process",
                                "workload",   "update", "algorithm", "fault",   "check",  "invariant",
                                "eventually", "end",    "allow",     "message", "event",  "channel",
                                "var",        "global", "rule",      "on",      "fair",   "unfair"};
  for (const char* k : words)
    if (w == k) return true;
  return false;
}

/// The identifier-like word at `it` (empty if none).
std::string_view word_at(iterator_type it, iterator_type end) {
  iterator_type w = it;
  while (w != end && is_word_char(*w)) ++w;
  return std::string_view(it, static_cast<std::size_t>(w - it));
}

bool starts_member(std::string_view w) {
  return w == "message" || w == "event" || w == "channel" || w == "var" || w == "global" || w == "rule" ||
         w == "on" || w == "fair" || w == "unfair";
}

/// Where parsing resumes after an error inside an algorithm or process block.
struct BlockResume {
  enum class Kind { Member, BlockEnd, TopLevel } kind;
  iterator_type at;
};

/// Scans the lines after `from`: an indented line starting with a member keyword resumes the
/// block there; a `}` in column 1 closes the block; a declaration keyword in column 1 means
/// the block's closing brace is missing, so top-level parsing resumes there.
BlockResume recover_in_block(iterator_type from, iterator_type end) {
  iterator_type it = from;
  while (it != end) {
    while (it != end && *it != '\n') ++it;
    if (it == end) break;
    ++it;
    iterator_type line = it;
    if (line != end && *line == '}') return {BlockResume::Kind::BlockEnd, line};
    if (line != end && is_word_char(*line)) {
      if (starts_declaration(word_at(line, end))) return {BlockResume::Kind::TopLevel, line};
      continue;
    }
    iterator_type first = line;
    while (first != end && (*first == ' ' || *first == '\t')) ++first;
    if (first != line && starts_member(word_at(first, end))) return {BlockResume::Kind::Member, first};
  }
  return {BlockResume::Kind::TopLevel, end};
}

/// After an error at `from`: the start of the next line whose first column begins a
/// declaration keyword. Declarations inside blocks are indented by convention, so column 1
/// is a good signal for "a new top-level declaration starts here".
iterator_type recover(iterator_type from, iterator_type end) {
  iterator_type it = from;
  while (it != end) {
    while (it != end && *it != '\n') ++it;
    if (it == end) break;
    ++it;
    iterator_type w = it;
    while (w != end && is_word_char(*w)) ++w;
    if (w != it && starts_declaration(std::string_view(it, static_cast<std::size_t>(w - it)))) return it;
  }
  return end;
}

std::uint32_t offset(iterator_type begin, iterator_type it) { return static_cast<std::uint32_t>(it - begin); }

/// Skips whitespace and comments.
void skip(iterator_type& it, iterator_type end) { x3::parse(it, end, *grammar::skipper); }

/// The innermost '{' between `from` and `to` that is not closed before `to` (comments and
/// strings skipped), or `to` when every brace is closed.
iterator_type unclosed_brace(iterator_type from, iterator_type to) {
  std::vector<iterator_type> open;
  for (iterator_type it = from; it != to; ++it) {
    char c = *it;
    if (c == '/' && it + 1 != to && (it[1] == '/' || it[1] == '*')) {
      bool line = it[1] == '/';
      for (it += 2; it != to && !(line ? *it == '\n' : (*it == '*' && it + 1 != to && it[1] == '/')); ++it) {
      }
      if (it == to) break;
      if (!line) ++it;
    } else if (c == '"') {
      for (++it; it != to && *it != '"' && *it != '\n'; ++it) {
      }
      if (it == to) break;
    } else if (c == '{') {
      open.push_back(it);
    } else if (c == '}' && !open.empty()) {
      open.pop_back();
    }
  }
  return open.empty() ? to : open.back();
}

/// How parsing resumes at the start of a failed construct, and how many "expected one of"
/// notes may still be given (each parses the construct again per candidate token).
struct Resume {
  bool members = false;  // block members, then declarations; else declarations
  int* lists_left = nullptr;
  iterator_type previous = nullptr;  // the start of the declaration before, if any
};

/// Notes after a syntax error at `where` (Clang's and rustc's habits): where a '{' that is
/// still open was opened, when a '}' was expected; `==` for a lone '=' where no assignment
/// or declaration fits; for a word that does not fit, every token that may stand there, when
/// the message does not already name them all, and the keyword the word is closest to.
void add_notes(diag::Diagnostics& diags, iterator_type begin, iterator_type start, iterator_type where,
               iterator_type end, const std::string& expected, const Resume& resume) {
  if (expected.find("'}'") != std::string::npos) {
    iterator_type open = unclosed_brace(start, where);
    if (open != where) diags.note(offset(begin, open), "the '{' opened here is not closed");
  }
  if (where != end && *where == '=' && (where + 1 == end || where[1] != '=') &&
      expected.find("':='") == std::string::npos)
    diags.note(offset(begin, where), "'=' does not compare values: did you mean '=='?");
  if (where != end && is_word_char(*where) && resume.lists_left && *resume.lists_left > 0) {
    --*resume.lists_left;
    std::vector<std::string> next =
        may_follow(start, where, resume.members, where == start ? resume.previous : nullptr);
    bool named = true;  // "expected a declaration (const, type, ...)" lists them already
    for (const std::string& t : next)
      named = named && expected.find(t.substr(1, t.size() - 2)) != std::string::npos;
    if (!next.empty() && !named) {
      std::string list;
      for (const std::string& t : next) list += (list.empty() ? "" : ", ") + t;
      diags.note(offset(begin, where), "expected one of: " + list);
    }
  }
  if (where != end && is_word_char(*where)) {
    std::string w(word_at(where, end));
    if (w.size() >= 3 && !is_keyword(w)) {
      std::string k = diag::closest(w, keyword_list());
      if (!k.empty()) diags.note(offset(begin, where), fmt::format("did you mean the keyword '{}'?", k));
    }
  }
}

constexpr const char* kDeclarationList =
    "a declaration (const, type, service, module, stacks, process, workload, update, "
    "algorithm, message, event, channel, [global] var, [fair|unfair] rule or on, fault, check, "
    "invariant, eventually, end, allow)";

}  // namespace

namespace {

/// Parses one `rule` at `it`. On success advances `it` and returns nullopt; on failure
/// reports one diagnostic and returns where the error is (for recovery). `what` names the
/// construct in the "expected ..." message when nothing of it matched at all.
template <class Rule, class Attr>
std::optional<iterator_type> parse_one(const Rule& rule, iterator_type& it, iterator_type end,
                                       iterator_type begin, Attr& attr, const char* what,
                                       diag::Diagnostics& diags, const Resume& resume) {
  iterator_type start = it;
  grammar::g_depth = 0;
  try {
    if (x3::phrase_parse(it, end, rule, grammar::skipper, attr)) return std::nullopt;
    diags.error(offset(begin, start), fmt::format("expected {}, found {}", what, describe_token(start, end)));
    add_notes(diags, begin, start, start, end, what, resume);
    return start;
  } catch (const x3::expectation_failure<iterator_type>& e) {
    iterator_type where = e.where();
    skip(where, end);  // point at the offending token, not at the space before it
    diags.error(offset(begin, where),
                fmt::format("expected {}, found {}", e.which(), describe_token(where, end)));
    add_notes(diags, begin, start, where, end, e.which(), resume);
    return where;
  } catch (const grammar::nesting_limit& e) {
    diags.error(offset(begin, e.where),
                e.expression_height ? fmt::format("expression deeper than {} levels of operators; split it "
                                                  "into smaller expressions",
                                                  kMaxExprHeight)
                                    : fmt::format("nesting deeper than {} levels; simplify the expression, "
                                                  "type or statement",
                                                  kMaxNesting));
    return e.where;
  }
}

constexpr const char* kMemberList =
    "a member (message, event, channel, [global] var, [fair|unfair] rule or on) or '}'";

/// True if the declaration starting at `start` is an algorithm or process block whose `{`
/// comes before `error`: the error is inside the block.
bool error_inside_block(iterator_type start, iterator_type error, iterator_type end) {
  std::string_view w = word_at(start, end);
  if (w != "algorithm" && w != "process") return false;
  for (iterator_type p = start; p != error && p != end; ++p)
    if (*p == '{') return true;
  return false;
}

/// After an error inside a block: keeps parsing the block's remaining members one at a time,
/// so independent mistakes in several rules are all reported. Returns where top-level parsing
/// resumes.
iterator_type recover_block(iterator_type error, iterator_type begin, iterator_type end,
                            diag::Diagnostics& diags, int& lists_left) {
  BlockResume r = recover_in_block(error, end);
  while (!diags.full()) {
    if (r.kind == BlockResume::Kind::TopLevel) return r.at;
    iterator_type it = r.at;
    if (r.kind == BlockResume::Kind::BlockEnd) return it + 1;
    ast::Member member;
    std::optional<iterator_type> failed = parse_one(grammar::block_member(), it, end, begin, member,
                                                    kMemberList, diags, Resume{true, &lists_left});
    if (failed) {
      r = recover_in_block(*failed, end);
      continue;
    }
    skip(it, end);
    if (it != end && *it == ';') ++it, skip(it, end);
    if (it == end) return end;
    if (*it == '}') return it + 1;
    r = {BlockResume::Kind::Member, it};
  }
  return end;
}

std::optional<ast::Model> parse_on_this_thread(const diag::SourceFile& file, diag::Diagnostics& diags) {
  const std::string& text = file.text();
  if (!prescan(file, diags)) return std::nullopt;

  iterator_type begin = text.data();
  iterator_type end = begin + text.size();
  grammar::g_source_begin = begin;
  ast::Model model;
  iterator_type it = begin;
  iterator_type previous = nullptr;  // the start of the last declaration parsed
  int lists_left = 10;  // "expected one of" notes: the first errors matter, and each costs parses
  for (;;) {
    skip(it, end);
    if (it == end || diags.full()) break;
    ast::Decl decl;
    iterator_type start = it;
    std::optional<iterator_type> failed =
        parse_one(grammar::declaration(), it, end, begin, decl, kDeclarationList, diags,
                  Resume{false, &lists_left, previous});
    if (!failed) {
      model.decls.push_back(std::move(decl));
      previous = start;
      continue;
    }
    previous = nullptr;  // after an error, parsing resumes at a guess
    it = error_inside_block(start, *failed, end) ? recover_block(*failed, begin, end, diags, lists_left)
                                                 : recover(*failed, end);
  }
  grammar::g_source_begin = nullptr;
  if (diags.has_errors()) return std::nullopt;
  if (model.decls.empty()) {
    diags.error(0, fmt::format("the model is empty: expected {}", kDeclarationList));
    return std::nullopt;
  }
  return model;
}

}  // namespace

// X3 recursion costs several KiB of stack per nesting level (much more under sanitizers), so
// the parse runs on a thread with a generous stack of its own: the nesting limit, not the
// caller's stack size, decides what is accepted.
std::optional<ast::Model> parse(const diag::SourceFile& file, diag::Diagnostics& diags) {
  struct Job {
    const diag::SourceFile* file;
    diag::Diagnostics* diags;
    std::optional<ast::Model> result;
  } job{&file, &diags, std::nullopt};
  auto body = [](void* p) -> void* {
    Job* j = static_cast<Job*>(p);
    j->result = parse_on_this_thread(*j->file, *j->diags);
    return nullptr;
  };
  pthread_attr_t attr;
  pthread_t thread;
  constexpr std::size_t kStackBytes = 256u << 20;  // virtual; only touched pages are used
  bool started = pthread_attr_init(&attr) == 0 && pthread_attr_setstacksize(&attr, kStackBytes) == 0 &&
                 pthread_create(&thread, &attr, body, &job) == 0;
  pthread_attr_destroy(&attr);
  if (!started) return parse_on_this_thread(file, diags);  // fall back to the caller's stack
  pthread_join(thread, nullptr);
  return std::move(job.result);
}

}  // namespace dpu::syntax
