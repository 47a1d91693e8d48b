// Loads a model of models/ through the whole front end, for unit tests that run the engine
// on the bundled models. Fails the current test case if the model does not load.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <optional>
#include <string>

#include "diag/source.hpp"
#include "frontend/frontend.hpp"

inline std::optional<dpu::model::Model> load_bundled_model(const std::string& name,
                                                           const dpu::resolve::Overrides& overrides) {
  auto path = std::filesystem::path(__FILE__).parent_path() / ".." / ".." / "models" / (name + ".dpu");
  dpu::diag::SourceFile file = dpu::diag::SourceFile::load(path.string());
  dpu::diag::Diagnostics diags;
  auto model = dpu::frontend::load(file, overrides, diags);
  REQUIRE_MESSAGE(model, "model does not load: " << name << "\n" << dpu::diag::render_all(file, diags));
  return model;
}
