// Loads a model given as text ("t.dpu") through the whole front end, for unit tests on small
// hand-written models. Fails the current test case, with the diagnostics, if it does not load.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "diag/diagnostics.hpp"
#include "diag/source.hpp"
#include "frontend/frontend.hpp"

inline dpu::model::Model load_model_text(const std::string& text) {
  dpu::diag::SourceFile file("t.dpu", text);
  dpu::diag::Diagnostics diags;
  auto m = dpu::frontend::load(file, {}, diags);
  REQUIRE_MESSAGE(m, dpu::diag::render_all(file, diags));
  return *m;
}
