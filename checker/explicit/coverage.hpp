// Counting fired steps for coverage (result::Coverage): one definition for the search and the
// simulator, so both count the same thing.
#pragma once

#include "explicit/engine.hpp"
#include "explicit/successors.hpp"
#include "model/branches.hpp"

namespace dpu::explicit_ {

inline result::Coverage empty_coverage(const model::Model& m) {
  result::Coverage c;
  c.rules.assign(m.rules.size(), 0);
  c.handlers.assign(m.handlers.size(), 0);
  c.kinds.assign(6, 0);  // model::StepKind's six kinds
  c.arms.assign(model::branch_points(m).arms.size(), 0);
  return c;
}

/// A step `a` fired (only kind and index are read: they are set even without `describe`),
/// running the branch arms `arms[0..n)` (Step::arms).
inline void count_step(result::Coverage& c, const Action& a, const std::uint32_t* arms = nullptr,
                       std::size_t n = 0) {
  ++c.kinds[static_cast<std::size_t>(a.kind)];
  if (a.kind == ActionKind::Rule) ++c.rules[a.index];
  if (a.kind == ActionKind::Handler) ++c.handlers[a.index];
  for (std::size_t i = 0; i < n; ++i) ++c.arms[arms[i]];
}

/// The same for a step as the successor generator hands it to a sink.
inline void count_step(result::Coverage& c, const Step& s) {
  if (s.arms)
    count_step(c, *s.detail, s.arms->data(), s.arms->size());
  else
    count_step(c, *s.detail);
}

}  // namespace dpu::explicit_
