// Parser unit tests: what the grammar accepts, the AST it builds, and the diagnostics it
// gives (position, wording) for bad input, including recovery across declarations.
#include <doctest/doctest.h>

#include <string>

#include "diag/diagnostics.hpp"
#include "syntax/parse.hpp"
#include "syntax/printer.hpp"

namespace {

struct Parsed {
  std::optional<dpu::ast::Model> model;
  std::string diagnostics;  // rendered, as the command line prints them
  std::size_t errors = 0;
};

Parsed parse_text(const std::string& text) {
  dpu::diag::SourceFile file("t.dpu", text);
  dpu::diag::Diagnostics diags;
  Parsed p;
  p.model = dpu::syntax::parse(file, diags);
  p.diagnostics = dpu::diag::render_all(file, diags);
  p.errors = diags.error_count();
  return p;
}

std::string fmt_expr_of_invariant(const std::string& expr) {
  Parsed p = parse_text("invariant i: " + expr + "\n");
  REQUIRE_MESSAGE(p.model, p.diagnostics);
  return dpu::syntax::format_expr(p.model->decls.at(0).predicate.pred);
}

}  // namespace

TEST_CASE("declarations of the DPU structure parse into the AST") {
  Parsed p = parse_text(
      "const N = 3\n"
      "service cons order total\n"
      "module ct : (cons, {net, rp2p})\n"
      "stacks P[N] { udp bound; ct passive }\n"
      "workload cons broadcast 2 per stack\n"
      "update ct -> mr by sdpu\n");
  REQUIRE_MESSAGE(p.model, p.diagnostics);
  const auto& d = p.model->decls;
  REQUIRE(d.size() == 6);
  CHECK(d[0].const_.name == "N");
  CHECK(d[1].service.order == "total");
  CHECK(d[2].module.service == "cons");
  CHECK(d[2].module.required == std::vector<std::string>{"net", "rp2p"});
  CHECK(d[2].module.required_pos.at(1) ==
        std::string("const N = 3\nservice cons order total\nmodule ct : (cons, {net, ").size());
  CHECK(d[3].stacks.modules.at(1).binding == "passive");
  CHECK(d[4].workload.mode == "broadcast");
  CHECK(d[5].update.to == "mr");
  CHECK(d[5].update.algorithm == "sdpu");
}

TEST_CASE("operator precedence and associativity") {
  CHECK(fmt_expr_of_invariant("a || b && c") == "a || b && c");
  CHECK(fmt_expr_of_invariant("(a || b) && c") == "(a || b) && c");
  CHECK(fmt_expr_of_invariant("a - (b - c)") == "a - (b - c)");
  CHECK(fmt_expr_of_invariant("(a - b) - c") == "a - b - c");
  CHECK(fmt_expr_of_invariant("a => b => c") == "a => b => c");
  CHECK(fmt_expr_of_invariant("(a => b) => c") == "(a => b) => c");
  CHECK(fmt_expr_of_invariant("!x.f[2] + -3 * y") == "!x.f[2] + -3 * y");
  CHECK(fmt_expr_of_invariant("forall q in P : bound(q, b) && x") == "forall q in P : bound(q, b) && x");
  CHECK(fmt_expr_of_invariant("(exists q in 0..N-1 : q in s) || t") ==
        "(exists q in 0..N - 1 : q in s) || t");
  CHECK(fmt_expr_of_invariant("if a then {1, 2} else []") == "if a then {1, 2} else []");
}

TEST_CASE("the tree shape follows precedence") {
  Parsed p = parse_text("invariant i: a + b * c == d\n");
  REQUIRE(p.model);
  const dpu::ast::Expr& e = p.model->decls[0].predicate.pred;
  CHECK(e.name == "==");
  CHECK(e.args[0].name == "+");
  CHECK(e.args[0].args[1].name == "*");
  CHECK(e.pos == std::string("invariant i: ").size());
}

TEST_CASE("algorithm blocks: rules, handlers, statements") {
  Parsed p = parse_text(
      "algorithm a(x, y) {\n"
      "  message M(n : 0..3, s : set of P)\n"
      "  channel c : fifo\n"
      "  global var g : array[P] of bool\n"
      "  unfair rule r at P[0] when g[0] { send c M(1, {}) to P[1]; broadcast c M(2, {0}) }\n"
      "  on M(n, s) from q at P[p] when n > 0 {\n"
      "    if n == 1 { skip } elif n == 2 { bind(y) } else { assert false \"no\" }\n"
      "    choose v in 0..3 where v != n { emit e(v) }\n"
      "    either { g[p] := true } or { for k in P { g[k] := false } }\n"
      "  }\n"
      "}\n");
  REQUIRE_MESSAGE(p.model, p.diagnostics);
  const auto& alg = p.model->decls.at(0).algorithm;
  REQUIRE(alg.members.size() == 5);
  CHECK(alg.members[2].var.global);
  CHECK(alg.members[3].rule.fairness == "unfair");
  CHECK(alg.members[3].rule.body.size() == 2);
  const auto& h = alg.members[4].handler;
  CHECK(h.params == std::vector<std::string>{"n", "s"});
  CHECK(h.has_from);
  CHECK(h.at.family == "P");
  REQUIRE(h.body.size() == 3);
  CHECK(h.body[0].blocks.size() == 3);  // then, elif, else
  CHECK(h.body[1].has_where);
  CHECK(h.body[2].blocks.size() == 2);
}

TEST_CASE("a syntax error points at the offending token and says what was expected") {
  Parsed p = parse_text("const N = 3\nmodule a : (x, {y)\n");
  CHECK_FALSE(p.model);
  CHECK(p.diagnostics.find("t.dpu:2:18: error: expected '}', found ')'") != std::string::npos);
  CHECK(p.diagnostics.find("  module a : (x, {y)\n                   ^") != std::string::npos);
}

TEST_CASE("recovery reports independent errors of one file in one run") {
  Parsed p = parse_text(
      "const = 3\n"
      "service s order sometimes\n"
      "algorithm a() {\n  rule r { x = 1 }\n}\n"
      "check order(s)\n");
  CHECK(p.errors == 3);
  CHECK(p.diagnostics.find("t.dpu:1:7: error: expected identifier, found '='") != std::string::npos);
  CHECK(p.diagnostics.find(
            "t.dpu:2:17: error: expected service order ('none', 'fifo' or 'total'), found 'sometimes'") !=
        std::string::npos);
  CHECK(p.diagnostics.find("t.dpu:4:14: error: expected ':=' (an assignment) or an action call, found '='") !=
        std::string::npos);
}

TEST_CASE("keywords are not names") {
  Parsed p = parse_text("const when = 1\n");
  CHECK(p.diagnostics.find("t.dpu:1:7: error: expected identifier, found 'when'") != std::string::npos);
}

TEST_CASE("an empty model is an error at 1:1") {
  Parsed p = parse_text("// only a comment\n\n");
  CHECK_FALSE(p.model);
  CHECK(p.diagnostics.find("t.dpu:1:1: error: the model is empty") != std::string::npos);
}

TEST_CASE("byte-level problems are reported before parsing") {
  CHECK(parse_text(std::string("const N = 3\0", 12))
            .diagnostics.find("t.dpu:1:12: error: unexpected NUL byte") != std::string::npos);
  CHECK(parse_text("const N = \xff\n").diagnostics.find("t.dpu:1:11: error: invalid UTF-8 byte 0xFF") !=
        std::string::npos);
  CHECK(parse_text("const N = 3 /* open\n").diagnostics.find("t.dpu:1:13: error: unterminated comment") !=
        std::string::npos);
  CHECK(parse_text("check x: caf\xc3\xa9\n").diagnostics.find("t.dpu:1:13: error: unexpected character") !=
        std::string::npos);
  // Non-ASCII inside comments is fine.
  CHECK(parse_text("// café\nconst N = 3\n").model.has_value());
}

TEST_CASE("deep nesting is an error, not a stack overflow") {
  std::string deep = "invariant i: " + std::string(200000, '(') + "x" + std::string(200000, ')') + "\n";
  Parsed p = parse_text(deep);
  CHECK_FALSE(p.model);
  CHECK(p.diagnostics.find("error: nesting deeper than 100 levels") != std::string::npos);
  std::string bangs = "invariant i: " + std::string(200000, '!') + "x\n";
  CHECK(parse_text(bangs).diagnostics.find("error: nesting deeper than 100 levels") != std::string::npos);
  std::string types = "type T = " + [] {
    std::string s;
    for (int i = 0; i < 5000; ++i) s += "set of ";
    return s;
  }() + "bool\n";
  CHECK(parse_text(types).diagnostics.find("error: nesting deeper than 100 levels") != std::string::npos);
  // Just under the limit is accepted.
  std::string ok = "invariant i: " + std::string(90, '(') + "x" + std::string(90, ')') + "\n";
  CHECK(parse_text(ok).model.has_value());
}

TEST_CASE("the canonical form parses back to the same canonical form") {
  const char* src =
      "const N = 2\n"
      "type R = record { a : bool, b : seq[2] of 0..N }\n"
      "process C[N][2] {\n  var r : R\n  rule go when !r.a { r.a := true }\n}\n"
      "fault byzantine C at most 1 per group\n"
      "fault crash C at most 1 recover\n"
      "fault crash C at most 2 crashes recover\n"
      "fault crash C at most 1 down\n"
      "check terminates : forall c in C : c.r.a\n"
      "end when true\nallow deadlock\n";
  Parsed p = parse_text(src);
  REQUIRE_MESSAGE(p.model, p.diagnostics);
  std::string once = dpu::syntax::format(*p.model);
  Parsed again = parse_text(once);
  REQUIRE_MESSAGE(again.model, again.diagnostics);
  CHECK(dpu::syntax::format(*again.model) == once);
  // the unit of a crash bound is kept as written (none means `down`)
  CHECK(once.find("at most 1 recover\n") != std::string::npos);
  CHECK(once.find("at most 2 crashes recover\n") != std::string::npos);
  CHECK(once.find("at most 1 down\n") != std::string::npos);
}

TEST_CASE("fmt keeps the source's layout choices: blank lines, aligned comments, one-line blocks") {
  const std::string src =
      "const N = 3 // stacks\n"
      "const LONGER = 1     // calls\n"
      "\n"
      "\n"
      "message ping(k : 0..1)\n"
      "channel c : fifo\n"
      "process P[N] {\n"
      "  var x : 0..3 = 0\n"
      "\n"
      "  rule A when x < 3 { x := x + 1; send c ping(0) to P[0] }\n"
      "  rule B when x == 3 { if x == 3 { x := 0 } else { x := 1 } }\n"
      "  rule C when x == 2 {\n"
      "    x := 0\n"
      "  }\n"
      "  on ping(k) at P[0] { either { x := 0 } or { skip } }\n"
      "}\n"
      "allow deadlock\n";
  Parsed p = parse_text(src);
  REQUIRE_MESSAGE(p.model, p.diagnostics);
  const std::string once = dpu::syntax::format(*p.model, src);
  INFO(once);
  // trailing comments of consecutive lines in one column; two blank lines kept as one
  CHECK(once.find("const N = 3       // stacks\nconst LONGER = 1  // calls\n\nmessage") != std::string::npos);
  // the blank line inside the process is kept, none is added after its `{`
  CHECK(once.find("process P[N] {\n  var x : 0..3 = 0\n\n  rule A") != std::string::npos);
  // blocks written on one line stay there, the multi-line one stays multi-line
  CHECK(once.find("  rule A when x < 3 { x := x + 1; send c ping(0) to P[0] }\n") != std::string::npos);
  CHECK(once.find("  rule B when x == 3 { if x == 3 { x := 0 } else { x := 1 } }\n") != std::string::npos);
  CHECK(once.find("  rule C when x == 2 {\n    x := 0\n  }\n") != std::string::npos);
  CHECK(once.find("at P[0] { either { x := 0 } or { skip } }\n") != std::string::npos);
  // canonical: formatting the output again changes nothing
  CHECK(dpu::syntax::format(*parse_text(once).model, once) == once);
}

TEST_CASE("fmt breaks a condition past 100 columns before its outermost && / || / => operators") {
  const std::string src =
      "process P[3] {\n"
      "  var alpha : 0..3 = 0\n"
      "  var beta : 0..3 = 0\n"
      "  rule Long when alpha == 1 && beta == 2 && (forall q in P : q.alpha == 0 || q.beta == 0) && alpha + "
      "beta < 3 "
      "{ alpha := 0 }\n"
      "}\n"
      "invariant Short : P[0].alpha <= 3\n"
      "invariant Implies : (exists q in P : q.alpha == 3 && q.beta == 3 && q.alpha + q.beta == 6) => "
      "P[0].alpha == 3 "
      "&& P[1].beta == 3\n";
  Parsed p = parse_text(src);
  REQUIRE_MESSAGE(p.model, p.diagnostics);
  const std::string once = dpu::syntax::format(*p.model, src);
  INFO(once);
  CHECK(
      once.find("  rule Long when alpha == 1\n      && beta == 2\n      && (forall q in P : q.alpha == 0 || "
                "q.beta == 0)\n      && alpha + beta < 3 {\n    alpha := 0\n  }\n") != std::string::npos);
  CHECK(once.find("invariant Short : P[0].alpha <= 3\n") != std::string::npos);
  CHECK(
      once.find("invariant Implies : (exists q in P : q.alpha == 3 && q.beta == 3 && q.alpha + q.beta == 6)\n"
                "    => P[0].alpha == 3 && P[1].beta == 3\n") != std::string::npos);
  Parsed again = parse_text(once);
  REQUIRE_MESSAGE(again.model, again.diagnostics);
  CHECK(dpu::syntax::format(*again.model, once) == once);
  CHECK(dpu::syntax::format(*again.model) == dpu::syntax::format(*p.model));  // the same model
}
