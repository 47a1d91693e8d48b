#include "explicit/layout.hpp"

#include <algorithm>
#include <functional>
#include <limits>

namespace dpu::explicit_ {

using model::TypeKind;

// Every slot's width comes from model::bits_for_offset over its exact value span: computing
// a range's size here as `hi - lo + 1` once overflowed for wide ranges and packed a variable
// into 0 bits, so a reachable violation was missed.
std::uint8_t slot_bits(Value lo, Value hi) {
  return static_cast<std::uint8_t>(model::bits_for_offset(model::max_offset(lo, hi)));
}

Layout::Layout(const model::Model& model) : m(model) {
  check_limits();
  layout_types();
  layout_processes();
  layout_protocol();
  layout_vars();
  layout_channels();
  layout_tasks();
  for (const auto& f : fixed) fixed_bits += f.bits;
}

// The limits that a `-D` constant can push arbitrarily far are tested here, on counts
// computed with saturating arithmetic, before any per-process or per-message table exists:
// `-D M=100000000` must be refused at once, not after allocating 10^8 messages.
void Layout::check_limits() const {
  Value procs = 0;
  for (const auto& f : m.families)
    if (__builtin_add_overflow(procs, f.count, &procs)) procs = std::numeric_limits<Value>::max();
  if (procs > kMaxProcesses)
    throw Unsupported("more than " + std::to_string(kMaxProcesses) + " processes (the model has " +
                      std::to_string(procs) + ")");
  const std::uint64_t nm = model::message_count(m);  // saturates at UINT64_MAX
  if (nm > kMaxMessages)
    throw Unsupported("more than " + std::to_string(kMaxMessages) +
                      " protocol messages in the workload (the model has " +
                      (nm == std::numeric_limits<std::uint64_t>::max() ? std::string("at least 2^64")
                                                                       : std::to_string(nm)) +
                      ")");
}

void Layout::layout_types() {
  types.resize(m.types.size());
  std::vector<char> done(m.types.size(), 0);
  std::function<const TypeInfo&(Id)> get = [&](Id id) -> const TypeInfo& {
    if (done[id] == 1) return types[id];
    if (done[id] == 2) throw Unsupported("recursive type " + m.types[id].name);
    done[id] = 2;
    const auto& t = m.types[id];
    TypeInfo info;
    switch (t.kind) {
      case TypeKind::Bool:
        info.lo = 0, info.hi = 1;
        break;
      case TypeKind::Range:
      case TypeKind::Enum:
      case TypeKind::Family:
      case TypeKind::Module:
        info.lo = t.lo, info.hi = t.hi;
        break;
      case TypeKind::Record: {
        info.scalar = false, info.size = 0;
        for (const auto& [name, ft] : t.fields) {
          const auto& fi = get(ft);
          info.field_off.push_back(info.size);
          info.size += fi.size;
          info.flat.insert(info.flat.end(), fi.flat.begin(), fi.flat.end());
        }
        break;
      }
      case TypeKind::Array: {
        const auto& el = get(t.elem);
        info.scalar = false, info.esize = el.size;
        // the resolver bounds an aggregate to a million slots, so this cannot wrap
        Value n = model::cardinality(m, t.index);
        info.size = static_cast<std::uint32_t>(n) * el.size;
        for (Value i = 0; i < n; ++i) info.flat.insert(info.flat.end(), el.flat.begin(), el.flat.end());
        break;
      }
      case TypeKind::Set: {
        info.scalar = false, info.esize = 1;
        info.size = static_cast<std::uint32_t>(model::cardinality(m, t.elem));
        info.flat.assign(info.size, SlotInfo{0, 1, 1});
        break;
      }
      case TypeKind::Seq: {
        const auto& el = get(t.elem);
        info.scalar = false, info.esize = el.size;
        info.size = 1 + static_cast<std::uint32_t>(t.capacity) * el.size;
        info.flat.push_back(SlotInfo{0, t.capacity, slot_bits(0, t.capacity)});
        for (Value i = 0; i < t.capacity; ++i)
          info.flat.insert(info.flat.end(), el.flat.begin(), el.flat.end());
        break;
      }
    }
    if (info.scalar) {
      // An empty scalar type (the `module` type of a model without modules) has no values,
      // so nothing can be stored in it; it still gets a one-value slot shape so that every
      // type id has a layout.
      Value hi = info.hi < info.lo ? info.lo : info.hi;
      info.flat.push_back(SlotInfo{info.lo, hi, static_cast<std::uint8_t>(model::bits_needed(m, id))});
    }
    types[id] = std::move(info);
    done[id] = 1;
    return types[id];
  };
  for (Id i = 0; i < m.types.size(); ++i) get(i);
}

void Layout::layout_processes() {
  for (Id f = 0; f < m.families.size(); ++f) {
    family_base.push_back(nprocs);
    for (Value i = 0; i < m.families[f].count; ++i) {
      pid_family.push_back(f);
      faulty.push_back(model::is_faulty(m, f, i));
    }
    nprocs += static_cast<std::uint32_t>(m.families[f].count);
  }
  sender_none = nprocs;
}

std::uint32_t Layout::add_slots(std::uint32_t n, Value lo, Value hi) {
  std::uint32_t at = nfixed;
  for (std::uint32_t i = 0; i < n; ++i) fixed.push_back(SlotInfo{lo, hi, slot_bits(lo, hi)});
  nfixed += n;
  return at;
}

void Layout::layout_protocol() {
  nmodules = static_cast<std::uint32_t>(m.modules.size());
  if (m.stacks) {
    stack_family = m.stacks->family;
    nstacks = instance_count(stack_family);
  }
  // check_limits() has tested model::message_count(m) against kMaxMessages already
  model::MessageUniverse universe(m);
  msgs = std::move(universe.msgs);
  workload_first_msg = std::move(universe.first_msg);
  auto nm = static_cast<std::uint32_t>(msgs.size());
  off_bind = add_slots(nstacks * nmodules, 0, 2);
  off_status = add_slots(nm * nstacks, 0, 2);
  off_tag = add_slots(nm * nstacks, 0, nmodules ? nmodules - 1 : 0);
  off_calls = nfixed;
  for (const auto& wl : m.workloads) add_slots(nstacks, 0, wl.calls_per_stack);
  off_rank = add_slots(nm, 0, nm);
  off_crashed = add_slots(nprocs, 0, 1);
  // One counter per fault of crash events so far; only a bound on events needs it (the
  // others get a 0-bit slot, so their states are unchanged).
  off_crash_events = nfixed;
  for (const auto& f : m.faults)
    add_slots(1, 0, f.kind == model::Fault::Kind::Crash && f.counts_events ? f.at_most : 0);
}

void Layout::layout_vars() {
  std::uint64_t slots = nfixed;  // at most 62 instances of a type of at most 2^20 slots each
  for (const auto& var : m.vars)
    slots +=
        std::uint64_t{types[var.type].size} * (var.family == model::kNone ? 1 : instance_count(var.family));
  if (slots > kMaxStateSlots)
    throw Unsupported("the variables need " + std::to_string(slots) + " slots per state (at most " +
                      std::to_string(kMaxStateSlots) + ")");
  var_off.assign(m.vars.size(), 0);
  for (Id v = 0; v < m.vars.size(); ++v) {
    const auto& var = m.vars[v];
    const auto& t = types[var.type];
    std::uint32_t n = var.family == model::kNone ? 1 : instance_count(var.family);
    var_off[v] = nfixed;
    for (std::uint32_t i = 0; i < n; ++i) {
      fixed.insert(fixed.end(), t.flat.begin(), t.flat.end());
      nfixed += t.size;
    }
  }
}

std::uint32_t Layout::add_monitor_slots(std::uint32_t n, Value lo, Value hi) {
  std::uint32_t at = add_slots(n, lo, hi);
  for (std::uint32_t i = at; i < nfixed; ++i) fixed_bits += fixed[i].bits;
  return at;
}

void Layout::layout_channels() {
  std::uint32_t maxf = 0;
  for (const auto& mt : m.messages) {
    std::vector<SlotInfo> flat;
    for (const auto& [name, ft] : mt.fields) {
      const auto& fi = types[ft];
      flat.insert(flat.end(), fi.flat.begin(), fi.flat.end());
    }
    maxf = std::max<std::uint32_t>(maxf, static_cast<std::uint32_t>(flat.size()));
    msg_fields.push_back(std::move(flat));
  }
  entry_width = 3 + maxf;
  const std::uint64_t buffers = std::uint64_t{m.channels.size()} * kChannelCap * entry_width;
  if (nfixed + buffers > kMaxStateSlots)
    throw Unsupported("the control channels need " + std::to_string(buffers) + " slots per state (at most " +
                      std::to_string(kMaxStateSlots) + " in all)");
}

void Layout::layout_tasks() {
  tasks.deliver_base = 0;
  tasks.count = static_cast<std::uint32_t>(msgs.size()) * nstacks;
  auto instances = [&](Id family, const std::optional<Value>& fixed_instance) -> std::uint32_t {
    if (family == model::kNone || fixed_instance) return 1;
    return instance_count(family);
  };
  for (const auto& r : m.rules) {
    if (r.fairness == model::Fairness::Unfair) {
      tasks.rule_base.push_back(Tasks::kNoTask);
      continue;
    }
    tasks.rule_base.push_back(tasks.count);
    tasks.count += instances(r.family, r.fixed_instance);
  }
  for (const auto& h : m.handlers) {
    if (h.fairness == model::Fairness::Unfair) {
      tasks.handler_base.push_back(Tasks::kNoTask);
      continue;
    }
    tasks.handler_base.push_back(tasks.count);
    tasks.count += instances(h.family, h.fixed_instance);
  }
}

}  // namespace dpu::explicit_
