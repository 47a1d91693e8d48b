#include "smt/layout.hpp"

#include "model/print.hpp"

namespace dpu::smt {

using model::TypeKind;

namespace {

void flatten_into(const model::Model& m, Id type, const std::string& name, std::vector<Leaf>& out) {
  const model::Type& t = m.types[type];
  switch (t.kind) {
    case TypeKind::Bool:
      out.push_back(Leaf{true, 0, 1, name, LeafShow::Typed, type});
      return;
    case TypeKind::Range:
    case TypeKind::Enum:
    case TypeKind::Family:
    case TypeKind::Module:
      out.push_back(Leaf{false, t.lo, t.hi, name, LeafShow::Typed, type});
      return;
    case TypeKind::Record:
      for (const auto& [fname, ft] : t.fields) flatten_into(m, ft, name + "." + fname, out);
      return;
    case TypeKind::Array: {
      const model::Type& ix = m.types[t.index];
      if (model::cardinality(m, t.index) > 4096) throw Unsupported{"an array indexed by " + ix.name};
      for (Value i : domain_values(ix.lo, ix.hi))
        flatten_into(m, t.elem, name + "[" + std::to_string(i) + "]", out);
      return;
    }
    case TypeKind::Set: {
      const model::Type& el = m.types[t.elem];
      if (model::cardinality(m, t.elem) > 4096) throw Unsupported{"a set of " + el.name};
      for (Value i : domain_values(el.lo, el.hi))
        out.push_back(Leaf{true, 0, 1, "(" + model::print_value(m, t.elem, i) + " in " + name + ")"});
      return;
    }
    case TypeKind::Seq:
      throw Unsupported{"sequence types (" + t.name + ")"};
  }
}

}  // namespace

Flat flatten(const model::Model& m, Id type) {
  Flat f;
  flatten_into(m, type, "", f.leaves);
  return f;
}

std::uint32_t leaf_count(const model::Model& m, Id type) {
  const model::Type& t = m.types[type];
  switch (t.kind) {
    case TypeKind::Record: {
      std::uint32_t n = 0;
      for (const auto& f : t.fields) n += leaf_count(m, f.second);
      return n;
    }
    case TypeKind::Array:
      return static_cast<std::uint32_t>(model::cardinality(m, t.index)) * leaf_count(m, t.elem);
    case TypeKind::Set:
      return static_cast<std::uint32_t>(model::cardinality(m, t.elem));
    case TypeKind::Seq:
      throw Unsupported{"sequence types (" + t.name + ")"};
    default:
      return 1;
  }
}

std::uint32_t Layout::add(Leaf l) {
  leaves.push_back(std::move(l));
  return static_cast<std::uint32_t>(leaves.size() - 1);
}

Layout::Layout(const model::Model& model, std::uint32_t cap) : m(model), U(model), channel_cap(cap) {
  nmodules = static_cast<std::uint32_t>(m.modules.size());
  for (Id f = 0; f < m.families.size(); ++f) {
    family_base.push_back(nprocs);
    for (Value i = 0; i < m.families[f].count; ++i) pid_family.push_back(f);
    nprocs += static_cast<std::uint32_t>(m.families[f].count);
  }
  sender_none = nprocs;
  if (m.stacks) {
    stack_family = m.stacks->family;
    nstacks = static_cast<std::uint32_t>(m.families[stack_family].count);
  }
  auto stack = [&](std::uint32_t s) { return pid_name(*this, family_base[stack_family] + s); };
  auto msg = [&](std::uint32_t g) { return "m" + std::to_string(g + 1); };
  off_bind = static_cast<std::uint32_t>(leaves.size());
  for (std::uint32_t s = 0; s < nstacks; ++s)
    for (Id a = 0; a < nmodules; ++a)
      add(Leaf{false, 0, 2, "binding(" + stack(s) + ", " + m.modules[a].name + ")", LeafShow::Binding});
  off_status = static_cast<std::uint32_t>(leaves.size());
  for (std::uint32_t g = 0; g < U.size(); ++g)
    for (std::uint32_t q = 0; q < nstacks; ++q)
      add(Leaf{false, 0, 2, "status(" + msg(g) + ", " + stack(q) + ")", LeafShow::Status});
  off_tag = static_cast<std::uint32_t>(leaves.size());
  for (std::uint32_t g = 0; g < U.size(); ++g)
    for (std::uint32_t q = 0; q < nstacks; ++q)
      add(Leaf{false, 0, nmodules ? nmodules - 1 : 0, "tag(" + msg(g) + ", " + stack(q) + ")",
               LeafShow::Module});
  off_calls = static_cast<std::uint32_t>(leaves.size());
  for (Id w = 0; w < m.workloads.size(); ++w)
    for (std::uint32_t o = 0; o < nstacks; ++o)
      add(Leaf{false, 0, m.workloads[w].calls_per_stack, "calls" + std::to_string(w) + "(" + stack(o) + ")"});
  before_.assign(std::size_t{U.size()} * U.size(), -1);
  for (std::uint32_t a = 0; a < U.size(); ++a)
    for (std::uint32_t b = 0; b < U.size(); ++b)
      if (a != b && U.msgs[a].service == U.msgs[b].service &&
          m.services[U.msgs[a].service].order == model::Order::Total)
        before_[a * U.size() + b] = add(Leaf{true, 0, 1, "(" + msg(a) + " called before " + msg(b) + ")"});
  for (Id v = 0; v < m.vars.size(); ++v) {
    var_off.push_back(static_cast<std::uint32_t>(leaves.size()));
    const model::Var& var = m.vars[v];
    std::uint32_t n =
        var.family == model::kNone ? 1 : static_cast<std::uint32_t>(m.families[var.family].count);
    for (std::uint32_t i = 0; i < n; ++i) {
      std::string base = var.family == model::kNone
                             ? var.name
                             : pid_name(*this, family_base[var.family] + i) + "." + var.name;
      for (Leaf l : flatten(m, var.type).leaves) {
        l.name = base + l.name;
        add(l);
      }
    }
  }
  for (Id c = 0; c < m.channels.size(); ++c) {
    if (m.channels[c].capacity > 0)
      throw Unsupported{"fifo channels with a capacity of their own (" + m.channels[c].name + ")"};
    ChannelLayout ch;
    ch.cap = cap;
    ch.len = add(Leaf{false, 0, cap, "len(" + m.channels[c].name + ")"});
    std::uint32_t fields = 0;
    for (const auto& mt : m.messages) {
      std::uint32_t n = 0;
      for (const auto& f : mt.fields) n += leaf_count(m, f.second);
      fields = std::max(fields, n);
    }
    ch.recv = 2 + fields;
    ch.width = ch.recv + nprocs;
    ch.entries = static_cast<std::uint32_t>(leaves.size());
    for (std::uint32_t i = 0; i < cap; ++i) {
      std::string e = m.channels[c].name + "[" + std::to_string(i) + "]";
      Value nmsg = m.messages.empty() ? 0 : static_cast<Value>(m.messages.size() - 1);
      add(Leaf{false, 0, nmsg, e + ".msg", LeafShow::Message});
      add(Leaf{false, 0, sender_none, e + ".from", LeafShow::Process});
      // A field leaf holds any field's value of any message kind: bounded by the widest.
      for (std::uint32_t k = 0; k < fields; ++k)
        add(Leaf{false, INT64_MIN, INT64_MAX, e + ".f" + std::to_string(k)});
      for (std::uint32_t p = 0; p < nprocs; ++p) add(Leaf{true, 0, 1, e + ".to(" + pid_name(*this, p) + ")"});
    }
    chans.push_back(ch);
  }
  off_crashed = static_cast<std::uint32_t>(leaves.size());
  for (std::uint32_t p = 0; p < nprocs; ++p) add(Leaf{true, 0, 1, "crashed(" + pid_name(*this, p) + ")"});
  for (std::size_t f = 0; f < m.faults.size(); ++f)
    off_crash_events.push_back(add(Leaf{false, 0, m.faults[f].at_most, "crashes" + std::to_string(f)}));
}

std::vector<Value> domain_values(Value lo, Value hi) {
  std::vector<Value> out;
  if (lo > hi) return out;
  for (Value u = lo;; ++u) {
    out.push_back(u);
    if (u == hi) break;
  }
  return out;
}

std::vector<Value> domain_values_down(Value lo, Value hi) {
  std::vector<Value> out = domain_values(lo, hi);
  return {out.rbegin(), out.rend()};
}

std::string show_value(const Layout& L, const Leaf& l, Value v) {
  static const char* const kBinding[] = {"absent", "passive", "bound"};
  static const char* const kStatus[] = {"unsent", "sent", "delivered"};
  const bool in3 = v >= 0 && v <= 2;
  switch (l.show) {
    case LeafShow::Typed:
      if (l.type != model::kNone) return model::print_value(L.m, l.type, v);
      break;
    case LeafShow::Binding:
      if (in3) return kBinding[v];
      break;
    case LeafShow::Status:
      if (in3) return kStatus[v];
      break;
    case LeafShow::Module:
      if (v >= 0 && static_cast<std::size_t>(v) < L.m.modules.size()) return L.m.modules[v].name;
      break;
    case LeafShow::Message:
      if (v >= 0 && static_cast<std::size_t>(v) < L.m.messages.size()) return L.m.messages[v].name;
      break;
    case LeafShow::Process:
      if (v >= 0) return pid_name(L, static_cast<std::uint32_t>(v));
      break;
    case LeafShow::Plain:
      break;
  }
  if (l.is_bool) return v ? "true" : "false";
  return std::to_string(v);
}

std::string pid_name(const Layout& L, std::uint32_t pid) {
  if (pid >= L.nprocs) return "env";
  Id f = L.pid_family[pid];
  return model::print_value(L.m, L.m.families[f].type, pid - L.family_base[f]);
}

}  // namespace dpu::smt
