#include "replay/state.hpp"

#include <algorithm>
#include <tuple>

#include "model/universe.hpp"

namespace dpu::replay {

std::strong_ordering Val::operator<=>(const Val& o) const {
  if (auto c = v <=> o.v; c != 0) return c;
  return std::lexicographical_compare_three_way(items.begin(), items.end(), o.items.begin(), o.items.end());
}

Universe::Universe(const model::Model& model) : m(&model) {
  if (model.stacks) {
    stack_family = model.stacks->family;
    nstacks = model.families.at(stack_family).count;
  }
  // The numbering is the trace format's, so it comes from model/ (the semantics of the
  // messages stays the replayer's own).
  model::MessageUniverse universe(model);
  first_msg = universe.first_msg;
  for (const model::ProtoMsg& p : universe.msgs)
    msgs.push_back(ProtoMsg{p.workload, p.service, p.origin, p.call, p.broadcast});
}

std::uint32_t Universe::msg_id(Id workload, Value origin, Value call) const {
  return first_msg.at(workload) +
         static_cast<std::uint32_t>(origin * m->workloads.at(workload).calls_per_stack + call);
}

std::string Universe::msg_name(std::uint32_t msg) const {
  const ProtoMsg& p = msgs.at(msg);
  return msg_label(msg) + " (" + m->services[p.service].name + " call " + std::to_string(p.call) + " of " +
         stack_name(p.origin) + ")";
}

std::string Universe::proc_name(const Proc& p) const {
  if (p.family == model::kNone) return "(no process)";
  const model::Family& f = m->families.at(p.family);
  if (f.dims.empty()) return f.name;
  if (f.dims.size() == 2)
    return f.name + "[" + std::to_string(p.instance / f.dims[1]) + "][" +
           std::to_string(p.instance % f.dims[1]) + "]";
  return f.name + "[" + std::to_string(p.instance) + "]";
}

std::string Universe::stack_name(Value stack) const { return proc_name(Proc{stack_family, stack}); }

std::optional<Proc> Universe::proc_of_pid(Value pid) const {
  for (Id f = 0; f < m->families.size(); ++f) {
    if (pid >= 0 && pid < m->families[f].count) return Proc{f, pid};
    pid -= m->families[f].count;
  }
  return std::nullopt;
}

Value Universe::pid_of(const Proc& p) const {
  if (p.family == model::kNone) {
    Value n = 0;
    for (const auto& f : m->families) n += f.count;
    return n;  // one past the last process: "no process"
  }
  Value base = 0;
  for (Id f = 0; f < p.family; ++f) base += m->families[f].count;
  return base + p.instance;
}

bool is_crashed(const State& s, const Proc& p) {
  if (p.family == model::kNone) return false;
  auto it = s.crashed.find(p.family);
  return it != s.crashed.end() && it->second.at(static_cast<std::size_t>(p.instance));
}

namespace {

/// Messages of total-order services with an undelivered copy, in send order: the only order
/// information that decides future steps (a total-order module delivers in send order, E2).
std::vector<std::uint32_t> pending_send_order(const Universe& u, const State& s) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t msg = 0; msg < u.msgs.size(); ++msg) {
    if (u.m->services[u.msgs[msg].service].order != model::Order::Total) continue;
    bool pending = std::any_of(s.copies[msg].begin(), s.copies[msg].end(),
                               [](const Copy& c) { return c.status == CopyStatus::Sent; });
    if (pending) out.push_back(msg);
  }
  std::sort(out.begin(), out.end(), [&](auto a, auto b) { return s.sent_at[a] < s.sent_at[b]; });
  return out;
}

/// A channel in a form where equal contents compare equal: unordered as a sorted multiset,
/// fifo as its per sender–receiver queues, total as the sequence itself.
std::vector<Control> canonical(const model::Model& m, Id channel, std::vector<Control> entries) {
  switch (m.channels.at(channel).order) {
    case model::ChannelOrder::Unordered:
      std::sort(entries.begin(), entries.end());
      break;
    case model::ChannelOrder::Fifo:
      std::stable_sort(entries.begin(), entries.end(), [](const Control& a, const Control& b) {
        return std::tie(a.sender, a.receivers) < std::tie(b.sender, b.receivers);
      });
      break;
    case model::ChannelOrder::Total:
      break;
  }
  return entries;
}

}  // namespace

std::string first_difference(const Universe& u, const State& a, const State& b) {
  const model::Model& m = *u.m;
  for (Value q = 0; q < u.nstacks; ++q)
    for (Id mod = 0; mod < m.modules.size(); ++mod)
      if (a.bindings[q][mod] != b.bindings[q][mod])
        return "the binding of " + m.modules[mod].name + " in " + u.stack_name(q);
  for (std::uint32_t msg = 0; msg < u.msgs.size(); ++msg)
    for (Value q = 0; q < u.nstacks; ++q)
      if (!(a.copies[msg][q] == b.copies[msg][q]))
        return "the copy of " + msg_label(msg) + " to " + u.stack_name(q);
  if (a.calls != b.calls) return "the call counters";
  if (pending_send_order(u, a) != pending_send_order(u, b)) return "the send order of pending messages";
  for (const auto& [id, vals] : a.vars) {
    const auto& other = b.vars.at(id);
    for (std::size_t i = 0; i < vals.size(); ++i) {
      if (vals[i] == other[i]) continue;
      const model::Var& v = m.vars[id];
      std::string who =
          v.family == model::kNone ? "" : u.proc_name(Proc{v.family, static_cast<Value>(i)}) + ".";
      return who + v.name + " (" + val_to_string(m, v.type, vals[i]) + " vs " +
             val_to_string(m, v.type, other[i]) + ")";
    }
  }
  for (Id c = 0; c < m.channels.size(); ++c)
    if (canonical(m, c, a.channels[c]) != canonical(m, c, b.channels[c]))
      return "the contents of channel " + m.channels[c].name;
  if (a.crashed != b.crashed) return "the crashed processes";
  if (a.crash_events != b.crash_events) return "the number of crashes so far";
  return "";
}

bool same_system_state(const Universe& u, const State& a, const State& b) {
  return first_difference(u, a, b).empty();
}

std::string val_to_string(const model::Model& m, Id type, const Val& v) {
  const model::Type& t = m.types.at(type);
  auto list = [&](Id elem, const char* open, const char* close) {
    std::string out = open;
    for (std::size_t i = 0; i < v.items.size(); ++i)
      out += (i ? ", " : "") + val_to_string(m, elem, v.items[i]);
    return out + close;
  };
  switch (t.kind) {
    case model::TypeKind::Bool:
      return v.v ? "true" : "false";
    case model::TypeKind::Range:
      return std::to_string(v.v);
    case model::TypeKind::Enum:
      if (t.ref < m.enums.size() && v.v >= 0 && v.v < static_cast<Value>(m.enums[t.ref].literals.size()))
        return m.enums[t.ref].literals[static_cast<std::size_t>(v.v)];
      return std::to_string(v.v);
    case model::TypeKind::Module:
      return v.v >= 0 && v.v < static_cast<Value>(m.modules.size())
                 ? m.modules[static_cast<std::size_t>(v.v)].name
                 : std::to_string(v.v);
    case model::TypeKind::Family: {
      Universe u(m);
      return u.proc_name(Proc{t.ref, v.v});
    }
    case model::TypeKind::Record: {
      std::string out = "{";
      for (std::size_t i = 0; i < t.fields.size() && i < v.items.size(); ++i)
        out += (i ? ", " : "") + t.fields[i].first + ": " + val_to_string(m, t.fields[i].second, v.items[i]);
      return out + "}";
    }
    case model::TypeKind::Array:
      return list(t.elem, "[", "]");
    case model::TypeKind::Set:
      return list(t.elem, "{", "}");
    case model::TypeKind::Seq:
      return list(t.elem, "[", "]");
  }
  return "?";
}

bool is_faulty(const model::Model& m, const Proc& p) {
  if (p.family == model::kNone) return false;
  const model::Family& fam = m.families[p.family];
  for (const model::Fault& f : m.faults) {
    if (f.kind != model::Fault::Kind::Byzantine || f.family != p.family) continue;
    const Value size = f.per_group ? fam.dims.at(1) : fam.count;
    const Value position = f.per_group ? p.instance % size : p.instance;
    if (position + f.at_most >= size) return true;
  }
  return false;
}

}  // namespace dpu::replay
