// linearizable_commit(e...) — a built-in checker the language accepts but this engine does not
// decide yet (spec/language.md §9): it reports so, whatever the search finds.
#include "explicit/checkers/checker.hpp"

namespace dpu::explicit_ {
namespace {

class NotYetSupported final : public Checker {
 public:
  explicit NotYetSupported(const model::Property& p) : Checker(p.name, 0) {}

  std::optional<PropertyResult> decide(const Work&) const override {
    PropertyResult pr;
    pr.property = name();
    pr.status = Status::Unsupported;
    pr.explanation = "not supported by the explicit engine yet";
    return pr;
  }

  std::string explain() const override { return name() + " is violated"; }
};

}  // namespace

std::unique_ptr<Checker> make_linearizable_commit(const Layout&, const model::Property& p) {
  return std::make_unique<NotYetSupported>(p);
}

}  // namespace dpu::explicit_
