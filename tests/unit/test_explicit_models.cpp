// The DPU paper's theorems on the bundled models at N=2, M=2 (the verdict table; the N=3, M=1
// runs take seconds each and live in the golden model tests).
#include <doctest/doctest.h>

#include "bundled_model.hpp"

#include <filesystem>
#include <map>

#include "explicit/engine.hpp"
#include "frontend/frontend.hpp"
#include "report/report.hpp"
#include "result/verdict.hpp"

namespace {

namespace ex = dpu::explicit_;

std::map<std::string, ex::Status> verdicts(const std::string& name, const std::string& text_out = "") {
  auto model = load_bundled_model(name, {{"N", 2}, {"M", 2}});
  ex::Options opt;
  opt.all = true;
  ex::NullReporter quiet;
  auto r = ex::check(*model, opt, quiet);
  std::map<std::string, ex::Status> out;
  for (const auto& p : r.properties) {
    out[p.property] = p.status;
    if (p.trace) {  // every trace names its steps and ends with the verdict
      auto text = dpu::report::trace_to_text(*model, *p.trace, p);
      CHECK(text.find("violated: " + p.property) != std::string::npos);
    }
  }
  return out;
}

constexpr auto H = ex::Status::Holds;
constexpr auto V = ex::Status::Violated;

}  // namespace

TEST_CASE("explicit: S-DPU satisfies Lemma 1, Theorems 2 and 3 (N=2, M=2)") {
  auto v = verdicts("sdpu");
  CHECK(v["replaceable(ct, mr)"] == H);
  CHECK(v["freedom(ct, mr)"] == H);
  CHECK(v["strong_update(ct, mr)"] == H);
  CHECK(v["weak_update(ct, mr)"] == H);
  CHECK(v["order(cons)"] == H);
  CHECK(v["terminates"] == H);
}

TEST_CASE("explicit: L-DPU is weak but not strong (Theorem 4, N=2, M=2)") {
  auto v = verdicts("ldpu");
  CHECK(v["replaceable(ct, mr)"] == H);
  CHECK(v["freedom(ct, mr)"] == V);
  CHECK(v["strong_update(ct, mr)"] == V);
  CHECK(v["weak_update(ct, mr)"] == H);
  CHECK(v["order(cons)"] == V);
  CHECK(v["terminates"] == H);
}

TEST_CASE("explicit: S-DPU without the idle wait loses copies (N=2, M=2)") {
  auto v = verdicts("sdpu_noidle");
  CHECK(v["freedom(ct, mr)"] == V);
  CHECK(v["strong_update(ct, mr)"] == V);
  CHECK(v["weak_update(ct, mr)"] == V);
}
