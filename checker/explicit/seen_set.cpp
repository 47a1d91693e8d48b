#include "explicit/seen_set.hpp"

#include <algorithm>
#include <cstring>

#include "explicit/hash.hpp"

namespace dpu::explicit_ {

SeenSet::SeenSet(bool fingerprints, bool fingerprint_ids, unsigned fingerprint_bits)
    : fp_(fingerprints),
      fp_ids_(fingerprints && fingerprint_ids),
      wide_(fingerprints && fingerprint_bits == 128) {
  table_.assign(std::size_t{1} << (64 - shift_), 0);
  if (fp_ids_) ids_.assign(table_.size(), 0);
  if (wide_) hi_.assign(table_.size(), 0);
}

SeenSet::Key SeenSet::key(const std::uint8_t* p, std::size_t n, bool wide) {
  if (!wide) return {hash_bytes(p, n), 0};
  Hash128 h = hash_bytes128(p, n);
  return {h.lo, h.hi};
}

bool SeenSet::equal(std::uint32_t id, const std::uint8_t* p, std::size_t n) const {
  std::size_t m;
  const std::uint8_t* q = state(id, m);
  return m == n && std::memcmp(p, q, n) == 0;
}

// The slot index comes from the hash's high bits; full mode keeps its low 32 bits as a tag
// so most mismatches are rejected without touching the arena.
std::pair<std::uint32_t, bool> SeenSet::insert(const std::uint8_t* p, std::size_t n, Key k) {
  if ((count_ + 1) * 2 > table_.size()) grow();
  const std::uint64_t h = k.h;
  const std::size_t mask = table_.size() - 1;
  std::size_t i = static_cast<std::size_t>(h >> shift_);
  if (fp_) {
    const std::uint64_t fp = h ? h : 1;  // 0 marks an empty slot
    for (;; i = (i + 1) & mask) {
      if (table_[i] == fp && (!wide_ || hi_[i] == k.h2)) return {fp_ids_ ? ids_[i] : 0, false};
      if (table_[i] == 0) {
        table_[i] = fp;
        if (wide_) hi_[i] = k.h2;
        if (fp_ids_) ids_[i] = static_cast<std::uint32_t>(count_);
        return {static_cast<std::uint32_t>(count_++), true};
      }
    }
  }
  const std::uint64_t tag = h & 0xffffffffu;
  for (;; i = (i + 1) & mask) {
    const std::uint64_t e = table_[i];
    if (e == 0) break;
    if ((e >> 32) == tag && equal(static_cast<std::uint32_t>(e & 0xffffffffu) - 1, p, n))
      return {static_cast<std::uint32_t>(e & 0xffffffffu) - 1, false};
  }
  const auto id = static_cast<std::uint32_t>(count_++);
  table_[i] = (tag << 32) | (std::uint64_t{id} + 1);
  arena_.insert(arena_.end(), p, p + n);
  off_.push_back(arena_.size());
  return {id, true};
}

bool SeenSet::contains(const std::uint8_t* p, std::size_t n, Key k) const {
  const std::size_t mask = table_.size() - 1;
  std::size_t i = static_cast<std::size_t>(k.h >> shift_);
  if (fp_) {
    const std::uint64_t fp = k.h ? k.h : 1;
    for (;; i = (i + 1) & mask) {
      if (table_[i] == fp && (!wide_ || hi_[i] == k.h2)) return true;
      if (table_[i] == 0) return false;
    }
  }
  const std::uint64_t tag = k.h & 0xffffffffu;
  for (;; i = (i + 1) & mask) {
    const std::uint64_t e = table_[i];
    if (e == 0) return false;
    if ((e >> 32) == tag && equal(static_cast<std::uint32_t>(e & 0xffffffffu) - 1, p, n)) return true;
  }
}

std::optional<std::uint32_t> SeenSet::find(const std::uint8_t* p, std::size_t n) const {
  const std::uint64_t h = hash_bytes(p, n);
  const std::size_t mask = table_.size() - 1;
  const std::uint64_t tag = h & 0xffffffffu;
  for (std::size_t i = static_cast<std::size_t>(h >> shift_);; i = (i + 1) & mask) {
    const std::uint64_t e = table_[i];
    if (e == 0) return std::nullopt;
    if ((e >> 32) == tag && equal(static_cast<std::uint32_t>(e & 0xffffffffu) - 1, p, n))
      return static_cast<std::uint32_t>(e & 0xffffffffu) - 1;
  }
}

void SeenSet::grow() {
  std::vector<std::uint64_t> old;
  std::vector<std::uint32_t> old_ids;
  std::vector<std::uint64_t> old_hi;
  old.swap(table_);
  old_ids.swap(ids_);
  old_hi.swap(hi_);
  --shift_;
  table_.assign(old.size() * 2, 0);
  if (fp_ids_) ids_.assign(table_.size(), 0);
  if (wide_) hi_.assign(table_.size(), 0);
  const std::size_t mask = table_.size() - 1;
  for (std::size_t k = 0; k < old.size(); ++k) {
    const std::uint64_t e = old[k];
    if (e == 0) continue;
    std::uint64_t h;
    if (fp_) {
      h = e;
    } else {
      std::size_t n;
      const std::uint8_t* p = state(static_cast<std::uint32_t>(e & 0xffffffffu) - 1, n);
      h = hash_bytes(p, n);
    }
    std::size_t i = static_cast<std::size_t>(h >> shift_);
    while (table_[i]) i = (i + 1) & mask;
    table_[i] = e;
    if (fp_ids_) ids_[i] = old_ids[k];
    if (wide_) hi_[i] = old_hi[k];
  }
}

std::uint64_t SeenSet::memory_bytes() const {
  return table_.capacity() * 8 + ids_.capacity() * 4 + hi_.capacity() * 8 + arena_.capacity() +
         off_.capacity() * 8;
}

std::uint64_t SeenSet::growth_bytes(std::size_t n) const {
  std::uint64_t g = 0;
  if ((count_ + 1) * 2 > table_.size()) g += table_.size() * 2 * (8 + (fp_ids_ ? 4 : 0) + (wide_ ? 8 : 0));
  if (!fp_ && arena_.size() + n > arena_.capacity()) g += 2 * std::max(arena_.capacity(), n);
  if (!fp_ && off_.size() == off_.capacity()) g += 2 * off_.capacity() * 8;
  return g;
}

void SeenSet::save(Writer& w) const {
  w.put<std::uint8_t>(fp_), w.put<std::uint8_t>(fp_ids_), w.put<std::uint8_t>(wide_);
  w.put(count_), w.put(shift_);
  w.put_vec(table_), w.put_vec(ids_), w.put_vec(hi_), w.put_vec(arena_), w.put_vec(off_);
}

void SeenSet::restore(Reader& r) {
  const bool fp = r.get<std::uint8_t>(), fp_ids = r.get<std::uint8_t>(), wide = r.get<std::uint8_t>();
  count_ = r.get<std::uint64_t>();
  shift_ = r.get<unsigned>();
  r.get_vec(table_), r.get_vec(ids_), r.get_vec(hi_), r.get_vec(arena_), r.get_vec(off_);
  // the header already matched the storage mode; these only keep a crafted file from
  // indexing out of bounds
  const bool ok = fp == fp_ && fp_ids == fp_ids_ && wide == wide_ && shift_ < 64 &&
                  table_.size() == (std::size_t{1} << (64 - shift_)) &&
                  (!fp_ids_ || ids_.size() == table_.size()) && (!wide_ || hi_.size() == table_.size()) &&
                  count_ * 2 <= table_.size() &&
                  (fp_ || (off_.size() == count_ + 1 && off_.back() == arena_.size()));
  if (!ok) throw CheckpointError("the checkpoint's state set is inconsistent");
}

}  // namespace dpu::explicit_
