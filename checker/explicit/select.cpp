// Which property slots a run checks: the -p names, or every property (the assertions
// pseudo-property only when some body has an `assert`). Shared by check and simulate.
#include <cctype>
#include <stdexcept>

#include "explicit/checkers/checker_set.hpp"
#include "explicit/select.hpp"

namespace dpu::explicit_ {

namespace {

// A name as -p compares it: without spaces (`freedom(ct,mr)` is `freedom(ct, mr)`).
std::string squeezed(const std::string& s) {
  std::string out;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) out += c;
  return out;
}

}  // namespace

std::string canonical_property_name(const model::Model& m, const std::string& name) {
  const std::uint32_t slots = property_slots(m);
  const std::string want = squeezed(name);
  for (std::uint32_t p = 0; p < slots; ++p)
    if (squeezed(property_name(m, p)) == want) return property_name(m, p);
  std::string names;
  for (std::uint32_t p = 0; p < slots; ++p) {
    // the assertions pseudo-property is one only when some body asserts
    if (p == slots - 1 && !model_has_assertions(m)) continue;
    names += (names.empty() ? "" : ", ") + property_name(m, p);
  }
  throw std::invalid_argument("no property named '" + name + "' in the model (its properties: " + names +
                              ")");
}

std::vector<bool> select_properties(const model::Model& m, const std::vector<std::string>& only) {
  const std::uint32_t slots = property_slots(m);
  std::vector<bool> active(slots, only.empty());
  for (const auto& name : only) {
    const std::string canonical = canonical_property_name(m, name);
    for (std::uint32_t p = 0; p < slots; ++p)
      if (property_name(m, p) == canonical) active[p] = true;
  }
  if (only.empty()) active[slots - 1] = model_has_assertions(m);
  return active;
}

}  // namespace dpu::explicit_
