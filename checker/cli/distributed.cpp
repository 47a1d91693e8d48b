#include "cli/distributed.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include <fmt/core.h>

#include "cli/exit_codes.hpp"
#include "cli/shared.hpp"
#include "distributed/distributed.hpp"
#include "explicit/select.hpp"
#include "explicit/symmetry.hpp"

namespace dpu::cli {

namespace {

/// The summary's symmetry record for a distributed run, which stores every state
/// (spec/distributed.md): the families one process would judge, none reduced, so that the
/// result says what was explored and otherwise reads as one process's does.
result::Symmetry unreduced_symmetry(const model::Model& m, const explicit_::Options& opt, bool requested) {
  std::vector<bool> checked = explicit_::select_properties(m, opt.only_properties);
  checked.resize(m.properties.size());
  const explicit_::SymmetryPlan plan = explicit_::plan_symmetry(m, checked);
  result::Symmetry s;
  s.requested = requested;
  for (const auto& f : plan.report.families) s.families.push_back({f.family, false, f.reason, f.pos});
  if (requested && plan.any())
    s.not_used = "the distributed search stores every state: explored unreduced (spec/distributed.md)";
  return s;
}

}  // namespace

int start_distributed(const CheckOptions& o) {
  // What runs on one process only: a depth-first order is one stack; checkpoints, coverage,
  // the SMT engine and --dot are not split across ranks (yet).
  const char* alone = o.dfs                    ? "--dfs"
                      : o.coverage             ? "--coverage"
                      : !o.checkpoint.empty()  ? "--checkpoint"
                      : !o.resume.empty()      ? "--resume"
                      : o.engine != "explicit" ? "--engine smt"
                      : !o.dot.empty()         ? "--dot"
                                               : nullptr;
  if (alone) {
    report_usage_error(
        fmt::format("{} runs in one process: it cannot be combined with --distributed", alone));
    return kInputError;
  }
  std::string why;
  if (!distributed::start(why)) {
    report_usage_error(why);
    return kInputError;
  }
  if (distributed::rank() != 0) {
    // every rank loads the same model and computes the same result: one of them says it
    const int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) {
      std::fflush(stdout), std::fflush(stderr);
      ::dup2(null, 1), ::dup2(null, 2);
      ::close(null);
    }
  }
  return kHolds;
}

bool primary_process(const CheckOptions& o) { return !o.distributed || distributed::rank() == 0; }

result::Result check_distributed(const model::Model& m, explicit_::Options opt, const CheckOptions& o,
                                 result::Reporter& progress) {
  if (o.memory.empty()) opt.memory_limit /= static_cast<std::uint64_t>(distributed::ranks_on_this_node());
  distributed::Traffic t;
  result::Result r = distributed::check(m, opt, progress, &t);
  r.symmetry = unreduced_symmetry(m, opt, o.symmetry == "on");
  if (!o.quiet) {
    const double states = r.stats.states ? static_cast<double>(r.stats.states) : 1.0;
    std::fprintf(stderr,
                 "distributed: %d rank%s, %llu levels, %llu exchange rounds; %llu successors sent to another "
                 "rank (%.1f per state, %.1f bytes per state), %llu kept on their rank; numbering %.1f bytes "
                 "per state; largest rank %.1f MiB\n",
                 distributed::ranks(), distributed::ranks() == 1 ? "" : "s",
                 static_cast<unsigned long long>(t.levels), static_cast<unsigned long long>(t.rounds),
                 static_cast<unsigned long long>(t.records), static_cast<double>(t.records) / states,
                 static_cast<double>(t.record_bytes) / states,
                 static_cast<unsigned long long>(t.local_records), static_cast<double>(t.key_bytes) / states,
                 static_cast<double>(t.peak_rank_bytes) / (1024.0 * 1024.0));
  }
  return r;
}

}  // namespace dpu::cli
