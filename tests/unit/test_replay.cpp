// The trace replayer (checker/replay) on hand-made models and hand-made traces: a possible
// trace that ends in a violation replays; a trace with a step that is not enabled fails at
// exactly that step and says why; a trace whose end does not violate is rejected. Each model
// isolates one rule of spec/semantics.md (total order, fifo channels, choices, lassos), so a
// replayer that drifts from the semantics fails a named case here.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "frontend/frontend.hpp"
#include "model_text.hpp"
#include "replay/replay.hpp"

namespace {

using dpu::replay::ReplayResult;
using nlohmann::json;

dpu::model::Model load(const std::string& text) { return load_model_text(text); }

/// A result JSON with one violated property and its trace, as the engine writes it.
json result(const std::string& property, const std::vector<json>& steps, json loop_start = nullptr) {
  json s = json::array();
  for (std::size_t i = 0; i < steps.size(); ++i)
    s.push_back({{"index", i + 1}, {"action", ""}, {"detail", steps[i]}});
  return {{"format", "dpucheck-result/2"},
          {"properties",
           {{{"name", property},
             {"status", "violated"},
             {"trace", {{"initial", json::array()}, {"steps", s}, {"loop_start", loop_start}}}}}}};
}

json call(int stack, int message) {
  return {{"kind", "call"}, {"process", stack},   {"family", "P"},
          {"workload", 0},  {"message", message}, {"module", "a"}};
}
json deliver(int stack, int message) {
  return {{"kind", "deliver"}, {"process", stack}, {"family", "P"}, {"message", message}, {"module", "a"}};
}
json rule(const std::string& name, int index, const std::string& family, int process,
          std::vector<int> choices = {}) {
  return {{"kind", "rule"},   {"rule", name},       {"rule_index", index},
          {"family", family}, {"process", process}, {"choices", choices}};
}

// Two stacks, one total-order module, one broadcast call each.
const char* kTotal = R"(
const N = 2
service s order total
module a : (s, {})
stacks P[N] { a bound }
workload s broadcast 1 per stack
invariant all_idle: forall q in P : idle(q, a)
)";

}  // namespace

TEST_CASE("replay: a possible trace that ends in a violated invariant replays") {
  auto m = load(kTotal);
  ReplayResult r =
      dpu::replay::replay(m, result("all_idle", {call(0, 0), call(1, 1), deliver(0, 0), deliver(0, 1)}));
  INFO(r.message);
  CHECK(r.ok);
  CHECK_FALSE(r.failed_step);
  CHECK(r.steps.size() == 4);
  CHECK(r.message.find("violation of all_idle") != std::string::npos);
}

TEST_CASE("replay: a delivery out of total order fails at exactly that step") {
  auto m = load(kTotal);
  // m1 (P[0]'s message) was sent first, so a total-order module must deliver it first (E2)
  ReplayResult r =
      dpu::replay::replay(m, result("all_idle", {call(0, 0), call(1, 1), deliver(0, 1), deliver(0, 0)}));
  INFO(r.message);
  CHECK_FALSE(r.ok);
  REQUIRE(r.failed_step);
  CHECK(*r.failed_step == 3);
  CHECK(r.message.find("step 3:") == 0);
  CHECK(r.message.find("m1") != std::string::npos);  // names the copy that blocks it
  CHECK(r.steps.size() == 2);
}

TEST_CASE("replay: delivering a copy twice or before it is sent is not possible") {
  auto m = load(kTotal);
  ReplayResult twice = dpu::replay::replay(m, result("all_idle", {call(0, 0), deliver(1, 0), deliver(1, 0)}));
  REQUIRE(twice.failed_step);
  CHECK(*twice.failed_step == 3);
  CHECK(twice.message.find("already delivered") != std::string::npos);

  ReplayResult early = dpu::replay::replay(m, result("all_idle", {deliver(1, 0)}));
  REQUIRE(early.failed_step);
  CHECK(*early.failed_step == 1);
  CHECK(early.message.find("not sent yet") != std::string::npos);

  // a call must use the next message of its stack and the bound module
  ReplayResult wrong = dpu::replay::replay(m, result("all_idle", {call(0, 1)}));
  REQUIRE(wrong.failed_step);
  CHECK(wrong.message.find("the next message of P[0] is m1") != std::string::npos);
}

TEST_CASE("replay: a trace whose end does not violate the property is rejected") {
  auto m = load(kTotal);
  ReplayResult r = dpu::replay::replay(m, result("all_idle", {call(0, 0), deliver(0, 0), deliver(1, 0)}));
  INFO(r.message);
  CHECK_FALSE(r.ok);
  CHECK_FALSE(r.failed_step);  // every step was possible
  CHECK(r.message.find("does not violate all_idle") != std::string::npos);
}

TEST_CASE("replay: deadlock needs a terminal state that is not a declared end") {
  auto m = load(kTotal);
  std::vector<json> all = {call(0, 0),    call(1, 1),    deliver(0, 0),
                           deliver(1, 0), deliver(0, 1), deliver(1, 1)};
  CHECK(dpu::replay::replay(m, result("deadlock", all)).ok);
  std::vector<json> early = {call(0, 0), deliver(0, 0)};  // P[1] can still call: not terminal
  ReplayResult r = dpu::replay::replay(m, result("deadlock", early));
  CHECK_FALSE(r.ok);
  CHECK(r.message.find("not terminal") != std::string::npos);
  auto allowed = load(std::string(kTotal) + "allow deadlock\n");
  CHECK_FALSE(dpu::replay::replay(allowed, result("deadlock", all)).ok);
}

namespace {

// choose/either branches and liveness: x never becomes 2 (pick skips it, flip loops on 3).
const char* kChoices = R"(
process C[2] {
  var x : 0..3 = 0
  rule pick when x == 0 { choose v in 1..3 where v != 2 { x := v } }
  rule flip when x == 3 { either { x := 1 } or { x := 3 } }
}
invariant no3: forall c in C : c.x != 3
eventually two: exists c in C : c.x == 2
)";

}  // namespace

TEST_CASE("replay: choose indices count only the candidates that satisfy `where`") {
  auto m = load(kChoices);
  // candidates of pick are {1, 3}: index 1 is 3, which violates no3
  CHECK(dpu::replay::replay(m, result("no3", {rule("pick", 0, "C", 0, {1})})).ok);
  ReplayResult one = dpu::replay::replay(m, result("no3", {rule("pick", 0, "C", 0, {0})}));
  CHECK_FALSE(one.ok);
  CHECK(one.message.find("does not violate") != std::string::npos);
  ReplayResult out = dpu::replay::replay(m, result("no3", {rule("pick", 0, "C", 0, {2})}));
  REQUIRE(out.failed_step);
  CHECK(out.message.find("branch 2 of the choose does not exist (2 possible)") != std::string::npos);
  ReplayResult none = dpu::replay::replay(m, result("no3", {rule("pick", 0, "C", 0)}));
  REQUIRE(none.failed_step);
  CHECK(none.message.find("gives no branch") != std::string::npos);
  // the guard is checked: flip is not enabled while x is 0
  ReplayResult guard = dpu::replay::replay(m, result("no3", {rule("flip", 1, "C", 0, {0})}));
  REQUIRE(guard.failed_step);
  CHECK(guard.message.find("guard of rule flip is false") != std::string::npos);
}

TEST_CASE("replay: a lasso must return to its start and be weakly fair") {
  auto m = load(kChoices);
  std::vector<json> prefix = {rule("pick", 0, "C", 0, {1}), rule("pick", 0, "C", 1, {1})};
  std::vector<json> fair = prefix;
  fair.push_back(rule("flip", 1, "C", 0, {1}));
  fair.push_back(rule("flip", 1, "C", 1, {1}));
  ReplayResult ok = dpu::replay::replay(m, result("two", fair, 3));
  INFO(ok.message);
  CHECK(ok.ok);
  REQUIRE(ok.loop_start);
  CHECK(*ok.loop_start == 2);

  // flip at C[1] is enabled throughout a loop that only flips C[0]: not a fair run
  std::vector<json> unfair = prefix;
  unfair.push_back(rule("flip", 1, "C", 0, {1}));
  ReplayResult r = dpu::replay::replay(m, result("two", unfair, 3));
  CHECK_FALSE(r.ok);
  CHECK(r.message.find("not weakly fair: rule flip at C[1]") != std::string::npos);

  // flipping to 1 leaves the loop's start state
  std::vector<json> open = prefix;
  open.push_back(rule("flip", 1, "C", 0, {0}));
  ReplayResult o = dpu::replay::replay(m, result("two", open, 3));
  CHECK_FALSE(o.ok);
  CHECK(o.message.find("does not return") != std::string::npos);

  // a run that ends in a terminal state without reaching the goal also violates it
  std::vector<json> dead = {rule("pick", 0, "C", 0, {0}), rule("pick", 0, "C", 1, {0})};
  CHECK(dpu::replay::replay(m, result("two", dead)).ok);
}

namespace {

std::string fifo_model(const std::string& order) {
  return R"(
message M(v : 0..5)
channel ch : )" +
         order + R"(
process Q[2] {
  var got : 0..5 = 0
  var last : 0..5 = 0
  rule send2 at Q[0] when got == 0 && last == 0 { send ch M(1) to Q[1]; send ch M(2) to Q[1]; last := 5 }
  on M(v) { got := got + 1; last := v }
}
invariant first_is_1: forall q in Q : q.got != 1 || q.last == 1
)";
}

json on_m(int receiver, int value) {
  json sender{{"family", "Q"}, {"index", 0}};
  json to{{"family", "Q"}, {"index", receiver}};
  return {{"kind", "handler"},
          {"handler_index", 0},
          {"family", "Q"},
          {"process", receiver},
          {"channel", "ch"},
          {"control",
           {{"message", "M"}, {"sender", sender}, {"receivers", json::array({to})}, {"fields", {value}}}},
          {"choices", json::array()}};
}

}  // namespace

TEST_CASE("replay: control channels deliver in their order") {
  std::vector<json> trace = {rule("send2", 0, "Q", 0), on_m(1, 2)};
  // unordered: M(2) may overtake M(1), and then Q[1] has got one message that is not 1
  CHECK(dpu::replay::replay(load(fifo_model("unordered")), result("first_is_1", trace)).ok);
  // fifo: only the head M(1) is deliverable
  ReplayResult r = dpu::replay::replay(load(fifo_model("fifo")), result("first_is_1", trace));
  REQUIRE(r.failed_step);
  CHECK(*r.failed_step == 2);
  CHECK(r.message.find("deliverable: M(1) from Q[0]") != std::string::npos);
}

TEST_CASE("replay: malformed traces are reported, not thrown") {
  auto m = load(kTotal);
  CHECK_FALSE(dpu::replay::replay(m, json::object()).ok);
  ReplayResult bad = dpu::replay::replay(m, result("all_idle", {json{{"kind", "teleport"}}}));
  REQUIRE(bad.failed_step);
  CHECK(bad.message.find("unknown step kind") != std::string::npos);
  ReplayResult unknown = dpu::replay::replay(m, result("no_such_property", {call(0, 0)}));
  CHECK_FALSE(unknown.ok);
  CHECK(unknown.message.find("no property named") != std::string::npos);
}

TEST_CASE("replay refuses a message universe too large to build, before building it") {
  // 3 stacks x 10^8 calls: building the universe once died of bad_alloc.
  auto m = load(R"(
const M = 100000000
service net order none
module udp : (net, {})
stacks S[3] { udp bound }
workload net broadcast M per stack
allow deadlock
)");
  ReplayResult r = dpu::replay::replay(m, json{{"steps", json::array()}}, "deadlock");
  CHECK_FALSE(r.ok);
  CHECK(r.message.find("more than the replayer handles") != std::string::npos);
  CHECK(r.steps.empty());
}

TEST_CASE("replay: a bound on crash events is not a bound on processes down at once") {
  // crash C[0], recover it, crash C[1]: one process down at a time, but two crash events
  const char* model = R"(
var ever : set of 0..1
process C[2] { on recover at C[i] { ever := ever + {i} } }
fault crash C at most 1 UNIT recover
allow deadlock
invariant once: size(ever) <= 1
)";
  auto fault = [](const char* kind, int process) {
    return json{{"kind", kind}, {"family", "C"}, {"process", process}};
  };
  std::vector<json> steps = {fault("crash", 0), fault("recover", 0), fault("crash", 1), fault("recover", 1)};
  auto with = [&](const std::string& unit) {
    std::string text = model;
    text.replace(text.find("UNIT"), 4, unit);
    return load(text);
  };
  ReplayResult down = dpu::replay::replay(with("down"), result("once", steps));
  INFO(down.message);
  CHECK(down.ok);
  ReplayResult events = dpu::replay::replay(with("crashes"), result("once", steps));
  INFO(events.message);
  CHECK_FALSE(events.ok);
  REQUIRE(events.failed_step);
  CHECK(*events.failed_step == 3);
  CHECK(events.message.find("1 crash(es) of C already happened") != std::string::npos);
}

namespace {

/// `result` with the trace's own labels (`action`, `rule`) on each step, as the engine writes them.
json labelled(const std::string& property, const std::vector<json>& steps,
              const std::vector<std::pair<std::string, std::string>>& labels) {
  json r = result(property, steps);
  json& s = r["properties"][0]["trace"]["steps"];
  for (std::size_t i = 0; i < labels.size(); ++i)
    s[i]["action"] = labels[i].first, s[i]["rule"] = labels[i].second;
  return r;
}

}  // namespace

TEST_CASE("replay: each step is named by the replayer, not by the trace's label") {
  auto m = load(kTotal);
  std::vector<json> steps = {call(0, 0), call(1, 1), deliver(0, 0), deliver(0, 1)};
  ReplayResult r = dpu::replay::replay(m, labelled("all_idle", steps,
                                                   {{"P[0].s(m1)", "rule Comm"},
                                                    {"P[1].s(m2)", "rule Comm"},
                                                    {"[m1]P[0].a", "rule Comm"},
                                                    {"[m2]P[0].a", "rule Comm"}}));
  INFO(r.message);
  CHECK(r.ok);
  REQUIRE(r.steps.size() == 4);
  CHECK(r.steps[0].action == "P[0].s(m1)");
  CHECK(r.steps[3].action == "[m2]P[0].a");
  // without labels (hand-made traces) the names are the same: they are the replayer's own
  ReplayResult bare = dpu::replay::replay(m, result("all_idle", steps));
  REQUIRE(bare.steps.size() == 4);
  CHECK(bare.steps[2].action == "[m1]P[0].a");
}

TEST_CASE("replay: a forged action or rule label is refused at its step") {
  auto m = load(kTotal);
  std::vector<json> steps = {call(0, 0), call(1, 1), deliver(0, 0), deliver(0, 1)};
  std::vector<std::pair<std::string, std::string>> good = {{"P[0].s(m1)", "rule Comm"},
                                                           {"P[1].s(m2)", "rule Comm"},
                                                           {"[m1]P[0].a", "rule Comm"},
                                                           {"[m2]P[0].a", "rule Comm"}};

  auto forged = good;
  forged[2].first = "[m1]P[1].a";  // the step delivers at P[0]
  ReplayResult action = dpu::replay::replay(m, labelled("all_idle", steps, forged));
  INFO(action.message);
  CHECK_FALSE(action.ok);
  REQUIRE(action.failed_step);
  CHECK(*action.failed_step == 3);
  CHECK(action.message.find("step 3: the trace calls this step \"[m1]P[1].a\"") == 0);
  CHECK(action.message.find("[m1]P[0].a") != std::string::npos);
  CHECK(action.steps.size() == 2);

  forged = good;
  forged[0].second = "rule Start";
  ReplayResult rule_label = dpu::replay::replay(m, labelled("all_idle", steps, forged));
  REQUIRE(rule_label.failed_step);
  CHECK(*rule_label.failed_step == 1);
  CHECK(rule_label.message.find("rule \"rule Start\"") != std::string::npos);

  json index = labelled("all_idle", steps, good);
  index["properties"][0]["trace"]["steps"][1]["index"] = 7;
  ReplayResult idx = dpu::replay::replay(m, index);
  REQUIRE(idx.failed_step);
  CHECK(*idx.failed_step == 2);
  CHECK(idx.message.find("\"index\" is 7, not 2") != std::string::npos);

  json not_text = labelled("all_idle", steps, good);
  not_text["properties"][0]["trace"]["steps"][3]["action"] = 42;
  ReplayResult nt = dpu::replay::replay(m, not_text);
  REQUIRE(nt.failed_step);
  CHECK(*nt.failed_step == 4);
  CHECK(nt.message.find("\"action\" is not a string") != std::string::npos);

  // a call's detail names a service its workload does not call
  json svc = call(0, 0);
  svc["service"] = "other";
  ReplayResult service = dpu::replay::replay(m, result("all_idle", {svc}));
  REQUIRE(service.failed_step);
  CHECK(service.message.find("workload 0 calls s, not other") != std::string::npos);
}

TEST_CASE("replay: a handler is named by the message it takes, a rule by its instance") {
  // the handler label names the sender of the control message actually taken
  std::vector<json> trace = {rule("send2", 0, "Q", 0), on_m(1, 1)};
  json r = result("first_is_1", trace);
  json& s = r["properties"][0]["trace"]["steps"];
  s[0]["action"] = "send2 at Q[0]", s[0]["rule"] = "rule send2";
  s[1]["action"] = "on M at Q[1] from Q[1]";  // forged: Q[0] sent it
  ReplayResult forged = dpu::replay::replay(load(fifo_model("unordered")), r);
  INFO(forged.message);
  REQUIRE(forged.failed_step);
  CHECK(*forged.failed_step == 2);
  CHECK(forged.message.find("the step it describes is on M at Q[1] from Q[0]") != std::string::npos);
  s[1]["action"] = "on M at Q[1] from Q[0]";
  s[1]["rule"] = "handler M";
  ReplayResult good = dpu::replay::replay(load(fifo_model("unordered")), r);
  INFO(good.message);
  CHECK_FALSE(good.failed_step);
  REQUIRE(good.steps.size() == 2);
  CHECK(good.steps[0].action == "send2 at Q[0]");
  CHECK(good.steps[1].action == "on M at Q[1] from Q[0]");
}
