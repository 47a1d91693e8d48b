// Builtin predicates and functions in expressions: the DPU predicates over a stack (with the
// executing stack inserted when omitted), fault status, and set/sequence/integer functions.
#include <fmt/format.h>

#include "resolve/context.hpp"

namespace dpu::resolve::detail {

using model::Builtin;
using model::ExprKind;
using model::TypeKind;

namespace {
model::Expr bad() { return model::Expr{.kind = ExprKind::Lit, .type = kNone}; }

std::string plural(std::size_t n, const char* word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}
}  // namespace

std::optional<model::Expr> Resolver::implicit_stack(const ast::Expr& at, const std::string& fn, Scope& sc) {
  if (sc.has_self && m_.stacks && sc.family == m_.stacks->family)
    return model::Expr{.kind = ExprKind::Slot, .type = m_.families[sc.family].type, .id = 0, .pos = at.pos};
  error(at.pos, fmt::format("'{}' without a stack argument needs an executing stack (a rule or "
                            "handler of the stacks); expected {}(q, ...) here",
                            fn, fn));
  return std::nullopt;
}

model::Expr Resolver::stack_arg(const ast::Expr& e, Scope& sc) {
  model::Expr x = expr(e, sc);
  if (!m_.stacks) {
    error(e.pos, "expected a stack, but the model declares no 'stacks'");
    return bad();
  }
  const model::Family& fam = m_.families[m_.stacks->family];
  if (!expect_type(e.pos, fam.type, x.type)) return bad();
  // Integers mix with process identities, so a constant index is checked here rather than
  // left to a runtime error.
  if (x.kind == model::ExprKind::Lit && (x.value < 0 || x.value >= fam.count)) {
    error(e.pos, fmt::format("stack index {} is out of range (expected 0..{}, the stacks of {})", x.value,
                             fam.count - 1, fam.name));
    return bad();
  }
  return x;
}

model::Expr Resolver::module_arg(const ast::Expr& e, Scope& sc) {
  model::Expr x = expr(e, sc, m_.module_type);
  if (!expect_type(e.pos, m_.module_type, x.type)) return bad();
  return x;
}

model::Expr Resolver::call_expr(const ast::Expr& e, Scope& sc, Id hint) {
  const std::string& fn = e.name;
  const auto& args = e.args;
  auto arity = [&](std::size_t lo, std::size_t hi, const char* what) {
    if (args.size() >= lo && args.size() <= hi) return true;
    error(e.pos, fmt::format("'{}' takes {}, {} given", fn, what, plural(args.size(), "argument")));
    for (const ast::Expr& a : args) expr(a, sc);  // still report errors inside the arguments
    return false;
  };
  auto builtin = [&](Builtin b, Id type, std::vector<model::Expr> xs) {
    for (const model::Expr& x : xs)
      if (x.type == kNone) return bad();
    return model::Expr{.kind = ExprKind::Builtin, .type = type, .fn = b, .args = std::move(xs)};
  };

  // DPU predicates on one stack: (stack, module), the stack defaulting to the executing one.
  static const std::pair<const char*, Builtin> kStackPreds[] = {{"bound", Builtin::Bound},
                                                                {"passive", Builtin::Passive},
                                                                {"present", Builtin::Present},
                                                                {"idle", Builtin::Idle},
                                                                {"pending", Builtin::Pending}};
  for (auto [name, b] : kStackPreds) {
    if (fn != name) continue;
    if (!arity(1, 2, "a module, or a stack and a module")) return bad();
    std::vector<model::Expr> xs;
    if (args.size() == 1) {
      auto st = implicit_stack(e, fn, sc);
      model::Expr m = module_arg(args[0], sc);
      if (!st) return bad();
      xs = {std::move(*st), std::move(m)};
    } else {
      model::Expr st = stack_arg(args[0], sc);
      xs = {std::move(st), module_arg(args[1], sc)};
    }
    return builtin(b, m_.bool_type, std::move(xs));
  }
  if (fn == "replaceable") {
    if (!arity(2, 3, "two modules, or a stack and two modules")) return bad();
    std::vector<model::Expr> xs;
    std::size_t first = 0;
    if (args.size() == 2) {
      auto st = implicit_stack(e, fn, sc);
      xs.push_back(st ? std::move(*st) : bad());
    } else {
      xs.push_back(stack_arg(args[0], sc));
      first = 1;
    }
    xs.push_back(module_arg(args[first], sc));
    xs.push_back(module_arg(args[first + 1], sc));
    return builtin(Builtin::Replaceable, m_.bool_type, std::move(xs));
  }
  if (fn == "free") {
    if (!arity(1, 1, "a module")) return bad();
    return builtin(Builtin::Free, m_.bool_type, {module_arg(args[0], sc)});
  }
  if (fn == "crashed" || fn == "alive" || fn == "faulty") {
    if (!arity(1, 1, "a process")) return bad();
    model::Expr q = expr(args[0], sc);
    if (q.type != kNone && m_.types[q.type].kind != TypeKind::Family) {
      error(args[0].pos, fmt::format("expected a process, found {}", type_name(q.type)));
      return bad();
    }
    Builtin b = fn == "crashed" ? Builtin::Crashed : fn == "alive" ? Builtin::Alive : Builtin::Faulty;
    return builtin(b, m_.bool_type, {std::move(q)});
  }
  if (fn == "group" || fn == "member") {
    if (!arity(1, 1, "a process of a 2-dimensional family")) return bad();
    model::Expr q = expr(args[0], sc);
    if (q.type == kNone) return bad();
    const model::Type& t = m_.types[q.type];
    if (t.kind != TypeKind::Family || m_.families[t.ref].dims.size() != 2) {
      error(args[0].pos,
            fmt::format("expected a process of a family of groups, found {}", type_name(q.type)));
      return bad();
    }
    Value n = m_.families[t.ref].dims[fn == "group" ? 0 : 1];
    return builtin(fn == "group" ? Builtin::Group : Builtin::Member, range_type(0, n - 1), {std::move(q)});
  }
  if (fn == "size" || fn == "len" || fn == "head" || fn == "tail") {
    if (!arity(1, 1, fn == "size" ? "a set" : "a sequence")) return bad();
    model::Expr s = expr(args[0], sc);
    if (s.type == kNone) return bad();
    const model::Type& t = m_.types[s.type];
    TypeKind want = fn == "size" ? TypeKind::Set : TypeKind::Seq;
    if (t.kind != want) {
      error(args[0].pos,
            fmt::format("expected a {}, found {}", fn == "size" ? "set" : "sequence", type_name(s.type)));
      return bad();
    }
    if (fn == "size")
      return builtin(Builtin::Size, range_type(0, model::cardinality(m_, t.elem)), {std::move(s)});
    if (fn == "len") return builtin(Builtin::Len, range_type(0, t.capacity), {std::move(s)});
    if (fn == "head") return builtin(Builtin::Head, t.elem, {std::move(s)});
    Id st = s.type;
    return builtin(Builtin::Tail, st, {std::move(s)});
  }
  if (fn == "append") {
    if (!arity(2, 2, "a sequence and an element")) return bad();
    model::Expr s = expr(args[0], sc, hint);
    if (s.type != kNone && m_.types[s.type].kind != TypeKind::Seq) {
      error(args[0].pos, fmt::format("expected a sequence, found {}", type_name(s.type)));
      return bad();
    }
    Id elem = s.type == kNone ? kNone : m_.types[s.type].elem;
    model::Expr x = expr(args[1], sc, elem);
    if (!expect_type(args[1].pos, elem, x.type)) return bad();
    Id st = s.type;
    return builtin(Builtin::Append, st, {std::move(s), std::move(x)});
  }
  if (fn == "min" || fn == "max" || fn == "abs") {
    bool unary = fn == "abs";
    if (!arity(unary ? 1 : 2, unary ? 1 : 2, unary ? "an integer" : "two integers")) return bad();
    std::vector<model::Expr> xs;
    for (const ast::Expr& a : args) {
      model::Expr x = expr(a, sc);
      if (x.type != kNone && !is_int_like(x.type)) {
        error(a.pos, fmt::format("expected an integer, found {}", type_name(x.type)));
        return bad();
      }
      xs.push_back(std::move(x));
    }
    for (const model::Expr& x : xs)
      if (x.type == kNone) return bad();
    const model::Type& a = m_.types[xs[0].type];
    if (unary) {
      Value hi = std::max(
          a.hi, a.lo == std::numeric_limits<Value>::min() ? std::numeric_limits<Value>::max() : -a.lo);
      Value lo = a.lo >= 0 ? a.lo : a.hi <= 0 ? -a.hi : 0;
      return builtin(Builtin::Abs, range_type(lo, hi), std::move(xs));
    }
    const model::Type& b = m_.types[xs[1].type];
    Id t = fn == "min" ? range_type(std::min(a.lo, b.lo), std::min(a.hi, b.hi))
                       : range_type(std::max(a.lo, b.lo), std::max(a.hi, b.hi));
    return builtin(fn == "min" ? Builtin::Min : Builtin::Max, t, std::move(xs));
  }
  if (const Symbol* s = global(fn); s && (s->kind == SymKind::Message || s->kind == SymKind::Event)) {
    error(e.pos, fmt::format("expected a value, found {} '{}' (messages are sent with send or "
                             "broadcast, events with emit)",
                             kind_name(s->kind), fn));
    return bad();
  }
  if (fn == "bind" || fn == "passivate" || fn == "add" || fn == "remove") {
    error(e.pos, fmt::format("'{}' is an action, not a value (expected it as a statement)", fn));
    return bad();
  }
  error(e.pos, fmt::format("unknown function '{}'", fn));
  return bad();
}

}  // namespace dpu::resolve::detail
