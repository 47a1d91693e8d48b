// The unbounded proof engine: one property as constrained Horn clauses over a relation
// Inv(state) solved by Z3's Spacer (an IC3/PDR algorithm), whose answer is an inductive
// invariant. The invariant is never trusted as given: it is checked again with a fresh solver
// (initiation, consecution, safety) before the property counts as proved (spec/smt.md §7).
#pragma once

#include <functional>
#include <string>

#include "smt/properties.hpp"

namespace dpu::smt {

struct SpacerResult {
  enum class Kind {
    Proved,     // an inductive invariant, checked independently
    Reachable,  // Spacer derived the error: a violation exists (at some depth)
    Undecided,  // the solver gave up, ran out of time, or the invariant did not check
  } kind = Kind::Undecided;
  std::size_t clauses = 0;  // conjuncts of the invariant
  std::string invariant;    // in the model's notation, one conjunct per line
  std::string why;          // Undecided: the reason
};

/// Tries to prove slot `p` (and that no runtime error or channel overflow is reachable) by
/// Spacer; `seconds` bounds the solver (0: no bound). `assumed(s)`: what proved lemmas say of
/// a state, assumed of every state the clauses start from.
SpacerResult spacer_prove(const Layout& L, z3::context& c, const std::vector<PropertySlot>& slots,
                          std::size_t p, double seconds,
                          const std::function<z3::expr(const Terms&)>& assumed);

}  // namespace dpu::smt
