// Shared between the grammar (which throws) and the driver (which catches).
#pragma once

#include "syntax/config.hpp"

namespace dpu::syntax::grammar {

/// Thrown when recursive constructs nest deeper than kMaxNesting: bounded recursion is what
/// keeps 200,000 nested parentheses (or `!!!!...`) from overflowing the stack.
struct nesting_limit {
  iterator_type where;
  bool expression_height = false;  // an operator chain too long, rather than nesting
};

/// Current recursion depth of guarded rules; reset by the driver before each declaration.
inline thread_local int g_depth = 0;

}  // namespace dpu::syntax::grammar
