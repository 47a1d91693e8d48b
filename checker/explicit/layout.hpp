// The state layout, computed once from the typed model: where each component of a state
// lives in the working representation (`Work`, a flat array of int64 slots plus bounded
// channel buffers) and how a state is bit-packed into the byte string the seen set stores.
// spec/explorer.md describes the layout; spec/semantics.md §1 the components.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "model/universe.hpp"

namespace dpu::explicit_ {

using model::Id;
using model::Value;

/// The range of one slot, for packing: the slot holds lo .. lo + 2^bits - 1.
struct SlotInfo {
  Value lo = 0;
  Value hi = 0;
  std::uint8_t bits = 0;
};

/// Shape of a type in slots.
struct TypeInfo {
  std::uint32_t size = 1;  // number of slots
  bool scalar = true;
  Value lo = 0, hi = 0;                  // scalar range
  std::uint32_t esize = 1;               // Array/Set/Seq element size (Set: 1)
  std::vector<std::uint32_t> field_off;  // Record
  std::vector<SlotInfo> flat;            // every slot's range (for range checks and packing)
};

/// The model is outside what this engine supports (e.g. Byzantine faults).
struct Unsupported : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A protocol message of the finite universe (model/universe.hpp: one numbering for all).
using ProtoMsg = model::ProtoMsg;

/// A weakly fair task (spec/semantics.md §3): deliveries per copy, rules per instance,
/// handlers per receiver.
struct Tasks {
  std::uint32_t count = 0;
  std::uint32_t deliver_base = 0;           // + msg * nstacks + dest
  std::vector<std::uint32_t> rule_base;     // + instance; kNone if unfair
  std::vector<std::uint32_t> handler_base;  // + instance; kNone if unfair
  static constexpr std::uint32_t kNoTask = 0xffffffffu;
};

class Layout {
 public:
  explicit Layout(const model::Model& m);

  /// Appends `n` monitor slots holding lo..hi; returns the first. Only the checkers call it,
  /// while they are built and before any state exists (monitor slots come last, and only
  /// the checked properties have them, to keep states small).
  std::uint32_t add_monitor_slots(std::uint32_t n, Value lo, Value hi);

  const model::Model& m;
  std::vector<TypeInfo> types;

  // processes: a process id (pid) is family_base[f] + instance
  std::vector<std::uint32_t> family_base;
  std::vector<Id> pid_family;
  std::uint32_t nprocs = 0;
  std::vector<bool> faulty;  // [pid]: a faulty process of a `fault byzantine`; none of its steps is fair

  // protocol layer
  Id stack_family = model::kNone;
  std::uint32_t nstacks = 0, nmodules = 0;
  std::vector<ProtoMsg> msgs;
  std::vector<std::uint32_t> workload_first_msg;

  // fixed slot offsets
  std::uint32_t off_bind = 0;          // [stack][module] Binding
  std::uint32_t off_status = 0;        // [msg][dest] 0 unsent, 1 sent, 2 delivered
  std::uint32_t off_tag = 0;           // [msg][dest] module
  std::uint32_t off_calls = 0;         // [workload][stack]
  std::uint32_t off_rank = 0;          // [msg] 0: none, else send rank
  std::uint32_t off_crashed = 0;       // [pid]
  std::uint32_t off_crash_events = 0;  // [fault] crash events so far (`at most k crashes`)
  std::vector<std::uint32_t> var_off;  // var id -> first slot (instance 0)
  std::uint32_t nfixed = 0;
  std::vector<SlotInfo> fixed;   // per fixed slot
  std::uint64_t fixed_bits = 0;  // packed size of the fixed part

  // control channels: entry = [kind, sender pid, dest, fields...]; dest is a receiver pid,
  // or for a total channel the bitmask of receivers that have not delivered it yet
  static constexpr std::uint32_t kChannelCap = 64;
  // Engine limits, all checked before anything of that size is allocated (check_limits and
  // the slot counts in layout_vars / layout_channels): pids are bits of a 64-bit receiver
  // mask, and the rank/monitor slots are sized for at most 250 messages.
  static constexpr std::uint32_t kMaxProcesses = 62;
  static constexpr std::uint32_t kMaxMessages = 250;
  /// Slots of one working state (fixed part plus channel buffers): a few tens of MB per state.
  static constexpr std::uint64_t kMaxStateSlots = std::uint64_t{1} << 22;
  std::uint32_t entry_width = 3;
  std::vector<std::vector<SlotInfo>> msg_fields;  // per message kind: flattened fields
  std::uint32_t sender_none = 0;                  // pid used for sends outside any process (== nprocs)

  Tasks tasks;

  const TypeInfo& ti(Id type) const { return types.at(type); }
  std::uint32_t var_slot(Id var, std::uint32_t instance) const {
    return var_off[var] + instance * types[m.vars[var].type].size;
  }
  std::uint32_t bind_slot(std::uint32_t stack, Id module) const {
    return off_bind + stack * nmodules + module;
  }
  std::uint32_t copy(std::uint32_t msg, std::uint32_t dest) const { return msg * nstacks + dest; }
  std::uint32_t instance_count(Id family) const {
    return static_cast<std::uint32_t>(m.families[family].count);
  }

 private:
  void check_limits() const;
  void layout_types();
  void layout_processes();
  void layout_protocol();
  void layout_vars();
  void layout_channels();
  void layout_tasks();
  std::uint32_t add_slots(std::uint32_t n, Value lo, Value hi);
};

/// Packed width of a slot holding lo..hi (model::bits_for_offset of its exact span).
std::uint8_t slot_bits(Value lo, Value hi);

}  // namespace dpu::explicit_
