// Private to checker/resolve: interval arithmetic for the result types of integer
// expressions (`got2 + 1` has type 0..N+1). Bounds saturate at the int64 limits rather than
// overflow; a saturated bound only makes a type wider, never wrong.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>

namespace dpu::resolve::detail {

using Interval = std::pair<std::int64_t, std::int64_t>;

inline std::int64_t saturate(__int128 v) {
  constexpr auto lo = std::numeric_limits<std::int64_t>::min();
  constexpr auto hi = std::numeric_limits<std::int64_t>::max();
  return v < lo ? lo : v > hi ? hi : static_cast<std::int64_t>(v);
}

inline __int128 wide(std::int64_t v) { return static_cast<__int128>(v); }

inline Interval interval_add(Interval a, Interval b) {
  return {saturate(wide(a.first) + b.first), saturate(wide(a.second) + b.second)};
}
inline Interval interval_sub(Interval a, Interval b) {
  return {saturate(wide(a.first) - b.second), saturate(wide(a.second) - b.first)};
}
inline Interval interval_neg(Interval a) { return {saturate(-wide(a.second)), saturate(-wide(a.first))}; }
inline Interval interval_mul(Interval a, Interval b) {
  __int128 c[4] = {wide(a.first) * b.first, wide(a.first) * b.second, wide(a.second) * b.first,
                   wide(a.second) * b.second};
  return {saturate(*std::min_element(c, c + 4)), saturate(*std::max_element(c, c + 4))};
}
inline __int128 magnitude(Interval a) {
  return std::max(a.first < 0 ? -wide(a.first) : wide(a.first),
                  a.second < 0 ? -wide(a.second) : wide(a.second));
}
// Integer division truncates toward zero: |a / b| <= |a|, and a non-negative dividend over a
// positive divisor stays non-negative.
inline Interval interval_div(Interval a, Interval b) {
  __int128 m = magnitude(a);
  if (a.first >= 0 && b.first > 0) return {0, saturate(m)};
  return {saturate(-m), saturate(m)};
}
// C++ `%` takes the sign of the dividend and |a % b| < |b|.
inline Interval interval_mod(Interval a, Interval b) {
  __int128 m = std::max<__int128>(magnitude(b) - 1, 0);
  m = std::min(m, magnitude(a));
  if (a.first >= 0) return {0, saturate(m)};
  return {saturate(-m), saturate(m)};
}

}  // namespace dpu::resolve::detail
