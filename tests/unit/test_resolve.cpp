// Resolver unit tests: the facts the typed model records for valid input (constants, types,
// families, frames, builtins with the implicit stack, algorithm parameters).
#include "test_resolve_util.hpp"

using namespace dpu;
using dpu::test::index_of;
using dpu::test::kDpuPrelude;
using dpu::test::resolve_ok;
using dpu::test::resolve_text;
using model::ExprKind;
using model::kNone;
using model::TypeKind;

namespace {
const char* kSdpuAlgorithm =
    "algorithm alg(a, b) {\n"
    "  message S1\n"
    "  message S2(n : 0..N)\n"
    "  channel ctl : total\n"
    "  var got : 0..N = 0\n"
    "  global var rounds : 0..5\n"
    "  rule R1 at P[0] when bound(a) && replaceable(a, b) { broadcast ctl S1 }\n"
    "  on S1 from P[q] at p { passivate(a); add(b, passive); send ctl S2(got) to q }\n"
    "  on S2(k) at p when k < N { got := got + 1; rounds := 1 }\n"
    "}\n";
}  // namespace

TEST_CASE("constants are folded in order and -D overrides them before sizes are taken") {
  model::Model m = resolve_ok("const N = 2 + 3 * 4\nconst M = N / 2 - 1\nconst B = N > 3\n");
  REQUIRE(m.constants.size() == 3);
  CHECK(m.constants[0] == std::pair<std::string, model::Value>("N", 14));
  CHECK(m.constants[1].second == 6);
  CHECK(m.constants[2].second == 1);

  std::string text = std::string(kDpuPrelude) + kSdpuAlgorithm;
  model::Model base = resolve_ok(text);
  model::Model big = resolve_ok(text, {{"N", 5}});
  CHECK(base.families.at(0).count == 3);
  CHECK(big.families.at(0).count == 5);
  // The range type of `got` follows the override too.
  model::Id got = index_of(big.vars, "got");
  CHECK(big.types[big.vars[got].type].hi == 5);
  CHECK(base.types[base.vars[got].type].hi == 3);
}

TEST_CASE("the stacks family, per-stack and global variables") {
  model::Model m = resolve_ok(std::string(kDpuPrelude) + kSdpuAlgorithm);
  REQUIRE(m.stacks.has_value());
  const model::Family& p = m.families.at(m.stacks->family);
  CHECK(p.name == "P");
  CHECK(p.is_stacks);
  CHECK(p.dims == std::vector<model::Value>{3});
  REQUIRE(m.stacks->initial.size() == 2);
  CHECK(m.stacks->initial[1].first == index_of(m.modules, "ct"));
  CHECK(m.stacks->initial[1].second == model::Binding::Bound);

  model::Id got = index_of(m.vars, "got");
  model::Id rounds = index_of(m.vars, "rounds");
  CHECK(m.vars[got].family == m.stacks->family);  // algorithm var: one per stack
  CHECK(m.vars[rounds].family == kNone);          // `global var`: one copy
  CHECK(p.vars == std::vector<model::Id>{got});
  CHECK_FALSE(m.vars[rounds].init.has_value());  // zero value: the engine's job

  const model::Module& ct = m.modules.at(index_of(m.modules, "ct"));
  CHECK(ct.service == index_of(m.services, "cons"));
  CHECK(ct.requires_ == std::vector<model::Id>{index_of(m.services, "net")});
  REQUIRE(m.updates.size() == 1);
  CHECK(m.updates[0].from == index_of(m.modules, "ct"));
  CHECK(m.updates[0].to == index_of(m.modules, "mr"));
}

TEST_CASE("rules and handlers get binder frames; algorithm parameters name modules") {
  model::Model m = resolve_ok(std::string(kDpuPrelude) + kSdpuAlgorithm);
  model::Id ct = index_of(m.modules, "ct");
  model::Id mr = index_of(m.modules, "mr");
  REQUIRE(m.rules.size() == 1);
  const model::Rule& r = m.rules[0];
  CHECK(r.fixed_instance == std::optional<model::Value>(0));  // `at P[0]`
  REQUIRE(r.frame.slots.size() == 1);
  CHECK(r.frame.slots[0].first == "self");
  CHECK(r.frame.slots[0].second == m.families[r.family].type);
  // bound(a) && replaceable(a, b): the executing stack is inserted as args[0], `a` is ct.
  REQUIRE(r.guard.has_value());
  const model::Expr& bound = r.guard->args.at(0);
  REQUIRE(bound.kind == ExprKind::Builtin);
  CHECK(bound.fn == model::Builtin::Bound);
  REQUIRE(bound.args.size() == 2);
  CHECK(bound.args[0].kind == ExprKind::Slot);
  CHECK(bound.args[0].id == 0);
  CHECK(bound.args[1].kind == ExprKind::Lit);
  CHECK(bound.args[1].value == ct);
  const model::Expr& repl = r.guard->args.at(1);
  REQUIRE(repl.args.size() == 3);
  CHECK(repl.args[2].value == mr);

  REQUIRE(m.handlers.size() == 2);
  const model::Handler& h1 = m.handlers[0];
  CHECK_FALSE(h1.fixed_instance.has_value());  // lone `at p`: every stack
  CHECK(h1.from_family == m.stacks->family);
  CHECK(h1.from_slot == 1);
  REQUIRE(h1.frame.slots.size() == 2);
  CHECK(h1.frame.slots[1].first == "q");
  REQUIRE(h1.body.size() == 3);
  CHECK(h1.body[0].kind == model::StmtKind::Passivate);
  CHECK(h1.body[1].kind == model::StmtKind::Add);
  CHECK_FALSE(h1.body[1].bound);
  CHECK(h1.body[1].args.at(1).value == mr);
  REQUIRE(h1.body[2].dest.has_value());
  CHECK(h1.body[2].dest->kind == ExprKind::Slot);  // `to q` is the sender slot
  CHECK(h1.body[2].dest->id == 1);

  const model::Handler& h2 = m.handlers[1];
  REQUIRE(h2.param_slots.size() == 1);
  CHECK(h2.frame.slots.at(h2.param_slots[0]).first == "k");
  CHECK(m.types[h2.frame.slots[h2.param_slots[0]].second].hi == 3);  // field type 0..N
  // `got := got + 1`: a Local of the executing stack; the sum is typed 1..4.
  const model::Stmt& inc = h2.body.at(0);
  CHECK(inc.target.kind == ExprKind::Local);
  CHECK(inc.target.args.at(0).kind == ExprKind::Slot);
  CHECK(m.types[inc.value.type].lo == 1);
  CHECK(m.types[inc.value.type].hi == 4);
  CHECK(h2.body.at(1).target.kind == ExprKind::Global);
}

TEST_CASE("families of groups: at G[g][k] binds coordinates, at G[1][2] fixes one process") {
  model::Model m = resolve_ok(
      "process R[2][3] {\n"
      "  var v : 0..2 = 0\n"
      "  channel c : fifo\n"
      "  message M(x : 0..2)\n"
      "  rule A at R[g][k] when g == 1 && k < 2 { broadcast c M(k) to R[g] }\n"
      "  rule B at R[1][2] { v := member(self) }\n"
      "  rule C at R[g][0] { send c M(g) to R[g][1] }\n"
      "}\n"
      "process Client\n"
      "invariant I: forall q in R : q.v <= 2\n");
  model::Id fam = index_of(m.families, "R");
  CHECK(m.families[fam].count == 6);
  CHECK(m.families[fam].dims == std::vector<model::Value>{2, 3});
  CHECK(m.families.at(index_of(m.families, "Client")).count == 1);
  REQUIRE(m.rules.size() == 3);
  // A: g and k are group(self) / member(self), not new slots.
  CHECK(m.rules[0].frame.slots.size() == 1);
  const model::Expr& g_eq = m.rules[0].guard->args.at(0);
  CHECK(g_eq.args.at(0).kind == ExprKind::Builtin);
  CHECK(g_eq.args.at(0).fn == model::Builtin::Group);
  const model::Stmt& bc = m.rules[0].body.at(0);
  CHECK(bc.kind == model::StmtKind::Broadcast);
  CHECK(bc.family == fam);
  REQUIRE(bc.dest.has_value());  // to one group
  CHECK(bc.dest->fn == model::Builtin::Group);
  // B: fixed flat identity 1 * 3 + 2.
  CHECK(m.rules[1].fixed_instance == std::optional<model::Value>(5));
  // C: the fixed member coordinate becomes a guard conjunct; the destination is folded.
  REQUIRE(m.rules[2].guard.has_value());
  CHECK(m.rules[2].guard->args.at(0).fn == model::Builtin::Member);
  CHECK_FALSE(m.rules[2].fixed_instance.has_value());
  REQUIRE(m.rules[2].body.at(0).dest.has_value());
  CHECK(m.rules[2].body[0].dest->type == m.families[fam].type);
  // The invariant's quantifier slot is 1; slot 0 is unused in properties.
  REQUIRE(m.properties.size() == 1);
  CHECK(m.properties[0].frame.slots.size() == 2);
  CHECK(m.properties[0].pred->id == 1);
}

TEST_CASE("types: enums are global and nominal, sets and arrays of scalars, intervals of sums") {
  model::Model m = resolve_ok(
      "type Phase = enum { idle, busy }\n"
      "const K = 4\n"
      "var ph : Phase = busy\n"
      "var s : set of 0..K = {1, 2}\n"
      "var a : array[Phase] of 0..K\n"
      "var q : seq[2] of bool = [true]\n"
      "invariant I: size(s + {3}) <= K + 1 && a[ph] - 1 >= -1 && len(append(q, false)) <= 2\n");
  REQUIRE(m.enums.size() == 1);
  CHECK(m.enums[0].name == "Phase");
  CHECK(m.enums[0].literals == std::vector<std::string>{"idle", "busy"});
  const model::Var& ph = m.vars.at(index_of(m.vars, "ph"));
  CHECK(m.types[ph.type].kind == TypeKind::Enum);
  CHECK(ph.init->value == 1);
  const model::Var& s = m.vars.at(index_of(m.vars, "s"));
  CHECK(m.types[s.type].kind == TypeKind::Set);
  CHECK(s.init->type == s.type);  // `{1, 2}` takes the declared set type
  const model::Var& a = m.vars.at(index_of(m.vars, "a"));
  CHECK(m.types[m.types[a.type].index].kind == TypeKind::Enum);
  const model::Var& q = m.vars.at(index_of(m.vars, "q"));
  CHECK(q.init->kind == ExprKind::SeqLit);
  CHECK(q.init->type == q.type);
  CHECK(model::cardinality(m, m.types[s.type].elem) == 5);
  // Structural interning: `0..K` and `0..4` are one type.
  CHECK(m.types[a.type].elem == m.types[s.type].elem);
}

TEST_CASE("DPU builtins in properties name their stack; terminates defaults to an empty pred") {
  model::Model m = resolve_ok(std::string(kDpuPrelude) + kSdpuAlgorithm +
                              "check replaceable(ct, mr)\n"
                              "check order(cons)\n"
                              "check terminates\n"
                              "invariant Safe: forall q in P : bound(q, mr) => !present(q, ct)\n"
                              "end when forall q in P : bound(q, mr)\n"
                              "allow deadlock\n");
  REQUIRE(m.properties.size() == 4);
  CHECK(m.properties[0].kind == model::PropertyKind::Replaceable);
  CHECK(m.properties[0].name == "replaceable(ct, mr)");
  CHECK(m.properties[0].a == index_of(m.modules, "ct"));
  CHECK(m.properties[1].service == index_of(m.services, "cons"));
  CHECK(m.properties[2].kind == model::PropertyKind::Terminates);
  CHECK_FALSE(m.properties[2].pred.has_value());
  const model::Expr& body = m.properties[3].pred->args.at(0);
  CHECK(body.op == model::Op::Implies);
  CHECK(body.args.at(0).args.at(0).kind == ExprKind::Slot);  // the stack is q, not self
  REQUIRE(m.end_when.has_value());
  CHECK(m.end_when_frame.slots.size() == 2);
  CHECK(m.allow_deadlock);
}

TEST_CASE("constant subexpressions are folded in the IR") {
  model::Model m = resolve_ok("const N = 3\nvar x : 0..10 = N * 2 + 1\nvar b : bool = !(N > 2)\n");
  const model::Var& x = m.vars.at(0);
  CHECK(x.init->kind == ExprKind::Lit);
  CHECK(x.init->value == 7);
  CHECK(m.vars.at(1).init->kind == ExprKind::Lit);
  CHECK(m.vars.at(1).init->value == 0);
}

TEST_CASE("every bundled model resolves") {
  // A regression net for the resolver against the real models (parsing is tested elsewhere).
  std::string dir = std::string(__FILE__).substr(0, std::string(__FILE__).rfind("/tests/")) + "/models/";
  for (const char* name : {"sdpu.dpu", "ldpu.dpu", "sdpu_noidle.dpu", "mdcd.dpu", "replicated_upgrade.dpu"}) {
    CAPTURE(name);
    diag::SourceFile file = diag::SourceFile::load(dir + name);
    auto r = resolve_text(file.text());
    CHECK_MESSAGE(r.model.has_value(), r.rendered);
  }
}
