// The front end's second half: AST -> typed model (checker/model/model.hpp).
// Folds constants (after applying -D overrides), resolves every name, type-checks every
// expression and statement, and reports semantic errors with positions.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "diag/diagnostics.hpp"
#include "model/model.hpp"

namespace dpu::ast {
struct Model;
}

namespace dpu::resolve {

/// One constant override: an integer, or a boolean written `true`/`false`. Its kind must be
/// the declared constant's (a bool for an int constant, or an int for a bool one, is an error).
struct Override {
  model::Value value = 0;
  bool is_bool = false;
  bool any_kind = false;  // from a trace's "constants", which writes booleans as 0/1
  Override(model::Value v = 0, bool b = false) : value(v), is_bool(b) {}  // NOLINT: implicit
  bool operator==(const Override&) const = default;
};

/// Constant overrides from the command line (`-D N=4`), by name.
using Overrides = std::map<std::string, Override>;

/// Resolves a parsed model. All semantic errors go to `diags` (as many as can be found in
/// one run); the model is returned only if there are none. An override naming a constant
/// the model does not declare is an error (reported at offset 0).
std::optional<model::Model> resolve(const ast::Model& ast, const std::string& source_name,
                                    const Overrides& overrides, diag::Diagnostics& diags);

}  // namespace dpu::resolve
