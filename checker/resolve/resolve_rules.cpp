// Rules, handlers and variable initializers: binder frames from `at` / `from` patterns and
// handler parameters, then guards and bodies.
#include <algorithm>

#include <fmt/format.h>

#include "resolve/context.hpp"

namespace dpu::resolve::detail {

using model::ExprKind;

namespace {

model::Expr slot(Id s, Id type) { return model::Expr{.kind = ExprKind::Slot, .type = type, .id = s}; }

model::Expr conj(std::vector<model::Expr> parts, Id bool_type) {
  model::Expr out = std::move(parts[0]);
  for (std::size_t i = 1; i < parts.size(); ++i) {
    ast::Pos pos = out.pos;
    out = model::Expr{.kind = ExprKind::Binary,
                      .type = bool_type,
                      .op = model::Op::And,
                      .args = {std::move(out), std::move(parts[i])},
                      .pos = pos};
  }
  return out;
}

}  // namespace

void Resolver::resolve_bodies(const std::vector<ast::Member>& members, const BlockCtx& blk) {
  // A block whose family did not resolve has had its error; its bodies would only cascade.
  if (blk.family == kNone && !blk.top_level) return;
  for (const ast::Member& mem : members) {
    switch (mem.kind) {
      case ast::Member::Kind::Var:
        if (auto it = var_ids_.find(&mem.var); it != var_ids_.end())
          resolve_var_init(mem.var, it->second, blk);
        break;
      case ast::Member::Kind::Rule:
        resolve_rule(mem.rule, blk);
        break;
      case ast::Member::Kind::Handler:
        resolve_handler(mem.handler, blk);
        break;
      default:
        break;
    }
  }
}

void Resolver::resolve_var_init(const ast::VarDecl& v, Id id, const BlockCtx& blk) {
  if (!v.has_init) return;
  model::Var& var = m_.vars[id];
  Id fam = var.family;
  var.init_frame.slots = {{"self", fam == kNone ? kNone : m_.families[fam].type}};
  Scope sc{.family = fam,
           .has_self = fam != kNone,
           .default_family = blk.family,
           .params = &blk.params,
           .frame = &var.init_frame,
           .what = "a variable initializer"};
  model::Expr init = expr(v.init, sc, var.type);
  Id t = m_.vars[id].type;
  if (expect_type(v.init.pos, t, init.type) && t != kNone && init.kind == ExprKind::Lit &&
      init.type != kNone && model::is_scalar(m_.types[t]) &&
      (init.value < m_.types[t].lo || init.value > m_.types[t].hi))
    error(v.init.pos, fmt::format("expected an initial value of {}, found {}", type_name(t), init.value));
  m_.vars[id].init = std::move(init);
}

Resolver::AtResult Resolver::resolve_at(const ast::ProcPattern* pat, const BlockCtx& blk, Scope& sc,
                                        bool is_from) {
  AtResult res;
  const char* kw = is_from ? "from" : "at";
  // The identity the pattern's names refer to: self for `at`, a new sender slot for `from`.
  auto identity = [&](const std::string& name, ast::Pos pos) -> model::Expr {
    Id ft = m_.families[res.family].type;
    if (!is_from) {
      sc.frame->slots[0].second = ft;
      return slot(0, ft);
    }
    bind_slot(sc, name, ft, pos);
    return sc.binders.back().value;
  };
  auto add_binder = [&](const std::string& name, model::Expr value, ast::Pos pos) {
    if (sc.find(name)) {
      error(pos, fmt::format("'{}' is already bound in this {}", name, sc.what));
      res.ok = false;
      return;
    }
    sc.binders.push_back(Binder{name, std::move(value)});
  };

  if (!pat) {
    res.family = blk.family;
    if (res.family == kNone) {
      res.ok = false;
      return res;  // the caller reports: it knows the rule's position
    }
    identity("self", 0);
    return res;
  }

  const Symbol* fs = sc.find(pat->family) ? nullptr : global(pat->family);
  bool names_family = fs && fs->kind == SymKind::Family;
  if (pat->index.empty() && !names_family) {
    // A lone `at p` / `from q`: p ranges over the block's default family.
    res.family = blk.family;
    if (res.family == kNone) {
      error(pat->pos, fmt::format("'{} {}' needs a block with a process family; expected '{} F[{}]'", kw,
                                  pat->family, kw, pat->family));
      res.ok = false;
      return res;
    }
    if (fs) {
      error(pat->pos, fmt::format("expected a fresh name or a process family after '{}', found {} '{}'", kw,
                                  kind_name(fs->kind), pat->family));
      res.ok = false;
      return res;
    }
    model::Expr id = identity(pat->family, pat->pos);
    if (!is_from) add_binder(pat->family, std::move(id), pat->pos);
    return res;
  }

  // Algorithm members belong to the stacks, so their patterns can only name the stacks.
  res.family = lookup_family(pat->family, pat->pos, blk.algorithm != nullptr && !is_from);
  if (res.family == kNone) {
    res.ok = false;
    return res;
  }
  const model::Family& f = m_.families[res.family];
  if (!pat->index.empty() && pat->index.size() != f.dims.size()) {
    error(pat->pos,
          fmt::format("process family '{}' has {} dimension{}, {} index{} given", f.name, f.dims.size(),
                      f.dims.size() == 1 ? "" : "s", pat->index.size(), pat->index.size() == 1 ? "" : "es"));
    res.ok = false;
    return res;
  }
  // 1-D: the single name is the identity itself. 2-D: names stand for group/member of it.
  bool one_name = pat->index.size() == 1 && pat->index[0].op == ast::ExprOp::Name;
  model::Expr id = identity(one_name && is_from ? pat->index[0].name : std::string("from"), pat->pos);
  std::vector<Value> fixed;
  for (std::size_t i = 0; i < pat->index.size(); ++i) {
    const ast::Expr& ix = pat->index[i];
    const Symbol* s = ix.op == ast::ExprOp::Name && !sc.find(ix.name) ? global(ix.name) : nullptr;
    bool fresh =
        ix.op == ast::ExprOp::Name && (!s || s->kind == SymKind::Family || s->kind == SymKind::Service);
    if (fresh) {
      if (s) {
        error(ix.pos, fmt::format("expected a fresh name or a constant index, found {} '{}'",
                                  kind_name(s->kind), ix.name));
        res.ok = false;
        continue;
      }
      model::Expr v = id;
      if (f.dims.size() == 2) {
        v = model::Expr{.kind = ExprKind::Builtin,
                        .type = range_type(0, f.dims[i] - 1),
                        .fn = i == 0 ? model::Builtin::Group : model::Builtin::Member,
                        .args = {id}};
      }
      v.pos = ix.pos;
      if (!(is_from && f.dims.size() == 1)) add_binder(ix.name, std::move(v), ix.pos);
      fixed.push_back(-1);
      continue;
    }
    auto c = fold_int(ix, "process index");
    if (!c) {
      res.ok = false;
      continue;
    }
    if (*c < 0 || *c >= f.dims[i]) {
      error(ix.pos, fmt::format("expected an index in 0..{} of '{}', found {}", f.dims[i] - 1, f.name, *c));
      res.ok = false;
      continue;
    }
    fixed.push_back(*c);
  }
  if (!res.ok) return res;
  bool all_fixed = !fixed.empty() && std::find(fixed.begin(), fixed.end(), -1) == fixed.end();
  if (all_fixed && !is_from) {
    res.fixed = fixed.size() == 2 ? fixed[0] * f.dims[1] + fixed[1] : fixed[0];
    return res;
  }
  // Fixed coordinates that fixed_instance cannot say become guard conjuncts.
  for (std::size_t i = 0; i < fixed.size(); ++i) {
    if (fixed[i] < 0) continue;
    model::Expr lhs = id;
    Id ct = range_type(fixed[i], fixed[i]);
    if (f.dims.size() == 2)
      lhs = model::Expr{.kind = ExprKind::Builtin,
                        .type = range_type(0, f.dims[i] - 1),
                        .fn = i == 0 ? model::Builtin::Group : model::Builtin::Member,
                        .args = {id}};
    res.guards.push_back(model::Expr{
        .kind = ExprKind::Binary,
        .type = m_.bool_type,
        .op = model::Op::Eq,
        .args = {std::move(lhs), model::Expr{.kind = ExprKind::Lit, .type = ct, .value = fixed[i]}},
        .pos = pat->index[i].pos});
  }
  return res;
}

void Resolver::resolve_rule(const ast::RuleDecl& r, const BlockCtx& blk) {
  model::Rule rule{.name = r.name, .pos = r.pos};
  rule.fairness = r.fairness == "unfair" ? model::Fairness::Unfair : model::Fairness::Weak;
  rule.frame.slots = {{"self", kNone}};
  Scope sc{.default_family = blk.family, .params = &blk.params, .frame = &rule.frame, .what = "rule"};
  AtResult at = resolve_at(r.has_at ? &r.at : nullptr, blk, sc, false);
  if (!at.ok) {
    if (!r.has_at && at.family == kNone)
      error(r.pos, fmt::format("rule '{}' needs 'at F[...]' to name the processes that run it "
                               "(there is no 'stacks' declaration to default to)",
                               r.name));
    return;
  }
  // Rule names label trace steps as F[i].NAME, so they are unique within a family only.
  std::string key = m_.families[at.family].name + "." + r.name;
  if (auto it = rule_names_.find(key); it != rule_names_.end()) {
    error(r.pos, fmt::format("rule '{}' of '{}' is already declared", r.name, m_.families[at.family].name));
    note(it->second, fmt::format("'{}' is first declared here", r.name));
  } else {
    rule_names_.emplace(key, r.pos);
  }
  rule.family = at.family;
  rule.fixed_instance = at.fixed;
  sc.family = at.family;
  sc.has_self = true;
  std::vector<model::Expr> guards = std::move(at.guards);
  if (r.has_guard) guards.push_back(bool_expr(r.guard, sc));
  if (!guards.empty()) rule.guard = conj(std::move(guards), m_.bool_type);
  rule.body = block(r.body, sc);
  m_.rules.push_back(std::move(rule));
}

void Resolver::resolve_handler(const ast::HandlerDecl& h, const BlockCtx& blk) {
  model::Handler hd{.pos = h.pos};
  hd.fairness = h.fairness == "unfair" ? model::Fairness::Unfair : model::Fairness::Weak;
  const model::MessageType* mt = nullptr;
  if (h.message == "recover") {
    hd.on_recover = true;
    if (!h.params.empty() || h.has_from)
      error(h.pos, "'on recover' takes no parameters and no 'from' (it is not a message)");
  } else {
    const Symbol* s = global(h.message);
    if (s && s->kind == SymKind::Message) {
      hd.message = s->id;
      mt = &m_.messages[s->id];
    } else {
      error(h.pos,
            s ? fmt::format("expected a message, found {} '{}'", kind_name(s->kind), h.message)
              : fmt::format("unknown message '{}'{}", h.message, suggest(h.message, {SymKind::Message})));
      return;
    }
  }
  hd.frame.slots = {{"self", kNone}};
  Scope sc{.default_family = blk.family, .params = &blk.params, .frame = &hd.frame, .what = "handler"};
  AtResult at = resolve_at(h.has_at ? &h.at : nullptr, blk, sc, false);
  if (!at.ok) {
    if (!h.has_at && at.family == kNone)
      error(h.pos, fmt::format("handler 'on {}' needs 'at F[...]' to name the receiving processes "
                               "(there is no 'stacks' declaration to default to)",
                               h.message));
    return;
  }
  hd.family = at.family;
  hd.fixed_instance = at.fixed;
  sc.family = at.family;
  sc.has_self = true;
  std::vector<model::Expr> guards = std::move(at.guards);
  if (h.has_from) {
    AtResult from = resolve_at(&h.from, blk, sc, true);
    if (!from.ok) return;
    hd.from_family = from.family;
    hd.from_slot = 1;  // resolve_at(from) allocates the sender slot right after self
    for (model::Expr& g : from.guards) guards.push_back(std::move(g));
  }
  if (mt) {
    if (!h.params.empty() && h.params.size() != mt->fields.size()) {
      error(h.param_pos.empty() ? h.pos : h.param_pos[0],
            fmt::format("message '{}' has {} field{}, {} parameter{} given", mt->name, mt->fields.size(),
                        mt->fields.size() == 1 ? "" : "s", h.params.size(), h.params.size() == 1 ? "" : "s"));
      return;
    }
    for (std::size_t i = 0; i < mt->fields.size(); ++i) {
      // Without a parameter list the fields are received but unnamed ("_" is never found).
      std::string name = h.params.empty() ? "_" : h.params[i];
      ast::Pos pos = i < h.param_pos.size() ? h.param_pos[i] : h.pos;
      if (name != "_" && sc.find(name)) {
        error(pos, fmt::format("'{}' is already bound in this handler", name));
        return;
      }
      hd.param_slots.push_back(bind_slot(sc, name, mt->fields[i].second, pos));
    }
  }
  if (h.has_guard) guards.push_back(bool_expr(h.guard, sc));
  if (!guards.empty()) hd.guard = conj(std::move(guards), m_.bool_type);
  hd.body = block(h.body, sc);
  if (hd.on_recover) {
    recover_families_.push_back(hd.family);
    recover_pos_.push_back(h.pos);
  }
  m_.handlers.push_back(std::move(hd));
}

}  // namespace dpu::resolve::detail
