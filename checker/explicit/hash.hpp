// Hashes of packed states: xxHash's XXH3 (a maintained, well-tested hash with good
// distribution on short keys; packed states are 10-100 bytes). The 64-bit hash places states
// in the seen set's table and is the default fingerprint; the 128-bit one is the fingerprint
// of `--fingerprint-bits 128`, for runs where 2^-64 per pair is not small enough.
#pragma once

#include <cstddef>
#include <cstdint>

#define XXH_INLINE_ALL  // a few dozen bytes per call: inlining beats a library call
#include <xxhash.h>

namespace dpu::explicit_ {

inline std::uint64_t hash_bytes(const std::uint8_t* p, std::size_t n) { return XXH3_64bits(p, n); }

struct Hash128 {
  std::uint64_t lo, hi;
};
inline Hash128 hash_bytes128(const std::uint8_t* p, std::size_t n) {
  XXH128_hash_t h = XXH3_128bits(p, n);
  return {h.low64, h.high64};
}

}  // namespace dpu::explicit_
