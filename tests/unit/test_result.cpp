// The one rule from statuses to `overall` and to the exit code (result/verdict.hpp).
#include <doctest/doctest.h>

#include "result/verdict.hpp"

namespace r = dpu::result;

namespace {

r::Result with(std::initializer_list<r::Status> statuses) {
  r::Result res;
  for (r::Status s : statuses) {
    r::PropertyResult p;
    p.status = s;
    res.properties.push_back(p);
  }
  return res;
}

}  // namespace

TEST_CASE("overall is the most severe status and the exit code follows it") {
  using S = r::Status;
  CHECK(r::overall(with({})) == S::Holds);
  CHECK(r::exit_code(with({})) == r::kHolds);
  CHECK(r::overall(with({S::Holds, S::HoldsUpToBound})) == S::HoldsUpToBound);
  CHECK(r::overall(with({S::Incomplete, S::HoldsUpToBound})) == S::Incomplete);
  CHECK(r::overall(with({S::Incomplete, S::Unsupported})) == S::Unsupported);
  CHECK(r::overall(with({S::Unsupported, S::Violated})) == S::Violated);
  CHECK(r::overall(with({S::Violated, S::Error, S::Holds})) == S::Error);
  // Exit codes: decided results exit 0/1, every undecided one 3.
  CHECK(r::exit_code(S::Holds) == r::kHolds);
  CHECK(r::exit_code(S::Violated) == r::kViolated);
  CHECK(r::exit_code(S::Error) == r::kViolated);
  CHECK(r::exit_code(S::HoldsUpToBound) == r::kIncomplete);
  CHECK(r::exit_code(S::Incomplete) == r::kIncomplete);
  CHECK(r::exit_code(S::Unsupported) == r::kIncomplete);
  // By construction: the exit code of a result is the exit code of its overall status, for
  // every combination of two statuses.
  const S all[] = {S::Holds, S::HoldsUpToBound, S::Violated, S::Incomplete, S::Unsupported, S::Error};
  for (S a : all)
    for (S b : all) CHECK(r::exit_code(with({a, b})) == r::exit_code(r::overall(with({a, b}))));
}

TEST_CASE("status words for text and JSON") {
  CHECK(std::string(r::to_string(r::Status::Unsupported)) == "unsupported");
  CHECK(std::string(r::status_id(r::Status::HoldsUpToBound)) == "holds_up_to_bound");
  CHECK(std::string(r::to_string(r::Status::HoldsUpToBound)) == "holds up to bound");
}
