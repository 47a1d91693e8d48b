// `check --distributed` (distributed.cpp): the options it cannot honour, MPI's start with
// only rank 0 printing, and the search across ranks with its traffic summary on stderr.
#pragma once

#include "cli/commands.hpp"
#include "explicit/engine.hpp"

namespace dpu::cli {

/// With --distributed: refuses the options a distributed search does not run, starts MPI and
/// sends the stdout and stderr of every rank but 0 to /dev/null. kHolds when the run goes on,
/// else the exit code (every rank meets the same refusal, so every rank returns it).
int start_distributed(const CheckOptions& o);
/// Whether this process prints and writes files: rank 0, or any process without --distributed.
bool primary_process(const CheckOptions& o);
/// The search across the job's ranks. `default_memory`: the budget is this machine's default
/// share, divided among the ranks that run on it (an explicit --memory is per rank).
result::Result check_distributed(const model::Model& m, explicit_::Options opt, const CheckOptions& o,
                                 result::Reporter& progress);

}  // namespace dpu::cli
