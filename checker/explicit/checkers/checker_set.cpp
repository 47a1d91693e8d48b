#include "explicit/checkers/checker_set.hpp"

namespace dpu::explicit_ {

std::uint32_t property_slots(const model::Model& m) {
  return static_cast<std::uint32_t>(m.properties.size()) + 2;
}

std::string property_name(const model::Model& m, std::uint32_t p) {
  if (p < m.properties.size()) return m.properties[p].name;
  return p == m.properties.size() ? "deadlock" : "assertions";
}

bool holds(const Layout& L, Interp& in, const Work& w, const model::Expr& e, const FrameLayout& fl) {
  std::vector<Value> frame(fl.size, 0);
  in.bind(const_cast<Work*>(&w), &fl, frame.data(), L.sender_none);
  return in.truth(e);
}

CheckerSet::CheckerSet(Layout& L, const std::vector<bool>& active) : active_(active) {
  const auto& props = L.m.properties;
  // violations travel as one 64-bit mask per step
  if (props.size() + 2 > 64) throw Unsupported("more than 62 properties in one model");
  for (const auto& p : props) all_.push_back(make_checker(L, p));
  all_.push_back(make_deadlock(L));
  all_.push_back(make_assertions(L));
  for (std::uint32_t p = 0; p < all_.size(); ++p)
    if (active_[p]) enlist(L, p);
}

std::uint32_t CheckerSet::watch(Layout& L, std::unique_ptr<Checker> c) {
  if (all_.size() >= 64) throw Unsupported("more than 64 checkers in one run");
  const auto p = static_cast<std::uint32_t>(all_.size());
  all_.push_back(std::move(c));
  active_.push_back(true);
  enlist(L, p);
  return p;
}

void CheckerSet::enlist(Layout& L, std::uint32_t p) {
  Checker* c = all_[p].get();
  c->layout(L);
  const std::uint64_t bit = std::uint64_t{1} << p;
  const unsigned h = c->hooks();
  if (h & Checker::kDeliver) deliver_.emplace_back(c, bit);
  if (h & Checker::kUpdate) update_.emplace_back(c, bit);
  if (h & Checker::kEvent) event_.emplace_back(c, bit);
  if (h & Checker::kState) state_.emplace_back(c, bit);
  if (h & Checker::kTerminal) terminal_.emplace_back(c, bit);
  if (h & Checker::kQuiescent) quiescent_.emplace_back(c, bit);
  if (h & Checker::kAssertion) assertion_mask_ |= bit;
  if (c->explanation_varies()) varying_mask_ |= bit;
  describe_.push_back(c);
}

StateCheckError state_check_error(const std::string& property, const RuntimeError& e) {
  StateCheckError err;
  // the deadlock slot evaluates the model's `end when`
  err.message = "evaluating " + (property == "deadlock" ? std::string("`end when`") : property) +
                " in the state reached: " + e.message;
  err.pos = e.pos;
  err.property = property;
  return err;
}

void CheckerSet::state_check_failed(const Checker& c, const RuntimeError& e) {
  throw state_check_error(c.name(), e);
}

std::uint64_t CheckerSet::on_events(const Work& pre, Work& post, const std::vector<Value>& events) {
  std::uint64_t v = 0;
  for (std::size_t at = 0; at + 2 <= events.size();) {
    Event e{static_cast<Id>(events[at]), events.data() + at + 2, static_cast<std::uint32_t>(events[at + 1])};
    for (const auto& [c, bit] : event_) v |= c->on_event(pre, post, e) ? bit : 0;
    at += 2 + e.size;
  }
  return v;
}

void CheckerSet::describe(const Work& w, StateLines& out) const {
  for (const Checker* c : describe_) c->describe(w, out);
}

}  // namespace dpu::explicit_
