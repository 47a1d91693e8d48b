// The explicit engine's breadth-first search across the ranks of an MPI job (`mpirun -n K
// dpucheck check --distributed`): states partitioned by hash, one level at a time, with the
// verdicts, state ids, counts and traces of the one-process search (spec/distributed.md).
#pragma once

#include <cstdint>
#include <string>

#include "explicit/engine.hpp"

namespace dpu::distributed {

/// Starts MPI for the rest of the process (MPI_Init; MPI_Finalize at exit). Without mpirun
/// the process is a job of one rank. Returns false, with `why`, if MPI cannot start.
bool start(std::string& why);
/// This process's rank in the job and the number of ranks (after start()).
int rank();
int ranks();
/// The ranks of the job that run on this machine (they share its memory).
int ranks_on_this_node();
/// Ends the whole job with `code` after writing `message` to this process's original stderr
/// (a failure one rank meets alone must not leave the others waiting for it).
[[noreturn]] void abort_job(const std::string& message, int code);

/// What the search sent between ranks: for spec/distributed.md's scaling estimate.
struct Traffic {
  std::uint64_t records = 0;        // successors sent to another rank
  std::uint64_t record_bytes = 0;   // their bytes (key, size, packed state)
  std::uint64_t local_records = 0;  // successors whose owner was the expanding rank
  std::uint64_t key_bytes = 0;      // bytes sent to number the levels' new states (keys and ids)
  std::uint64_t rounds = 0;         // exchange rounds (each an all-to-all of every rank)
  std::uint64_t levels = 0;
  std::uint64_t peak_rank_bytes = 0;  // the largest memory held by one rank
};

/// `explicit_::check` as a collective call: every rank of the job calls it with the same
/// model and options and gets the same Result (only rank 0 should print it). Breadth-first
/// only (the caller refuses --dfs, --coverage and checkpoints); liveness parts are not
/// decided ("liveness needs one process", incomplete). `memory_limit` is per rank.
result::Result check(const model::Model&, const explicit_::Options&, result::Reporter&,
                     Traffic* traffic = nullptr);

}  // namespace dpu::distributed
