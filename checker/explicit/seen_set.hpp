// The set of visited states. Full mode stores every packed state in one byte arena and keeps
// an open-addressing table of (hash tag, state id); fingerprint mode keeps only 64-bit or
// 128-bit hashes (TLC-style: a collision silently merges two states; the probability is
// reported). Hashes are XXH3 (hash.hpp).
// State ids are dense and in insertion order, which makes numbering deterministic.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "explicit/checkpoint.hpp"

namespace dpu::explicit_ {

class SeenSet {
 public:
  /// `fingerprint_ids`: in fingerprint mode, also keep each fingerprint's state id (4 bytes
  /// per table slot) so that `insert` can name an old state (bounded DFS needs it).
  /// `fingerprint_bits`: 64 or 128 (fingerprint mode only).
  explicit SeenSet(bool fingerprints, bool fingerprint_ids = false, unsigned fingerprint_bits = 64);

  /// What the table needs of a packed state: its 64-bit hash (slot, tag, 64-bit
  /// fingerprint) and, for 128-bit fingerprints, the other half. Computable without the
  /// set (a parallel search hashes successors before inserting them).
  struct Key {
    std::uint64_t h = 0, h2 = 0;
  };
  static Key key(const std::uint8_t* p, std::size_t n, bool wide);
  Key key(const std::uint8_t* p, std::size_t n) const { return key(p, n, wide_); }
  bool wide() const { return wide_; }
  void prefetch(Key k) const { __builtin_prefetch(table_.data() + (k.h >> shift_)); }

  /// Inserts a packed state; returns (id, true) if it is new, (id, false) otherwise
  /// (fingerprint mode without `fingerprint_ids` cannot name the old state: id 0).
  std::pair<std::uint32_t, bool> insert(const std::uint8_t* p, std::size_t n) {
    return insert(p, n, key(p, n));
  }
  /// The same with the key computed beforehand by key(p, n).
  std::pair<std::uint32_t, bool> insert(const std::uint8_t* p, std::size_t n, Key k);
  /// Whether insert(p, n, k) would find the state already there (either mode). Only reads:
  /// the parallel search's workers ask it while the table is not being written.
  bool contains(const std::uint8_t* p, std::size_t n, Key k) const;
  /// Full mode: the id of a stored state.
  std::optional<std::uint32_t> find(const std::uint8_t* p, std::size_t n) const;
  /// Full mode: the bytes of state `id`.
  const std::uint8_t* state(std::uint32_t id, std::size_t& n) const {
    n = static_cast<std::size_t>(off_[id + 1] - off_[id]);
    return arena_.data() + off_[id];
  }
  std::uint64_t size() const { return count_; }
  std::uint64_t memory_bytes() const;
  /// What inserting one more state of about `n` bytes may allocate on top of memory_bytes()
  /// (a table doubling, an arena or offsets reallocation).
  std::uint64_t growth_bytes(std::size_t n) const;
  bool fingerprints() const { return fp_; }
  unsigned fingerprint_bits() const { return wide_ ? 128 : 64; }
  /// The whole set into a checkpoint, and back (throws CheckpointError if inconsistent).
  void save(Writer&) const;
  void restore(Reader&);

 private:
  bool fp_, fp_ids_, wide_;
  std::uint64_t count_ = 0;
  unsigned shift_ = 64 - 16;
  std::vector<std::uint64_t> table_;  // full: (tag << 32) | (id + 1); fp: fingerprint (0 empty)
  std::vector<std::uint32_t> ids_;    // fp with fingerprint_ids: the id in each table slot
  std::vector<std::uint64_t> hi_;     // 128-bit fp: the other half of each slot's fingerprint
  std::vector<std::uint8_t> arena_;
  std::vector<std::uint64_t> off_{0};
  void grow();
  bool equal(std::uint32_t id, const std::uint8_t* p, std::size_t n) const;
};

}  // namespace dpu::explicit_
