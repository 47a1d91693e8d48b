#include "result/verdict.hpp"

namespace dpu::result {

namespace {

// Severity order for `overall`: a runtime error of the model beats a violation (both exit
// 1), a violation beats every undecided status, and "cannot decide at all" beats "stopped
// early" beats "decided up to a bound".
int severity(Status s) {
  switch (s) {
    case Status::Holds:
      return 0;
    case Status::HoldsUpToBound:
      return 1;
    case Status::Incomplete:
      return 2;
    case Status::Unsupported:
      return 3;
    case Status::Violated:
      return 4;
    case Status::Error:
      return 5;
  }
  return 0;
}

}  // namespace

Status overall(const Result& r) {
  Status worst = Status::Holds;
  for (const PropertyResult& p : r.properties)
    if (severity(p.status) > severity(worst)) worst = p.status;
  return worst;
}

ExitCode exit_code(Status s) {
  switch (s) {
    case Status::Holds:
      return kHolds;
    case Status::Violated:
    case Status::Error:
      return kViolated;
    case Status::HoldsUpToBound:
    case Status::Incomplete:
    case Status::Unsupported:
      return kIncomplete;
  }
  return kIncomplete;
}

ExitCode exit_code(const Result& r) { return exit_code(overall(r)); }

}  // namespace dpu::result
