// The documented exit codes (README.md), in one place.
#pragma once

namespace dpu::cli {

enum ExitCode : int {
  kHolds = 0,        // every checked property holds
  kViolated = 1,     // some property is violated (a counterexample was printed)
  kInputError = 2,   // the model or the command line is wrong
  kIncomplete = 3,   // a bound or limit was reached before a verdict
};

}  // namespace dpu::cli
