// Counting fired steps for coverage (result::Coverage): one definition for the search and the
// simulator, so both count the same thing.
#pragma once

#include "explicit/engine.hpp"

namespace dpu::explicit_ {

inline result::Coverage empty_coverage(const model::Model& m) {
  result::Coverage c;
  c.rules.assign(m.rules.size(), 0);
  c.handlers.assign(m.handlers.size(), 0);
  c.kinds.assign(6, 0);  // model::StepKind's six kinds
  return c;
}

/// A step `a` fired (only kind and index are read: they are set even without `describe`).
inline void count_step(result::Coverage& c, const Action& a) {
  ++c.kinds[static_cast<std::size_t>(a.kind)];
  if (a.kind == ActionKind::Rule) ++c.rules[a.index];
  if (a.kind == ActionKind::Handler) ++c.handlers[a.index];
}

}  // namespace dpu::explicit_
