#include "smt/symexec.hpp"

#include <limits>

#include "model/replaceable.hpp"

namespace dpu::smt {

using model::Builtin;
using model::ExprKind;
using model::Op;
using model::StmtKind;
using model::TypeKind;

namespace {
constexpr Value kMin = std::numeric_limits<Value>::min();
constexpr Value kMax = std::numeric_limits<Value>::max();
constexpr Value kMaxUnroll = 4096;  // quantifier, `for` and `choose` domains are unrolled
}  // namespace

std::optional<Value> known(const z3::expr& e) {
  z3::expr s = e.simplify();
  if (s.is_true()) return 1;
  if (s.is_false()) return 0;
  std::uint64_t v = 0;
  if (s.is_bv() && s.is_numeral_u64(v)) return static_cast<Value>(v);
  return std::nullopt;
}

Value model_value(const z3::model& mdl, const z3::expr& t) {
  z3::expr v = mdl.eval(t, true);
  if (v.is_bool()) return v.is_true() ? 1 : 0;
  return static_cast<Value>(v.get_numeral_uint64());
}

z3::expr as_int(const z3::expr& e) {
  if (!e.is_bool()) return e;
  return z3::ite(e, num(e.ctx(), 1), num(e.ctx(), 0));
}

z3::expr count_true(z3::context& c, const std::vector<z3::expr>& bools) {
  std::vector<z3::expr> live;
  for (const auto& b : bools) {
    z3::expr t = b.simplify();
    if (!t.is_false()) live.push_back(t);
  }
  unsigned w = 1;
  while (w < kBits - 1 && (std::uint64_t{1} << w) <= live.size()) ++w;
  z3::expr sum = c.bv_val(0, w);
  for (const auto& b : live) sum = sum + z3::ite(b, c.bv_val(1, w), c.bv_val(0, w));
  return z3::zext(sum, kBits - w);
}

namespace {
unsigned width_for(Value lo, Value hi) {
  auto bits = [](std::uint64_t x) {
    unsigned n = 1;
    while (n < 64 && (x >> n) != 0) ++n;
    return n;
  };
  if (lo >= 0) return bits(static_cast<std::uint64_t>(hi));
  std::uint64_t mag =
      std::max(static_cast<std::uint64_t>(-(lo + 1)), static_cast<std::uint64_t>(std::max<Value>(hi, 0)));
  return std::min(64u, bits(mag) + 1);
}
}  // namespace

Bounded bounded_const(z3::context& c, const std::string& name, Value lo, Value hi) {
  const unsigned w = width_for(lo, hi);
  z3::expr raw = c.bv_const(name.c_str(), w);
  z3::expr term = w == kBits ? raw : lo >= 0 ? z3::zext(raw, kBits - w) : z3::sext(raw, kBits - w);
  // the values `raw` can stand for; the domain excludes the patterns beyond the range
  Value rep_lo = 0, rep_hi = 0;
  if (lo >= 0) {
    rep_hi = static_cast<Value>((std::uint64_t{1} << w) - 1);  // w <= 63 here
  } else if (w == kBits) {
    rep_lo = std::numeric_limits<Value>::min(), rep_hi = std::numeric_limits<Value>::max();
  } else {
    rep_lo = -(Value{1} << (w - 1)), rep_hi = (Value{1} << (w - 1)) - 1;
  }
  z3::expr dom = c.bool_val(true);
  if (lo > rep_lo) dom = dom && z3::sge(term, num(c, lo));
  if (hi < rep_hi) dom = dom && z3::sle(term, num(c, hi));
  return Bounded{raw, term, dom.simplify()};
}

z3::expr assign_raw(const Bounded& b, const z3::expr& v) {
  const unsigned w = b.raw.get_sort().bv_size();
  return b.raw == (w == kBits ? v : v.extract(w - 1, 0));
}

z3::expr as_leaf(const z3::expr& e, const Leaf& l) {
  if (l.is_bool) return e.is_bool() ? e : e == 1;
  return as_int(e);
}

Terms zero_value(const Layout& L, z3::context& c, Id type) {
  Terms out;
  if (type == model::kNone) return {num(c, 0)};
  for (const Leaf& l : flatten(L.m, type).leaves) out.push_back(l.is_bool ? c.bool_val(false) : num(c, l.lo));
  return out;
}

std::vector<Terms> binder_frame(const Layout& L, z3::context& c, const model::Frame& f, Value self) {
  std::vector<Terms> out;
  for (const auto& slot : f.slots) out.push_back(zero_value(L, c, slot.second));
  if (out.empty()) out.push_back({num(c, 0)});
  out[0] = {num(c, self)};
  return out;
}

Terms select(z3::context& c, const z3::expr& which, const std::vector<std::pair<Value, Terms>>& options) {
  if (auto k = known(which))
    for (const auto& [v, t] : options)
      if (v == *k) return t;
  Terms out = options.back().second;
  for (std::size_t i = options.size() - 1; i-- > 0;)
    for (std::size_t l = 0; l < out.size(); ++l)
      out[l] = z3::ite(which == num(c, options[i].first), options[i].second[l], out[l]);
  return out;
}

Exec::Exec(const Layout& layout, z3::context& ctx, Terms state, std::string fresh)
    : L(layout), c(ctx), st(std::move(state)), failed(ctx.bool_val(false)), fresh_(std::move(fresh)) {}

z3::expr Exec::fresh_int(const std::string& what, Value lo, Value hi) {
  Bounded b = bounded_const(c, fresh_ + "." + what + std::to_string(nfresh_++), lo, hi);
  if (!b.domain.is_true()) domains.push_back(b.domain);
  return b.term;
}

void Exec::error(const z3::expr& pc, const z3::expr& cond) {
  z3::expr site = (pc && cond && !failed).simplify();
  if (site.is_false()) return;
  errors.push_back(site);
  failed = failed || site;
}

void Exec::write(std::uint32_t leaf, const z3::expr& cond, const z3::expr& v) {
  z3::expr val = as_leaf(v, L.leaves[leaf]);
  if (auto k = known(cond)) {
    if (*k) st[leaf] = val;
    return;
  }
  st[leaf] = z3::ite(cond, val, st[leaf]);
}

z3::expr Exec::binding(const z3::expr& stack, const z3::expr& module) {
  std::vector<std::pair<Value, Terms>> opts;
  for (std::uint32_t s = 0; s < L.nstacks; ++s) {
    std::vector<std::pair<Value, Terms>> mods;
    for (Id a = 0; a < L.nmodules; ++a) mods.push_back({a, {st[L.bind(s, a)]}});
    opts.push_back({s, select(c, module, mods)});
  }
  return select(c, stack, opts)[0];
}

z3::expr Exec::idle(const z3::expr& stack, const z3::expr& module) {
  std::vector<std::pair<Value, Terms>> opts;
  for (std::uint32_t s = 0; s < L.nstacks; ++s) {
    z3::expr all = c.bool_val(true);
    for (std::uint32_t g = 0; g < L.U.size(); ++g)
      all = all && !(st[L.status(g, s)] == kSent && st[L.tag(g, s)] == module);
    opts.push_back({s, {all}});
  }
  return select(c, stack, opts)[0];
}

z3::expr Exec::truth(const model::Expr& e, const z3::expr& pc) {
  z3::expr v = eval(e, pc)[0];
  return v.is_bool() ? v : v != 0;
}

z3::expr Exec::scalar(const model::Expr& e, const z3::expr& pc) { return as_int(eval(e, pc)[0]); }

void Exec::check_range(Id type, const Terms& v, const z3::expr& pc) {
  Flat f = flatten(L.m, type);
  z3::expr out = c.bool_val(false);
  for (std::size_t i = 0; i < f.leaves.size(); ++i)
    if (!f.leaves[i].is_bool) {
      z3::expr x = as_int(v[i]);
      out = out || x < num(c, f.leaves[i].lo) || x > num(c, f.leaves[i].hi);
    }
  error(pc, out);
}

Terms Exec::eval(const model::Expr& e, const z3::expr& pc) {
  const model::Model& m = L.m;
  const model::Type& t = m.types[e.type];
  switch (e.kind) {
    case ExprKind::Lit:
      if (t.kind == TypeKind::Bool) return {c.bool_val(e.value != 0)};
      return {num(c, e.value)};
    case ExprKind::Global: {
      std::uint32_t off = L.var(e.id, 0), n = leaf_count(m, e.type);
      return Terms(st.begin() + off, st.begin() + off + n);
    }
    case ExprKind::Local: {
      z3::expr who = scalar(e.args[0], pc);
      const model::Var& var = m.vars[e.id];
      std::uint32_t n = leaf_count(m, e.type);
      std::vector<std::pair<Value, Terms>> opts;
      for (Value i = 0; i < m.families[var.family].count; ++i) {
        std::uint32_t off = L.var(e.id, static_cast<std::uint32_t>(i));
        opts.push_back({i, Terms(st.begin() + off, st.begin() + off + n)});
      }
      return select(c, who, opts);
    }
    case ExprKind::Slot:
      return frame.at(e.id);
    case ExprKind::Unary: {
      if (e.op == Op::Not) return {!truth(e.args[0], pc)};
      z3::expr x = scalar(e.args[0], pc);
      error(pc, x == num(c, kMin));
      return {-x};
    }
    case ExprKind::Binary:
      return binary(e, pc);
    case ExprKind::Index: {
      const model::Type& at = m.types[e.args[0].type];
      if (at.kind != TypeKind::Array) throw Unsupported{"indexing a sequence"};
      Terms arr = eval(e.args[0], pc);
      z3::expr i = scalar(e.args[1], pc);
      const model::Type& ix = m.types[at.index];
      error(pc, i < num(c, ix.lo) || i > num(c, ix.hi));
      std::uint32_t n = leaf_count(m, at.elem);
      std::vector<std::pair<Value, Terms>> opts;
      for (Value k : domain_values(ix.lo, ix.hi)) {
        auto off = static_cast<std::size_t>(k - ix.lo) * n;
        opts.push_back({k, Terms(arr.begin() + off, arr.begin() + off + n)});
      }
      return select(c, i, opts);
    }
    case ExprKind::Field: {
      Terms r = eval(e.args[0], pc);
      const model::Type& rt = m.types[e.args[0].type];
      std::uint32_t off = 0;
      for (Id f = 0; f < e.id; ++f) off += leaf_count(m, rt.fields[f].second);
      std::uint32_t n = leaf_count(m, e.type);
      return Terms(r.begin() + off, r.begin() + off + n);
    }
    case ExprKind::Ite: {
      z3::expr b = truth(e.args[0], pc);
      Terms x = eval(e.args[1], pc && b), y = eval(e.args[2], pc && !b);
      for (std::size_t l = 0; l < x.size(); ++l) x[l] = z3::ite(b, x[l], y[l]);
      return x;
    }
    case ExprKind::SetLit: {
      const model::Type& el = m.types[t.elem];
      Terms xs;
      for (const auto& a : e.args) xs.push_back(scalar(a, pc));
      for (const auto& x : xs) error(pc, x < num(c, el.lo) || x > num(c, el.hi));
      Terms out;
      for (Value u : domain_values(el.lo, el.hi)) {
        z3::expr in = c.bool_val(false);
        for (const auto& x : xs) in = in || x == num(c, u);
        out.push_back(in.simplify());
      }
      return out;
    }
    case ExprKind::RecordLit: {
      Terms out;
      for (const auto& a : e.args) {
        Terms v = eval(a, pc);
        out.insert(out.end(), v.begin(), v.end());
      }
      return out;
    }
    case ExprKind::Quant: {
      const model::Type& d = m.types[e.domain];
      if (model::cardinality(m, e.domain) > kMaxUnroll) throw Unsupported{"a quantifier over " + d.name};
      Terms saved = frame.at(e.id);
      z3::expr acc = e.op == Op::Forall ? c.bool_val(true) : c.bool_val(false);
      std::vector<z3::expr> counted;
      for (Value u : domain_values(d.lo, d.hi)) {
        frame[e.id] = {num(c, u)};
        // short-circuit as the explicit interpreter: a later element is evaluated only while
        // the answer is still open
        z3::expr open = e.op == Op::Forall ? acc : e.op == Op::Exists ? !acc : c.bool_val(true);
        z3::expr b = truth(e.args[0], pc && open);
        if (e.op == Op::Forall) acc = (acc && b).simplify();
        if (e.op == Op::Exists) acc = (acc || b).simplify();
        if (e.op == Op::Count) counted.push_back(b);
      }
      frame[e.id] = saved;
      if (e.op == Op::Count) return {count_true(c, counted).simplify()};
      return {acc};
    }
    case ExprKind::Builtin:
      return builtin(e, pc);
    case ExprKind::InFlight:
      return inflight(e, pc);
    default:
      throw Unsupported{"this kind of expression"};
  }
}

z3::expr Exec::arith(const model::Expr& e, const z3::expr& a, const z3::expr& b, const z3::expr& pc) {
  // int64 semantics: an overflow is a runtime error; / and % truncate toward zero as C++ does,
  // which is what bvsdiv and bvsrem compute.
  switch (e.op) {
    case Op::Add:
      error(pc, !z3::bvadd_no_overflow(a, b, true) || !z3::bvadd_no_underflow(a, b));
      return a + b;
    case Op::Sub:
      error(pc, !z3::bvsub_no_overflow(a, b) || !z3::bvsub_no_underflow(a, b, true));
      return a - b;
    case Op::Mul:
      error(pc, !z3::bvmul_no_overflow(a, b, true) || !z3::bvmul_no_underflow(a, b));
      return a * b;
    case Op::Div:
    case Op::Mod: {
      error(pc, b == num(c, 0) || (a == num(c, kMin) && b == num(c, -1)));
      return e.op == Op::Div ? a / b : z3::srem(a, b);
    }
    default:
      throw Unsupported{"this arithmetic operator"};
  }
}

Terms Exec::binary(const model::Expr& e, const z3::expr& pc) {
  const model::Model& m = L.m;
  const auto& A = e.args[0];
  const auto& B = e.args[1];
  switch (e.op) {
    case Op::And: {
      z3::expr a = truth(A, pc);
      return {a && truth(B, pc && a)};
    }
    case Op::Or: {
      z3::expr a = truth(A, pc);
      return {a || truth(B, pc && !a)};
    }
    case Op::Implies: {
      z3::expr a = truth(A, pc);
      return {!a || truth(B, pc && a)};
    }
    case Op::Eq:
    case Op::Ne: {
      Terms x = eval(A, pc), y = eval(B, pc);
      z3::expr eq = c.bool_val(true);
      for (std::size_t l = 0; l < x.size(); ++l)
        eq = eq && (x[l].is_bool() && y[l].is_bool() ? x[l] == y[l] : as_int(x[l]) == as_int(y[l]));
      return {e.op == Op::Eq ? eq : !eq};
    }
    case Op::Lt:
    case Op::Le:
    case Op::Gt:
    case Op::Ge: {
      z3::expr x = scalar(A, pc), y = scalar(B, pc);
      if (e.op == Op::Lt) return {x < y};
      if (e.op == Op::Le) return {x <= y};
      if (e.op == Op::Gt) return {x > y};
      return {x >= y};
    }
    case Op::In: {
      const model::Type& ct = m.types[B.type];
      if (ct.kind != TypeKind::Set) throw Unsupported{"`in` on a sequence"};
      z3::expr x = scalar(A, pc);
      Terms s = eval(B, pc);
      const model::Type& el = m.types[ct.elem];
      z3::expr in = c.bool_val(false);
      for (Value u : domain_values(el.lo, el.hi)) in = in || (x == num(c, u) && s[u - el.lo]);
      return {in};
    }
    case Op::Add:
    case Op::Sub:
    case Op::Mul:
      if (m.types[e.type].kind == TypeKind::Set) {
        Terms x = eval(A, pc), y = eval(B, pc);
        for (std::size_t l = 0; l < x.size(); ++l)
          x[l] = e.op == Op::Add ? x[l] || y[l] : e.op == Op::Sub ? x[l] && !y[l] : x[l] && y[l];
        return x;
      }
      [[fallthrough]];
    case Op::Div:
    case Op::Mod: {
      z3::expr x = scalar(A, pc), y = scalar(B, pc);
      return {arith(e, x, y, pc)};
    }
    case Op::Union:
    case Op::Diff:
    case Op::Inter: {
      Terms x = eval(A, pc), y = eval(B, pc);
      for (std::size_t l = 0; l < x.size(); ++l)
        x[l] = e.op == Op::Union ? x[l] || y[l] : e.op == Op::Diff ? x[l] && !y[l] : x[l] && y[l];
      return x;
    }
    default:
      throw Unsupported{"this binary operator"};
  }
}

Terms Exec::builtin(const model::Expr& e, const z3::expr& pc) {
  const model::Model& m = L.m;
  const auto& a = e.args;
  switch (e.fn) {
    case Builtin::Bound:
    case Builtin::Passive:
    case Builtin::Present: {
      z3::expr b = binding(scalar(a[0], pc), scalar(a.back(), pc));
      if (e.fn == Builtin::Bound) return {b == static_cast<int>(model::Binding::Bound)};
      if (e.fn == Builtin::Passive) return {b == static_cast<int>(model::Binding::Passive)};
      return {b != static_cast<int>(model::Binding::Absent)};
    }
    case Builtin::Idle:
    case Builtin::Pending: {
      z3::expr i = idle(scalar(a[0], pc), scalar(a.back(), pc));
      return {e.fn == Builtin::Idle ? i : !i};
    }
    case Builtin::Free: {
      z3::expr mod = scalar(a.back(), pc);
      z3::expr all = c.bool_val(true);
      for (std::uint32_t s = 0; s < L.nstacks; ++s) all = all && idle(num(c, s), mod);
      return {all};
    }
    case Builtin::Replaceable: {
      auto ka = known(scalar(a[1], pc)), kb = known(scalar(a[2], pc));
      if (!ka || !kb) throw Unsupported{"replaceable() of modules known only at run time"};
      Id ma = static_cast<Id>(*ka), mb = static_cast<Id>(*kb);
      // (Replaceable) reads only whether modules are present; enumerate the presence of the
      // modules its one definition (model/replaceable.hpp) looks at and ask it for each.
      std::vector<Id> rel{ma};
      for (Id y : m.modules[mb].requires_)
        for (Id k = 0; k < L.nmodules; ++k)
          if (m.modules[k].service == y && k != ma) rel.push_back(k);
      if (rel.size() > 12) throw Unsupported{"replaceable() over more than 12 modules"};
      z3::expr stack = scalar(a[0], pc);
      z3::expr out = c.bool_val(false);
      for (std::uint32_t mask = 0; mask < (1u << rel.size()); ++mask) {
        auto present = [&](Id k) {
          for (std::size_t i = 0; i < rel.size(); ++i)
            if (rel[i] == k) return (mask >> i & 1) != 0;
          return false;
        };
        bool holds = model::replaceable_on(
            m, [&](Id k) { return present(k) ? model::Binding::Bound : model::Binding::Absent; }, ma, mb);
        if (!holds) continue;
        z3::expr conj = c.bool_val(true);
        for (std::size_t i = 0; i < rel.size(); ++i) {
          z3::expr p = binding(stack, num(c, rel[i])) != static_cast<int>(model::Binding::Absent);
          conj = conj && ((mask >> i & 1) ? p : !p);
        }
        out = out || conj;
      }
      return {out.simplify()};
    }
    case Builtin::Crashed:
    case Builtin::Alive: {
      const model::Type& ft = m.types[a[0].type];
      z3::expr who = scalar(a[0], pc);
      std::vector<std::pair<Value, Terms>> opts;
      for (Value i = 0; i < m.families[ft.ref].count; ++i)
        opts.push_back({i, {crashed(L.family_base[ft.ref] + static_cast<std::uint32_t>(i))}});
      z3::expr cr = select(c, who, opts)[0];
      return {e.fn == Builtin::Crashed ? cr : !cr};
    }
    case Builtin::Size: {
      if (m.types[a[0].type].kind != TypeKind::Set) throw Unsupported{"size of a sequence"};
      Terms s = eval(a[0], pc);
      z3::expr n = num(c, 0);
      for (const auto& b : s) n = n + as_int(b);
      return {n};
    }
    case Builtin::Min:
    case Builtin::Max: {
      if (a.size() == 2) {
        z3::expr x = scalar(a[0], pc), y = scalar(a[1], pc);
        return {e.fn == Builtin::Min ? z3::ite(x <= y, x, y) : z3::ite(x >= y, x, y)};
      }
      if (m.types[a[0].type].kind != TypeKind::Set) throw Unsupported{"min/max of a sequence"};
      Terms s = eval(a[0], pc);
      const model::Type& el = m.types[m.types[a[0].type].elem];
      z3::expr any = c.bool_val(false);
      for (const auto& b : s) any = any || b;
      error(pc, !any);
      z3::expr best = num(c, el.lo);
      if (e.fn == Builtin::Min)
        for (Value u : domain_values_down(el.lo, el.hi)) best = z3::ite(s[u - el.lo], num(c, u), best);
      else
        for (Value u : domain_values(el.lo, el.hi)) best = z3::ite(s[u - el.lo], num(c, u), best);
      return {best};
    }
    case Builtin::Abs: {
      z3::expr x = scalar(a[0], pc);
      error(pc, x == num(c, kMin));
      return {z3::ite(x < 0, -x, x)};
    }
    case Builtin::Group:
    case Builtin::Member: {
      z3::expr inst = scalar(a[0], pc);
      const auto& fam = m.families[m.types[a[0].type].ref];
      Value k = fam.dims.size() == 2 ? fam.dims[1] : 1;
      return {e.fn == Builtin::Group ? inst / num(c, k) : z3::srem(inst, num(c, k))};
    }
    default:
      throw Unsupported{"sequence builtins (len, head, tail, append)"};
  }
}

std::vector<std::pair<std::uint32_t, z3::expr>> Exec::place(const model::Expr& e, const z3::expr& pc) {
  const model::Model& m = L.m;
  switch (e.kind) {
    case ExprKind::Global:
      return {{L.var(e.id, 0), c.bool_val(true)}};
    case ExprKind::Local: {
      z3::expr who = scalar(e.args[0], pc);
      std::vector<std::pair<std::uint32_t, z3::expr>> out;
      auto k = known(who);
      for (Value i = 0; i < m.families[m.vars[e.id].family].count; ++i)
        if (!k || *k == i) out.push_back({L.var(e.id, static_cast<std::uint32_t>(i)), who == num(c, i)});
      return out;
    }
    case ExprKind::Index: {
      const model::Type& at = m.types[e.args[0].type];
      if (at.kind != TypeKind::Array) throw Unsupported{"assigning into a sequence"};
      auto base = place(e.args[0], pc);
      z3::expr i = scalar(e.args[1], pc);
      const model::Type& ix = m.types[at.index];
      error(pc, i < num(c, ix.lo) || i > num(c, ix.hi));
      std::uint32_t n = leaf_count(m, at.elem);
      auto k = known(i);
      std::vector<std::pair<std::uint32_t, z3::expr>> out;
      for (const auto& [off, cond] : base)
        for (Value v : domain_values(ix.lo, ix.hi))
          if (!k || *k == v)
            out.push_back({off + static_cast<std::uint32_t>(v - ix.lo) * n, cond && i == num(c, v)});
      return out;
    }
    case ExprKind::Field: {
      auto base = place(e.args[0], pc);
      const model::Type& rt = m.types[e.args[0].type];
      std::uint32_t off = 0;
      for (Id f = 0; f < e.id; ++f) off += leaf_count(m, rt.fields[f].second);
      for (auto& b : base) b.first += off;
      return base;
    }
    default:
      throw Unsupported{"assigning to this expression"};
  }
}

void Exec::assign(const model::Stmt& s, const z3::expr& pc) {
  Terms v = eval(s.value, pc);
  check_range(s.target.type, v, pc);
  auto where = place(s.target, pc);
  z3::expr ok = pc && !failed;
  for (const auto& [off, cond] : where)
    for (std::size_t l = 0; l < v.size(); ++l) write(off + static_cast<std::uint32_t>(l), ok && cond, v[l]);
}

void Exec::exec(const model::Block& b, const z3::expr& pc) {
  for (const auto& s : b) exec(s, pc);
}

void Exec::exec(const model::Stmt& s, const z3::expr& pc) {
  if (known(pc) == Value{0}) return;
  const model::Model& m = L.m;
  switch (s.kind) {
    case StmtKind::Assign:
      assign(s, pc);
      return;
    case StmtKind::If: {
      z3::expr taken = c.bool_val(false);
      for (std::size_t i = 0; i < s.conds.size(); ++i) {
        z3::expr here = pc && !taken;
        z3::expr b = truth(s.conds[i], here);
        exec(s.blocks[i], here && b);
        taken = taken || b;
      }
      if (s.blocks.size() > s.conds.size()) exec(s.blocks.back(), pc && !taken);
      return;
    }
    case StmtKind::Send:
    case StmtKind::Broadcast:
      send(s, pc);
      return;
    case StmtKind::Bind:
    case StmtKind::Passivate:
    case StmtKind::Remove:
    case StmtKind::Add:
      stack_action(s, pc);
      return;
    case StmtKind::Choose: {
      const model::Type& d = m.types[s.domain];
      if (model::cardinality(m, s.domain) > kMaxUnroll) throw Unsupported{"choose over " + d.name};
      std::vector<z3::expr> cand;
      for (Value u : domain_values(d.lo, d.hi)) {
        frame[s.slot] = {num(c, u)};
        cand.push_back(s.conds.empty() ? c.bool_val(true) : truth(s.conds[0], pc).simplify());
      }
      if (!s.conds.empty()) blocking_choice = true;
      z3::expr v = fresh_int("choose", d.lo, d.hi);
      z3::expr some = c.bool_val(false), index = num(c, 0), before = num(c, 0);
      for (Value u : domain_values(d.lo, d.hi)) {
        const z3::expr& w = cand[u - d.lo];
        some = some || w;
        side.push_back(z3::implies(pc && !failed && v == num(c, u), w));
        index = z3::ite(v == num(c, u), before, index);
        before = before + as_int(w);
      }
      // no candidate: the branch (and with it the step) is disabled
      side.push_back(z3::implies(pc && !failed, some));
      choices.push_back(ChoiceSite{pc && !failed, index});
      frame[s.slot] = {v};
      exec(s.blocks.at(0), pc);
      return;
    }
    case StmtKind::Either: {
      z3::expr br = fresh_int("either", 0, static_cast<Value>(s.blocks.size()) - 1);
      choices.push_back(ChoiceSite{pc && !failed, br});
      for (std::size_t i = 0; i < s.blocks.size(); ++i)
        exec(s.blocks[i], pc && br == num(c, static_cast<Value>(i)));
      return;
    }
    case StmtKind::For: {
      const model::Type& d = m.types[s.domain];
      if (model::cardinality(m, s.domain) > kMaxUnroll) throw Unsupported{"for over " + d.name};
      for (Value u : domain_values(d.lo, d.hi)) {
        frame[s.slot] = {num(c, u)};
        exec(s.blocks.at(0), pc);
      }
      return;
    }
    case StmtKind::Assert: {
      z3::expr ok = truth(s.conds.at(0), pc);
      z3::expr site = (pc && !ok && !failed).simplify();
      if (site.is_false()) return;
      asserts.push_back(site);
      failed = failed || site;
      return;
    }
    case StmtKind::Deliver:
    case StmtKind::Drop:
      throw Unsupported{"`deliver` and `drop` of messages in flight"};
    case StmtKind::Emit:
      // events feed only the built-in checkers, which this engine does not decide; their
      // arguments can still fail at run time
      for (const auto& a : s.args) (void)eval(a, pc);
      return;
  }
}

void Exec::stack_action(const model::Stmt& s, const z3::expr& pc) {
  const model::Model& m = L.m;
  z3::expr stack = scalar(s.args.at(0), pc);
  auto km = known(scalar(s.args.at(1), pc));
  if (!km) throw Unsupported{"a stack action on a module known only at run time"};
  Id mod = static_cast<Id>(*km);
  z3::expr ok = pc && !failed;
  const int bound = static_cast<int>(model::Binding::Bound),
            passive = static_cast<int>(model::Binding::Passive);
  for (std::uint32_t st_i = 0; st_i < L.nstacks; ++st_i) {
    z3::expr here = (ok && stack == num(c, st_i)).simplify();
    if (here.is_false()) continue;
    auto bind_it = [&] {
      // Sanity-2: the other bound module of the same service becomes passive
      for (Id o = 0; o < L.nmodules; ++o)
        if (o != mod && m.modules[o].service == m.modules[mod].service)
          write(L.bind(st_i, o), here && st[L.bind(st_i, o)] == bound, num(c, passive));
      write(L.bind(st_i, mod), here, num(c, bound));
    };
    switch (s.kind) {
      case StmtKind::Bind:
        bind_it();
        break;
      case StmtKind::Passivate:
        write(L.bind(st_i, mod), here && st[L.bind(st_i, mod)] == bound, num(c, passive));
        break;
      case StmtKind::Remove:
        write(L.bind(st_i, mod), here, num(c, static_cast<int>(model::Binding::Absent)));
        break;
      case StmtKind::Add:
        if (s.bound)
          bind_it();
        else
          write(L.bind(st_i, mod), here, num(c, passive));
        break;
      default:
        break;
    }
  }
}

void Exec::send(const model::Stmt& s, const z3::expr& pc) {
  const model::Model& m = L.m;
  const ChannelLayout& ch = L.chans[s.channel];
  const bool total = m.channels[s.channel].order == model::ChannelOrder::Total;
  const auto& mt = m.messages.at(s.message);
  Terms fields;
  for (std::size_t i = 0; i < s.args.size() && i < mt.fields.size(); ++i) {
    Terms v = eval(s.args[i], pc);
    check_range(mt.fields[i].second, v, pc);
    for (const auto& x : v) fields.push_back(as_int(x));
  }
  // receivers: one Boolean per process (sent to it and it is alive: reading E3)
  Terms to(L.nprocs, c.bool_val(false));
  if (s.kind == StmtKind::Send) {
    const model::Type& ft = m.types[s.dest->type];
    z3::expr who = scalar(*s.dest, pc);
    for (Value i = 0; i < m.families[ft.ref].count; ++i) {
      std::uint32_t pid = L.family_base[ft.ref] + static_cast<std::uint32_t>(i);
      to[pid] = who == num(c, i);
    }
  } else {
    const auto& fam = m.families.at(s.family);
    if (s.dest && fam.dims.size() == 2) {
      z3::expr g = scalar(*s.dest, pc);
      error(pc, g < 0 || g >= num(c, fam.dims[0]));
      for (Value i = 0; i < fam.count; ++i) to[L.family_base[s.family] + i] = g == num(c, i / fam.dims[1]);
    } else {
      for (Value i = 0; i < fam.count; ++i) to[L.family_base[s.family] + i] = c.bool_val(true);
    }
  }
  for (std::uint32_t p = 0; p < L.nprocs; ++p) to[p] = (to[p] && !crashed(p)).simplify();
  // the entries this send adds: one for a total channel (all receivers), else one per receiver
  z3::expr adds = num(c, 0);
  if (total) {
    z3::expr any = c.bool_val(false);
    for (const auto& b : to) any = any || b;
    adds = as_int(any);
  } else {
    for (const auto& b : to) adds = adds + as_int(b);
  }
  z3::expr len = st[ch.len];
  error(pc, len + adds > 64);
  if (ch.cap < 64) {
    z3::expr over = (pc && !failed && len + adds > num(c, ch.cap)).simplify();
    if (!over.is_false()) over_cap.push_back(over), failed = failed || over;
  }
  z3::expr ok = pc && !failed;
  auto append = [&](const z3::expr& when, const Terms& recv) {
    z3::expr cur = st[ch.len];
    for (std::uint32_t i = 0; i < ch.cap; ++i) {
      z3::expr here = (when && cur == num(c, i)).simplify();
      if (here.is_false()) continue;
      std::uint32_t e = L.entry(s.channel, i);
      write(e, here, num(c, s.message));
      write(e + 1, here, num(c, self_pid));
      for (std::uint32_t k = 0; k + 2 < ch.recv; ++k)
        write(e + 2 + k, here, k < fields.size() ? fields[k] : num(c, 0));
      for (std::uint32_t p = 0; p < L.nprocs; ++p) write(e + ch.recv + p, here, recv[p]);
    }
    write(ch.len, when, cur + 1);
  };
  if (total) {
    z3::expr any = c.bool_val(false);
    for (const auto& b : to) any = any || b;
    append((ok && any).simplify(), to);
  } else {
    for (std::uint32_t p = 0; p < L.nprocs; ++p) {
      if (to[p].is_false()) continue;
      Terms one(L.nprocs, c.bool_val(false));
      one[p] = c.bool_val(true);
      append((ok && to[p]).simplify(), one);
    }
  }
}

}  // namespace dpu::smt
