// The parallel half of a breadth-first search with --workers: expanding a batch of frontier
// states on several threads. Each worker has its own layout, checkers and successor generator
// (they hold scratch state), expands whole parents and records what the sequential search
// would see in Explorer::step for each successor, packed and hashed. The search then merges
// the batch alone, parent by parent in frontier order, so ids, parents, ordinals, violations
// and counts are those of the sequential search (spec/explorer.md, "Parallel search").
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "explicit/checkers/checker_set.hpp"
#include "explicit/seen_set.hpp"
#include "explicit/store.hpp"
#include "explicit/successors.hpp"
#include "explicit/symmetry.hpp"

namespace dpu::explicit_ {

/// One generated step of a parent, in ordinal order.
struct SuccessorRecord {
  std::uint64_t violated = 0;          // the step's violations (a failed assertion's included)
  std::uint64_t state_violated = 0;    // the post state's on_state violations, if `checked`
  SeenSet::Key key;                    // of the packed post state
  std::uint32_t offset = 0, size = 0;  // the packed post state in its chunk's bytes
  std::uint32_t task = Tasks::kNoTask;
  model::Id index = model::kNone;  // rule or handler (coverage)
  ActionKind kind = ActionKind::Call;
  bool assertion = false;  // a failed assert: no post state is stored
  bool checked = false;    // this record ran on_state (else: an old state, or another record's)
  std::uint32_t arms_first = 0, arms_count = 0;  // the branch arms it ran, in its chunk's `arms`
  // the varying explanations of `violated` and of `state_violated`: their first in the chunk's
  // `taken` (CheckerSet::take_explanations)
  std::uint32_t why_step = 0, why_state = 0;
};

/// The post state's on_state result as ParallelExpander::state_check finds it.
struct StateCheck {
  bool known = false;  // false: nobody in the batch checked this state (the caller must)
  std::uint64_t violated = 0;
  const std::string* taken = nullptr;  // its varying explanations
};

/// What expanding one parent gave.
struct ParentResult {
  std::uint32_t first = 0, count = 0;  // its records, in its chunk
  std::uint64_t end_violated = 0;      // CheckerSet::on_expanded (terminal, quiescent)
  std::uint32_t why_end = 0;           // its varying explanations' first in `taken`
  bool failed = false;                 // a runtime error after `count` steps
  std::string error;
  model::Pos pos = 0;
};

class ParallelExpander {
 public:
  /// `workers` >= 2 threads in all (the caller's thread is worker 0 and uses `main_*`, which
  /// must stay idle while expand() runs); the others get their own copies.
  ParallelExpander(const model::Model& m, const std::vector<bool>& active, unsigned workers,
                   Layout& main_layout, CheckerSet& main_checkers, Successors& main_successors,
                   bool wide_keys, const SymmetryPlan* symmetry = nullptr);
  ~ParallelExpander();
  ParallelExpander(const ParallelExpander&) = delete;
  ParallelExpander& operator=(const ParallelExpander&) = delete;

  /// Expands parents 0..n-1, parent i packed in bytes[offsets[i], offsets[i+1]). Rethrows
  /// (after every worker stopped) an exception other than a model runtime error. A successor
  /// already in `known` (which nobody writes meanwhile) is not checked again: its `checked`
  /// stays false, and the merge finds it old and never asks state_check about it.
  void expand(const std::vector<std::uint8_t>& bytes, const std::vector<std::size_t>& offsets,
              const StateStore& known);

  const ParentResult& parent(std::uint32_t i) const { return chunks_[i / kChunk].parents[i % kChunk]; }
  const SuccessorRecord& record(std::uint32_t i, std::uint32_t k) const {
    return chunks_[i / kChunk].recs[parent(i).first + k];
  }
  const std::uint8_t* bytes(std::uint32_t i, const SuccessorRecord& r) const {
    return chunks_[i / kChunk].bytes.data() + r.offset;
  }
  /// The branch arms record r of parent i ran (coverage): r.arms_count of them.
  const std::uint32_t* arms(std::uint32_t i, const SuccessorRecord& r) const {
    return chunks_[i / kChunk].arms.data() + r.arms_first;
  }
  /// For a successor the merge found new: its on_state result, from the batch's one record
  /// that checked this state (the first to claim it; another's bytes are compared first).
  StateCheck state_check(std::uint32_t i, const SuccessorRecord& r) const;
  /// The varying explanations of parent i's chunk from `first` on.
  const std::string* taken(std::uint32_t i, std::uint32_t first) const {
    return chunks_[i / kChunk].taken.data() + first;
  }

  /// Bytes held by the batch buffers (as of the last expand).
  std::uint64_t memory_bytes() const { return memory_; }
  /// Adds what the other workers' checkers observed (vacuity) to `main`'s (worker 0's).
  void merge_observations(CheckerSet& main) const;

  static constexpr std::uint32_t kChunk = 64;  // parents per unit of work

 private:
  struct Context;
  struct Chunk {
    std::vector<SuccessorRecord> recs;
    std::vector<std::uint8_t> bytes;
    std::vector<ParentResult> parents;
    std::vector<std::string> taken;
    std::vector<std::uint32_t> arms;
    std::exception_ptr exception;
  };
  // Claims of the batch's new states, so that each is checked once although the level's
  // parents reach it many times: an open-addressed table of 64-bit keys (0: empty), the
  // claimant's (chunk, record) beside each. A hash collision between two states only costs
  // a check on the merging thread (state_check compares the bytes).
  std::vector<std::atomic<std::uint64_t>> claim_keys_;
  std::vector<std::uint64_t> claim_owner_;
  std::uint64_t batch_records_ = 0;  // records of the last batch (sizes the next table)
  /// Claims post state `key` for record `rec` of chunk `c` on behalf of a worker that made
  /// `mine` claims in this batch: true if this record must check it.
  bool claim(std::uint64_t key, std::uint32_t c, std::uint32_t rec, std::uint64_t& mine);
  std::vector<std::unique_ptr<Context>> contexts_;  // [0] wraps the caller's objects
  std::vector<Chunk> chunks_;
  std::vector<std::thread> threads_;
  bool wide_;
  std::uint64_t memory_ = 0;

  // the batch being expanded
  const std::vector<std::uint8_t>* in_bytes_ = nullptr;
  const std::vector<std::size_t>* in_offsets_ = nullptr;
  const StateStore* known_ = nullptr;
  std::uint32_t nchunks_ = 0;
  std::atomic<std::uint32_t> next_{0};

  std::mutex mu_;
  std::condition_variable start_, done_;
  std::uint64_t generation_ = 0;
  unsigned pending_ = 0;
  bool quit_ = false;

  void loop(unsigned w);
  void work(unsigned w);
  void run_chunk(Context& ctx, std::uint32_t c);
};

}  // namespace dpu::explicit_
