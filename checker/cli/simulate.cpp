// `dpucheck simulate`: seeded random walks (explicit_::simulate), printed through the same
// result layer as `check`, so a violation's trace reads and replays like check's. Nothing
// printed depends on time or memory: the same seed gives byte-identical output.
#include <cstdio>
#include <iostream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output_file.hpp"
#include "cli/shared.hpp"
#include "explicit/engine.hpp"
#include "report/report.hpp"
#include "result/verdict.hpp"

namespace dpu::cli {

namespace {

nlohmann::json to_json(const model::Model& m, const diag::SourceFile& source,
                       const explicit_::Simulation& sim, const SimulateOptions& o) {
  nlohmann::json j = report::result_to_json(m, sim.result);
  j["simulation"] = {{"seed", o.seed},
                     {"steps", o.steps},
                     {"runs", o.runs},
                     {"runs_done", sim.runs_done},
                     {"total_steps", sim.total_steps},
                     {"distinct_states", sim.distinct_states},
                     {"liveness_unchecked", sim.liveness_unchecked}};
  j["coverage"] = report::coverage_to_json(m, *sim.result.coverage, locator(source));
  return j;
}

void print_text(const model::Model& m, const diag::SourceFile& source, const explicit_::Simulation& sim,
                const SimulateOptions& o) {
  std::printf("simulate: seed %llu, up to %llu run%s of at most %llu steps\n",
              static_cast<unsigned long long>(o.seed), static_cast<unsigned long long>(o.runs),
              o.runs == 1 ? "" : "s", static_cast<unsigned long long>(o.steps));
  for (const result::PropertyResult& p : sim.result.properties) {
    std::printf("%-32s %s%s%s\n", p.property.c_str(), result::to_string(p.status),
                p.explanation.empty() ? "" : ": ", p.explanation.c_str());
    for (const std::string& note : p.notes) std::printf("    note: %s\n", note.c_str());
  }
  for (const result::PropertyResult& p : sim.result.properties)
    if (p.trace) std::printf("\n%s", report::trace_to_text(m, *p.trace, p).c_str());
  std::printf("\n");
  if (sim.violated)
    std::printf("simulate: violation found in run %llu (seed %llu)\n",
                static_cast<unsigned long long>(sim.runs_done), static_cast<unsigned long long>(o.seed));
  else
    std::printf(
        "simulate: no violation in %llu run%s of at most %llu steps (seed %llu); simulation proves nothing\n",
        static_cast<unsigned long long>(sim.runs_done), sim.runs_done == 1 ? "" : "s",
        static_cast<unsigned long long>(o.steps), static_cast<unsigned long long>(o.seed));
  std::string unchecked;
  for (const std::string& name : sim.liveness_unchecked) unchecked += (unchecked.empty() ? "" : ", ") + name;
  std::printf("liveness is not checked by simulation%s%s\n", unchecked.empty() ? "" : ": ",
              unchecked.c_str());
  std::printf("%llu run%s, %llu steps, %llu distinct states, longest walk %llu steps\n",
              static_cast<unsigned long long>(sim.runs_done), sim.runs_done == 1 ? "" : "s",
              static_cast<unsigned long long>(sim.total_steps),
              static_cast<unsigned long long>(sim.distinct_states),
              static_cast<unsigned long long>(sim.result.stats.max_depth));
  if (o.coverage) {
    std::printf("\n%s", report::coverage_to_text(m, *sim.result.coverage, "steps taken by the walks", true,
                                                 locator(source))
                            .c_str());
  } else {
    const auto& k = sim.result.coverage->kinds;
    std::printf("fired: call %llu, deliver %llu, rule %llu, handler %llu, crash %llu, recover %llu\n",
                static_cast<unsigned long long>(k[0]), static_cast<unsigned long long>(k[1]),
                static_cast<unsigned long long>(k[2]), static_cast<unsigned long long>(k[3]),
                static_cast<unsigned long long>(k[4]), static_cast<unsigned long long>(k[5]));
  }
}

}  // namespace

int run_simulate(const SimulateOptions& o) {
  std::optional<diag::SourceFile> source;
  std::optional<model::Model> m = load_model(o.common, &source);
  if (!m) return kInputError;
  if (o.runs == 0 || o.steps == 0) {
    report_usage_error(fmt::format(
        "simulate needs at least one run of at least one step (got --runs {} --steps {})", o.runs, o.steps));
    return kInputError;
  }
  std::string open_error;
  std::optional<OutputFile> trace_out =
      o.trace_out.empty() ? std::nullopt : OutputFile::open(o.trace_out, open_error);
  if (!open_error.empty()) {
    report_usage_error(open_error);
    return kInputError;
  }
  explicit_::SimulateOptions opt;
  opt.seed = o.seed;
  opt.steps = o.steps;
  opt.runs = o.runs;
  opt.only_properties = o.properties;
  explicit_::Simulation sim;
  try {
    sim = explicit_::simulate(*m, opt);
  } catch (const std::invalid_argument& e) {
    report_usage_error(e.what());
    return kInputError;
  }
  report_failures(*source, sim.result);
  std::string write_error;
  if (trace_out) trace_out->commit(to_json(*m, *source, sim, o).dump(2) + "\n", write_error);
  if (o.json)
    std::cout << to_json(*m, *source, sim, o).dump(2) << "\n";
  else
    print_text(*m, *source, sim, o);
  if (!write_error.empty())
    report_usage_error(write_error + " (the result is printed on stdout, the exit code is the simulation's)");
  // Undecided properties are the normal outcome of a walk: only a violation is an answer.
  if (sim.violated) return kViolated;
  for (const result::PropertyResult& p : sim.result.properties)
    if (p.status == result::Status::Unsupported) return kIncomplete;  // nothing was walked
  return kHolds;
}

}  // namespace dpu::cli
