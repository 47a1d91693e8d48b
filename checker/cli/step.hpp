// `dpucheck step FILE`: walk a model's transition system by hand (step.cpp).
#pragma once

#include "cli/commands.hpp"

namespace dpu::cli {

/// Reads commands from stdin until `quit` or the end of input; 0 then, 2 for a model that
/// does not load, 1 when its initial state meets a runtime error, 3 when the engine cannot
/// explore it.
int run_step(const CommonOptions& o);

}  // namespace dpu::cli
