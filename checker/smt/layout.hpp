// Where every state component of spec/semantics.md §1 lives in the SMT engine's state vector:
// one solver constant per leaf (a Boolean or a bounded integer) per step. This is the SMT
// engine's own layout, read from the typed model; it is not the explicit engine's packing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "model/universe.hpp"

namespace dpu::smt {

using model::Id;
using model::Value;

/// A construct the SMT engine does not encode yet: the run reports `unsupported` (exit 3).
struct Unsupported {
  std::string what;
};

/// How a leaf's values read in the model's notation (invariants printed by --show-invariant).
enum class LeafShow { Plain, Typed, Binding, Status, Module, Message, Process };

struct Leaf {
  bool is_bool = false;
  Value lo = 0, hi = 0;  // integer leaves: the values the component can take
  std::string name;      // in the model's notation: "P[1].got2", "binding(P[0], ct)", "ctl[3].msg"
  LeafShow show = LeafShow::Plain;
  Id type = model::kNone;  // LeafShow::Typed: the model type of the value
};

/// A value of a model type as leaves: scalars are one leaf; a record its fields in order; an
/// array its elements by index; a set one Boolean per element value; a sequence is not
/// encoded yet.
struct Flat {
  std::vector<Leaf> leaves;
};
Flat flatten(const model::Model& m, Id type);
/// Number of leaves of a value of `type`.
std::uint32_t leaf_count(const model::Model& m, Id type);

inline constexpr int kUnsent = 0, kSent = 1, kDelivered = 2;  // a copy's status leaf

struct ChannelLayout {
  std::uint32_t len = 0;      // leaf: entries in use
  std::uint32_t entries = 0;  // first leaf of entry 0
  std::uint32_t width = 0;    // leaves per entry: msg, sender, fields..., one Boolean per receiver
  std::uint32_t cap = 0;      // entries the encoding holds
  std::uint32_t fields = 2;   // offset of the first field inside an entry
  std::uint32_t recv = 0;     // offset of the receiver Booleans inside an entry
};

class Layout {
 public:
  /// `channel_cap`: entries each control channel holds in the encoding (at most 64, the
  /// semantics' bound); a step that would exceed a smaller encoding capacity is flagged.
  Layout(const model::Model& m, std::uint32_t channel_cap);

  const model::Model& m;
  model::MessageUniverse U;
  std::uint32_t nstacks = 0, nmodules = 0, nprocs = 0;
  Id stack_family = model::kNone;
  std::uint32_t sender_none = 0;  // the environment as a sender: nprocs
  std::vector<std::uint32_t> family_base;
  std::vector<Id> pid_family;

  std::vector<Leaf> leaves;
  std::uint32_t add(Leaf l);

  std::uint32_t bind(std::uint32_t stack, Id module) const { return off_bind + stack * nmodules + module; }
  std::uint32_t status(std::uint32_t msg, std::uint32_t q) const { return off_status + msg * nstacks + q; }
  std::uint32_t tag(std::uint32_t msg, std::uint32_t q) const { return off_tag + msg * nstacks + q; }
  std::uint32_t calls(Id wl, std::uint32_t o) const { return off_calls + wl * nstacks + o; }
  /// Leaf "msg `a` was called before msg `b`" (both of one total-order service), or -1.
  std::int64_t before(std::uint32_t a, std::uint32_t b) const { return before_[a * U.size() + b]; }
  std::uint32_t var(Id v, std::uint32_t instance) const {
    return var_off[v] + instance * leaf_count(m, m.vars[v].type);
  }
  std::uint32_t crashed(std::uint32_t pid) const { return off_crashed + pid; }
  std::vector<ChannelLayout> chans;
  std::uint32_t entry(Id c, std::uint32_t i) const { return chans[c].entries + i * chans[c].width; }
  std::uint32_t crash_events(std::size_t fault) const { return off_crash_events[fault]; }
  std::uint32_t channel_cap = 0;

 private:
  std::uint32_t off_bind = 0, off_status = 0, off_tag = 0, off_calls = 0, off_crashed = 0;
  std::vector<std::int64_t> before_;
  std::vector<std::uint32_t> var_off;
  std::vector<std::uint32_t> off_crash_events;
};

/// lo, lo+1, ... hi (empty when lo > hi), without overflowing at INT64_MAX: a domain may end
/// there (tests/regress/domain_at_int64_max.dpu). Callers bound the cardinality first.
std::vector<Value> domain_values(Value lo, Value hi);
/// hi, hi-1, ... lo.
std::vector<Value> domain_values_down(Value lo, Value hi);

/// "P[1]" for a process id.
std::string pid_name(const Layout& L, std::uint32_t pid);
/// Value `v` of leaf `l` in the model's notation ("bound", "S3", "P[1]", "idle", "7").
std::string show_value(const Layout& L, const Leaf& l, Value v);

}  // namespace dpu::smt
