// The step-kind vocabulary of spec/semantics.md §2-3: the six kinds of transition every engine
// generates and every trace names. One list and one spelling, shared by the result layer, the
// renderers and the replayer's trace reader.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace dpu::model {

enum class StepKind : std::uint8_t { Call, Deliver, Rule, Handler, Crash, Recover };

/// "call", "deliver", "rule", "handler", "crash", "recover": the word used in text traces and
/// the `kind` of a step in JSON (spec/trace-format.md).
const char* to_string(StepKind);

/// The kind spelled `word`, or nothing.
std::optional<StepKind> step_kind_named(std::string_view word);

}  // namespace dpu::model
