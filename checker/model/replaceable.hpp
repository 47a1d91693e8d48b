// The static rule (Replaceable) of the DPU paper (Fig. 3):
//
//     a:(x,R) ∈ P    b:(x,R')    every y ∈ R' is provided by some c ∈ P
//     ---------------------------------------------------------------
//                               P{b/a}
//
// `dpucheck check --static` evaluates it for each `check replaceable(a, b)` on every stack's
// initial configuration; the engines evaluate the `replaceable` builtin on a stack's current
// bindings with replaceable_on(). Both go through replaceable_premises(), the one definition.
#pragma once

#include <string>
#include <vector>

#include "model/model.hpp"

namespace dpu::model {

/// One stack's modules: the binding of every module, indexed by module id.
using StackConfig = std::vector<Binding>;

/// Which premise of (Replaceable) fails.
enum class ReplaceableFailure { NotInStack, OtherService, Unprovided };

/// The one definition of P{b/a}: calls `fail(why, service)` for each premise that does not
/// hold on the stack whose binding of module `c` is `binding_of(c)`, in a fixed order (a not
/// in P; different services; then each unprovided service that b requires, in b's `requires`
/// order, `service` naming it). `fail` returns false to stop at the first failure. Engines
/// evaluate the builtin through `replaceable_on`; the static check and its messages through
/// `replaceable_reasons`. (The replayer keeps its own, independent definition.)
template <class BindingOf, class Fail>
void replaceable_premises(const Model& m, BindingOf&& binding_of, Id a, Id b, Fail&& fail) {
  const Module& ma = m.modules[a];
  const Module& mb = m.modules[b];
  // Premise a:(x,R) ∈ P, with either binding (the paper's `a w`, w ∈ {↓, ↑}).
  if (binding_of(a) == Binding::Absent && !fail(ReplaceableFailure::NotInStack, kNone)) return;
  // Premise b:(x,R'): b provides the service of a.
  if (mb.service != ma.service && !fail(ReplaceableFailure::OtherService, kNone)) return;
  // Premise R' = {y | ∃c:(y,_) ∈ P}: read as "P provides every service b requires".
  for (Id y : mb.requires_) {
    bool provided = false;
    for (Id c = 0; c < m.modules.size() && !provided; ++c)
      provided = m.modules[c].service == y && binding_of(c) != Binding::Absent;
    if (!provided && !fail(ReplaceableFailure::Unprovided, y)) return;
  }
}

/// P{b/a} holds on the stack whose binding of module `c` is `binding_of(c)`.
template <class BindingOf>
bool replaceable_on(const Model& m, BindingOf&& binding_of, Id a, Id b) {
  bool holds = true;
  replaceable_premises(m, binding_of, a, b, [&](ReplaceableFailure, Id) { return holds = false; });
  return holds;
}

/// The configuration every stack starts with (the `stacks` declaration's bindings).
StackConfig initial_stack(const Model& m);

/// Why P{b/a} does not hold on the stack `config` (named `stack_name` in the messages, e.g.
/// "P[2]"); empty when it holds. Reasons come in a fixed order: a not in P, different
/// services, then each unprovided required service in service-id order.
std::vector<std::string> replaceable_reasons(const Model& m, const StackConfig& config,
                                             const std::string& stack_name, Id a, Id b);

struct ReplaceableOnStack {
  Value stack = 0;                   // instance index in the stacks family
  std::vector<std::string> reasons;  // empty: P{b/a} holds on this stack
  bool holds() const { return reasons.empty(); }
};

struct ReplaceableVerdict {
  Id a = kNone, b = kNone;
  std::string name;  // "replaceable(ct, mr)"
  std::vector<ReplaceableOnStack> stacks;
  /// Holds on every stack (vacuously false without stacks: nothing to replace in).
  bool holds() const;
};

/// Evaluates P{b/a} on the initial configuration of every stack P[i].
ReplaceableVerdict check_replaceable(const Model& m, Id a, Id b);

/// One verdict per `check replaceable(a, b)` property, in declaration order; a model with
/// no such property gets one verdict per `update a -> b` instead.
std::vector<ReplaceableVerdict> check_replaceable_properties(const Model& m);

/// Human-readable report: a header line with the verdict, then one line per stack, e.g.
///   replaceable(ct, mr): violated
///     P[0]: module mr requires service rp2p, which no module of stack P[0] provides
std::string format_verdict(const Model& m, const ReplaceableVerdict& v);

}  // namespace dpu::model
