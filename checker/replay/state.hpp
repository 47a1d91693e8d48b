// The replayer's plain state (spec/semantics.md §1) — clarity over speed: nested vectors and
// maps, no packing, no slot layout shared with the explicit engine.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/model.hpp"

namespace dpu::replay {

using model::Id;
using model::Value;

/// A value of any model type. Scalars use `v`; records, arrays and sequences list their
/// elements in `items` (arrays: one per index value in order; sequences: the current
/// elements); a set lists its members as scalar items, sorted and without duplicates, so that
/// structural equality is set equality.
struct Val {
  Value v = 0;
  std::vector<Val> items;
  bool operator==(const Val&) const = default;
  std::strong_ordering operator<=>(const Val& o) const;  // (a recursive default does not compile)
};

/// A process: a family and an instance in it. `family == kNone` is "no process" (the sender
/// of a message sent by a top-level rule).
struct Proc {
  Id family = model::kNone;
  Value instance = 0;
  bool operator==(const Proc&) const = default;
  auto operator<=>(const Proc&) const = default;
};

enum class CopyStatus : std::uint8_t { Unsent, Sent, Delivered };

struct Copy {
  CopyStatus status = CopyStatus::Unsent;
  Id tag = model::kNone;  // the module that sent it (Sent/Delivered)
  bool operator==(const Copy&) const = default;
};

/// A protocol message of the finite universe (workload, origin stack, call number).
struct ProtoMsg {
  Id workload = 0;
  Id service = 0;
  Value origin = 0;
  Value call = 0;
  bool broadcast = true;
};

/// A control message in a channel. Unordered and fifo channels hold one entry per receiver;
/// a total channel holds one entry per broadcast with the receivers still to deliver it.
struct Control {
  Id kind = model::kNone;
  Proc sender;
  std::vector<Proc> receivers;  // sorted; exactly one for unordered/fifo
  std::vector<Val> fields;
  bool operator==(const Control&) const = default;
  auto operator<=>(const Control&) const = default;
};

struct Emitted {
  Id event = model::kNone;
  std::vector<Val> args;
};

struct Delivery {
  std::uint32_t msg = 0;
  Value dest = 0;
  Id tag = model::kNone;
};

struct State {
  // system state: what decides the future (compared by `same_system_state`)
  std::vector<std::vector<model::Binding>> bindings;  // [stack][module]
  std::vector<std::vector<Copy>> copies;              // [msg][dest stack]
  std::vector<std::vector<Value>> calls;              // [workload][stack]
  std::vector<std::uint64_t> sent_at;                 // [msg] send sequence number, 0: unsent
  std::uint64_t next_send = 1;
  std::map<Id, std::vector<Val>> vars;         // var -> value per instance (global: 1)
  std::vector<std::vector<Control>> channels;  // [channel] entries, oldest first
  std::map<Id, std::vector<bool>> crashed;     // family -> crashed flag per instance
  std::map<Id, Value> crash_events;            // family -> crashes so far (all kept)
  // history: read by properties only
  std::vector<Delivery> deliveries;  // every delivery, in order
  std::vector<Emitted> events;       // every `emit`, in order (its event and field values)
};

/// A protocol message's name as traces print it: "m1" is message id 0 (names are 1-based,
/// ids in JSON 0-based, as the explicit engine writes them).
inline std::string msg_label(std::uint32_t msg) { return "m" + std::to_string(msg + 1); }

/// The fixed facts of the protocol layer derived from the model once.
struct Universe {
  const model::Model* m = nullptr;
  Id stack_family = model::kNone;
  Value nstacks = 0;
  std::vector<ProtoMsg> msgs;            // ordered by workload, origin, call
  std::vector<std::uint32_t> first_msg;  // per workload

  explicit Universe(const model::Model& model);
  std::uint32_t msg_id(Id workload, Value origin, Value call) const;
  /// "m3" style name of a message, plus its origin and call: "m3 (P[1] call 0)".
  std::string msg_name(std::uint32_t msg) const;
  std::string proc_name(const Proc& p) const;
  std::string stack_name(Value stack) const;
  /// A process by its flat number (families in declaration order), or nullopt.
  std::optional<Proc> proc_of_pid(Value pid) const;
  Value pid_of(const Proc& p) const;
};

/// Equality of everything that decides which steps are enabled and what they do: bindings,
/// copies, counters, the relative send order of messages with undelivered copies, variables,
/// channels (unordered as multisets, fifo per sender–receiver queue), fault status. History
/// (deliveries) is not compared: two states equal here have the same futures.
bool same_system_state(const Universe& u, const State& a, const State& b);

/// Human-readable difference between two states, for messages ("P[1].got2: 2 vs 3").
std::string first_difference(const Universe& u, const State& a, const State& b);

std::string val_to_string(const model::Model& m, Id type, const Val& v);

/// True when the process is crashed (false for "no process").
bool is_crashed(const State& s, const Proc& p);

/// True when the process is one of the faulty processes of a `fault byzantine` (the last f
/// of its family, per group the last f members of each group; semantics §3). Written here
/// from the spec, not shared with the engine.
bool is_faulty(const model::Model& m, const Proc& p);

}  // namespace dpu::replay
