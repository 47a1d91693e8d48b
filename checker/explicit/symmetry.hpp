// Symmetry reduction (spec/explorer.md, "Symmetry reduction"): the canonical representative
// of a state under every renaming of the reduced families' instances, and the concrete trace
// behind a path of representatives.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "explicit/checkers/checker_set.hpp"
#include "explicit/renaming.hpp"
#include "explicit/state.hpp"
#include "model/symmetry.hpp"

namespace dpu::explicit_ {

class Successors;

/// What a run reduces: the symmetric families (model::detect_symmetry) that the engine also
/// accepts, and for the others why not. The exact canonical form checks every renaming
/// against the state's signatures, so the product of the reduced families' factorials is
/// bounded (kMaxRenamings).
struct SymmetryPlan {
  static constexpr std::uint64_t kMaxRenamings = 5040;  // 7!
  model::SymmetryReport report;  // the model's verdicts, with the engine's own refusals
  std::vector<Id> reduced;       // families, in declaration order
  std::uint64_t renamings = 1;   // product of count! over `reduced`
  bool any() const { return !reduced.empty(); }
};

/// `checked[p]`: whether model property p is checked by the run (empty: all).
SymmetryPlan plan_symmetry(const model::Model& m, const std::vector<bool>& checked);

/// Renames states and picks the least image. Holds scratch states: one per thread.
class Canonicalizer {
 public:
  Canonicalizer(const Layout& L, const CheckerSet& checkers, const SymmetryPlan& plan);

  /// Replaces `w` (canonical as `canonicalize` makes it) by the least of its images under
  /// the renamings that sort its instances' signatures, compared slot by slot then channel by
  /// channel: equal for two states iff one is a renaming of the other (an exact canonical
  /// form; spec/explorer.md, "Symmetry reduction").
  void canonicalize(Work& w);
  /// `to` := `from` renamed by `r`, channels in their canonical order.
  void apply(const Renaming& r, const Work& from, Work& to) const;

  const std::vector<Renaming>& renamings() const { return all_; }

 private:
  const Layout& L;
  const CheckerSet& chk_;
  std::vector<Renaming> all_;              // every renaming but the identity
  std::vector<bool> var_renamed_;          // [var]: its type or its family involves a reduced family
  std::vector<bool> type_renamed_;         // [type]: a value of it holds a reduced family's ids
  std::vector<bool> reduced_family_;       // [family]
  std::vector<Id> reduced_;                // the reduced families, in the plan's order
  std::vector<std::vector<Id>> sig_vars_;  // [k]: reduced_[k]'s variables a renaming only moves
  std::vector<std::uint32_t> width_;       // [k]: sig_width(k)
  // scratch of `sign`, per reduced family k: the signature rows, and for each instance the
  // first position a sorting renaming may send it to and how many positions it may take
  std::vector<std::vector<Value>> sig_;
  std::vector<std::vector<std::uint32_t>> lo_, ties_;
  std::vector<Value> copies_;  // [stack][4]: the copy counts of `sign`
  Work best_, tmp_;

  std::uint32_t sig_width(std::size_t k) const;
  bool sign(const Work& w);
  bool sorts(const Renaming& r) const;

  void rename_value(const Renaming& r, Id type, const Value* from, Value* to) const;
  bool mentions(Id type) const;
};

/// The concrete steps behind a path of representatives: `ordinals` name the path's steps
/// among the successors of each representative (as the store recorded them, the last one
/// possibly a runtime error's step count); the result names, from the concrete initial
/// state, at each step the first successor whose representative is the next one on the path
/// and whose step violates the same properties. So the trace is a run of the model, as long
/// as the path, that the replayer accepts unchanged. A path that ends in a runtime error
/// sets `error` to the concrete state's error (message and position, as the search words it).
/// `end`, when given, receives the concrete state the run ends in.
std::vector<std::uint32_t> concrete_ordinals(const Layout& L, Successors& succ, Canonicalizer& canon,
                                             const std::vector<std::uint32_t>& ordinals,
                                             RuntimeError* error = nullptr, Work* end = nullptr);

}  // namespace dpu::explicit_
