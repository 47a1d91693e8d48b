// Types: building them from type expressions, interning, naming, and compatibility.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "resolve/context.hpp"

namespace dpu::resolve::detail {

using model::Type;
using model::TypeKind;

namespace {

// Caps keep state vectors and bitsets sane; larger models are almost surely typos.
constexpr Value kMaxSetElems = 64;     // a set is one int64 bitset
constexpr Value kMaxSlots = 1 << 20;   // scalar slots in one value of an aggregate type
constexpr Value kMaxDomain = 1 << 20;  // values a quantifier, `choose` or `for` enumerates

bool same_shape(const Type& a, const Type& b) {
  return a.kind == b.kind && a.lo == b.lo && a.hi == b.hi && a.ref == b.ref && a.fields == b.fields &&
         a.index == b.index && a.elem == b.elem && a.capacity == b.capacity;
}

}  // namespace

// Structural interning: two spellings of one type get one id, so type equality is id
// equality and describe() prints each type once. Enums and families are nominal (by ref).
Id Resolver::intern(Type t) {
  for (Id i = 0; i < m_.types.size(); ++i)
    if (same_shape(m_.types[i], t)) return i;
  if (t.name.empty()) {
    switch (t.kind) {
      case TypeKind::Bool:
        t.name = "bool";
        break;
      case TypeKind::Range:
        t.name = fmt::format("{}..{}", t.lo, t.hi);
        break;
      case TypeKind::Enum:
        t.name = m_.enums[t.ref].name;
        break;
      case TypeKind::Family:
        t.name = m_.families[t.ref].name;
        break;
      case TypeKind::Module:
        t.name = "module";
        break;
      case TypeKind::Record: {
        t.name = "record { ";
        for (std::size_t i = 0; i < t.fields.size(); ++i)
          t.name += fmt::format("{}{} : {}", i ? ", " : "", t.fields[i].first, type_name(t.fields[i].second));
        t.name += " }";
        break;
      }
      case TypeKind::Array:
        t.name = fmt::format("array[{}] of {}", type_name(t.index), type_name(t.elem));
        break;
      case TypeKind::Set:
        t.name = fmt::format("set of {}", type_name(t.elem));
        break;
      case TypeKind::Seq:
        t.name = fmt::format("seq[{}] of {}", t.capacity, type_name(t.elem));
        break;
    }
  }
  m_.types.push_back(std::move(t));
  return static_cast<Id>(m_.types.size() - 1);
}

Id Resolver::range_type(Value lo, Value hi) {
  return intern(Type{.kind = TypeKind::Range, .lo = lo, .hi = hi});
}

Id Resolver::enumerable_domain(const ast::TypeExpr& t) {
  Id dom = resolve_type(t);
  if (dom == kNone) return kNone;
  if (!model::is_scalar(m_.types[dom])) {
    error(t.pos, fmt::format("expected a scalar domain (range, enum, bool, module or process "
                             "family), found {}",
                             type_name(dom)));
    return kNone;
  }
  // Engines visit every value in turn; a domain like 0..INT64_MAX would never finish.
  if (model::cardinality(m_, dom) > kMaxDomain) {
    error(t.pos, fmt::format("domain {} is too large to enumerate (more than {} values)", type_name(dom),
                             kMaxDomain));
    return kNone;
  }
  return dom;
}

Id Resolver::family_type(Id family) {
  const model::Family& f = m_.families[family];
  return intern(Type{.kind = TypeKind::Family, .lo = 0, .hi = f.count - 1, .ref = family});
}

std::string Resolver::type_name(Id t) const { return t == kNone ? std::string("<error>") : m_.types[t].name; }

bool Resolver::is_int_like(Id t) const {
  return t != kNone && (m_.types[t].kind == TypeKind::Range || m_.types[t].kind == TypeKind::Family);
}

// Integers and process identities mix freely (an identity is its index, and models write
// `x[q]` and `q == 0`); everything else must match exactly, because sets, arrays and
// sequences of different element types have different layouts.
bool Resolver::compatible(Id expected, Id found) const {
  if (expected == kNone || found == kNone || expected == found) return true;
  const Type& e = m_.types[expected];
  const Type& f = m_.types[found];
  if (e.kind == TypeKind::Family && f.kind == TypeKind::Family) return e.ref == f.ref;
  return is_int_like(expected) && is_int_like(found);
}

bool Resolver::expect_type(ast::Pos pos, Id expected, Id found) {
  if (compatible(expected, found)) return true;
  error(pos, fmt::format("expected {}, found {}", type_name(expected), type_name(found)));
  return false;
}

Id Resolver::join(Id a, Id b) {
  if (a == kNone) return b;
  if (b == kNone || a == b) return a;
  if (is_int_like(a) && is_int_like(b)) {
    const Type& x = m_.types[a];
    const Type& y = m_.types[b];
    if (x.kind == TypeKind::Family && y.kind == TypeKind::Family && x.ref == y.ref) return a;
    return range_type(std::min(x.lo, y.lo), std::max(x.hi, y.hi));
  }
  return a;
}

void Resolver::declare_type_names() {
  for (const ast::Decl& d : ast_.decls) {
    if (d.kind != ast::Decl::Kind::Type) continue;
    if (declare_global(d.type.name, Symbol{SymKind::Type, kNone, d.type.pos}))
      type_decls_[d.type.name].decl = &d.type;
  }
}

void Resolver::resolve_type_decls() {
  for (const ast::Decl& d : ast_.decls)
    if (d.kind == ast::Decl::Kind::Type && type_decls_.count(d.type.name))
      resolve_named_type(d.type.name, d.type.pos);
}

Id Resolver::resolve_named_type(const std::string& name, ast::Pos pos) {
  const Symbol* s = global(name);
  if (!s) {
    error(pos, fmt::format("unknown type '{}'{}", name, suggest(name, {SymKind::Type})));
    return kNone;
  }
  if (s->kind == SymKind::Family) return family_type(s->id);
  if (s->kind != SymKind::Type) {
    error(pos, fmt::format("expected a type, found {} '{}'", kind_name(s->kind), name));
    return kNone;
  }
  TypeDeclState& st = type_decls_[name];
  if (st.done) return st.type;
  if (st.resolving) {
    error(pos, fmt::format("type '{}' is defined in terms of itself", name));
    return kNone;
  }
  st.resolving = true;
  st.type = resolve_type(st.decl->type, name);
  st.resolving = false;
  st.done = true;
  return st.type;
}

namespace {
Value slots_of(const model::Model& m, Id t) {
  const Type& ty = m.types[t];
  switch (ty.kind) {
    case TypeKind::Record: {
      Value n = 0;
      for (const auto& f : ty.fields) n = std::min<Value>(n + slots_of(m, f.second), kMaxSlots + 1);
      return n;
    }
    case TypeKind::Array: {
      Value c = model::cardinality(m, ty.index), e = slots_of(m, ty.elem), n = 0;
      return __builtin_mul_overflow(c, e, &n) ? kMaxSlots + 1 : n;
    }
    case TypeKind::Seq: {
      Value e = slots_of(m, ty.elem), n = 0;
      return __builtin_mul_overflow(ty.capacity, e, &n) ? kMaxSlots + 1 : n + 1;
    }
    default:
      return 1;
  }
}
}  // namespace

Id Resolver::resolve_type(const ast::TypeExpr& t, const std::string& enum_name) {
  switch (t.op) {
    case ast::TypeOp::Bool:
      return m_.bool_type;
    case ast::TypeOp::Module:
      return m_.module_type;
    case ast::TypeOp::Range: {
      auto lo = fold_int(t.lo, "range bound");
      auto hi = fold_int(t.hi, "range bound");
      if (!lo || !hi) return kNone;
      if (*lo > *hi) {
        error(t.pos, fmt::format("empty range {}..{} (expected lo <= hi)", *lo, *hi));
        return kNone;
      }
      return range_type(*lo, *hi);
    }
    case ast::TypeOp::Named:
      return resolve_named_type(t.name, t.pos);
    case ast::TypeOp::Enum: {
      Id id = static_cast<Id>(m_.enums.size());
      model::EnumDef def;
      def.name = enum_name;
      if (def.name.empty()) {
        def.name = "enum { ";
        for (std::size_t i = 0; i < t.names.size(); ++i) def.name += (i ? ", " : "") + t.names[i];
        def.name += " }";
      }
      for (std::size_t i = 0; i < t.names.size(); ++i) {
        const std::string& lit = t.names[i];
        // Literals are global names; a clash is reported where the literal is written.
        ast::Pos at = i < t.names_pos.size() ? t.names_pos[i] : t.pos;
        Id lit_id = static_cast<Id>(literals_.size());
        if (declare_global(lit, Symbol{SymKind::EnumLiteral, lit_id, at})) {
          literals_.emplace_back(id, static_cast<Value>(def.literals.size()));
        }
        def.literals.push_back(lit);
      }
      if (def.literals.empty()) {
        error(t.pos, "expected at least one enum literal");
        return kNone;
      }
      m_.enums.push_back(std::move(def));
      return intern(
          Type{.kind = TypeKind::Enum, .lo = 0, .hi = static_cast<Value>(t.names.size()) - 1, .ref = id});
    }
    case ast::TypeOp::Record: {
      Type r{.kind = TypeKind::Record};
      std::set<std::string> seen;
      bool ok = true;
      for (const ast::Field& f : t.fields) {
        if (!seen.insert(f.name).second) {
          error(f.pos, fmt::format("record field '{}' is already declared", f.name));
          ok = false;
        }
        Id ft = resolve_type(f.type);
        ok = ok && ft != kNone;
        r.fields.emplace_back(f.name, ft);
      }
      if (!ok) return kNone;
      Id id = intern(std::move(r));
      return slots_of(m_, id) > kMaxSlots ? (error(t.pos, "record type is too large"), kNone) : id;
    }
    case ast::TypeOp::Array: {
      Id index = resolve_type(t.args.at(0));
      Id elem = resolve_type(t.args.at(1));
      if (index == kNone || elem == kNone) return kNone;
      if (!model::is_scalar(m_.types[index])) {
        error(t.args[0].pos, fmt::format("expected a scalar index type (range, enum, bool, "
                                         "module or process family), found {}",
                                         type_name(index)));
        return kNone;
      }
      Id id = intern(Type{.kind = TypeKind::Array, .index = index, .elem = elem});
      if (slots_of(m_, id) > kMaxSlots) {
        error(t.pos, fmt::format("type {} is too large (more than {} values)", type_name(id), kMaxSlots));
        return kNone;
      }
      return id;
    }
    case ast::TypeOp::Set: {
      Id elem = resolve_type(t.args.at(0));
      if (elem == kNone) return kNone;
      if (!model::is_scalar(m_.types[elem])) {
        error(t.args[0].pos, fmt::format("expected a scalar element type, found {}", type_name(elem)));
        return kNone;
      }
      if (model::cardinality(m_, elem) > kMaxSetElems) {
        error(t.args[0].pos, fmt::format("set element type {} has {} values; a set holds at "
                                         "most {}",
                                         type_name(elem), model::cardinality(m_, elem), kMaxSetElems));
        return kNone;
      }
      return intern(Type{.kind = TypeKind::Set, .elem = elem});
    }
    case ast::TypeOp::Seq: {
      auto cap = fold_int(t.lo, "sequence capacity");
      Id elem = resolve_type(t.args.at(0));
      if (!cap || elem == kNone) return kNone;
      if (*cap < 1) {
        error(t.lo.pos, fmt::format("expected a sequence capacity of at least 1, found {}", *cap));
        return kNone;
      }
      Id id = intern(Type{.kind = TypeKind::Seq, .elem = elem, .capacity = *cap});
      if (slots_of(m_, id) > kMaxSlots) {
        error(t.pos, fmt::format("type {} is too large", type_name(id)));
        return kNone;
      }
      return id;
    }
  }
  return kNone;
}

}  // namespace dpu::resolve::detail
