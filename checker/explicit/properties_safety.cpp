// Safety monitors: freedom, strong_update (ii), order, weak_update's terminal check,
// invariants, deadlock. Their definitions are spec/semantics.md §5.
#include "explicit/properties.hpp"

#include "explicit/protocol.hpp"

namespace dpu::explicit_ {

using model::PropertyKind;

std::uint32_t property_slots(const model::Model& m) {
  return static_cast<std::uint32_t>(m.properties.size()) + 2;
}

Monitors::Monitors(const Layout& layout, const std::vector<bool>& active)
    : L(layout), active_(active) {
  const auto& props = L.m.properties;
  if (props.size() + 2 > 64) throw Unsupported("more than 62 properties in one model");
  deadlock_ = static_cast<std::uint32_t>(props.size());
  assertion_ = deadlock_ + 1;
  check_deadlock_ = !L.m.allow_deadlock;
  for (const auto& p : props)
    frames_.push_back(frame_layout(L, &p.frame, {p.pred ? &*p.pred : nullptr}, {}));
  end_frame_ = frame_layout(L, &L.m.end_when_frame, {L.m.end_when ? &*L.m.end_when : nullptr}, {});
}

void Monitors::on_deliver(const Work& pre, Work& post, std::uint32_t msg, std::uint32_t dest, Id tag,
                          std::uint64_t& violated) const {
  const auto& props = L.m.properties;
  for (std::uint32_t p = 0; p < props.size(); ++p) {
    if (!active_[p]) continue;
    const auto& prop = props[p];
    if (prop.kind == PropertyKind::StrongUpdate) {
      std::uint32_t flag = L.mon.strong_flag[p];
      if (tag == prop.a && pre.v[flag]) violated |= std::uint64_t{1} << p;
      if (tag == prop.b) post.v[flag] = 1;
    } else if (prop.kind == PropertyKind::Order && L.msgs[msg].service == prop.service &&
               L.m.services[prop.service].order == model::Order::Fifo) {
      // FIFO: an earlier message of the same origin, sent to this stack, still undelivered.
      const auto& mm = L.msgs[msg];
      for (std::uint32_t o = 0; o < L.msgs.size(); ++o) {
        const auto& om = L.msgs[o];
        if (om.workload == mm.workload && om.origin == mm.origin && om.call < mm.call &&
            pre.v[L.off_status + L.copy(o, dest)] == kSent)
          violated |= std::uint64_t{1} << p;
      }
    }
  }
  // total order: every stack's delivery sequence is a prefix of one common sequence
  for (const auto& om : L.mon.order) {
    if (L.msgs[msg].service != om.service || !L.msgs[msg].broadcast) continue;
    Value& cursor = post.v[om.cursor + dest];
    Value& len = post.v[om.len];
    if (cursor < len) {
      if (post.v[om.seq + cursor] != static_cast<Value>(msg) + 1) violated |= std::uint64_t{1} << om.prop;
    } else {
      post.v[om.seq + len] = static_cast<Value>(msg) + 1;
      ++len;
    }
    ++cursor;
  }
}

void Monitors::on_update(const Work& pre, const Work& post, std::uint64_t& violated) const {
  const auto& props = L.m.properties;
  for (std::uint32_t p = 0; p < props.size(); ++p) {
    if (!active_[p] || props[p].kind != PropertyKind::Freedom) continue;
    Id a = props[p].a, b = props[p].b;
    for (std::uint32_t s = 0; s < L.nstacks; ++s) {
      bool binds_b = binding(L, pre, s, b) != model::Binding::Bound &&
                     binding(L, post, s, b) == model::Binding::Bound;
      if (binds_b && binding(L, pre, s, a) != model::Binding::Absent && !free_module(L, pre, a))
        violated |= std::uint64_t{1} << p;
    }
  }
}

bool Monitors::holds(Interp& in, const Work& w, const model::Expr& e, const FrameLayout& fl) const {
  std::vector<Value> frame(fl.size, 0);
  in.bind(const_cast<Work*>(&w), &fl, frame.data(), L.sender_none);
  return in.truth(e);
}

std::uint64_t Monitors::on_state(const Work& w, Interp& in) const {
  std::uint64_t violated = 0;
  const auto& props = L.m.properties;
  for (std::uint32_t p = 0; p < props.size(); ++p)
    if (active_[p] && props[p].kind == PropertyKind::Invariant && props[p].pred &&
        !holds(in, w, *props[p].pred, frames_[p]))
      violated |= std::uint64_t{1} << p;
  return violated;
}

std::uint64_t Monitors::on_terminal(const Work& w, Interp& in) const {
  std::uint64_t violated = 0;
  const auto& props = L.m.properties;
  for (std::uint32_t p = 0; p < props.size(); ++p) {
    if (!active_[p] || props[p].kind != PropertyKind::WeakUpdate) continue;
    for (std::uint32_t msg = 0; msg < L.msgs.size(); ++msg)
      for (std::uint32_t d = 0; d < L.nstacks; ++d)
        if (w.v[L.off_status + L.copy(msg, d)] == kSent && !crashed(L, w, L.family_base[L.stack_family] + d))
          violated |= std::uint64_t{1} << p;
  }
  if (check_deadlock_ && active_[deadlock_]) {
    bool proper_end = L.m.end_when && holds(in, w, *L.m.end_when, end_frame_);
    if (!proper_end) violated |= std::uint64_t{1} << deadlock_;
  }
  return violated;
}

bool default_termination_goal(const Layout& L, const Work& w) {
  for (const auto& u : L.m.updates)
    for (std::uint32_t s = 0; s < L.nstacks; ++s) {
      if (crashed(L, w, L.family_base[L.stack_family] + s)) continue;
      if (binding(L, w, s, u.to) != model::Binding::Bound || binding(L, w, s, u.from) != model::Binding::Absent)
        return false;
    }
  return true;
}

}  // namespace dpu::explicit_
