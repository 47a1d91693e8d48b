// Reserved words of the .dpu language (spec/language.md, "Lexical structure").
#pragma once

#include <string_view>

namespace dpu::syntax {

bool is_keyword(std::string_view word);

/// "'word'" with static storage duration, for X3 rule names used in error messages.
const char* quoted_name(const char* word);

}  // namespace dpu::syntax

namespace dpu::syntax::grammar {
using dpu::syntax::is_keyword;
using dpu::syntax::quoted_name;
}  // namespace dpu::syntax::grammar
