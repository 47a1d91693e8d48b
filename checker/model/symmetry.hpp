// Which process families are interchangeable (spec/explorer.md, "Symmetry reduction").
//
// A family is *symmetric* when renaming its instances by any permutation maps the initial
// state to itself, every step to a step and every checked property to itself. The test is
// syntactic and conservative, on the typed model: nothing may name a particular instance
// (`rule S1 at P[0]`, the literal `P[2]`), order or compute with instance numbers (`p < q`,
// `p + 1`, min/max), convert them to or from numbers, visit them in index order (`for`), or
// single some out by position (the faulty processes of `fault byzantine` are the last k).
// Everything that holds a process id (variables, channel entries, sets, arrays indexed by the
// family, the protocol layer's tables) can then be permuted consistently, which the explicit
// engine does (checker/explicit/symmetry.*). The reasons name the first offending construct
// in source order, with its position, so a user can see what to change.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/model.hpp"

namespace dpu::model {

/// The verdict for one family with two or more instances.
struct FamilySymmetry {
  Id family = kNone;
  bool symmetric = false;
  std::string reason;      // empty when symmetric: the first construct that breaks it
  std::optional<Pos> pos;  // where that construct is (none: no single place)
};

/// One entry per family of two or more instances, in declaration order.
struct SymmetryReport {
  std::vector<FamilySymmetry> families;
  bool symmetric(Id family) const;
};

/// Decides the symmetric families of `m`. `checked[p]` says whether m.properties[p] is
/// checked by the run (properties not checked cannot break symmetry); empty: all are.
SymmetryReport detect_symmetry(const Model& m, const std::vector<bool>& checked = {});

}  // namespace dpu::model
