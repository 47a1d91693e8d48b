#include "syntax/int_literal.hpp"

#include <limits>

#include <fmt/format.h>

#include "syntax/walk.hpp"

namespace dpu::syntax {

IntLiteral int_literal_value(const std::string& digits) {
  // Leading zeros are harmless; the value must fit in int64.
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  std::int64_t v = 0;
  bool ok = !digits.empty();
  for (char c : digits) {
    if (c < '0' || c > '9') {
      ok = false;
      break;
    }
    int d = c - '0';
    if (v > (kMax - d) / 10)
      return {std::nullopt,
              fmt::format("integer literal '{}' is out of range (the largest is {})", digits, kMax)};
    v = v * 10 + d;
  }
  if (!ok) return {std::nullopt, fmt::format("expected an integer literal, found '{}'", digits)};
  return {v, {}};
}

bool check_int_literals(const ast::Model& model, diag::Diagnostics& diags) {
  bool ok = true;
  for_each_expr(model, [&](const ast::Expr& e) {
    if (e.op != ast::ExprOp::Int) return;
    IntLiteral lit = int_literal_value(e.name);
    if (lit.value) return;
    diags.error(e.pos, lit.error);
    ok = false;
  });
  return ok;
}

}  // namespace dpu::syntax
