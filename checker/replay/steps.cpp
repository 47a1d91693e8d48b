#include "replay/steps.hpp"

#include <algorithm>
#include <functional>

namespace dpu::replay {

using model::Binding;

namespace {

/// A rule or handler step is a weakly fair task unless the member is `unfair` or the
/// executing process is faulty (semantics §3: a faulty process may withhold every step).
bool fair_at(const model::Model& m, model::Fairness f, const Proc& p) {
  return f == model::Fairness::Weak && !is_faulty(m, p);
}

StepResult not_enabled(std::string why) {
  StepResult r;
  r.why_not = std::move(why);
  return r;
}

/// The step whose guard hit a runtime error: taken, and failing (semantics §3).
StepResult failed_guard(const State& pre, const RuntimeError& e) {
  StepResult r;
  r.enabled = true;
  r.post = pre;
  r.error = e;
  return r;
}

/// Runs `body` on a copy of `pre` after `prepare`, with `choices`. Disabled branches and
/// choices that do not fit come back as not enabled; assertion failures and runtime errors
/// as an enabled step that carries them.
StepResult run(const Universe& u, const State& pre, Choices& choices,
               const std::function<void(State&)>& prepare, const std::function<void(Interp&)>& body) {
  StepResult r;
  r.post = pre;
  prepare(r.post);
  Interp in(u, r.post, &choices);
  try {
    body(in);
    r.enabled = true;
  } catch (const Disabled& d) {
    r.why_not = d.why;
  } catch (const BadChoice& b) {
    r.why_not = b.why;
  } catch (const AssertionFailed& f) {
    r.enabled = true;
    r.assertion = f;
  } catch (const RuntimeError& e) {
    r.enabled = true;
    r.error = e;
  }
  return r;
}

/// Whether some branch of the body is enabled (every choice vector is tried).
bool some_branch(const Universe& u, const State& pre, const std::function<void(State&)>& prepare,
                 const std::function<void(Interp&)>& body) {
  Choices c = Choices::enumerating();
  do {
    if (run(u, pre, c, prepare, body).enabled) return true;
  } while (c.next());
  return false;
}

// ---- protocol actions (rule Comm) -----------------------------------------------------------

/// Why `Q` cannot deliver the copy of `msg` now, or "" when it can.
std::string delivery_blocked(const Universe& u, const State& s, std::uint32_t msg, Value q) {
  const model::Model& m = *u.m;
  const Copy& c = s.copies.at(msg).at(static_cast<std::size_t>(q));
  std::string copy = "copy " + msg_label(msg) + " to " + u.stack_name(q);
  if (c.status == CopyStatus::Unsent) return copy + " is not sent yet";
  if (c.status == CopyStatus::Delivered) return copy + " is already delivered";
  if (is_crashed(s, Proc{u.stack_family, q})) return u.stack_name(q) + " is crashed";
  const std::string& a = m.modules[c.tag].name;
  if (binding(s, q, c.tag) == Binding::Absent)
    return a + " is absent in " + u.stack_name(q) + " (the copy waits)";
  for (Id need : m.modules[c.tag].requires_)
    if (bound_provider(u, s, q, need) == model::kNone)
      return a + " requires " + m.services[need].name + ", which has no bound module in " + u.stack_name(q);
  const ProtoMsg& pm = u.msgs[msg];
  model::Order order = m.services[pm.service].order;
  for (std::uint32_t o = 0; o < u.msgs.size() && order != model::Order::None; ++o) {
    const Copy& oc = s.copies[o][static_cast<std::size_t>(q)];
    if (o == msg || oc.status != CopyStatus::Sent || oc.tag != c.tag) continue;
    const ProtoMsg& om = u.msgs[o];
    if (order == model::Order::Fifo && om.workload == pm.workload && om.origin == pm.origin &&
        om.call < pm.call)
      return a + " is fifo and the earlier " + msg_label(o) + " from the same sender is undelivered at " +
             u.stack_name(q);
    if (order == model::Order::Total && s.sent_at[o] < s.sent_at[msg])
      return a + " is total-order and " + msg_label(o) + ", sent earlier, is undelivered at " +
             u.stack_name(q);
  }
  return "";
}

StepResult deliver(const Universe& u, const State& pre, const Action& a) {
  if (!a.message || *a.message >= u.msgs.size())
    return not_enabled("the trace names no valid protocol message");
  std::uint32_t msg = *a.message;
  Value q = a.process;
  if (q < 0 || q >= u.nstacks) return not_enabled("stack index " + std::to_string(q) + " out of range");
  const Copy& c = pre.copies[msg][static_cast<std::size_t>(q)];
  if (a.module && c.status != CopyStatus::Unsent && *a.module != c.tag)
    return not_enabled("copy " + msg_label(msg) + " to " + u.stack_name(q) + " is tagged " +
                       u.m->modules[c.tag].name + ", not " + u.m->modules.at(*a.module).name);
  if (std::string why = delivery_blocked(u, pre, msg, q); !why.empty()) return not_enabled(why);
  StepResult r;
  r.enabled = true;
  r.post = pre;
  r.post.copies[msg][static_cast<std::size_t>(q)].status = CopyStatus::Delivered;
  r.post.deliveries.push_back(Delivery{msg, q, c.tag});
  r.task = Task{Kind::Deliver, msg, q};
  r.name = "[" + msg_label(msg) + "]" + u.stack_name(q) + "." + u.m->modules.at(c.tag).name;
  r.rule = "rule Comm";
  return r;
}

/// Why stack `o` cannot call workload `w` now, or "".
std::string call_blocked(const Universe& u, const State& s, Id w, Value o) {
  const model::Workload& wl = u.m->workloads.at(w);
  if (is_crashed(s, Proc{u.stack_family, o})) return u.stack_name(o) + " is crashed";
  if (s.calls[w][static_cast<std::size_t>(o)] >= wl.calls_per_stack)
    return u.stack_name(o) + " already made its " + std::to_string(wl.calls_per_stack) + " call(s) of " +
           u.m->services[wl.service].name;
  if (bound_provider(u, s, o, wl.service) == model::kNone)
    return u.stack_name(o) + " has no bound module of " + u.m->services[wl.service].name;
  return "";
}

StepResult call(const Universe& u, const State& pre, const Action& a) {
  const model::Model& m = *u.m;
  if (a.index >= m.workloads.size()) return not_enabled("the trace names no valid workload");
  Value o = a.process;
  if (o < 0 || o >= u.nstacks) return not_enabled("stack index " + std::to_string(o) + " out of range");
  if (std::string why = call_blocked(u, pre, a.index, o); !why.empty()) return not_enabled(why);
  const model::Workload& wl = m.workloads[a.index];
  Id mod = bound_provider(u, pre, o, wl.service);
  std::uint32_t msg = u.msg_id(a.index, o, pre.calls[a.index][static_cast<std::size_t>(o)]);
  if (a.message && *a.message != msg)
    return not_enabled("the next message of " + u.stack_name(o) + " is " + msg_label(msg) + ", not " +
                       msg_label(*a.message));
  if (a.module && *a.module != mod)
    return not_enabled("the bound module of " + m.services[wl.service].name + " in " + u.stack_name(o) +
                       " is " + m.modules[mod].name + ", not " + m.modules.at(*a.module).name);
  Value dest = a.dest.value_or(0);
  if (!wl.broadcast && (dest < 0 || dest >= u.nstacks))
    return not_enabled("destination stack " + std::to_string(dest) + " out of range");
  StepResult r;
  r.enabled = true;
  r.post = pre;
  State& s = r.post;
  s.calls[a.index][static_cast<std::size_t>(o)] += 1;
  s.sent_at[msg] = s.next_send++;
  for (Value q = 0; q < u.nstacks; ++q)
    if (wl.broadcast || q == dest) s.copies[msg][static_cast<std::size_t>(q)] = Copy{CopyStatus::Sent, mod};
  r.name = u.stack_name(o) + "." + m.services[wl.service].name + "(" + msg_label(msg) + ")" +
           (wl.broadcast ? "" : " to " + u.stack_name(dest));
  r.rule = "rule Comm";
  return r;
}

// ---- update actions -------------------------------------------------------------------------

/// Why rule `id` at `inst` is not enabled before its body runs (alive, guard), or "". A guard
/// that hits a runtime error makes the step a runtime error (semantics §3): with
/// `guard_error`, that error is stored there and "" returned.
std::string rule_blocked(const Universe& u, const State& s, Id id, Value inst,
                         std::optional<RuntimeError>* guard_error = nullptr) {
  const model::Model& m = *u.m;
  const model::Rule& rule = m.rules[id];
  if (rule.family != model::kNone) {
    if (inst < 0 || inst >= m.families[rule.family].count)
      return "instance " + std::to_string(inst) + " out of range";
    if (rule.fixed_instance && *rule.fixed_instance != inst)
      return "rule " + rule.name + " runs only at " + u.proc_name(Proc{rule.family, *rule.fixed_instance});
    if (is_crashed(s, Proc{rule.family, inst})) return u.proc_name(Proc{rule.family, inst}) + " is crashed";
  }
  if (!rule.guard) return "";
  State copy = s;
  Choices none = Choices::enumerating();
  Interp in(u, copy, &none);
  in.self = rule.family == model::kNone ? Proc{} : Proc{rule.family, inst};
  in.slots[0] = Val{inst, {}};
  try {
    if (!in.truth(*rule.guard)) return "the guard of rule " + rule.name + " is false";
  } catch (const RuntimeError& e) {
    if (guard_error) {
      *guard_error = e;
      return "";
    }
    return "the guard of rule " + rule.name + " fails: " + e.message;
  }
  return "";
}

void run_rule_body(const model::Rule& rule, Value inst, Interp& in) {
  in.self = rule.family == model::kNone ? Proc{} : Proc{rule.family, inst};
  in.slots.clear();
  in.slots[0] = Val{inst, {}};
  in.exec(rule.body);
}

StepResult rule_step(const Universe& u, const State& pre, const Action& a) {
  const model::Model& m = *u.m;
  if (a.index >= m.rules.size()) return not_enabled("the trace names no valid rule");
  const model::Rule& rule = m.rules[a.index];
  Value inst = rule.family == model::kNone ? 0 : a.process;
  std::optional<RuntimeError> guard_error;
  if (std::string why = rule_blocked(u, pre, a.index, inst, &guard_error); !why.empty())
    return not_enabled(why);
  const std::string name =
      rule.name + " at " + (rule.family == model::kNone ? "global" : u.proc_name(Proc{rule.family, inst}));
  if (guard_error) {
    StepResult r = failed_guard(pre, *guard_error);
    r.name = name, r.rule = "rule " + rule.name;
    return r;
  }
  Choices c = Choices::replaying(a.choices);
  StepResult r = run(
      u, pre, c, [](State&) {}, [&](Interp& in) { run_rule_body(rule, inst, in); });
  if (r.enabled && c.unused() && !r.assertion && !r.error)
    return not_enabled("the trace gives " + std::to_string(c.unused()) +
                       " more branch choice(s) than the body makes");
  r.name = name, r.rule = "rule " + rule.name;
  if (!r.enabled && r.why_not.empty()) r.why_not = "no branch of rule " + rule.name + " is enabled";
  if (fair_at(m, rule.fairness, Proc{rule.family, inst})) r.task = Task{Kind::Rule, a.index, inst};
  return r;
}

/// The control messages `receiver` may take from channel `c` now (semantics §3), as indices.
std::vector<std::size_t> deliverable(const Universe& u, const State& s, Id c, const Proc& receiver) {
  const auto& ch = s.channels.at(c);
  std::vector<std::size_t> out;
  auto to_receiver = [&](const Control& e) {
    return std::find(e.receivers.begin(), e.receivers.end(), receiver) != e.receivers.end();
  };
  switch (u.m->channels[c].order) {
    case model::ChannelOrder::Unordered:
      for (std::size_t i = 0; i < ch.size(); ++i)
        if (to_receiver(ch[i])) out.push_back(i);
      break;
    case model::ChannelOrder::Fifo: {
      std::vector<Proc> senders_seen;
      for (std::size_t i = 0; i < ch.size(); ++i) {
        if (!to_receiver(ch[i])) continue;
        if (std::find(senders_seen.begin(), senders_seen.end(), ch[i].sender) != senders_seen.end()) continue;
        senders_seen.push_back(ch[i].sender);  // the head of the (sender, receiver) queue
        out.push_back(i);
      }
      break;
    }
    case model::ChannelOrder::Total:
      for (std::size_t i = 0; i < ch.size(); ++i)
        if (to_receiver(ch[i])) {
          out.push_back(i);
          break;
        }
      break;
  }
  return out;
}

/// Whether handler `h` accepts `e` at `receiver` by message kind, family and sender.
bool accepts(const model::Model& m, const model::Handler& h, const Control& e, const Proc& receiver) {
  if (h.on_recover || h.message != e.kind || h.family != receiver.family) return false;
  if (h.fixed_instance && *h.fixed_instance != receiver.instance) return false;
  return h.from_family == model::kNone || e.sender.family == h.from_family;
}

void bind_handler_frame(const model::Handler& h, const Control& e, const Proc& receiver, Interp& in) {
  in.self = receiver;
  in.slots.clear();
  in.slots[0] = Val{receiver.instance, {}};
  if (h.from_slot != model::kNone)
    in.slots[h.from_slot] = Val{e.sender.family == model::kNone ? 0 : e.sender.instance, {}};
  for (std::size_t k = 0; k < h.param_slots.size() && k < e.fields.size(); ++k)
    in.slots[h.param_slots[k]] = e.fields[k];
}

void consume(const model::Model& m, State& s, Id c, std::size_t i, const Proc& receiver) {
  auto& ch = s.channels[c];
  if (m.channels[c].order == model::ChannelOrder::Total) {
    std::erase(ch[i].receivers, receiver);
    if (!ch[i].receivers.empty()) return;
  }
  ch.erase(ch.begin() + static_cast<std::ptrdiff_t>(i));
}

/// Scalars flattened as the trace's `control` vector lists them (spec/trace-format.md); false
/// when a field is not scalar (then fields are not compared).
bool flat_fields(const model::Model& m, const Control& e, std::vector<Value>& out) {
  const auto& fields = m.messages.at(e.kind).fields;
  for (std::size_t k = 0; k < fields.size() && k < e.fields.size(); ++k) {
    if (!model::is_scalar(m.types.at(fields[k].second))) return false;
    out.push_back(e.fields[k].v);
  }
  return true;
}

std::string control_name(const Universe& u, const Control& e) {
  std::string out = u.m->messages.at(e.kind).name;
  if (!e.fields.empty()) {
    out += "(";
    const auto& fields = u.m->messages[e.kind].fields;
    for (std::size_t k = 0; k < e.fields.size() && k < fields.size(); ++k)
      out += (k ? ", " : "") + val_to_string(*u.m, fields[k].second, e.fields[k]);
    out += ")";
  }
  return out + " from " + u.proc_name(e.sender);
}

/// A handler step as a trace's `action` names it: the message kind, the receiver and the sender
/// of the control message actually taken.
std::string handler_name(const Universe& u, const model::Handler& h, const Proc& receiver, const Control& e) {
  return "on " + u.m->messages.at(h.message).name + " at " + u.proc_name(receiver) + " from " +
         (e.sender.family == model::kNone ? std::string("environment") : u.proc_name(e.sender));
}

StepResult handler_step(const Universe& u, const State& pre, const Action& a) {
  const model::Model& m = *u.m;
  if (a.index >= m.handlers.size()) return not_enabled("the trace names no valid handler");
  const model::Handler& h = m.handlers[a.index];
  if (h.on_recover) return not_enabled("an `on recover` handler runs only as part of a recover step");
  Proc receiver{h.family, a.process};
  if (a.process < 0 || a.process >= m.families.at(h.family).count)
    return not_enabled("instance " + std::to_string(a.process) + " out of range");
  if (is_crashed(pre, receiver)) return not_enabled(u.proc_name(receiver) + " is crashed");
  std::optional<Proc> sender;
  if (a.control.size() >= 2) sender = u.proc_of_pid(a.control[1]).value_or(Proc{});
  std::vector<Value> want_fields(a.control.size() > 3 ? a.control.begin() + 3 : a.control.end(),
                                 a.control.end());

  std::string seen;  // what was deliverable, for the message when nothing matches
  for (Id c = 0; c < m.channels.size(); ++c) {
    if (a.channel && *a.channel != c) continue;
    for (std::size_t i : deliverable(u, pre, c, receiver)) {
      const Control& e = pre.channels[c][i];
      seen += (seen.empty() ? "" : ", ") + control_name(u, e);
      if (!accepts(m, h, e, receiver)) continue;
      if (!a.control.empty() && a.control[0] != static_cast<Value>(e.kind)) continue;
      if (sender && !(*sender == e.sender)) continue;
      std::vector<Value> flat;
      if (!want_fields.empty() && flat_fields(m, e, flat) && flat != want_fields) continue;
      // this is the message: the guard decides, then the body with the trace's choices
      if (h.guard) {
        State copy = pre;
        Choices none = Choices::enumerating();
        Interp in(u, copy, &none);
        bind_handler_frame(h, e, receiver, in);
        try {
          if (!in.truth(*h.guard))
            return not_enabled("the guard of the handler of " + control_name(u, e) + " at " +
                               u.proc_name(receiver) + " is false");
        } catch (const RuntimeError& err) {
          StepResult r = failed_guard(pre, err);
          r.name = handler_name(u, h, receiver, e), r.rule = "handler " + m.messages.at(h.message).name;
          return r;
        }
      }
      Choices ch = Choices::replaying(a.choices);
      StepResult r = run(
          u, pre, ch, [&](State& s) { consume(m, s, c, i, receiver); },
          [&](Interp& in) {
            bind_handler_frame(h, e, receiver, in);
            in.exec(h.body);
          });
      if (r.enabled && ch.unused() && !r.assertion && !r.error)
        return not_enabled("the trace gives " + std::to_string(ch.unused()) +
                           " more branch choice(s) than the body makes");
      if (fair_at(m, h.fairness, receiver)) r.task = Task{Kind::Handler, a.index, a.process};
      r.name = handler_name(u, h, receiver, e), r.rule = "handler " + m.messages.at(h.message).name;
      return r;
    }
  }
  std::string what = m.messages.at(h.message).name;
  if (sender) what += " from " + u.proc_name(*sender);
  return not_enabled("no " + what + " is deliverable to " + u.proc_name(receiver) +
                     (seen.empty() ? " (nothing is)" : " (deliverable: " + seen + ")"));
}

// ---- faults -----------------------------------------------------------------------------------

const model::Fault* crash_fault(const model::Model& m, Id family) {
  for (const model::Fault& f : m.faults)
    if (f.kind == model::Fault::Kind::Crash && f.family == family) return &f;
  return nullptr;
}

Value crashed_count(const State& s, Id family) {
  auto it = s.crashed.find(family);
  return it == s.crashed.end() ? 0 : std::count(it->second.begin(), it->second.end(), true);
}

/// What the fault's bound is compared with: the crash events of the run so far for
/// `at most k crashes`, the processes crashed now for `at most k [down]`.
Value crash_bound_used(const State& s, const model::Fault& f) {
  if (!f.counts_events) return crashed_count(s, f.family);
  auto it = s.crash_events.find(f.family);
  return it == s.crash_events.end() ? 0 : it->second;
}

StepResult crash(const Universe& u, const State& pre, const Action& a) {
  const model::Model& m = *u.m;
  const model::Fault* f = a.family < m.families.size() ? crash_fault(m, a.family) : nullptr;
  if (!f) return not_enabled("the family has no `fault crash`");
  Proc p{a.family, a.process};
  if (a.process < 0 || a.process >= m.families[a.family].count) return not_enabled("instance out of range");
  if (is_crashed(pre, p)) return not_enabled(u.proc_name(p) + " is already crashed");
  if (crash_bound_used(pre, *f) >= f->at_most)
    return not_enabled(
        std::to_string(f->at_most) + (f->counts_events ? " crash(es) of " : " process(es) of ") +
        m.families[a.family].name + (f->counts_events ? " already happened" : " are already crashed"));
  StepResult r;
  r.enabled = true;
  r.post = pre;
  r.post.crashed[a.family][static_cast<std::size_t>(a.process)] = true;
  if (f->counts_events) ++r.post.crash_events[a.family];
  for (Id c = 0; c < m.channels.size(); ++c) {  // reading E3: its control messages are lost
    auto& ch = r.post.channels[c];
    for (Control& e : ch) std::erase(e.receivers, p);
    std::erase_if(ch, [](const Control& e) { return e.receivers.empty(); });
  }
  r.name = "crash " + u.proc_name(p), r.rule = "fault";
  return r;
}

void run_recover(const model::Model& m, const Proc& p, Interp& in) {
  in.init_vars(p.family, p.instance);
  for (const model::Handler& h : m.handlers) {
    if (!h.on_recover || h.family != p.family) continue;
    if (h.fixed_instance && *h.fixed_instance != p.instance) continue;
    in.self = p;
    in.slots.clear();
    in.slots[0] = Val{p.instance, {}};
    in.exec(h.body);
  }
}

StepResult recover(const Universe& u, const State& pre, const Action& a) {
  const model::Model& m = *u.m;
  const model::Fault* f = a.family < m.families.size() ? crash_fault(m, a.family) : nullptr;
  if (!f || !f->recover) return not_enabled("the family has no `fault crash ... recover`");
  Proc p{a.family, a.process};
  if (a.process < 0 || a.process >= m.families[a.family].count) return not_enabled("instance out of range");
  if (!is_crashed(pre, p)) return not_enabled(u.proc_name(p) + " is not crashed");
  Choices c = Choices::replaying(a.choices);
  StepResult r = run(
      u, pre, c, [&](State& s) { s.crashed[a.family][static_cast<std::size_t>(a.process)] = false; },
      [&](Interp& in) { run_recover(m, p, in); });
  r.name = "recover " + u.proc_name(p), r.rule = "fault";
  return r;
}

}  // namespace

StepResult apply(const Universe& u, const State& pre, const Action& a) {
  switch (a.kind) {
    case Kind::Call:
      return call(u, pre, a);
    case Kind::Deliver:
      return deliver(u, pre, a);
    case Kind::Rule:
      return rule_step(u, pre, a);
    case Kind::Handler:
      return handler_step(u, pre, a);
    case Kind::Crash:
      return crash(u, pre, a);
    case Kind::Recover:
      return recover(u, pre, a);
  }
  return not_enabled("unknown step kind");
}

State initial_state(const Universe& u) {
  const model::Model& m = *u.m;
  State s;
  std::size_t nstacks = static_cast<std::size_t>(u.nstacks);
  s.bindings.assign(nstacks, std::vector<Binding>(m.modules.size(), Binding::Absent));
  if (m.stacks)
    for (auto& row : s.bindings)
      for (const auto& [mod, b] : m.stacks->initial) row[mod] = b;
  s.copies.assign(u.msgs.size(), std::vector<Copy>(nstacks));
  s.calls.assign(m.workloads.size(), std::vector<Value>(nstacks, 0));
  s.sent_at.assign(u.msgs.size(), 0);
  s.channels.assign(m.channels.size(), {});
  for (const model::Fault& f : m.faults)
    if (f.kind == model::Fault::Kind::Crash)
      s.crashed[f.family].assign(static_cast<std::size_t>(m.families[f.family].count), false);
  Choices none = Choices::enumerating();
  Interp in(u, s, &none);
  in.init_vars(model::kNone, 0);
  for (Id f = 0; f < m.families.size(); ++f)
    for (Value i = 0; i < m.families[f].count; ++i) in.init_vars(f, i);
  return s;
}

namespace {

/// Every enabled step of `s` as a (task, description) pair; stops early when `first_only`.
void enumerate(const Universe& u, const State& s, bool first_only,
               const std::function<void(std::optional<Task>, std::string)>& found) {
  const model::Model& m = *u.m;
  bool done = false;
  auto report = [&](std::optional<Task> t, std::string what) {
    found(t, std::move(what));
    done = first_only;
  };
  for (Id w = 0; w < m.workloads.size() && !done; ++w)
    for (Value o = 0; o < u.nstacks && !done; ++o)
      if (call_blocked(u, s, w, o).empty())
        report(std::nullopt, u.stack_name(o) + " calls " + m.services[m.workloads[w].service].name);
  for (std::uint32_t msg = 0; msg < u.msgs.size() && !done; ++msg)
    for (Value q = 0; q < u.nstacks && !done; ++q)
      if (delivery_blocked(u, s, msg, q).empty()) {
        Task t{Kind::Deliver, msg, q};
        report(t, describe(u, t));
      }
  for (Id r = 0; r < m.rules.size() && !done; ++r) {
    const model::Rule& rule = m.rules[r];
    Value n = rule.family == model::kNone ? 1 : m.families[rule.family].count;
    for (Value i = 0; i < n && !done; ++i) {
      if (!rule_blocked(u, s, r, i).empty()) continue;
      if (!some_branch(
              u, s, [](State&) {}, [&](Interp& in) { run_rule_body(rule, i, in); }))
        continue;
      Task t{Kind::Rule, r, i};
      report(fair_at(m, rule.fairness, Proc{rule.family, i}) ? std::optional<Task>(t) : std::nullopt,
             describe(u, t));
    }
  }
  for (Id h = 0; h < m.handlers.size() && !done; ++h) {
    const model::Handler& hd = m.handlers[h];
    if (hd.on_recover) continue;
    for (Value i = 0; i < m.families[hd.family].count && !done; ++i) {
      Proc receiver{hd.family, i};
      if (is_crashed(s, receiver)) continue;
      bool enabled = false;
      for (Id c = 0; c < m.channels.size() && !enabled; ++c)
        for (std::size_t k : deliverable(u, s, c, receiver)) {
          const Control& e = s.channels[c][k];
          if (!accepts(m, hd, e, receiver)) continue;
          auto body = [&](Interp& in) {
            bind_handler_frame(hd, e, receiver, in);
            if (hd.guard && !in.truth(*hd.guard)) throw Disabled{"guard"};
            in.exec(hd.body);
          };
          if (some_branch(
                  u, s, [&](State& st) { consume(m, st, c, k, receiver); }, body)) {
            enabled = true;
            break;
          }
        }
      if (!enabled) continue;
      Task t{Kind::Handler, h, i};
      report(fair_at(m, hd.fairness, receiver) ? std::optional<Task>(t) : std::nullopt, describe(u, t));
    }
  }
  for (const model::Fault& f : m.faults) {
    if (f.kind != model::Fault::Kind::Crash || done) continue;
    for (Value i = 0; i < m.families[f.family].count && !done; ++i) {
      Proc p{f.family, i};
      if (!is_crashed(s, p) && crash_bound_used(s, f) < f.at_most)
        report(std::nullopt, "crash " + u.proc_name(p));
      else if (is_crashed(s, p) && f.recover)
        report(std::nullopt, "recover " + u.proc_name(p));
    }
  }
}

}  // namespace

std::vector<Task> enabled_tasks(const Universe& u, const State& s) {
  std::vector<Task> out;
  enumerate(u, s, false, [&](std::optional<Task> t, const std::string&) {
    if (t) out.push_back(*t);
  });
  return out;
}

bool any_step_enabled(const Universe& u, const State& s, std::string* example) {
  bool any = false;
  enumerate(u, s, true, [&](std::optional<Task>, const std::string& what) {
    any = true;
    if (example) *example = what;
  });
  return any;
}

std::string describe(const Universe& u, const Task& t) {
  const model::Model& m = *u.m;
  switch (t.kind) {
    case Kind::Deliver:
      return "delivery of " + msg_label(t.index) + " at " + u.stack_name(t.where);
    case Kind::Rule: {
      const model::Rule& r = m.rules.at(t.index);
      return "rule " + r.name +
             (r.family == model::kNone ? "" : " at " + u.proc_name(Proc{r.family, t.where}));
    }
    case Kind::Handler: {
      const model::Handler& h = m.handlers.at(t.index);
      std::string what = h.on_recover ? "recover" : m.messages.at(h.message).name;
      return "handler " + what + " at " + u.proc_name(Proc{h.family, t.where});
    }
    default:
      return to_string(t.kind);
  }
}

std::string describe(const Universe& u, const Action& a) {
  const model::Model& m = *u.m;
  switch (a.kind) {
    case Kind::Call: {
      std::string svc = a.index < m.workloads.size() ? m.services[m.workloads[a.index].service].name : "?";
      return u.stack_name(a.process) + "." + svc + (a.message ? "(" + msg_label(*a.message) + ")" : "()");
    }
    case Kind::Deliver: {
      std::string mod = a.module && *a.module < m.modules.size() ? m.modules[*a.module].name : "?";
      return "[" + (a.message ? msg_label(*a.message) : std::string("m?")) + "]" + u.stack_name(a.process) +
             "." + mod;
    }
    case Kind::Rule:
      return a.index < m.rules.size() ? describe(u, Task{Kind::Rule, a.index, a.process}) : "rule ?";
    case Kind::Handler:
      return a.index < m.handlers.size() ? describe(u, Task{Kind::Handler, a.index, a.process}) : "handler ?";
    case Kind::Crash:
    case Kind::Recover:
      return std::string(to_string(a.kind)) + " " +
             (a.family < m.families.size() ? u.proc_name(Proc{a.family, a.process}) : std::string("?"));
  }
  return "?";
}

}  // namespace dpu::replay
