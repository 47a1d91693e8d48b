// Each candidate is tried by parsing again: the grammar is the only statement of what may
// follow, so the list cannot drift from it (a hand-written table per construct would).
#include "syntax/may_follow.hpp"

#include <algorithm>
#include <optional>
#include <string_view>

#include "syntax/grammar.hpp"
#include "syntax/keywords.hpp"
#include "syntax/nesting_limit.hpp"

namespace dpu::syntax {

namespace x3 = boost::spirit::x3;
using grammar::iterator_type;

namespace {

constexpr std::size_t kMaxPrefix = 64u << 10;

enum class Probe {
  Past,       // the parser got past offset `where`: the candidate fits
  Refused,    // an expectation failed at or before it: it does not fit
  Undecided,  // an alternative failed without committing (it may fit with more after it)
};

/// Parses `text` from its beginning (`where` bytes of the original text, then candidates).
Probe probe(std::string_view text, std::size_t where, bool members) {
  iterator_type b = text.data(), it = b, e = b + text.size();
  struct Restore {
    const char* saved;
    ~Restore() { grammar::g_source_begin = saved; }
  } restore{grammar::g_source_begin};
  grammar::g_source_begin = b;  // positions and semantic actions refer to this buffer
  auto skip = [&] { x3::parse(it, e, *grammar::skipper); };
  try {
    for (;;) {
      skip();
      if (it == e) return Probe::Past;
      if (members && *it == '}') {
        ++it, members = false;
        continue;
      }
      grammar::g_depth = 0;
      bool ok = false;
      if (members) {
        ast::Member m;
        ok = x3::phrase_parse(it, e, grammar::block_member(), grammar::skipper, m);
        skip();
        if (ok && it != e && *it == ';') ++it;
      } else {
        ast::Decl d;
        ok = x3::phrase_parse(it, e, grammar::declaration(), grammar::skipper, d);
      }
      // a failed parse without an expectation point leaves `it` where that construct began
      if (!ok) return static_cast<std::size_t>(it - b) > where ? Probe::Past : Probe::Undecided;
    }
  } catch (const x3::expectation_failure<iterator_type>& ex) {
    iterator_type at = ex.where();
    x3::parse(at, e, *grammar::skipper);
    return static_cast<std::size_t>(at - b) > where ? Probe::Past : Probe::Refused;
  } catch (const grammar::nesting_limit&) {
    return Probe::Refused;
  }
}

const char* const kPunctuation[] = {"{",  "}", "(",  ")",  "[",  "]",  ":",  ";",  ",",  ".",
                                    ":=", "=", "->", "..", "=>", "||", "&&", "==", "!=", "<",
                                    "<=", ">", ">=", "+",  "-",  "*",  "/",  "%",  "!"};

/// The words tried as candidates: keywords, then the contextual words.
const std::vector<std::string>& words() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> w = keyword_list();
    for (const std::string& c : contextual_words()) w.push_back(c);
    return w;
  }();
  return all;
}

std::string_view joined(std::string& buf, std::string_view prefix, std::string_view token,
                        std::string_view then) {
  buf.assign(prefix);
  buf += token;
  if (!then.empty()) buf.append(" ").append(then);
  return buf;
}

/// Words that alone do not get the parser past them although a word after them does (`fair`
/// before `rule`, `global` before `var`), each with the words that do: found once, from the
/// grammar itself, at the start of a declaration, of a member and of a statement.
const std::vector<std::pair<std::string, std::vector<std::string>>>& openers() {
  static const auto found = [] {
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    const std::pair<const char*, bool> contexts[] = {
        {"", false}, {"process P {\n", false}, {"process P {\n rule r {\n", false}};
    std::vector<std::string> after = words();
    for (const char* t : {"name_", "{", "("}) after.emplace_back(t);
    std::string buf;
    for (const std::string& k : words()) {
      std::vector<std::string> then;
      for (const auto& [prefix, members] : contexts) {
        const std::size_t at = std::char_traits<char>::length(prefix);
        if (probe(joined(buf, prefix, k, ""), at, members) == Probe::Past) continue;
        for (const std::string& x : after)
          if (std::find(then.begin(), then.end(), x) == then.end() &&
              probe(joined(buf, prefix, k, x), at, members) == Probe::Past)
            then.push_back(x);
      }
      if (!then.empty()) out.emplace_back(k, std::move(then));
    }
    return out;
  }();
  return found;
}

const char* const kBinary[] = {"=>", "||", "&&", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%"};

class Prober {
 public:
  Prober(iterator_type start, iterator_type where, bool members) : prefix_(start, where), members_(members) {}

  bool fits(std::string_view token, std::string_view then = "") {
    return probe(joined(buf_, prefix_, token, then), prefix_.size(), members_) == Probe::Past;
  }

  /// Whether word `w` fits, also as the opener of a longer construct.
  bool word(const std::string& w) {
    if (fits(w)) return true;
    for (const auto& [k, then] : openers())
      if (k == w)
        for (const std::string& x : then)
          if (fits(w, x)) return true;
    return false;
  }

 private:
  std::string prefix_, buf_;
  bool members_;
};

}  // namespace

std::vector<std::string> may_follow(iterator_type start, iterator_type where, bool members,
                                    iterator_type previous) {
  std::vector<std::string> out;
  if (static_cast<std::size_t>(where - (previous ? previous : start)) > kMaxPrefix) return out;
  Prober here(start, where, members);
  std::vector<std::string> punctuation;
  for (const char* p : kPunctuation)
    if (here.fits(p)) punctuation.emplace_back(p);
  // after a complete operand every binary operator fits: one entry says so
  auto listed_op = [&](const std::string& p) {
    return std::find(std::begin(kBinary), std::end(kBinary), p) != std::end(kBinary);
  };
  const bool operators = std::all_of(std::begin(kBinary), std::end(kBinary), [&](const char* op) {
    return std::find(punctuation.begin(), punctuation.end(), op) != punctuation.end();
  });
  for (const std::string& p : punctuation)
    if (!operators || !listed_op(p)) out.push_back("'" + p + "'");
  std::optional<Prober> before;
  if (previous) before.emplace(previous, where, false);
  const bool name = here.fits("name_");
  const std::vector<std::string> keywords = keyword_list();
  std::vector<std::string> listed;
  for (const std::string& w : words()) {
    // where a name fits, a contextual word is just a name
    const bool contextual = std::find(keywords.begin(), keywords.end(), w) == keywords.end();
    if (contextual && name) continue;
    if (here.word(w) || (before && before->word(w))) listed.push_back(w);
  }
  std::sort(listed.begin(), listed.end());
  for (const std::string& w : listed) out.push_back("'" + w + "'");
  if (name) out.push_back("a name");
  if (here.fits("1")) out.push_back("a number");
  if (operators) out.push_back("an operator");
  return out;
}

}  // namespace dpu::syntax
