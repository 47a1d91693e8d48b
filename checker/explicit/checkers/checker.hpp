// One property kind as one object (spec/semantics.md §5): the monitor slots it adds to the
// state, what it does on each kind of step, event, new state and terminal state, the goal it
// waits for under weak fairness, and how it explains a violation. One file per kind in this
// folder; registry.cpp maps a property kind to its checker. The engine calls a hook only on
// the checked properties that declare it (Checker::hooks), so an unused hook costs nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "explicit/engine.hpp"
#include "explicit/interpreter.hpp"
#include "explicit/renaming.hpp"

namespace dpu::explicit_ {

/// A delivery step [m]Q.a: the copy of protocol message `msg` at stack `dest`, tagged `tag`.
struct Delivery {
  std::uint32_t msg = 0;
  std::uint32_t dest = 0;
  Id tag = model::kNone;
};

/// One `emit e(args)` executed by a step: the event and its argument values, each field
/// flattened to its slots as in a state (model::Model::events gives the field types).
struct Event {
  Id event = model::kNone;
  const Value* args = nullptr;
  std::uint32_t size = 0;
};

/// What a liveness property waits for: "every weakly fair run reaches a state satisfying
/// `pred`" (no pred: the default goal of `terminates`, semantics §5).
struct LivenessGoal {
  const model::Expr* pred = nullptr;
  const model::Frame* frame = nullptr;
  std::string target;  // the goal in words: "... without reaching <target>"
  std::string prefix;  // put before the explanation ("the update does not terminate ...: ")
  /// Instead of `pred`, a goal over the state with the checker's monitor slots.
  std::function<bool(const Work&)> test;
};

/// Monitor state of a checker as trace lines: (component, value).
using StateLines = std::vector<std::pair<std::string, std::string>>;

class Checker {
 public:
  /// The hooks a kind implements; the engine calls only these.
  enum Hook : unsigned {
    kDeliver = 1u << 0,    // on_deliver
    kUpdate = 1u << 1,     // on_update
    kEvent = 1u << 2,      // on_event
    kState = 1u << 3,      // on_state
    kTerminal = 1u << 4,   // on_terminal
    kAssertion = 1u << 5,  // a failed `assert` violates it
    kQuiescent = 1u << 6,  // on_quiescent
  };

  Checker(std::string name, unsigned hooks) : name_(std::move(name)), hooks_(hooks) {}
  virtual ~Checker() = default;
  Checker(const Checker&) = delete;
  Checker& operator=(const Checker&) = delete;

  const std::string& name() const { return name_; }
  unsigned hooks() const { return hooks_; }

  /// Adds this checker's monitor slots (Layout::add_monitor_slots). Called once, for a
  /// checked property only, before any state exists.
  virtual void layout(Layout&) {}

  // The hooks return true when the step (or state) violates the property. Step hooks see
  // the state before and after the step and may write their monitor slots in `post`. They
  // may also note what they observed (for vacuity); they are called for every step the
  // engine generates, including when it rebuilds a trace or the state graph.
  virtual bool on_deliver(const Work& pre, Work& post, const Delivery&) {
    (void)pre, (void)post;
    return false;
  }
  /// A rule, handler, crash or recovery step.
  virtual bool on_update(const Work& pre, const Work& post) {
    (void)pre, (void)post;
    return false;
  }
  /// An `emit` in the body of a rule or handler step (before on_update of that step).
  virtual bool on_event(const Work& pre, Work& post, const Event&) {
    (void)pre, (void)post;
    return false;
  }
  /// A newly reached state.
  virtual bool on_state(const Work&, Interp&) { return false; }
  /// A reached state with no enabled step.
  virtual bool on_terminal(const Work&, Interp&) { return false; }
  /// A reached state in which no weakly fair step is enabled (terminal states included): only
  /// steps that may never happen (unfair ones, a faulty process's) are left, so a run may end
  /// here (spec/properties.md, linearizable_commit).
  virtual bool on_quiescent(const Work&, Interp&) { return false; }

  /// The goal of a liveness property (or of its liveness half), checked after a complete search.
  virtual std::optional<LivenessGoal> liveness() const { return std::nullopt; }
  /// A verdict decided without the search (static rule, unsupported kind), or nullopt.
  virtual std::optional<PropertyResult> decide(const Work& initial) const {
    (void)initial;
    return std::nullopt;
  }
  /// False for a pseudo-property that the model switched off (deadlock with `allow deadlock`).
  virtual bool reported() const { return true; }
  /// Why a safety violation found by a hook violates the property.
  virtual std::string explain() const = 0;
  /// True when explain() names what the hooks found (a group, a transaction), so that the
  /// text depends on the violation: it is then taken per violation, right after the hook that
  /// reported it, with take_explanation (a parallel worker takes it from its own checker).
  virtual bool explanation_varies() const { return false; }
  /// explain() for the violations reported since the last take, which are then forgotten.
  virtual std::string take_explanation() { return explain(); }
  /// Appends the monitor's state, if it has one worth showing, to a trace state.
  virtual void describe(const Work&, StateLines&) const {}
  /// After a search in which the property holds: non-empty when what it constrains never
  /// happened in the explored space (so it holds vacuously), saying what never happened.
  virtual std::string vacuity() const { return {}; }
  /// What the hooks noted for vacuity(), as bits, so that a checkpoint carries it over.
  virtual std::uint64_t observations() const { return 0; }
  virtual void restore_observations(std::uint64_t) {}
  /// Symmetry reduction: writes into `to` this checker's monitor slots of `from` renamed by
  /// `r` (`to` holds a copy of `from`'s slots already). Only a monitor that holds process or
  /// message ids by value or by position needs it; the model refuses symmetry for the kinds
  /// that hold them in ways not renamed (model/symmetry.cpp).
  virtual void rename_monitor(const Renaming& r, const Work& from, Work& to) const {
    (void)r, (void)from, (void)to;
  }

 private:
  std::string name_;
  unsigned hooks_;
};

/// Evaluates a property predicate (slot 0 unused) on `w`.
bool holds(const Layout& L, Interp& in, const Work& w, const model::Expr& e, const FrameLayout& fl);

/// The default goal of `terminates` (semantics §5): every alive stack has b bound and a
/// absent, for every update.
bool default_termination_goal(const Layout& L, const Work& w);

/// The goal the termination half of strong_update and weak_update waits for: that of the
/// model's `terminates` (its predicate, or the default).
LivenessGoal termination_goal(const model::Model& m, std::string prefix);

// The kinds (one file each). A new kind: one file defining its factory, one line in registry.cpp.
std::unique_ptr<Checker> make_checker(const Layout& L, const model::Property& p);
std::unique_ptr<Checker> make_deadlock(const Layout& L);
std::unique_ptr<Checker> make_assertions(const Layout& L);
/// Whether some rule or handler body can fail an `assert` (the assertions pseudo-property
/// is listed only then, unless selected by name).
bool model_has_assertions(const model::Model& m);

}  // namespace dpu::explicit_
