#include "model/step_kind.hpp"

namespace dpu::model {

namespace {
constexpr StepKind kAll[] = {StepKind::Call,    StepKind::Deliver, StepKind::Rule,
                             StepKind::Handler, StepKind::Crash,   StepKind::Recover};
}

const char* to_string(StepKind k) {
  switch (k) {
    case StepKind::Call:
      return "call";
    case StepKind::Deliver:
      return "deliver";
    case StepKind::Rule:
      return "rule";
    case StepKind::Handler:
      return "handler";
    case StepKind::Crash:
      return "crash";
    case StepKind::Recover:
      return "recover";
  }
  return "?";
}

std::optional<StepKind> step_kind_named(std::string_view word) {
  for (StepKind k : kAll)
    if (word == to_string(k)) return k;
  return std::nullopt;
}

}  // namespace dpu::model
