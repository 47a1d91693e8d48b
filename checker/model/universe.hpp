// The message universe of spec/semantics.md §1: which protocol messages exist and how they are
// numbered. The numbering is part of the trace format (a step names its message by number), so
// every engine and the replayer take it from here.
#pragma once

#include <cstdint>
#include <vector>

#include "model/model.hpp"

namespace dpu::model {

/// A protocol message: call number `call` of the workload `workload` at origin stack `origin`.
struct ProtoMsg {
  Id workload = 0;
  Id service = 0;
  std::uint32_t origin = 0;  // instance index in the stacks family
  std::uint32_t call = 0;    // 0 .. calls_per_stack - 1
  bool broadcast = true;
};

/// Number of protocol messages (workloads x stacks x calls per stack), saturating at
/// UINT64_MAX, so a limit can be checked before the universe is built.
std::uint64_t message_count(const Model& m);

/// Every protocol message, numbered by workload (declaration order), then origin stack, then
/// call number. Precondition: message_count(m) fits in memory (check it against the engine's
/// limit first).
struct MessageUniverse {
  std::vector<ProtoMsg> msgs;
  std::vector<std::uint32_t> first_msg;        // per workload: the number of its first message
  std::vector<std::uint32_t> calls_per_stack;  // per workload

  explicit MessageUniverse(const Model& m);
  /// The number of call `call` of `workload` at origin stack `origin`.
  std::uint32_t id(Id workload, std::uint32_t origin, std::uint32_t call) const;
  std::uint32_t size() const { return static_cast<std::uint32_t>(msgs.size()); }
};

}  // namespace dpu::model
