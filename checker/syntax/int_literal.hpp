// The range of an integer literal: one definition for the resolver (`parse`, `check`) and the
// formatter (`fmt`), so a literal one of them refuses is refused by both with one message.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "diag/diagnostics.hpp"
#include "syntax/ast.hpp"

namespace dpu::syntax {

/// The value of an integer literal's digits (the parser keeps them as text), or, when they
/// are not digits or do not fit in int64, the error message (`error` non-empty).
struct IntLiteral {
  std::optional<std::int64_t> value;
  std::string error;
};
IntLiteral int_literal_value(const std::string& digits);

/// Reports every integer literal of `model` that int_literal_value refuses, at its position.
/// Returns whether there was none.
bool check_int_literals(const ast::Model& model, diag::Diagnostics& diags);

}  // namespace dpu::syntax
