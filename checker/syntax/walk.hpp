// Visiting every expression of a parsed model (in declarations, types, statements, patterns),
// for checks that must see the whole tree without resolving it (`dpucheck fmt`).
#pragma once

#include <functional>

#include "syntax/ast.hpp"

namespace dpu::syntax {

/// Calls `f` on every expression of `model`, sub-expressions included (each node once).
/// Only the fields a declaration's kind uses are visited.
void for_each_expr(const ast::Model& model, const std::function<void(const ast::Expr&)>& f);

}  // namespace dpu::syntax
