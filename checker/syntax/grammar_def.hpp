// The X3 grammar of .dpu models (spec/language.md has the EBNF this follows).
//
// Included by exactly one .cpp (grammar.cpp). Every rule builds its AST node in a semantic
// action rather than by attribute propagation: the AST keeps optional parts as flags and
// uniform expression nodes, and explicit actions keep that mapping obvious.
//
// Error handling: after the first token of a construct, `>` (expectation) is used, so a
// mistake raises x3::expectation_failure carrying the position and the name of what was
// expected; the driver (parse.cpp) turns it into a diagnostic and resumes at the next
// declaration. Backtracking is confined to a few short alternatives (statement start, type
// start), which keeps parsing linear in practice.
// X3's rules are laid out by hand to read like the EBNF; a formatter would break that.
// clang-format off
#pragma once

#include <boost/fusion/include/at_c.hpp>
#include <boost/spirit/home/x3.hpp>

#include "syntax/ast.hpp"
#include "syntax/config.hpp"
#include "syntax/grammar.hpp"
#include "syntax/keywords.hpp"
#include "syntax/nesting_limit.hpp"
#include "syntax/parse.hpp"

namespace dpu::syntax::grammar {

using boost::fusion::at_c;
using x3::_attr;
using x3::_pass;
using x3::_val;
using x3::lexeme;
using x3::lit;

// ---- lexical helpers ----------------------------------------------------------------------

/// Consumes nothing; yields the byte offset of the next token (after skipping).
struct pos_parser : x3::parser<pos_parser> {
  using attribute_type = ast::Pos;
  static bool const has_attribute = true;
  template <class It, class Ctx, class RCtx, class Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    x3::traits::move_to(static_cast<ast::Pos>(first - g_source_begin), attr);
    return true;
  }
};
inline pos_parser const pos{};


template <class Subject>
struct guard_directive : x3::unary_parser<Subject, guard_directive<Subject>> {
  using base_type = x3::unary_parser<Subject, guard_directive<Subject>>;
  static bool const is_pass_through_unary = true;
  constexpr guard_directive(Subject const& s) : base_type(s) {}
  template <class It, class Ctx, class RCtx, class Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx& rctx, Attr& attr) const {
    if (g_depth >= kMaxNesting) {
      x3::skip_over(first, last, ctx);
      throw nesting_limit{first};
    }
    struct Leave {
      ~Leave() { --g_depth; }
    } leave;
    ++g_depth;
    return this->subject.parse(first, last, ctx, rctx, attr);
  }
};
struct guard_gen {
  template <class S>
  constexpr auto operator[](S const& s) const {
    return guard_directive<typename x3::extension::as_parser<S>::value_type>{x3::as_parser(s)};
  }
};
inline guard_gen const guarded{};

/// A keyword: the word followed by a non-identifier character. The rule is named "'word'"
/// so an expectation failure reads "expected 'when'".
inline auto kw(const char* word) {
  return x3::rule<struct kw_class>{quoted_name(word)} = lexeme[lit(word) >> !(x3::alnum | '_')];
}

/// A keyword whose spelling is the attribute (for alternatives like `fair | unfair`).
inline auto kws(const char* word) { return lexeme[x3::string(word) >> !(x3::alnum | '_')]; }

/// Wraps a parser in a rule with attribute T, so alternatives of strings collapse to one
/// string and optional/container attributes stay atomic inside sequences.
template <class Tag, class T, class P>
auto as(const char* name, P const& p) {
  return x3::rule<Tag, T>{name} = p;
}

inline auto const word_chars = lexeme[(x3::alpha | x3::char_('_')) >> *(x3::alnum | x3::char_('_'))];

struct ident_class;
inline x3::rule<ident_class, std::string> const ident = "identifier";
inline auto const ident_def = x3::raw[word_chars][([](auto& ctx) {
  auto& r = _attr(ctx);
  std::string s(r.begin(), r.end());
  if (is_keyword(s)) _pass(ctx) = false;
  else _val(ctx) = std::move(s);
})];

struct int_class;
inline x3::rule<int_class, std::string> const int_lit = "integer";
inline auto const int_lit_def = x3::raw[lexeme[+x3::digit >> !(x3::alpha | '_')]][(
    [](auto& ctx) { _val(ctx).assign(_attr(ctx).begin(), _attr(ctx).end()); })];

struct string_class;
inline x3::rule<string_class, std::string> const string_lit = "string";
inline auto const string_lit_def =
    lexeme['"' > *(x3::char_ - '"' - x3::eol) > '"'];

// ---- expressions --------------------------------------------------------------------------

inline ast::Expr make_leaf(ast::Pos p, ast::ExprOp op, std::string name) {
  ast::Expr e;
  e.pos = p;
  e.op = op;
  e.name = std::move(name);
  return e;
}

/// Sets the node's height from its children; throws nesting_limit past kMaxExprHeight.
inline ast::Expr finish(ast::Expr e) {
  std::uint32_t h = 0;
  for (const ast::Expr& a : e.args) h = std::max(h, a.height);
  e.height = h + 1;
  if (e.height > kMaxExprHeight) throw nesting_limit{g_source_begin + e.pos, true};
  return e;
}

inline ast::Expr make_binary(std::string op, ast::Expr l, ast::Expr r) {
  ast::Expr e;
  e.pos = l.pos;
  e.op = ast::ExprOp::Binary;
  e.name = std::move(op);
  e.args.push_back(std::move(l));
  e.args.push_back(std::move(r));
  return finish(std::move(e));
}

struct expr_class;
struct implies_class;
struct or_class;
struct and_class;
struct cmp_class;
struct sum_class;
struct term_class;
struct unary_class;
struct postfix_class;
struct primary_class;
struct args_class;
struct type_class;
struct fields_class;
struct field_class;
struct procpat_class;
struct msgpat_class;

inline x3::rule<expr_class, ast::Expr> const expr = "expression";
inline x3::rule<implies_class, ast::Expr> const implies_ = "expression";
inline x3::rule<or_class, ast::Expr> const or_ = "expression";
inline x3::rule<and_class, ast::Expr> const and_ = "expression";
inline x3::rule<cmp_class, ast::Expr> const cmp = "expression";
inline x3::rule<sum_class, ast::Expr> const sum = "expression";
inline x3::rule<term_class, ast::Expr> const term = "expression";
inline x3::rule<unary_class, ast::Expr> const unary = "expression";
inline x3::rule<postfix_class, ast::Expr> const postfix = "expression";
inline x3::rule<primary_class, ast::Expr> const primary = "expression";
inline x3::rule<args_class, std::vector<ast::Expr>> const args = "arguments";
inline x3::rule<type_class, ast::TypeExpr> const type = "type";
inline x3::rule<fields_class, std::vector<ast::Field>> const fields = "fields";
inline x3::rule<field_class, ast::Field> const field = "field";
inline x3::rule<procpat_class, ast::ProcPattern> const procpat = "process pattern";
inline x3::rule<msgpat_class, ast::MsgPattern> const msgpat = "message pattern";

inline auto const assign_val = [](auto& ctx) { _val(ctx) = std::move(_attr(ctx)); };
inline auto fold(const char* op) {
  return [op](auto& ctx) { _val(ctx) = make_binary(op, std::move(_val(ctx)), std::move(_attr(ctx))); };
}
inline auto const fold_any = [](auto& ctx) {
  auto& a = _attr(ctx);
  _val(ctx) = make_binary(std::move(at_c<0>(a)), std::move(_val(ctx)), std::move(at_c<1>(a)));
};

inline auto const expr_def = implies_[assign_val];
// `=>` is right-associative; parsed as a flat list and folded from the right so a long
// chain needs no recursion.
inline auto const implies__def = (or_ >> *(lit("=>") > or_))[([](auto& ctx) {
  auto& a = _attr(ctx);
  std::vector<ast::Expr>& rest = at_c<1>(a);
  if (rest.empty()) {
    _val(ctx) = std::move(at_c<0>(a));
    return;
  }
  ast::Expr acc = std::move(rest.back());
  for (std::size_t i = rest.size() - 1; i-- > 0;) acc = make_binary("=>", std::move(rest[i]), std::move(acc));
  _val(ctx) = make_binary("=>", std::move(at_c<0>(a)), std::move(acc));
})];
inline auto const or__def = and_[assign_val] >> *(lit("||") > and_)[fold("||")];
inline auto const and__def = cmp[assign_val] >> *(lit("&&") > cmp)[fold("&&")];

inline auto const cmp_op = x3::string("==") | x3::string("!=") | x3::string("<=") |
                           x3::string(">=") | x3::string("<") |
                           x3::string(">") | kws("in");
struct cmp_op_class;
inline x3::rule<cmp_op_class, std::string> const cmp_op_r = "comparison";
inline auto const cmp_op_r_def = cmp_op;
inline auto const cmp_def = sum[assign_val] >> -(cmp_op_r > sum)[fold_any];

struct sum_op_class;
inline x3::rule<sum_op_class, std::string> const sum_op = "'+' or '-'";
inline auto const sum_op_def = x3::string("+") | (x3::string("-") >> !lit('>'));
inline auto const sum_def = term[assign_val] >> *(sum_op > term)[fold_any];

struct term_op_class;
inline x3::rule<term_op_class, std::string> const term_op = "'*', '/' or '%'";
inline auto const term_op_def = x3::string("*") | (x3::string("/") >> !lit('/') >> !lit('*')) |
                                x3::string("%");
inline auto const term_def = unary[assign_val] >> *(term_op > unary)[fold_any];

inline auto const unary_def = guarded[
    (pos >> as<struct unop_class, std::string>("'!' or '-'", (x3::string("!") >> !lit('=')) | x3::string("-")) > unary)[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::Expr e = make_leaf(at_c<0>(a), ast::ExprOp::Unary, std::move(at_c<1>(a)));
      e.args.push_back(std::move(at_c<2>(a)));
      _val(ctx) = finish(std::move(e));
    })] |
    postfix[assign_val]];

inline auto const postfix_def =
    primary[assign_val] >>
    *((lit('[') > expr > ']')[([](auto& ctx) {
        ast::Expr e;
        e.pos = _val(ctx).pos;
        e.op = ast::ExprOp::Index;
        e.args.push_back(std::move(_val(ctx)));
        e.args.push_back(std::move(_attr(ctx)));
        _val(ctx) = finish(std::move(e));
      })] |
      (lit('.') >> !lit('.') > ident)[([](auto& ctx) {
        ast::Expr e;
        e.pos = _val(ctx).pos;
        e.op = ast::ExprOp::Field;
        e.name = std::move(_attr(ctx));
        e.args.push_back(std::move(_val(ctx)));
        _val(ctx) = finish(std::move(e));
      })]);

inline auto const args_def = expr % ',';

inline auto const quant_kind =
    as<struct quant_kind_class, std::string>("quantifier", kws("forall") | kws("exists") | kws("count"));
inline auto const primary_def =
    (pos >> int_lit)[([](auto& ctx) {
      _val(ctx) = make_leaf(at_c<0>(_attr(ctx)), ast::ExprOp::Int, std::move(at_c<1>(_attr(ctx))));
    })] |
    (pos >> as<struct bool_lit_class, std::string>("boolean", kws("true") | kws("false")))[([](auto& ctx) {
      _val(ctx) = make_leaf(at_c<0>(_attr(ctx)), ast::ExprOp::Bool, std::move(at_c<1>(_attr(ctx))));
    })] |
    (lit('(') > expr > ')')[assign_val] |
    (pos >> lit('{') > -args > '}')[([](auto& ctx) {
      ast::Expr e = make_leaf(at_c<0>(_attr(ctx)), ast::ExprOp::SetLit, "");
      if (at_c<1>(_attr(ctx))) e.args = std::move(*at_c<1>(_attr(ctx)));
      _val(ctx) = finish(std::move(e));
    })] |
    (pos >> lit('[') > -args > ']')[([](auto& ctx) {
      ast::Expr e = make_leaf(at_c<0>(_attr(ctx)), ast::ExprOp::SetLit, "seq");
      if (at_c<1>(_attr(ctx))) e.args = std::move(*at_c<1>(_attr(ctx)));
      _val(ctx) = finish(std::move(e));
    })] |
    (pos >> kw("if") > expr > kw("then") > expr > kw("else") > expr)[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::Expr e = make_leaf(at_c<0>(a), ast::ExprOp::Ite, "");
      e.args.push_back(std::move(at_c<1>(a)));
      e.args.push_back(std::move(at_c<2>(a)));
      e.args.push_back(std::move(at_c<3>(a)));
      _val(ctx) = finish(std::move(e));
    })] |
    // messages in flight: `count M(x) in c : p` (an identifier then '(' tells it from `count v in T`)
    (pos >> quant_kind >> &(ident >> lit('(')) > msgpat > ':' > expr)[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::Expr e = make_leaf(at_c<0>(a), ast::ExprOp::InFlight, std::move(at_c<1>(a)));
      e.pattern = std::make_shared<ast::MsgPattern>(std::move(at_c<2>(a)));
      e.args.push_back(std::move(at_c<3>(a)));
      _val(ctx) = finish(std::move(e));
    })] |
    (pos >> quant_kind > ident > kw("in") > type > ':' > expr)[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::Expr e = make_leaf(at_c<0>(a), ast::ExprOp::Quant, std::move(at_c<1>(a)));
      e.binder = std::move(at_c<2>(a));
      e.domain = std::make_shared<ast::TypeExpr>(std::move(at_c<3>(a)));
      e.args.push_back(std::move(at_c<4>(a)));
      _val(ctx) = finish(std::move(e));
    })] |
    (pos >> ident >> -(lit('(') > -args > ')'))[([](auto& ctx) {
      auto& a = _attr(ctx);
      if (at_c<2>(a)) {
        ast::Expr e = make_leaf(at_c<0>(a), ast::ExprOp::Call, std::move(at_c<1>(a)));
        e.args = std::move(*at_c<2>(a));
        _val(ctx) = finish(std::move(e));
      } else {
        _val(ctx) = make_leaf(at_c<0>(a), ast::ExprOp::Name, std::move(at_c<1>(a)));
      }
    })];

// ---- types --------------------------------------------------------------------------------

inline ast::TypeExpr make_type(ast::Pos p, ast::TypeOp op) {
  ast::TypeExpr t;
  t.pos = p;
  t.op = op;
  return t;
}

inline auto const field_def = (pos >> ident > ':' > type)[([](auto& ctx) {
  auto& a = _attr(ctx);
  _val(ctx) = ast::Field{at_c<0>(a), std::move(at_c<1>(a)), std::move(at_c<2>(a))};
})];
inline auto const fields_def = field % ',';

using positioned_names = std::vector<std::pair<ast::Pos, std::string>>;
inline auto const enum_literals = as<struct enum_literals_class, positioned_names>(
    "identifier",
    ((pos >> ident)[([](auto& ctx) {
      _val(ctx).emplace_back(at_c<0>(_attr(ctx)), std::move(at_c<1>(_attr(ctx))));
    })]) % ',');

inline auto const type_def = guarded[
    (pos >> kw("bool"))[([](auto& ctx) { _val(ctx) = make_type(_attr(ctx), ast::TypeOp::Bool); })] |
    (pos >> kw("module"))[([](auto& ctx) { _val(ctx) = make_type(_attr(ctx), ast::TypeOp::Module); })] |
    (pos >> kw("enum") > '{' > enum_literals > '}')[([](auto& ctx) {
      ast::TypeExpr t = make_type(at_c<0>(_attr(ctx)), ast::TypeOp::Enum);
      for (auto& [p, n] : at_c<1>(_attr(ctx))) {
        t.names_pos.push_back(p);
        t.names.push_back(std::move(n));
      }
      _val(ctx) = std::move(t);
    })] |
    (pos >> kw("record") > '{' > fields > '}')[([](auto& ctx) {
      ast::TypeExpr t = make_type(at_c<0>(_attr(ctx)), ast::TypeOp::Record);
      t.fields = std::move(at_c<1>(_attr(ctx)));
      _val(ctx) = std::move(t);
    })] |
    (pos >> kw("array") > '[' > type > ']' > kw("of") > type)[([](auto& ctx) {
      ast::TypeExpr t = make_type(at_c<0>(_attr(ctx)), ast::TypeOp::Array);
      t.args.push_back(std::move(at_c<1>(_attr(ctx))));
      t.args.push_back(std::move(at_c<2>(_attr(ctx))));
      _val(ctx) = std::move(t);
    })] |
    (pos >> kw("set") > kw("of") > type)[([](auto& ctx) {
      ast::TypeExpr t = make_type(at_c<0>(_attr(ctx)), ast::TypeOp::Set);
      t.args.push_back(std::move(at_c<1>(_attr(ctx))));
      _val(ctx) = std::move(t);
    })] |
    (pos >> kw("seq") > '[' > expr > ']' > kw("of") > type)[([](auto& ctx) {
      ast::TypeExpr t = make_type(at_c<0>(_attr(ctx)), ast::TypeOp::Seq);
      t.lo = std::move(at_c<1>(_attr(ctx)));
      t.args.push_back(std::move(at_c<2>(_attr(ctx))));
      _val(ctx) = std::move(t);
    })] |
    (pos >> sum >> lit("..") > sum)[([](auto& ctx) {
      ast::TypeExpr t = make_type(at_c<0>(_attr(ctx)), ast::TypeOp::Range);
      t.lo = std::move(at_c<1>(_attr(ctx)));
      t.hi = std::move(at_c<2>(_attr(ctx)));
      _val(ctx) = std::move(t);
    })] |
    (pos >> ident)[([](auto& ctx) {
      ast::TypeExpr t = make_type(at_c<0>(_attr(ctx)), ast::TypeOp::Named);
      t.name = std::move(at_c<1>(_attr(ctx)));
      _val(ctx) = std::move(t);
    })]];

// ---- statements ---------------------------------------------------------------------------

struct stmt_class;
struct block_class;
inline x3::rule<stmt_class, ast::Stmt> const stmt = "statement";
inline x3::rule<block_class, ast::Block> const block = "block";

inline ast::Stmt make_stmt(ast::Pos p, ast::StmtOp op) {
  ast::Stmt s;
  s.pos = p;
  s.op = op;
  return s;
}

inline auto const block_def = lit('{') > *(stmt >> -lit(';')) > '}';

inline auto const if_stmt =
    (pos >> kw("if") > expr > block > *(kw("elif") > expr > block) > -(kw("else") > block))[(
        [](auto& ctx) {
          auto& a = _attr(ctx);
          ast::Stmt s = make_stmt(at_c<0>(a), ast::StmtOp::If);
          s.args.push_back(std::move(at_c<1>(a)));
          s.blocks.push_back(std::move(at_c<2>(a)));
          for (auto& eb : at_c<3>(a)) {
            s.args.push_back(std::move(at_c<0>(eb)));
            s.blocks.push_back(std::move(at_c<1>(eb)));
          }
          if (at_c<4>(a)) s.blocks.push_back(std::move(*at_c<4>(a)));
          _val(ctx) = std::move(s);
        })];

inline auto const args_opt =
    as<struct args_opt_class, std::vector<ast::Expr>>("arguments", args | x3::attr(std::vector<ast::Expr>{}));
inline auto const msg_args = as<struct msg_args_class, std::vector<ast::Expr>>(
    "message arguments", (lit('(') > args_opt > ')') | x3::attr(std::vector<ast::Expr>{}));
inline auto const send_stmt =
    (pos >> kw("send") > pos > ident > pos > ident > msg_args > kw("to") > expr)[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::Stmt s = make_stmt(at_c<0>(a), ast::StmtOp::Send);
      s.channel_pos = at_c<1>(a);
      s.channel = std::move(at_c<2>(a));
      s.name_pos = at_c<3>(a);
      s.name = std::move(at_c<4>(a));
      s.args = std::move(at_c<5>(a));
      s.target.push_back(std::move(at_c<6>(a)));
      _val(ctx) = std::move(s);
    })];
inline auto const broadcast_stmt =
    (pos >> kw("broadcast") > pos > ident > pos > ident > msg_args > -(kw("to") > expr))[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::Stmt s = make_stmt(at_c<0>(a), ast::StmtOp::Broadcast);
      s.channel_pos = at_c<1>(a);
      s.channel = std::move(at_c<2>(a));
      s.name_pos = at_c<3>(a);
      s.name = std::move(at_c<4>(a));
      s.args = std::move(at_c<5>(a));
      if (at_c<6>(a)) s.target.push_back(std::move(*at_c<6>(a)));
      _val(ctx) = std::move(s);
    })];
inline auto const choose_stmt =
    (pos >> kw("choose") > ident > kw("in") > type > -(kw("where") > expr) > block)[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::Stmt s = make_stmt(at_c<0>(a), ast::StmtOp::Choose);
      s.binder = std::move(at_c<1>(a));
      s.domain = std::make_shared<ast::TypeExpr>(std::move(at_c<2>(a)));
      if (at_c<3>(a)) {
        s.has_where = true;
        s.args.push_back(std::move(*at_c<3>(a)));
      }
      s.blocks.push_back(std::move(at_c<4>(a)));
      _val(ctx) = std::move(s);
    })];
inline auto const or_blocks =
    as<struct or_blocks_class, std::vector<ast::Block>>("'or'", +(kw("or") > block));
inline auto const either_stmt =
    (pos >> kw("either") > block > or_blocks)[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::Stmt s = make_stmt(at_c<0>(a), ast::StmtOp::Either);
      s.blocks.push_back(std::move(at_c<1>(a)));
      for (auto& b : at_c<2>(a)) s.blocks.push_back(std::move(b));
      _val(ctx) = std::move(s);
    })];
inline auto const for_stmt =
    (pos >> kw("for") > ident > kw("in") > type > block)[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::Stmt s = make_stmt(at_c<0>(a), ast::StmtOp::For);
      s.binder = std::move(at_c<1>(a));
      s.domain = std::make_shared<ast::TypeExpr>(std::move(at_c<2>(a)));
      s.blocks.push_back(std::move(at_c<3>(a)));
      _val(ctx) = std::move(s);
    })];
inline auto const assert_stmt =
    (pos >> kw("assert") > expr > -string_lit)[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::Stmt s = make_stmt(at_c<0>(a), ast::StmtOp::Assert);
      s.args.push_back(std::move(at_c<1>(a)));
      if (at_c<2>(a)) s.name = std::move(*at_c<2>(a));
      _val(ctx) = std::move(s);
    })];
inline auto const emit_stmt = (pos >> kw("emit") > pos > ident > msg_args)[([](auto& ctx) {
  auto& a = _attr(ctx);
  ast::Stmt s = make_stmt(at_c<0>(a), ast::StmtOp::Emit);
  s.name_pos = at_c<1>(a);
  s.name = std::move(at_c<2>(a));
  s.args = std::move(at_c<3>(a));
  _val(ctx) = std::move(s);
})];
inline auto const deliver_stmt =
    (pos >> kw("deliver") > msgpat > -(kw("where") > expr) > block)[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::Stmt s = make_stmt(at_c<0>(a), ast::StmtOp::Deliver);
      s.pattern = std::make_shared<ast::MsgPattern>(std::move(at_c<1>(a)));
      if (at_c<2>(a)) {
        s.has_where = true;
        s.args.push_back(std::move(*at_c<2>(a)));
      }
      s.blocks.push_back(std::move(at_c<3>(a)));
      _val(ctx) = std::move(s);
    })];
inline auto const drop_stmt =
    (pos >> kw("drop") > msgpat > -(kw("where") > expr))[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::Stmt s = make_stmt(at_c<0>(a), ast::StmtOp::Drop);
      s.pattern = std::make_shared<ast::MsgPattern>(std::move(at_c<1>(a)));
      if (at_c<2>(a)) {
        s.has_where = true;
        s.args.push_back(std::move(*at_c<2>(a)));
      }
      _val(ctx) = std::move(s);
    })];
inline auto const skip_stmt =
    (pos >> kw("skip"))[([](auto& ctx) { _val(ctx) = make_stmt(_attr(ctx), ast::StmtOp::Skip); })];

// `lvalue := expr` or a builtin action call `name(args)`: both start with a postfix
// expression; what follows decides. Anything else is reported as a missing `:=`.
struct assign_tail_class;
inline x3::rule<assign_tail_class, ast::Expr> const assign_tail = "':='";
inline auto const assign_tail_def = lit(":=") > expr;
inline auto const assign_or_call =
    (pos >> postfix >> -assign_tail >> pos)[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::Expr& target = at_c<1>(a);
      if (at_c<2>(a)) {
        ast::Stmt s = make_stmt(at_c<0>(a), ast::StmtOp::Assign);
        s.lhs = std::move(target);
        s.args.push_back(std::move(*at_c<2>(a)));
        _val(ctx) = std::move(s);
      } else if (target.op == ast::ExprOp::Call) {
        ast::Stmt s = make_stmt(at_c<0>(a), ast::StmtOp::Call);
        s.name_pos = target.pos;
        s.name = std::move(target.name);
        s.args = std::move(target.args);
        _val(ctx) = std::move(s);
      } else {
        boost::throw_exception(x3::expectation_failure<iterator_type>(
            g_source_begin + at_c<3>(a), "':=' (an assignment) or an action call"));
      }
    })];

inline auto const stmt_def = guarded[if_stmt | send_stmt | broadcast_stmt | choose_stmt | either_stmt |
                             for_stmt | assert_stmt | emit_stmt | deliver_stmt | drop_stmt |
                             skip_stmt | assign_or_call];

// ---- members (algorithm / process blocks, or top level) ------------------------------------

struct member_class;
inline x3::rule<member_class, ast::Member> const member = "member declaration";

inline auto const procpat_def = (pos >> ident >> *(lit('[') > expr > ']'))[([](auto& ctx) {
  auto& a = _attr(ctx);
  _val(ctx) = ast::ProcPattern{at_c<0>(a), std::move(at_c<1>(a)), std::move(at_c<2>(a))};
})];

inline auto const field_binders = as<struct field_binders_class, std::vector<std::string>>(
    "field names", (ident % ',') | x3::attr(std::vector<std::string>{}));
inline auto const msgpat_def =
    (pos >> ident >> lit('(') > field_binders > ')' > kw("in") > pos > ident >
     -(kw("from") > procpat) > -(kw("to") > procpat))[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::MsgPattern p;
      p.pos = at_c<0>(a);
      p.message = std::move(at_c<1>(a));
      p.binders = std::move(at_c<2>(a));
      p.channel_pos = at_c<3>(a);
      p.channel = std::move(at_c<4>(a));
      if (at_c<5>(a)) p.has_from = true, p.from = std::move(*at_c<5>(a));
      if (at_c<6>(a)) p.has_to = true, p.to = std::move(*at_c<6>(a));
      _val(ctx) = std::move(p);
    })];

inline auto const fields_opt = as<struct fields_opt_class, std::vector<ast::Field>>(
    "fields", fields | x3::attr(std::vector<ast::Field>{}));
inline auto const opt_fields = as<struct opt_fields_class, std::vector<ast::Field>>(
    "fields", (lit('(') > fields_opt > ')') | x3::attr(std::vector<ast::Field>{}));

inline auto const message_decl = (kw("message") > pos > ident > opt_fields)[([](auto& ctx) {
  auto& a = _attr(ctx);
  ast::Member m;
  m.kind = ast::Member::Kind::Message;
  m.message.pos = at_c<0>(a);
  m.message.name = std::move(at_c<1>(a));
  m.message.fields = std::move(at_c<2>(a));
  _val(ctx) = std::move(m);
})];
inline auto const event_decl = (kw("event") > pos > ident > opt_fields)[([](auto& ctx) {
  auto& a = _attr(ctx);
  ast::Member m;
  m.kind = ast::Member::Kind::Event;
  m.event.pos = at_c<0>(a);
  m.event.name = std::move(at_c<1>(a));
  m.event.fields = std::move(at_c<2>(a));
  _val(ctx) = std::move(m);
})];

struct chan_order_class;
inline x3::rule<chan_order_class, std::string> const chan_order =
    "channel order ('unordered', 'fifo' or 'total')";
inline auto const chan_order_def = kws("unordered") | kws("fifo") | kws("total");

// What a send to a full bounded queue does: the step is disabled, or a runtime error.
struct full_policy_class;
inline x3::rule<full_policy_class, std::string> const full_policy = "'block' or 'error'";
inline auto const full_policy_def = kws("block") | kws("error");
inline auto const chan_capacity = as<struct chan_capacity_class, ast::ChannelCapacity>(
    "channel capacity", (lit('[') > expr > ']' > full_policy)[([](auto& ctx) {
      _val(ctx).capacity = std::move(at_c<0>(_attr(ctx)));
      _val(ctx).when_full = std::move(at_c<1>(_attr(ctx)));
    })]);
inline auto const channel_decl =
    (kw("channel") > pos > ident > ':' > chan_order > -chan_capacity)[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::Member m;
      m.kind = ast::Member::Kind::Channel;
      m.channel.pos = at_c<0>(a);
      m.channel.name = std::move(at_c<1>(a));
      m.channel.order = std::move(at_c<2>(a));
      if (at_c<3>(a)) {
        m.channel.has_capacity = true;
        m.channel.capacity = std::move(at_c<3>(a)->capacity);
        m.channel.when_full = std::move(at_c<3>(a)->when_full);
      }
      _val(ctx) = std::move(m);
    })];

inline auto const var_decl =
    (x3::matches[kw("global")] >> kw("var") > pos > ident > ':' > type > -(lit('=') > expr))[(
        [](auto& ctx) {
          auto& a = _attr(ctx);
          ast::Member m;
          m.kind = ast::Member::Kind::Var;
          m.var.global = at_c<0>(a);
          m.var.pos = at_c<1>(a);
          m.var.name = std::move(at_c<2>(a));
          m.var.type = std::move(at_c<3>(a));
          if (at_c<4>(a)) {
            m.var.has_init = true;
            m.var.init = std::move(*at_c<4>(a));
          }
          _val(ctx) = std::move(m);
        })];

struct fairness_class;
inline x3::rule<fairness_class, std::string> const fairness = "fairness";
inline auto const fairness_def = kws("fair") | kws("unfair");

inline auto const at_clause = kw("at") > procpat;
inline auto const when_clause = kw("when") > expr;

inline auto const rule_decl =
    (-fairness >> kw("rule") > pos > ident > -at_clause > -when_clause > block)[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::Member m;
      m.kind = ast::Member::Kind::Rule;
      ast::RuleDecl& r = m.rule;
      if (at_c<0>(a)) r.fairness = std::move(*at_c<0>(a));
      r.pos = at_c<1>(a);
      r.name = std::move(at_c<2>(a));
      if (at_c<3>(a)) {
        r.has_at = true;
        r.at = std::move(*at_c<3>(a));
      }
      if (at_c<4>(a)) {
        r.has_guard = true;
        r.guard = std::move(*at_c<4>(a));
      }
      r.body = std::move(at_c<5>(a));
      _val(ctx) = std::move(m);
    })];

struct params_class;
inline x3::rule<params_class, std::vector<std::pair<ast::Pos, std::string>>> const params =
    "parameter names";
inline auto const params_def =
    ((pos >> ident)[([](auto& ctx) {
      _val(ctx).emplace_back(at_c<0>(_attr(ctx)), std::move(at_c<1>(_attr(ctx))));
    })]) % ',';

inline auto const handler_decl =
    (-fairness >> kw("on") > pos > ident > -(lit('(') > -params > ')') >
     -(kw("from") > procpat) > -at_clause > -when_clause > block)[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::Member m;
      m.kind = ast::Member::Kind::Handler;
      ast::HandlerDecl& h = m.handler;
      if (at_c<0>(a)) h.fairness = std::move(*at_c<0>(a));
      h.pos = at_c<1>(a);
      h.message = std::move(at_c<2>(a));
      if (at_c<3>(a))
        for (auto& [p, n] : *at_c<3>(a)) {
          h.param_pos.push_back(p);
          h.params.push_back(std::move(n));
        }
      if (at_c<4>(a)) {
        h.has_from = true;
        h.from = std::move(*at_c<4>(a));
      }
      if (at_c<5>(a)) {
        h.has_at = true;
        h.at = std::move(*at_c<5>(a));
      }
      if (at_c<6>(a)) {
        h.has_guard = true;
        h.guard = std::move(*at_c<6>(a));
      }
      h.body = std::move(at_c<7>(a));
      _val(ctx) = std::move(m);
    })];

inline auto const member_def =
    message_decl | event_decl | channel_decl | var_decl | rule_decl | handler_decl;

inline auto const member_block = as<struct member_block_class, std::vector<ast::Member>>(
    "member block", lit('{') > *(member >> -lit(';')) > '}');

// ---- top-level declarations ---------------------------------------------------------------

inline ast::Decl make_decl(ast::Decl::Kind k) {
  ast::Decl d;
  d.kind = k;
  return d;
}

inline auto const const_decl = (kw("const") > pos > ident > '=' > expr)[([](auto& ctx) {
  auto& a = _attr(ctx);
  ast::Decl d = make_decl(ast::Decl::Kind::Const);
  d.const_ = ast::ConstDecl{at_c<0>(a), std::move(at_c<1>(a)), std::move(at_c<2>(a))};
  _val(ctx) = std::move(d);
})];

inline auto const type_decl = (kw("type") > pos > ident > '=' > type)[([](auto& ctx) {
  auto& a = _attr(ctx);
  ast::Decl d = make_decl(ast::Decl::Kind::Type);
  d.type = ast::TypeDecl{at_c<0>(a), std::move(at_c<1>(a)), std::move(at_c<2>(a))};
  _val(ctx) = std::move(d);
})];

struct service_order_class;
inline x3::rule<service_order_class, std::string> const service_order =
    "service order ('none', 'fifo' or 'total')";
inline auto const service_order_def = kws("none") | kws("fifo") | kws("total");

inline auto const service_decl =
    (kw("service") > pos > ident > -(kw("order") > service_order))[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::Decl d = make_decl(ast::Decl::Kind::Service);
      d.service.pos = at_c<0>(a);
      d.service.name = std::move(at_c<1>(a));
      if (at_c<2>(a)) d.service.order = std::move(*at_c<2>(a));
      _val(ctx) = std::move(d);
    })];

inline auto const module_decl =
    (kw("module") > pos > ident > ':' > '(' > pos > ident > ',' > '{' > -params > '}' > ')')[(
        [](auto& ctx) {
          auto& a = _attr(ctx);
          ast::Decl d = make_decl(ast::Decl::Kind::Module);
          d.module.pos = at_c<0>(a);
          d.module.name = std::move(at_c<1>(a));
          d.module.service_pos = at_c<2>(a);
          d.module.service = std::move(at_c<3>(a));
          if (at_c<4>(a))
            for (auto& [p, n] : *at_c<4>(a)) {
              d.module.required_pos.push_back(p);
              d.module.required.push_back(std::move(n));
            }
          _val(ctx) = std::move(d);
        })];

struct binding_class;
inline x3::rule<binding_class, ast::Binding> const binding = "module binding";
struct binding_kind_class;
inline x3::rule<binding_kind_class, std::string> const binding_kind = "'bound' or 'passive'";
inline auto const binding_kind_def = kws("bound") | kws("passive");
inline auto const binding_def = (pos >> ident > binding_kind)[([](auto& ctx) {
  auto& a = _attr(ctx);
  _val(ctx) = ast::Binding{at_c<0>(a), std::move(at_c<1>(a)), std::move(at_c<2>(a))};
})];

inline auto const stacks_decl =
    (kw("stacks") > pos > ident > '[' > expr > ']' > '{' > *(binding >> -lit(';')) > '}')[(
        [](auto& ctx) {
          auto& a = _attr(ctx);
          ast::Decl d = make_decl(ast::Decl::Kind::Stacks);
          d.stacks.pos = at_c<0>(a);
          d.stacks.name = std::move(at_c<1>(a));
          d.stacks.count = std::move(at_c<2>(a));
          d.stacks.modules = std::move(at_c<3>(a));
          _val(ctx) = std::move(d);
        })];

inline auto const process_decl =
    (kw("process") > pos > ident > *(lit('[') > expr > ']') > -member_block)[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::Decl d = make_decl(ast::Decl::Kind::Process);
      d.process.pos = at_c<0>(a);
      d.process.name = std::move(at_c<1>(a));
      d.process.dims = std::move(at_c<2>(a));
      if (at_c<3>(a)) d.process.members = std::move(*at_c<3>(a));
      _val(ctx) = std::move(d);
    })];

struct workload_mode_class;
inline x3::rule<workload_mode_class, std::string> const workload_mode = "'broadcast' or 'p2p'";
inline auto const workload_mode_def = kws("broadcast") | kws("p2p");

inline auto const workload_decl =
    (kw("workload") > pos > ident > workload_mode > expr > kw("per") > kw("stack"))[(
        [](auto& ctx) {
          auto& a = _attr(ctx);
          ast::Decl d = make_decl(ast::Decl::Kind::Workload);
          d.workload = ast::WorkloadDecl{at_c<0>(a), std::move(at_c<1>(a)),
                                         std::move(at_c<2>(a)), std::move(at_c<3>(a))};
          _val(ctx) = std::move(d);
        })];

inline auto const arrow = x3::rule<struct arrow_class>{"'->'"} = lit("->");
inline auto const update_decl =
    (kw("update") > pos > ident > arrow > pos > ident > kw("by") > pos > ident)[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::Decl d = make_decl(ast::Decl::Kind::Update);
      d.update.pos = at_c<0>(a);
      d.update.from = std::move(at_c<1>(a));
      d.update.to_pos = at_c<2>(a);
      d.update.to = std::move(at_c<3>(a));
      d.update.alg_pos = at_c<4>(a);
      d.update.algorithm = std::move(at_c<5>(a));
      _val(ctx) = std::move(d);
    })];

inline auto const algorithm_decl =
    (kw("algorithm") > pos > ident > '(' > -params > ')' > member_block)[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::Decl d = make_decl(ast::Decl::Kind::Algorithm);
      d.algorithm.pos = at_c<0>(a);
      d.algorithm.name = std::move(at_c<1>(a));
      if (at_c<2>(a))
        for (auto& [p, n] : *at_c<2>(a)) {
          d.algorithm.param_pos.push_back(p);
          d.algorithm.params.push_back(std::move(n));
        }
      d.algorithm.members = std::move(at_c<3>(a));
      _val(ctx) = std::move(d);
    })];

inline auto const member_as_decl = member[([](auto& ctx) {
  ast::Decl d = make_decl(ast::Decl::Kind::Member);
  d.member = std::move(_attr(ctx));
  _val(ctx) = std::move(d);
})];

// What a crash bound counts: processes down at once (`down`, the default) or crash events in
// the whole run (`crashes`).
struct crash_unit_class;
inline x3::rule<crash_unit_class, std::string> const crash_unit = "'down' or 'crashes'";
inline auto const crash_unit_def = kws("down") | kws("crashes");
inline auto const crash_fault =
    (kw("crash") > pos > ident > kw("at") > kw("most") > expr > -crash_unit >
     x3::matches[kw("recover")])[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::FaultDecl f;
      f.kind = "crash";
      f.pos = at_c<0>(a);
      f.family = std::move(at_c<1>(a));
      f.bound = std::move(at_c<2>(a));
      f.unit = at_c<3>(a).value_or("");
      f.recover = at_c<4>(a);
      _val(ctx) = std::move(f);
    })];
inline auto const byz_fault =
    (kw("byzantine") > pos > ident > kw("at") > kw("most") > expr >
     x3::matches[kw("per") > kw("group")])[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::FaultDecl f;
      f.kind = "byzantine";
      f.pos = at_c<0>(a);
      f.family = std::move(at_c<1>(a));
      f.bound = std::move(at_c<2>(a));
      f.per_group = at_c<3>(a);
      _val(ctx) = std::move(f);
    })];
struct fault_body_class;
inline x3::rule<fault_body_class, ast::FaultDecl> const fault_body = "'crash' or 'byzantine'";
inline auto const fault_body_def = crash_fault | byz_fault;
inline auto const fault_decl = (kw("fault") > fault_body)[([](auto& ctx) {
  ast::Decl d = make_decl(ast::Decl::Kind::Fault);
  d.fault = std::move(_attr(ctx));
  _val(ctx) = std::move(d);
})];

inline auto const check_decl =
    (kw("check") > pos > ident > -(lit('(') > -args > ')') > -(lit(':') > expr))[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::Decl d = make_decl(ast::Decl::Kind::Check);
      d.check.pos = at_c<0>(a);
      d.check.property = std::move(at_c<1>(a));
      if (at_c<2>(a)) {
        d.check.has_args = true;
        d.check.args = std::move(*at_c<2>(a));
      }
      if (at_c<3>(a)) {
        d.check.has_pred = true;
        d.check.pred = std::move(*at_c<3>(a));
      }
      _val(ctx) = std::move(d);
    })];

inline auto const predicate_decl =
    (as<struct pred_kind_class, std::string>("'invariant' or 'eventually'", kws("invariant") | kws("eventually")) > pos > ident > ':' > expr)[([](auto& ctx) {
      auto& a = _attr(ctx);
      ast::Decl d = make_decl(ast::Decl::Kind::Predicate);
      d.predicate.kind = std::move(at_c<0>(a));
      d.predicate.pos = at_c<1>(a);
      d.predicate.name = std::move(at_c<2>(a));
      d.predicate.pred = std::move(at_c<3>(a));
      _val(ctx) = std::move(d);
    })];

inline auto const end_decl = (pos >> kw("end") > kw("when") > expr)[([](auto& ctx) {
  auto& a = _attr(ctx);
  ast::Decl d = make_decl(ast::Decl::Kind::End);
  d.end = ast::EndDecl{at_c<0>(a), std::move(at_c<1>(a))};
  _val(ctx) = std::move(d);
})];

inline auto const allow_decl = (pos >> kw("allow") > kw("deadlock"))[([](auto& ctx) {
  ast::Decl d = make_decl(ast::Decl::Kind::Allow);
  d.allow = ast::AllowDecl{_attr(ctx), "deadlock"};
  _val(ctx) = std::move(d);
})];

inline decl_type const decl = "declaration";
inline auto const decl_def = const_decl | type_decl | service_decl | module_decl | stacks_decl |
                             process_decl | workload_decl | update_decl | algorithm_decl |
                             fault_decl | check_decl | predicate_decl | end_decl | allow_decl |
                             member_as_decl;

BOOST_SPIRIT_DEFINE(ident, int_lit, string_lit, expr, implies_, or_, and_, cmp, cmp_op_r, sum,
                    sum_op, term, term_op, unary, postfix, primary, args, type, fields, field,
                    stmt, block, assign_tail, member, procpat, msgpat, chan_order, full_policy, fairness, params,
                    service_order, binding, binding_kind, workload_mode, crash_unit, fault_body,
                    decl)

}  // namespace dpu::syntax::grammar
// clang-format on
