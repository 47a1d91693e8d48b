// The messages a deadlock leaves in its channels (result/stuck_messages.hpp): which of them
// head a queue on each channel order, on a trace built by hand.
#include <doctest/doctest.h>

#include "model_text.hpp"
#include "result/stuck_messages.hpp"

using namespace dpu;

namespace {

const char* kModel = R"(
message ping(k : 0..3)
channel f : fifo
channel t : total
channel u : unordered
process P[3] {
  on ping(k) at P[1] when k == 3 { }
}
allow deadlock
)";

result::ControlMessage ping(const model::Model& m, std::uint32_t k, std::uint32_t from,
                            std::vector<std::uint32_t> to) {
  result::ControlMessage c;
  c.message = 0;
  c.sender = result::ProcessRef{0, from};  // family 0: P
  for (std::uint32_t r : to) c.receivers.push_back(result::ProcessRef{0, r});
  result::TypedValue v;
  v.type = m.messages[0].fields[0].second;
  v.scalar = k;
  c.fields.push_back(v);
  return c;
}

result::Assignment channel(model::Id c, std::vector<result::ControlMessage> msgs) {
  result::Assignment a;
  a.kind = result::ComponentKind::Channel;
  a.channel = c;
  a.messages = std::move(msgs);
  return a;
}

}  // namespace

TEST_CASE("stuck messages: empty channels say nothing") {
  const model::Model m = load_model_text(kModel);
  result::Trace t;
  t.initial = {channel(0, {}), channel(1, {}), channel(2, {})};
  CHECK(result::stuck_messages(m, t) == "");
}

TEST_CASE("stuck messages: a fifo channel has one head per sender and receiver") {
  const model::Model m = load_model_text(kModel);
  result::Trace t;
  t.initial = {channel(0, {})};
  result::TraceStep s;
  // queue P[0]->P[1]: ping(0), ping(1); queue P[2]->P[1]: ping(2)
  s.changes = {channel(0, {ping(m, 0, 0, {1}), ping(m, 1, 0, {1}), ping(m, 2, 2, {1})})};
  t.steps.push_back(s);
  CHECK(result::stuck_messages(m, t) ==
        "; channel f holds 3 messages that no handler takes, blocked at the heads of its queues: "
        "ping(0) from P[0] to P[1]; ping(2) from P[2] to P[1] (1 more behind)");
}

TEST_CASE("stuck messages: a total channel has one head per receiver, an unordered one none") {
  const model::Model m = load_model_text(kModel);
  result::Trace t;
  // ping(0) still to P[1]; ping(1) to P[1] and P[2]: it heads P[2]'s queue
  t.initial = {channel(1, {ping(m, 0, 0, {1}), ping(m, 1, 0, {1, 2})}),
               channel(2, {ping(m, 2, 0, {1}), ping(m, 3, 0, {2})})};
  const std::string s = result::stuck_messages(m, t);
  INFO(s);
  CHECK(s.find("channel t holds 2 messages that no handler takes, blocked at the heads of its queues: "
               "ping(0) from P[0] to {P[1]}; ping(1) from P[0] to {P[1],P[2]}; ") != std::string::npos);
  CHECK(s.find("more behind") == std::string::npos);
  CHECK(
      s.find("; channel u holds 2 messages that no handler takes (for example ping(2) from P[0] to P[1])") !=
      std::string::npos);
}
