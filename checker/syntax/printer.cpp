#include "syntax/printer.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "syntax/comments.hpp"

namespace dpu::syntax {

namespace {

// Binding strength of binary operators (higher binds tighter), mirroring the grammar.
int precedence(const std::string& op) {
  if (op == "=>") return 1;
  if (op == "||") return 2;
  if (op == "&&") return 3;
  if (op == "==" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=" || op == "in") return 4;
  if (op == "+" || op == "-") return 5;
  return 6;  // * / %
}

constexpr int kUnaryLevel = 7;
constexpr int kPostfixLevel = 8;

int level(const ast::Expr& e) {
  switch (e.op) {
    case ast::ExprOp::Binary:
      return precedence(e.name);
    case ast::ExprOp::Unary:
      return kUnaryLevel;
    // A quantifier or conditional extends as far right as possible: it must be
    // parenthesized wherever anything could follow it.
    case ast::ExprOp::Quant:
    case ast::ExprOp::InFlight:
    case ast::ExprOp::Ite:
      return 0;
    default:
      return kPostfixLevel + 1;
  }
}

std::string list(const std::vector<ast::Expr>& es) {
  std::string out;
  for (std::size_t i = 0; i < es.size(); ++i) out += (i ? ", " : "") + format_expr(es[i]);
  return out;
}

std::string wrap(const ast::Expr& e, int min_level) {
  std::string s = format_expr(e);
  return level(e) < min_level ? "(" + s + ")" : s;
}

constexpr std::size_t kWidth = 100;  // the column a formatted line should not pass

/// `e` as format_expr prints it, or, when it would end past kWidth starting at column `col`,
/// broken before each operator of its outermost `||`, `&&` or `=>` chain, the continuation
/// lines indented to column `cont` ("a\n    && b\n    && c"). Operands are not broken further.
std::string broken_expr(const ast::Expr& e, std::size_t col, std::size_t cont, std::size_t tail = 0) {
  std::string flat = format_expr(e);
  if (col + flat.size() + tail <= kWidth || e.op != ast::ExprOp::Binary) return flat;
  const int p = precedence(e.name);
  if (p > 3) return flat;
  const std::string indent(cont, ' ');
  if (e.name == "=>")  // right-associative: a => (b => c) breaks as a / => b / => c
    return wrap(e.args.at(0), p + 1) + "\n" + indent + "=> " +
           (level(e.args.at(1)) < p ? "(" + format_expr(e.args.at(1)) + ")"
                                    : broken_expr(e.args.at(1), cont + 3, cont, tail));
  // left-associative: the chain's operands, leftmost first
  std::vector<const ast::Expr*> operands;
  const ast::Expr* at = &e;
  while (at->op == ast::ExprOp::Binary && at->name == e.name) {
    operands.push_back(&at->args.at(1));
    at = &at->args.at(0);
  }
  std::string out = wrap(*at, p);
  for (auto it = operands.rbegin(); it != operands.rend(); ++it)
    out += "\n" + indent + e.name + " " + wrap(**it, p + 1);
  return out;
}

std::string fields_text(const std::vector<ast::Field>& fs) {
  std::string out;
  for (std::size_t i = 0; i < fs.size(); ++i)
    out += (i ? ", " : "") + fs[i].name + " : " + format_type(fs[i].type);
  return out;
}

std::string names_text(const std::vector<std::string>& ns) {
  std::string out;
  for (std::size_t i = 0; i < ns.size(); ++i) out += (i ? ", " : "") + ns[i];
  return out;
}

std::string procpat_text(const ast::ProcPattern& p) {
  std::string out = p.family;
  for (const ast::Expr& e : p.index) out += "[" + format_expr(e) + "]";
  return out;
}

std::string msgpat_text(const ast::MsgPattern& p) {
  std::string out = p.message + "(" + names_text(p.binders) + ") in " + p.channel;
  if (p.has_from) out += " from " + procpat_text(p.from);
  if (p.has_to) out += " to " + procpat_text(p.to);
  return out;
}

class Printer {
 public:
  std::string out;

  /// With the source text: its comments are put back (comments.hpp).
  explicit Printer(std::string_view source = {}) : comments_(find_comments(source)), source_(source) {
    starts_.push_back(0);
    for (std::size_t i = 0; i < source.size(); ++i)
      if (source[i] == '\n') starts_.push_back(static_cast<std::uint32_t>(i + 1));
  }

  void line(int indent, const std::string& text) {
    std::string t = std::string(static_cast<std::size_t>(indent) * 2, ' ') + text;
    // the comments trailing the line of the node just begun stay at the end of its first line
    std::string trailing;
    if (trail_line_ && !inline_) {
      while (next_ < comments_.size() && comments_[next_].trailing && comments_[next_].line == trail_line_)
        trailing += "  " + comments_[next_++].text;
      trail_line_ = 0;
    }
    // a broken expression (broken_expr) brings its own continuation lines: comments stay on
    // the first
    const std::size_t nl = t.find('\n');
    const std::string first = t.substr(0, nl), more = nl == std::string::npos ? "" : t.substr(nl);
    if (!trailing.empty()) trailing_.push_back({lines_, first.size()});
    out += first + trailing + more + "\n";
    lines_ += 1 + static_cast<std::size_t>(std::count(more.begin(), more.end(), '\n'));
  }

  /// Before a node whose name is at `pos`: the comments before it, each on its own line at
  /// the node's indentation; the comments trailing its line are kept for its first line. An
  /// empty source line just above the node (or above its comments) is kept, as one.
  void node(int indent, ast::Pos pos) {
    if (source_.empty()) return;
    if (inline_) {  // inside a one-line block: only where the node is, for a nested block
      trail_line_ = line_of(pos);
      return;
    }
    const std::uint32_t first =
        next_ < comments_.size() && comments_[next_].pos < pos ? comments_[next_].line : line_of(pos);
    if (first >= 2 && blank_source_line(first - 1) && !out.empty() && !ends_with("\n\n") &&
        !ends_with("{\n")) {
      out += "\n";
      ++lines_;
    }
    leading(indent, pos);
    trail_line_ = line_of(pos);
  }

  /// An empty line, unless the output already ends in one.
  void blank() {
    if (ends_with("\n\n")) return;
    out += "\n";
    ++lines_;
  }

  /// The comments not yet printed (those after the last node), then the trailing comments of
  /// consecutive lines aligned to one column (as most formatters do).
  void rest() {
    leading(0, ~ast::Pos{0});
    align_trailing();
  }

 private:
  struct Trailing {
    std::size_t line;  // output line
    std::size_t code;  // columns of code before the comment
  };
  std::vector<Comment> comments_;
  std::string_view source_;
  std::vector<std::uint32_t> starts_;
  std::size_t next_ = 0;
  std::uint32_t trail_line_ = 0;
  std::size_t lines_ = 0;           // lines in `out`
  std::vector<Trailing> trailing_;  // the output lines with a trailing comment
  bool inline_ = false;             // printing a one-line block's statements: no comments here

  bool ends_with(std::string_view tail) const {
    return out.size() >= tail.size() && out.compare(out.size() - tail.size(), tail.size(), tail) == 0;
  }

  /// Whether 1-based source line `n` holds only blanks.
  bool blank_source_line(std::uint32_t n) const {
    if (n == 0 || n > starts_.size()) return false;
    std::size_t b = starts_[n - 1], e = n < starts_.size() ? starts_[n] : source_.size();
    for (std::size_t i = b; i < e; ++i)
      if (source_[i] != ' ' && source_[i] != '\t' && source_[i] != '\n' && source_[i] != '\r') return false;
    return true;
  }

  /// Runs of consecutive output lines that each end in a comment get their comments in one
  /// column: two spaces after the longest code of the run.
  void align_trailing() {
    if (trailing_.empty()) return;
    std::vector<std::size_t> starts{0};
    for (std::size_t i = 0; i < out.size(); ++i)
      if (out[i] == '\n') starts.push_back(i + 1);
    std::vector<std::size_t> pad(lines_, 0);
    for (std::size_t i = 0; i < trailing_.size();) {
      std::size_t j = i, width = 0;
      while (j < trailing_.size() && trailing_[j].line == trailing_[i].line + (j - i))
        width = std::max(width, trailing_[j++].code);
      for (std::size_t k = i; k < j; ++k) pad[trailing_[k].line] = width - trailing_[k].code;
      i = j;
    }
    std::string aligned;
    aligned.reserve(out.size());
    std::size_t t = 0;
    for (std::size_t l = 0; l + 1 < starts.size(); ++l) {
      std::string_view text(out.data() + starts[l], starts[l + 1] - starts[l]);
      if (t < trailing_.size() && trailing_[t].line == l) {
        aligned.append(text.substr(0, trailing_[t].code))
            .append(pad[l], ' ')
            .append(text.substr(trailing_[t].code));
        ++t;
      } else {
        aligned.append(text);
      }
    }
    aligned.append(out, starts.back(), std::string::npos);
    out = std::move(aligned);
  }

  std::uint32_t line_of(ast::Pos pos) const {
    return static_cast<std::uint32_t>(std::upper_bound(starts_.begin(), starts_.end(), pos) -
                                      starts_.begin());
  }

  void leading(int indent, ast::Pos pos) {
    trail_line_ = 0;
    for (; next_ < comments_.size() && comments_[next_].pos < pos; ++next_) {
      out += std::string(static_cast<std::size_t>(indent) * 2, ' ') + comments_[next_].text + "\n";
      ++lines_;
      if (comments_[next_].blank_after && !ends_with("\n\n")) {
        out += "\n";
        ++lines_;
      }
    }
  }

 public:
  void block(int indent, const std::string& head, const ast::Block& b) {
    if (b.empty()) {
      line(indent, head + " {}");
      return;
    }
    // a head broken over lines (broken_expr) gets its block on the lines below, so that the
    // next pass, which sees the block on a later line than the head's first, agrees
    if (std::string one;
        head.find('\n') == std::string::npos && one_line(b, one) && fits(indent, head + " " + braced(one))) {
      line(indent, head + " " + braced(one));
      return;
    }
    line(indent, head + " {");
    for (const ast::Stmt& s : b) stmt(indent + 1, s);
    line(indent, "}");
  }

  /// one_line for each block of an if/elif/else or either/or written on the line it starts.
  bool one_line_blocks(const std::vector<ast::Block>& blocks, std::vector<std::string>& texts) {
    const std::uint32_t at = trail_line_;
    texts.assign(blocks.size(), {});
    bool one = true;
    for (std::size_t i = 0; i < blocks.size() && one; ++i) {
      trail_line_ = at;
      one = one_line(blocks[i], texts[i]);
    }
    trail_line_ = at;
    return one;
  }

  /// Whether `text` at `indent` ends within kWidth (its last line, when it has several).
  static bool fits(int indent, const std::string& text) {
    const std::size_t nl = text.rfind('\n');
    return nl != std::string::npos ? text.size() - nl - 1 <= kWidth
                                   : static_cast<std::size_t>(indent) * 2 + text.size() <= kWidth;
  }

  static std::string braced(const std::string& text) { return text.empty() ? "{}" : "{ " + text + " }"; }

  /// A block the source wrote on its head's line stays on one line ("{ a := 1; send c m }")
  /// when each of its statements prints as one line: `text` gets them joined by "; ".
  bool one_line(const ast::Block& b, std::string& text) {
    text.clear();
    if (source_.empty() || !trail_line_) return false;
    if (b.empty()) return true;
    for (const ast::Stmt& st : b)
      if (line_of(st.pos) != trail_line_) return false;
    // no comment may sit between the head and the block's last statement
    if (next_ < comments_.size() && comments_[next_].pos < b.back().pos) return false;
    std::string saved = std::move(out);
    const std::size_t saved_lines = lines_;
    out.clear();
    inline_ = true;
    for (const ast::Stmt& st : b) stmt(0, st);
    inline_ = false;
    std::string body = std::move(out);
    out = std::move(saved);
    const std::size_t printed = lines_ - saved_lines;
    lines_ = saved_lines;
    if (printed != b.size()) return false;
    text.clear();
    for (std::size_t i = 0, at = 0; i < b.size(); ++i) {
      const std::size_t nl = body.find('\n', at);
      text += (i ? "; " : "") + body.substr(at, nl - at);
      at = nl + 1;
    }
    return true;
  }

  void stmt(int ind, const ast::Stmt& s) {
    node(ind, s.pos);
    switch (s.op) {
      case ast::StmtOp::Assign:
        line(ind, format_expr(s.lhs) + " := " + format_expr(s.args.at(0)));
        break;
      case ast::StmtOp::If: {
        if (std::vector<std::string> one; one_line_blocks(s.blocks, one)) {
          std::string t;
          for (std::size_t i = 0; i < s.args.size(); ++i)
            t += (i ? " elif " : "if ") + format_expr(s.args[i]) + " " + braced(one[i]);
          if (s.blocks.size() > s.args.size()) t += " else " + braced(one.back());
          if (fits(ind, t)) {
            line(ind, t);
            break;
          }
        }
        for (std::size_t i = 0; i < s.args.size(); ++i) {
          std::string head = (i ? "} elif " : "if ") + format_expr(s.args[i]) + " {";
          line(ind, head);
          for (const ast::Stmt& c : s.blocks[i]) stmt(ind + 1, c);
        }
        if (s.blocks.size() > s.args.size()) {
          line(ind, "} else {");
          for (const ast::Stmt& c : s.blocks.back()) stmt(ind + 1, c);
        }
        line(ind, "}");
        break;
      }
      case ast::StmtOp::Send:
      case ast::StmtOp::Broadcast: {
        std::string t = (s.op == ast::StmtOp::Send ? "send " : "broadcast ") + s.channel + " " + s.name +
                        (s.args.empty() ? "" : "(" + list(s.args) + ")");
        if (!s.target.empty()) t += " to " + format_expr(s.target[0]);
        line(ind, t);
        break;
      }
      case ast::StmtOp::Call:
        line(ind, s.name + "(" + list(s.args) + ")");
        break;
      case ast::StmtOp::Choose: {
        std::string head = "choose " + s.binder + " in " + format_type(*s.domain);
        if (s.has_where)
          head += " where " + broken_expr(s.args.at(0), ind * 2 + head.size() + 7, ind * 2 + 4, 2);
        block(ind, head, s.blocks.at(0));
        break;
      }
      case ast::StmtOp::Either:
        if (std::vector<std::string> one; one_line_blocks(s.blocks, one)) {
          std::string t = "either";
          for (std::size_t i = 0; i < one.size(); ++i) t += (i ? " or " : " ") + braced(one[i]);
          if (fits(ind, t)) {
            line(ind, t);
            break;
          }
        }
        for (std::size_t i = 0; i < s.blocks.size(); ++i) {
          line(ind, i ? "} or {" : "either {");
          for (const ast::Stmt& c : s.blocks[i]) stmt(ind + 1, c);
        }
        line(ind, "}");
        break;
      case ast::StmtOp::For:
        block(ind, "for " + s.binder + " in " + format_type(*s.domain), s.blocks.at(0));
        break;
      case ast::StmtOp::Assert:
        line(ind, "assert " + format_expr(s.args.at(0)) + (s.name.empty() ? "" : " \"" + s.name + "\""));
        break;
      case ast::StmtOp::Emit:
        line(ind, "emit " + s.name + (s.args.empty() ? "" : "(" + list(s.args) + ")"));
        break;
      case ast::StmtOp::Deliver: {
        std::string head = "deliver " + msgpat_text(*s.pattern);
        if (s.has_where)
          head += " where " + broken_expr(s.args.at(0), ind * 2 + head.size() + 7, ind * 2 + 4, 2);
        block(ind, head, s.blocks.at(0));
        break;
      }
      case ast::StmtOp::Drop:
        line(ind,
             "drop " + msgpat_text(*s.pattern) + (s.has_where ? " where " + format_expr(s.args.at(0)) : ""));
        break;
      case ast::StmtOp::Skip:
        line(ind, "skip");
        break;
    }
  }

  void member(int ind, const ast::Member& m) {
    using K = ast::Member::Kind;
    node(ind, member_pos(m));
    switch (m.kind) {
      case K::Message:
        line(ind, "message " + m.message.name +
                      (m.message.fields.empty() ? "" : "(" + fields_text(m.message.fields) + ")"));
        break;
      case K::Event:
        line(ind, "event " + m.event.name +
                      (m.event.fields.empty() ? "" : "(" + fields_text(m.event.fields) + ")"));
        break;
      case K::Channel:
        line(ind,
             "channel " + m.channel.name + " : " + m.channel.order +
                 (m.channel.has_capacity ? "[" + format_expr(m.channel.capacity) + "] " + m.channel.when_full
                                         : ""));
        break;
      case K::Var:
        line(ind, std::string(m.var.global ? "global " : "") + "var " + m.var.name + " : " +
                      format_type(m.var.type) + (m.var.has_init ? " = " + format_expr(m.var.init) : ""));
        break;
      case K::Rule: {
        const ast::RuleDecl& r = m.rule;
        std::string head = (r.fairness.empty() ? "" : r.fairness + " ") + "rule " + r.name;
        if (r.has_at) head += " at " + procpat_text(r.at);
        if (r.has_guard) head += " when " + broken_expr(r.guard, ind * 2 + head.size() + 6, ind * 2 + 4, 2);
        block(ind, head, r.body);
        break;
      }
      case K::Handler: {
        const ast::HandlerDecl& h = m.handler;
        std::string head = (h.fairness.empty() ? "" : h.fairness + " ") + "on " + h.message;
        if (!h.params.empty()) head += "(" + names_text(h.params) + ")";
        if (h.has_from) head += " from " + procpat_text(h.from);
        if (h.has_at) head += " at " + procpat_text(h.at);
        if (h.has_guard) head += " when " + broken_expr(h.guard, ind * 2 + head.size() + 6, ind * 2 + 4, 2);
        block(ind, head, h.body);
        break;
      }
    }
  }

  void members(const std::vector<ast::Member>& ms) {
    for (const ast::Member& m : ms) member(1, m);
  }

  static ast::Pos member_pos(const ast::Member& m) {
    using K = ast::Member::Kind;
    switch (m.kind) {
      case K::Message:
        return m.message.pos;
      case K::Event:
        return m.event.pos;
      case K::Channel:
        return m.channel.pos;
      case K::Var:
        return m.var.pos;
      case K::Rule:
        return m.rule.pos;
      case K::Handler:
        return m.handler.pos;
    }
    return 0;
  }

  static ast::Pos decl_pos(const ast::Decl& d) {
    using K = ast::Decl::Kind;
    switch (d.kind) {
      case K::Const:
        return d.const_.pos;
      case K::Type:
        return d.type.pos;
      case K::Service:
        return d.service.pos;
      case K::Module:
        return d.module.pos;
      case K::Stacks:
        return d.stacks.pos;
      case K::Process:
        return d.process.pos;
      case K::Workload:
        return d.workload.pos;
      case K::Update:
        return d.update.pos;
      case K::Algorithm:
        return d.algorithm.pos;
      case K::Member:
        return member_pos(d.member);
      case K::Fault:
        return d.fault.pos;
      case K::Check:
        return d.check.pos;
      case K::Predicate:
        return d.predicate.pos;
      case K::End:
        return d.end.pos;
      case K::Allow:
        return d.allow.pos;
    }
    return 0;
  }

  void decl(const ast::Decl& d) {
    using K = ast::Decl::Kind;
    if (d.kind != K::Member) node(0, decl_pos(d));  // a member places its own comments
    switch (d.kind) {
      case K::Const:
        line(0, "const " + d.const_.name + " = " + format_expr(d.const_.value));
        break;
      case K::Type:
        line(0, "type " + d.type.name + " = " + format_type(d.type.type));
        break;
      case K::Service:
        line(0, "service " + d.service.name + " order " + d.service.order);
        break;
      case K::Module:
        line(0, "module " + d.module.name + " : (" + d.module.service + ", {" +
                    names_text(d.module.required) + "})");
        break;
      case K::Stacks: {
        std::string t = "stacks " + d.stacks.name + "[" + format_expr(d.stacks.count) + "] {";
        for (std::size_t i = 0; i < d.stacks.modules.size(); ++i)
          t += (i ? "; " : " ") + d.stacks.modules[i].module + " " + d.stacks.modules[i].binding;
        line(0, t + " }");
        break;
      }
      case K::Process: {
        std::string head = "process " + d.process.name;
        for (const ast::Expr& e : d.process.dims) head += "[" + format_expr(e) + "]";
        if (d.process.members.empty()) {
          line(0, head);
        } else {
          line(0, head + " {");
          members(d.process.members);
          line(0, "}");
        }
        break;
      }
      case K::Workload:
        line(0, "workload " + d.workload.service + " " + d.workload.mode + " " +
                    format_expr(d.workload.calls) + " per stack");
        break;
      case K::Update:
        line(0, "update " + d.update.from + " -> " + d.update.to + " by " + d.update.algorithm);
        break;
      case K::Algorithm:
        line(0, "algorithm " + d.algorithm.name + "(" + names_text(d.algorithm.params) + ") {");
        members(d.algorithm.members);
        line(0, "}");
        break;
      case K::Member:
        member(0, d.member);
        break;
      case K::Fault: {
        const ast::FaultDecl& f = d.fault;
        std::string t = "fault " + f.kind + " " + f.family + " at most " + format_expr(f.bound);
        if (!f.unit.empty()) t += " " + f.unit;
        if (f.recover) t += " recover";
        if (f.per_group) t += " per group";
        line(0, t);
        break;
      }
      case K::Check: {
        std::string t = "check " + d.check.property;
        if (d.check.has_args) t += "(" + list(d.check.args) + ")";
        if (d.check.has_pred) t += " : " + broken_expr(d.check.pred, t.size() + 3, 4);
        line(0, t);
        break;
      }
      case K::Predicate:
        line(0, d.predicate.kind + " " + d.predicate.name + " : " +
                    broken_expr(d.predicate.pred, d.predicate.kind.size() + d.predicate.name.size() + 4, 4));
        break;
      case K::End:
        line(0, "end when " + broken_expr(d.end.pred, 9, 4));
        break;
      case K::Allow:
        line(0, "allow " + d.allow.what);
        break;
    }
  }
};

}  // namespace

std::string format_expr(const ast::Expr& e) {
  switch (e.op) {
    case ast::ExprOp::Int:
    case ast::ExprOp::Bool:
    case ast::ExprOp::Name:
      return e.name;
    case ast::ExprOp::String:
      return "\"" + e.name + "\"";
    case ast::ExprOp::Call:
      return e.name + "(" + list(e.args) + ")";
    case ast::ExprOp::Index:
      return wrap(e.args.at(0), kPostfixLevel) + "[" + format_expr(e.args.at(1)) + "]";
    case ast::ExprOp::Field:
      return wrap(e.args.at(0), kPostfixLevel) + "." + e.name;
    case ast::ExprOp::Unary:
      return e.name + wrap(e.args.at(0), kUnaryLevel);
    case ast::ExprOp::Binary: {
      int p = precedence(e.name);
      // Left-associative operators: the right operand needs parentheses at equal level;
      // `=>` is right-associative, and comparisons do not chain.
      bool right_assoc = e.name == "=>";
      bool chainless = p == 4;
      int left_min = right_assoc || chainless ? p + 1 : p;
      int right_min = right_assoc ? p : p + 1;
      return wrap(e.args.at(0), left_min) + " " + e.name + " " + wrap(e.args.at(1), right_min);
    }
    case ast::ExprOp::Ite:
      return "if " + format_expr(e.args.at(0)) + " then " + format_expr(e.args.at(1)) + " else " +
             format_expr(e.args.at(2));
    case ast::ExprOp::SetLit:
      return e.name == "seq" ? "[" + list(e.args) + "]" : "{" + list(e.args) + "}";
    case ast::ExprOp::Quant:
      return e.name + " " + e.binder + " in " + format_type(*e.domain) + " : " + format_expr(e.args.at(0));
    case ast::ExprOp::InFlight:
      return e.name + " " + msgpat_text(*e.pattern) + " : " + format_expr(e.args.at(0));
  }
  return "?";
}

std::string format_type(const ast::TypeExpr& t) {
  switch (t.op) {
    case ast::TypeOp::Bool:
      return "bool";
    case ast::TypeOp::Module:
      return "module";
    case ast::TypeOp::Named:
      return t.name;
    // Range bounds are parsed at the level of `+`/`-`; anything looser needs parentheses.
    case ast::TypeOp::Range:
      return wrap(t.lo, 5) + ".." + wrap(t.hi, 5);
    case ast::TypeOp::Enum:
      return "enum { " + names_text(t.names) + " }";
    case ast::TypeOp::Record:
      return "record { " + fields_text(t.fields) + " }";
    case ast::TypeOp::Array:
      return "array[" + format_type(t.args.at(0)) + "] of " + format_type(t.args.at(1));
    case ast::TypeOp::Set:
      return "set of " + format_type(t.args.at(0));
    case ast::TypeOp::Seq:
      return "seq[" + format_expr(t.lo) + "] of " + format_type(t.args.at(0));
  }
  return "?";
}

std::string format(const ast::Model& model) { return format(model, {}); }

std::string format(const ast::Model& model, std::string_view source) {
  Printer p(source);
  ast::Decl::Kind previous = ast::Decl::Kind::Const;
  bool first = true;
  for (const ast::Decl& d : model.decls) {
    // A blank line between groups of different declarations, and around blocks.
    bool is_block = d.kind == ast::Decl::Kind::Algorithm ||
                    (d.kind == ast::Decl::Kind::Process && !d.process.members.empty());
    if (!first && (d.kind != previous || is_block)) p.blank();
    p.decl(d);
    previous = d.kind;
    first = false;
  }
  p.rest();
  return p.out;
}

}  // namespace dpu::syntax
