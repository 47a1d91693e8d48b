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
  REQUIRE(succ.expand(init, first, false) == 2);  // P[0] go, P[1] go
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
  CHECK(r.stats.states == 4);  // (done[0], done[1]) with x determined by them
}

TEST_CASE("a property that holds because what it constrains never happens carries a vacuity note") {
  // the update's algorithm does nothing, the workload never calls cons, x never becomes 1
  model::Model m = test::resolve_ok(
      "const N = 2\n"
      "service net order none\n"
      "service cons order total\n"
      "module udp : (net, {})\n"
      "module ct : (cons, {net})\n"
      "module mr : (cons, {net})\n"
      "stacks P[N] { udp bound; ct bound }\n"
      "var x : 0..1 = 0\n"
      "algorithm alg(a, b) { }\n"
      "update ct -> mr by alg\n"
      "check freedom(ct, mr)\n"
      "check strong_update(ct, mr)\n"
      "check order(cons)\n"
      "check terminates : x == 0\n"
      "invariant never: x == 1 => false\n"
      "invariant plain: x <= 1\n"
      "allow deadlock\n");
  ex::NullReporter rep;
  ex::Result r = ex::check(m, ex::Options{}, rep);
  auto notes = [&](const std::string& name) {
    for (const auto& pr : r.properties)
      if (pr.property == name) {
        CHECK(pr.status == ex::Status::Holds);
        return pr.notes;
      }
    FAIL("no result for " << name);
    return std::vector<std::string>{};
  };
  using Notes = std::vector<std::string>;
  CHECK(notes("freedom(ct, mr)") == Notes{"vacuous: no step ever binds mr in place of ct"});
  CHECK(notes("strong_update(ct, mr)") == Notes{"vacuous: mr never delivers a message"});
  CHECK(notes("order(cons)") == Notes{"vacuous: no message of cons is ever delivered"});
  CHECK(notes("never") == Notes{"vacuous: the left side of its implication is never true"});
  CHECK(notes("plain").empty());
  CHECK(notes("terminates").empty());
}
