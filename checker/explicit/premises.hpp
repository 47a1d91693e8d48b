// Why a step is enabled: the premises of its rule (spec/semantics.md §2-3) instantiated on
// the state before it. One implementation for `dpucheck step` and `check --explain`.
#pragma once

#include <string>
#include <vector>

#include "explicit/successors.hpp"

namespace dpu::explicit_ {

/// The premises of step `a` that hold in `pre`, one line each, in the words of the rule: for
/// rule Comm the copy's status and tag, the bindings and requirements at the destination and
/// the service order; for a guarded rule or handler each conjunct of its guard with the
/// values it read, and for a DPU predicate (idle, pending, free, replaceable, bound, ...)
/// the copies or bindings that make it hold. `a` must be enabled in `pre`.
std::vector<std::string> premises(const Layout& L, Successors& succ, const Work& pre, const Action& a);

}  // namespace dpu::explicit_
