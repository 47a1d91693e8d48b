// The property slots a run checks (see select.cpp).
#pragma once

#include <string>
#include <vector>

#include "model/model.hpp"

namespace dpu::explicit_ {

/// One flag per property slot (checkers/checker_set.hpp). Throws std::invalid_argument for a
/// name that is not a property of the model.
std::vector<bool> select_properties(const model::Model& m, const std::vector<std::string>& only);

/// The model's own spelling of property `name`, compared without spaces (`-p
/// 'freedom(ct,mr)'`); throws std::invalid_argument listing the model's property names when
/// there is none.
std::string canonical_property_name(const model::Model& m, const std::string& name);

}  // namespace dpu::explicit_
