// Canonical text form of an AST (`dpucheck fmt`): one declaration per line group, members
// indented by two spaces, operators spaced, minimal parentheses. parse(format(x)) resolves to
// the same model as x (tested for every file in models/). Given the source text, its comments
// are kept: each before the declaration or statement it preceded, or at the end of the line
// it trailed (syntax/comments.hpp).
#pragma once

#include <string>
#include <string_view>

#include "syntax/ast.hpp"

namespace dpu::syntax {

std::string format(const ast::Model& model);
/// `model` parsed from `source`, with the source's comments put back.
std::string format(const ast::Model& model, std::string_view source);
std::string format_expr(const ast::Expr& e);
std::string format_type(const ast::TypeExpr& t);

}  // namespace dpu::syntax
