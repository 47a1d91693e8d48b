#include "explicit/interpreter.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include "explicit/protocol.hpp"

namespace dpu::explicit_ {

using model::Builtin;
using model::Expr;
using model::ExprKind;
using model::Op;
using model::Stmt;
using model::StmtKind;
using model::TypeKind;

// ---- frames -------------------------------------------------------------------------------

namespace {

struct SlotCollector {
  const model::Model* m = nullptr;
  std::map<Id, Id> types;
  void note(Id slot, Id type) {
    if (slot == model::kNone) return;
    auto [it, fresh] = types.emplace(slot, type);
    if (!fresh && it->second == model::kNone) it->second = type;
  }
  void expr(const Expr& e) {
    if (e.kind == ExprKind::Slot) note(e.id, e.type);
    if (e.kind == ExprKind::Quant) note(e.id, e.domain);
    if (e.pattern) pattern(*e.pattern);
    for (const auto& a : e.args) expr(a);
  }
  void pattern(const model::MsgPattern& p) {
    const auto& fields = m->messages.at(p.message).fields;
    for (std::size_t i = 0; i < p.field_slots.size(); ++i) note(p.field_slots[i], fields.at(i).second);
    if (p.from_slot != model::kNone) note(p.from_slot, m->families.at(p.from_family).type);
    if (p.to_slot != model::kNone) note(p.to_slot, m->families.at(p.to_family).type);
    if (p.from_index) expr(*p.from_index);
    if (p.to_index) expr(*p.to_index);
  }
  void block(const model::Block& b) {
    for (const auto& s : b) {
      expr(s.target);
      expr(s.value);
      for (const auto& c : s.conds) expr(c);
      for (const auto& a : s.args) expr(a);
      if (s.dest) expr(*s.dest);
      if (s.kind == StmtKind::Choose || s.kind == StmtKind::For) note(s.slot, s.domain);
      if (s.pattern) pattern(*s.pattern);
      for (const auto& bb : s.blocks) block(bb);
    }
  }
};

}  // namespace

FrameLayout frame_layout(const Layout& L, const model::Frame* frame, const std::vector<const Expr*>& exprs,
                         const std::vector<const model::Block*>& blocks) {
  SlotCollector c;
  c.m = &L.m;
  c.note(0, model::kNone);  // self
  if (frame)
    for (Id i = 0; i < frame->slots.size(); ++i) c.note(i, frame->slots[i].second);
  for (const auto* e : exprs)
    if (e) c.expr(*e);
  for (const auto* b : blocks)
    if (b) c.block(*b);
  FrameLayout fl;
  Id max_slot = c.types.empty() ? 0 : c.types.rbegin()->first;
  fl.off.assign(max_slot + 1, 0);
  fl.type.assign(max_slot + 1, model::kNone);
  for (Id s = 0; s <= max_slot; ++s) {
    auto it = c.types.find(s);
    Id t = it == c.types.end() ? model::kNone : it->second;
    fl.off[s] = fl.size;
    fl.type[s] = t;
    fl.size += t == model::kNone ? 1 : L.ti(t).size;
  }
  return fl;
}

// ---- basics -------------------------------------------------------------------------------

Interp::Interp(const Layout& layout) : L(layout) { scratch_.resize(1 << 16); }

void Interp::fail(model::Pos pos, std::string msg) { throw RuntimeError{std::move(msg), pos}; }

void Interp::overflow(model::Pos pos, Value a, const char* op, Value b) {
  fail(pos, "arithmetic overflow: " + std::to_string(a) + " " + op + " " + std::to_string(b) +
                " is outside int64");
}

void Interp::overflow(model::Pos pos, const char* op, Value a) {
  fail(pos, "arithmetic overflow: " + std::string(op) + "(" + std::to_string(a) + ") is outside int64");
}

Value* Interp::alloc(std::uint32_t n, model::Pos pos) {
  if (sp_ + n > scratch_.size()) fail(pos, "expression value too large");
  Value* p = scratch_.data() + sp_;
  sp_ += n;
  return p;
}

std::uint32_t Interp::choose_index(std::uint32_t n) {
  std::size_t i = taken.size();
  std::uint32_t c = (want_ && i < want_->size()) ? (*want_)[i] : 0;
  taken.push_back(c);
  arity.push_back(n);
  return c;
}

void Interp::count_arms(const model::Branches& b) {
  arm_of_.clear();
  for (const model::BranchPoint& p : b.points) arm_of_.emplace(p.stmt, p.first_arm);
}

bool Interp::next_choices(std::vector<std::uint32_t>& want) const {
  for (std::size_t i = taken.size(); i-- > 0;) {
    if (taken[i] + 1 < arity[i]) {
      want.assign(taken.begin(), taken.begin() + static_cast<std::ptrdiff_t>(i));
      want.push_back(taken[i] + 1);
      return true;
    }
  }
  return false;
}

void Interp::check_range(Id type, const Value* v, model::Pos pos, const char* what) {
  const auto& flat = L.ti(type).flat;
  for (std::size_t i = 0; i < flat.size(); ++i)
    if (v[i] < flat[i].lo || v[i] > flat[i].hi)
      fail(pos, std::string(what) + " value " + std::to_string(v[i]) + " is outside " +
                    std::to_string(flat[i].lo) + ".." + std::to_string(flat[i].hi) + " of type " +
                    L.m.types[type].name);
}

std::uint32_t Interp::pid_of(const Expr& e) {
  Value inst = eval(e);
  const auto& t = L.m.types[e.type];
  if (t.kind != TypeKind::Family) fail(e.pos, "expected a process");
  if (inst < 0 || inst >= L.m.families[t.ref].count) fail(e.pos, "process index out of range");
  return L.family_base[t.ref] + static_cast<std::uint32_t>(inst);
}

std::uint32_t Interp::stack_of(const Expr& e) {
  Value inst = eval(e);
  if (inst < 0 || inst >= static_cast<Value>(L.nstacks)) fail(e.pos, "stack index out of range");
  return static_cast<std::uint32_t>(inst);
}

Id Interp::module_of(const Expr& e) {
  Value m = eval(e);
  if (m < 0 || m >= static_cast<Value>(L.nmodules)) fail(e.pos, "module value out of range");
  return static_cast<Id>(m);
}

// ---- places and values --------------------------------------------------------------------

Value* Interp::place(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Global:
      return w_->v.data() + L.var_off[e.id];
    case ExprKind::Local: {
      Value inst = eval(e.args[0]);
      Id fam = L.m.vars[e.id].family;
      if (inst < 0 || inst >= L.m.families[fam].count) fail(e.pos, "process index out of range");
      return w_->v.data() + L.var_slot(e.id, static_cast<std::uint32_t>(inst));
    }
    case ExprKind::Slot:
      return frame_ + fl_->off.at(e.id);
    case ExprKind::Index: {
      Value* base = place(e.args[0]);
      if (!base) return nullptr;
      return base + element_offset(e, base);
    }
    case ExprKind::Field: {
      Value* base = place(e.args[0]);
      return base ? base + L.ti(e.args[0].type).field_off.at(e.id) : nullptr;
    }
    default:
      return nullptr;
  }
}

std::ptrdiff_t Interp::element_offset(const Expr& e, const Value* base) {
  const auto& bt = L.m.types[e.args[0].type];
  const auto& bi = L.ti(e.args[0].type);
  Value i = eval(e.args[1]);
  if (bt.kind == TypeKind::Array) {
    const auto& ix = L.ti(bt.index);
    if (i < ix.lo || i > ix.hi) fail(e.pos, "array index " + std::to_string(i) + " out of range");
    return (i - ix.lo) * bi.esize;
  }
  if (i < 0 || i >= base[0]) fail(e.pos, "sequence index " + std::to_string(i) + " out of range");
  return 1 + i * bi.esize;
}

const Value* Interp::ref(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Global:
    case ExprKind::Local:
    case ExprKind::Slot:
      return place(e);
    case ExprKind::Index: {
      const Value* base = ref(e.args[0]);
      return base + element_offset(e, base);
    }
    case ExprKind::Field:
      return ref(e.args[0]) + L.ti(e.args[0].type).field_off.at(e.id);
    default: {
      Value* p = alloc(L.ti(e.type).size, e.pos);
      eval_into(e, p);
      return p;
    }
  }
}

Value Interp::eval(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Lit:
      return e.value;
    case ExprKind::Global:
    case ExprKind::Local:
    case ExprKind::Slot:
    case ExprKind::Index:
    case ExprKind::Field: {
      std::size_t mark = sp_;
      Value v = *ref(e);
      sp_ = mark;
      return v;
    }
    case ExprKind::Unary: {
      Value x = eval(e.args[0]);
      if (e.op == Op::Not) return !x;
      Value r = 0;
      if (__builtin_sub_overflow(Value{0}, x, &r)) overflow(e.pos, "-", x);
      return r;
    }
    case ExprKind::Binary:
      return binary(e);
    case ExprKind::Ite:
      return truth(e.args[0]) ? eval(e.args[1]) : eval(e.args[2]);
    case ExprKind::Quant:
      return quant(e);
    case ExprKind::InFlight:
      return inflight(e);
    case ExprKind::Builtin:
      return builtin(e);
    default:
      fail(e.pos, "expression has no scalar value");
  }
}

void Interp::eval_into(const Expr& e, Value* out) {
  const auto& ti = L.ti(e.type);
  if (ti.scalar) {
    out[0] = eval(e);
    return;
  }
  switch (e.kind) {
    case ExprKind::Global:
    case ExprKind::Local:
    case ExprKind::Slot:
    case ExprKind::Index:
    case ExprKind::Field: {
      std::size_t mark = sp_;
      const Value* p = ref(e);
      std::copy(p, p + ti.size, out);
      sp_ = mark;
      return;
    }
    case ExprKind::Ite:
      eval_into(truth(e.args[0]) ? e.args[1] : e.args[2], out);
      return;
    case ExprKind::SetLit: {
      std::fill(out, out + ti.size, 0);
      const auto& el = L.ti(L.m.types[e.type].elem);
      for (const auto& a : e.args) {
        Value x = eval(a);
        if (x < el.lo || x > el.hi) fail(a.pos, "set element out of range");
        out[x - el.lo] = 1;
      }
      return;
    }
    case ExprKind::SeqLit: {
      std::fill(out, out + ti.size, 0);
      if (static_cast<Value>(e.args.size()) > L.m.types[e.type].capacity)
        fail(e.pos, "sequence literal over capacity");
      out[0] = static_cast<Value>(e.args.size());
      for (std::size_t i = 0; i < e.args.size(); ++i) eval_into(e.args[i], out + 1 + i * ti.esize);
      return;
    }
    case ExprKind::RecordLit:
      for (std::size_t i = 0; i < e.args.size(); ++i) eval_into(e.args[i], out + ti.field_off[i]);
      return;
    case ExprKind::Binary: {  // set algebra
      std::size_t mark = sp_;
      const Value* a = ref(e.args[0]);
      const Value* b = ref(e.args[1]);
      for (std::uint32_t i = 0; i < ti.size; ++i) {
        switch (e.op) {
          case Op::Union:
          case Op::Add:
            out[i] = a[i] | b[i];
            break;
          case Op::Diff:
          case Op::Sub:
            out[i] = a[i] & !b[i];
            break;
          case Op::Inter:
          case Op::Mul:
            out[i] = a[i] & b[i];
            break;
          default:
            fail(e.pos, "operator not defined on sets");
        }
      }
      sp_ = mark;
      return;
    }
    case ExprKind::Builtin:
      builtin_into(e, out);
      return;
    default:
      fail(e.pos, "unsupported composite expression");
  }
}

Value Interp::binary(const Expr& e) {
  switch (e.op) {
    case Op::And:
      return truth(e.args[0]) && truth(e.args[1]);
    case Op::Or:
      return truth(e.args[0]) || truth(e.args[1]);
    case Op::Implies:
      return !truth(e.args[0]) || truth(e.args[1]);
    case Op::Eq:
    case Op::Ne: {
      const auto& ti = L.ti(e.args[0].type);
      bool eq;
      if (ti.scalar) {
        eq = eval(e.args[0]) == eval(e.args[1]);
      } else {
        std::size_t mark = sp_;
        const Value* a = ref(e.args[0]);
        const Value* b = ref(e.args[1]);
        eq = std::equal(a, a + ti.size, b);
        sp_ = mark;
      }
      return e.op == Op::Eq ? eq : !eq;
    }
    case Op::In: {
      Value x = eval(e.args[0]);
      const auto& ct = L.m.types[e.args[1].type];
      const auto& ci = L.ti(e.args[1].type);
      std::size_t mark = sp_;
      const Value* c = ref(e.args[1]);
      bool in = false;
      if (ct.kind == TypeKind::Set) {
        const auto& el = L.ti(ct.elem);
        in = x >= el.lo && x <= el.hi && c[x - el.lo] != 0;
      } else {
        for (Value i = 0; i < c[0] && !in; ++i) in = c[1 + i * ci.esize] == x;
      }
      sp_ = mark;
      return in;
    }
    default:
      break;
  }
  Value a = eval(e.args[0]), b = eval(e.args[1]), r = 0;
  // Arithmetic is on int64; a result outside it is a runtime error (spec/semantics.md §3).
  switch (e.op) {
    case Op::Lt:
      return a < b;
    case Op::Le:
      return a <= b;
    case Op::Gt:
      return a > b;
    case Op::Ge:
      return a >= b;
    case Op::Add:
      if (__builtin_add_overflow(a, b, &r)) overflow(e.pos, a, "+", b);
      return r;
    case Op::Sub:
      if (__builtin_sub_overflow(a, b, &r)) overflow(e.pos, a, "-", b);
      return r;
    case Op::Mul:
      if (__builtin_mul_overflow(a, b, &r)) overflow(e.pos, a, "*", b);
      return r;
    case Op::Div:
    case Op::Mod:
      if (b == 0) fail(e.pos, "division by zero");
      // INT64_MIN / -1 is 2^63; C++ leaves it (and INT64_MIN % -1) undefined
      if (a == std::numeric_limits<Value>::min() && b == -1)
        overflow(e.pos, a, e.op == Op::Div ? "/" : "%", b);
      return e.op == Op::Div ? a / b : a % b;
    default:
      fail(e.pos, "unsupported binary operator");
  }
}

Value Interp::quant(const Expr& e) {
  const auto& d = L.ti(e.domain);
  Value* slot = frame_ + fl_->off.at(e.id);
  Value saved = *slot, count = 0;
  for (Value k = 0, n = model::cardinality(L.m, e.domain); k < n; ++k) {
    *slot = d.lo + k;  // counting from lo: `v <= hi; ++v` overflows when hi is INT64_MAX
    bool b = truth(e.args[0]);
    if (e.op == Op::Forall && !b) {
      *slot = saved;
      return 0;
    }
    if (e.op == Op::Exists && b) {
      *slot = saved;
      return 1;
    }
    count += b;
  }
  *slot = saved;
  return e.op == Op::Forall ? 1 : e.op == Op::Exists ? 0 : count;
}

// ---- messages in flight (semantics.md §3) --------------------------------------------------

bool Interp::match(const model::MsgPattern& p, const Value* e, Value receiver) {
  if (e[0] != static_cast<Value>(p.message)) return false;
  auto instance = [&](Value pid, Id fam, Value& inst) {
    if (fam == model::kNone) return true;
    const Value base = L.family_base[fam];
    if (pid < base || pid >= base + L.m.families[fam].count) return false;
    inst = pid - base;
    return true;
  };
  Value from = 0, to = 0;
  if (!instance(e[1], p.from_family, from) || !instance(receiver, p.to_family, to)) return false;
  const auto& fields = L.m.messages[p.message].fields;
  std::uint32_t at = 3;
  for (std::size_t i = 0; i < p.field_slots.size(); ++i) {
    const std::uint32_t n = L.ti(fields[i].second).size;
    std::copy(e + at, e + at + n, frame_ + fl_->off.at(p.field_slots[i]));
    at += n;
  }
  if (p.from_slot != model::kNone) frame_[fl_->off.at(p.from_slot)] = from;
  if (p.to_slot != model::kNone) frame_[fl_->off.at(p.to_slot)] = to;
  if (p.from_index && eval(*p.from_index) != from) return false;
  if (p.to_index && eval(*p.to_index) != to) return false;
  return true;
}

Value Interp::inflight(const Expr& e) {
  const auto& p = *e.pattern;
  const bool total = L.m.channels[p.channel].order == model::ChannelOrder::Total;
  Value count = 0;
  for (std::uint32_t i = 0; i < w_->count[p.channel]; ++i) {
    const Value* en = w_->entry(L, p.channel, i);
    // one message per receiver: a total entry is in flight to each receiver whose bit is
    // still set, visited in increasing process number, or once (one broadcast) when the
    // pattern names no receiver (semantics.md §3)
    const auto mask = static_cast<std::uint64_t>(en[2]);
    const bool per_receiver = total && p.to_family != model::kNone;
    const std::uint32_t nrecv = per_receiver ? 64 : 1;
    for (std::uint32_t r = 0; r < nrecv; ++r) {
      if (per_receiver && !((mask >> r) & 1U)) continue;
      if (!match(p, en, per_receiver ? static_cast<Value>(r) : en[2])) continue;
      const bool b = truth(e.args[0]);
      if (e.op == Op::Forall && !b) return 0;
      if (e.op == Op::Exists && b) return 1;
      count += b;
    }
  }
  return e.op == Op::Forall ? 1 : e.op == Op::Exists ? 0 : count;
}

void Interp::deliver(const Stmt& s) {
  const auto& p = *s.pattern;
  const Id c = p.channel;
  const std::uint32_t width = L.entry_width, n = w_->count[c];
  // The entries present now, visited queue by queue (sender, receiver), oldest first: within
  // a queue the channel keeps send order (canonical prefix, then this step's sends).
  std::vector<Value> snap(w_->entry(L, c, 0), w_->entry(L, c, 0) + std::size_t{n} * width);
  std::vector<std::uint32_t> order(n);
  for (std::uint32_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const Value* x = &snap[std::size_t{a} * width];
    const Value* y = &snap[std::size_t{b} * width];
    return std::make_pair(x[1], x[2]) < std::make_pair(y[1], y[2]);
  });
  for (std::uint32_t i : order) {
    const Value* en = &snap[std::size_t{i} * width];
    std::uint32_t at = 0;
    while (at < w_->count[c] && !std::equal(en, en + width, w_->entry(L, c, at))) ++at;
    if (at == w_->count[c]) continue;  // an earlier block removed it
    if (!match(p, en, en[2])) continue;
    if (!s.conds.empty() && !truth(s.conds[0])) continue;
    w_->erase(L, c, at);
    if (s.kind == StmtKind::Deliver) exec(s.blocks.at(0));
  }
}

std::string Interp::process_name(std::uint32_t pid) const {
  for (Id f = 0; f < L.m.families.size(); ++f) {
    const auto& fam = L.m.families[f];
    const Value base = L.family_base[f];
    if (pid < base || pid >= base + fam.count) continue;
    const Value i = pid - base;
    if (fam.dims.empty()) return fam.name;
    if (fam.dims.size() == 2)
      return fam.name + "[" + std::to_string(i / fam.dims[1]) + "][" + std::to_string(i % fam.dims[1]) + "]";
    return fam.name + "[" + std::to_string(i) + "]";
  }
  return "?";
}

Value Interp::builtin(const Expr& e) {
  const auto& a = e.args;
  switch (e.fn) {
    case Builtin::Bound:
      return binding(L, *w_, stack_of(a[0]), module_of(a.back())) == model::Binding::Bound;
    case Builtin::Passive:
      return binding(L, *w_, stack_of(a[0]), module_of(a.back())) == model::Binding::Passive;
    case Builtin::Present:
      return binding(L, *w_, stack_of(a[0]), module_of(a.back())) != model::Binding::Absent;
    case Builtin::Idle:
      return idle(L, *w_, stack_of(a[0]), module_of(a.back()));
    case Builtin::Pending:
      return !idle(L, *w_, stack_of(a[0]), module_of(a.back()));
    case Builtin::Free:
      return free_module(L, *w_, module_of(a.back()));
    case Builtin::Replaceable:
      return replaceable(L, *w_, stack_of(a[0]), module_of(a[a.size() - 2]), module_of(a.back()));
    case Builtin::Crashed:
      return crashed(L, *w_, pid_of(a[0]));
    case Builtin::Alive:
      return !crashed(L, *w_, pid_of(a[0]));
    case Builtin::Faulty:
      return L.faulty[pid_of(a[0])];
    case Builtin::Size: {
      std::size_t mark = sp_;
      const Value* s = ref(a[0]);
      Value n = 0;
      for (std::uint32_t i = 0; i < L.ti(a[0].type).size; ++i) n += s[i] != 0;
      sp_ = mark;
      return n;
    }
    case Builtin::Len: {
      std::size_t mark = sp_;
      Value n = ref(a[0])[0];
      sp_ = mark;
      return n;
    }
    case Builtin::Head: {
      std::size_t mark = sp_;
      const Value* s = ref(a[0]);
      if (s[0] == 0) fail(e.pos, "head of an empty sequence");
      Value v = s[1];
      sp_ = mark;
      return v;
    }
    case Builtin::Min:
    case Builtin::Max: {
      if (a.size() == 2) {
        Value x = eval(a[0]), y = eval(a[1]);
        return e.fn == Builtin::Min ? std::min(x, y) : std::max(x, y);
      }
      std::size_t mark = sp_;
      const Value* s = ref(a[0]);
      Id elem = L.m.types[a[0].type].elem;
      const auto& el = L.ti(elem);
      std::optional<Value> best;
      for (Value k = 0, n = model::cardinality(L.m, elem); k < n; ++k)
        if (s[k] && (!best || e.fn == Builtin::Max)) best = el.lo + k;
      sp_ = mark;
      if (!best) fail(e.pos, "min/max of an empty set");
      return *best;
    }
    case Builtin::Abs: {
      Value x = eval(a[0]);
      if (x == std::numeric_limits<Value>::min())
        fail(e.pos, "arithmetic overflow: abs(" + std::to_string(x) + ") is outside int64");
      return x < 0 ? -x : x;
    }
    case Builtin::Group:
    case Builtin::Member: {
      Value inst = eval(a[0]);
      const auto& fam = L.m.families[L.m.types[a[0].type].ref];
      Value k = fam.dims.size() == 2 ? fam.dims[1] : 1;
      return e.fn == Builtin::Group ? inst / k : inst % k;
    }
    default:
      fail(e.pos, "unsupported builtin");
  }
}

void Interp::builtin_into(const Expr& e, Value* out) {
  const auto& ti = L.ti(e.type);
  std::size_t mark = sp_;
  const Value* s = ref(e.args[0]);
  switch (e.fn) {
    case Builtin::Tail:
      if (s[0] == 0) fail(e.pos, "tail of an empty sequence");
      std::fill(out, out + ti.size, 0);
      out[0] = s[0] - 1;
      std::copy(s + 1 + ti.esize, s + 1 + s[0] * ti.esize, out + 1);
      break;
    case Builtin::Append: {
      if (s[0] >= L.m.types[e.type].capacity) fail(e.pos, "append to a full sequence");
      std::copy(s, s + ti.size, out);
      eval_into(e.args[1], out + 1 + s[0] * ti.esize);
      out[0] = s[0] + 1;
      break;
    }
    case Builtin::Head:
      if (s[0] == 0) fail(e.pos, "head of an empty sequence");
      std::copy(s + 1, s + 1 + ti.size, out);
      break;
    default:
      fail(e.pos, "unsupported builtin");
  }
  sp_ = mark;
}

// ---- statements ---------------------------------------------------------------------------

void Interp::exec(const model::Block& b) {
  for (const auto& s : b) {
    if (disabled_) return;
    exec(s);
  }
}

void Interp::exec(const Stmt& s) {
  std::size_t mark = sp_;
  switch (s.kind) {
    case StmtKind::Assign:
      assign(s);
      break;
    case StmtKind::If: {
      std::size_t i = 0;
      for (; i < s.conds.size(); ++i)
        if (truth(s.conds[i])) {
          took_arm(s, i);
          exec(s.blocks[i]);
          break;
        }
      if (i == s.conds.size()) {
        took_arm(s, i);  // the else block, or the fall-through when none is written
        if (s.blocks.size() > s.conds.size()) exec(s.blocks.back());
      }
      break;
    }
    case StmtKind::Send:
      send(s, false);
      break;
    case StmtKind::Broadcast:
      send(s, true);
      break;
    case StmtKind::Bind:
    case StmtKind::Passivate:
    case StmtKind::Remove:
    case StmtKind::Add:
      stack_action(s);
      break;
    case StmtKind::Choose: {
      const auto& d = L.ti(s.domain);
      Value* slot = frame_ + fl_->off.at(s.slot);
      cands_.clear();
      for (Value k = 0, n = model::cardinality(L.m, s.domain); k < n; ++k) {
        Value v = d.lo + k;
        *slot = v;
        if (s.conds.empty() || truth(s.conds[0])) cands_.push_back(v);
      }
      if (cands_.empty()) {
        disabled_ = true;
        break;
      }
      *slot = cands_[choose_index(static_cast<std::uint32_t>(cands_.size()))];
      took_arm(s, 0);
      exec(s.blocks.at(0));
      break;
    }
    case StmtKind::Either: {
      const std::uint32_t i = choose_index(static_cast<std::uint32_t>(s.blocks.size()));
      took_arm(s, i);
      exec(s.blocks.at(i));
      break;
    }
    case StmtKind::For: {
      const auto& d = L.ti(s.domain);
      Value* slot = frame_ + fl_->off.at(s.slot);
      for (Value k = 0, n = model::cardinality(L.m, s.domain); k < n; ++k) {
        *slot = d.lo + k;
        exec(s.blocks.at(0));
        if (disabled_) break;
      }
      break;
    }
    case StmtKind::Assert:
      if (!truth(s.conds.at(0))) throw AssertionFailure{s.text.empty() ? "assertion failed" : s.text, s.pos};
      break;
    case StmtKind::Emit:
      emit(s);
      break;
    case StmtKind::Deliver:
    case StmtKind::Drop:
      deliver(s);
      break;
  }
  sp_ = mark;
}

void Interp::assign(const Stmt& s) {
  const auto& ti = L.ti(s.target.type);
  if (ti.scalar) {
    Value v = eval(s.value);
    check_range(s.target.type, &v, s.pos, "assigned");
    Value* p = place(s.target);
    if (!p) fail(s.pos, "not assignable");
    *p = v;
    return;
  }
  Value* tmp = alloc(ti.size, s.pos);
  eval_into(s.value, tmp);
  check_range(s.target.type, tmp, s.pos, "assigned");
  Value* p = place(s.target);
  if (!p) fail(s.pos, "not assignable");
  std::copy(tmp, tmp + ti.size, p);
}

void Interp::emit(const Stmt& s) {
  const auto& ev = L.m.events.at(s.event);
  std::uint32_t width = 0;
  for (const auto& f : ev.fields) width += L.ti(f.second).size;
  Value* e = alloc(width, s.pos);
  std::fill(e, e + width, 0);
  std::uint32_t at = 0;
  for (std::size_t i = 0; i < s.args.size() && i < ev.fields.size(); ++i) {
    Id ft = ev.fields[i].second;
    eval_into(s.args[i], e + at);
    check_range(ft, e + at, s.args[i].pos, "event field");
    at += L.ti(ft).size;
  }
  events.push_back(static_cast<Value>(s.event));
  events.push_back(static_cast<Value>(width));
  events.insert(events.end(), e, e + width);
}

void Interp::send(const Stmt& s, bool broadcast) {
  const std::uint32_t width = L.entry_width;
  Value* e = alloc(width, s.pos);
  std::fill(e, e + width, 0);
  e[0] = s.message;
  e[1] = self_pid_;
  const auto& mt = L.m.messages.at(s.message);
  std::uint32_t at = 3;
  for (std::size_t i = 0; i < s.args.size() && i < mt.fields.size(); ++i) {
    Id ft = mt.fields[i].second;
    eval_into(s.args[i], e + at);
    check_range(ft, e + at, s.args[i].pos, "message field");
    at += L.ti(ft).size;
  }
  const bool total = L.m.channels.at(s.channel).order == model::ChannelOrder::Total;
  std::vector<std::uint32_t> to;
  if (!broadcast) {
    to.push_back(pid_of(*s.dest));
  } else {
    const auto& fam = L.m.families.at(s.family);
    Value first = 0, n = fam.count;
    if (s.dest && fam.dims.size() == 2) {
      Value g = eval(*s.dest);
      if (g < 0 || g >= fam.dims[0]) fail(s.pos, "group index out of range");
      first = g * fam.dims[1], n = fam.dims[1];
    }
    for (Value i = first; i < first + n; ++i)
      to.push_back(L.family_base[s.family] + static_cast<std::uint32_t>(i));
  }
  std::erase_if(to, [&](std::uint32_t pid) { return crashed(L, *w_, pid); });  // reading E3: lost
  // A send that would overfill its channel is a runtime error of the model at this step
  // (spec/semantics.md §3), checked before anything is inserted.
  const std::size_t entries = total ? (to.empty() ? 0 : 1) : to.size();
  if (w_->count[s.channel] + entries > Layout::kChannelCap)
    fail(s.pos, std::string(broadcast ? "broadcast" : "send") + " on channel " +
                    L.m.channels[s.channel].name + " would hold more than " +
                    std::to_string(Layout::kChannelCap) + " messages");
  const auto& chan = L.m.channels[s.channel];
  if (chan.capacity > 0) {
    // A bounded fifo channel: each (sender, receiver) queue holds at most `capacity`.
    for (std::uint32_t pid : to) {
      Value queued = 0;
      for (std::uint32_t i = 0; i < w_->count[s.channel]; ++i) {
        const Value* q = w_->entry(L, s.channel, i);
        queued += q[1] == static_cast<Value>(self_pid_) && q[2] == static_cast<Value>(pid);
      }
      if (queued < chan.capacity) continue;
      if (chan.block_when_full) {
        disabled_ = true;
        return;
      }
      fail(s.pos, std::string(broadcast ? "broadcast" : "send") + " on channel " + chan.name + " to " +
                      process_name(pid) + " would hold more than " + std::to_string(chan.capacity) +
                      " messages in its queue");
    }
  }
  Value mask = 0;
  for (std::uint32_t pid : to) {
    if (total) {
      mask |= Value{1} << pid;
      continue;
    }
    e[2] = pid;
    w_->insert(L, s.channel, e);
  }
  if (total && mask) {
    e[2] = mask;
    w_->insert(L, s.channel, e);
  }
}

void Interp::stack_action(const Stmt& s) {
  std::uint32_t stack = stack_of(s.args.at(0));
  Id mod = module_of(s.args.at(1));
  auto set = [&](Id m, model::Binding b) { w_->v[L.bind_slot(stack, m)] = static_cast<Value>(b); };
  auto bind_it = [&] {
    // Sanity-2: the other bound module of the same service becomes passive.
    for (Id o = 0; o < L.nmodules; ++o)
      if (o != mod && L.m.modules[o].service == L.m.modules[mod].service &&
          binding(L, *w_, stack, o) == model::Binding::Bound)
        set(o, model::Binding::Passive);
    set(mod, model::Binding::Bound);
  };
  switch (s.kind) {
    case StmtKind::Bind:
      bind_it();
      break;
    case StmtKind::Passivate:
      if (binding(L, *w_, stack, mod) == model::Binding::Bound) set(mod, model::Binding::Passive);
      break;
    case StmtKind::Remove:
      set(mod, model::Binding::Absent);
      break;
    case StmtKind::Add:
      if (s.bound)
        bind_it();
      else
        set(mod, model::Binding::Passive);
      break;
    default:
      break;
  }
}

void Interp::init_var(Id var, std::uint32_t instance) {
  const auto& v = L.m.vars[var];
  Value* p = w_->v.data() + (v.family == model::kNone ? L.var_off[var] : L.var_slot(var, instance));
  const auto& ti = L.ti(v.type);
  if (!v.init) {
    // the type's zero value: false, the lower bound, the first literal, empty set/sequence
    for (std::uint32_t i = 0; i < ti.size; ++i) p[i] = ti.flat[i].lo;
    return;
  }
  FrameLayout fl = frame_layout(L, &v.init_frame, {&*v.init}, {});
  std::vector<Value> frame(fl.size, 0);
  frame[0] = instance;
  auto* saved_fl = fl_;
  auto* saved_frame = frame_;
  fl_ = &fl, frame_ = frame.data();
  Value* tmp = alloc(ti.size, v.pos);
  eval_into(*v.init, tmp);
  check_range(v.type, tmp, v.pos, "initial");
  std::copy(tmp, tmp + ti.size, p);
  sp_ -= ti.size;
  fl_ = saved_fl, frame_ = saved_frame;
}

}  // namespace dpu::explicit_
