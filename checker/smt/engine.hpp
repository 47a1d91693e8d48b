// The SMT engine: bounded model checking, k-induction and Spacer (constrained Horn clauses)
// over the typed model, with Z3 (spec/smt.md).
//
// Contract, as the explicit engine's: `check` reads only the typed model, never prints, never
// exits. A construct it does not encode makes the selected properties `unsupported` (never a
// verdict); liveness properties are `unsupported` with a pointer to the explicit engine.
// A counterexample comes back as a Trace whose steps carry only `detail` (the action, its
// message, module, control message and branch choices): the states are the caller's to
// render, by re-running the actions on an independent executor.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "result/result.hpp"

namespace dpu::smt {

struct Options {
  std::uint64_t depth = 10;  // bounded model checking: paths of at most this many steps
  bool prove = false;        // k-induction, then Spacer, for what BMC did not refute
  std::uint64_t max_k = 10;  // k-induction: the largest k tried
  bool show_invariant = false;
  std::uint32_t channel_capacity = 0;  // entries per channel in the encoding; 0: derived from the bounds
  std::vector<std::string> lemmas;     // invariants proved first and then assumed (strengthening)
  std::vector<std::string> only_properties;  // names; empty = all
  double time_limit_seconds = 0;             // 0: none
};

/// One line per depth (or induction step): what the CLI prints as progress.
struct DepthReport {
  std::string phase;  // "bmc", "k-induction"
  std::uint64_t depth = 0;
  double solver_seconds = 0;
  std::uint64_t assertions = 0;
};

class Progress {
 public:
  virtual ~Progress() = default;
  virtual void depth(const DepthReport&) = 0;
};

/// Decides the selected properties. Throws std::invalid_argument for an unknown name in
/// `only_properties`.
result::Result check(const model::Model&, const Options&, Progress&);

}  // namespace dpu::smt
