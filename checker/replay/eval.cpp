#include "replay/eval.hpp"

#include <algorithm>

namespace dpu::replay {

using model::Binding;
using model::Expr;
using model::ExprKind;
using model::Op;
using model::Stmt;
using model::StmtKind;
using model::TypeKind;

// ---- choices --------------------------------------------------------------------------------

Choices Choices::replaying(std::vector<std::uint32_t> given) {
  Choices c;
  c.replay_ = true;
  c.given_ = std::move(given);
  return c;
}

Choices Choices::enumerating() { return Choices{}; }

std::uint32_t Choices::pick(std::uint32_t n, const char* what) {
  if (replay_) {
    if (used_ >= given_.size())
      throw BadChoice{std::string("the trace gives no branch for the ") + what + " (" + std::to_string(n) +
                      " possible)"};
    std::uint32_t c = given_[used_++];
    if (c >= n)
      throw BadChoice{std::string("branch ") + std::to_string(c) + " of the " + what + " does not exist (" +
                      std::to_string(n) + " possible)"};
    return c;
  }
  // enumerating: follow the prefix chosen by next(), then take the first alternative
  std::size_t i = taken_.size();
  std::uint32_t c = i < given_.size() ? given_[i] : 0;
  taken_.push_back(c);
  arity_.push_back(n);
  return c;
}

bool Choices::next() {
  for (std::size_t i = taken_.size(); i-- > 0;) {
    if (taken_[i] + 1 < arity_[i]) {
      given_.assign(taken_.begin(), taken_.begin() + static_cast<std::ptrdiff_t>(i));
      given_.push_back(taken_[i] + 1);
      taken_.clear(), arity_.clear();
      return true;
    }
  }
  return false;
}

// ---- DPU predicates ---------------------------------------------------------------------------

Binding binding(const State& s, Value stack, Id module) {
  return s.bindings.at(static_cast<std::size_t>(stack)).at(module);
}

Id bound_provider(const Universe& u, const State& s, Value stack, Id service) {
  for (Id a = 0; a < u.m->modules.size(); ++a)
    if (u.m->modules[a].service == service && binding(s, stack, a) == Binding::Bound) return a;
  return model::kNone;
}

bool idle(const Universe& u, const State& s, Value stack, Id module) {
  for (std::size_t msg = 0; msg < u.msgs.size(); ++msg) {
    const Copy& c = s.copies[msg][static_cast<std::size_t>(stack)];
    if (c.status == CopyStatus::Sent && c.tag == module) return false;
  }
  return true;
}

bool is_free(const Universe& u, const State& s, Id module) {
  for (Value q = 0; q < u.nstacks; ++q)
    if (!idle(u, s, q, module)) return false;
  return true;
}

bool replaceable(const Universe& u, const State& s, Value stack, Id a, Id b) {
  const auto& mods = u.m->modules;
  if (binding(s, stack, a) == Binding::Absent || mods[a].service != mods[b].service) return false;
  for (Id need : mods[b].requires_) {
    bool provided = false;
    for (Id c = 0; c < mods.size(); ++c)
      provided = provided || (mods[c].service == need && binding(s, stack, c) != Binding::Absent);
    if (!provided) return false;
  }
  return true;
}

bool requirements_bound(const Universe& u, const State& s, Value stack, Id module) {
  for (Id need : u.m->modules[module].requires_)
    if (bound_provider(u, s, stack, need) == model::kNone) return false;
  return true;
}

// ---- the interpreter ----------------------------------------------------------------------

Interp::Interp(const Universe& u, State& s, Choices* choices) : u_(u), m_(*u.m), s_(s), choices_(choices) {}

void Interp::fail(model::Pos pos, const std::string& message) const { throw RuntimeError{message, pos}; }

std::vector<Value> Interp::domain(Id type) const {
  const model::Type& t = m_.types.at(type);
  if (!model::is_scalar(t)) fail(0, "a quantifier or choice over the non-scalar type " + t.name);
  Value lo = t.kind == TypeKind::Bool ? 0 : t.lo;
  // Counting from lo (the resolver bounds enumerated domains): `v <= hi; ++v` would overflow
  // when hi is INT64_MAX.
  std::vector<Value> out;
  for (Value k = 0, n = model::cardinality(m_, type); k < n; ++k) out.push_back(lo + k);
  return out;
}

Val Interp::zero(Id type) const {
  const model::Type& t = m_.types.at(type);
  Val z;
  switch (t.kind) {
    case TypeKind::Bool:
      break;
    case TypeKind::Range:
    case TypeKind::Enum:
    case TypeKind::Family:
    case TypeKind::Module:
      z.v = t.lo;
      break;
    case TypeKind::Record:
      for (const auto& f : t.fields) z.items.push_back(zero(f.second));
      break;
    case TypeKind::Array:
      z.items.assign(domain(t.index).size(), zero(t.elem));
      break;
    case TypeKind::Set:
    case TypeKind::Seq:
      break;
  }
  return z;
}

void Interp::check_type(Id type, const Val& v, model::Pos pos, const char* what) const {
  const model::Type& t = m_.types.at(type);
  switch (t.kind) {
    case TypeKind::Bool:
    case TypeKind::Range:
    case TypeKind::Enum:
    case TypeKind::Family:
    case TypeKind::Module: {
      Value lo = t.kind == TypeKind::Bool ? 0 : t.lo, hi = t.kind == TypeKind::Bool ? 1 : t.hi;
      if (v.v < lo || v.v > hi)
        fail(pos, std::string(what) + " value " + std::to_string(v.v) + " is outside " + std::to_string(lo) +
                      ".." + std::to_string(hi) + " of type " + t.name);
      return;
    }
    case TypeKind::Record:
      for (std::size_t i = 0; i < t.fields.size(); ++i)
        check_type(t.fields[i].second, v.items.at(i), pos, what);
      return;
    case TypeKind::Array:
    case TypeKind::Set:
      for (const Val& x : v.items) check_type(t.elem, x, pos, what);
      return;
    case TypeKind::Seq:
      if (static_cast<Value>(v.items.size()) > t.capacity)
        fail(pos, std::string(what) + " sequence longer than its capacity " + std::to_string(t.capacity));
      for (const Val& x : v.items) check_type(t.elem, x, pos, what);
      return;
  }
}

Value Interp::stack_of(const Expr& e) {
  Value v = eval(e).v;
  if (v < 0 || v >= u_.nstacks) fail(e.pos, "stack index " + std::to_string(v) + " out of range");
  return v;
}

Id Interp::module_of(const Expr& e) {
  Value v = eval(e).v;
  if (v < 0 || v >= static_cast<Value>(m_.modules.size())) fail(e.pos, "module value out of range");
  return static_cast<Id>(v);
}

Proc Interp::proc_of(const Expr& e) {
  const model::Type& t = m_.types.at(e.type);
  if (t.kind != TypeKind::Family) fail(e.pos, "expected a process");
  Value v = eval(e).v;
  if (v < 0 || v >= m_.families.at(t.ref).count)
    fail(e.pos, "process index " + std::to_string(v) + " out of range");
  return Proc{t.ref, v};
}

Val Interp::eval(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Lit:
      return Val{e.value, {}};
    case ExprKind::Global:
    case ExprKind::Local:
    case ExprKind::Slot:
      return place(e);
    case ExprKind::Index: {
      Val base = eval(e.args.at(0));
      return std::move(element(e, base));
    }
    case ExprKind::Field:
      return eval(e.args.at(0)).items.at(e.id);
    case ExprKind::Unary: {
      Value x = eval(e.args.at(0)).v;
      if (e.op == Op::Not) return Val{Value{x == 0}, {}};
      if (x == INT64_MIN) fail(e.pos, "arithmetic overflow: -(" + std::to_string(x) + ") is outside int64");
      return Val{-x, {}};
    }
    case ExprKind::Binary:
      return binary(e);
    case ExprKind::Ite:
      return truth(e.args.at(0)) ? eval(e.args.at(1)) : eval(e.args.at(2));
    case ExprKind::SetLit: {
      Val out;
      for (const Expr& a : e.args) out.items.push_back(eval(a));
      std::sort(out.items.begin(), out.items.end());
      out.items.erase(std::unique(out.items.begin(), out.items.end()), out.items.end());
      check_type(e.type, out, e.pos, "set literal");
      return out;
    }
    case ExprKind::SeqLit:
    case ExprKind::RecordLit: {
      Val out;
      for (const Expr& a : e.args) out.items.push_back(eval(a));
      if (e.kind == ExprKind::SeqLit) check_type(e.type, out, e.pos, "sequence literal");
      return out;
    }
    case ExprKind::Quant: {
      auto saved = slots.find(e.id) == slots.end() ? std::optional<Val>{} : slots[e.id];
      Value count = 0;
      bool result = e.op == Op::Forall;
      for (Value v : domain(e.domain)) {
        slots[e.id] = Val{v, {}};
        bool b = truth(e.args.at(0));
        count += b;
        if (e.op == Op::Forall && !b) {
          result = false;
          break;
        }
        if (e.op == Op::Exists && b) {
          result = true;
          break;
        }
      }
      if (saved)
        slots[e.id] = *saved;
      else
        slots.erase(e.id);
      return Val{e.op == Op::Count ? count : Value{result}, {}};
    }
    case ExprKind::InFlight: {
      // semantics §3: every entry of the channel that matches, counted once each; a total
      // entry once per receiver that has not delivered it when the pattern has a `to`
      Value count = 0;
      const bool per_receiver = e.pattern->to_family != model::kNone;
      for (const Control& c : s_.channels.at(e.pattern->channel))
        for (std::size_t k = 0;
             k < (per_receiver ? c.receivers.size() : std::min<std::size_t>(1, c.receivers.size())); ++k) {
          const Proc& to = c.receivers.at(k);
          if (!matches(*e.pattern, c, to)) continue;
          const bool b = truth(e.args.at(0));
          if (e.op == Op::Forall && !b) return Val{0, {}};
          if (e.op == Op::Exists && b) return Val{1, {}};
          count += b;
        }
      return Val{e.op == Op::Count ? count : Value{e.op == Op::Forall}, {}};
    }
    case ExprKind::Builtin:
      return builtin(e);
    case ExprKind::Choose:
      break;
  }
  fail(e.pos, "expression kind not supported by the replayer");
}

Val& Interp::place(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Global:
      return s_.vars.at(e.id).at(0);
    case ExprKind::Local: {
      Value inst = eval(e.args.at(0)).v;
      auto& per = s_.vars.at(e.id);
      if (inst < 0 || inst >= static_cast<Value>(per.size()))
        fail(e.pos, "process index " + std::to_string(inst) + " out of range");
      return per[static_cast<std::size_t>(inst)];
    }
    case ExprKind::Slot: {
      auto it = slots.find(e.id);
      if (it == slots.end()) fail(e.pos, "binder slot " + std::to_string(e.id) + " is not bound");
      return it->second;
    }
    case ExprKind::Index:
      return element(e, place(e.args.at(0)));
    case ExprKind::Field:
      return place(e.args.at(0)).items.at(e.id);
    default:
      break;
  }
  fail(e.pos, "the target of an assignment is not a variable");
}

Val& Interp::element(const Expr& e, Val& base) {
  // the index is evaluated before the element is selected; eval never mutates the state,
  // so `base` stays valid
  Value i = eval(e.args.at(1)).v;
  const model::Type& bt = m_.types.at(e.args[0].type);
  if (bt.kind == TypeKind::Array) {
    const model::Type& ix = m_.types.at(bt.index);
    Value lo = ix.kind == TypeKind::Bool ? 0 : ix.lo;
    // the offset is taken modulo 2^64: `i - lo` overflows for i near INT64_MAX and lo < 0
    const std::uint64_t off = static_cast<std::uint64_t>(i) - static_cast<std::uint64_t>(lo);
    if (i < lo || off >= base.items.size()) fail(e.pos, "array index " + std::to_string(i) + " out of range");
    return base.items[static_cast<std::size_t>(off)];
  }
  if (i < 0 || i >= static_cast<Value>(base.items.size()))
    fail(e.pos, "sequence index " + std::to_string(i) + " out of range");
  return base.items[static_cast<std::size_t>(i)];
}

Val Interp::binary(const Expr& e) {
  const Expr& l = e.args.at(0);
  const Expr& r = e.args.at(1);
  auto b = [](bool x) { return Val{Value{x}, {}}; };
  switch (e.op) {
    case Op::And:
      return b(truth(l) && truth(r));
    case Op::Or:
      return b(truth(l) || truth(r));
    case Op::Implies:
      return b(!truth(l) || truth(r));
    case Op::Eq:
      return b(eval(l) == eval(r));
    case Op::Ne:
      return b(!(eval(l) == eval(r)));
    case Op::In: {
      Value x = eval(l).v;
      Val c = eval(r);
      return b(std::any_of(c.items.begin(), c.items.end(), [&](const Val& y) { return y.v == x; }));
    }
    default:
      break;
  }
  if (m_.types.at(e.type).kind == TypeKind::Set) {
    Val x = eval(l), y = eval(r), out;
    auto& o = out.items;
    switch (e.op) {
      case Op::Union:
      case Op::Add:
        std::set_union(x.items.begin(), x.items.end(), y.items.begin(), y.items.end(), std::back_inserter(o));
        break;
      case Op::Diff:
      case Op::Sub:
        std::set_difference(x.items.begin(), x.items.end(), y.items.begin(), y.items.end(),
                            std::back_inserter(o));
        break;
      case Op::Inter:
      case Op::Mul:
        std::set_intersection(x.items.begin(), x.items.end(), y.items.begin(), y.items.end(),
                              std::back_inserter(o));
        break;
      default:
        fail(e.pos, "operator not defined on sets");
    }
    return out;
  }
  Value x = eval(l).v, y = eval(r).v, z = 0;
  bool overflow = false;
  const char* sym = e.op == Op::Add   ? "+"
                    : e.op == Op::Sub ? "-"
                    : e.op == Op::Mul ? "*"
                    : e.op == Op::Div ? "/"
                                      : "%";
  auto overflow_error = [&] {
    fail(e.pos, "arithmetic overflow: " + std::to_string(x) + " " + sym + " " + std::to_string(y) +
                    " is outside int64");
  };
  switch (e.op) {
    case Op::Lt:
      return b(x < y);
    case Op::Le:
      return b(x <= y);
    case Op::Gt:
      return b(x > y);
    case Op::Ge:
      return b(x >= y);
    case Op::Add:
      overflow = __builtin_add_overflow(x, y, &z);
      break;
    case Op::Sub:
      overflow = __builtin_sub_overflow(x, y, &z);
      break;
    case Op::Mul:
      overflow = __builtin_mul_overflow(x, y, &z);
      break;
    case Op::Div:
    case Op::Mod:
      if (y == 0) fail(e.pos, "division by zero");
      if (x == INT64_MIN && y == -1) overflow_error();
      z = e.op == Op::Div ? x / y : x % y;
      break;
    default:
      fail(e.pos, "operator not supported by the replayer");
  }
  if (overflow) overflow_error();
  return Val{z, {}};
}

Val Interp::builtin(const Expr& e) {
  const auto& a = e.args;
  auto b = [](bool x) { return Val{Value{x}, {}}; };
  auto n = [](Value x) { return Val{x, {}}; };
  using model::Builtin;
  switch (e.fn) {
    case Builtin::Bound:
      return b(binding(s_, stack_of(a.at(0)), module_of(a.back())) == Binding::Bound);
    case Builtin::Passive:
      return b(binding(s_, stack_of(a.at(0)), module_of(a.back())) == Binding::Passive);
    case Builtin::Present:
      return b(binding(s_, stack_of(a.at(0)), module_of(a.back())) != Binding::Absent);
    case Builtin::Idle:
      return b(idle(u_, s_, stack_of(a.at(0)), module_of(a.back())));
    case Builtin::Pending:
      return b(!idle(u_, s_, stack_of(a.at(0)), module_of(a.back())));
    case Builtin::Free:
      return b(is_free(u_, s_, module_of(a.back())));
    case Builtin::Replaceable:
      return b(replaceable(u_, s_, stack_of(a.at(0)), module_of(a.at(a.size() - 2)), module_of(a.back())));
    case Builtin::Crashed:
      return b(is_crashed(s_, proc_of(a.at(0))));
    case Builtin::Alive:
      return b(!is_crashed(s_, proc_of(a.at(0))));
    case Builtin::Faulty: {
      return b(is_faulty(m_, proc_of(a.at(0))));
    }
    case Builtin::Size:
    case Builtin::Len:
      return n(static_cast<Value>(eval(a.at(0)).items.size()));
    case Builtin::Head: {
      Val q = eval(a.at(0));
      if (q.items.empty()) fail(e.pos, "head of an empty sequence");
      return q.items.front();
    }
    case Builtin::Tail: {
      Val q = eval(a.at(0));
      if (q.items.empty()) fail(e.pos, "tail of an empty sequence");
      q.items.erase(q.items.begin());
      return q;
    }
    case Builtin::Append: {
      Val q = eval(a.at(0));
      q.items.push_back(eval(a.at(1)));
      if (static_cast<Value>(q.items.size()) > m_.types.at(e.type).capacity)
        fail(e.pos, "append to a full sequence");
      return q;
    }
    case Builtin::Min:
    case Builtin::Max: {
      std::vector<Value> xs;
      if (a.size() == 2)
        xs = {eval(a[0]).v, eval(a[1]).v};
      else
        for (const Val& x : eval(a.at(0)).items) xs.push_back(x.v);
      if (xs.empty()) fail(e.pos, "min/max of an empty collection");
      return n(e.fn == Builtin::Min ? *std::min_element(xs.begin(), xs.end())
                                    : *std::max_element(xs.begin(), xs.end()));
    }
    case Builtin::Abs: {
      Value x = eval(a.at(0)).v;
      if (x == INT64_MIN) fail(e.pos, "arithmetic overflow: abs(" + std::to_string(x) + ") is outside int64");
      return n(x < 0 ? -x : x);
    }
    case Builtin::Group:
    case Builtin::Member: {
      Proc p = proc_of(a.at(0));
      const auto& dims = m_.families.at(p.family).dims;
      if (dims.size() != 2) fail(e.pos, "group/member of a process of a one-dimensional family");
      return n(e.fn == Builtin::Group ? p.instance / dims[1] : p.instance % dims[1]);
    }
    case Builtin::Sender:
      break;
  }
  fail(e.pos, "builtin not supported by the replayer");
}

// ---- statements ---------------------------------------------------------------------------

void Interp::exec(const model::Block& block) {
  for (const Stmt& st : block) exec(st);
}

void Interp::exec(const Stmt& st) {
  switch (st.kind) {
    case StmtKind::Assign:
      assign(st);
      return;
    case StmtKind::If:
      for (std::size_t i = 0; i < st.conds.size(); ++i)
        if (truth(st.conds[i])) return exec(st.blocks.at(i));
      if (st.blocks.size() > st.conds.size()) exec(st.blocks.back());
      return;
    case StmtKind::Send:
      send(st, false);
      return;
    case StmtKind::Broadcast:
      send(st, true);
      return;
    case StmtKind::Bind:
    case StmtKind::Passivate:
    case StmtKind::Remove:
    case StmtKind::Add:
      stack_action(st);
      return;
    case StmtKind::Choose: {
      std::vector<Value> candidates;
      for (Value v : domain(st.domain)) {
        slots[st.slot] = Val{v, {}};
        if (st.conds.empty() || truth(st.conds[0])) candidates.push_back(v);
      }
      if (candidates.empty()) throw Disabled{"no value satisfies the choose"};
      slots[st.slot] =
          Val{candidates[choices_->pick(static_cast<std::uint32_t>(candidates.size()), "choose")], {}};
      exec(st.blocks.at(0));
      return;
    }
    case StmtKind::Either:
      exec(st.blocks.at(choices_->pick(static_cast<std::uint32_t>(st.blocks.size()), "either")));
      return;
    case StmtKind::For:
      for (Value v : domain(st.domain)) {
        slots[st.slot] = Val{v, {}};
        exec(st.blocks.at(0));
      }
      return;
    case StmtKind::Assert:
      if (!truth(st.conds.at(0)))
        throw AssertionFailed{st.text.empty() ? "assertion failed" : st.text, st.pos};
      return;
    case StmtKind::Deliver:
    case StmtKind::Drop:
      deliver(st);
      return;
    case StmtKind::Emit: {  // changes no system state; the history keeps it for the checkers
      Emitted ev{st.event, {}};
      for (std::size_t i = 0; i < st.args.size(); ++i) {
        Val v = eval(st.args[i]);
        check_type(m_.events.at(st.event).fields.at(i).second, v, st.args[i].pos, "event field");
        ev.args.push_back(std::move(v));
      }
      s_.events.push_back(std::move(ev));
      return;
    }
  }
}

bool Interp::matches(const model::MsgPattern& p, const Control& c, const Proc& to) {
  if (c.kind != p.message) return false;
  const Proc& from = c.sender;
  if (p.from_family != model::kNone && from.family != p.from_family) return false;
  if (p.to_family != model::kNone && to.family != p.to_family) return false;
  for (std::size_t i = 0; i < p.field_slots.size(); ++i) slots[p.field_slots[i]] = c.fields.at(i);
  if (p.from_slot != model::kNone) slots[p.from_slot] = Val{from.instance, {}};
  if (p.to_slot != model::kNone) slots[p.to_slot] = Val{to.instance, {}};
  if (p.from_index && eval(*p.from_index).v != from.instance) return false;
  if (p.to_index && eval(*p.to_index).v != to.instance) return false;
  return true;
}

void Interp::deliver(const Stmt& st) {
  // semantics §3: the messages present now, queue by queue in (sender, receiver) process
  // number order, each queue oldest first (the channel lists messages oldest first)
  auto& ch = s_.channels.at(st.pattern->channel);
  std::vector<Control> visit = ch;
  std::stable_sort(visit.begin(), visit.end(), [&](const Control& a, const Control& b) {
    return std::make_pair(u_.pid_of(a.sender), u_.pid_of(a.receivers.at(0))) <
           std::make_pair(u_.pid_of(b.sender), u_.pid_of(b.receivers.at(0)));
  });
  for (const Control& c : visit) {
    auto it = std::find(ch.begin(), ch.end(), c);
    if (it == ch.end()) continue;  // an earlier block took it
    if (c.receivers.size() != 1 || !matches(*st.pattern, c, c.receivers[0])) continue;
    if (!st.conds.empty() && !truth(st.conds[0])) continue;
    ch.erase(std::find(ch.begin(), ch.end(), c));
    if (st.kind == StmtKind::Deliver) exec(st.blocks.at(0));
  }
}

void Interp::assign(const Stmt& st) {
  Val v = eval(st.value);
  check_type(st.target.type, v, st.pos, "assigned");
  place(st.target) = std::move(v);
}

void Interp::send(const Stmt& st, bool broadcast) {
  Control c;
  c.kind = st.message;
  c.sender = self;
  const auto& mt = m_.messages.at(st.message);
  for (std::size_t i = 0; i < st.args.size() && i < mt.fields.size(); ++i) {
    Val v = eval(st.args[i]);
    check_type(mt.fields[i].second, v, st.args[i].pos, "message field");
    c.fields.push_back(std::move(v));
  }
  std::vector<Proc> to;
  if (!broadcast) {
    to.push_back(proc_of(*st.dest));
  } else {
    const model::Family& fam = m_.families.at(st.family);
    Value first = 0, count = fam.count;
    if (st.dest && fam.dims.size() == 2) {
      Value g = eval(*st.dest).v;
      if (g < 0 || g >= fam.dims[0]) fail(st.pos, "group index " + std::to_string(g) + " out of range");
      first = g * fam.dims[1], count = fam.dims[1];
    }
    for (Value i = first; i < first + count; ++i) to.push_back(Proc{st.family, i});
  }
  // reading E3: a message to a crashed process is lost
  std::erase_if(to, [&](const Proc& p) { return is_crashed(s_, p); });
  auto& ch = s_.channels.at(st.channel);
  const bool total = m_.channels.at(st.channel).order == model::ChannelOrder::Total;
  // semantics §3: a channel holds at most 64 messages; the send that would exceed that is a
  // runtime error of its step (one entry per receiver, one per broadcast on a total channel)
  const std::size_t entries = total ? (to.empty() ? 0 : 1) : to.size();
  if (ch.size() + entries > kChannelCapacity)
    fail(st.pos, std::string(broadcast ? "broadcast" : "send") + " on channel " +
                     m_.channels[st.channel].name + " would hold more than " +
                     std::to_string(kChannelCapacity) + " messages");
  const model::Channel& chan = m_.channels.at(st.channel);
  if (chan.capacity > 0) {  // semantics §3: a bounded fifo queue per (sender, receiver)
    for (const Proc& p : to) {
      const auto queued = std::count_if(ch.begin(), ch.end(), [&](const Control& q) {
        return q.sender == self && q.receivers.size() == 1 && q.receivers[0] == p;
      });
      if (queued < chan.capacity) continue;
      if (chan.block_when_full)
        throw Disabled{"the queue of channel " + chan.name + " to " + u_.proc_name(p) + " is full"};
      fail(st.pos, std::string(broadcast ? "broadcast" : "send") + " on channel " + chan.name + " to " +
                       u_.proc_name(p) + " would hold more than " + std::to_string(chan.capacity) +
                       " messages in its queue");
    }
  }
  if (total) {
    if (to.empty()) return;
    std::sort(to.begin(), to.end());
    c.receivers = to;
    ch.push_back(c);
  } else {
    for (const Proc& p : to) {
      c.receivers = {p};
      ch.push_back(c);
    }
  }
}

void Interp::stack_action(const Stmt& st) {
  Value stack = stack_of(st.args.at(0));
  Id mod = module_of(st.args.at(1));
  auto& row = s_.bindings.at(static_cast<std::size_t>(stack));
  auto bind_it = [&] {
    // rule Sanity-2: at most one bound module per service
    for (Id o = 0; o < row.size(); ++o)
      if (o != mod && m_.modules[o].service == m_.modules[mod].service && row[o] == Binding::Bound)
        row[o] = Binding::Passive;
    row[mod] = Binding::Bound;
  };
  switch (st.kind) {
    case StmtKind::Bind:
      bind_it();
      return;
    case StmtKind::Passivate:
      if (row[mod] == Binding::Bound) row[mod] = Binding::Passive;
      return;
    case StmtKind::Remove:
      row[mod] = Binding::Absent;
      return;
    case StmtKind::Add:
      if (st.bound)
        bind_it();
      else
        row[mod] = Binding::Passive;
      return;
    default:
      return;
  }
}

void Interp::init_vars(Id family, Value instance) {
  for (Id id = 0; id < m_.vars.size(); ++id) {
    const model::Var& var = m_.vars[id];
    if (var.family != family) continue;
    slots.clear();
    self = family == model::kNone ? Proc{} : Proc{family, instance};
    slots[0] = Val{instance, {}};
    Val v = var.init ? eval(*var.init) : zero(var.type);
    check_type(var.type, v, var.pos, "initial");
    auto& per = s_.vars[id];
    std::size_t n = family == model::kNone ? 1 : static_cast<std::size_t>(m_.families[family].count);
    if (per.size() != n) per.assign(n, zero(var.type));
    per.at(static_cast<std::size_t>(instance)) = std::move(v);
  }
}

}  // namespace dpu::replay
