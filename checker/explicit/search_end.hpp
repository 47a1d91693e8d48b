// How a search ended, and what that makes of a property it found no violation of. One rule
// for the one-process search and the distributed one, so both say the same for the same end.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "result/result.hpp"

namespace dpu::explicit_ {

/// A violation or runtime error the search found: the state it was found in (a store id, or
/// kNoState for the initial state), the step that failed from there if it was a step.
struct Found {
  static constexpr std::uint32_t kNoState = 0xffffffffu;
  std::uint32_t state = kNoState;
  std::optional<std::uint32_t> ordinal;
  std::string why;
  std::optional<model::Pos> pos;  // runtime errors: the offending statement or expression
};

struct SearchEnd {
  bool error = false;       // a runtime error stopped it
  bool incomplete = false;  // a limit or a signal stopped it; `incomplete_why` says which
  std::string incomplete_why;
  bool stopped = false;  // it stopped at the first violation (of another property)
  bool bounded = false;  // the depth bound cut a path
  std::optional<std::uint64_t> max_depth;
};

/// The status and explanation of a property with no violation found, by the first of these
/// that applies: a runtime error, a limit, the stop at another property's violation, the
/// depth bound; otherwise it holds.
void set_unviolated(result::PropertyResult& pr, const SearchEnd& end);

/// A run the engine cannot do (a limit of its state layout): every checked property, or
/// "model" when none is, is *unsupported* with `why`.
void add_unsupported(result::Result& r, const model::Model& m, const std::vector<bool>& active,
                     const std::string& why);

/// The result's "runtime error" entry for `error` (with `message`), without its trace.
result::PropertyResult runtime_error_entry(const Found& error, const std::string& message);

}  // namespace dpu::explicit_
