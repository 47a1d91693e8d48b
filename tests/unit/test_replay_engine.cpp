// Cross-check of the explicit engine by the independent replayer: every counterexample the
// engine finds on the bundled violating models (at N=2, M=1, to stay fast) must replay as a
// violation of the property it is reported for. A disagreement means one of the two does not
// follow spec/semantics.md.
#include <doctest/doctest.h>

#include "bundled_model.hpp"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "explicit/engine.hpp"
#include "frontend/frontend.hpp"
#include "replay/replay.hpp"
#include "report/report.hpp"
#include "result/verdict.hpp"

namespace {

void engine_traces_replay(const std::string& name, std::size_t expected_traces) {
  auto model = load_bundled_model(name, {{"N", 2}, {"M", 1}});
  dpu::explicit_::Options opt;
  opt.all = true;
  dpu::explicit_::NullReporter quiet;
  nlohmann::json result = dpu::report::result_to_json(*model, dpu::explicit_::check(*model, opt, quiet));
  std::vector<dpu::replay::ReplayResult> replays = dpu::replay::replay_all(*model, result);
  std::size_t traces = 0;
  for (const auto& r : replays) {
    INFO(name << ": " << r.property << ": " << r.message);
    CHECK(r.ok);
    traces += !r.steps.empty();
  }
  // the expected number of violated properties guards against a vacuous pass
  CHECK(traces == expected_traces);
}

}  // namespace

TEST_CASE("replay: the engine's counterexamples on sdpu_noidle replay") {
  // freedom, strong_update, weak_update, order(cons) (the verdict table)
  engine_traces_replay("sdpu_noidle", 4);
}

TEST_CASE("replay: the engine's counterexamples on ldpu replay") {
  // freedom, strong_update, order(cons)
  engine_traces_replay("ldpu", 3);
}
