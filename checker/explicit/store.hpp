// The state store: everything the search keeps about states, behind one interface. It owns
// the seen set (full packed states or 64-bit fingerprints), each state's parent, ordinal and
// depth, and the frontier (BFS queue or DFS stack, in both storage modes). The search driver
// (search.cpp) hands it canonical working states and asks it for the next one to expand; it
// never sees the packed bytes. The numbering rule it keeps is in spec/explorer.md
// ("Determinism").
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "explicit/seen_set.hpp"
#include "explicit/state.hpp"

namespace dpu::explicit_ {

class StateStore {
 public:
  static constexpr std::uint32_t kNoParent = 0xffffffffu;
  enum class Order { Bfs, Dfs };

  /// `reexpand`: a state reached again at a smaller depth than stored takes the new parent
  /// and depth and is put on the frontier again (a bounded DFS needs it to be exact).
  /// `fingerprint_bits` (64 or 128) only matters with `fingerprints`.
  StateStore(const Layout& L, bool fingerprints, Order order, bool reexpand, unsigned fingerprint_bits = 64);

  struct Added {
    std::uint32_t id;
    bool fresh;
  };
  /// Stores the canonical state `w` reached from `parent` by its `ordinal`-th step. A new
  /// state gets the next dense id and goes on the frontier.
  Added add(const Work& w, std::uint32_t parent, std::uint32_t ordinal, std::uint32_t depth);
  /// The same for a state packed by pack() (`n` bytes at `p`) whose seen-set key was computed
  /// beforehand (the parallel search packs and hashes in its workers).
  Added add_packed(const std::uint8_t* p, std::size_t n, SeenSet::Key key, std::uint32_t parent,
                   std::uint32_t ordinal, std::uint32_t depth);
  /// Takes the next state to expand off the frontier into `out`; false when it is empty.
  bool pop(Work& out, std::uint32_t& id);
  /// BFS only: the same, appending the packed state to `out` instead of unpacking it.
  bool pop_packed(std::vector<std::uint8_t>& out, std::uint32_t& id);
  /// Whether the packed state (`n` bytes at `p`, key `key`) is stored (reads only).
  bool contains(const std::uint8_t* p, std::size_t n, SeenSet::Key key) const {
    return seen_.contains(p, n, key);
  }
  /// Whether seen-set keys are 128-bit fingerprints (SeenSet::key's `wide`).
  bool wide_keys() const { return seen_.wide(); }
  /// Touches the table slot `key` will probe first (the merge of a parallel search knows its
  /// keys ahead of inserting them).
  void prefetch(SeenSet::Key key) const { seen_.prefetch(key); }

  std::uint32_t depth(std::uint32_t id) const { return depth_[id]; }
  /// The ordinals of the steps from the initial state to `id`.
  std::vector<std::uint32_t> path(std::uint32_t id) const;

  std::uint64_t size() const { return seen_.size(); }
  /// Entries waiting on the frontier (a bounded DFS may count a superseded entry too).
  std::uint64_t frontier_size() const;
  std::uint64_t max_depth() const { return max_depth_; }
  bool fingerprints() const { return seen_.fingerprints(); }
  unsigned fingerprint_bits() const { return seen_.fingerprint_bits(); }
  /// Bytes held by the store (capacities, so what the allocator gave us).
  std::uint64_t memory_bytes() const;
  /// An upper bound of memory_bytes() after the next add: a container about to grow needs
  /// its old and new buffers at once. Checked against a memory budget before adding.
  std::uint64_t memory_bytes_after_add() const { return memory_bytes_after_add(buf_.size()); }
  /// The same for a next state of `n` packed bytes.
  std::uint64_t memory_bytes_after_add(std::size_t n) const;

  /// Full mode only: state `id` into `out`, and the id of a stored state.
  void load(std::uint32_t id, Work& out) const;
  std::optional<std::uint32_t> find(const Work& w, std::vector<std::uint8_t>& scratch) const;

  /// Everything above into a checkpoint, and back into a store built with the same layout
  /// and options (throws CheckpointError if the data is inconsistent).
  void save(Writer&) const;
  void restore(Reader&);
  /// Puts state `id`, whose expansion was cut short, back on the frontier so that it is the
  /// next one popped (a limit reached in the middle of an expansion; see spec/explorer.md).
  void unpop(std::uint32_t id, const Work& w);

 private:
  const Layout& L_;
  Order order_;
  bool reexpand_;
  SeenSet seen_;
  std::vector<std::uint32_t> parent_, via_, depth_;
  std::uint64_t max_depth_ = 0;
  std::vector<std::uint8_t> buf_;
  // Full BFS: ids are assigned in BFS order, so the queue is the id range [head_, size).
  // Full DFS: a stack of (id, depth when pushed). Fingerprint mode keeps the frontier's packed
  // states in `frontier_`: BFS records [len u32][bytes][id u32] read from `head_`, DFS records
  // [bytes][len u32][depth u32][id u32] read from the end.
  std::size_t head_ = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> stack_;
  std::vector<std::uint8_t> frontier_;
  std::uint64_t frontier_entries_ = 0;  // fingerprint mode

  void push(std::uint32_t id, std::uint32_t depth, const std::uint8_t* p, std::size_t n);
  /// Fingerprint BFS: the record at head_ (its `len` packed bytes and its id), left in place
  /// until drop_bfs_record(len), which may move the buffer.
  const std::uint8_t* bfs_record(std::uint32_t& len, std::uint32_t& id) const;
  void drop_bfs_record(std::uint32_t len);
};

}  // namespace dpu::explicit_
