// Expressions and statements of the typed model, interpreted over a working state.
// A rule or handler body runs atomically; its nondeterminism (`choose`, `either`) is driven by
// a choice stream: the caller replays the body once per branch vector (see successors.cpp).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "explicit/state.hpp"
#include "model/branches.hpp"

namespace dpu::explicit_ {

/// The model did something undefined (out-of-range assignment, bad index, ...).
struct RuntimeError {
  std::string message;
  model::Pos pos = 0;
};
/// A runtime error while a property's predicate is evaluated on a state (an invariant, a
/// liveness goal, `end when`), not while a step runs: the state is reachable, and the error is
/// that state's (spec/semantics.md §3). `property` names the property evaluated.
struct StateCheckError : RuntimeError {
  std::string property;
};
/// A failed `assert`.
struct AssertionFailure {
  std::string message;
  model::Pos pos = 0;
};

/// Where each binder slot of a rule, handler or predicate lives in a frame.
struct FrameLayout {
  std::vector<std::uint32_t> off;
  std::vector<Id> type;
  std::uint32_t size = 0;
};

/// Frame layout for code using `frame`'s slots plus any slots bound inside `exprs`/`blocks`.
FrameLayout frame_layout(const Layout& L, const model::Frame* frame,
                         const std::vector<const model::Expr*>& exprs,
                         const std::vector<const model::Block*>& blocks);

class Interp {
 public:
  explicit Interp(const Layout& L);

  /// Sets the state and frame to run against; `self_pid` is the sender of sends.
  void bind(Work* w, const FrameLayout* fl, Value* frame, std::uint32_t self_pid) {
    w_ = w, fl_ = fl, frame_ = frame, self_pid_ = self_pid;
  }
  /// Choice stream for the next body run: `want` is the prefix of branches to take.
  void start_choices(const std::vector<std::uint32_t>* want) {
    want_ = want, taken.clear(), arity.clear(), events.clear(), arms.clear();
    disabled_ = false;
  }
  /// After a body run: this branch is not enabled (a `choose` without candidates, a send to a
  /// full blocking queue); the run stopped there. A flag, not an exception: a disabled
  /// branch is an ordinary outcome, met at many states, and throwing costs a lock in the
  /// unwinder that serialises the workers.
  bool disabled() const { return disabled_; }
  /// From now on, each body run lists in `arms` the branch arms it runs (numbered by
  /// model::branch_points), for coverage; off by default (it costs a lookup per branch).
  void count_arms(const model::Branches& b);
  bool counts_arms() const { return !arm_of_.empty(); }
  /// After a run: the next branch vector in odometer order; false when all were taken.
  bool next_choices(std::vector<std::uint32_t>& want) const;

  Value eval(const model::Expr& e);
  bool truth(const model::Expr& e) { return eval(e) != 0; }
  void exec(const model::Block& b);
  /// Writes the initial value of variable `var` for `instance` into the state.
  void init_var(Id var, std::uint32_t instance);

  std::vector<std::uint32_t> taken, arity;
  /// Each `emit` of the current body run appends [event id, size, argument slots...]
  /// (cleared by start_choices); the successor generator hands them to the checkers.
  std::vector<Value> events;
  /// With count_arms: the arms the current body run took, in the order it took them.
  std::vector<std::uint32_t> arms;

 private:
  const Layout& L;
  Work* w_ = nullptr;
  const FrameLayout* fl_ = nullptr;
  Value* frame_ = nullptr;
  std::uint32_t self_pid_ = 0;
  const std::vector<std::uint32_t>* want_ = nullptr;
  std::vector<Value> scratch_;
  std::size_t sp_ = 0;
  bool disabled_ = false;
  std::vector<Value> cands_;  // a `choose`'s candidates (read before its block runs)
  std::unordered_map<const model::Stmt*, std::uint32_t> arm_of_;  // a branch point's first arm

  void took_arm(const model::Stmt& s, std::size_t arm) {
    if (!arm_of_.empty()) arms.push_back(arm_of_.at(&s) + static_cast<std::uint32_t>(arm));
  }

  Value* alloc(std::uint32_t n, model::Pos pos);
  const Value* ref(const model::Expr& e);
  Value* place(const model::Expr& e);
  /// Offset of element e.args[1] within the array or sequence at `base` (an Index expr);
  /// fails with a runtime error when the index is out of range.
  std::ptrdiff_t element_offset(const model::Expr& e, const Value* base);
  void eval_into(const model::Expr& e, Value* out);
  Value builtin(const model::Expr& e);
  void builtin_into(const model::Expr& e, Value* out);
  Value binary(const model::Expr& e);
  Value quant(const model::Expr& e);
  /// Binds the pattern's slots to channel entry `e`; true when kind, sender and receiver match.
  /// Entry `e` as a message to `receiver` (a pid) matches `p`; binds the pattern's slots.
  bool match(const model::MsgPattern& p, const Value* e, Value receiver);
  Value inflight(const model::Expr& e);
  void deliver(const model::Stmt& s);  // deliver and drop
  std::string process_name(std::uint32_t pid) const;
  std::uint32_t choose_index(std::uint32_t n);
  void exec(const model::Stmt& s);
  void assign(const model::Stmt& s);
  void send(const model::Stmt& s, bool broadcast);
  void emit(const model::Stmt& s);
  void stack_action(const model::Stmt& s);
  std::uint32_t pid_of(const model::Expr& e);
  std::uint32_t stack_of(const model::Expr& e);
  Id module_of(const model::Expr& e);
  void check_range(Id type, const Value* v, model::Pos pos, const char* what);
  [[noreturn]] void fail(model::Pos pos, std::string msg);
  /// `a op b` (or unary `op(a)`) does not fit int64: a runtime error.
  [[noreturn]] void overflow(model::Pos pos, Value a, const char* op, Value b);
  [[noreturn]] void overflow(model::Pos pos, const char* op, Value a);
};

}  // namespace dpu::explicit_
