// The property checkers as objects: `emit` reaches a checker's on_event hook with the event's
// argument values, and a checker's verdict follows from its hooks; vacuity notes of the
// built-in kinds.
#include <doctest/doctest.h>

#include "explicit/checkers/checker_set.hpp"
#include "explicit/successors.hpp"
#include "test_resolve_util.hpp"

using namespace dpu;
namespace ex = dpu::explicit_;

namespace {

// Two stacks; each may once bump a global counter and emit `ping(counter)`.
const char* kEmitter =
    "const N = 2\n"
    "service net order none\n"
    "module udp : (net, {})\n"
    "stacks P[N] { udp bound }\n"
    "event ping(k : 0..3)\n"
    "event pong\n"
    "var x : 0..3 = 0\n"
    "var done : array[P] of bool\n"
    "rule go at P[p] when !done[p] { done[p] := true; x := x + 1; emit ping(x); emit pong }\n"
    "allow deadlock\n";

// Records the events it sees; `ping(2)` violates it.
struct PingWatcher final : ex::Checker {
  std::vector<std::pair<model::Id, std::vector<model::Value>>> seen;
  PingWatcher() : ex::Checker("no ping(2)", kEvent) {}
  bool on_event(const ex::Work&, ex::Work&, const ex::Event& e) override {
    seen.emplace_back(e.event, std::vector<model::Value>(e.args, e.args + e.size));
    return e.size == 1 && e.args[0] == 2;
  }
  std::string explain() const override { return "ping(2) was emitted"; }
};

struct Collect final : ex::Sink {
  std::vector<std::uint64_t> violated;
  std::vector<ex::Work> posts;
  const ex::Layout& L;
  explicit Collect(const ex::Layout& l) : L(l) {}
  void step(const ex::Step& s) override {
    violated.push_back(s.violated);
    posts.emplace_back();
    posts.back().init(L);
    posts.back().copy_from(*s.post, L);
  }
};

}  // namespace

TEST_CASE("emit is an event: the watching checker sees each one, in order, with its arguments") {
  model::Model m = test::resolve_ok(kEmitter);
  ex::Layout L(m);
  ex::CheckerSet set(L, std::vector<bool>(ex::property_slots(m), true));
  auto owned = std::make_unique<PingWatcher>();
  PingWatcher* watcher = owned.get();
  const std::uint32_t slot = set.watch(L, std::move(owned));
  REQUIRE(set.watches_events());
  ex::Successors succ(L, set);
  ex::Work init;
  succ.initial(init);

  Collect first(L);
  REQUIRE(succ.expand(init, first, false) == 2);   // P[0] go, P[1] go
  const model::Id ping = 0, pong = 1;
  using Seen = std::vector<std::pair<model::Id, std::vector<model::Value>>>;
  CHECK(watcher->seen == Seen{{ping, {1}}, {pong, {}}, {ping, {1}}, {pong, {}}});
  CHECK(first.violated == std::vector<std::uint64_t>{0, 0});

  // the second go emits ping(2): that step, and only that one, violates the watcher
  watcher->seen.clear();
  Collect second(L);
  REQUIRE(succ.expand(first.posts[0], second, false) == 1);
  CHECK(watcher->seen == Seen{{ping, {2}}, {pong, {}}});
  CHECK(second.violated == std::vector<std::uint64_t>{std::uint64_t{1} << slot});
}

TEST_CASE("without a watching checker emit changes nothing and costs no hook") {
  model::Model m = test::resolve_ok(kEmitter);
  ex::Layout L(m);
  ex::CheckerSet set(L, std::vector<bool>(ex::property_slots(m), true));
  CHECK_FALSE(set.watches_events());
  ex::NullReporter rep;
  ex::Result r = ex::check(m, ex::Options{}, rep);
  CHECK(r.stats.states == 4);   // (done[0], done[1]) with x determined by them
}
