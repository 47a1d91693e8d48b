// Printing the typed model in the surface syntax: values, types, expressions, statements.
// Used by describe() (the `dpucheck parse` fingerprint) and by engines for traces, so the
// output is deterministic and contains no source positions.
#pragma once

#include <string>

#include "model/model.hpp"

namespace dpu::model {

/// The user-facing name of a type (`0..3`, `Phase`, `set of P`); "<error>" for kNone.
std::string type_name(const Model& m, Id type);

/// A scalar value of `type` as the model would write it: `true`, `idle` (an enum literal),
/// `ct` (a module), `P[2]` / `G[1][0]` (a process), `3`. Out-of-range values print as
/// numbers rather than failing: traces of bad states must still print.
std::string print_value(const Model& m, Id type, Value v);

/// An expression with minimal parentheses. Slots are named from `frame` when given (slot 0
/// is `self`), else `$N`. A read of the executing process's own variable prints as `x`.
std::string print_expr(const Model& m, const Expr& e, const Frame* frame = nullptr);

/// A statement or block, each statement on its own line indented by `indent` spaces; nested
/// blocks are indented two more. Every line ends with '\n'.
std::string print_stmt(const Model& m, const Stmt& s, const Frame* frame, int indent = 0);
std::string print_block(const Model& m, const Block& b, const Frame* frame, int indent = 0);

/// The frame as `[self : P, q : P, x : 0..3]`.
std::string print_frame(const Model& m, const Frame& f);

/// Names of enum-like tables, for messages: `op_spelling(Op::And)` is "&&".
const char* op_spelling(Op op);
const char* builtin_name(Builtin b);

}  // namespace dpu::model
