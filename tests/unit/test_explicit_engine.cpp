// Explicit engine on small hand-built typed models: state counts that can be worked out by
// hand, the monitors, nondeterminism, runtime errors, weak fairness, determinism.
#include <doctest/doctest.h>

// The model is built with designated initializers; members left out are meant to take their
// defaults, which is what this warning complains about.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "explicit/engine.hpp"
#include "explicit/seen_set.hpp"
#include "report/report.hpp"
#include "result/verdict.hpp"

namespace {

namespace m = dpu::model;
namespace ex = dpu::explicit_;
using m::Id;

// A model with `n` stacks, services net (none) and cons (`order`), modules udp:(net,{}),
// ct:(cons,{net}) bound and mr:(cons,{net}) absent, and a broadcast workload of `calls`.
struct Builder {
  m::Model md;
  Id bool_t = 0, module_t = 1, fam_t = 2;
  Id udp = 0, ct = 1, mr = 2;

  Builder(int n, int calls, m::Order order = m::Order::None) {
    md.source_name = "hand.dpu";
    md.types.push_back(m::Type{.kind = m::TypeKind::Bool, .lo = 0, .hi = 1, .name = "bool"});
    md.types.push_back(m::Type{.kind = m::TypeKind::Module, .lo = 0, .hi = 2, .name = "module"});
    md.types.push_back(m::Type{.kind = m::TypeKind::Family, .lo = 0, .hi = n - 1, .ref = 0, .name = "P"});
    md.bool_type = bool_t, md.module_type = module_t;
    md.families.push_back(m::Family{.name = "P", .dims = {n}, .count = n, .is_stacks = true, .type = fam_t});
    md.services.push_back(m::Service{.name = "net"});
    md.services.push_back(m::Service{.name = "cons", .order = order});
    md.modules.push_back(m::Module{.name = "udp", .service = 0});
    md.modules.push_back(m::Module{.name = "ct", .service = 1, .requires_ = {0}});
    md.modules.push_back(m::Module{.name = "mr", .service = 1, .requires_ = {0}});
    md.stacks = m::Stacks{.family = 0, .initial = {{udp, m::Binding::Bound}, {ct, m::Binding::Bound}}};
    md.workloads.push_back(m::Workload{.service = 1, .broadcast = true, .calls_per_stack = calls});
  }
  Id range(m::Value lo, m::Value hi) {
    md.types.push_back(m::Type{.kind = m::TypeKind::Range, .lo = lo, .hi = hi, .name = "range"});
    return static_cast<Id>(md.types.size() - 1);
  }
  Id global(const std::string& name, Id type) {
    md.vars.push_back(m::Var{.name = name, .type = type});
    return static_cast<Id>(md.vars.size() - 1);
  }
  void prop(m::PropertyKind k, const std::string& name, std::optional<m::Expr> pred = std::nullopt) {
    md.properties.push_back(
        m::Property{.kind = k, .name = name, .a = ct, .b = mr, .service = 1, .pred = pred});
  }
  m::Rule& rule(const std::string& name, std::optional<m::Expr> guard, m::Block body, bool per_stack = true) {
    m::Rule r{
        .name = name, .family = per_stack ? 0 : m::kNone, .guard = std::move(guard), .body = std::move(body)};
    r.frame.slots.push_back({"self", per_stack ? fam_t : m::kNone});
    md.rules.push_back(std::move(r));
    return md.rules.back();
  }
};

m::Expr lit(m::Value v, Id type) { return m::Expr{.kind = m::ExprKind::Lit, .type = type, .value = v}; }
m::Expr self(Id fam_t) { return m::Expr{.kind = m::ExprKind::Slot, .type = fam_t, .id = 0}; }
m::Expr var(Id v, Id type) { return m::Expr{.kind = m::ExprKind::Global, .type = type, .id = v}; }
m::Expr bin(m::Op op, m::Expr a, m::Expr b, Id type) {
  return m::Expr{.kind = m::ExprKind::Binary, .type = type, .op = op, .args = {std::move(a), std::move(b)}};
}
m::Stmt assign(m::Expr target, m::Expr value) {
  return m::Stmt{.kind = m::StmtKind::Assign, .target = std::move(target), .value = std::move(value)};
}
m::Stmt stack_action(m::StmtKind k, Builder& b, Id module, bool bound = false) {
  return m::Stmt{.kind = k, .args = {self(b.fam_t), lit(module, b.module_t)}, .bound = bound};
}

const ex::PropertyResult& result(const ex::Result& r, const std::string& name) {
  for (const auto& p : r.properties)
    if (p.property == name) return p;
  FAIL("no result for " << name);
  throw 0;
}

ex::Result run(const m::Model& md, ex::Options opt = {}) {
  ex::NullReporter quiet;
  opt.all = true;
  return ex::check(md, opt, quiet);
}

}  // namespace

TEST_CASE("explicit: protocol layer alone has the hand-counted state space") {
  // Per message: unsent, or sent with each of the 2 copies sent/delivered: 1 + 4 = 5 states.
  Builder b(2, 1);
  b.md.allow_deadlock = true;
  auto r = run(b.md);
  CHECK(r.stats.states == 25);
  CHECK(dpu::result::overall(r) == ex::Status::Holds);
  // without `allow deadlock` the state where everything is delivered is a deadlock
  Builder d(2, 1);
  auto rd = run(d.md);
  const auto& dl = result(rd, "deadlock");
  CHECK(dl.status == ex::Status::Violated);
  REQUIRE(dl.trace);
  CHECK(dl.trace->steps.size() == 6);  // 2 calls + 4 deliveries, the shortest way there
}

TEST_CASE("explicit: a total-order module delivers its own copies in send order") {
  Builder b(2, 1, m::Order::Total);
  b.md.allow_deadlock = true;
  auto r = run(b.md);
  // Nothing sent: 1. One sent: 4 each. Both sent: per send order, each stack is in one of
  // (S,S), (first D, second S), (D,D): 9 states per order; the send order is forgotten once
  // nothing is pending, so the all-delivered state is shared: 9 + 9 - 1.
  CHECK(r.stats.states == 1 + 2 * 4 + 17);
}

TEST_CASE("explicit: binding b at once violates freedom and strong update, shortest trace") {
  Builder b(2, 1, m::Order::Total);
  Id started = b.global("started", b.bool_t);
  m::Block body;
  body.push_back(assign(var(started, b.bool_t), lit(1, b.bool_t)));
  body.push_back(stack_action(m::StmtKind::Passivate, b, b.ct));
  body.push_back(stack_action(m::StmtKind::Add, b, b.mr, true));
  b.rule(
      "switch",
      m::Expr{
          .kind = m::ExprKind::Unary, .type = b.bool_t, .op = m::Op::Not, .args = {var(started, b.bool_t)}},
      std::move(body));
  b.prop(m::PropertyKind::Freedom, "freedom(ct, mr)");
  b.prop(m::PropertyKind::StrongUpdate, "strong_update(ct, mr)");
  b.prop(m::PropertyKind::Order, "order(cons)");
  b.md.allow_deadlock = true;
  auto r = run(b.md);
  const auto& fr = result(r, "freedom(ct, mr)");
  REQUIRE(fr.status == ex::Status::Violated);
  REQUIRE(fr.trace);
  REQUIRE(fr.trace->steps.size() == 2);
  CHECK(fr.trace->steps[0].action == "P[0].cons(m1)");
  CHECK(fr.trace->steps[0].rule == "rule Comm");
  CHECK(fr.trace->steps[1].action == "switch at P[0]");
  const auto& su = result(r, "strong_update(ct, mr)");
  REQUIRE(su.status == ex::Status::Violated);
  CHECK(su.trace->steps.back().detail.kind == ex::ActionKind::Deliver);
  CHECK(su.trace->steps.back().action.find(".ct") != std::string::npos);
  CHECK(result(r, "order(cons)").status == ex::Status::Violated);

  std::string text = dpu::report::trace_to_text(b.md, *fr.trace, fr);
  CHECK(text.find("   1  P[0].cons(m1)  call  (rule Comm)") != std::string::npos);
  CHECK(text.find("violated: freedom(ct, mr)") != std::string::npos);
}

TEST_CASE("explicit: choose branches, runtime errors carry a trace") {
  Builder b(1, 0);
  b.md.workloads.clear();
  Id r03 = b.range(0, 3);
  Id x = b.global("x", r03);
  // choose v in 0..3 where v > x { x := v }: reaches x = 0..3
  m::Stmt ch{.kind = m::StmtKind::Choose, .slot = 1, .domain = r03};
  ch.conds.push_back(
      bin(m::Op::Gt, m::Expr{.kind = m::ExprKind::Slot, .type = r03, .id = 1}, var(x, r03), b.bool_t));
  ch.blocks.push_back(
      m::Block{assign(var(x, r03), m::Expr{.kind = m::ExprKind::Slot, .type = r03, .id = 1})});
  auto& rl = b.rule("grow", std::nullopt, m::Block{ch}, false);
  rl.frame.slots.push_back({"v", r03});
  b.md.allow_deadlock = true;
  auto r = run(b.md);
  CHECK(r.stats.states == 4);
  CHECK(r.stats.transitions == 3 + 2 + 1);
  CHECK(dpu::result::overall(r) == ex::Status::Holds);

  // x := x + 1 on 0..2 runs out of range after three steps
  Builder e(1, 0);
  e.md.workloads.clear();
  Id r02 = e.range(0, 2);
  Id y = e.global("y", r02);
  e.rule("inc", std::nullopt, m::Block{assign(var(y, r02), bin(m::Op::Add, var(y, r02), lit(1, r02), r02))},
         false);
  e.md.allow_deadlock = true;
  auto re = run(e.md);
  CHECK(dpu::result::overall(re) == ex::Status::Error);
  const auto& err = result(re, "runtime error");
  REQUIRE(err.trace);
  CHECK(err.trace->steps.size() == 3);
  CHECK(err.explanation.find("outside 0..2") != std::string::npos);
}

TEST_CASE("explicit: weak fairness decides termination; unfair rules give a lasso") {
  for (bool fair : {true, false}) {
    Builder b(1, 0);
    b.md.workloads.clear();
    Id x = b.global("x", b.bool_t);
    Id y = b.global("y", b.bool_t);
    auto& set = b.rule("set", bin(m::Op::Eq, var(x, b.bool_t), lit(0, b.bool_t), b.bool_t),
                       m::Block{assign(var(x, b.bool_t), lit(1, b.bool_t))}, false);
    if (!fair) set.fairness = m::Fairness::Unfair;
    b.rule("flip", std::nullopt,
           m::Block{assign(var(y, b.bool_t), m::Expr{.kind = m::ExprKind::Unary,
                                                     .type = b.bool_t,
                                                     .op = m::Op::Not,
                                                     .args = {var(y, b.bool_t)}})},
           false);
    b.prop(m::PropertyKind::Eventually, "x_set", var(x, b.bool_t));
    auto r = run(b.md);
    const auto& ev = result(r, "x_set");
    if (fair) {
      CHECK(ev.status == ex::Status::Holds);
    } else {
      REQUIRE(ev.status == ex::Status::Violated);
      REQUIRE(ev.trace);
      REQUIRE(ev.trace->loop_start);
      CHECK(*ev.trace->loop_start == 0);
      CHECK(ev.trace->steps.size() == 2);  // flip, flip
    }
  }
}

TEST_CASE("explicit: deterministic numbering, fingerprints agree with full states") {
  Builder b(3, 1, m::Order::Total);
  b.md.allow_deadlock = true;
  b.prop(m::PropertyKind::Order, "order(cons)");
  auto r1 = run(b.md);
  auto r2 = run(b.md);
  ex::Options fp;
  fp.fingerprints = true;
  auto r3 = run(b.md, fp);
  CHECK(r1.stats.states == r2.stats.states);
  CHECK(r1.stats.transitions == r2.stats.transitions);
  CHECK(r1.stats.states == r3.stats.states);
  CHECK(r3.stats.collision_probability < 1e-9);
  ex::Options dfs;
  dfs.search = ex::Options::Search::Dfs;
  CHECK(run(b.md, dfs).stats.states == r1.stats.states);
  ex::Options bounded;
  bounded.max_depth = 2;
  auto rb = run(b.md, bounded);
  CHECK(result(rb, "order(cons)").status == ex::Status::HoldsUpToBound);
  CHECK(dpu::result::overall(rb) == ex::Status::HoldsUpToBound);
}

TEST_CASE("explicit: the seen set's contains() agrees with insert(), in both modes") {
  // (the parallel search's workers ask it before checking a post state's invariants)
  for (bool fp : {false, true}) {
    ex::SeenSet s(fp);
    const std::uint8_t a[] = {1, 2, 3}, b[] = {1, 2, 4};
    const auto ka = s.key(a, 3), kb = s.key(b, 3);
    CHECK_FALSE(s.contains(a, 3, ka));
    CHECK(s.insert(a, 3, ka).second);
    CHECK(s.contains(a, 3, ka));
    CHECK_FALSE(s.contains(b, 3, kb));
    // full states compare the bytes: another state under a's key is not there
    if (!fp) CHECK_FALSE(s.contains(b, 3, ka));
    CHECK(s.insert(b, 3, kb).second);
    CHECK(s.contains(b, 3, kb));
    CHECK_FALSE(s.insert(a, 3, ka).second);
  }
}
