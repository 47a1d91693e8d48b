#include "smt/properties.hpp"

#include <stdexcept>

namespace dpu::smt {

using model::PropertyKind;
using Kind = PropertySlot::Kind;

namespace {

constexpr int kBound = static_cast<int>(model::Binding::Bound);
constexpr int kAbsent = static_cast<int>(model::Binding::Absent);

bool has_assertions(const model::Model& m) {
  bool found = false;
  auto scan = [&](auto& self, const model::Block& b) -> void {
    for (const auto& s : b) {
      found = found || s.kind == model::StmtKind::Assert;
      for (const auto& bb : s.blocks) self(self, bb);
    }
  };
  for (const auto& r : m.rules) scan(scan, r.body);
  for (const auto& h : m.handlers) scan(scan, h.body);
  return found;
}

PropertySlot slot_for(Layout& L, const model::Property& p) {
  PropertySlot s;
  s.name = p.name;
  s.prop = &p;
  switch (p.kind) {
    case PropertyKind::Replaceable:
      s.kind = Kind::Static;
      break;
    case PropertyKind::Freedom:
      s.kind = Kind::Freedom;
      break;
    case PropertyKind::StrongUpdate:
      s.kind = Kind::StrongUpdate;
      s.mon = L.add(Leaf{true, 0, 1, "mon." + p.name});
      break;
    case PropertyKind::WeakUpdate:
      s.kind = Kind::WeakUpdate;
      s.needs_enabled = true;
      break;
    case PropertyKind::Order: {
      s.kind = Kind::Order;
      if (L.m.services[p.service].order != model::Order::Total) break;
      for (const auto& msg : L.U.msgs) s.cap += msg.service == p.service && msg.broadcast;
      s.mon = L.add(Leaf{false, 0, s.cap, "mon.len"});
      for (std::uint32_t i = 0; i < s.cap; ++i)
        L.add(Leaf{false, 0, L.U.size(), "mon.seq" + std::to_string(i)});
      for (std::uint32_t q = 0; q < L.nstacks; ++q)
        L.add(Leaf{false, 0, s.cap, "mon.cur" + std::to_string(q)});
      break;
    }
    case PropertyKind::Invariant:
      s.kind = p.pred ? Kind::Invariant : Kind::Unsupported;
      s.why = "an invariant without a predicate";
      break;
    case PropertyKind::Terminates:
    case PropertyKind::Eventually:
      s.kind = Kind::Liveness;
      s.why = "a liveness property: not decided by the SMT engine: use --engine explicit";
      break;
    default:
      s.kind = Kind::Unsupported;
      s.why = "the built-in checker is not decided by the SMT engine yet";
  }
  return s;
}

z3::expr free_module(const Layout& L, z3::context& c, const Terms& st, Id a) {
  z3::expr all = c.bool_val(true);
  for (std::uint32_t g = 0; g < L.U.size(); ++g)
    for (std::uint32_t q = 0; q < L.nstacks; ++q)
      all = all && !(st[L.status(g, q)] == kSent && st[L.tag(g, q)] == num(c, a));
  return all;
}

}  // namespace

std::vector<PropertySlot> select_slots(Layout& L, const std::vector<std::string>& only) {
  const model::Model& m = L.m;
  std::vector<PropertySlot> all;
  for (const auto& p : m.properties) all.push_back(slot_for(L, p));
  PropertySlot dl;
  dl.name = "deadlock";
  dl.kind = Kind::Deadlock;
  dl.needs_enabled = true;
  PropertySlot as;
  as.name = "assertions";
  as.kind = Kind::Assertions;
  std::vector<PropertySlot> out;
  auto wanted = [&](const std::string& n) {
    for (const auto& o : only)
      if (o == n) return true;
    return false;
  };
  for (const auto& o : only) {
    bool known = o == "deadlock" || o == "assertions";
    for (const auto& p : m.properties) known = known || p.name == o;
    if (!known) throw std::invalid_argument("no property named '" + o + "' in the model");
  }
  for (auto& s : all)
    if (only.empty() || wanted(s.name)) out.push_back(s);
  // deadlock is a slot unless the model allows it; assertions only when some body asserts
  if (!m.allow_deadlock && (only.empty() || wanted("deadlock"))) out.push_back(dl);
  if ((only.empty() && has_assertions(m)) || wanted("assertions")) out.push_back(as);
  return out;
}

void update_monitors(const Layout& L, z3::context& c, const std::vector<PropertySlot>& slots,
                     const Terms& pre, ActionInst& a) {
  if (a.info.kind != model::StepKind::Deliver) return;
  const auto& mm = L.U.msgs[a.info.message];
  for (const auto& s : slots) {
    if (s.kind == Kind::StrongUpdate) {
      a.post[s.mon] = (pre[s.mon] || *a.module == num(c, s.prop->b)).simplify();
    } else if (s.kind == Kind::Order && s.cap > 0 && mm.service == s.prop->service && mm.broadcast) {
      z3::expr len = pre[s.mon];
      z3::expr cur = pre[s.mon + 1 + s.cap + *a.dest];
      z3::expr append = cur >= len;
      for (std::uint32_t i = 0; i < s.cap; ++i)
        a.post[s.mon + 1 + i] =
            z3::ite(append && len == num(c, i), num(c, a.info.message + 1), pre[s.mon + 1 + i]);
      a.post[s.mon] = z3::ite(append, len + 1, len);
      a.post[s.mon + 1 + s.cap + *a.dest] = cur + 1;
    }
  }
}

z3::expr step_bad(const Layout& L, z3::context& c, const PropertySlot& p, const Terms& pre,
                  const ActionInst& a) {
  switch (p.kind) {
    case Kind::Freedom: {
      if (!a.update) return c.bool_val(false);
      Id ma = p.prop->a, mb = p.prop->b;
      z3::expr rebinds = c.bool_val(false);
      for (std::uint32_t s = 0; s < L.nstacks; ++s)
        rebinds = rebinds || (pre[L.bind(s, mb)] != kBound && a.post[L.bind(s, mb)] == kBound &&
                              pre[L.bind(s, ma)] != kAbsent);
      return (rebinds && !free_module(L, c, pre, ma)).simplify();
    }
    case Kind::StrongUpdate:
      if (a.info.kind != model::StepKind::Deliver) return c.bool_val(false);
      return (*a.module == num(c, p.prop->a) && pre[p.mon]).simplify();
    case Kind::Order: {
      if (a.info.kind != model::StepKind::Deliver) return c.bool_val(false);
      const auto& mm = L.U.msgs[a.info.message];
      if (mm.service != p.prop->service) return c.bool_val(false);
      if (L.m.services[p.prop->service].order == model::Order::Fifo) {
        z3::expr bad = c.bool_val(false);
        for (std::uint32_t o = 0; o < L.U.size(); ++o) {
          const auto& om = L.U.msgs[o];
          if (om.workload == mm.workload && om.origin == mm.origin && om.call < mm.call)
            bad = bad || pre[L.status(o, *a.dest)] == kSent;
        }
        return bad.simplify();
      }
      if (p.cap == 0 || !mm.broadcast) return c.bool_val(false);
      z3::expr len = pre[p.mon], cur = pre[p.mon + 1 + p.cap + *a.dest];
      z3::expr seq_at = num(c, 0);
      for (std::uint32_t i = 0; i < p.cap; ++i)
        seq_at = z3::ite(cur == num(c, i), pre[p.mon + 1 + i], seq_at);
      return (cur < len && seq_at != num(c, a.info.message + 1)).simplify();
    }
    case Kind::Assertions:
      return a.afail;
    default:
      return c.bool_val(false);
  }
}

z3::expr state_bad(const Layout& L, z3::context& c, const PropertySlot& p, const Terms& s,
                   const z3::expr& none_enabled, z3::expr* fails) {
  if (fails) *fails = c.bool_val(false);
  const model::Model& m = L.m;
  auto predicate = [&](const model::Expr& e, const model::Frame& f) {
    Exec ex(L, c, s, "prop");
    ex.self_pid = L.sender_none;
    ex.frame = binder_frame(L, c, f, 0);
    z3::expr v = ex.truth(e, c.bool_val(true));
    z3::expr err = c.bool_val(false);
    for (const auto& x : ex.errors) err = err || x;
    if (fails) *fails = err.simplify();
    return v;
  };
  switch (p.kind) {
    case Kind::Invariant:
      return !predicate(*p.prop->pred, p.prop->frame);
    case Kind::Deadlock:
      if (!m.end_when) return none_enabled;
      return none_enabled && !predicate(*m.end_when, m.end_when_frame);
    case Kind::WeakUpdate: {
      z3::expr pending = c.bool_val(false);
      for (std::uint32_t g = 0; g < L.U.size(); ++g)
        for (std::uint32_t q = 0; q < L.nstacks; ++q)
          pending =
              pending || (s[L.status(g, q)] == kSent && !s[L.crashed(L.family_base[L.stack_family] + q)]);
      return none_enabled && pending;
    }
    default:
      return c.bool_val(false);
  }
}

}  // namespace dpu::smt
