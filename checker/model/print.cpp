#include "model/print.hpp"

#include <fmt/format.h>

namespace dpu::model {

std::string type_name(const Model& m, Id type) {
  return type < m.types.size() ? m.types[type].name : std::string("<error>");
}

std::string print_value(const Model& m, Id type, Value v) {
  if (type >= m.types.size()) return fmt::format("{}", v);
  const Type& t = m.types[type];
  switch (t.kind) {
    case TypeKind::Bool:
      if (v == 0 || v == 1) return v ? "true" : "false";
      break;
    case TypeKind::Enum:
      if (t.ref < m.enums.size() && v >= 0 && v < static_cast<Value>(m.enums[t.ref].literals.size()))
        return m.enums[t.ref].literals[v];
      break;
    case TypeKind::Module:
      if (v >= 0 && v < static_cast<Value>(m.modules.size())) return m.modules[v].name;
      break;
    case TypeKind::Family: {
      if (t.ref >= m.families.size()) break;
      const Family& f = m.families[t.ref];
      if (v < 0 || v >= f.count) break;
      if (f.dims.empty()) return f.name;
      if (f.dims.size() == 2) return fmt::format("{}[{}][{}]", f.name, v / f.dims[1], v % f.dims[1]);
      return fmt::format("{}[{}]", f.name, v);
    }
    default:
      break;
  }
  return fmt::format("{}", v);
}

const char* op_spelling(Op op) {
  switch (op) {
    case Op::None:
      return "?";
    case Op::Not:
      return "!";
    case Op::Neg:
      return "-";
    case Op::And:
      return "&&";
    case Op::Or:
      return "||";
    case Op::Implies:
      return "=>";
    case Op::Eq:
      return "==";
    case Op::Ne:
      return "!=";
    case Op::Lt:
      return "<";
    case Op::Le:
      return "<=";
    case Op::Gt:
      return ">";
    case Op::Ge:
      return ">=";
    case Op::Add:
    case Op::Union:
      return "+";
    case Op::Sub:
    case Op::Diff:
      return "-";
    case Op::Mul:
    case Op::Inter:
      return "*";
    case Op::Div:
      return "/";
    case Op::Mod:
      return "%";
    case Op::In:
      return "in";
    case Op::Forall:
      return "forall";
    case Op::Exists:
      return "exists";
    case Op::Count:
      return "count";
  }
  return "?";
}

const char* builtin_name(Builtin b) {
  switch (b) {
    case Builtin::Bound:
      return "bound";
    case Builtin::Passive:
      return "passive";
    case Builtin::Present:
      return "present";
    case Builtin::Idle:
      return "idle";
    case Builtin::Pending:
      return "pending";
    case Builtin::Free:
      return "free";
    case Builtin::Replaceable:
      return "replaceable";
    case Builtin::Crashed:
      return "crashed";
    case Builtin::Faulty:
      return "faulty";
    case Builtin::Alive:
      return "alive";
    case Builtin::Size:
      return "size";
    case Builtin::Len:
      return "len";
    case Builtin::Head:
      return "head";
    case Builtin::Tail:
      return "tail";
    case Builtin::Append:
      return "append";
    case Builtin::Min:
      return "min";
    case Builtin::Max:
      return "max";
    case Builtin::Abs:
      return "abs";
    case Builtin::Group:
      return "group";
    case Builtin::Member:
      return "member";
    case Builtin::Sender:
      return "sender";
  }
  return "?";
}

namespace {

// Binding strength, as in the grammar: higher binds tighter. Quantifiers and if-then-else
// extend as far right as possible, so they are parenthesized inside anything.
int precedence(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Quant:
    case ExprKind::InFlight:
    case ExprKind::Ite:
      return 0;
    case ExprKind::Unary:
      return 7;
    case ExprKind::Binary:
      switch (e.op) {
        case Op::Implies:
          return 1;
        case Op::Or:
          return 2;
        case Op::And:
          return 3;
        case Op::Eq:
        case Op::Ne:
        case Op::Lt:
        case Op::Le:
        case Op::Gt:
        case Op::Ge:
        case Op::In:
          return 4;
        case Op::Add:
        case Op::Sub:
        case Op::Union:
        case Op::Diff:
          return 5;
        default:
          return 6;
      }
    case ExprKind::Lit:
      return e.value < 0 ? 7 : 8;  // a negative literal prints like a unary minus
    default:
      return 8;
  }
}

std::string slot_name(const Frame* frame, Id slot) {
  if (frame && slot < frame->slots.size()) {
    const std::string& n = frame->slots[slot].first;
    if (!n.empty() && n != "_") return n;
  }
  return fmt::format("${}", slot);
}

std::string pattern_text(const Model& m, const MsgPattern& p, const Frame* frame);

class ExprPrinter {
 public:
  ExprPrinter(const Model& m, const Frame* f) : m_(m), frame_(f) {}

  std::string operator()(const Expr& e) const {
    switch (e.kind) {
      case ExprKind::Lit:
        return print_value(m_, e.type, e.value);
      case ExprKind::Global:
        return var_name(e.id);
      case ExprKind::Local:
        if (e.args.empty()) return var_name(e.id);
        if (e.args[0].kind == ExprKind::Slot && e.args[0].id == 0) return var_name(e.id);
        return fmt::format("{}.{}", sub(e.args[0], 8), var_name(e.id));
      case ExprKind::Slot:
        return slot_name(frame_, e.id);
      case ExprKind::Unary:
        return fmt::format("{}{}", op_spelling(e.op), sub(e.args.at(0), 7));
      case ExprKind::Binary: {
        int p = precedence(e);
        // Comparisons do not chain, `=>` associates to the right, the rest to the left.
        bool right_assoc = e.op == Op::Implies;
        int lp = p == 4 || right_assoc ? p + 1 : p;
        int rp = p == 4 || !right_assoc ? p + 1 : p;
        return fmt::format("{} {} {}", sub(e.args.at(0), lp), op_spelling(e.op), sub(e.args.at(1), rp));
      }
      case ExprKind::Index:
        return fmt::format("{}[{}]", sub(e.args.at(0), 8), (*this)(e.args.at(1)));
      case ExprKind::Field: {
        const Expr& base = e.args.at(0);
        std::string f = fmt::format("#{}", e.id);
        if (base.type < m_.types.size() && e.id < m_.types[base.type].fields.size())
          f = m_.types[base.type].fields[e.id].first;
        return fmt::format("{}.{}", sub(base, 8), f);
      }
      case ExprKind::Ite:
        return fmt::format("if {} then {} else {}", (*this)(e.args.at(0)), (*this)(e.args.at(1)),
                           (*this)(e.args.at(2)));
      case ExprKind::SetLit:
        return "{" + list(e.args) + "}";
      case ExprKind::SeqLit:
        return "[" + list(e.args) + "]";
      case ExprKind::RecordLit:
        return "record{" + list(e.args) + "}";
      case ExprKind::Quant:
        return fmt::format("{} {} in {} : {}", op_spelling(e.op), slot_name(frame_, e.id),
                           type_name(m_, e.domain), (*this)(e.args.at(0)));
      case ExprKind::InFlight:
        return fmt::format("{} {} : {}", op_spelling(e.op), pattern_text(m_, *e.pattern, frame_),
                           (*this)(e.args.at(0)));
      case ExprKind::Builtin:
        return fmt::format("{}({})", builtin_name(e.fn), list(e.args));
      case ExprKind::Choose:
        return "choose(" + list(e.args) + ")";
    }
    return "?";
  }

 private:
  std::string sub(const Expr& e, int min_prec) const {
    std::string s = (*this)(e);
    return precedence(e) < min_prec ? "(" + s + ")" : s;
  }
  std::string list(const std::vector<Expr>& xs) const {
    std::string out;
    for (std::size_t i = 0; i < xs.size(); ++i) out += (i ? ", " : "") + (*this)(xs[i]);
    return out;
  }
  std::string var_name(Id v) const { return v < m_.vars.size() ? m_.vars[v].name : fmt::format("var#{}", v); }

  const Model& m_;
  const Frame* frame_;
};

std::string proc_constraint(const Model& m, const Frame* frame, Id family, Id slot,
                            const std::optional<Expr>& index) {
  std::string out = family < m.families.size() ? m.families[family].name : "?";
  if (index) return out + "[" + ExprPrinter(m, frame)(*index) + "]";
  if (slot != kNone) return out + "[" + slot_name(frame, slot) + "]";
  return out;
}

std::string pattern_text(const Model& m, const MsgPattern& p, const Frame* frame) {
  std::string out = p.message < m.messages.size() ? m.messages[p.message].name : "?";
  out += "(";
  for (std::size_t i = 0; i < p.field_slots.size(); ++i)
    out += (i ? ", " : "") + slot_name(frame, p.field_slots[i]);
  out += ") in ";
  out += p.channel < m.channels.size() ? m.channels[p.channel].name : "?";
  if (p.from_family != kNone)
    out += " from " + proc_constraint(m, frame, p.from_family, p.from_slot, p.from_index);
  if (p.to_family != kNone) out += " to " + proc_constraint(m, frame, p.to_family, p.to_slot, p.to_index);
  return out;
}

std::string args_list(const Model& m, const std::vector<Expr>& xs, const Frame* f) {
  std::string out;
  for (std::size_t i = 0; i < xs.size(); ++i) out += (i ? ", " : "") + print_expr(m, xs[i], f);
  return out;
}

std::string name_of(const std::vector<MessageType>& table, Id id) {
  return id < table.size() ? table[id].name : fmt::format("#{}", id);
}

}  // namespace

std::string print_expr(const Model& m, const Expr& e, const Frame* frame) { return ExprPrinter(m, frame)(e); }

std::string print_frame(const Model& m, const Frame& f) {
  std::string out = "[";
  for (std::size_t i = 0; i < f.slots.size(); ++i)
    out += fmt::format("{}{} : {}", i ? ", " : "", f.slots[i].first.empty() ? "-" : f.slots[i].first,
                       f.slots[i].second == kNone ? "-" : type_name(m, f.slots[i].second));
  return out + "]";
}

std::string print_block(const Model& m, const Block& b, const Frame* frame, int indent) {
  std::string out;
  for (const Stmt& s : b) out += print_stmt(m, s, frame, indent);
  return out;
}

std::string print_stmt(const Model& m, const Stmt& s, const Frame* frame, int indent) {
  std::string pad(indent, ' ');
  auto nested = [&](const Block& b) { return print_block(m, b, frame, indent + 2); };
  auto msg = [&](const std::vector<MessageType>& table, Id id) {
    std::string out = name_of(table, id);
    if (!s.args.empty()) out += "(" + args_list(m, s.args, frame) + ")";
    return out;
  };
  auto channel = [&]() {
    return s.channel < m.channels.size() ? m.channels[s.channel].name : fmt::format("#{}", s.channel);
  };
  switch (s.kind) {
    case StmtKind::Assign:
      return fmt::format("{}{} := {}\n", pad, print_expr(m, s.target, frame), print_expr(m, s.value, frame));
    case StmtKind::If: {
      std::string out;
      for (std::size_t i = 0; i < s.conds.size(); ++i)
        out += fmt::format("{}{} {} {{\n{}", i ? pad + "} " : pad, i ? "elif" : "if",
                           print_expr(m, s.conds[i], frame), i < s.blocks.size() ? nested(s.blocks[i]) : "");
      if (s.blocks.size() > s.conds.size()) out += pad + "} else {\n" + nested(s.blocks.back());
      return out + pad + "}\n";
    }
    case StmtKind::Send:
      return fmt::format("{}send {} {} to {}\n", pad, channel(), msg(m.messages, s.message),
                         s.dest ? print_expr(m, *s.dest, frame) : "?");
    case StmtKind::Broadcast: {
      std::string to = s.family < m.families.size() ? m.families[s.family].name : "?";
      if (s.dest) to += "[" + print_expr(m, *s.dest, frame) + "]";
      return fmt::format("{}broadcast {} {} to {}\n", pad, channel(), msg(m.messages, s.message), to);
    }
    case StmtKind::Bind:
      return fmt::format("{}bind({})\n", pad, args_list(m, s.args, frame));
    case StmtKind::Passivate:
      return fmt::format("{}passivate({})\n", pad, args_list(m, s.args, frame));
    case StmtKind::Remove:
      return fmt::format("{}remove({})\n", pad, args_list(m, s.args, frame));
    case StmtKind::Add:
      return fmt::format("{}add({}, {})\n", pad, args_list(m, s.args, frame), s.bound ? "bound" : "passive");
    case StmtKind::Choose:
    case StmtKind::For: {
      std::string head = fmt::format("{}{} {} in {}", pad, s.kind == StmtKind::Choose ? "choose" : "for",
                                     slot_name(frame, s.slot), type_name(m, s.domain));
      if (!s.conds.empty()) head += " where " + print_expr(m, s.conds[0], frame);
      return head + " {\n" + (s.blocks.empty() ? "" : nested(s.blocks[0])) + pad + "}\n";
    }
    case StmtKind::Either: {
      std::string out = pad + "either {\n";
      for (std::size_t i = 0; i < s.blocks.size(); ++i)
        out += (i ? pad + "} or {\n" : "") + nested(s.blocks[i]);
      return out + pad + "}\n";
    }
    case StmtKind::Assert: {
      std::string out =
          fmt::format("{}assert {}", pad, s.conds.empty() ? "?" : print_expr(m, s.conds[0], frame));
      if (!s.text.empty()) out += " \"" + s.text + "\"";
      return out + "\n";
    }
    case StmtKind::Emit:
      return fmt::format("{}emit {}\n", pad, msg(m.events, s.event));
    case StmtKind::Deliver:
    case StmtKind::Drop: {
      std::string head = fmt::format("{}{} {}", pad, s.kind == StmtKind::Deliver ? "deliver" : "drop",
                                     pattern_text(m, *s.pattern, frame));
      if (!s.conds.empty()) head += " where " + print_expr(m, s.conds[0], frame);
      if (s.kind == StmtKind::Drop) return head + "\n";
      return head + " {\n" + (s.blocks.empty() ? "" : nested(s.blocks[0])) + pad + "}\n";
    }
  }
  return pad + "?\n";
}

}  // namespace dpu::model
