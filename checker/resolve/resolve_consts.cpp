// Constant folding: `const` declarations, -D overrides, and every expression that must be
// known at resolve time (range bounds, family sizes, capacities, fault bounds, workloads).
#include <cstdint>
#include <limits>
#include <set>

#include <fmt/format.h>

#include "resolve/context.hpp"
#include "syntax/int_literal.hpp"

namespace dpu::resolve::detail {

std::optional<Value> Resolver::parse_int_literal(const ast::Expr& e) {
  // The parser keeps the digits as text; the range check and its message are
  // syntax::int_literal_value's, shared with `dpucheck fmt`.
  syntax::IntLiteral lit = syntax::int_literal_value(e.name);
  if (!lit.value) error(e.pos, lit.error);
  return lit.value;
}

namespace {

/// "its constants: M, N" (sorted) or "it declares none", for a -D name that matches nothing.
std::string declared_list(const std::set<std::string>& declared) {
  if (declared.empty()) return "it declares none";
  std::string names;
  for (const std::string& n : declared) names += (names.empty() ? "" : ", ") + n;
  return "its constants: " + names;
}

// Checked int64 arithmetic; nullopt on overflow or division by zero (caller reports).
enum class ArithError { None, Overflow, DivZero };

ArithError arith(const std::string& op, Value a, Value b, Value& out) {
  if (op == "+") return __builtin_add_overflow(a, b, &out) ? ArithError::Overflow : ArithError::None;
  if (op == "-") return __builtin_sub_overflow(a, b, &out) ? ArithError::Overflow : ArithError::None;
  if (op == "*") return __builtin_mul_overflow(a, b, &out) ? ArithError::Overflow : ArithError::None;
  if (op == "/" || op == "%") {
    if (b == 0) return ArithError::DivZero;
    if (a == std::numeric_limits<Value>::min() && b == -1) return ArithError::Overflow;
    out = op == "/" ? a / b : a % b;
    return ArithError::None;
  }
  return ArithError::Overflow;  // not reached: callers pass arithmetic operators only
}

bool is_arith(const std::string& op) { return op == "+" || op == "-" || op == "*" || op == "/" || op == "%"; }
bool is_compare(const std::string& op) {
  return op == "==" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=";
}

}  // namespace

std::optional<ConstVal> Resolver::fold(const ast::Expr& e) {
  using ast::ExprOp;
  switch (e.op) {
    case ExprOp::Int: {
      auto v = parse_int_literal(e);
      if (!v) return std::nullopt;
      return ConstVal{*v, false};
    }
    case ExprOp::Bool:
      return ConstVal{e.name == "true" ? 1 : 0, true};
    case ExprOp::Name: {
      const Symbol* s = global(e.name);
      if (s && s->kind == SymKind::Constant) return consts_[s->id];
      if (s) {
        error(e.pos, fmt::format("expected a constant, found {} '{}'", kind_name(s->kind), e.name));
        return std::nullopt;
      }
      for (const ast::Decl& d : ast_.decls)
        if (d.kind == ast::Decl::Kind::Const && d.const_.name == e.name) {
          error(e.pos, fmt::format("constant '{}' is used before its declaration", e.name));
          return std::nullopt;
        }
      error(e.pos, fmt::format("unknown constant '{}'", e.name));
      return std::nullopt;
    }
    case ExprOp::Unary: {
      auto a = fold(e.args.at(0));
      if (!a) return std::nullopt;
      if (e.name == "!") {
        if (!a->is_bool) {
          error(e.args[0].pos, "expected bool, found an integer");
          return std::nullopt;
        }
        return ConstVal{a->value ? 0 : 1, true};
      }
      if (a->is_bool) {
        error(e.args[0].pos, "expected an integer, found bool");
        return std::nullopt;
      }
      if (a->value == std::numeric_limits<Value>::min()) {
        error(e.pos, "integer overflow in constant expression");
        return std::nullopt;
      }
      return ConstVal{-a->value, false};
    }
    case ExprOp::Binary: {
      auto a = fold(e.args.at(0));
      auto b = fold(e.args.at(1));
      if (!a || !b) return std::nullopt;
      const std::string& op = e.name;
      if (op == "&&" || op == "||" || op == "=>") {
        if (!a->is_bool || !b->is_bool) {
          error((!a->is_bool ? e.args[0] : e.args[1]).pos, "expected bool, found an integer");
          return std::nullopt;
        }
        bool r = op == "&&"   ? (a->value && b->value)
                 : op == "||" ? (a->value || b->value)
                              : (!a->value || b->value);
        return ConstVal{r ? 1 : 0, true};
      }
      if (op == "==" || op == "!=") {
        if (a->is_bool != b->is_bool) {
          error(e.args[1].pos, fmt::format("expected {}, found {}", a->is_bool ? "bool" : "an integer",
                                           b->is_bool ? "bool" : "an integer"));
          return std::nullopt;
        }
        return ConstVal{(a->value == b->value) == (op == "==") ? 1 : 0, true};
      }
      if (a->is_bool || b->is_bool) {
        error((a->is_bool ? e.args[0] : e.args[1]).pos, "expected an integer, found bool");
        return std::nullopt;
      }
      if (is_compare(op)) {
        bool r = op == "<"    ? a->value < b->value
                 : op == "<=" ? a->value <= b->value
                 : op == ">"  ? a->value > b->value
                              : a->value >= b->value;
        return ConstVal{r ? 1 : 0, true};
      }
      if (is_arith(op)) {
        Value out = 0;
        switch (arith(op, a->value, b->value, out)) {
          case ArithError::None:
            return ConstVal{out, false};
          case ArithError::DivZero:
            error(e.pos, "division by zero in constant expression");
            return std::nullopt;
          case ArithError::Overflow:
            error(e.pos, "integer overflow in constant expression");
            return std::nullopt;
        }
      }
      error(e.pos, fmt::format("expected a constant expression, found operator '{}'", op));
      return std::nullopt;
    }
    case ExprOp::Ite: {
      auto c = fold(e.args.at(0));
      auto a = fold(e.args.at(1));
      auto b = fold(e.args.at(2));
      if (!c || !a || !b) return std::nullopt;
      if (!c->is_bool) {
        error(e.args[0].pos, "expected bool, found an integer");
        return std::nullopt;
      }
      if (a->is_bool != b->is_bool) {
        error(e.args[2].pos, "expected both branches to have the same type");
        return std::nullopt;
      }
      return c->value ? a : b;
    }
    case ExprOp::Call:
      if ((e.name == "min" || e.name == "max") && e.args.size() == 2) {
        auto a = fold_int(e.args[0], "argument");
        auto b = fold_int(e.args[1], "argument");
        if (!a || !b) return std::nullopt;
        return ConstVal{e.name == "min" ? std::min(*a, *b) : std::max(*a, *b), false};
      }
      if (e.name == "abs" && e.args.size() == 1) {
        auto a = fold_int(e.args[0], "argument");
        if (!a) return std::nullopt;
        if (*a == std::numeric_limits<Value>::min()) {
          error(e.pos, "integer overflow in constant expression");
          return std::nullopt;
        }
        return ConstVal{*a < 0 ? -*a : *a, false};
      }
      break;
    default:
      break;
  }
  error(e.pos, "expected a constant expression");
  return std::nullopt;
}

std::optional<Value> Resolver::fold_int(const ast::Expr& e, const char* what) {
  auto v = fold(e);
  if (!v) return std::nullopt;
  if (v->is_bool) {
    error(e.pos, fmt::format("expected an integer {}, found bool", what));
    return std::nullopt;
  }
  return v->value;
}

void Resolver::resolve_constants() {
  std::set<std::string> declared;
  for (const ast::Decl& d : ast_.decls) {
    if (d.kind != ast::Decl::Kind::Const) continue;
    const ast::ConstDecl& c = d.const_;
    declared.insert(c.name);
    // The declared value is folded even when overridden: its errors are still errors, and
    // its kind (bool or integer) decides what an override may say.
    std::optional<ConstVal> v = fold(c.value);
    ConstVal val = v.value_or(ConstVal{});
    if (auto it = overrides_.find(c.name); it != overrides_.end()) {
      const Override& o = it->second;
      std::string written = o.is_bool ? (o.value ? "true" : "false") : std::to_string(o.value);
      if (o.any_kind && val.is_bool && o.value != 0 && o.value != 1)
        error(c.pos, fmt::format("the trace's value {} for the boolean constant '{}' is neither 0 "
                                 "nor 1",
                                 o.value, c.name));
      else if (o.any_kind) {
      } else if (v && val.is_bool && !o.is_bool)
        error(c.pos, fmt::format("override -D {}={} gives an integer to the boolean constant '{}' "
                                 "(use true or false)",
                                 c.name, written, c.name));
      else if (v && !val.is_bool && o.is_bool)
        error(c.pos, fmt::format("override -D {}={} gives a boolean to the integer constant '{}' "
                                 "(use a whole number)",
                                 c.name, written, c.name));
      val.value = o.value;
    }
    Id id = static_cast<Id>(m_.constants.size());
    if (declare_global(c.name, Symbol{SymKind::Constant, id, c.pos})) {
      m_.constants.emplace_back(c.name, val.value);
      consts_.push_back(val);
    }
  }
  for (const auto& [name, o] : overrides_)
    if (!declared.count(name))
      error(0, fmt::format("unknown constant '{}' in -D {}={} (the model declares no such constant; {})",
                           name, name, o.is_bool ? (o.value ? "true" : "false") : std::to_string(o.value),
                           declared_list(declared)));
}

}  // namespace dpu::resolve::detail
