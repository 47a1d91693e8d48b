#include "smt/actions.hpp"

#include <algorithm>

namespace dpu::smt {

using ActionKind = model::StepKind;
using model::ChannelOrder;
using model::StmtKind;

namespace {

constexpr int kBound = static_cast<int>(model::Binding::Bound);
constexpr int kAbsent = static_cast<int>(model::Binding::Absent);

/// Whether some module of `service` is bound in stack `s`, and which (Sanity-2: at most one).
std::pair<z3::expr, z3::expr> bound_provider(const Layout& L, z3::context& c, const Terms& st,
                                             std::uint32_t s, Id service) {
  z3::expr any = c.bool_val(false), which = num(c, 0);
  for (Id a = L.nmodules; a-- > 0;)
    if (L.m.modules[a].service == service) {
      z3::expr b = st[L.bind(s, a)] == kBound;
      any = any || b;
      which = z3::ite(b, num(c, a), which);
    }
  return {any.simplify(), which.simplify()};
}

ActionInst blank(z3::context& c, const Terms& pre) {
  return ActionInst{{},
                    c.bool_val(false),
                    pre,
                    c.bool_val(false),
                    c.bool_val(false),
                    c.bool_val(false),
                    {},
                    {},
                    {},
                    false,
                    false,
                    {},
                    {},
                    {},
                    {}};
}

z3::expr any_of(z3::context& c, const std::vector<z3::expr>& v) {
  z3::expr out = c.bool_val(false);
  for (const auto& e : v) out = out || e;
  return out.simplify();
}

void finish(ActionInst& a, Exec& ex) {
  a.post = ex.st;
  a.err = any_of(ex.c, ex.errors);
  a.afail = any_of(ex.c, ex.asserts);
  a.over_cap = any_of(ex.c, ex.over_cap);
  a.side = ex.side;
  a.domains = ex.domains;
  a.choices = ex.choices;
  a.blocking = ex.blocking_choice;
}

/// Removes the entries of channel `ch` whose `drop[i]` holds (i < len), keeping the order of
/// the others and zeroing the freed tail, so equal channel contents are equal leaves.
void compact(const Layout& L, z3::context& c, Terms& st, Id ch, const std::vector<z3::expr>& drop) {
  const ChannelLayout& cl = L.chans[ch];
  Terms old = st;
  z3::expr len = old[cl.len];
  std::vector<z3::expr> keep, before;  // keep[k]; before[k]: kept entries before k
  z3::expr n = num(c, 0);
  for (std::uint32_t k = 0; k < cl.cap; ++k) {
    keep.push_back((num(c, k) < len && !drop[k]).simplify());
    before.push_back(n);
    n = (n + as_int(keep[k])).simplify();
  }
  for (std::uint32_t i = 0; i < cl.cap; ++i)
    for (std::uint32_t l = 0; l < cl.width; ++l) {
      const Leaf& leaf = L.leaves[cl.entries + l];
      z3::expr v = leaf.is_bool ? c.bool_val(false) : num(c, 0);
      for (std::uint32_t k = cl.cap; k-- > i;) {
        z3::expr sel = (keep[k] && before[k] == num(c, i)).simplify();
        if (sel.is_false()) continue;
        v = z3::ite(sel, old[L.entry(ch, k) + l], v);
      }
      st[L.entry(ch, i) + l] = v.simplify();
    }
  st[cl.len] = n;
}

void calls(const Layout& L, z3::context& c, const Terms& pre, std::vector<ActionInst>& out) {
  const model::Model& m = L.m;
  for (Id wl = 0; wl < m.workloads.size(); ++wl) {
    const auto& w = m.workloads[wl];
    const bool ranked = m.services[w.service].order == model::Order::Total;
    for (std::uint32_t o = 0; o < L.nstacks; ++o) {
      z3::expr made = pre[L.calls(wl, o)];
      auto [some, a] = bound_provider(L, c, pre, o, w.service);
      std::uint32_t ndest = w.broadcast ? 1 : L.nstacks;
      for (std::uint32_t d = 0; d < ndest; ++d) {
        ActionInst act = blank(c, pre);
        act.info.kind = ActionKind::Call, act.info.process = o, act.info.index = wl;
        act.info.family = L.stack_family, act.info.dest = w.broadcast ? 0 : d;
        act.enabled =
            (made < num(c, w.calls_per_stack) && !pre[L.crashed(L.family_base[L.stack_family] + o)] && some)
                .simplify();
        Terms& post = act.post;
        post[L.calls(wl, o)] = made + 1;
        z3::expr msg = num(c, 0);
        for (Value k = 0; k < w.calls_per_stack; ++k) {
          std::uint32_t g = L.U.id(wl, o, static_cast<std::uint32_t>(k));
          z3::expr now = made == num(c, k);
          msg = z3::ite(now, num(c, g), msg);
          for (std::uint32_t q = 0; q < L.nstacks; ++q) {
            if (!w.broadcast && q != d) continue;
            post[L.status(g, q)] = z3::ite(now, num(c, kSent), pre[L.status(g, q)]);
            post[L.tag(g, q)] = z3::ite(now, a, pre[L.tag(g, q)]);
          }
          if (!ranked) continue;
          // send order for total-order delivery (E2): g comes after every message called so far
          for (std::uint32_t h = 0; h < L.U.size(); ++h) {
            std::int64_t leaf = L.before(h, g);
            if (leaf < 0) continue;
            const auto& hm = L.U.msgs[h];
            z3::expr called = pre[L.calls(hm.workload, hm.origin)] > num(c, hm.call);
            post[leaf] = z3::ite(now, called, pre[leaf]);
          }
        }
        act.message = msg.simplify();
        act.module = a;
        out.push_back(std::move(act));
      }
    }
  }
}

void deliveries(const Layout& L, z3::context& c, const Terms& pre, std::vector<ActionInst>& out) {
  const model::Model& m = L.m;
  for (std::uint32_t g = 0; g < L.U.size(); ++g) {
    const auto& mm = L.U.msgs[g];
    const auto order = m.services[mm.service].order;
    for (std::uint32_t d = 0; d < L.nstacks; ++d) {
      z3::expr tag = pre[L.tag(g, d)];
      z3::expr ok = pre[L.status(g, d)] == kSent && !pre[L.crashed(L.family_base[L.stack_family] + d)];
      // the tagging module is present and every service it requires has a bound module here
      z3::expr here = c.bool_val(false);
      for (Id a = 0; a < L.nmodules; ++a) {
        if (m.modules[a].service != mm.service) continue;
        z3::expr cond = pre[L.bind(d, a)] != kAbsent;
        for (Id need : m.modules[a].requires_) cond = cond && bound_provider(L, c, pre, d, need).first;
        here = here || (tag == num(c, a) && cond);
      }
      ok = ok && here;
      for (std::uint32_t h = 0; h < L.U.size() && order != model::Order::None; ++h) {
        if (h == g) continue;
        const auto& hm = L.U.msgs[h];
        z3::expr waiting = pre[L.status(h, d)] == kSent && pre[L.tag(h, d)] == tag;
        if (order == model::Order::Fifo) {
          if (hm.workload == mm.workload && hm.origin == mm.origin && hm.call < mm.call) ok = ok && !waiting;
        } else if (L.before(h, g) >= 0) {
          ok = ok && !(waiting && pre[L.before(h, g)]);
        }
      }
      ActionInst act = blank(c, pre);
      act.info.kind = ActionKind::Deliver, act.info.process = d, act.info.message = g;
      act.info.family = L.stack_family;
      act.enabled = ok.simplify();
      act.post[L.status(g, d)] = num(c, kDelivered);
      act.message = num(c, g);
      act.module = tag;
      act.dest = d;
      out.push_back(std::move(act));
    }
  }
}

void rules(const Layout& L, z3::context& c, const Terms& pre, const std::string& step,
           std::vector<ActionInst>& out) {
  const model::Model& m = L.m;
  for (Id r = 0; r < m.rules.size(); ++r) {
    const auto& rule = m.rules[r];
    std::uint32_t first = 0, count = 1;
    if (rule.family != model::kNone) {
      if (rule.fixed_instance)
        first = static_cast<std::uint32_t>(*rule.fixed_instance);
      else
        count = static_cast<std::uint32_t>(m.families[rule.family].count);
    }
    for (std::uint32_t i = first; i < first + count; ++i) {
      std::uint32_t pid = rule.family == model::kNone ? L.sender_none : L.family_base[rule.family] + i;
      ActionInst act = blank(c, pre);
      act.info.kind = ActionKind::Rule, act.info.index = r, act.info.family = rule.family,
      act.info.process = i;
      act.update = true;
      Exec ex(L, c, pre, step + ".r" + std::to_string(r) + "." + std::to_string(i));
      ex.self_pid = pid;
      ex.frame = binder_frame(L, c, rule.frame, i);
      z3::expr alive = pid == L.sender_none ? c.bool_val(true) : !pre[L.crashed(pid)];
      z3::expr g = rule.guard ? ex.truth(*rule.guard, c.bool_val(true)) : c.bool_val(true);
      act.enabled = (alive && (g || ex.failed)).simplify();
      if (!act.enabled.is_false()) ex.exec(rule.body, g && !ex.failed);
      finish(act, ex);
      out.push_back(std::move(act));
    }
  }
}

/// Which channels carry which control messages (the sends in every body).
std::vector<std::vector<bool>> channel_messages(const model::Model& m) {
  std::vector<std::vector<bool>> out(m.channels.size(), std::vector<bool>(m.messages.size(), false));
  auto scan = [&](auto& self, const model::Block& b) -> void {
    for (const auto& s : b) {
      if (s.kind == StmtKind::Send || s.kind == StmtKind::Broadcast) out[s.channel][s.message] = true;
      for (const auto& bb : s.blocks) self(self, bb);
    }
  };
  for (const auto& r : m.rules) scan(scan, r.body);
  for (const auto& h : m.handlers) scan(scan, h.body);
  return out;
}

void handlers(const Layout& L, z3::context& c, const Terms& pre, const std::string& step,
              std::vector<ActionInst>& out) {
  const model::Model& m = L.m;
  const auto carried = channel_messages(m);
  for (Id h = 0; h < m.handlers.size(); ++h) {
    const auto& hd = m.handlers[h];
    if (hd.on_recover) continue;
    for (Id ch = 0; ch < m.channels.size(); ++ch) {
      if (!carried[ch][hd.message]) continue;
      const ChannelLayout& cl = L.chans[ch];
      const auto order = m.channels[ch].order;
      for (Value inst = 0; inst < m.families[hd.family].count; ++inst) {
        if (hd.fixed_instance && *hd.fixed_instance != inst) continue;
        std::uint32_t r = L.family_base[hd.family] + static_cast<std::uint32_t>(inst);
        std::string name =
            step + ".h" + std::to_string(h) + "." + std::to_string(ch) + "." + std::to_string(inst);
        Exec ex(L, c, pre, name);
        ex.self_pid = r;
        z3::expr j = ex.fresh_int("entry", 0, cl.cap ? cl.cap - 1 : 0);
        std::vector<std::pair<Value, Terms>> opts;
        for (std::uint32_t i = 0; i < cl.cap; ++i) {
          std::uint32_t e = L.entry(ch, i);
          opts.push_back({i, Terms(pre.begin() + e, pre.begin() + e + cl.width)});
        }
        if (opts.empty()) continue;
        Terms e = select(c, j, opts);
        const auto& mt = m.messages[hd.message];
        // The handler's frame with the fields and sender of entry `ent` bound.
        auto frame_for = [&](const Terms& ent) {
          auto fr = binder_frame(L, c, hd.frame, inst);
          z3::expr from = ent[1];
          if (hd.from_slot != model::kNone) {
            // the sender's instance in its family (0 for the environment, as `check` does)
            z3::expr idx = num(c, 0);
            for (Id f = 0; f < m.families.size(); ++f)
              idx = z3::ite(
                  from >= num(c, L.family_base[f]) && from < num(c, L.family_base[f] + m.families[f].count),
                  from - num(c, L.family_base[f]), idx);
            fr[hd.from_slot] = {idx};
          }
          std::uint32_t at = 2;
          for (std::size_t k = 0; k < hd.param_slots.size() && k < mt.fields.size(); ++k) {
            Terms v;
            for (const Leaf& leaf : flatten(m, mt.fields[k].second).leaves)
              v.push_back(as_leaf(ent[at++], leaf));
            fr[hd.param_slots[k]] = v;
          }
          return fr;
        };
        // Entry i can be taken by r: present, of this kind, addressed to r, deliverable (total:
        // no earlier entry still addressed to r; fifo: none from the same sender to r;
        // unordered: any), from the right family, r alive, and the guard holds or fails.
        auto takes = [&](std::uint32_t i, Exec& g_ex) {
          const Terms& ent = opts[i].second;
          z3::expr ok = num(c, i) < pre[cl.len] && ent[0] == num(c, hd.message) && ent[cl.recv + r] &&
                        !pre[L.crashed(r)];
          for (std::uint32_t k = 0; k < i && order != ChannelOrder::Unordered; ++k) {
            std::uint32_t ek = L.entry(ch, k);
            z3::expr earlier = pre[ek + cl.recv + r];
            if (order == ChannelOrder::Fifo) earlier = earlier && pre[ek + 1] == ent[1];
            ok = ok && !earlier;
          }
          if (hd.from_family != model::kNone) {
            Value base = L.family_base[hd.from_family];
            ok = ok && ent[1] >= num(c, base) && ent[1] < num(c, base + m.families[hd.from_family].count);
          }
          ok = ok.simplify();
          if (ok.is_false() || !hd.guard) return ok;
          g_ex.frame = frame_for(ent);
          z3::expr g = g_ex.truth(*hd.guard, ok);
          return (ok && (g || g_ex.failed)).simplify();
        };
        z3::expr any = c.bool_val(false), chosen = c.bool_val(false);
        for (std::uint32_t i = 0; i < cl.cap; ++i) {
          Exec g_ex(L, c, pre, name + ".g" + std::to_string(i));
          g_ex.self_pid = r;
          z3::expr en = takes(i, g_ex);
          any = any || en;
          chosen = chosen || (j == num(c, i) && en);
        }
        ex.side.push_back(chosen);
        ex.frame = frame_for(e);
        z3::expr g = hd.guard ? ex.truth(*hd.guard, c.bool_val(true)) : c.bool_val(true);
        ActionInst act = blank(c, pre);
        act.info.kind = ActionKind::Handler, act.info.index = h, act.info.family = hd.family;
        act.info.process = static_cast<std::uint32_t>(inst), act.info.channel = ch;
        act.update = true;
        act.entry = j;
        act.enabled = any.simplify();
        if (act.enabled.is_false()) continue;
        // consume: a total entry loses receiver r (and goes when no receiver is left)
        std::vector<z3::expr> drop;
        for (std::uint32_t i = 0; i < cl.cap; ++i) {
          std::uint32_t ei = L.entry(ch, i);
          z3::expr at_j = j == num(c, i);
          if (order == ChannelOrder::Total) {
            ex.st[ei + cl.recv + r] = (pre[ei + cl.recv + r] && !at_j).simplify();
            z3::expr none = c.bool_val(true);
            for (std::uint32_t p = 0; p < L.nprocs; ++p) none = none && !ex.st[ei + cl.recv + p];
            drop.push_back((at_j && none).simplify());
          } else {
            drop.push_back(at_j);
          }
        }
        compact(L, c, ex.st, ch, drop);
        ex.exec(hd.body, g && !ex.failed);
        finish(act, ex);
        out.push_back(std::move(act));
      }
    }
  }
}

void faults(const Layout& L, z3::context& c, const Terms& pre, const std::string& step,
            std::vector<ActionInst>& out) {
  const model::Model& m = L.m;
  for (std::size_t fi = 0; fi < m.faults.size(); ++fi) {
    const auto& f = m.faults[fi];
    if (f.kind != model::Fault::Kind::Crash) throw Unsupported{"Byzantine faults"};
    std::uint32_t base = L.family_base[f.family];
    auto n = static_cast<std::uint32_t>(m.families[f.family].count);
    z3::expr used = num(c, 0);
    if (f.counts_events)
      used = pre[L.crash_events(fi)];
    else
      for (std::uint32_t i = 0; i < n; ++i) used = used + as_int(pre[L.crashed(base + i)]);
    for (std::uint32_t i = 0; i < n; ++i) {
      std::uint32_t pid = base + i;
      ActionInst cr = blank(c, pre);
      cr.info.kind = ActionKind::Crash, cr.info.family = f.family, cr.info.process = i;
      cr.update = true;
      cr.enabled = (!pre[L.crashed(pid)] && used < num(c, f.at_most)).simplify();
      cr.post[L.crashed(pid)] = c.bool_val(true);
      if (f.counts_events) cr.post[L.crash_events(fi)] = used + 1;
      for (Id ch = 0; ch < m.channels.size(); ++ch) {  // reading E3: its messages are lost
        const ChannelLayout& cl = L.chans[ch];
        std::vector<z3::expr> drop;
        for (std::uint32_t k = 0; k < cl.cap; ++k) {
          std::uint32_t ek = L.entry(ch, k);
          cr.post[ek + cl.recv + pid] = c.bool_val(false);
          z3::expr none = c.bool_val(true);
          for (std::uint32_t p = 0; p < L.nprocs; ++p) none = none && !cr.post[ek + cl.recv + p];
          drop.push_back(none.simplify());
        }
        compact(L, c, cr.post, ch, drop);
      }
      out.push_back(std::move(cr));
      if (!f.recover) continue;
      ActionInst rc = blank(c, pre);
      rc.info.kind = ActionKind::Recover, rc.info.family = f.family, rc.info.process = i;
      rc.update = true;
      rc.enabled = pre[L.crashed(pid)];
      Terms st = pre;
      st[L.crashed(pid)] = c.bool_val(false);
      Exec ex(L, c, st, step + ".rec" + std::to_string(fi) + "." + std::to_string(i));
      ex.self_pid = pid;
      for (Id v : m.families[f.family].vars) {
        const model::Var& var = m.vars[v];
        Terms val = zero_value(L, c, var.type);
        if (var.init) {
          ex.frame = binder_frame(L, c, var.init_frame, i);
          val = ex.eval(*var.init, c.bool_val(true));
        }
        for (std::size_t l = 0; l < val.size(); ++l)
          ex.write(L.var(v, i) + static_cast<std::uint32_t>(l), c.bool_val(true), val[l]);
      }
      for (Id h = 0; h < m.handlers.size(); ++h) {
        const auto& hd = m.handlers[h];
        if (!hd.on_recover || hd.family != f.family) continue;
        if (hd.fixed_instance && *hd.fixed_instance != static_cast<Value>(i)) continue;
        ex.frame = binder_frame(L, c, hd.frame, i);
        ex.exec(hd.body, !ex.failed);
      }
      finish(rc, ex);
      out.push_back(std::move(rc));
    }
  }
}

std::uint32_t sends(const model::Model& m, const model::Block& b) {
  std::uint64_t n = 0;
  for (const auto& s : b) {
    if (s.kind == StmtKind::Send) n += 1;
    if (s.kind == StmtKind::Broadcast)
      n += m.channels[s.channel].order == ChannelOrder::Total
               ? 1
               : static_cast<std::uint64_t>(m.families[s.family].count);
    std::uint64_t inner = 0;
    for (const auto& bb : s.blocks) inner += sends(m, bb);
    if (s.kind == StmtKind::For) inner *= static_cast<std::uint64_t>(model::cardinality(m, s.domain));
    n += inner;
  }
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(n, 64));
}

}  // namespace

std::uint32_t max_sends_per_step(const model::Model& m) {
  std::uint32_t n = 0;
  for (const auto& r : m.rules) n = std::max(n, sends(m, r.body));
  std::uint32_t rec = 0;
  for (const auto& h : m.handlers) {
    if (h.on_recover)
      rec += sends(m, h.body);
    else
      n = std::max(n, sends(m, h.body));
  }
  return std::min<std::uint32_t>(64, std::max(n, rec));
}

std::vector<ActionInst> actions(const Layout& L, z3::context& c, const Terms& pre, const std::string& step) {
  std::vector<ActionInst> out;
  calls(L, c, pre, out);
  deliveries(L, c, pre, out);
  rules(L, c, pre, step, out);
  handlers(L, c, pre, step, out);
  faults(L, c, pre, step, out);
  return out;
}

Terms initial_state(const Layout& L, z3::context& c) {
  const model::Model& m = L.m;
  Terms st;
  for (const Leaf& l : L.leaves)
    st.push_back(l.is_bool ? c.bool_val(false) : num(c, l.lo < 0 && l.hi >= 0 ? 0 : l.lo));
  for (std::size_t i = 0; i < L.leaves.size(); ++i)
    if (!L.leaves[i].is_bool) st[i] = num(c, 0);
  for (std::uint32_t s = 0; s < L.nstacks; ++s)
    for (const auto& [mod, b] : m.stacks->initial) st[L.bind(s, mod)] = num(c, static_cast<int>(b));
  Exec ex(L, c, st, "init");
  for (Id v = 0; v < m.vars.size(); ++v) {
    const model::Var& var = m.vars[v];
    std::uint32_t n =
        var.family == model::kNone ? 1 : static_cast<std::uint32_t>(m.families[var.family].count);
    for (std::uint32_t i = 0; i < n; ++i) {
      Terms val = zero_value(L, c, var.type);
      if (var.init) {
        ex.self_pid = var.family == model::kNone ? L.sender_none : L.family_base[var.family] + i;
        ex.frame = binder_frame(L, c, var.init_frame, i);
        val = ex.eval(*var.init, c.bool_val(true));
      }
      for (std::size_t l = 0; l < val.size(); ++l)
        ex.write(L.var(v, i) + static_cast<std::uint32_t>(l), c.bool_val(true), val[l]);
    }
  }
  if (!any_of(c, ex.errors).is_false())
    throw Unsupported{"a variable initializer that can fail at run time (use --engine explicit)"};
  for (auto& t : ex.st) t = t.simplify();
  return ex.st;
}

result::ControlMessage decode_entry(const Layout& L, const z3::model& mdl, const Terms& st, Id ch,
                                    std::uint32_t entry) {
  const ChannelLayout& cl = L.chans[ch];
  std::uint32_t e = L.entry(ch, entry);
  auto val = [&](const z3::expr& t) { return model_value(mdl, t); };
  result::ControlMessage cm;
  cm.message = static_cast<Id>(val(st[e]));
  auto from = static_cast<std::uint32_t>(val(st[e + 1]));
  if (from < L.nprocs)
    cm.sender = result::ProcessRef{L.pid_family[from], from - L.family_base[L.pid_family[from]]};
  for (std::uint32_t p = 0; p < L.nprocs; ++p)
    if (val(st[e + cl.recv + p]))
      cm.receivers.push_back({L.pid_family[p], p - L.family_base[L.pid_family[p]]});
  std::uint32_t at = e + 2;
  // fields as typed values, built from the leaves in flatten() order
  auto typed = [&](auto& self, Id type) -> result::TypedValue {
    const model::Type& t = L.m.types[type];
    result::TypedValue tv;
    tv.type = type;
    switch (t.kind) {
      case model::TypeKind::Record:
        for (const auto& f : t.fields) tv.elems.push_back(self(self, f.second));
        break;
      case model::TypeKind::Array:
        for (Value i = 0; i < model::cardinality(L.m, t.index); ++i) tv.elems.push_back(self(self, t.elem));
        break;
      case model::TypeKind::Set: {
        const model::Type& el = L.m.types[t.elem];
        for (Value u : domain_values(el.lo, el.hi))
          if (val(st[at++])) tv.elems.push_back(result::TypedValue{t.elem, u, {}});
        break;
      }
      default:
        tv.scalar = val(st[at++]);
    }
    return tv;
  };
  for (const auto& f : L.m.messages[cm.message].fields) cm.fields.push_back(typed(typed, f.second));
  return cm;
}

}  // namespace dpu::smt
