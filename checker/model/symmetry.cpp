#include "model/symmetry.hpp"

#include <fmt/format.h>

#include "model/print.hpp"

namespace dpu::model {

bool SymmetryReport::symmetric(Id family) const {
  for (const auto& f : families)
    if (f.family == family) return f.symmetric;
  return false;
}

namespace {

// Walks the model in source order and notes, per family, the first construct that breaks
// its symmetry. Every check below is about a value of a Family type meeting something that
// is not a permutation-invariant use of it (equality, membership, indexing an array or set
// over the same family, naming a process to a builtin, sending or storing it).
class Scan {
 public:
  Scan(const Model& m, SymmetryReport& r) : m_(m), r_(r) {}

  void breaks(Id family, std::string why, std::optional<Pos> pos) {
    for (auto& f : r_.families)
      if (f.family == family && f.symmetric) f.symmetric = false, f.reason = std::move(why), f.pos = pos;
  }
  void breaks_all(const std::string& why, std::optional<Pos> pos) {
    for (auto& f : r_.families) breaks(f.family, why, pos);
  }

  Id fam(Id type) const {
    if (type == kNone || type >= m_.types.size()) return kNone;
    const Type& t = m_.types[type];
    return t.kind == TypeKind::Family ? t.ref : kNone;
  }
  std::string fname(Id f) const { return m_.families[f].name; }

  // A value of type `from` is used where a value of type `to` is expected: only a process
  // id of the same family stays a process id of that family.
  void flows(Id from, Id to, Pos pos, const char* what) {
    const Id a = fam(from), b = fam(to);
    if (a == b) return;
    if (a != kNone) breaks(a, fmt::format("{} turns a process id of {} into a number", what, fname(a)), pos);
    if (b != kNone) breaks(b, fmt::format("{} turns a number into a process id of {}", what, fname(b)), pos);
  }

  void expr(const Expr& e) {
    for (const Expr& a : e.args) expr(a);
    switch (e.kind) {
      case ExprKind::Lit:
        if (Id f = fam(e.type); f != kNone)
          breaks(f,
                 fmt::format("the literal {} names a particular process", print_value(m_, e.type, e.value)),
                 e.pos);
        break;
      case ExprKind::Unary:
        if (Id f = fam(e.args[0].type); f != kNone && e.op != Op::Not)
          breaks(f, fmt::format("arithmetic on a process id of {}", fname(f)), e.pos);
        break;
      case ExprKind::Binary:
        binary(e);
        break;
      case ExprKind::Index: {
        const Type& c = m_.types[e.args[0].type];
        if (c.kind == TypeKind::Array) {
          flows(e.args[1].type, c.index, e.pos, "indexing an array");
        } else if (Id f = fam(e.args[1].type); f != kNone) {
          breaks(f, fmt::format("a process id of {} used as a sequence position", fname(f)), e.pos);
        }
        break;
      }
      case ExprKind::Ite:
        flows(e.args[1].type, e.type, e.pos, "a conditional expression");
        flows(e.args[2].type, e.type, e.pos, "a conditional expression");
        break;
      case ExprKind::SetLit:
      case ExprKind::SeqLit:
        for (const Expr& a : e.args) flows(a.type, m_.types[e.type].elem, a.pos, "a set or sequence literal");
        break;
      case ExprKind::RecordLit: {
        const Type& t = m_.types[e.type];
        for (std::size_t i = 0; i < e.args.size() && i < t.fields.size(); ++i)
          flows(e.args[i].type, t.fields[i].second, e.args[i].pos, "a record literal");
        break;
      }
      case ExprKind::Builtin:
        builtin(e);
        break;
      case ExprKind::InFlight:
        if (e.pattern) pattern(*e.pattern);
        break;
      default:  // Global, Local, Slot, Field, Quant (forall/exists/count commute), Choose
        break;
    }
  }

  void stmt(const Stmt& s) {
    if (s.kind == StmtKind::Assign) {
      expr(s.target), expr(s.value);
      flows(s.value.type, s.target.type, s.pos, "an assignment");
    }
    for (const Expr& c : s.conds) expr(c);
    for (const Expr& a : s.args) expr(a);
    if (s.dest) expr(*s.dest);
    if (s.pattern) pattern(*s.pattern);
    auto fields = [&](const std::vector<std::pair<std::string, Id>>& fs, const char* what) {
      for (std::size_t i = 0; i < s.args.size() && i < fs.size(); ++i)
        flows(s.args[i].type, fs[i].second, s.args[i].pos, what);
    };
    if ((s.kind == StmtKind::Send || s.kind == StmtKind::Broadcast) && s.message < m_.messages.size())
      fields(m_.messages[s.message].fields, "a message field");
    if (s.kind == StmtKind::Emit && s.event < m_.events.size())
      fields(m_.events[s.event].fields, "an event field");
    if (s.kind == StmtKind::For)
      if (Id f = fam(s.domain); f != kNone)
        breaks(f, fmt::format("`for` visits the processes of {} in index order", fname(f)), s.pos);
    for (const Block& b : s.blocks) block(b);
  }
  void block(const Block& b) {
    for (const Stmt& s : b) stmt(s);
  }

  void run(const std::vector<bool>& checked) {
    for (const Family& f : m_.families)
      if (f.dims.size() > 1)
        breaks(static_cast<Id>(&f - m_.families.data()), "a two-dimensional family (groups are not permuted)",
               f.pos);
    for (const Var& v : m_.vars)
      if (v.init) expr(*v.init);
    for (const Rule& r : m_.rules) {
      if (r.fixed_instance && r.family != kNone)
        breaks(r.family,
               fmt::format("rule {} runs at the one process {}", r.name,
                           print_value(m_, m_.families[r.family].type, *r.fixed_instance)),
               r.pos);
      if (r.guard) expr(*r.guard);
      block(r.body);
    }
    for (const Handler& h : m_.handlers) {
      if (h.fixed_instance && h.family != kNone)
        breaks(h.family,
               fmt::format("a handler runs at the one process {}",
                           print_value(m_, m_.families[h.family].type, *h.fixed_instance)),
               h.pos);
      if (h.guard) expr(*h.guard);
      block(h.body);
    }
    for (const Fault& f : m_.faults)
      if (f.kind == Fault::Kind::Byzantine && f.family != kNone && f.at_most > 0)
        breaks(f.family,
               fmt::format("`fault byzantine` makes the last {} processes of {} faulty", f.at_most,
                           fname(f.family)),
               f.pos);
    // strong_update and weak_update take the goal of their part (i) from `terminates`
    // (spec/semantics.md §5): checking either reads its predicate too
    bool update_checked = false;
    for (std::size_t p = 0; p < m_.properties.size(); ++p)
      if (checked.empty() || checked[p])
        update_checked = update_checked || m_.properties[p].kind == PropertyKind::StrongUpdate ||
                         m_.properties[p].kind == PropertyKind::WeakUpdate;
    for (std::size_t p = 0; p < m_.properties.size(); ++p) {
      const Property& q = m_.properties[p];
      if (!checked.empty() && !checked[p] && !(update_checked && q.kind == PropertyKind::Terminates))
        continue;
      // Their monitors are kept per process and per message in ways the renaming does not
      // follow (explicit/checkers/linearizable_commit.cpp, mdcd_recoverable.cpp).
      if (q.kind == PropertyKind::LinearizableCommit || q.kind == PropertyKind::MdcdRecoverable)
        breaks_all(fmt::format("the monitor of {} is not renamed", q.name), q.pos);
      for (const Expr& a : q.args) expr(a);
      if (q.pred) expr(*q.pred);
    }
    if (m_.end_when) expr(*m_.end_when);
  }

 private:
  const Model& m_;
  SymmetryReport& r_;

  void binary(const Expr& e) {
    const Id a = fam(e.args[0].type), b = fam(e.args[1].type);
    switch (e.op) {
      case Op::Eq:
      case Op::Ne:
        flows(e.args[1].type, e.args[0].type, e.pos, "a comparison");
        break;
      case Op::In: {
        const Type& c = m_.types[e.args[1].type];
        if (c.kind == TypeKind::Set || c.kind == TypeKind::Seq) flows(e.args[0].type, c.elem, e.pos, "`in`");
        break;
      }
      case Op::Lt:
      case Op::Le:
      case Op::Gt:
      case Op::Ge:
        for (Id f : {a, b})
          if (f != kNone)
            breaks(f, fmt::format("orders the process ids of {} (<, <=, >, >=)", fname(f)), e.pos);
        break;
      case Op::Add:
      case Op::Sub:
      case Op::Mul:
      case Op::Div:
      case Op::Mod:
        for (Id f : {a, b, fam(e.type)})
          if (f != kNone) breaks(f, fmt::format("arithmetic on a process id of {}", fname(f)), e.pos);
        break;
      default:  // and/or/implies, set union/difference/intersection
        break;
    }
  }

  void builtin(const Expr& e) {
    switch (e.fn) {
      case Builtin::Min:
      case Builtin::Max:
      case Builtin::Abs:
      case Builtin::Group:
      case Builtin::Member:
      case Builtin::Sender:
        for (const Expr& a : e.args)
          if (Id f = fam(a.type); f != kNone)
            breaks(f, fmt::format("a numeric function of a process id of {}", fname(f)), e.pos);
        if (Id f = fam(e.type); f != kNone)
          breaks(f, fmt::format("a numeric function of a process id of {}", fname(f)), e.pos);
        break;
      case Builtin::Append:
        if (e.args.size() == 2) flows(e.args[1].type, m_.types[e.args[0].type].elem, e.pos, "append");
        break;
      default:  // the DPU predicates and fault status take a process; size, len, head, tail
        break;
    }
  }

  void pattern(const MsgPattern& p) {
    if (p.from_index) expr(*p.from_index);
    if (p.to_index) expr(*p.to_index);
  }
};

}  // namespace

SymmetryReport detect_symmetry(const Model& m, const std::vector<bool>& checked) {
  SymmetryReport r;
  for (Id f = 0; f < m.families.size(); ++f)
    if (m.families[f].count >= 2) r.families.push_back(FamilySymmetry{f, true, {}, std::nullopt});
  Scan(m, r).run(checked);
  return r;
}

}  // namespace dpu::model
