// The one rule from property statuses to the overall verdict and to the process exit code.
// The text output, the JSON `overall` field and the exit code all come from here, so they
// agree by construction.
#pragma once

#include "result/result.hpp"

namespace dpu::result {

/// The documented exit codes (README.md).
enum ExitCode : int {
  kHolds = 0,       // every checked property holds
  kViolated = 1,    // a property is violated, or the model hit a runtime error
  kInputError = 2,  // the model or the command line is wrong
  kIncomplete = 3,  // undecided: a bound, a limit, or a construct the engine cannot handle
};

/// The most severe status of the result: Error > Violated > Unsupported > Incomplete >
/// HoldsUpToBound > Holds. A result with no property holds.
Status overall(const Result&);

/// Holds -> 0; Violated, Error -> 1; HoldsUpToBound, Incomplete, Unsupported -> 3.
ExitCode exit_code(Status);

/// exit_code(overall(r)).
ExitCode exit_code(const Result&);

}  // namespace dpu::result
