// A readable, deterministic summary of a resolved model (`dpucheck parse FILE`).
#pragma once

#include <string>

#include "model/model.hpp"

namespace dpu::model {

/// Everything the engines see, in declaration order: constants with values, enums,
/// services, modules (x, R), stacks with bindings, families with sizes and variables,
/// channels, messages, events, algorithms, updates, workloads, rules and handlers (frame,
/// guard, body printed in full), faults and properties. It contains no source positions and
/// no file name, so a model and its `dpucheck fmt` output describe identically: the text is
/// a fingerprint of the model.
std::string describe(const Model& m);

}  // namespace dpu::model
