#include "syntax/walk.hpp"

namespace dpu::syntax {

namespace {

class Walker {
 public:
  explicit Walker(const std::function<void(const ast::Expr&)>& f) : f_(f) {}

  void expr(const ast::Expr& e) {
    f_(e);
    for (const ast::Expr& a : e.args) expr(a);
    if (e.domain) type(*e.domain);
  }
  void exprs(const std::vector<ast::Expr>& es) {
    for (const ast::Expr& e : es) expr(e);
  }
  void type(const ast::TypeExpr& t) {
    switch (t.op) {
      case ast::TypeOp::Range:
        expr(t.lo), expr(t.hi);
        break;
      case ast::TypeOp::Seq:
        expr(t.lo);
        break;
      default:
        break;
    }
    for (const ast::Field& fd : t.fields) type(fd.type);
    for (const ast::TypeExpr& a : t.args) type(a);
  }
  void fields(const std::vector<ast::Field>& fs) {
    for (const ast::Field& fd : fs) type(fd.type);
  }
  void block(const ast::Block& b) {
    for (const ast::Stmt& s : b) stmt(s);
  }
  void stmt(const ast::Stmt& s) {
    if (s.op == ast::StmtOp::Assign) expr(s.lhs);
    exprs(s.args);
    exprs(s.target);
    if (s.domain) type(*s.domain);
    for (const ast::Block& b : s.blocks) block(b);
  }
  void pattern(const ast::ProcPattern& p) { exprs(p.index); }
  void member(const ast::Member& m) {
    using K = ast::Member::Kind;
    switch (m.kind) {
      case K::Message:
        fields(m.message.fields);
        break;
      case K::Event:
        fields(m.event.fields);
        break;
      case K::Channel:
        break;
      case K::Var:
        type(m.var.type);
        if (m.var.has_init) expr(m.var.init);
        break;
      case K::Rule:
        if (m.rule.has_at) pattern(m.rule.at);
        if (m.rule.has_guard) expr(m.rule.guard);
        block(m.rule.body);
        break;
      case K::Handler:
        if (m.handler.has_from) pattern(m.handler.from);
        if (m.handler.has_at) pattern(m.handler.at);
        if (m.handler.has_guard) expr(m.handler.guard);
        block(m.handler.body);
        break;
    }
  }
  void decl(const ast::Decl& d) {
    using K = ast::Decl::Kind;
    switch (d.kind) {
      case K::Const:
        expr(d.const_.value);
        break;
      case K::Type:
        type(d.type.type);
        break;
      case K::Stacks:
        expr(d.stacks.count);
        break;
      case K::Process:
        exprs(d.process.dims);
        for (const ast::Member& m : d.process.members) member(m);
        break;
      case K::Workload:
        expr(d.workload.calls);
        break;
      case K::Algorithm:
        for (const ast::Member& m : d.algorithm.members) member(m);
        break;
      case K::Member:
        member(d.member);
        break;
      case K::Fault:
        expr(d.fault.bound);
        break;
      case K::Check:
        if (d.check.has_args) exprs(d.check.args);
        if (d.check.has_pred) expr(d.check.pred);
        break;
      case K::Predicate:
        expr(d.predicate.pred);
        break;
      case K::End:
        expr(d.end.pred);
        break;
      case K::Service:
      case K::Module:
      case K::Update:
      case K::Allow:
        break;
    }
  }

 private:
  const std::function<void(const ast::Expr&)>& f_;
};

}  // namespace

void for_each_expr(const ast::Model& model, const std::function<void(const ast::Expr&)>& f) {
  Walker w(f);
  for (const ast::Decl& d : model.decls) w.decl(d);
}

}  // namespace dpu::syntax
