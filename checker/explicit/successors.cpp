#include "explicit/successors.hpp"

#include <algorithm>

#include "explicit/protocol.hpp"
#include "explicit/trace.hpp"

namespace dpu::explicit_ {

using model::Binding;

Successors::Successors(const Layout& layout, CheckerSet& checkers) : L(layout), chk_(checkers), in_(layout) {
  post_.init(L);
  for (const auto& r : L.m.rules)
    rule_frames_.push_back(frame_layout(L, &r.frame, {r.guard ? &*r.guard : nullptr}, {&r.body}));
  for (const auto& h : L.m.handlers)
    handler_frames_.push_back(frame_layout(L, &h.frame, {h.guard ? &*h.guard : nullptr}, {&h.body}));
}

void Successors::initial(Work& w) {
  w.init(L);
  for (std::uint32_t s = 0; s < L.nstacks; ++s)
    for (const auto& [mod, b] : L.m.stacks->initial) w.v[L.bind_slot(s, mod)] = static_cast<Value>(b);
  in_.bind(&w, nullptr, nullptr, L.sender_none);
  for (Id v = 0; v < L.m.vars.size(); ++v) {
    Id fam = L.m.vars[v].family;
    std::uint32_t n = fam == model::kNone ? 1 : L.instance_count(fam);
    for (std::uint32_t i = 0; i < n; ++i) in_.init_var(v, i);
  }
}

std::string Successors::where() const { return describe_action(L.m, act_); }

std::uint32_t Successors::expand(const Work& pre, Sink& sink, bool describe) {
  describe_ = describe;
  sink_ = &sink;
  n_ = 0;
  try {
    calls(pre);
    deliveries(pre);
    rules(pre);
    handlers(pre);
    faults(pre);
  } catch (StateCheckError&) {  // a post state's property, not this step, failed: not prefixed
    throw;
  } catch (RuntimeError& e) {
    failed_ = act_;
    failed_.choices = in_.taken;
    e.message = "in " + where() + ": " + e.message;
    throw;
  }
  return n_;
}

void Successors::emit(const Work& pre, std::uint32_t task, std::uint64_t violated,
                      const AssertionFailure* af) {
  canonicalize(L, post_);
  Step st;
  st.post = &post_;
  st.task = task;
  st.violated = violated;
  st.assertion = af;
  // Only a step that ran a body (run_branches starts a fresh choice record) made choices;
  // calls, deliveries and crashes must not inherit the last body's.
  if (describe_) act_.choices = ran_body_ ? in_.taken : std::vector<std::uint32_t>{};
  st.detail = &act_;  // coverage counts kinds and indices; only describe needs the rest
  if (ran_body_ && in_.counts_arms()) st.arms = &in_.arms;
  ++n_;
  sink_->step(st);
  (void)pre;
}

// rule Comm, first half: P.x(m)
void Successors::calls(const Work& pre) {
  for (Id wl = 0; wl < L.m.workloads.size(); ++wl) {
    const auto& w = L.m.workloads[wl];
    for (std::uint32_t o = 0; o < L.nstacks; ++o) {
      Value made = pre.v[L.off_calls + wl * L.nstacks + o];
      if (made >= w.calls_per_stack || crashed(L, pre, L.family_base[L.stack_family] + o)) continue;
      Id a = bound_provider(L, pre, o, w.service);
      if (a == model::kNone) continue;
      std::uint32_t msg = L.workload_first_msg[wl] + o * static_cast<std::uint32_t>(w.calls_per_stack) +
                          static_cast<std::uint32_t>(made);
      bool ranked = L.m.services[w.service].order == model::Order::Total;
      Value rank = 0;
      if (ranked)
        for (std::uint32_t i = 0; i < L.msgs.size(); ++i) rank = std::max(rank, pre.v[L.off_rank + i]);
      // broadcast: one step sending a copy to every stack; p2p: one step per destination
      auto send = [&](std::uint32_t first, std::uint32_t last, std::uint32_t dest) {
        post_.copy_from(pre, L);
        post_.v[L.off_calls + wl * L.nstacks + o] = made + 1;
        if (ranked) post_.v[L.off_rank + msg] = rank + 1;
        for (std::uint32_t q = first; q < last; ++q) {
          post_.v[L.off_status + L.copy(msg, q)] = kSent;
          post_.v[L.off_tag + L.copy(msg, q)] = a;
        }
        act_ = Action{};
        act_.kind = ActionKind::Call, act_.process = o, act_.index = wl, act_.message = msg;
        act_.dest = dest, act_.module = a, act_.family = L.stack_family;
        emit(pre, Tasks::kNoTask, 0, nullptr);
      };
      if (w.broadcast)
        send(0, L.nstacks, 0);
      else
        for (std::uint32_t d = 0; d < L.nstacks; ++d) send(d, d + 1, d);
    }
  }
}

// rule Comm, second half: [m]Q.a
void Successors::deliveries(const Work& pre) {
  for (std::uint32_t msg = 0; msg < L.msgs.size(); ++msg) {
    const auto& mm = L.msgs[msg];
    const auto order = L.m.services[mm.service].order;
    for (std::uint32_t d = 0; d < L.nstacks; ++d) {
      std::uint32_t c = L.copy(msg, d);
      if (pre.v[L.off_status + c] != kSent || crashed(L, pre, L.family_base[L.stack_family] + d)) continue;
      Id a = static_cast<Id>(pre.v[L.off_tag + c]);
      if (binding(L, pre, d, a) == Binding::Absent) continue;
      bool ok = true;
      for (Id need : L.m.modules[a].requires_) ok = ok && bound_provider(L, pre, d, need) != model::kNone;
      for (std::uint32_t o = 0; o < L.msgs.size() && ok && order != model::Order::None; ++o) {
        std::uint32_t oc = L.copy(o, d);
        if (o == msg || pre.v[L.off_status + oc] != kSent || pre.v[L.off_tag + oc] != static_cast<Value>(a))
          continue;
        const auto& om = L.msgs[o];
        if (order == model::Order::Fifo)
          ok = !(om.workload == mm.workload && om.origin == mm.origin && om.call < mm.call);
        else
          ok = !(pre.v[L.off_rank + o] < pre.v[L.off_rank + msg]);
      }
      if (!ok) continue;
      post_.copy_from(pre, L);
      post_.v[L.off_status + c] = kDelivered;
      std::uint64_t violated = chk_.on_deliver(pre, post_, Delivery{msg, d, a});
      act_ = Action{};
      act_.kind = ActionKind::Deliver, act_.process = d, act_.message = msg, act_.module = a;
      act_.family = L.stack_family;
      emit(pre, L.tasks.deliver_base + c, violated, nullptr);
    }
  }
}

template <class Prepare, class Body>
void Successors::run_branches(const Work& pre, std::uint32_t task, Prepare&& prepare, Body&& body) {
  want_.clear();
  frame0_ = frame_;
  for (;;) {
    post_.copy_from(pre, L);
    prepare(post_);
    frame_ = frame0_;
    in_.start_choices(&want_);
    AssertionFailure caught;
    const AssertionFailure* af = nullptr;
    bool enabled = true;
    try {
      body(post_);
      enabled = !in_.disabled();
    } catch (AssertionFailure& f) {
      caught = f;
      af = &caught;
    }
    if (enabled) {
      std::uint64_t violated =
          in_.events.empty() || !chk_.watches_events() ? 0 : chk_.on_events(pre, post_, in_.events);
      violated |= chk_.on_update(pre, post_);
      ran_body_ = true;
      emit(pre, task, violated, af);
      ran_body_ = false;
    }
    std::vector<std::uint32_t> next;
    if (!in_.next_choices(next)) break;
    want_ = std::move(next);
  }
}

void Successors::rules(const Work& pre) {
  for (Id r = 0; r < L.m.rules.size(); ++r) {
    const auto& rule = L.m.rules[r];
    const auto& fl = rule_frames_[r];
    std::uint32_t first = 0, count = 1;
    if (rule.family != model::kNone) {
      if (rule.fixed_instance)
        first = static_cast<std::uint32_t>(*rule.fixed_instance);
      else
        count = L.instance_count(rule.family);
    }
    for (std::uint32_t i = first; i < first + count; ++i) {
      std::uint32_t pid = rule.family == model::kNone ? L.sender_none : L.family_base[rule.family] + i;
      if (pid != L.sender_none && crashed(L, pre, pid)) continue;
      act_ = Action{};
      act_.kind = ActionKind::Rule, act_.index = r, act_.family = rule.family, act_.process = i;
      frame_.assign(fl.size, 0);
      frame_[0] = i;
      in_.bind(const_cast<Work*>(&pre), &fl, frame_.data(), pid);
      in_.start_choices(nullptr);  // a guard makes no choices (and one that fails names none)
      if (rule.guard && !in_.truth(*rule.guard)) continue;
      std::uint32_t base = L.tasks.rule_base[r];
      std::uint32_t task = base == Tasks::kNoTask || (pid != L.sender_none && L.faulty[pid])
                               ? Tasks::kNoTask  // a faulty process may withhold any step (semantics §3)
                               : base + (rule.fixed_instance ? 0 : i);
      run_branches(
          pre, task, [](Work&) {},
          [&](Work& post) {
            in_.bind(&post, &fl, frame_.data(), pid);
            in_.exec(rule.body);
          });
    }
  }
}

void Successors::handlers(const Work& pre) {
  for (Id c = 0; c < L.m.channels.size(); ++c) {
    const bool total = L.m.channels[c].order == model::ChannelOrder::Total;
    const bool fifo = L.m.channels[c].order == model::ChannelOrder::Fifo;
    const std::uint32_t n = pre.count[c];
    // (entry, receiver) pairs deliverable now, in channel order
    for (std::uint32_t i = 0; i < n; ++i) {
      const Value* e = pre.entry(L, c, i);
      std::uint64_t receivers;
      if (total) {
        // receiver r may take entry i only if no earlier entry is still addressed to r
        std::uint64_t earlier = 0;
        for (std::uint32_t j = 0; j < i; ++j) earlier |= static_cast<std::uint64_t>(pre.entry(L, c, j)[2]);
        receivers = static_cast<std::uint64_t>(e[2]) & ~earlier;
      } else {
        if (i > 0) {
          const Value* prev = pre.entry(L, c, i - 1);
          if (fifo && prev[1] == e[1] && prev[2] == e[2]) continue;          // not the queue head
          if (!fifo && std::equal(prev, prev + L.entry_width, e)) continue;  // same multiset element
        }
        receivers = std::uint64_t{1} << e[2];
      }
      for (std::uint32_t r = 0; r < L.nprocs; ++r) {
        if (!(receivers >> r & 1) || crashed(L, pre, r)) continue;
        Id rfam = L.pid_family[r];
        std::uint32_t inst = r - L.family_base[rfam];
        std::uint32_t sender = static_cast<std::uint32_t>(e[1]);
        for (Id h = 0; h < L.m.handlers.size(); ++h) {
          const auto& hd = L.m.handlers[h];
          if (hd.on_recover || hd.message != static_cast<Id>(e[0]) || hd.family != rfam) continue;
          if (hd.fixed_instance && *hd.fixed_instance != static_cast<Value>(inst)) continue;
          if (hd.from_family != model::kNone &&
              (sender == L.sender_none || L.pid_family[sender] != hd.from_family))
            continue;
          const auto& fl = handler_frames_[h];
          handler_frame(h, inst, sender, e);
          act_ = Action{};
          act_.kind = ActionKind::Handler, act_.index = h, act_.family = rfam, act_.process = inst;
          act_.channel = c, act_.entry = i;
          if (describe_) act_.control = control_message(L, c, e);
          in_.bind(const_cast<Work*>(&pre), &fl, frame_.data(), r);
          in_.start_choices(nullptr);
          if (hd.guard && !in_.truth(*hd.guard)) continue;
          std::uint32_t base = L.tasks.handler_base[h];
          std::uint32_t task =
              base == Tasks::kNoTask || L.faulty[r] ? Tasks::kNoTask : base + (hd.fixed_instance ? 0 : inst);
          auto consume = [&, i, r](Work& post) {
            if (total) {
              Value* pe = post.entry(L, c, i);
              pe[2] &= ~(Value{1} << r);
              if (pe[2] == 0) post.erase(L, c, i);
            } else {
              post.erase(L, c, i);
            }
          };
          run_branches(pre, task, consume, [&](Work& post) {
            in_.bind(&post, &fl, frame_.data(), r);
            in_.exec(hd.body);
          });
        }
      }
    }
  }
}

void Successors::handler_frame(Id h, std::uint32_t inst, std::uint32_t sender, const Value* e) {
  const auto& hd = L.m.handlers[h];
  const auto& fl = handler_frames_[h];
  frame_.assign(fl.size, 0);
  frame_[0] = inst;
  if (hd.from_slot != model::kNone)
    frame_[fl.off[hd.from_slot]] = sender == L.sender_none ? 0 : sender - L.family_base[L.pid_family[sender]];
  std::uint32_t at = 3;
  const auto& mt = L.m.messages[hd.message];
  for (std::size_t k = 0; k < hd.param_slots.size() && k < mt.fields.size(); ++k) {
    std::uint32_t sz = L.ti(mt.fields[k].second).size;
    std::copy(e + at, e + at + sz, frame_.begin() + fl.off[hd.param_slots[k]]);
    at += sz;
  }
}

const model::Expr* Successors::bind_guard(const Work& pre, const Action& a) {
  if (a.kind == ActionKind::Rule) {
    const auto& rule = L.m.rules.at(a.index);
    std::uint32_t pid = rule.family == model::kNone ? L.sender_none : L.family_base[rule.family] + a.process;
    frame_.assign(rule_frames_[a.index].size, 0);
    frame_[0] = a.process;
    in_.bind(const_cast<Work*>(&pre), &rule_frames_[a.index], frame_.data(), pid);
    in_.start_choices(nullptr);
    return rule.guard ? &*rule.guard : nullptr;
  }
  if (a.kind == ActionKind::Handler) {
    const auto& hd = L.m.handlers.at(a.index);
    const Value* e = pre.entry(L, a.channel, a.entry);
    std::uint32_t pid = L.family_base[hd.family] + a.process;
    handler_frame(a.index, a.process, static_cast<std::uint32_t>(e[1]), e);
    in_.bind(const_cast<Work*>(&pre), &handler_frames_[a.index], frame_.data(), pid);
    in_.start_choices(nullptr);
    return hd.guard ? &*hd.guard : nullptr;
  }
  return nullptr;
}

void Successors::faults(const Work& pre) {
  for (std::size_t fi = 0; fi < L.m.faults.size(); ++fi) {
    const auto& f = L.m.faults[fi];
    if (f.kind != model::Fault::Kind::Crash) continue;
    std::uint32_t base = L.family_base[f.family], n = L.instance_count(f.family);
    std::uint32_t events = L.off_crash_events + static_cast<std::uint32_t>(fi);
    // The bound counts crash events of the run, or the processes down now (semantics §3).
    Value used = 0;
    if (f.counts_events)
      used = pre.v[events];
    else
      for (std::uint32_t i = 0; i < n; ++i) used += crashed(L, pre, base + i);
    for (std::uint32_t i = 0; i < n; ++i) {
      std::uint32_t pid = base + i;
      if (!crashed(L, pre, pid) && used < f.at_most) {
        act_ = Action{};
        act_.kind = ActionKind::Crash, act_.family = f.family, act_.process = i;
        post_.copy_from(pre, L);
        post_.v[L.off_crashed + pid] = 1;
        if (f.counts_events) post_.v[events] = used + 1;
        for (Id c = 0; c < L.m.channels.size(); ++c) {  // reading E3
          bool total = L.m.channels[c].order == model::ChannelOrder::Total;
          for (std::uint32_t k = post_.count[c]; k-- > 0;) {
            Value* e = post_.entry(L, c, k);
            if (total) {
              e[2] &= ~(Value{1} << pid);
              if (e[2] == 0) post_.erase(L, c, k);
            } else if (e[2] == static_cast<Value>(pid)) {
              post_.erase(L, c, k);
            }
          }
        }
        emit(pre, Tasks::kNoTask, chk_.on_update(pre, post_), nullptr);
      } else if (crashed(L, pre, pid) && f.recover) {
        act_ = Action{};
        act_.kind = ActionKind::Recover, act_.family = f.family, act_.process = i;
        frame_.assign(1, 0);
        run_branches(
            pre, Tasks::kNoTask,
            [&](Work& post) {
              post.v[L.off_crashed + pid] = 0;
              in_.bind(&post, nullptr, nullptr, pid);
              for (Id v : L.m.families[f.family].vars) in_.init_var(v, i);
            },
            [&](Work& post) {
              for (Id h = 0; h < L.m.handlers.size(); ++h) {
                const auto& hd = L.m.handlers[h];
                if (!hd.on_recover || hd.family != f.family) continue;
                if (hd.fixed_instance && *hd.fixed_instance != static_cast<Value>(i)) continue;
                std::vector<Value> frame(handler_frames_[h].size, 0);
                frame[0] = i;
                in_.bind(&post, &handler_frames_[h], frame.data(), pid);
                in_.exec(hd.body);
              }
            });
      }
    }
  }
}

}  // namespace dpu::explicit_
