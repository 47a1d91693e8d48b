// Resolver diagnostics: each semantic error's position (line:col) and wording, notes at
// first declarations, several errors in one run, and no cascades from one bad name.
#include "test_resolve_util.hpp"

using namespace dpu;
using dpu::test::join;
using dpu::test::kDpuPrelude;
using dpu::test::resolve_text;

namespace {
// Expected errors, one "line:col: message" per entry, joined for readable failures.
std::string Lines(std::initializer_list<std::string> lines) { return join(lines); }
}  // namespace

namespace {
// Resolves text that parses but must fail resolution; returns the errors.
std::string errors_of(const std::string& text, const resolve::Overrides& ov = {}) {
  auto r = resolve_text(text, ov);
  REQUIRE_MESSAGE(r.parsed, r.rendered);
  CHECK_FALSE(r.model.has_value());
  return join(r.errors());
}
}  // namespace

TEST_CASE("an override of an undeclared constant is an error at 1:1") {
  // the message lists what the model declares, so a typo is seen at once
  CHECK(errors_of("const N = 1\nconst M = 2\n", {{"NOPE", 3}}) ==
        Lines({"1:1: unknown constant 'NOPE' in -D NOPE=3 (the model declares no such constant; its "
               "constants: M, "
               "N)"}));
  CHECK(
      errors_of("service s order none\n", {{"N", 3}}) ==
      Lines({"1:1: unknown constant 'N' in -D N=3 (the model declares no such constant; it declares none)"}));
}

TEST_CASE("constant folding: overflow, division by zero, literals beyond int64, order") {
  CHECK(errors_of("const A = 9223372036854775807 + 1\n") ==
        Lines({"1:11: integer overflow in constant expression"}));
  CHECK(errors_of("const A = 4 / (2 - 2)\n") == Lines({"1:11: division by zero in constant expression"}));
  CHECK(errors_of("const A = 9223372036854775808\n") ==
        Lines({"1:11: integer literal '9223372036854775808' is out of range (the largest is "
               "9223372036854775807)"}));
  CHECK(errors_of("const A = B + 1\nconst B = 2\n") ==
        Lines({"1:11: constant 'B' is used before its declaration"}));
  // The largest literal itself is fine, and leading zeros do not count against it.
  auto r = resolve_text("const A = 0009223372036854775807\n");
  CHECK(r.model.has_value());
}

TEST_CASE("empty ranges and empty families") {
  CHECK(errors_of("var x : 3..1\n") == Lines({"1:9: empty range 3..1 (expected lo <= hi)"}));
  CHECK(errors_of("const N = 0\nprocess R[N]\n") ==
        Lines({"2:11: process family 'R' is empty (expected a size of at least 1, found 0)"}));
  CHECK(errors_of("stacks P[0] { }\n") ==
        Lines({"1:10: stack family 'P' is empty (expected at least 1 stack, found 0)"}));
}

TEST_CASE("a duplicate name is reported with a note at the first declaration") {
  auto r = resolve_text("service net\nvar got2 : bool\nconst got2 = 1\n");
  REQUIRE_FALSE(r.model.has_value());
  // Constants are declared in the first pass, so the variable is the duplicate.
  CHECK(join(r.diags) == Lines({"2:5: error: 'got2' is already declared (as a constant)",
                                "3:7: note: 'got2' is first declared here"}));
  CHECK(errors_of("type T = enum { idle, busy }\ntype U = enum { busy }\n") ==
        Lines({"2:17: 'busy' is already declared (as an enum literal)"}));
}

TEST_CASE("module types: x in R, unknown services, Sanity-2 in the stacks") {
  CHECK(errors_of("service cons\nservice net\nmodule ct : (cons, {net, cons})\n") ==
        Lines({"3:26: module 'ct' requires its own service 'cons' (x ∈ R)"}));
  CHECK(errors_of("service cons\nmodule ct : (cons, {nett})\n") == Lines({"2:21: unknown service 'nett'"}));
  CHECK(errors_of("service cons\nmodule ct : (cons, {})\nmodule mr : (cons, {})\n"
                  "stacks P[2] { ct bound; mr bound }\n") ==
        Lines({"4:25: stack family 'P' binds two modules of service 'cons': 'ct' and 'mr'"}));
}

TEST_CASE("properties must name existing modules, services and events") {
  std::string text = std::string(kDpuPrelude) +
                     "algorithm alg(a, b) { }\n"                   // 10
                     "check freedom(ct, mx)\n"                     // 11
                     "check order(ct)\n"                           // 12
                     "check linearizable_commit(nothing, d, d)\n"  // 13
                     "check nonsense\n";                           // 14
  CHECK(errors_of(text) ==
        Lines({"11:19: unknown module 'mx'", "12:13: expected a service, found module 'ct'",
               "13:27: unknown event 'nothing'",
               "14:7: unknown property 'nonsense' (expected replaceable, freedom, strong_update, "
               "weak_update, order, terminates, linearizable_commit or mdcd_recoverable)"}));
}

TEST_CASE("type mismatches say what was expected and what was found") {
  std::string text = std::string(kDpuPrelude) +
                     "algorithm alg(a, b) {\n"                // 10
                     "  var got : 0..3\n"                     // 11
                     "  var ok : bool\n"                      // 12
                     "  rule R when got { ok := got + 1 }\n"  // 13
                     "  rule S when ok { got := ct }\n"       // 14
                     "}\n";
  CHECK(errors_of(text) == Lines({"13:15: expected bool, found 0..3", "13:27: expected bool, found 1..4",
                                  "14:27: expected 0..3, found module"}));
}

TEST_CASE("arity of messages, handlers and builtins") {
  std::string text = std::string(kDpuPrelude) +
                     "algorithm alg(a, b) {\n"                    // 10
                     "  message S2(n : 0..3)\n"                   // 11
                     "  channel ctl : total\n"                    // 12
                     "  rule R { broadcast ctl S2(1, 2) }\n"      // 13
                     "  on S2(x, y) at p { skip }\n"              // 14
                     "  rule T when idle(self, a, b) { skip }\n"  // 15
                     "}\n";
  CHECK(errors_of(text) ==
        Lines({"13:26: message 'S2' has 1 field, 2 arguments given",
               "14:9: message 'S2' has 1 field, 2 parameters given",
               "15:15: 'idle' takes a module, or a stack and a module, 3 arguments given"}));
}

TEST_CASE("assignments need variables") {
  std::string text = std::string(kDpuPrelude) +
                     "algorithm alg(a, b) {\n"                               // 10
                     "  var v : 0..3\n"                                      // 11
                     "  on M(k) at p { k := 1; N := 2; a := mr; p := p }\n"  // 12
                     "  message M(f : 0..3)\n"                               // 13
                     "}\n";
  CHECK(errors_of(text) == Lines({"12:18: cannot assign to binder 'k' (expected a variable)",
                                  "12:26: cannot assign to constant 'N' (expected a variable)",
                                  "12:34: cannot assign to algorithm parameter 'a' (expected a variable)",
                                  "12:43: cannot assign to binder 'p' (expected a variable)"}));
}

TEST_CASE("DPU builtins without a stack argument need an executing stack") {
  std::string text = std::string(kDpuPrelude) +
                     "algorithm alg(a, b) { }\n"                       // 10
                     "invariant I: bound(ct) || bound(P[1], ct)\n"     // 11
                     "process Client { rule C { passivate(ct) } }\n";  // 12
  CHECK(errors_of(text) ==
        Lines({"11:14: 'bound' without a stack argument needs an executing stack (a rule or handler "
               "of the stacks); expected bound(q, ...) here",
               "12:27: 'passivate' without a stack argument needs an executing stack (a rule or "
               "handler of the stacks); expected passivate(q, ...) here"}));
}

TEST_CASE("unknown names: one error per bad name, no cascade from a bad declaration") {
  std::string text = std::string(kDpuPrelude) +
                     "algorithm alg(a, b) {\n"                     // 10
                     "  var v : Nosuch\n"                          // 11
                     "  rule R when v == 1 && w { v := v + 1 }\n"  // 12
                     "  rule S at Q[q] { skip }\n"                 // 13
                     "}\n";
  CHECK(errors_of(text) == Lines({"11:11: unknown type 'Nosuch'", "12:25: unknown name 'w'",
                                  "13:13: unknown stack family 'Q'"}));
}

TEST_CASE("algorithm parameters need an update; an update binds exactly two") {
  CHECK(errors_of(std::string(kDpuPrelude) + "algorithm other(a, b) { }\nalgorithm alg(a) { }\n") ==
        Lines({"9:20: algorithm 'alg' has 1 parameters; an update binds exactly 2 (the old and the new "
               "module)",
               "10:11: algorithm 'other' is not driven by any update, so its parameters name no modules "
               "(expected 'update a -> b by other')"}));
}

TEST_CASE("process patterns and indices are range-checked") {
  CHECK(errors_of("process R[3] { var v : bool\n  rule A at R[3] { v := true } }\n"
                  "invariant I: R[5].v\n") == Lines({"2:15: expected an index in 0..2 of 'R', found 3",
                                                     "3:16: expected an index in 0..2 of 'R', found 5"}));
  CHECK(errors_of("process R[3] { var v : bool }\ninvariant I: v\n") ==
        Lines({"2:14: variable 'v' belongs to each process of 'R'; expected q.v for a process q"}));
}

TEST_CASE("many independent errors are all reported in one run") {
  auto r = resolve_text(
      "service cons\n"
      "module a : (cons, {x1})\n"
      "module b : (cons, {x2})\n"
      "const C = 1 / 0\n"
      "var v : 5..1\n"
      "check freedom(a, zz)\n");
  CHECK(r.errors().size() == 5);
}

TEST_CASE("dynamic pair properties name a declared update; replaceable of another pair warns") {
  std::string base = std::string(kDpuPrelude) + "algorithm alg(a, b) { }\n";  // 10
  CHECK(errors_of(base + "check freedom(mr, ct)\n") ==
        Lines({"11:15: 'check freedom' expects a declared update (old, new), but there is no "
               "'update mr -> ct' (the model declares 'update ct -> mr': did you mean 'freedom(ct, mr)'?)"}));
  CHECK(errors_of(base + "check strong_update(ct, udp)\n") ==
        Lines({"11:21: 'check strong_update' expects a declared update (old, new), but there is no "
               "'update ct -> udp' (declared: 'ct -> mr')"}));
  CHECK(resolve_text(base + "check weak_update(ct, mr)\ncheck freedom(ct, mr)\n").diags.empty());

  // replaceable(a, b) is the static rule: meaningful without an update, so only a warning
  auto r = resolve_text(base + "check replaceable(ct, udp)\n");
  REQUIRE(r.model.has_value());
  CHECK(join(r.diags) ==
        "11:19: warning: no 'update ct -> udp' is declared: 'replaceable(ct, udp)' checks only the static "
        "rule (Replaceable) for udp in place of ct on every stack's initial binding\n");
  CHECK(resolve_text(base + "check replaceable(ct, mr)\n").diags.empty());
}
