// dpucheck: the command line. Only wiring lives here (CLI11 is expensive to compile, so this
// file rarely changes); the subcommands are in commands.cpp.
#include <cstdio>
#include <exception>
#include <new>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/fmt.hpp"
#include "cli/step.hpp"

namespace {

// A count of states or steps: digits only. CLI11 would otherwise read "-1" into an unsigned
// option as its largest value, i.e. silently unbounded.
const CLI::Validator kCount(
    [](std::string& s) -> std::string {
      bool digits = !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
      return digits ? std::string() : "expects a non-negative whole number, got '" + s + "'";
    },
    "COUNT");

}  // namespace

int main(int argc, char** argv) {
  using namespace dpu::cli;
  CLI::App app{"dpucheck: a model checker for dynamic protocol update", "dpucheck"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "dpucheck 0.1.0");

  CommonOptions parse_o, replay_o, step_o;
  FmtOptions fmt_o;
  CheckOptions check_o;
  SimulateOptions sim_o;
  TraceOptions trace_o;
  std::string trace_file;

  auto add_common = [](CLI::App* sub, CommonOptions& o) {
    sub->add_option("file", o.file, "the .dpu model")->required();
    // One value per occurrence, so `-D N=4 model.dpu` does not swallow the file name.
    sub->add_option("-D,--define", o.defines, "override a constant: -D N=4")
        ->type_name("NAME=VALUE")
        ->allow_extra_args(false);
  };

  CLI::App* parse = app.add_subcommand("parse", "parse and resolve a model; print its summary");
  add_common(parse, parse_o);
  CLI::App* fmt = app.add_subcommand("fmt", "print a model in canonical form (comments kept)");
  fmt->add_option("files", fmt_o.files, "the .dpu model(s): one, or several with -i or --check")->required();
  fmt->add_flag("-i,--in-place", fmt_o.in_place, "rewrite each file in canonical form");
  fmt->add_flag("--check", fmt_o.check, "exit 1 and name each file that is not in canonical form");

  CLI::App* check = app.add_subcommand("check", "check the model's properties");
  add_common(check, check_o.common);
  check->add_flag("--static", check_o.static_only, "only the static replaceability check");
  check->add_flag("--dfs", check_o.dfs, "depth-first search (default: breadth-first, shortest traces)");
  check->add_option("--depth", check_o.depth, "do not expand states beyond this depth")->check(kCount);
  check->add_flag("--all", check_o.all, "keep exploring after the first violation");
  check->add_flag("--fingerprints", check_o.fingerprints, "store 64-bit fingerprints, not full states");
  check->add_option("--fingerprint-bits", check_o.fingerprint_bits,
                    "with --fingerprints: 64 (default) or 128 bits per fingerprint");
  check->add_option("--max-states", check_o.max_states, "stop (incomplete) after this many states")
      ->check(kCount);
  check->add_option("--memory", check_o.memory,
                    "stop (incomplete) when the state store would exceed SIZE (e.g. 4G, 512M; "
                    "default: 75% of the smallest of RAM, cgroup limit and rlimit)");
  check->add_option("--time-limit", check_o.time_limit,
                    "stop (incomplete) after DURATION (e.g. 90s, 10m, 2h)");
  check->add_option("--checkpoint", check_o.checkpoint,
                    "save the search to DIR periodically and when a limit or signal stops it");
  check->add_option("--checkpoint-every", check_o.checkpoint_every, "checkpoint period (default 10m)");
  check->add_option("--resume", check_o.resume, "continue the search saved in DIR by --checkpoint");
  check->add_flag("--json", check_o.json, "print the whole result as JSON on stdout");
  check->add_flag("-q,--quiet", check_o.quiet, "no progress lines");
  check->add_option("-p,--property", check_o.properties, "check only this property (repeatable)")
      ->allow_extra_args(false);
  check->add_option("--trace-out", check_o.trace_out,
                    "write the result with its counterexamples as JSON to this file");
  check->add_option("--trace-html", check_o.trace_html,
                    "write the counterexamples as a self-contained HTML sequence chart to this file");
  check->add_option("--dot", check_o.dot,
                    "write the reachable state graph as Graphviz DOT to this file (small models only)");
  check
      ->add_option("--dot-max-states", check_o.dot_max_states,
                   "--dot refuses a state space larger than this (default 10000)")
      ->check(kCount);
  check->add_flag("--coverage", check_o.coverage, "report how often each rule, handler and step kind fired");
  check->add_flag("--explain", check_o.explain,
                  "print each counterexample step with the premises that made it enabled");
  check->add_option("--engine", check_o.engine, "explicit (default) or smt (bounded model checking with Z3)")
      ->check(CLI::IsMember({"explicit", "smt"}));
  check->add_flag("--prove", check_o.prove,
                  "smt: k-induction, then Spacer, for what bounded model checking did not refute");
  check->add_flag("--show-invariant", check_o.show_invariant,
                  "smt --prove: print the inductive invariant of a proof by Spacer");
  check
      ->add_option("--lemma", check_o.lemmas,
                   "smt --prove: an invariant of the model to prove first and then assume as a "
                   "strengthening lemma (repeatable)")
      ->allow_extra_args(false);
  check
      ->add_option("--channel-capacity", check_o.channel_capacity,
                   "smt: entries each control channel holds in the encoding (1..64; default: what "
                   "--depth and --max-k steps can add); a proof must exclude exceeding it")
      ->check(CLI::Range(1, 64));
  check
      ->add_option("--max-k", check_o.max_k,
                   "smt --prove: the largest k of k-induction (default 10; 0: Spacer only)")
      ->check(kCount);
  check
      ->add_option("--workers", check_o.workers,
                   "threads of the breadth-first search (default: every available core; the same "
                   "results for every count; --dfs uses one)")
      ->check(CLI::Range(1u, 256u));
  check
      ->add_option("--symmetry", check_o.symmetry,
                   "on (default): explore interchangeable process families up to renaming, where "
                   "sound (the summary says which were reduced); off: every state")
      ->check(CLI::IsMember({"on", "off"}));
  check->add_flag("--distributed", check_o.distributed,
                  "under mpirun: the breadth-first search across the job's ranks, states partitioned by "
                  "hash (the same results; safety only, liveness needs one process)");

  CLI::App* simulate =
      app.add_subcommand("simulate", "random walks checking the safety properties (proves nothing)");
  add_common(simulate, sim_o.common);
  simulate->add_option("--seed", sim_o.seed, "seed of the walks' choices (default 0)")->check(kCount);
  simulate->add_option("--steps", sim_o.steps, "at most this many steps per walk (default 100)")
      ->check(kCount);
  simulate->add_option("--runs", sim_o.runs, "number of walks (default 1)")->check(kCount);
  simulate->add_option("-p,--property", sim_o.properties, "check only this property (repeatable)")
      ->allow_extra_args(false);
  simulate->add_flag("--json", sim_o.json, "print the whole result as JSON on stdout");
  simulate->add_flag("--coverage", sim_o.coverage, "report how often each rule, handler and step kind fired");
  simulate->add_option("--trace-out", sim_o.trace_out,
                       "write the result with its counterexample as JSON to this file");

  CLI::App* step = app.add_subcommand(
      "step",
      "walk the model by hand: list the enabled steps, take one, see why (help inside lists the commands)");
  add_common(step, step_o);

  CLI::App* replay = app.add_subcommand("replay", "re-execute a saved trace against the model");
  add_common(replay, replay_o);
  replay->add_option("trace", trace_file, "the trace (JSON, as written by --json or --trace-out)")
      ->required();

  CLI::App* trace = app.add_subcommand("trace", "draw a saved trace (replayed first)");
  add_common(trace, trace_o.common);
  trace->add_option("trace", trace_o.trace, "the trace (JSON, as written by --json or --trace-out)")
      ->required();
  trace->add_option("--html", trace_o.html, "write the trace as a self-contained HTML sequence chart");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kInputError;
  }
  // The last resort: every expected failure is handled inside the commands, so an exception
  // reaching here is a bug in dpucheck. It is said so, with an exit code of its own, instead
  // of an abort that looks like a crash of the model.
  try {
    if (parse->parsed()) return run_parse(parse_o);
    if (fmt->parsed()) return run_fmt(fmt_o);
    if (check->parsed()) return run_check(check_o);
    if (simulate->parsed()) return run_simulate(sim_o);
    if (replay->parsed()) return run_replay(replay_o, trace_file);
    if (step->parsed()) return run_step(step_o);
    if (trace->parsed()) return run_trace(trace_o);
  } catch (const std::bad_alloc&) {
    std::fputs("dpucheck: internal error: out of memory (an allocation failed)\n", stderr);
    return kInternalError;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dpucheck: internal error: %s\n", e.what());
    return kInternalError;
  } catch (...) {
    std::fputs("dpucheck: internal error: an unknown exception\n", stderr);
    return kInternalError;
  }
  return kInputError;
}
