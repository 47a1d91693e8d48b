// Statements: assignments (with lvalue checks), control flow, binders (choose/for),
// messages, events, assertions and the DPU stack actions.
#include <fmt/format.h>

#include "resolve/context.hpp"

namespace dpu::resolve::detail {

using model::ExprKind;
using model::StmtKind;
using model::TypeKind;

namespace {
model::Expr bad() { return model::Expr{.kind = ExprKind::Lit, .type = kNone}; }
bool is_lit(const model::Expr& e) { return e.kind == ExprKind::Lit && e.type != kNone; }
bool assignable(const model::Expr& e) {
  if (e.kind == ExprKind::Global || e.kind == ExprKind::Local) return true;
  return (e.kind == ExprKind::Index || e.kind == ExprKind::Field) && assignable(e.args.at(0));
}
}  // namespace

model::Block Resolver::block(const ast::Block& b, Scope& sc) {
  model::Block out;
  for (const ast::Stmt& s : b)
    if (auto st = stmt(s, sc)) out.push_back(std::move(*st));
  return out;
}

std::optional<model::Stmt> Resolver::stmt(const ast::Stmt& s, Scope& sc) {
  model::Stmt out{.pos = s.pos};
  switch (s.op) {
    case ast::StmtOp::Assign:
      return assign_stmt(s, sc);
    case ast::StmtOp::Send:
    case ast::StmtOp::Broadcast:
      return send_stmt(s, sc);
    case ast::StmtOp::Call:
      return action_stmt(s, sc);
    case ast::StmtOp::Skip:
      return std::nullopt;  // no effect, so no IR
    case ast::StmtOp::Deliver:
    case ast::StmtOp::Drop:
      return deliver_stmt(s, sc);
    case ast::StmtOp::If:
      out.kind = StmtKind::If;
      for (const ast::Expr& c : s.args) out.conds.push_back(bool_expr(c, sc));
      for (const ast::Block& b : s.blocks) out.blocks.push_back(block(b, sc));
      return out;
    case ast::StmtOp::Either:
      out.kind = StmtKind::Either;
      for (const ast::Block& b : s.blocks) out.blocks.push_back(block(b, sc));
      return out;
    case ast::StmtOp::Choose:
    case ast::StmtOp::For: {
      out.kind = s.op == ast::StmtOp::Choose ? StmtKind::Choose : StmtKind::For;
      Id dom = s.domain ? enumerable_domain(*s.domain) : kNone;
      out.domain = dom;
      out.slot = bind_slot(sc, s.binder, dom, s.pos);
      if (s.op == ast::StmtOp::Choose && s.has_where && !s.args.empty())
        out.conds.push_back(bool_expr(s.args[0], sc));
      for (const ast::Block& b : s.blocks) out.blocks.push_back(block(b, sc));
      sc.binders.pop_back();
      return out;
    }
    case ast::StmtOp::Assert:
      out.kind = StmtKind::Assert;
      out.conds.push_back(bool_expr(s.args.at(0), sc));
      out.text = s.name;
      return out;
    case ast::StmtOp::Emit: {
      out.kind = StmtKind::Emit;
      const Symbol* sym = global(s.name);
      if (!sym || sym->kind != SymKind::Event) {
        error(s.name_pos, sym ? fmt::format("expected an event, found {} '{}'", kind_name(sym->kind), s.name)
                              : fmt::format("unknown event '{}'", s.name));
        for (const ast::Expr& a : s.args) expr(a, sc);
        return std::nullopt;
      }
      out.event = sym->id;
      out.args = field_args(s.args, m_.events[sym->id], "event", s.name_pos, sc);
      return out;
    }
  }
  return std::nullopt;
}

model::Expr Resolver::lvalue(const ast::Expr& e, Scope& sc) {
  switch (e.op) {
    case ast::ExprOp::Name: {
      const std::string& n = e.name;
      if (sc.find(n)) {
        error(e.pos, fmt::format("cannot assign to binder '{}' (expected a variable)", n));
        return bad();
      }
      if (n == "self") {
        error(e.pos, "cannot assign to 'self' (expected a variable)");
        return bad();
      }
      bool own_var = sc.has_self && family_vars_[sc.family].count(n);
      if (!own_var && sc.params && sc.params->count(n)) {
        error(e.pos, fmt::format("cannot assign to algorithm parameter '{}' (expected a variable)", n));
        return bad();
      }
      const Symbol* s = own_var ? nullptr : global(n);
      if (s && s->kind != SymKind::GlobalVar) {
        error(e.pos, fmt::format("cannot assign to {} '{}' (expected a variable)", kind_name(s->kind), n));
        return bad();
      }
      return expr(e, sc);
    }
    case ast::ExprOp::Index: {
      model::Expr base = lvalue(e.args.at(0), sc);
      model::Expr r = apply_index(std::move(base), e, sc);
      r.pos = e.pos;
      return r;
    }
    case ast::ExprOp::Field: {
      // `q.x` names variable x of process q: q itself need not be assignable.
      model::Expr base = expr(e.args.at(0), sc);
      if (base.type != kNone && m_.types[base.type].kind != TypeKind::Family && !assignable(base)) {
        error(e.args[0].pos, "cannot assign to a field of this expression (expected a variable)");
        return bad();
      }
      model::Expr r = apply_field(std::move(base), e);
      r.pos = e.pos;
      return r;
    }
    default:
      error(e.pos, "expected a variable, an array element or a field to assign to");
      return bad();
  }
}

std::optional<model::Stmt> Resolver::assign_stmt(const ast::Stmt& s, Scope& sc) {
  model::Stmt out{.kind = StmtKind::Assign, .pos = s.pos};
  out.target = lvalue(s.lhs, sc);
  out.value = expr(s.args.at(0), sc, out.target.type);
  Id t = out.target.type;
  if (expect_type(s.args[0].pos, t, out.value.type) && t != kNone && is_lit(out.value) &&
      model::is_scalar(m_.types[t]) && (out.value.value < m_.types[t].lo || out.value.value > m_.types[t].hi))
    error(s.args[0].pos, fmt::format("expected a value of {}, found {}", type_name(t), out.value.value));
  return out;
}

std::vector<model::Expr> Resolver::field_args(const std::vector<ast::Expr>& args,
                                              const model::MessageType& mt, const char* what, ast::Pos pos,
                                              Scope& sc) {
  std::vector<model::Expr> out;
  if (args.size() != mt.fields.size()) {
    error(pos, fmt::format("{} '{}' has {} field{}, {} argument{} given", what, mt.name, mt.fields.size(),
                           mt.fields.size() == 1 ? "" : "s", args.size(), args.size() == 1 ? "" : "s"));
    for (const ast::Expr& a : args) expr(a, sc);
    return out;
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    Id t = mt.fields[i].second;
    model::Expr x = expr(args[i], sc, t);
    if (expect_type(args[i].pos, t, x.type) && t != kNone && is_lit(x) && model::is_scalar(m_.types[t]) &&
        (x.value < m_.types[t].lo || x.value > m_.types[t].hi))
      error(args[i].pos, fmt::format("expected a value of {} for field '{}', found {}", type_name(t),
                                     mt.fields[i].first, x.value));
    out.push_back(std::move(x));
  }
  return out;
}

std::optional<model::Stmt> Resolver::send_stmt(const ast::Stmt& s, Scope& sc) {
  bool broadcast = s.op == ast::StmtOp::Broadcast;
  model::Stmt out{.kind = broadcast ? StmtKind::Broadcast : StmtKind::Send, .pos = s.pos};
  bool ok = true;
  const Symbol* ch = global(s.channel);
  if (ch && ch->kind == SymKind::Channel)
    out.channel = ch->id;
  else {
    error(s.channel_pos,
          ch ? fmt::format("expected a channel, found {} '{}'", kind_name(ch->kind), s.channel)
             : fmt::format("unknown channel '{}'{}", s.channel, suggest(s.channel, {SymKind::Channel})));
    ok = false;
  }
  const Symbol* msg = global(s.name);
  if (msg && msg->kind == SymKind::Message) {
    out.message = msg->id;
    out.args = field_args(s.args, m_.messages[msg->id], "message", s.name_pos, sc);
  } else {
    error(s.name_pos,
          msg ? fmt::format("expected a message, found {} '{}'", kind_name(msg->kind), s.name)
              : fmt::format("unknown message '{}'{}", s.name, suggest(s.name, {SymKind::Message})));
    for (const ast::Expr& a : s.args) expr(a, sc);
    ok = false;
  }

  if (!broadcast) {
    if (s.target.empty()) {
      error(s.pos, "expected 'to' and a process after send");
      return std::nullopt;
    }
    model::Expr dest = expr(s.target[0], sc);
    if (dest.type != kNone && m_.types[dest.type].kind != TypeKind::Family) {
      error(s.target[0].pos, fmt::format("expected a process to send to, found {}", type_name(dest.type)));
      ok = false;
    }
    if (dest.type != kNone && ok) out.family = m_.types[dest.type].ref;
    out.dest = std::move(dest);
    return ok ? std::optional(std::move(out)) : std::nullopt;
  }

  // broadcast ... [to F | to G[g]]: a whole family, or one group of a 2-D family.
  if (s.target.empty()) {
    out.family = sc.default_family;
    if (out.family == kNone) {
      error(s.pos, "broadcast without 'to' needs a block with a process family; expected 'to F'");
      return std::nullopt;
    }
    return ok ? std::optional(std::move(out)) : std::nullopt;
  }
  const ast::Expr& t = s.target[0];
  const ast::Expr* base = t.op == ast::ExprOp::Index ? &t.args.at(0) : &t;
  const Symbol* fam = base->op == ast::ExprOp::Name && !sc.find(base->name) ? global(base->name) : nullptr;
  if (!fam || fam->kind != SymKind::Family) {
    error(t.pos, "expected a process family or a group F[g] after 'to'");
    return std::nullopt;
  }
  out.family = fam->id;
  const model::Family& f = m_.families[fam->id];
  if (t.op == ast::ExprOp::Index) {
    if (f.dims.size() != 2 || base != &t.args.at(0) || t.args.at(0).op != ast::ExprOp::Name) {
      error(t.pos, fmt::format("expected a group G[g] of a family of groups, but '{}' has {} dimension{}",
                               f.name, f.dims.size(), f.dims.size() == 1 ? "" : "s"));
      return std::nullopt;
    }
    model::Expr g = expr(t.args.at(1), sc);
    if (g.type != kNone && !is_int_like(g.type)) {
      error(t.args[1].pos, fmt::format("expected a group index, found {}", type_name(g.type)));
      ok = false;
    } else if (is_lit(g) && (g.value < 0 || g.value >= f.dims[0])) {
      error(t.args[1].pos,
            fmt::format("expected a group index in 0..{} of '{}', found {}", f.dims[0] - 1, f.name, g.value));
      ok = false;
    }
    out.dest = std::move(g);
  }
  return ok ? std::optional(std::move(out)) : std::nullopt;
}

std::optional<model::Stmt> Resolver::action_stmt(const ast::Stmt& s, Scope& sc) {
  model::Stmt out{.pos = s.pos};
  const std::string& fn = s.name;
  if (fn == "bind")
    out.kind = StmtKind::Bind;
  else if (fn == "passivate")
    out.kind = StmtKind::Passivate;
  else if (fn == "remove")
    out.kind = StmtKind::Remove;
  else if (fn == "add")
    out.kind = StmtKind::Add;
  else {
    error(s.pos, fmt::format("unknown action '{}' (expected bind, passivate, add or remove)", fn));
    for (const ast::Expr& a : s.args) expr(a, sc);
    return std::nullopt;
  }
  // add takes a trailing `bound` / `passive`: a keyword-like name, not an expression.
  std::size_t n = s.args.size();
  bool add = out.kind == StmtKind::Add;
  if (add) {
    if (n < 2 || n > 3) {
      error(s.pos, fmt::format("'add' takes a module and bound/passive, optionally after a stack; {} "
                               "argument{} given",
                               n, n == 1 ? "" : "s"));
      return std::nullopt;
    }
    const ast::Expr& w = s.args[n - 1];
    if (w.op != ast::ExprOp::Name || (w.name != "bound" && w.name != "passive")) {
      error(w.pos, "expected 'bound' or 'passive' as the last argument of add");
      return std::nullopt;
    }
    out.bound = w.name == "bound";
    --n;
  } else if (n < 1 || n > 2) {
    error(s.pos, fmt::format("'{}' takes a module, or a stack and a module; {} argument{} given", fn, n,
                             n == 1 ? "" : "s"));
    return std::nullopt;
  }
  if (n == 1) {
    ast::Expr at;
    at.pos = s.pos;
    auto st = implicit_stack(at, fn, sc);
    model::Expr m = module_arg(s.args[0], sc);
    if (!st) return std::nullopt;
    out.args = {std::move(*st), std::move(m)};
  } else {
    model::Expr st = stack_arg(s.args[0], sc);
    out.args = {std::move(st), module_arg(s.args[1], sc)};
  }
  for (const model::Expr& a : out.args)
    if (a.type == kNone) return std::nullopt;
  return out;
}

}  // namespace dpu::resolve::detail
