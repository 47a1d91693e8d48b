// The safety properties of spec/semantics.md §5 as predicates over the SMT engine's states
// and steps, with the monitor components they need (the strong-update flag, the common
// delivery sequence of order(x)). One object per checked property slot: the model's
// properties, then `deadlock`, then `assertions` (the same slots and names as `check`).
#pragma once

#include <string>
#include <vector>

#include "smt/actions.hpp"

namespace dpu::smt {

struct PropertySlot {
  std::string name;
  enum class Kind {
    Freedom,
    StrongUpdate,
    WeakUpdate,
    Order,
    Invariant,
    Deadlock,
    Assertions,
    Static,
    Liveness,
    Unsupported
  } kind = Kind::Unsupported;
  const model::Property* prop = nullptr;  // none for deadlock and assertions
  std::string why;                        // Unsupported / Liveness: the explanation
  bool needs_enabled = false;             // reads "no step is enabled" (terminal states)
  std::uint32_t mon = 0;                  // first monitor leaf
  std::uint32_t cap = 0;                  // order(x): length of the common sequence
};

/// The property slots of the model, all or those named in `only` (throws
/// std::invalid_argument for an unknown name). Adds their monitor leaves to `L`.
std::vector<PropertySlot> select_slots(Layout& L, const std::vector<std::string>& only);

/// Monitor updates of a step (its post-state leaves), for every slot.
void update_monitors(const Layout& L, z3::context& c, const std::vector<PropertySlot>& slots,
                     const Terms& pre, ActionInst& a);

/// The step `a` from `pre` violates the step property `p` (false for state properties).
z3::expr step_bad(const Layout& L, z3::context& c, const PropertySlot& p, const Terms& pre,
                  const ActionInst& a);

/// The state `s` violates the state property `p`; `none_enabled`: no step is enabled in `s`.
/// `fails`, if given, receives when evaluating the predicate is a runtime error in `s` (the
/// violation is then not decided here).
z3::expr state_bad(const Layout& L, z3::context& c, const PropertySlot& p, const Terms& s,
                   const z3::expr& none_enabled, z3::expr* fails = nullptr);

}  // namespace dpu::smt
