#include "model/model.hpp"

#include <cassert>
#include <limits>

namespace dpu::model {

bool is_scalar(const Type& t) {
  switch (t.kind) {
    case TypeKind::Bool:
    case TypeKind::Range:
    case TypeKind::Enum:
    case TypeKind::Family:
    case TypeKind::Module:
      return true;
    default:
      return false;
  }
}

// Saturates at INT64_MAX rather than overflowing: `lo..hi` may span the whole int64 range
// (its cardinality is 2^64), and callers only compare the result against small limits.
bool is_faulty(const Model& m, Id family, Value instance) {
  for (const auto& f : m.faults) {
    if (f.kind != Fault::Kind::Byzantine || f.family != family) continue;
    const Family& fam = m.families[family];
    if (f.per_group && fam.dims.size() == 2) {
      if (instance % fam.dims[1] >= fam.dims[1] - f.at_most) return true;
    } else if (instance >= fam.count - f.at_most) {
      return true;
    }
  }
  return false;
}

Value cardinality(const Model& m, Id type) {
  assert(type < m.types.size() && "cardinality: type id must index Model::types");
  const Type& t = m.types[type];
  assert(is_scalar(t) && "cardinality: only scalar types have a value count");
  if (t.kind == TypeKind::Bool) return 2;
  if (t.hi < t.lo) return 0;  // e.g. `module` in a model without modules
  Value n = 0;
  if (__builtin_sub_overflow(t.hi, t.lo, &n) || n == std::numeric_limits<Value>::max())
    return std::numeric_limits<Value>::max();
  return n + 1;
}

std::uint64_t max_offset(Value lo, Value hi) {
  if (hi <= lo) return 0;
  // Unsigned subtraction wraps modulo 2^64, which is exact here because 0 < hi - lo < 2^64.
  return static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
}

unsigned bits_for_offset(std::uint64_t max_offset) {
  unsigned b = 0;
  while (b < 64 && (max_offset >> b) != 0) ++b;
  return b;
}

unsigned bits_needed(const Model& m, Id type) {
  assert(type < m.types.size() && "bits_needed: type id must index Model::types");
  const Type& t = m.types[type];
  assert(is_scalar(t) && "bits_needed: only scalar types fit one slot");
  if (t.kind == TypeKind::Bool) return 1;
  return bits_for_offset(max_offset(t.lo, t.hi));
}

}  // namespace dpu::model
