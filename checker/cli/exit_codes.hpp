// The documented exit codes (README.md). They are defined beside the rule that derives them
// from results (result/verdict.hpp), so that rule and the codes the CLI returns for input
// errors cannot drift apart.
#pragma once

#include "result/verdict.hpp"

namespace dpu::cli {

using result::ExitCode;
using result::kHolds;       // every checked property holds
using result::kIncomplete;  // undecided: a bound, a limit or an unsupported construct
using result::kInputError;  // the model or the command line is wrong
using result::kViolated;    // some property is violated, or the model hit a runtime error

/// Not derived from any result: an exception escaped a command (a bug in dpucheck, or an
/// allocation failure outside the engine's own limits). main's last-resort handler.
inline constexpr int kInternalError = 4;

}  // namespace dpu::cli
