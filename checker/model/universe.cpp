#include "model/universe.hpp"

#include <limits>

namespace dpu::model {

namespace {

std::uint64_t stack_count(const Model& m) {
  if (!m.stacks) return 0;
  Value n = m.families.at(m.stacks->family).count;
  return n > 0 ? static_cast<std::uint64_t>(n) : 0;
}

}  // namespace

std::uint64_t message_count(const Model& m) {
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  const std::uint64_t stacks = stack_count(m);
  std::uint64_t total = 0;
  for (const Workload& wl : m.workloads) {
    auto calls = wl.calls_per_stack > 0 ? static_cast<std::uint64_t>(wl.calls_per_stack) : 0;
    std::uint64_t here = 0;
    if (__builtin_mul_overflow(stacks, calls, &here) || __builtin_add_overflow(total, here, &total))
      return kMax;
  }
  return total;
}

MessageUniverse::MessageUniverse(const Model& m) {
  const auto stacks = static_cast<std::uint32_t>(stack_count(m));
  for (Id w = 0; w < m.workloads.size(); ++w) {
    const Workload& wl = m.workloads[w];
    first_msg.push_back(static_cast<std::uint32_t>(msgs.size()));
    calls_per_stack.push_back(static_cast<std::uint32_t>(wl.calls_per_stack));
    for (std::uint32_t o = 0; o < stacks; ++o)
      for (Value k = 0; k < wl.calls_per_stack; ++k)
        msgs.push_back(ProtoMsg{w, wl.service, o, static_cast<std::uint32_t>(k), wl.broadcast});
  }
}

std::uint32_t MessageUniverse::id(Id workload, std::uint32_t origin, std::uint32_t call) const {
  return first_msg.at(workload) + origin * calls_per_stack.at(workload) + call;
}

}  // namespace dpu::model
