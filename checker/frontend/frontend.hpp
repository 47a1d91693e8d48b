// The whole front end in one call: file -> parse -> resolve -> typed model. Used by the
// command line, the tests and the fuzzer so all three see the same pipeline.
#pragma once

#include <optional>
#include <string>

#include "diag/diagnostics.hpp"
#include "diag/source.hpp"
#include "model/model.hpp"
#include "resolve/resolve.hpp"

namespace dpu::frontend {

/// Parses and resolves `file`. Diagnostics of both phases go to `diags` (semantic analysis
/// runs only when the syntax is clean, so one error never shows up twice).
std::optional<model::Model> load(const diag::SourceFile& file, const resolve::Overrides& overrides,
                                 diag::Diagnostics& diags);

/// Parses `file` and prints it in canonical form; nullopt (with diagnostics) on syntax errors.
std::optional<std::string> format_source(const diag::SourceFile& file, diag::Diagnostics& diags);

}  // namespace dpu::frontend
