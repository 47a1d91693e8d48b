// The viewer's data (report::trace_view) on small models checked by the explicit engine: the
// arrows follow each control message from the step that sent it to the step that took it, also
// when a handler sends back an equal message (the channel's text does not change); binding
// changes become badges; what is in flight at the end points to the end. A result that does not
// fit the model is a TraceFormatError, never a crash or a silently wrong chart.
#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "explicit/engine.hpp"
#include "frontend/frontend.hpp"
#include "model_text.hpp"
#include "report/report.hpp"
#include "report/viewer.hpp"

namespace {

using nlohmann::json;

dpu::model::Model load(const std::string& text) { return load_model_text(text); }

json checked(const dpu::model::Model& m) {
  dpu::explicit_::Options opt;
  dpu::result::NullReporter quiet;
  return dpu::report::result_to_json(m, dpu::explicit_::check(m, opt, quiet));
}

// A handler that sends its own message again: after step 1 the channel always reads the same.
const char* kTick = R"(
process C {
  var n : 0..3 = 0
  var s : bool = false
  channel c : fifo
  message tick(k : 0..3)
  rule start when !s { s := true send c tick(2) to C }
  on tick(k) at p { n := n + 1  if n < 3 { send c tick(2) to C } }
}
invariant few: C.n < 2
)";

// Two stacks; the update binds mr in one step: badges, copies delivered and in flight.
const char* kStacks = R"(
const N = 2
service net  order none
service cons order none
module udp : (net, {})
module ct  : (cons, {net})
module mr  : (cons, {net})
stacks P[N] { udp bound; ct bound }
workload cons broadcast 1 per stack
update ct -> mr by now
algorithm now(a, b) {
  rule go at P[1] when bound(a) { bind(b) }
}
invariant stay: forall p in P : !bound(p, mr)
)";

}  // namespace

TEST_CASE("viewer: a message sent back by its handler is a new arrow from that step") {
  auto m = load(kTick);
  json view = dpu::report::trace_view(m, checked(m));
  REQUIRE(view["traces"].size() == 1);
  const json& t = view["traces"][0];
  CHECK(t["property"] == "few");
  CHECK(t["steps"].size() == 3);
  REQUIRE(t["lanes"].size() == 1);
  CHECK(t["lanes"][0]["key"] == "C#0");
  REQUIRE(t["arrows"].size() == 3);
  // step 1 sends, step 2 takes it and sends again, step 3 takes that one, whose resend is in flight
  CHECK(t["arrows"][0] == json{{"kind", "control"},
                               {"from_step", 1},
                               {"from_lane", "C#0"},
                               {"to_step", 2},
                               {"to_lane", "C#0"},
                               {"label", "tick(2)"},
                               {"message", "tick"},
                               {"how", "taken"}});
  CHECK(t["arrows"][1]["from_step"] == 2);
  CHECK(t["arrows"][1]["to_step"] == 3);
  CHECK(t["arrows"][2]["from_step"] == 3);
  CHECK(t["arrows"][2]["to_step"].is_null());
  CHECK(t["arrows"][2]["how"] == "pending");
}

TEST_CASE("viewer: binding badges, delivered and undelivered copies") {
  auto m = load(kStacks);
  json view = dpu::report::trace_view(m, checked(m));
  REQUIRE(view["traces"].size() == 1);
  const json& t = view["traces"][0];
  CHECK(view["modules"] == json{"udp", "ct", "mr"});
  // the shortest violation: P[1] binds mr at once; nothing was called
  REQUIRE(t["steps"].size() == 1);
  CHECK(t["steps"][0]["lane"] == "P#1");
  CHECK(t["markers"] ==
        json{{{"step", 1}, {"lane", "P#1"}, {"module", "ct"}, {"what", "passive"}, {"text", "ct passive"}},
             {{"step", 1}, {"lane", "P#1"}, {"module", "mr"}, {"what", "added"}, {"text", "+mr bound"}}});
  CHECK(t["arrows"].empty());
}

TEST_CASE("viewer: protocol copies from the call to the delivery, and to the end") {
  auto m = load(kStacks);
  json r = checked(m);
  // a hand-made run of this model: P[0] calls (copies to both stacks), P[0] delivers its own
  json& trace = r["properties"][0]["trace"];
  json call = {
      {"index", 1},
      {"action", "P[0].cons(m1)"},
      {"rule", "rule Comm"},
      {"changes", {{{"component", "m1"}, {"kind", "copies"}, {"text", "P[0] sent(ct), P[1] sent(ct)"}}}},
      {"detail", {{"kind", "call"}, {"family", "P"}, {"process", 0}, {"message", 0}, {"module", "ct"}}}};
  json deliver = {
      {"index", 2},
      {"action", "[m1]P[0].ct"},
      {"rule", "rule Comm"},
      {"changes", {{{"component", "m1"}, {"kind", "copies"}, {"text", "P[0] delivered(ct), P[1] sent(ct)"}}}},
      {"detail", {{"kind", "deliver"}, {"family", "P"}, {"process", 0}, {"message", 0}, {"module", "ct"}}}};
  trace["steps"] = json{call, deliver};
  json view = dpu::report::trace_view(m, r);
  const json& arrows = view["traces"][0]["arrows"];
  REQUIRE(arrows.size() == 2);
  CHECK(arrows[0] == json{{"kind", "protocol"},
                          {"from_step", 1},
                          {"from_lane", "P#0"},
                          {"to_step", 2},
                          {"to_lane", "P#0"},
                          {"label", "m1"},
                          {"sup", "P[0].ct"},
                          {"tag", "ct"},
                          {"how", "delivered"}});
  CHECK(arrows[1]["to_step"].is_null());
  CHECK(arrows[1]["to_lane"] == "P#1");
  CHECK(arrows[1]["sup"] == "P[1].ct");
  CHECK(arrows[1]["how"] == "pending");

  SUBCASE("a delivery that no call preceded is refused") {
    trace["steps"] = json{deliver};
    CHECK_THROWS_WITH_AS(dpu::report::trace_view(m, r), doctest::Contains("which no earlier step sent"),
                         dpu::report::TraceFormatError);
  }
}

TEST_CASE("viewer: a result that does not fit the model is refused, never drawn") {
  auto m = load(kTick);
  json good = checked(m);
  auto refused = [&](json r, const std::string& why) {
    CHECK_THROWS_WITH_AS(dpu::report::trace_view(m, r), doctest::Contains(why.c_str()),
                         dpu::report::TraceFormatError);
  };
  json r = good;
  r["properties"][0]["trace"]["steps"][1]["detail"]["family"] = "Nobody";
  refused(r, "no process family 'Nobody'");
  r = good;
  r["properties"][0]["trace"]["steps"][1]["detail"]["process"] = 7;
  refused(r, "C has no process 7");
  r = good;  // the handler takes a message the channel does not hold
  r["properties"][0]["trace"]["steps"][1]["detail"]["control"]["fields"] = json{1};
  refused(r, "which does not hold it");
  r = good;
  r["properties"][0]["trace"]["steps"][0]["changes"][1]["messages"][0]["fields"] = json{9};
  refused(r, "outside the type");
  r = good;
  r["properties"][0]["trace"]["steps"][0]["changes"][1]["messages"][0]["message"] = "tock";
  refused(r, "no control message 'tock'");
  r = good;
  r["properties"][0]["trace"]["steps"] = "three";
  refused(r, "\"steps\" is not a list");
  r = good;
  r["properties"][0]["trace"]["steps"][0]["detail"] = 3;
  refused(r, "not in the dpucheck-result/2 format");
  r = good;
  r["properties"][0]["trace"]["loop_start"] = 9;
  refused(r, "is not a step of the trace");
  refused(json::array(), "not in the dpucheck-result/2 format");
}

TEST_CASE("viewer: the page is self-contained and its data cannot end the script early") {
  auto m = load(kTick);
  json r = checked(m);
  r["properties"][0]["explanation"] = "</script><script>alert(1)</script>";
  std::string page = dpu::report::result_to_html(m, r);
  CHECK(page.find("<!DOCTYPE html>") == 0);
  CHECK(page.find("alert(1)") != std::string::npos);
  CHECK(page.find("</script><script>alert") == std::string::npos);
  CHECK(page.find("{{") == std::string::npos);  // every placeholder filled
  CHECK(page.find(" src=") == std::string::npos);
  CHECK(page.find(" href=") == std::string::npos);
}
