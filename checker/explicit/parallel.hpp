// The parallel half of a breadth-first search with --workers: expanding a batch of frontier
// states on several threads. Each worker has its own layout, checkers and successor generator
// (they hold scratch state), expands whole parents and records what the sequential search
// would see in Explorer::step for each successor, packed and hashed; two batches, so that one
// is expanded while the other is merged. The search merges each batch alone, parent by parent
// in frontier order, so ids, parents, ordinals, violations and counts are those of the
// sequential search (spec/explorer.md, "Parallel search").
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
  static constexpr std::uint32_t kNoError = 0xffffffffu;
  std::uint32_t error = kNoError;  // `checked` and on_state failed: its error in the chunk's `errors`
};

/// The post state's on_state result as ParallelExpander::state_check finds it.
struct StateCheck {
  bool known = false;  // false: nobody in the batch checked this state (the caller must)
  std::uint64_t violated = 0;
  const std::string* taken = nullptr;      // its varying explanations
  const StateCheckError* error = nullptr;  // on_state failed on it (then `violated` is 0)
};

/// What expanding one parent gave.
struct ParentResult {
  std::uint32_t first = 0, count = 0;  // its records, in its chunk
  std::uint64_t end_violated = 0;      // CheckerSet::on_expanded (terminal, quiescent)
  std::uint32_t why_end = 0;           // its varying explanations' first in `taken`
  bool failed = false;                 // a runtime error after `count` steps
  std::string error;
  model::Pos pos = 0;
  std::optional<StateCheckError> end_error;  // on_expanded failed on the parent (not `failed`)
};

class ParallelExpander {
 public:
  static constexpr std::uint32_t kChunk = 64;  // parents per unit of work
  /// The records of kChunk parents, made by one worker.
  struct Chunk {
    std::vector<SuccessorRecord> recs;
    std::vector<std::uint8_t> bytes;
    std::vector<ParentResult> parents;
    std::vector<std::string> taken;
    std::vector<std::uint32_t> arms;
    std::vector<StateCheckError> errors;  // of on_state, for SuccessorRecord::error
    std::exception_ptr exception;
  };
  /// One batch of parents and what expanding them gave. There are two, so that the caller
  /// merges one while the workers expand the other.
  class Batch {
   public:
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
    /// Began and not yet finished.
    bool busy() const { return busy_; }

   private:
    friend class ParallelExpander;
    std::vector<Chunk> chunks_;
    // Claims of the batch's new states, so that each is checked once although the level's
    // parents reach it many times: an open-addressed table of 64-bit keys (0: empty), the
    // claimant's (chunk, record) beside each. A hash collision between two states only costs
    // a check on the merging thread (state_check compares the bytes).
    std::vector<std::atomic<std::uint64_t>> claim_keys_;
    std::vector<std::uint64_t> claim_owner_;
    // per worker: the claims it made in this batch (a cache line each: the counters of two
    // cores in one line would bounce between them)
    struct alignas(64) Count {
      std::uint64_t n = 0;
    };
    std::vector<Count> claims_;
    std::uint64_t records_ = 0;  // records of the last batch (sizes the next table)
    std::uint64_t memory_ = 0;
    const std::vector<std::uint8_t>* in_bytes_ = nullptr;
    const std::vector<std::size_t>* in_offsets_ = nullptr;
    const StateStore* known_ = nullptr;
    std::uint32_t nchunks_ = 0;
    std::atomic<std::uint32_t> next_{0};  // the next chunk to take
    std::uint64_t order_ = 0;             // when it began: the workers take the older first
    unsigned inside_ = 0;                 // workers taking its chunks now (under the mutex)
    bool busy_ = false;
    /// Claims post state `key` for record `rec` of chunk `c` on behalf of worker `w`: true
    /// if this record must check it.
    bool claim(std::uint64_t key, std::uint32_t c, std::uint32_t rec, unsigned w);
    bool open() const { return busy_ && next_.load(std::memory_order_relaxed) < nchunks_; }
  };

  /// `workers` >= 2 threads in all (the caller's thread is worker 0 and uses `main_*`, while
  /// it is in finish()); the others get their own copies.
  ParallelExpander(const model::Model& m, const std::vector<bool>& active, unsigned workers,
                   Layout& main_layout, CheckerSet& main_checkers, Successors& main_successors,
                   bool wide_keys, const SymmetryPlan* symmetry = nullptr);
  ~ParallelExpander();
  ParallelExpander(const ParallelExpander&) = delete;
  ParallelExpander& operator=(const ParallelExpander&) = delete;

  /// Hands batch b (0 or 1, not busy) to the workers and returns: parents 0..n-1, parent i
  /// packed in bytes[offsets[i], offsets[i+1]), which stay untouched until finish(b). A
  /// successor already in `known` is not checked again (its `checked` stays false, and the
  /// merge finds it old and never asks state_check about it); `known` must then not be
  /// written until finish(b), so it is null when the caller merges meanwhile.
  void begin(int b, const std::vector<std::uint8_t>& bytes, const std::vector<std::size_t>& offsets,
             const StateStore* known);
  /// Expands what the workers have not taken of batch b on the caller's thread, waits for
  /// them, and rethrows (after every worker left it) an exception other than a model runtime
  /// error, the first failing chunk's.
  void finish(int b);
  /// Drops batch b (begun, its results unused): no chunk is taken any more, and the call
  /// returns when the workers have left it.
  void cancel(int b);
  const Batch& batch(int b) const { return batches_[b]; }

  /// Bytes held by the batch buffers (as of the last finish of each).
  std::uint64_t memory_bytes() const { return batches_[0].memory_ + batches_[1].memory_; }
  /// Adds what the other workers' checkers observed (vacuity) to `main`'s (worker 0's).
  void merge_observations(CheckerSet& main) const;

 private:
  struct Context;
  std::vector<std::unique_ptr<Context>> contexts_;  // [0] wraps the caller's objects
  std::vector<std::thread> threads_;
  Batch batches_[2];
  bool wide_;

  std::mutex mu_;
  std::condition_variable start_, done_;
  std::uint64_t began_ = 0;
  bool quit_ = false;

  void loop(unsigned w);
  /// Waits until no worker is inside batch B (no chunk left to take), then marks it idle.
  void close(Batch& B);
  /// Worker w takes chunks of batch B until none is left.
  void work(unsigned w, Batch& B);
  void run_chunk(Context& ctx, Batch& B, std::uint32_t c);
};

}  // namespace dpu::explicit_
