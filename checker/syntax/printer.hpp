// Canonical text form of an AST (`dpucheck fmt`): one declaration per line group, members
// indented by two spaces, operators spaced, minimal parentheses. parse(format(x)) resolves to
// the same model as x (tested for every file in models/). Comments are not preserved.
#pragma once

#include <string>

#include "syntax/ast.hpp"

namespace dpu::syntax {

std::string format(const ast::Model& model);
std::string format_expr(const ast::Expr& e);
std::string format_type(const ast::TypeExpr& t);

}  // namespace dpu::syntax
