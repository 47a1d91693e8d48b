// Property monitors (spec/semantics.md §5). Transition monitors run inside successor
// generation (they see pre and post state of one step); state and terminal checks and the
// liveness analysis run in the search.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "explicit/interpreter.hpp"

namespace dpu::explicit_ {

class Monitors {
public:
  Monitors(const Layout& L, const std::vector<bool>& active);

  /// A delivery of `msg` at `dest` tagged `tag` went from `pre` to `post`: updates the
  /// monitor slots of `post` and sets bits of violated properties (strong_update, order).
  void on_deliver(const Work& pre, Work& post, std::uint32_t msg, std::uint32_t dest, Id tag,
                  std::uint64_t& violated) const;
  /// An update step (rule, handler, fault) went from `pre` to `post` (freedom).
  void on_update(const Work& pre, const Work& post, std::uint64_t& violated) const;
  /// State invariants violated in `w` (user invariants).
  std::uint64_t on_state(const Work& w, Interp& in) const;
  /// Properties violated by `w` being terminal (deadlock, weak_update's S_S = S_D).
  std::uint64_t on_terminal(const Work& w, Interp& in) const;

  /// Index of the pseudo-properties in the result list (after the model's properties).
  std::uint32_t deadlock_index() const { return deadlock_; }
  std::uint32_t assertion_index() const { return assertion_; }
  bool checks_deadlock() const { return check_deadlock_; }

private:
  const Layout& L;
  std::vector<bool> active_;
  std::vector<FrameLayout> frames_;   // per property (pred)
  FrameLayout end_frame_;
  std::uint32_t deadlock_ = 0, assertion_ = 0;
  bool check_deadlock_ = false;
  bool holds(Interp& in, const Work& w, const model::Expr& e, const FrameLayout& fl) const;
};

/// The default goal of `terminates` (semantics §5): every alive stack has b bound and a
/// absent, for every update.
bool default_termination_goal(const Layout& L, const Work& w);

/// Number of properties a Monitors reports on: the model's, deadlock, assertions.
std::uint32_t property_slots(const model::Model& m);

}  // namespace dpu::explicit_
