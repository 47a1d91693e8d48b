// assertions — no `assert` in a rule or handler body fails (spec/semantics.md §3, §5). A
// pseudo-property after deadlock; a failed assertion ends the run (the engine does not
// explore the post state of the failing step).
#include <functional>

#include "explicit/checkers/checker.hpp"

namespace dpu::explicit_ {
namespace {

class Assertions final : public Checker {
 public:
  Assertions() : Checker("assertions", kAssertion) {}
  std::string explain() const override { return "an assertion failed"; }
};

}  // namespace

std::unique_ptr<Checker> make_assertions(const Layout&) { return std::make_unique<Assertions>(); }

bool model_has_assertions(const model::Model& m) {
  bool found = false;
  std::function<void(const model::Block&)> scan = [&](const model::Block& b) {
    for (const auto& s : b) {
      found |= s.kind == model::StmtKind::Assert;
      for (const auto& bb : s.blocks) scan(bb);
    }
  };
  for (const auto& r : m.rules) scan(r.body);
  for (const auto& h : m.handlers) scan(h.body);
  return found;
}

}  // namespace dpu::explicit_
