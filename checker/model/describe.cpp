#include "model/describe.hpp"

#include <fmt/format.h>

#include "model/print.hpp"

namespace dpu::model {

namespace {

const char* order_name(Order o) {
  switch (o) {
    case Order::None:
      return "none";
    case Order::Fifo:
      return "fifo";
    case Order::Total:
      return "total";
  }
  return "?";
}

const char* channel_order_name(ChannelOrder o) {
  switch (o) {
    case ChannelOrder::Unordered:
      return "unordered";
    case ChannelOrder::Fifo:
      return "fifo";
    case ChannelOrder::Total:
      return "total";
  }
  return "?";
}

const char* property_kind_name(PropertyKind k) {
  switch (k) {
    case PropertyKind::Replaceable:
      return "replaceable";
    case PropertyKind::Freedom:
      return "freedom";
    case PropertyKind::StrongUpdate:
      return "strong_update";
    case PropertyKind::WeakUpdate:
      return "weak_update";
    case PropertyKind::Order:
      return "order";
    case PropertyKind::Terminates:
      return "terminates";
    case PropertyKind::Invariant:
      return "invariant";
    case PropertyKind::Eventually:
      return "eventually";
    case PropertyKind::LinearizableCommit:
      return "linearizable_commit";
    case PropertyKind::MdcdRecoverable:
      return "mdcd_recoverable";
  }
  return "?";
}

std::string module_name(const Model& m, Id id) { return id < m.modules.size() ? m.modules[id].name : "?"; }
std::string family_name(const Model& m, Id id) { return id < m.families.size() ? m.families[id].name : "?"; }

std::string slot_label(const Frame& f, Id slot) {
  if (slot < f.slots.size() && !f.slots[slot].first.empty()) return f.slots[slot].first;
  return fmt::format("${}", slot);
}

std::string fields(const Model& m, const MessageType& mt) {
  if (mt.fields.empty()) return "";
  std::string out = "(";
  for (std::size_t i = 0; i < mt.fields.size(); ++i)
    out += fmt::format("{}{} : {}", i ? ", " : "", mt.fields[i].first, type_name(m, mt.fields[i].second));
  return out + ")";
}

std::string var_line(const Model& m, const Var& v) {
  std::string out = fmt::format("var {} : {}", v.name, type_name(m, v.type));
  if (v.init) out += " = " + print_expr(m, *v.init, &v.init_frame);
  return out;
}

// `at P[p]` as resolved: the family, and the fixed instance if any.
std::string at_clause(const Model& m, Id family, const std::optional<Value>& fixed) {
  if (family >= m.families.size()) return "at ?";
  if (fixed) return "at " + print_value(m, m.families[family].type, *fixed);
  return "at " + m.families[family].name;
}

std::string guarded_body(const Model& m, const std::optional<Expr>& guard, const Block& body,
                         const Frame& frame) {
  std::string out;
  if (guard) out += " when " + print_expr(m, *guard, &frame);
  out += " {\n" + print_block(m, body, &frame, 2) + "}\n";
  return out;
}

void describe_dpu(const Model& m, std::string& out) {
  if (!m.services.empty()) out += "services:\n";
  for (const Service& s : m.services)
    out += fmt::format("  service {} order {}\n", s.name, order_name(s.order));
  if (!m.modules.empty()) out += "modules:\n";
  for (const Module& mod : m.modules) {
    std::string req;
    for (std::size_t i = 0; i < mod.requires_.size(); ++i)
      req +=
          (i ? ", " : "") + (mod.requires_[i] < m.services.size() ? m.services[mod.requires_[i]].name : "?");
    out += fmt::format("  module {} : ({}, {{{}}})\n", mod.name,
                       mod.service < m.services.size() ? m.services[mod.service].name : "?", req);
  }
  if (m.stacks) {
    const Stacks& st = *m.stacks;
    std::string b;
    for (std::size_t i = 0; i < st.initial.size(); ++i)
      b += fmt::format("{}{} {}", i ? "; " : "", module_name(m, st.initial[i].first),
                       st.initial[i].second == Binding::Bound ? "bound" : "passive");
    Value n = st.family < m.families.size() ? m.families[st.family].count : 0;
    out += fmt::format("stacks {}[{}] {{ {} }}\n", family_name(m, st.family), n, b);
  }
  for (const Workload& w : m.workloads)
    out += fmt::format("workload {} {} {} per stack\n",
                       w.service < m.services.size() ? m.services[w.service].name : "?",
                       w.broadcast ? "broadcast" : "p2p", w.calls_per_stack);
  for (const Algorithm& a : m.algorithms) {
    std::string ps;
    for (std::size_t i = 0; i < a.params.size(); ++i) ps += (i ? ", " : "") + a.params[i];
    out += fmt::format("algorithm {}({})\n", a.name, ps);
  }
  for (const Update& u : m.updates)
    out += fmt::format("update {} -> {} by {}\n", module_name(m, u.from), module_name(m, u.to),
                       u.algorithm < m.algorithms.size() ? m.algorithms[u.algorithm].name : "?");
}

void describe_processes(const Model& m, std::string& out) {
  for (const Family& f : m.families) {
    std::string dims;
    for (Value d : f.dims) dims += fmt::format("[{}]", d);
    out += fmt::format("{} {}{} ({} process{})\n", f.is_stacks ? "stack family" : "process", f.name, dims,
                       f.count, f.count == 1 ? "" : "es");
    for (Id v : f.vars) out += "  " + var_line(m, m.vars[v]) + "\n";
  }
  for (const Var& v : m.vars)
    if (v.family == kNone) out += "global " + var_line(m, v) + "\n";
  for (const Channel& c : m.channels)
    out += fmt::format(
        "channel {} : {}{}\n", c.name, channel_order_name(c.order),
        c.capacity ? fmt::format("[{}] {}", c.capacity, c.block_when_full ? "block" : "error") : "");
  for (const MessageType& mt : m.messages) out += fmt::format("message {}{}\n", mt.name, fields(m, mt));
  for (const MessageType& ev : m.events) out += fmt::format("event {}{}\n", ev.name, fields(m, ev));
}

void describe_behaviour(const Model& m, std::string& out) {
  for (const Rule& r : m.rules) {
    out += fmt::format("rule {} {}{} frame {}", r.name, r.fairness == Fairness::Unfair ? "unfair " : "",
                       at_clause(m, r.family, r.fixed_instance), print_frame(m, r.frame));
    out += guarded_body(m, r.guard, r.body, r.frame);
  }
  for (const Handler& h : m.handlers) {
    std::string head = h.on_recover
                           ? "on recover"
                           : "on " + (h.message < m.messages.size() ? m.messages[h.message].name : "?");
    if (!h.param_slots.empty()) {
      head += "(";
      for (std::size_t i = 0; i < h.param_slots.size(); ++i)
        head += (i ? ", " : "") + slot_label(h.frame, h.param_slots[i]);
      head += ")";
    }
    if (h.from_family != kNone)
      head += fmt::format(" from {} as {}", family_name(m, h.from_family), slot_label(h.frame, h.from_slot));
    out += fmt::format("{} {}{} frame {}", head, h.fairness == Fairness::Unfair ? "unfair " : "",
                       at_clause(m, h.family, h.fixed_instance), print_frame(m, h.frame));
    out += guarded_body(m, h.guard, h.body, h.frame);
  }
  for (const Fault& f : m.faults) {
    bool crash = f.kind == Fault::Kind::Crash;
    out +=
        fmt::format("fault {} {} at most {}{}{}\n", crash ? "crash" : "byzantine", family_name(m, f.family),
                    f.at_most, crash ? (f.counts_events ? " crashes" : " down") : "",
                    crash ? (f.recover ? " recover" : "") : (f.per_group ? " per group" : ""));
  }
}

void describe_properties(const Model& m, std::string& out) {
  for (const Property& p : m.properties) {
    bool named = p.kind == PropertyKind::Invariant || p.kind == PropertyKind::Eventually;
    out += named ? fmt::format("{} {}", property_kind_name(p.kind), p.name) : "check " + p.name;
    if (!p.events.empty()) {
      out += " events (";
      for (std::size_t i = 0; i < p.events.size(); ++i)
        out += (i ? ", " : "") + (p.events[i] < m.events.size() ? m.events[p.events[i]].name : "?");
      out += ")";
    }
    if (!p.args.empty()) {
      out += " args (";
      for (std::size_t i = 0; i < p.args.size(); ++i)
        out += (i ? ", " : "") + print_expr(m, p.args[i], &p.frame);
      out += ")";
    }
    if (p.pred)
      out += " : " + print_expr(m, *p.pred, &p.frame);
    else if (p.kind == PropertyKind::Terminates)
      out += " : <default: every update's new module bound, old absent>";
    out += "\n";
  }
  if (m.end_when) out += "end when " + print_expr(m, *m.end_when, &m.end_when_frame) + "\n";
  if (m.allow_deadlock) out += "allow deadlock\n";
}

}  // namespace

std::string describe(const Model& m) {
  std::string out;
  if (!m.constants.empty()) out += "constants:\n";
  for (const auto& [name, value] : m.constants) out += fmt::format("  const {} = {}\n", name, value);
  for (const EnumDef& e : m.enums) {
    std::string lits;
    for (std::size_t i = 0; i < e.literals.size(); ++i) lits += (i ? ", " : "") + e.literals[i];
    out += fmt::format("enum {} {{ {} }}\n", e.name, lits);
  }
  describe_dpu(m, out);
  describe_processes(m, out);
  describe_behaviour(m, out);
  describe_properties(m, out);
  return out;
}

}  // namespace dpu::model
