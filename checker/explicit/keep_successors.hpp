// KeepSuccessors: a Sink that copies every successor of one state, in the generator's order,
// for a caller that chooses among them afterwards (a random draw, a graph, a person). The
// generator reuses its post-state buffer, so each successor is copied; the copies' buffers
// are reused from one state to the next.
#pragma once

#include <optional>
#include <vector>

#include "explicit/successors.hpp"

namespace dpu::explicit_ {

struct KeptStep {
  Work post;
  std::uint64_t violated = 0;  // properties violated by the step (bitmask)
  std::optional<AssertionFailure> assertion;
  Action action;
  std::vector<std::uint32_t> arms;  // Step::arms, empty when none are counted
};

class KeepSuccessors final : public Sink {
 public:
  explicit KeepSuccessors(const Layout& L) : L_(L) {}
  /// Forgets the kept steps (before expanding the next state).
  void clear() { n_ = 0; }
  std::uint32_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  KeptStep& operator[](std::size_t i) { return all_[i]; }
  const KeptStep* begin() const { return all_.data(); }
  const KeptStep* end() const { return all_.data() + n_; }

  void step(const Step& s) override {
    if (n_ == all_.size()) all_.emplace_back().post.init(L_);
    KeptStep& out = all_[n_++];
    out.post.copy_from(*s.post, L_);
    out.violated = s.violated;
    out.assertion.reset();
    if (s.assertion) out.assertion = *s.assertion;
    out.action = *s.detail;
    if (s.arms)
      out.arms = *s.arms;
    else
      out.arms.clear();
  }

 private:
  const Layout& L_;
  std::vector<KeptStep> all_;
  std::uint32_t n_ = 0;
};

}  // namespace dpu::explicit_
