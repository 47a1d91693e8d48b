// Expressions: names, indexing, fields, operators, literals and quantifiers, each typed.
// Builtin calls are in resolve_builtins.cpp.
#include <cassert>

#include <fmt/format.h>

#include "resolve/context.hpp"
#include "resolve/range_math.hpp"

namespace dpu::resolve::detail {

using model::ExprKind;
using model::Op;
using model::TypeKind;

namespace {

model::Expr bad() { return model::Expr{.kind = ExprKind::Lit, .type = kNone}; }

model::Expr lit(Value v, Id type) { return model::Expr{.kind = ExprKind::Lit, .type = type, .value = v}; }

model::Expr slot(Id s, Id type) { return model::Expr{.kind = ExprKind::Slot, .type = type, .id = s}; }

bool is_lit(const model::Expr& e) { return e.kind == ExprKind::Lit && e.type != kNone; }

}  // namespace

model::Expr Resolver::expr(const ast::Expr& e, Scope& sc, Id hint) {
  model::Expr r = expr_impl(e, sc, hint);
  r.pos = e.pos;
  return r;
}

model::Expr Resolver::bool_expr(const ast::Expr& e, Scope& sc) {
  model::Expr r = expr(e, sc, m_.bool_type);
  expect_bool(e.pos, r.type);
  return r;
}

model::Expr Resolver::expr_impl(const ast::Expr& e, Scope& sc, Id hint) {
  switch (e.op) {
    case ast::ExprOp::Int: {
      auto v = parse_int_literal(e);
      return v ? lit(*v, range_type(*v, *v)) : bad();
    }
    case ast::ExprOp::Bool:
      return lit(e.name == "true" ? 1 : 0, m_.bool_type);
    case ast::ExprOp::String:
      error(e.pos, "expected an expression, found a string (strings are only assert messages)");
      return bad();
    case ast::ExprOp::Name:
      return name_expr(e, sc);
    case ast::ExprOp::Call:
      return call_expr(e, sc, hint);
    case ast::ExprOp::Index:
      return index_expr(e, sc);
    case ast::ExprOp::Field:
      return field_expr(e, sc);
    case ast::ExprOp::Unary:
      return unary_expr(e, sc);
    case ast::ExprOp::Binary:
      return binary_expr(e, sc, hint);
    case ast::ExprOp::Ite: {
      model::Expr c = bool_expr(e.args.at(0), sc);
      model::Expr a = expr(e.args.at(1), sc, hint);
      model::Expr b = expr(e.args.at(2), sc, hint != kNone ? hint : a.type);
      if (!compatible(a.type, b.type) && !compatible(b.type, a.type))
        error(e.args[2].pos, fmt::format("expected {}, found {}", type_name(a.type), type_name(b.type)));
      Id t = join(a.type, b.type);
      return model::Expr{
          .kind = ExprKind::Ite, .type = t, .args = {std::move(c), std::move(a), std::move(b)}};
    }
    case ast::ExprOp::SetLit:
      // The grammar's sequence literal `[a, b]` arrives as a SetLit named "seq".
      return e.name == "seq" || e.name == "[]" ? seq_expr(e, sc, hint) : set_expr(e, sc, hint);
    case ast::ExprOp::Quant:
      return quant_expr(e, sc);
    case ast::ExprOp::InFlight:
      return inflight_expr(e, sc);
  }
  return bad();
}

model::Expr Resolver::name_expr(const ast::Expr& e, Scope& sc) {
  const std::string& n = e.name;
  if (const Binder* b = sc.find(n)) return b->value;
  if (n == "self") {
    if (sc.has_self) return slot(0, m_.families[sc.family].type);
    error(e.pos, fmt::format("'self' is only defined inside a process (a rule, handler or variable "
                             "initializer); this is {}",
                             sc.what));
    return bad();
  }
  if (sc.has_self) {
    const auto& vars = family_vars_[sc.family];
    if (auto it = vars.find(n); it != vars.end())
      return model::Expr{.kind = ExprKind::Local,
                         .type = m_.vars[it->second].type,
                         .id = it->second,
                         .args = {slot(0, m_.families[sc.family].type)}};
  }
  if (sc.params) {
    if (auto it = sc.params->find(n); it != sc.params->end())
      return it->second == kNone ? bad() : lit(it->second, m_.module_type);
  }
  if (const Symbol* s = global(n)) {
    switch (s->kind) {
      case SymKind::Constant: {
        const ConstVal& c = consts_[s->id];
        return lit(c.value, c.is_bool ? m_.bool_type : range_type(c.value, c.value));
      }
      case SymKind::EnumLiteral: {
        auto [enum_id, index] = literals_[s->id];
        Value count = static_cast<Value>(m_.enums[enum_id].literals.size());
        return lit(index,
                   intern(model::Type{.kind = TypeKind::Enum, .lo = 0, .hi = count - 1, .ref = enum_id}));
      }
      case SymKind::Module:
        return lit(s->id, m_.module_type);
      case SymKind::GlobalVar:
        return model::Expr{.kind = ExprKind::Global, .type = m_.vars[s->id].type, .id = s->id};
      case SymKind::Family: {
        const model::Family& f = m_.families[s->id];
        if (f.dims.empty()) return lit(0, f.type);  // a singleton family names its process
        error(e.pos, fmt::format("expected a value, found process family '{}' (write {}[i] for one "
                                 "of its processes)",
                                 n, n));
        return bad();
      }
      default:
        error(e.pos, fmt::format("expected a value, found {} '{}'", kind_name(s->kind), n));
        return bad();
    }
  }
  for (Id f = 0; f < family_vars_.size(); ++f)
    if (family_vars_[f].count(n)) {
      error(e.pos, fmt::format("variable '{}' belongs to each process of '{}'; expected q.{} for a "
                               "process q",
                               n, m_.families[f].name, n));
      return bad();
    }
  std::vector<std::string> near;
  for (const Binder& b : sc.binders) near.push_back(b.name);
  if (sc.params)
    for (const auto& [p, id] : *sc.params) near.push_back(p);
  if (sc.has_self) {
    near.push_back("self");
    for (const auto& [v, id] : family_vars_[sc.family]) near.push_back(v);
  }
  error(e.pos, fmt::format("unknown name '{}'{}", n,
                           suggest(n,
                                   {SymKind::Constant, SymKind::EnumLiteral, SymKind::Module,
                                    SymKind::GlobalVar, SymKind::Family},
                                   near)));
  return bad();
}

std::optional<model::Expr> Resolver::family_instance(const ast::Expr& e, Scope& sc) {
  std::vector<const ast::Expr*> indices;
  const ast::Expr* base = &e;
  while (base->op == ast::ExprOp::Index) {
    indices.insert(indices.begin(), &base->args.at(1));
    base = &base->args.at(0);
  }
  if (base->op != ast::ExprOp::Name || sc.find(base->name)) return std::nullopt;
  const Symbol* s = global(base->name);
  if (!s || s->kind != SymKind::Family) return std::nullopt;
  if (sc.has_self && family_vars_[sc.family].count(base->name)) return std::nullopt;
  const model::Family& f = m_.families[s->id];
  if (indices.size() != f.dims.size()) {
    error(e.pos,
          fmt::format("process family '{}' has {} dimension{}, {} index{} given", f.name, f.dims.size(),
                      f.dims.size() == 1 ? "" : "s", indices.size(), indices.size() == 1 ? "" : "es"));
    return bad();
  }
  std::vector<model::Expr> idx;
  bool ok = true;
  for (std::size_t i = 0; i < indices.size(); ++i) {
    model::Expr x = expr(*indices[i], sc);
    if (x.type != kNone && !is_int_like(x.type)) {
      error(indices[i]->pos, fmt::format("expected an integer index, found {}", type_name(x.type)));
      ok = false;
    } else if (is_lit(x) && (x.value < 0 || x.value >= f.dims[i])) {
      error(indices[i]->pos,
            fmt::format("expected an index in 0..{} of '{}', found {}", f.dims[i] - 1, f.name, x.value));
      ok = false;
    }
    ok = ok && x.type != kNone;
    idx.push_back(std::move(x));
  }
  if (!ok) return bad();
  // The identity is the flat index: member k of group g is g * members + k.
  model::Expr id = std::move(idx[0]);
  if (idx.size() == 2) {
    if (is_lit(id) && is_lit(idx[1])) {
      id = lit(id.value * f.dims[1] + idx[1].value, f.type);
    } else {
      model::Expr mul{.kind = ExprKind::Binary,
                      .type = range_type(0, (f.dims[0] - 1) * f.dims[1]),
                      .op = Op::Mul,
                      .args = {std::move(id), lit(f.dims[1], range_type(f.dims[1], f.dims[1]))}};
      id = model::Expr{.kind = ExprKind::Binary, .op = Op::Add, .args = {std::move(mul), std::move(idx[1])}};
    }
  }
  id.type = f.type;
  id.pos = e.pos;
  return id;
}

model::Expr Resolver::index_expr(const ast::Expr& e, Scope& sc) {
  if (auto inst = family_instance(e, sc)) return *inst;
  return apply_index(expr(e.args.at(0), sc), e, sc);
}

model::Expr Resolver::apply_index(model::Expr base, const ast::Expr& e, Scope& sc) {
  if (base.type == kNone) {
    expr(e.args.at(1), sc);  // still report errors inside the index
    return bad();
  }
  const model::Type& bt = m_.types[base.type];
  if (bt.kind != TypeKind::Array && bt.kind != TypeKind::Seq) {
    error(e.args[0].pos, fmt::format("expected an array or sequence, found {}", type_name(base.type)));
    expr(e.args.at(1), sc);
    return bad();
  }
  Id want = bt.kind == TypeKind::Array ? bt.index : kNone;
  model::Expr index = expr(e.args.at(1), sc, want);
  if (bt.kind == TypeKind::Array) {
    if (expect_type(e.args[1].pos, bt.index, index.type) && is_lit(index) &&
        m_.types[bt.index].kind != TypeKind::Bool &&
        (index.value < m_.types[bt.index].lo || index.value > m_.types[bt.index].hi))
      error(e.args[1].pos,
            fmt::format("expected an index of type {}, found {}", type_name(bt.index), index.value));
  } else if (index.type != kNone && !is_int_like(index.type)) {
    error(e.args[1].pos, fmt::format("expected an integer index, found {}", type_name(index.type)));
  }
  Id elem = bt.elem;
  return model::Expr{.kind = ExprKind::Index, .type = elem, .args = {std::move(base), std::move(index)}};
}

model::Expr Resolver::field_expr(const ast::Expr& e, Scope& sc) {
  return apply_field(expr(e.args.at(0), sc), e);
}

model::Expr Resolver::apply_field(model::Expr base, const ast::Expr& e) {
  if (base.type == kNone) return bad();
  const model::Type& bt = m_.types[base.type];
  if (bt.kind == TypeKind::Family) {
    // `q.x`: variable x of process q (read another process's state).
    const auto& vars = family_vars_[bt.ref];
    auto it = vars.find(e.name);
    if (it == vars.end()) {
      error(e.pos, fmt::format("process family '{}' has no variable '{}'", m_.families[bt.ref].name, e.name));
      return bad();
    }
    return model::Expr{.kind = ExprKind::Local,
                       .type = m_.vars[it->second].type,
                       .id = it->second,
                       .args = {std::move(base)}};
  }
  if (bt.kind == TypeKind::Record) {
    for (Id i = 0; i < bt.fields.size(); ++i)
      if (bt.fields[i].first == e.name)
        return model::Expr{
            .kind = ExprKind::Field, .type = bt.fields[i].second, .id = i, .args = {std::move(base)}};
    error(e.pos, fmt::format("{} has no field '{}'", type_name(base.type), e.name));
    return bad();
  }
  error(e.pos,
        fmt::format("expected a record or a process before '.{}', found {}", e.name, type_name(base.type)));
  return bad();
}

model::Expr Resolver::unary_expr(const ast::Expr& e, Scope& sc) {
  if (e.name == "!") {
    model::Expr a = bool_expr(e.args.at(0), sc);
    if (is_lit(a) && a.type == m_.bool_type) return lit(a.value ? 0 : 1, m_.bool_type);
    return model::Expr{.kind = ExprKind::Unary, .type = m_.bool_type, .op = Op::Not, .args = {std::move(a)}};
  }
  model::Expr a = expr(e.args.at(0), sc);
  if (a.type == kNone) return bad();
  if (!is_int_like(a.type)) {
    error(e.args[0].pos, fmt::format("expected an integer, found {}", type_name(a.type)));
    return bad();
  }
  if (is_lit(a)) {
    if (a.value == std::numeric_limits<Value>::min()) {
      error(e.pos, "integer overflow in constant expression");
      return bad();
    }
    return lit(-a.value, range_type(-a.value, -a.value));
  }
  const model::Type& t = m_.types[a.type];
  Interval r = interval_neg({t.lo, t.hi});
  return model::Expr{
      .kind = ExprKind::Unary, .type = range_type(r.first, r.second), .op = Op::Neg, .args = {std::move(a)}};
}

model::Expr Resolver::binary_expr(const ast::Expr& e, Scope& sc, Id hint) {
  const std::string& op = e.name;
  const ast::Expr& l = e.args.at(0);
  const ast::Expr& r = e.args.at(1);
  auto make = [&](Op o, Id t, model::Expr a, model::Expr b) {
    return model::Expr{.kind = ExprKind::Binary, .type = t, .op = o, .args = {std::move(a), std::move(b)}};
  };

  if (op == "&&" || op == "||" || op == "=>") {
    model::Expr a = bool_expr(l, sc);
    model::Expr b = bool_expr(r, sc);
    Op o = op == "&&" ? Op::And : op == "||" ? Op::Or : Op::Implies;
    if (is_lit(a) && is_lit(b) && a.type == m_.bool_type && b.type == m_.bool_type) {
      bool v = o == Op::And  ? (a.value && b.value)
               : o == Op::Or ? (a.value || b.value)
                             : (!a.value || b.value);
      return lit(v ? 1 : 0, m_.bool_type);
    }
    return make(o, m_.bool_type, std::move(a), std::move(b));
  }

  if (op == "in") {
    // The container first, so a literal element can take the element type.
    model::Expr b = expr(r, sc);
    Id elem = kNone;
    if (b.type != kNone) {
      const model::Type& bt = m_.types[b.type];
      if (bt.kind == TypeKind::Set || bt.kind == TypeKind::Seq)
        elem = bt.elem;
      else
        error(r.pos, fmt::format("expected a set or sequence after 'in', found {}", type_name(b.type)));
    }
    model::Expr a = expr(l, sc, elem);
    expect_type(l.pos, elem, a.type);
    return make(Op::In, m_.bool_type, std::move(a), std::move(b));
  }

  model::Expr a = expr(l, sc, (op == "+" || op == "-" || op == "*") ? hint : kNone);
  bool set_op = a.type != kNone && m_.types[a.type].kind == TypeKind::Set;
  model::Expr b = expr(r, sc, set_op || op == "==" || op == "!=" ? a.type : kNone);

  if (op == "==" || op == "!=") {
    if (!compatible(a.type, b.type) && !compatible(b.type, a.type))
      error(r.pos, fmt::format("expected {}, found {}", type_name(a.type), type_name(b.type)));
    Op o = op == "==" ? Op::Eq : Op::Ne;
    if (is_lit(a) && is_lit(b)) return lit((a.value == b.value) == (o == Op::Eq) ? 1 : 0, m_.bool_type);
    return make(o, m_.bool_type, std::move(a), std::move(b));
  }

  if (set_op && (op == "+" || op == "-" || op == "*")) {
    expect_type(r.pos, a.type, b.type);
    Op o = op == "+" ? Op::Union : op == "-" ? Op::Diff : Op::Inter;
    Id t = a.type;
    return make(o, t, std::move(a), std::move(b));
  }

  // Everything else takes integers (process identities count as their index).
  bool ok = true;
  for (const model::Expr* x : {&a, &b}) {
    if (x->type != kNone && !is_int_like(x->type)) {
      error((x == &a ? l : r).pos, fmt::format("expected an integer, found {}", type_name(x->type)));
      ok = false;
    }
  }
  if (!ok || a.type == kNone || b.type == kNone) return bad();

  if (op == "<" || op == "<=" || op == ">" || op == ">=") {
    Op o = op == "<" ? Op::Lt : op == "<=" ? Op::Le : op == ">" ? Op::Gt : Op::Ge;
    if (is_lit(a) && is_lit(b)) {
      bool v = o == Op::Lt   ? a.value < b.value
               : o == Op::Le ? a.value <= b.value
               : o == Op::Gt ? a.value > b.value
                             : a.value >= b.value;
      return lit(v ? 1 : 0, m_.bool_type);
    }
    return make(o, m_.bool_type, std::move(a), std::move(b));
  }

  Op o = op == "+"   ? Op::Add
         : op == "-" ? Op::Sub
         : op == "*" ? Op::Mul
         : op == "/" ? Op::Div
         : op == "%" ? Op::Mod
                     : Op::None;
  if (o == Op::None) {
    error(e.pos, fmt::format("unknown operator '{}'", op));
    return bad();
  }
  if ((o == Op::Div || o == Op::Mod) && is_lit(b) && b.value == 0) {
    error(r.pos, "division by zero");
    return bad();
  }
  if (is_lit(a) && is_lit(b)) {
    Value v = 0;
    bool overflow = false;
    switch (o) {
      case Op::Add:
        overflow = __builtin_add_overflow(a.value, b.value, &v);
        break;
      case Op::Sub:
        overflow = __builtin_sub_overflow(a.value, b.value, &v);
        break;
      case Op::Mul:
        overflow = __builtin_mul_overflow(a.value, b.value, &v);
        break;
      default:
        overflow = a.value == std::numeric_limits<Value>::min() && b.value == -1;
        if (!overflow) v = o == Op::Div ? a.value / b.value : a.value % b.value;
    }
    if (overflow) {
      error(e.pos, "integer overflow in constant expression");
      return bad();
    }
    return lit(v, range_type(v, v));
  }
  const model::Type& ta = m_.types[a.type];
  const model::Type& tb = m_.types[b.type];
  Interval x{ta.lo, ta.hi}, y{tb.lo, tb.hi};
  Interval res = o == Op::Add   ? interval_add(x, y)
                 : o == Op::Sub ? interval_sub(x, y)
                 : o == Op::Mul ? interval_mul(x, y)
                 : o == Op::Div ? interval_div(x, y)
                                : interval_mod(x, y);
  return make(o, range_type(res.first, res.second), std::move(a), std::move(b));
}

model::Expr Resolver::set_expr(const ast::Expr& e, Scope& sc, Id hint) {
  Id want = hint != kNone && m_.types[hint].kind == TypeKind::Set ? hint : kNone;
  Id elem_hint = want != kNone ? m_.types[want].elem : kNone;
  model::Expr out{.kind = ExprKind::SetLit};
  Id elem = kNone;
  bool ok = true;
  for (const ast::Expr& a : e.args) {
    model::Expr x = expr(a, sc, elem_hint);
    if (x.type == kNone)
      ok = false;
    else if (!model::is_scalar(m_.types[x.type])) {
      error(a.pos, fmt::format("expected a scalar set element, found {}", type_name(x.type)));
      ok = false;
    } else if (want != kNone) {
      ok = expect_type(a.pos, elem_hint, x.type) && ok;
      const model::Type& et = m_.types[elem_hint];
      if (ok && is_lit(x) && (x.value < et.lo || x.value > et.hi)) {
        error(a.pos, fmt::format("expected an element of {}, found {}", type_name(elem_hint), x.value));
        ok = false;
      }
    } else if (elem != kNone && !compatible(elem, x.type)) {
      error(a.pos, fmt::format("expected {}, found {}", type_name(elem), type_name(x.type)));
      ok = false;
    } else {
      elem = join(elem, x.type);
    }
    out.args.push_back(std::move(x));
  }
  if (!ok) return bad();
  if (want != kNone) {
    out.type = want;
    return out;
  }
  if (elem == kNone) {
    error(e.pos, "cannot tell the element type of '{}' here (expected a set type from the context)");
    return bad();
  }
  if (model::cardinality(m_, elem) > 64) {
    error(e.pos, fmt::format("set element type {} has more than 64 values", type_name(elem)));
    return bad();
  }
  out.type = intern(model::Type{.kind = TypeKind::Set, .elem = elem});
  return out;
}

model::Expr Resolver::seq_expr(const ast::Expr& e, Scope& sc, Id hint) {
  Id want = hint != kNone && m_.types[hint].kind == TypeKind::Seq ? hint : kNone;
  Id elem_hint = want != kNone ? m_.types[want].elem : kNone;
  model::Expr out{.kind = ExprKind::SeqLit};
  Id elem = kNone;
  bool ok = true;
  for (const ast::Expr& a : e.args) {
    model::Expr x = expr(a, sc, elem_hint);
    if (x.type == kNone)
      ok = false;
    else if (want != kNone)
      ok = expect_type(a.pos, elem_hint, x.type) && ok;
    else if (elem != kNone && !compatible(elem, x.type)) {
      error(a.pos, fmt::format("expected {}, found {}", type_name(elem), type_name(x.type)));
      ok = false;
    } else
      elem = join(elem, x.type);
    out.args.push_back(std::move(x));
  }
  if (!ok) return bad();
  if (want != kNone) {
    if (static_cast<Value>(e.args.size()) > m_.types[want].capacity) {
      error(e.pos, fmt::format("expected at most {} elements for {}, found {}", m_.types[want].capacity,
                               type_name(want), e.args.size()));
      return bad();
    }
    out.type = want;
    return out;
  }
  if (elem == kNone) {
    error(e.pos, "cannot tell the element type of '[]' here (expected a sequence type from the context)");
    return bad();
  }
  out.type =
      intern(model::Type{.kind = TypeKind::Seq, .elem = elem, .capacity = static_cast<Value>(e.args.size())});
  return out;
}

Id Resolver::bind_slot(Scope& sc, const std::string& name, Id type, ast::Pos pos) {
  assert(sc.frame && "bind_slot: every scope that can bind names has a frame");
  Id s = static_cast<Id>(sc.frame->slots.size());
  sc.frame->slots.emplace_back(name, type);
  model::Expr v = slot(s, type);
  v.pos = pos;
  sc.binders.push_back(Binder{name, std::move(v)});
  return s;
}

model::Expr Resolver::quant_expr(const ast::Expr& e, Scope& sc) {
  Op o = e.name == "forall" ? Op::Forall : e.name == "exists" ? Op::Exists : Op::Count;
  Id dom = e.domain ? enumerable_domain(*e.domain) : kNone;
  Id s = bind_slot(sc, e.binder, dom, e.pos);
  model::Expr body = bool_expr(e.args.at(0), sc);
  sc.binders.pop_back();
  Id t = m_.bool_type;
  if (o == Op::Count) t = range_type(0, dom == kNone ? 0 : model::cardinality(m_, dom));
  if (dom == kNone) return bad();
  return model::Expr{
      .kind = ExprKind::Quant, .type = t, .op = o, .id = s, .domain = dom, .args = {std::move(body)}};
}

}  // namespace dpu::resolve::detail
