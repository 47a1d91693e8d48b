// The subcommands of `dpucheck`, each a function from parsed options to an exit code.
// main.cpp only wires these to CLI11; exit codes are derived in one place (exit_codes.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dpu::cli {

struct CommonOptions {
  std::string file;
  std::vector<std::string> defines;  // "NAME=VALUE" from -D
};

struct CheckOptions {
  CommonOptions common;
  bool static_only = false;
  bool dfs = false;
  std::optional<std::uint64_t> depth;
  bool all = false;
  bool fingerprints = false;
  unsigned fingerprint_bits = 0;  // --fingerprint-bits; 0: not given (64)
  std::uint64_t max_states = 0;
  std::string memory;      // --memory SIZE; empty: default_memory_limit()
  std::string time_limit;  // --time-limit DURATION; empty: none
  bool json = false;
  bool quiet = false;
  std::vector<std::string> properties;
  std::string trace_out;                        // write the first counterexample as JSON here
  std::string trace_html;                       // write the viewer page of the counterexamples here
  std::string dot;                              // write the reachable state graph as Graphviz DOT here
  std::optional<std::uint64_t> dot_max_states;  // --dot refuses larger graphs (default 10000)
  std::string checkpoint;                       // --checkpoint DIR
  std::string checkpoint_every;                 // --checkpoint-every DURATION; empty: 10m
  std::string resume;                           // --resume DIR
  bool coverage = false;                        // print how often each rule/handler/kind fired
  bool explain = false;                         // each trace step with its rule's premises
  std::string engine = "explicit";              // or "smt"
  bool prove = false;                           // smt: k-induction
  std::uint64_t max_k = 10;                     // smt --prove
  std::uint64_t channel_capacity = 0;           // smt: entries per channel in the encoding (0: derived)
  unsigned workers = 0;                         // --workers; 0: every core this process may run on
  bool distributed = false;                     // --distributed: across MPI ranks (cli/distributed.hpp)
  std::string symmetry = "on";                  // --symmetry on|off (spec/explorer.md)
  bool show_invariant = false;                  // smt --prove: print Spacer's inductive invariant
  std::vector<std::string> lemmas;              // smt --prove: invariants proved first, then assumed
};

struct SimulateOptions {
  CommonOptions common;
  std::uint64_t seed = 0;
  std::uint64_t steps = 100;
  std::uint64_t runs = 1;
  std::vector<std::string> properties;
  bool json = false;
  bool coverage = false;
  std::string trace_out;
};

/// `dpucheck trace FILE TRACE.json --html OUT` (trace.cpp).
struct TraceOptions {
  CommonOptions common;
  std::string trace;  // the saved trace
  std::string html;   // the viewer page
};

int run_parse(const CommonOptions& o);
int run_check(const CheckOptions& o);
int run_simulate(const SimulateOptions& o);
int run_replay(const CommonOptions& o, const std::string& trace_file);
int run_trace(const TraceOptions& o);

}  // namespace dpu::cli
