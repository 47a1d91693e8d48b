// The parse driver: prescan, then one declaration at a time with error recovery.
#include "syntax/parse.hpp"

#include <pthread.h>

#include <cctype>
#include <string_view>

#include <fmt/format.h>

#include "syntax/grammar.hpp"
#include "syntax/keywords.hpp"
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
  static const char* words[] = {"const",     "type",      "service",   "module",  "stacks",
                                "process",   "workload",  "update",    "algorithm", "fault",
                                "check",     "invariant", "eventually", "end",     "allow",
                                "message",   "event",     "channel",   "var",     "global",
                                "rule",      "on",        "fair",      "unfair"};
  for (const char* k : words)
    if (w == k) return true;
  return false;
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
    if (w != it && starts_declaration(std::string_view(it, static_cast<std::size_t>(w - it))))
      return it;
  }
  return end;
}

std::uint32_t offset(iterator_type begin, iterator_type it) {
  return static_cast<std::uint32_t>(it - begin);
}

/// Skips whitespace and comments.
void skip(iterator_type& it, iterator_type end) {
  x3::parse(it, end, *grammar::skipper);
}

constexpr const char* kDeclarationList =
    "a declaration (const, type, service, module, stacks, process, workload, update, "
    "algorithm, message, event, channel, var, rule, on, fault, check, invariant, eventually, "
    "end, allow)";

}  // namespace

namespace {

std::optional<ast::Model> parse_on_this_thread(const diag::SourceFile& file,
                                               diag::Diagnostics& diags) {
  const std::string& text = file.text();
  if (!prescan(file, diags)) return std::nullopt;

  iterator_type begin = text.data();
  iterator_type end = begin + text.size();
  grammar::g_source_begin = begin;
  ast::Model model;
  iterator_type it = begin;
  for (;;) {
    skip(it, end);
    if (it == end || diags.full()) break;
    ast::Decl decl;
    iterator_type start = it;
    grammar::g_depth = 0;
    try {
      bool ok = x3::phrase_parse(it, end, grammar::declaration(), grammar::skipper, decl);
      if (ok) {
        model.decls.push_back(std::move(decl));
        continue;
      }
      diags.error(offset(begin, start), fmt::format("expected {}, found {}", kDeclarationList,
                                                    describe_token(start, end)));
      it = recover(start, end);
    } catch (const x3::expectation_failure<iterator_type>& e) {
      iterator_type where = e.where();
      skip(where, end);   // point at the offending token, not at the space before it
      diags.error(offset(begin, where),
                  fmt::format("expected {}, found {}", e.which(), describe_token(where, end)));
      it = recover(where, end);
    } catch (const grammar::nesting_limit& e) {
      diags.error(offset(begin, e.where),
                  fmt::format("nesting deeper than {} levels; simplify the expression, type "
                              "or statement", kMaxNesting));
      it = recover(e.where, end);
    }
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
  constexpr std::size_t kStackBytes = 256u << 20;   // virtual; only touched pages are used
  bool started = pthread_attr_init(&attr) == 0 && pthread_attr_setstacksize(&attr, kStackBytes) == 0 &&
                 pthread_create(&thread, &attr, body, &job) == 0;
  pthread_attr_destroy(&attr);
  if (!started) return parse_on_this_thread(file, diags);   // fall back to the caller's stack
  pthread_join(thread, nullptr);
  return std::move(job.result);
}

}  // namespace dpu::syntax
