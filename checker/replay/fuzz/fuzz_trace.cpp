// libFuzzer target for the trace reader: any byte string is a candidate trace JSON for
// `dpucheck replay`. The contract under test (checker/replay/replay.hpp): replay never
// throws, crashes, hangs or runs into undefined behaviour, whatever the JSON holds; a trace
// it refuses says why. The model is a bundled one, chosen by the trace's "model" field among
// the models of counterexamples/ (default: models/ldpu.dpu), loaded once at its own constants.
// Built with -DDPU_FUZZ=ON and clang; run with scripts/fuzz-trace.sh SECONDS, seeded from
// counterexamples/*.json.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "diag/diagnostics.hpp"
#include "diag/source.hpp"
#include "frontend/frontend.hpp"
#include "replay/replay.hpp"

#ifndef DPU_SOURCE_DIR
#error "DPU_SOURCE_DIR must name the source tree (checker/CMakeLists.txt sets it)"
#endif

namespace {

// The bundled models a seed trace may name; anything else replays against the default.
constexpr const char* kModels[] = {
    "ldpu", "mdcd", "scheduling", "sdpu_noidle", "sdpu_unreplaceable", "replicated_upgrade_nocheck"};

const dpu::model::Model& model_named(const std::string& name) {
  static std::map<std::string, dpu::model::Model> loaded;
  std::string pick = "ldpu";
  for (const char* m : kModels)
    if (name == std::string("models/") + m + ".dpu") pick = m;
  auto it = loaded.find(pick);
  if (it != loaded.end()) return it->second;
  const std::string path = std::string(DPU_SOURCE_DIR) + "/models/" + pick + ".dpu";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  dpu::diag::SourceFile file(path, text.str());
  dpu::diag::Diagnostics diags;
  std::optional<dpu::model::Model> m = dpu::frontend::load(file, {}, diags);
  if (!m) {
    std::fprintf(stderr, "fuzz_trace: cannot load %s\n%s", path.c_str(),
                 dpu::diag::render_all(file, diags).c_str());
    std::abort();
  }
  return loaded.emplace(pick, std::move(*m)).first->second;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The CLI parses with exceptions and reports them; here a parse failure ends the input.
  nlohmann::json trace = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (trace.is_discarded()) return 0;
  std::string model = "models/ldpu.dpu";
  if (trace.is_object() && trace.contains("model") && trace["model"].is_string()) model = trace["model"];
  const dpu::model::Model& m = model_named(model);
  try {
    for (const dpu::replay::ReplayResult& r : dpu::replay::replay_all(m, trace)) {
      if (!r.ok && r.message.empty()) {
        std::fprintf(stderr, "fuzz_trace: a refused trace without a reason\n");
        std::abort();
      }
      if (r.failed_step && r.message.rfind("step " + std::to_string(*r.failed_step) + ":", 0) != 0) {
        std::fprintf(stderr, "fuzz_trace: a failed step not named in its message: %s\n", r.message.c_str());
        std::abort();
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz_trace: replay threw: %s\n", e.what());
    std::abort();
  }
  return 0;
}
