#include "smt/unroll.hpp"

namespace dpu::smt {

namespace {

/// ite(act == i, v_i, ...) over the instances whose value differs from `dflt`.
z3::expr by_action(z3::context& c, const z3::expr& act,
                   const std::vector<std::pair<std::size_t, z3::expr>>& vals, const z3::expr& dflt) {
  z3::expr out = dflt;
  for (std::size_t k = vals.size(); k-- > 0;)
    out = z3::ite(act == num(c, static_cast<std::int64_t>(vals[k].first)), vals[k].second, out);
  return out;
}

}  // namespace

Unroller::Unroller(const Layout& layout, z3::context& ctx, const std::vector<PropertySlot>& s, Terms from,
                   std::string prefix)
    : L(layout), c(ctx), slots(s), prefix_(std::move(prefix)) {
  states.push_back(std::move(from));
  consts.emplace_back();
  build_actions(0);
}

Terms Unroller::fresh_state(const Layout& L, z3::context& c, const std::string& name,
                            std::vector<z3::expr>& dom, std::vector<Bounded>* consts) {
  Terms out;
  for (std::size_t i = 0; i < L.leaves.size(); ++i) {
    const Leaf& l = L.leaves[i];
    std::string n = name + "." + std::to_string(i) + "." + l.name;
    if (l.is_bool) {
      z3::expr b = c.bool_const(n.c_str());
      out.push_back(b);
      if (consts) consts->push_back(Bounded{b, b, c.bool_val(true)});
    } else {
      Bounded b = bounded_const(c, n, l.lo, l.hi);
      out.push_back(b.term);
      if (!b.domain.is_true()) dom.push_back(b.domain);
      if (consts) consts->push_back(b);
    }
  }
  return out;
}

void Unroller::build_actions(std::size_t t) {
  auto list = actions(L, c, states[t], prefix_ + std::to_string(t));
  z3::expr any = c.bool_val(false);
  for (auto& a : list) {
    update_monitors(L, c, slots, states[t], a);
    any = any || a.enabled;
  }
  insts.push_back(std::move(list));
  none_enabled.push_back((!any).simplify());
}

std::vector<z3::expr> Unroller::extend() {
  const std::size_t t = states.size() - 1;
  const Terms& pre = states[t];
  const auto& list = insts[t];
  std::vector<z3::expr> out;
  Bounded sel = bounded_const(c, prefix_ + std::to_string(t) + ".act", 0,
                              list.empty() ? 0 : static_cast<Value>(list.size() - 1));
  z3::expr a = sel.term;
  if (!sel.domain.is_true()) out.push_back(sel.domain);
  if (list.empty()) out.push_back(c.bool_val(false));  // no action instance: no step
  for (std::size_t i = 0; i < list.size(); ++i) {
    z3::expr en = list[i].enabled;
    for (const auto& s : list[i].side) en = en && s;
    for (const auto& d : list[i].domains) out.push_back(d);
    out.push_back(z3::implies(a == num(c, static_cast<std::int64_t>(i)), en));
  }
  // s_{k+1}'s constants are defined by the step (no domain of their own: from a reachable
  // state a step writes only values in a leaf's range, spec/smt.md §2)
  std::vector<z3::expr> dom;
  std::vector<Bounded> consts_next;
  Terms next = fresh_state(L, c, prefix_ + std::to_string(t + 1), dom, &consts_next);
  for (std::size_t l = 0; l < pre.size(); ++l) {
    std::vector<std::pair<std::size_t, z3::expr>> vals;
    for (std::size_t i = 0; i < list.size(); ++i)
      if (!z3::eq(list[i].post[l], pre[l])) vals.push_back({i, list[i].post[l]});
    z3::expr v = by_action(c, a, vals, pre[l]);
    out.push_back(L.leaves[l].is_bool ? next[l] == v : assign_raw(consts_next[l], v));
  }
  auto chain = [&](auto get) {
    std::vector<std::pair<std::size_t, z3::expr>> vals;
    for (std::size_t i = 0; i < list.size(); ++i) {
      z3::expr v = get(list[i]);
      if (!v.is_false()) vals.push_back({i, v});
    }
    return by_action(c, a, vals, c.bool_val(false));
  };
  err.push_back(chain([](const ActionInst& x) { return x.err; }));
  afail.push_back(chain([](const ActionInst& x) { return x.afail; }));
  over.push_back(chain([](const ActionInst& x) { return x.over_cap; }));
  std::vector<z3::expr> b;
  for (const auto& p : slots)
    b.push_back(chain([&](const ActionInst& x) { return step_bad(L, c, p, pre, x); }));
  bad.push_back(b);
  act.push_back(a);
  states.push_back(std::move(next));
  consts.push_back(std::move(consts_next));
  build_actions(t + 1);
  return out;
}

z3::expr Unroller::canonical(const Terms& s) const {
  z3::expr ok = c.bool_val(true);
  for (std::uint32_t g = 0; g < L.U.size(); ++g)
    for (std::uint32_t q = 0; q < L.nstacks; ++q)
      ok = ok && z3::implies(s[L.status(g, q)] == kUnsent, s[L.tag(g, q)] == 0);
  for (std::uint32_t g = 0; g < L.U.size(); ++g) {
    const auto& gm = L.U.msgs[g];
    z3::expr called = s[L.calls(gm.workload, gm.origin)] > num(c, gm.call);
    for (std::uint32_t q = 0; q < L.nstacks; ++q)
      ok = ok && z3::implies(!called, s[L.status(g, q)] == kUnsent);
    for (std::uint32_t h = 0; h < L.U.size(); ++h)
      if (L.before(h, g) >= 0) ok = ok && z3::implies(!called, !s[L.before(h, g)]);
  }
  // A process no crash fault covers is never crashed.
  for (std::uint32_t p = 0; p < L.nprocs; ++p) {
    bool may_crash = false;
    for (const auto& f : L.m.faults)
      may_crash = may_crash || (f.kind == model::Fault::Kind::Crash && f.family == L.pid_family[p]);
    if (!may_crash) ok = ok && !s[L.crashed(p)];
  }
  for (Id ch = 0; ch < L.chans.size(); ++ch) {
    const ChannelLayout& cl = L.chans[ch];
    for (std::uint32_t i = 0; i < cl.cap; ++i) {
      z3::expr freed = num(c, i) >= s[cl.len];
      z3::expr zero = c.bool_val(true), some = c.bool_val(false);
      for (std::uint32_t l = 0; l < cl.width; ++l) {
        const z3::expr& x = s[L.entry(ch, i) + l];
        zero = zero && (x.is_bool() ? !x : x == 0);
        if (l >= cl.recv) some = some || x;
      }
      ok = ok && z3::implies(freed, zero) && z3::implies(!freed, some);
    }
  }
  return ok;
}

z3::expr differ(z3::context& c, const Terms& a, const Terms& b) {
  z3::expr out = c.bool_val(false);
  for (std::size_t l = 0; l < a.size(); ++l) out = out || a[l] != b[l];
  return out;
}

}  // namespace dpu::smt
