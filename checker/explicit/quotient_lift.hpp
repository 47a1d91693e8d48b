// Liveness on the symmetry-reduced search: the concrete states behind one strongly connected
// component of the quotient graph, explored again from a concrete state of its entry class
// (spec/explorer.md, "Liveness on the quotient").
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "explicit/liveness.hpp"
#include "explicit/store.hpp"
#include "explicit/successors.hpp"
#include "explicit/symmetry.hpp"

namespace dpu::explicit_ {

class ConcreteLift final : public QuotientLift {
 public:
  /// `store` holds the representatives (the quotient's ids); `budget`: bytes the concrete
  /// tables may take (0: no limit).
  /// `stop`, polled as the tables grow, gives a reason to give up (a time limit, an interrupt).
  ConcreteLift(const Layout& L, Successors& succ, Canonicalizer& canon, const StateStore& store,
               std::uint64_t budget, std::function<std::optional<std::string>()> stop);

  bool build(const std::vector<std::uint32_t>& q_ordinals,
             const std::function<bool(std::uint32_t)>& in_component, StateGraph& local,
             std::vector<std::uint32_t>& cls, std::vector<std::uint32_t>& prefix) override;
  std::vector<std::uint32_t> stem(const std::vector<std::uint32_t>& q_ordinals) override {
    return concrete_ordinals(L, succ_, canon_, q_ordinals);
  }
  std::string why() const override { return why_; }
  std::uint64_t bytes() const override { return bytes_; }
  /// Concrete states explored over every build.
  std::uint64_t explored() const { return explored_; }

 private:
  const Layout& L;
  Successors& succ_;
  Canonicalizer& canon_;
  const StateStore& store_;
  std::uint64_t budget_;
  std::function<std::optional<std::string>()> stop_;
  std::string why_;
  std::uint64_t bytes_ = 0, explored_ = 0;
  std::unordered_map<std::string, std::uint32_t> ids_;  // packed concrete state -> local id
  std::vector<const std::string*> queue_;               // local id -> its packed state
};

}  // namespace dpu::explicit_
