// replaceable(a, b) — rule (Replaceable) P{b/a} on every stack's initial binding (spec/
// semantics.md §5): static, decided from the initial state without a search.
#include "explicit/checkers/checker.hpp"
#include "explicit/protocol.hpp"
#include "explicit/trace.hpp"

namespace dpu::explicit_ {
namespace {

class Replaceable final : public Checker {
 public:
  Replaceable(const Layout& L, const model::Property& p) : Checker(p.name, 0), L(L), a_(p.a), b_(p.b) {}

  std::optional<PropertyResult> decide(const Work& initial) const override {
    PropertyResult pr;
    pr.property = name();
    pr.status = Status::Holds;
    for (std::uint32_t s = 0; s < L.nstacks; ++s)
      if (!replaceable(L, initial, s, a_, b_)) {
        pr.status = Status::Violated;
        pr.explanation = L.m.modules[a_].name + " is not replaceable by " + L.m.modules[b_].name + " in " +
                         process_name(L.m, L.stack_family, s) + " (rule Replaceable)";
        break;
      }
    return pr;
  }

  std::string explain() const override { return name() + " is violated"; }

 private:
  const Layout& L;
  Id a_, b_;
};

}  // namespace

std::unique_ptr<Checker> make_replaceable(const Layout& L, const model::Property& p) {
  return std::make_unique<Replaceable>(L, p);
}

}  // namespace dpu::explicit_
