// Entry point of the front end's first half: source text -> position-tagged AST.
#pragma once

#include <optional>

#include "diag/diagnostics.hpp"
#include "diag/source.hpp"
#include "syntax/ast.hpp"

namespace dpu::syntax {

/// Parses a whole model. Every error found goes into `diags` (parsing resumes at the next
/// declaration after an error, so one run reports all independent syntax errors). Returns
/// the AST only when there were no errors. Never throws on any input, never recurses more
/// than the nesting limit, and runs in time roughly linear in the input size.
std::optional<ast::Model> parse(const diag::SourceFile& file, diag::Diagnostics& diags);

/// Maximum nesting depth of recursive constructs (parenthesized or prefix expressions, types,
/// statements). Deeper input is rejected with a positioned error rather than risking the
/// stack; real models nest a few levels.
inline constexpr int kMaxNesting = 100;

/// Maximum height of an expression tree. Operator chains (`a + b + c ...`, `x.f.g ...`) are
/// parsed without recursion but still build deep trees, which every later pass walks
/// recursively; this bounds them.
inline constexpr std::uint32_t kMaxExprHeight = 1000;

}  // namespace dpu::syntax
