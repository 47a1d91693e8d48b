// Walking the transition system by hand (`dpucheck step`): the enabled steps of the current
// state, named as traces name them, with the premises that enable each; taking one; going
// back. It drives the same successor generator and checkers as `check`, so what a student
// sees enabled is exactly what the search explores.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "explicit/engine.hpp"

namespace dpu::explicit_ {

/// One enabled step of the current state.
struct EnabledStep {
  Action action;
  std::string text;                   // "[m2]P[1].ct"
  std::string rule;                   // "rule Comm", "rule S3", "handler S1"
  std::vector<std::string> premises;  // explicit/premises.hpp
  bool fails_assertion = false;       // taking it fails an `assert`
};

/// A property on the walked path: violated at a step, or what a single path can say.
struct PathProperty {
  std::string property;
  std::optional<std::size_t> violated_at;  // the step (0: the initial state)
  std::string status;                      // "holds so far on this path", "violated at step 3: ...", ...
  std::string why;                         // when violated: why (the checker's explanation)
};

/// The initial state meets a runtime error of the model (there is nothing to step from).
struct InitialStateError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Stepper {
 public:
  /// Throws Unsupported (explicit/layout.hpp, a std::runtime_error) for a model the engine
  /// cannot explore, and InitialStateError when the initial state meets a runtime error.
  explicit Stepper(const model::Model& m);
  ~Stepper();
  Stepper(const Stepper&) = delete;
  Stepper& operator=(const Stepper&) = delete;

  /// The steps taken from the initial state.
  std::size_t depth() const;
  /// The enabled steps of the current state, in the engine's order (their ordinals). Empty
  /// with `error()` set when generating them meets a runtime error of the model.
  const std::vector<EnabledStep>& enabled();
  const std::string& error() const;
  /// Takes enabled step `k` (0-based); returns the components it changed. A step that fails
  /// an assertion is not taken (its post state is not a state): the message is returned in `why`.
  std::optional<std::vector<result::Assignment>> take(std::size_t k, std::string& why);
  /// Goes back `n` steps (at most to the initial state); returns how many it went back.
  std::size_t back(std::size_t n);
  /// The current state in the model's terms (trace order).
  std::vector<result::Assignment> state() const;
  /// The step taken to reach depth `d` (1-based), as "[m2]P[1].ct  (rule Comm)".
  std::string taken(std::size_t d) const;
  /// The safety properties on the path walked so far, and what a path cannot decide.
  std::vector<PathProperty> properties();
  /// Replaces the walk by the steps with these ordinals from the initial state; on a step
  /// that is not enabled (or whose name differs from `names[i]`, when given) stops and
  /// says why, keeping the steps that matched.
  bool load(const std::vector<std::uint32_t>& ordinals, const std::vector<std::string>& names,
            std::string& why);
  /// Steps of the last `load` (to `goto` within it).
  std::size_t loaded_steps() const;
  /// Walks to step `k` of the loaded trace (0: its initial state).
  bool go_to(std::size_t k, std::string& why);

 private:
  struct Impl;
  std::unique_ptr<Impl> p_;
};

}  // namespace dpu::explicit_
