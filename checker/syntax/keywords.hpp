// Reserved words of the .dpu language (spec/language.md, "Lexical structure").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dpu::syntax {

bool is_keyword(std::string_view word);
/// Every reserved word, in alphabetical order (for "did you mean" notes).
std::vector<std::string> keyword_list();

/// Words the grammar gives a fixed meaning in some positions without reserving them
/// (`deadlock` after `allow`, `down` in a crash bound, ...), alphabetically; elsewhere they are
/// ordinary names. Kept beside the grammar's kws(...) uses (checker/syntax/grammar_def.hpp).
std::vector<std::string> contextual_words();

/// "'word'" with static storage duration, for X3 rule names used in error messages.
const char* quoted_name(const char* word);

}  // namespace dpu::syntax

namespace dpu::syntax::grammar {
using dpu::syntax::is_keyword;
using dpu::syntax::quoted_name;
}  // namespace dpu::syntax::grammar
