// Unrolling the transition relation: one frame of solver constants per step, the action
// instances from each state, and the per-step terms (which action ran, did it fail, which
// property did it violate) as ite chains over the step's action selector. Shared by bounded
// model checking (from the initial state) and k-induction (from an arbitrary state).
#pragma once

#include <vector>

#include "smt/properties.hpp"

namespace dpu::smt {

class Unroller {
 public:
  /// `from`: the first state (ground terms for BMC, fresh constants for induction).
  Unroller(const Layout& L, z3::context& c, const std::vector<PropertySlot>& slots, Terms from,
           std::string prefix);

  const Layout& L;
  z3::context& c;
  const std::vector<PropertySlot>& slots;
  std::vector<Terms> states;                   // s_0 .. s_k
  std::vector<std::vector<Bounded>> consts;    // consts[t]: s_t's constants (t >= 1)
  std::vector<std::vector<ActionInst>> insts;  // insts[t]: the actions from s_t
  std::vector<z3::expr> none_enabled;          // none_enabled[t]: s_t is terminal
  std::vector<z3::expr> act;                   // act[t]: the action of step t+1
  std::vector<z3::expr> err, afail, over;      // of step t+1
  std::vector<std::vector<z3::expr>> bad;      // bad[t][p]: step t+1 violates slot p (a step property)

  /// The constraints of step k+1 (s_k -> s_{k+1}); builds s_{k+1} and its actions.
  std::vector<z3::expr> extend();
  /// Fresh constants for a state (its terms), and their domain constraints; `consts`, if
  /// given, receives each leaf's constant.
  static Terms fresh_state(const Layout& L, z3::context& c, const std::string& name,
                           std::vector<z3::expr>& dom, std::vector<Bounded>* consts = nullptr);
  /// Structural facts every reachable state of this encoding has (freed channel slots are
  /// zero, an unsent copy has tag 0, ...): assumed in induction and checked along with it.
  z3::expr canonical(const Terms& s) const;

 private:
  std::string prefix_;
  void build_actions(std::size_t t);
};

/// Does state `a` differ from state `b` (the simple-path constraint)?
z3::expr differ(z3::context& c, const Terms& a, const Terms& b);

}  // namespace dpu::smt
