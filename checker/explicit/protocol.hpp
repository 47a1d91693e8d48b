// The DPU predicates of spec/semantics.md §4 over a working state: bindings, (Idle),
// (Freedom), (Replaceable), pending copies. Shared by the interpreter (builtins), the
// successor generator (delivery enabledness) and the property monitors, so each predicate
// has exactly one definition.
#pragma once

#include "explicit/state.hpp"
#include "model/replaceable.hpp"

namespace dpu::explicit_ {

enum CopyStatus : Value { kUnsent = 0, kSent = 1, kDelivered = 2 };

inline model::Binding binding(const Layout& L, const Work& w, std::uint32_t stack, Id module) {
  return static_cast<model::Binding>(w.v[L.bind_slot(stack, module)]);
}

inline bool crashed(const Layout& L, const Work& w, std::uint32_t pid) {
  return w.v[L.off_crashed + pid] != 0;
}

/// The module bound for `service` in `stack`, or kNone (rule Sanity-2: at most one).
inline Id bound_provider(const Layout& L, const Work& w, std::uint32_t stack, Id service) {
  for (Id a = 0; a < L.nmodules; ++a)
    if (L.m.modules[a].service == service && binding(L, w, stack, a) == model::Binding::Bound) return a;
  return model::kNone;
}

/// (Idle) S_S|P.a = S_D|P.a, with `dest` = P; also `pending` is its negation.
inline bool idle(const Layout& L, const Work& w, std::uint32_t dest, Id module) {
  for (std::uint32_t msg = 0; msg < L.msgs.size(); ++msg) {
    std::uint32_t c = L.copy(msg, dest);
    if (w.v[L.off_status + c] == kSent && w.v[L.off_tag + c] == static_cast<Value>(module)) return false;
  }
  return true;
}

/// (Freedom) S_S|a = S_D|a over the peers of a in every stack (reading E4).
inline bool free_module(const Layout& L, const Work& w, Id module) {
  for (std::uint32_t s = 0; s < L.nstacks; ++s)
    if (!idle(L, w, s, module)) return false;
  return true;
}

/// (Replaceable) P{b/a}, by the one definition in model/replaceable.hpp.
inline bool replaceable(const Layout& L, const Work& w, std::uint32_t stack, Id a, Id b) {
  return model::replaceable_on(
      L.m, [&](Id c) { return binding(L, w, stack, c); }, a, b);
}

}  // namespace dpu::explicit_
