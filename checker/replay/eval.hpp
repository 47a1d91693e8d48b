// The replayer's own interpreter of model::Expr / model::Stmt over a plain State, and the DPU
// predicates of spec/semantics.md §4. Written from the spec, not from the explicit engine.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "replay/state.hpp"

namespace dpu::replay {

/// A runtime error of the model (semantics §3): out-of-range assignment or index, sequence
/// over capacity, division by zero.
struct RuntimeError {
  std::string message;
  model::Pos pos = 0;
};
/// The step has no enabled branch (a `choose` without candidates).
struct Disabled {
  std::string why;
};
struct AssertionFailed {
  std::string text;
  model::Pos pos = 0;
};
/// The trace's choices do not fit the step (too few, out of range).
struct BadChoice {
  std::string why;
};

/// Decides `choose`/`either` branches. Replaying: takes the trace's choices in order.
/// Enumerating: starts with all-zero choices and `next()` moves to the next vector, so every
/// branch of a step is visited once (to decide whether a step is enabled at all).
class Choices {
 public:
  static Choices replaying(std::vector<std::uint32_t> given);
  static Choices enumerating();

  /// Picks one of `n` alternatives (n >= 1).
  std::uint32_t pick(std::uint32_t n, const char* what);
  /// Enumerating: prepares the next branch vector; false when all were visited.
  bool next();
  /// Replaying: choices of the trace that the step did not use.
  std::size_t unused() const { return given_.size() > used_ ? given_.size() - used_ : 0; }
  void restart() { used_ = 0, taken_.clear(), arity_.clear(); }

 private:
  bool replay_ = false;
  std::vector<std::uint32_t> given_;
  std::size_t used_ = 0;
  std::vector<std::uint32_t> taken_, arity_;
};

/// Messages one control channel may hold (semantics §3).
inline constexpr std::size_t kChannelCapacity = 64;

// ---- DPU predicates (semantics §4) ----------------------------------------------------------

model::Binding binding(const State& s, Value stack, Id module);
/// The module bound for `service` in `stack`, or kNone (at most one, rule Sanity-2).
Id bound_provider(const Universe& u, const State& s, Value stack, Id service);
/// (Idle): every copy addressed to `stack` tagged `module` that was sent is delivered.
bool idle(const Universe& u, const State& s, Value stack, Id module);
/// (Freedom), reading E4: idle at every stack.
bool is_free(const Universe& u, const State& s, Id module);
/// (Replaceable) P{b/a}.
bool replaceable(const Universe& u, const State& s, Value stack, Id a, Id b);
/// Required services of `module` all bound in `stack`.
bool requirements_bound(const Universe& u, const State& s, Value stack, Id module);

// ---- the interpreter ----------------------------------------------------------------------

class Interp {
 public:
  Interp(const Universe& u, State& s, Choices* choices);

  Proc self;                // the executing process (family kNone: none)
  std::map<Id, Val> slots;  // binder slots: self, sender, parameters, quantifier variables

  Val eval(const model::Expr& e);
  bool truth(const model::Expr& e) { return eval(e).v != 0; }
  void exec(const model::Block& b);

  /// The type's zero value (false, lower bound, first literal, empty set/sequence).
  Val zero(Id type) const;
  /// (Re)initializes every variable of `family` for `instance` (kNone family: the globals).
  void init_vars(Id family, Value instance);

 private:
  const Universe& u_;
  const model::Model& m_;
  State& s_;
  Choices* choices_;

  Val builtin(const model::Expr& e);
  Val binary(const model::Expr& e);
  Val& place(const model::Expr& e);
  Val& element(const model::Expr& index_expr, Val& base);
  void exec(const model::Stmt& st);
  void assign(const model::Stmt& st);
  void send(const model::Stmt& st, bool broadcast);
  void stack_action(const model::Stmt& st);
  /// `c` as a message to `to` (one of its receivers) matches `p`; binds the pattern's slots.
  bool matches(const model::MsgPattern& p, const Control& c, const Proc& to);
  void deliver(const model::Stmt& st);  // deliver and drop
  void check_type(Id type, const Val& v, model::Pos pos, const char* what) const;
  std::vector<Value> domain(Id type) const;
  Value stack_of(const model::Expr& e);
  Id module_of(const model::Expr& e);
  Proc proc_of(const model::Expr& e);
  [[noreturn]] void fail(model::Pos pos, const std::string& message) const;
};

}  // namespace dpu::replay
