// Properties: `check` declarations, named invariants/eventualities, `end when`, `allow`.
// Property expressions have no executing process: DPU builtins must name their stack.
#include <fmt/format.h>

#include "model/mdcd.hpp"
#include "resolve/context.hpp"

namespace dpu::resolve::detail {

using model::PropertyKind;

Scope Resolver::property_scope(model::Frame& frame) {
  frame.slots = {{"", kNone}};  // slot 0 is unused: there is no self
  return Scope{.frame = &frame, .what = "a property"};
}

namespace {
bool declare_property(Resolver& r, const std::string& name, ast::Pos pos) {
  auto [it, fresh] = r.predicate_names_.emplace(name, pos);
  if (fresh) return true;
  r.error(pos, fmt::format("property '{}' is already declared", name));
  r.note(it->second, fmt::format("'{}' is first declared here", name));
  return false;
}
}  // namespace

// The dynamic pair properties (freedom, strong_update, weak_update) watch the steps of an
// update `a -> b`: for any other pair nothing ever happens that they could observe, so they
// would hold vacuously (or, for strong_update, trip over an unrelated module). That is an
// error. `replaceable(a, b)` is the static rule on the initial stacks and answers a real
// question without an update ("could b replace a here?"), so it only gets a warning.
bool Resolver::check_update_pair(const model::Property& p, const std::string& kind, ast::Pos pos) {
  auto declared = [&](Id from, Id to) {
    for (const auto& u : m_.updates)
      if (u.from == from && u.to == to) return true;
    return false;
  };
  if (declared(p.a, p.b)) return true;
  const std::string& a = m_.modules[p.a].name;
  const std::string& b = m_.modules[p.b].name;
  if (kind == "replaceable") {
    diags_.warning(pos, fmt::format("no 'update {} -> {}' is declared: '{}' checks only the static rule "
                                    "(Replaceable) for {} in place of {} on every stack's initial binding",
                                    a, b, p.name, b, a));
    return true;
  }
  std::string hint;
  if (declared(p.b, p.a))
    hint =
        fmt::format(" (the model declares 'update {} -> {}': did you mean '{}({}, {})'?)", b, a, kind, b, a);
  else if (m_.updates.empty())
    hint = " (the model declares no update)";
  else {
    // An update naming an unknown module was reported where it stands and is not listed.
    std::string listed;
    for (const auto& u : m_.updates)
      if (u.from < m_.modules.size() && u.to < m_.modules.size())
        listed += fmt::format("{} '{} -> {}'", listed.empty() ? "" : ",", m_.modules[u.from].name,
                              m_.modules[u.to].name);
    hint = listed.empty() ? " (the model declares no valid update)" : " (declared:" + listed + ")";
  }
  error(pos,
        fmt::format("'check {}' expects a declared update (old, new), but there is no 'update {} -> {}'{}",
                    kind, a, b, hint));
  return false;
}

void Resolver::resolve_check(const ast::CheckDecl& c) {
  model::Property p{.pos = c.pos};
  const std::string& kind = c.property;
  auto name_arg = [&](std::size_t i) -> const ast::Expr* {
    const ast::Expr& a = c.args[i];
    if (a.op == ast::ExprOp::Name) return &a;
    error(a.pos, fmt::format("expected a name as argument {} of '{}'", i + 1, kind));
    return nullptr;
  };
  auto want_args = [&](std::size_t n, const char* what) {
    if (c.args.size() == n) return true;
    error(c.pos, fmt::format("'check {}' takes {}, {} argument{} given", kind, what, c.args.size(),
                             c.args.size() == 1 ? "" : "s"));
    return false;
  };

  if (kind == "replaceable" || kind == "freedom" || kind == "strong_update" || kind == "weak_update") {
    p.kind = kind == "replaceable"     ? PropertyKind::Replaceable
             : kind == "freedom"       ? PropertyKind::Freedom
             : kind == "strong_update" ? PropertyKind::StrongUpdate
                                       : PropertyKind::WeakUpdate;
    if (!want_args(2, "two modules (old, new)")) return;
    const ast::Expr* a = name_arg(0);
    const ast::Expr* b = name_arg(1);
    if (a) p.a = lookup_module(a->name, a->pos);
    if (b) p.b = lookup_module(b->name, b->pos);
    if (p.a == kNone || p.b == kNone) return;
    p.name = fmt::format("{}({}, {})", kind, a->name, b->name);
    if (!check_update_pair(p, kind, a->pos)) return;
  } else if (kind == "order") {
    p.kind = PropertyKind::Order;
    if (!want_args(1, "a service")) return;
    const ast::Expr* x = name_arg(0);
    if (x) p.service = lookup_service(x->name, x->pos);
    if (p.service == kNone) return;
    p.name = fmt::format("order({})", x->name);
  } else if (kind == "terminates") {
    p.kind = PropertyKind::Terminates;
    p.name = "terminates";
    if (!want_args(0, "no arguments")) return;
    // Without a predicate the engine derives "b bound and a absent on every live stack" from
    // the updates; with none there is nothing to wait for.
    if (!c.has_pred && m_.updates.empty())
      error(c.pos,
            "'check terminates' without a predicate needs an 'update' declaration "
            "(expected 'check terminates : pred')");
  } else if (kind == "linearizable_commit") {
    resolve_linearizable_commit(c);
    return;
  } else if (kind == "mdcd_recoverable") {
    // One event whose fields say what happened (spec/properties.md, model/mdcd.hpp).
    p.kind = PropertyKind::MdcdRecoverable;
    if (!want_args(1, "an event")) return;
    const ast::Expr* e = name_arg(0);
    if (!e) return;
    const Symbol* s = global(e->name);
    if (!s || s->kind != SymKind::Event) {
      error(e->pos, s ? fmt::format("expected an event, found {} '{}'", kind_name(s->kind), e->name)
                      : fmt::format("unknown event '{}'", e->name));
      return;
    }
    if (std::string why = model::mdcd::check_signature(m_, s->id); !why.empty()) {
      error(e->pos, why);
      return;
    }
    p.events.push_back(s->id);
    p.name = fmt::format("mdcd_recoverable({})", e->name);
  } else {
    error(c.pos, fmt::format("unknown property '{}' (expected replaceable, freedom, strong_update, "
                             "weak_update, order, terminates, linearizable_commit or mdcd_recoverable)",
                             kind));
    return;
  }

  if (c.has_pred) {
    if (p.kind != PropertyKind::Terminates) {
      error(c.pred.pos,
            fmt::format("'check {}' takes no predicate (only 'check terminates : pred' does)", kind));
    } else {
      Scope sc = property_scope(p.frame);
      p.pred = bool_expr(c.pred, sc);
    }
  }
  if (declare_property(*this, p.name, c.pos)) m_.properties.push_back(std::move(p));
}

// check linearizable_commit(decide, served, txn_end): the three events' shapes are fixed
// (spec/language.md §9); the check becomes three properties, one per verdict.
void Resolver::resolve_linearizable_commit(const ast::CheckDecl& c) {
  if (c.args.size() != 3) {
    error(c.pos, fmt::format("'check linearizable_commit' takes three events (decide, served, txn_end), "
                             "{} argument{} given",
                             c.args.size(), c.args.size() == 1 ? "" : "s"));
    return;
  }
  if (c.has_pred) {
    error(c.pred.pos, "'check linearizable_commit' takes no predicate (only 'check terminates : pred' does)");
    return;
  }
  static const char* const kShape[] = {"(group, commit : bool) or (group, commit : bool, upgrade)",
                                       "(transaction, group, new_version : bool)",
                                       "(transaction, committed : bool)"};
  std::vector<Id> events;
  Id group = kNone;
  // A field whose type did not resolve (reported where it stands) fits no shape.
  auto known = [&](Id t) { return t < m_.types.size(); };
  auto group_like = [&](Id t) {
    if (!known(t)) return false;
    const model::Type& ty = m_.types[t];
    return ty.kind == model::TypeKind::Family || ty.kind == model::TypeKind::Range;
  };
  auto scalar = [&](Id t) { return known(t) && model::is_scalar(m_.types[t]); };
  Id txn = kNone, upgrade = kNone;
  auto same_type = [&](Id a, Id b) {
    if (!known(a) || !known(b)) return false;
    const model::Type &x = m_.types[a], &y = m_.types[b];
    return x.kind == y.kind && x.lo == y.lo && x.hi == y.hi && x.ref == y.ref;
  };
  for (std::size_t i = 0; i < 3; ++i) {
    const ast::Expr& a = c.args[i];
    if (a.op != ast::ExprOp::Name) {
      error(a.pos, fmt::format("expected a name as argument {} of 'linearizable_commit'", i + 1));
      return;
    }
    const Symbol* s = global(a.name);
    if (!s || s->kind != SymKind::Event) {
      error(a.pos, s ? fmt::format("expected an event, found {} '{}'", kind_name(s->kind), a.name)
                     : fmt::format("unknown event '{}'", a.name));
      return;
    }
    const auto& f = m_.events[s->id].fields;
    // decide's optional third field names the upgrade, for a set of conflicting upgrades.
    bool ok = i == 0 ? (f.size() == 2 || (f.size() == 3 && scalar(f[2].second))) && group_like(f[0].second) &&
                           f[1].second == m_.bool_type
              : i == 1 ? f.size() == 3 && scalar(f[0].second) && same_type(group, f[1].second) &&
                             f[2].second == m_.bool_type
                       : f.size() == 2 && same_type(txn, f[0].second) && f[1].second == m_.bool_type;
    if (!ok) {
      error(a.pos, fmt::format("argument {} of 'linearizable_commit' must be an event with fields {}{}",
                               i + 1, kShape[i],
                               i == 1   ? " (the group of the type of the first event's group)"
                               : i == 2 ? " (the transaction of the type of the second event's)"
                                        : " (the group a family or a range)"));
      return;
    }
    if (i == 0) group = f[0].second;
    if (i == 0 && f.size() == 3) {
      upgrade = f[2].second;
      // One monitor slot per group and upgrade: a conflicting set is a few upgrades.
      if (model::cardinality(m_, upgrade) > 16) {
        error(a.pos, "the upgrade field of argument 1 of 'linearizable_commit' has more than 16 values");
        return;
      }
    }
    if (i == 1) txn = f[0].second;
    events.push_back(s->id);
  }
  using Part = model::Property::Part;
  for (auto [part, word] :
       {std::pair{Part::Atomicity, "atomicity"}, std::pair{Part::Linearizability, "linearizability"},
        std::pair{Part::Liveness, "liveness"}}) {
    model::Property p{.kind = PropertyKind::LinearizableCommit, .pos = c.pos};
    p.name = fmt::format("linearizable_commit.{}", word);
    p.events = events;
    p.part = part;
    p.group_type = group;
    p.txn_type = txn;
    p.upgrade_type = upgrade;
    if (declare_property(*this, p.name, c.pos)) m_.properties.push_back(std::move(p));
  }
}

void Resolver::resolve_predicate(const ast::NamedPredicate& np) {
  model::Property p{.pos = np.pos};
  if (np.kind == "invariant")
    p.kind = PropertyKind::Invariant;
  else if (np.kind == "eventually")
    p.kind = PropertyKind::Eventually;
  else
    error(np.pos, fmt::format("expected 'invariant' or 'eventually', found '{}'", np.kind));
  p.name = np.name;
  Scope sc = property_scope(p.frame);
  p.pred = bool_expr(np.pred, sc);
  if (declare_property(*this, p.name, np.pos)) m_.properties.push_back(std::move(p));
}

void Resolver::resolve_end(const ast::EndDecl& e) {
  if (have_end_) {
    error(e.pos, "'end when' is already declared (expected one; combine the predicates with ||)");
    note(end_pos_, "the first 'end when' is here");
    return;
  }
  have_end_ = true;
  end_pos_ = e.pos;
  Scope sc = property_scope(m_.end_when_frame);
  sc.what = "'end when'";
  m_.end_when = bool_expr(e.pred, sc);
}

void Resolver::resolve_allow(const ast::AllowDecl& a) {
  if (a.what == "deadlock")
    m_.allow_deadlock = true;
  else
    error(a.pos, fmt::format("expected 'allow deadlock', found 'allow {}'", a.what));
}

}  // namespace dpu::resolve::detail
