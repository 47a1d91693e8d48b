// Which property slots a run checks: the -p names, or every property (the assertions
// pseudo-property only when some body has an `assert`). Shared by check and simulate.
#include <stdexcept>

#include "explicit/checkers/checker_set.hpp"
#include "explicit/select.hpp"

namespace dpu::explicit_ {

std::vector<bool> select_properties(const model::Model& m, const std::vector<std::string>& only) {
  const std::uint32_t slots = property_slots(m);
  std::vector<bool> active(slots, only.empty());
  for (const auto& name : only) {
    bool known = false;
    for (std::uint32_t p = 0; p < slots; ++p)
      if (property_name(m, p) == name) active[p] = true, known = true;
    if (!known) throw std::invalid_argument("no property named '" + name + "' in the model");
  }
  if (only.empty()) active[slots - 1] = model_has_assertions(m);
  return active;
}

}  // namespace dpu::explicit_
