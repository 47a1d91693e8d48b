// The property slots a run checks (see select.cpp).
#pragma once

#include <string>
#include <vector>

#include "model/model.hpp"

namespace dpu::explicit_ {

/// One flag per property slot (checkers/checker_set.hpp). Throws std::invalid_argument for a
/// name that is not a property of the model.
std::vector<bool> select_properties(const model::Model& m, const std::vector<std::string>& only);

}  // namespace dpu::explicit_
