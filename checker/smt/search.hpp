// The searches behind smt::check: incremental bounded model checking (one solver, one frame
// of constants per step, each question asked under push/pop), and k-induction for the
// properties it did not refute.
#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include "smt/engine.hpp"
#include "smt/unroll.hpp"

namespace dpu::smt {

using Clock = std::chrono::steady_clock;

/// The names of the property slots `check` reports (model properties, `deadlock`,
/// `assertions`), all or those in `only`; throws std::invalid_argument for an unknown name.
std::vector<std::string> slot_names(const model::Model& m, const std::vector<std::string>& only);
/// The explicit engine's words for a violation of `p`, so both engines print one verdict line.
std::string explain_violation(const model::Model& m, const PropertySlot& p);
std::string safety_part(const PropertySlot& p);
std::string termination_note(const PropertySlot& p);

class Searcher {
 public:
  Searcher(const Layout& L, const std::vector<PropertySlot>& slots,
           std::vector<std::optional<result::PropertyResult>>& done, const Options& o, Progress& progress,
           Clock::time_point start);
  /// Decides every slot not yet in `done`.
  void run();
  std::optional<result::PropertyResult> error;  // a runtime error of the model, with its trace
  std::uint64_t depth_reached() const { return u_->states.size() - 1; }

 private:
  const Layout& L;
  const std::vector<PropertySlot>& slots_;
  std::vector<std::optional<result::PropertyResult>>& done_;
  const Options& o_;
  Progress& progress_;
  Clock::time_point start_;
  z3::context c_;
  z3::solver s_;
  std::unique_ptr<Unroller> u_;
  double solver_seconds_ = 0;
  bool stopped_ = false;

  bool open() const;
  /// sat / unsat / unknown of `q` on top of `s`; the model of a sat answer in `model`.
  z3::check_result ask(z3::solver& s, const z3::expr& q, std::optional<z3::model>& model);
  /// A state property's questions at one state: its predicate fails at run time / is violated.
  struct StateQuestion {
    std::size_t slot;
    z3::expr fails, bad;
  };
  std::vector<StateQuestion> state_questions(std::size_t t);
  /// Asks `qs` at s_t; false when the solver gave up.
  bool check_states(const std::vector<StateQuestion>& qs, std::size_t t);
  /// One more step of BMC; false when the search must stop.
  bool advance();
  void violated(std::size_t p, const z3::model& mdl, std::size_t steps);
  void stop_all(const std::string& why);
  void induction(std::size_t p);
  std::vector<std::size_t> lemmas_;  // slots of the lemmas proved so far (assumed after)
  /// Every proved lemma holds in `st` (and its predicate does not fail there).
  z3::expr lemmas_hold(const Terms& st);
  std::string assumed_note() const;
};

}  // namespace dpu::smt
