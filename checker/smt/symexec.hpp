// Symbolic execution of the typed model's expressions and statements (model::Expr,
// model::Stmt) over a state vector of solver terms: the SMT counterpart of running a guard or
// a body once. A statement under path condition `pc` rewrites the leaves it may write into
// `ite(pc && ..., new, old)`; `choose` and `either` read fresh choice constants; every runtime
// error of spec/semantics.md §3 and every failed `assert` becomes a condition ("this step
// fails here") that excludes the earlier ones, so at most one holds.
#pragma once

#include <z3++.h>

#include <optional>
#include <string>
#include <vector>

#include "smt/layout.hpp"

namespace dpu::smt {

using Terms = std::vector<z3::expr>;

/// A choose/either executed in the step: when `pc` holds, `index` is the branch index the
/// trace format records (a choose: the position of the chosen value among the candidates).
struct ChoiceSite {
  z3::expr pc, index;
};

/// Every integer of the model is an int64 (spec/semantics.md §3): the encoding computes with
/// 64-bit two's-complement bit-vectors, so + - * / % and their overflow are exactly C++'s and
/// every formula is a bit-vector formula (bit-blasted to SAT, no integer arithmetic).
inline constexpr unsigned kBits = 64;
inline z3::expr num(z3::context& c, Value v) { return c.bv_val(static_cast<std::int64_t>(v), kBits); }

/// The value of a ground term if it simplifies to a numeral (Booleans as 0/1).
std::optional<Value> known(const z3::expr& e);
/// The value of `t` in a model (model completion), as an int64 (Booleans 0/1).
Value model_value(const z3::model& mdl, const z3::expr& t);
z3::expr as_int(const z3::expr& e);
/// The number of `bools` that hold, as a 64-bit term: summed in the narrowest width that holds
/// their number (no overflow is possible), then zero-extended, so the bit-blasted sum is a few
/// narrow adders instead of one 64-bit adder per term.
z3::expr count_true(z3::context& c, const std::vector<z3::expr>& bools);
z3::expr as_leaf(const z3::expr& e, const Leaf& l);

/// An unknown ranging over lo..hi: a bit-vector constant `raw` just wide enough for the range,
/// seen through `term` as the 64-bit value (zero- or sign-extended). `domain` holds it in the
/// range when that is not all its bit patterns.
struct Bounded {
  z3::expr raw, term, domain;
};
Bounded bounded_const(z3::context& c, const std::string& name, Value lo, Value hi);
/// `raw` := the low bits of the 64-bit value `v` (the constraint s_{k+1} = post of one leaf).
z3::expr assign_raw(const Bounded& b, const z3::expr& v);

class Exec {
 public:
  /// `fresh` names the step's choice constants (unique per step and action).
  Exec(const Layout& L, z3::context& c, Terms state, std::string fresh);

  const Layout& L;
  z3::context& c;
  Terms st;                  // the state as the step has made it so far
  std::vector<Terms> frame;  // binder slots (slot 0 = self)
  std::uint32_t self_pid = 0;
  const model::Frame* frame_types = nullptr;

  z3::expr failed;                  // an earlier error or failed assert of this step
  std::vector<z3::expr> errors;     // runtime errors (disjoint)
  std::vector<z3::expr> asserts;    // failed asserts (disjoint from the errors)
  std::vector<z3::expr> over_cap;   // a channel would exceed the encoding's capacity
  std::vector<z3::expr> side;       // constraints on the choice constants (under the step)
  std::vector<z3::expr> domains;    // each choice constant's range: asserted unconditionally,
                                    // so every integer unknown is bounded (bit-blasting)
  std::vector<ChoiceSite> choices;  // in execution order
  bool blocking_choice = false;     // a `choose ... where` ran (it may disable the step)

  Terms eval(const model::Expr& e, const z3::expr& pc);
  z3::expr truth(const model::Expr& e, const z3::expr& pc);
  z3::expr scalar(const model::Expr& e, const z3::expr& pc);  // an Int term (Booleans 0/1)
  void exec(const model::Block& b, const z3::expr& pc);
  void exec(const model::Stmt& s, const z3::expr& pc);

  /// A runtime error when `cond` holds under `pc` (and nothing failed before).
  void error(const z3::expr& pc, const z3::expr& cond);
  /// st[leaf] := v where `cond` holds.
  void write(std::uint32_t leaf, const z3::expr& cond, const z3::expr& v);
  z3::expr binding(const z3::expr& stack, const z3::expr& module);
  z3::expr idle(const z3::expr& stack, const z3::expr& module);
  z3::expr crashed(std::uint32_t pid) { return st[L.crashed(pid)]; }
  z3::expr fresh_int(const std::string& what, Value lo, Value hi);

 private:
  std::string fresh_;
  unsigned nfresh_ = 0;
  Terms binary(const model::Expr& e, const z3::expr& pc);
  Terms builtin(const model::Expr& e, const z3::expr& pc);
  /// forall / exists / count over the messages in flight (inflight.cpp).
  Terms inflight(const model::Expr& e, const z3::expr& pc);
  z3::expr arith(const model::Expr& e, const z3::expr& a, const z3::expr& b, const z3::expr& pc);
  /// Candidate leaf offsets of an lvalue, each with the condition that it is the one meant.
  std::vector<std::pair<std::uint32_t, z3::expr>> place(const model::Expr& e, const z3::expr& pc);
  void assign(const model::Stmt& s, const z3::expr& pc);
  void send(const model::Stmt& s, const z3::expr& pc);
  void stack_action(const model::Stmt& s, const z3::expr& pc);
  void check_range(Id type, const Terms& v, const z3::expr& pc);
};

/// The zero value of `type` as leaves (false, the range's low end); a missing type is 0.
Terms zero_value(const Layout& L, z3::context& c, Id type);
/// The binder slots of a rule, handler, initializer or predicate before it runs: slot 0 is
/// `self` (instance `self`), the others zero until bound.
std::vector<Terms> binder_frame(const Layout& L, z3::context& c, const model::Frame& f, Value self);

/// The leaves of the instance selected by `which` among `options` (an ite chain).
Terms select(z3::context& c, const z3::expr& which, const std::vector<std::pair<Value, Terms>>& options);

}  // namespace dpu::smt
