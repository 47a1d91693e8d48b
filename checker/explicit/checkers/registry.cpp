// Property kind -> checker. Adding a kind: its file in this folder defines `make_<kind>`,
// and one line here declares it and one maps the kind to it.
#include <stdexcept>

#include "explicit/checkers/checker.hpp"

namespace dpu::explicit_ {

using Factory = std::unique_ptr<Checker> (*)(const Layout&, const model::Property&);

std::unique_ptr<Checker> make_replaceable(const Layout&, const model::Property&);
std::unique_ptr<Checker> make_freedom(const Layout&, const model::Property&);
std::unique_ptr<Checker> make_strong_update(const Layout&, const model::Property&);
std::unique_ptr<Checker> make_weak_update(const Layout&, const model::Property&);
std::unique_ptr<Checker> make_order(const Layout&, const model::Property&);
std::unique_ptr<Checker> make_terminates(const Layout&, const model::Property&);
std::unique_ptr<Checker> make_invariant(const Layout&, const model::Property&);
std::unique_ptr<Checker> make_eventually(const Layout&, const model::Property&);
std::unique_ptr<Checker> make_linearizable_commit(const Layout&, const model::Property&);
std::unique_ptr<Checker> make_mdcd_recoverable(const Layout&, const model::Property&);

namespace {
struct Registration {
  model::PropertyKind kind;
  Factory make;
};
constexpr Registration kRegistry[] = {
    {model::PropertyKind::Replaceable, make_replaceable},
    {model::PropertyKind::Freedom, make_freedom},
    {model::PropertyKind::StrongUpdate, make_strong_update},
    {model::PropertyKind::WeakUpdate, make_weak_update},
    {model::PropertyKind::Order, make_order},
    {model::PropertyKind::Terminates, make_terminates},
    {model::PropertyKind::Invariant, make_invariant},
    {model::PropertyKind::Eventually, make_eventually},
    {model::PropertyKind::LinearizableCommit, make_linearizable_commit},
    {model::PropertyKind::MdcdRecoverable, make_mdcd_recoverable},
};
}  // namespace

std::unique_ptr<Checker> make_checker(const Layout& L, const model::Property& p) {
  for (const auto& r : kRegistry)
    if (r.kind == p.kind) return r.make(L, p);
  throw std::logic_error("no checker registered for property " +
                         p.name);  // invariant: every kind is registered
}

}  // namespace dpu::explicit_
