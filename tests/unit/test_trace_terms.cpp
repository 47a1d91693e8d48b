// Traces are in the model's terms (checker/result): typed values, processes and structured
// control messages, never the explicit engine's slots, pid numbers or receiver bitmasks. An
// SMT engine and a viewer produce and read this form without knowing the explicit engine.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "diag/diagnostics.hpp"
#include "explicit/engine.hpp"
#include "frontend/frontend.hpp"
#include "model_text.hpp"
#include "report/report.hpp"
#include "result/value_text.hpp"

namespace r = dpu::result;
using nlohmann::json;

namespace {

dpu::model::Model load(const std::string& text) { return load_model_text(text); }

// Q[0] sends Q[1] a message with a record field; Q[1] stores it. The invariant fails once
// Q[1] has taken it.
const char* kModel = R"(
type Pt = record { x : 0..3, ok : bool }
message M(p : Pt, n : 0..5)
channel ch : fifo
process Q[2] {
  var got : Pt
  var seen : set of 0..3 = {}
  rule go at Q[0] when got.x == 0 { got.x := 2; got.ok := true; send ch M(got, 4) to Q[1]; got.x := 1 }
  on M(p, n) { got := p; seen := seen + {p.x} }
}
allow deadlock
invariant never2: forall q in Q : q.got.x != 2
)";

}  // namespace

TEST_CASE("trace: states are typed assignments, actions structured records") {
  auto m = load(kModel);
  dpu::explicit_::Options opt;
  r::NullReporter quiet;
  r::Result res = dpu::explicit_::check(m, opt, quiet);
  const r::PropertyResult* p = nullptr;
  for (const auto& pr : res.properties)
    if (pr.property == "never2") p = &pr;
  REQUIRE(p);
  REQUIRE(p->status == r::Status::Violated);
  REQUIRE(p->trace);
  const r::Trace& t = *p->trace;
  REQUIRE(t.steps.size() == 2);

  // the handler's control message: kind, sender and receiver as processes, typed fields
  const r::Action& a = t.steps[1].detail;
  REQUIRE(a.kind == r::ActionKind::Handler);
  REQUIRE(a.control);
  CHECK(m.messages.at(a.control->message).name == "M");
  REQUIRE(a.control->sender);
  CHECK(m.families.at(a.control->sender->family).name == "Q");
  CHECK(a.control->sender->index == 0);
  REQUIRE(a.control->receivers.size() == 1);
  CHECK(a.control->receivers[0].index == 1);
  REQUIRE(a.control->fields.size() == 2);  // exactly the message's fields, no padding
  CHECK(r::value_text(m, a.control->fields[0]) == "{x = 2, ok = true}");
  CHECK(a.control->fields[1].scalar == 4);

  // the changed variable is a typed value of its declared type
  const r::Assignment* got = nullptr;
  for (const auto& c : t.steps[1].changes)
    if (c.component == "Q[1].got") got = &c;
  REQUIRE(got);
  CHECK(got->kind == r::ComponentKind::Variable);
  REQUIRE(got->value);
  CHECK(m.types.at(got->value->type).kind == dpu::model::TypeKind::Record);
  REQUIRE(got->value->elems.size() == 2);
  CHECK(got->value->elems[0].scalar == 2);
  CHECK(got->text == "{x = 2, ok = true}");
  REQUIRE(got->process);
  CHECK(got->process->index == 1);

  // JSON: the same, with names; no pids, bitmasks or flattened slots
  json j = dpu::report::result_to_json(m, res);
  CHECK(j["format"] == "dpucheck-result/2");
  json trace;
  for (const auto& jp : j["properties"])
    if (jp["name"] == "never2") trace = jp["trace"];
  const json& c = trace["steps"][1]["detail"]["control"];
  CHECK(c["sender"] == json{{"family", "Q"}, {"index", 0}});
  CHECK(c["receivers"] == json::array({json{{"family", "Q"}, {"index", 1}}}));
  CHECK(c["fields"] == json::array({json{{"x", 2}, {"ok", 1}}, 4}));
  CHECK_FALSE(c.contains("sender_pid"));
  bool found = false;
  for (const auto& ch : trace["steps"][1]["changes"])
    if (ch["component"] == "Q[1].seen") {
      found = true;
      CHECK(ch["kind"] == "variable");
      CHECK(ch["value"] == json::array({2}));
      CHECK(ch["text"] == "{2}");
    }
  CHECK(found);
}
