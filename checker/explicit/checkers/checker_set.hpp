// The checkers of one run: one object per property slot (the model's properties, then the
// pseudo-properties deadlock and assertions), and per hook the list of checked properties
// that use it, built once so that the hot path calls only what is needed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "explicit/checkers/checker.hpp"

namespace dpu::explicit_ {

/// Number of property slots: the model's properties, deadlock, assertions.
std::uint32_t property_slots(const model::Model& m);
/// The name of slot `p`: the property's, "deadlock" or "assertions".
std::string property_name(const model::Model& m, std::uint32_t p);

/// The error of evaluating `property`'s predicate on a state, which raised `e`.
StateCheckError state_check_error(const std::string& property, const RuntimeError& e);

class CheckerSet {
 public:
  /// Builds every slot's checker and lays out the monitors of the `active` ones in `L`.
  CheckerSet(Layout& L, const std::vector<bool>& active);

  /// Adds a checker beyond the model's properties (a tool's or a test's own), in the next
  /// slot; like the others, only before any state exists. Returns its slot.
  std::uint32_t watch(Layout& L, std::unique_ptr<Checker> c);

  std::uint32_t size() const { return static_cast<std::uint32_t>(all_.size()); }
  bool active(std::uint32_t p) const { return active_[p]; }
  Checker& operator[](std::uint32_t p) { return *all_[p]; }
  const Checker& operator[](std::uint32_t p) const { return *all_[p]; }

  // Each returns the bitmask of property slots the step or state violates.
  /// Renames the monitors of the checked properties (Checker::rename_monitor).
  void rename_monitors(const Renaming& r, const Work& from, Work& to) const {
    for (std::uint32_t p = 0; p < all_.size(); ++p)
      if (active_[p]) all_[p]->rename_monitor(r, from, to);
  }

  std::uint64_t on_deliver(const Work& pre, Work& post, const Delivery& d) {
    std::uint64_t v = 0;
    for (const auto& [c, bit] : deliver_) v |= c->on_deliver(pre, post, d) ? bit : 0;
    return v;
  }
  std::uint64_t on_update(const Work& pre, const Work& post) {
    std::uint64_t v = 0;
    for (const auto& [c, bit] : update_) v |= c->on_update(pre, post) ? bit : 0;
    return v;
  }
  /// `events`: the records [event id, size, values...] of the step's `emit`s, in order.
  std::uint64_t on_events(const Work& pre, Work& post, const std::vector<Value>& events);
  // These three evaluate predicates on a state: a runtime error there is the state's, thrown
  // as a StateCheckError naming the property (never taken for the step that reached it).
  std::uint64_t on_state(const Work& w, Interp& in) {
    std::uint64_t v = 0;
    for (const auto& [c, bit] : state_) try {
        v |= c->on_state(w, in) ? bit : 0;
      } catch (const RuntimeError& e) {
        state_check_failed(*c, e);
      }
    return v;
  }
  std::uint64_t on_terminal(const Work& w, Interp& in) {
    std::uint64_t v = 0;
    for (const auto& [c, bit] : terminal_) try {
        v |= c->on_terminal(w, in) ? bit : 0;
      } catch (const RuntimeError& e) {
        state_check_failed(*c, e);
      }
    return v;
  }
  std::uint64_t on_quiescent(const Work& w, Interp& in) {
    std::uint64_t v = 0;
    for (const auto& [c, bit] : quiescent_) try {
        v |= c->on_quiescent(w, in) ? bit : 0;
      } catch (const RuntimeError& e) {
        state_check_failed(*c, e);
      }
    return v;
  }
  bool watches_quiescent() const { return !quiescent_.empty(); }
  bool watches_states() const { return !state_.empty(); }
  /// What the end of a state's expansion decides, for every search (sequential, parallel,
  /// simulation): on_terminal when the state has no step, on_quiescent when none of its `steps`
  /// is weakly fair (`fair_steps` == 0, terminal states included): a run may stop there.
  std::uint64_t on_expanded(const Work& w, Interp& in, std::uint32_t steps, std::uint32_t fair_steps) {
    std::uint64_t v = steps == 0 ? on_terminal(w, in) : 0;
    if (fair_steps == 0 && !quiescent_.empty()) v |= on_quiescent(w, in);
    return v;
  }
  /// Appends the explanation of every slot of `violated` whose explanation varies (slot
  /// order), taking it from its checker (Checker::take_explanation).
  void take_explanations(std::uint64_t violated, std::vector<std::string>& out) {
    std::uint64_t v = violated & varying_mask_;
    for (std::uint32_t p = 0; v; ++p, v >>= 1)
      if (v & 1) out.push_back(all_[p]->take_explanation());
  }
  /// The slots a failed assertion violates.
  std::uint64_t on_assertion() const { return assertion_mask_; }
  /// Whether some checked property watches events (otherwise `emit` is not evaluated).
  bool watches_events() const { return !event_.empty(); }
  /// The monitors' state of `w`, in slot order.
  void describe(const Work& w, StateLines& out) const;

 private:
  /// Throws `e` as the StateCheckError of checker c's property.
  [[noreturn]] static void state_check_failed(const Checker& c, const RuntimeError& e);

  using Entry = std::pair<Checker*, std::uint64_t>;
  std::vector<std::unique_ptr<Checker>> all_;
  std::vector<bool> active_;
  std::vector<Entry> deliver_, update_, event_, state_, terminal_, quiescent_;
  void enlist(Layout& L, std::uint32_t p);
  std::vector<const Checker*> describe_;
  std::uint64_t assertion_mask_ = 0;
  std::uint64_t varying_mask_ = 0;  // the slots whose explanation varies
};

}  // namespace dpu::explicit_
