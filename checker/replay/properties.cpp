#include "replay/properties.hpp"

#include "replay/mdcd.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace dpu::replay {

using model::Binding;
using model::PropertyKind;

namespace {

using Goal = std::function<bool(const State&)>;

bool holds(const Universe& u, const State& s, const model::Expr& e) {
  State copy = s;  // predicates never write, but the interpreter takes a mutable state
  Choices none = Choices::enumerating();
  Interp in(u, copy, &none);
  return in.truth(e);
}

/// The default goal of `terminates` (semantics §5, D3): every alive stack has b bound and a
/// absent, for every update a -> b.
bool default_goal(const Universe& u, const State& s) {
  for (const model::Update& up : u.m->updates)
    for (Value q = 0; q < u.nstacks; ++q) {
      if (is_crashed(s, Proc{u.stack_family, q})) continue;
      if (binding(s, q, up.to) != Binding::Bound || binding(s, q, up.from) != Binding::Absent) return false;
    }
  return true;
}

std::string state_name(std::size_t i) {
  return i == 0 ? "the initial state" : "the state after step " + std::to_string(i);
}

/// Liveness (semantics §5 `terminates`): no state of the run satisfies the goal, and the run
/// either ends in a terminal state or is a lasso whose loop returns to the same state and is
/// weakly fair (every fair task enabled throughout the loop is taken in it).
Verdict avoids_goal_forever(const Universe& u, const Run& run, const Goal& goal,
                            const std::string& goal_name) {
  for (std::size_t i = 0; i < run.states.size(); ++i)
    if (goal(run.states[i])) return {false, state_name(i) + " satisfies " + goal_name};
  const std::size_t n = run.actions.size();
  if (!run.loop_start) {
    std::string example;
    if (any_step_enabled(u, run.states.back(), &example))
      return {false,
              "the trace is not a lasso and its last state is not terminal (" + example + " is enabled)"};
    return {true, "the run ends in a terminal state without reaching " + goal_name};
  }
  std::size_t l = *run.loop_start;
  if (l >= n) return {false, "the loop starts after the last step"};
  if (!same_system_state(u, run.states[l], run.states[n]))
    return {false, "the loop does not return to " + state_name(l) + ": " +
                       first_difference(u, run.states[l], run.states[n]) + " differ"};
  // weak fairness of the loop: a task enabled in every state of the loop must be taken in it
  std::vector<Task> always = enabled_tasks(u, run.states[l]);
  for (std::size_t i = l + 1; i < n && !always.empty(); ++i) {
    std::vector<Task> here = enabled_tasks(u, run.states[i]);
    std::erase_if(always,
                  [&](const Task& t) { return std::find(here.begin(), here.end(), t) == here.end(); });
  }
  for (const Task& t : always) {
    bool taken = false;
    for (std::size_t i = l; i < n && !taken; ++i) taken = run.tasks[i] && *run.tasks[i] == t;
    if (!taken)
      return {false, "the loop is not weakly fair: " + describe(u, t) +
                         " is enabled in every state of the loop and never taken"};
  }
  return {true, "steps " + std::to_string(l + 1) + ".." + std::to_string(n) +
                    " repeat forever (weakly fair) without reaching " + goal_name};
}

Verdict freedom(const Universe& u, const Run& run, Id a, Id b) {
  if (run.actions.empty()) return {false, "the trace has no step"};
  const State& pre = run.states[run.states.size() - 2];
  const State& post = run.states.back();
  const model::Model& m = *u.m;
  for (Value q = 0; q < u.nstacks; ++q) {
    bool binds_b = binding(pre, q, b) != Binding::Bound && binding(post, q, b) == Binding::Bound;
    if (!binds_b || binding(pre, q, a) == Binding::Absent) continue;
    if (is_free(u, pre, a))
      return {false, "the last step binds " + m.modules[b].name + " at " + u.stack_name(q) + " while " +
                         m.modules[a].name + " is free"};
    for (std::uint32_t msg = 0; msg < u.msgs.size(); ++msg)
      for (Value d = 0; d < u.nstacks; ++d) {
        const Copy& c = pre.copies[msg][static_cast<std::size_t>(d)];
        if (c.status == CopyStatus::Sent && c.tag == a)
          return {true, "the last step binds " + m.modules[b].name + " in place of " + m.modules[a].name +
                            " at " + u.stack_name(q) + " while " + m.modules[a].name + " is not free (" +
                            msg_label(msg) + " to " + u.stack_name(d) + " is undelivered)"};
      }
  }
  return {false, "the last step does not bind " + m.modules[b].name + " in place of " + m.modules[a].name +
                     " at any stack"};
}

Verdict strong_update(const Universe& u, const Run& run, Id a, Id b) {
  const model::Model& m = *u.m;
  const auto& d = run.states.back().deliveries;
  if (!run.loop_start && !d.empty() && d.back().tag == a && !run.actions.empty() &&
      run.actions.back().kind == Kind::Deliver) {
    for (std::size_t i = 0; i + 1 < d.size(); ++i)
      if (d[i].tag == b)
        return {true, u.stack_name(d.back().dest) + " delivers " + msg_label(d.back().msg) + " with " +
                          m.modules[a].name + " after " + u.stack_name(d[i].dest) + " delivered " +
                          msg_label(d[i].msg) + " with " + m.modules[b].name};
  }
  Verdict t = avoids_goal_forever(
      u, run, [&](const State& s) { return default_goal(u, s); }, "the end of the update");
  if (t.violated)
    t.why = "the update does not terminate: " + t.why;
  else
    t.why =
        "no delivery with " + m.modules[a].name + " follows one with " + m.modules[b].name + ", and " + t.why;
  return t;
}

Verdict weak_update(const Universe& u, const Run& run) {
  const State& s = run.states.back();
  if (!run.loop_start && !any_step_enabled(u, s)) {
    for (std::uint32_t msg = 0; msg < u.msgs.size(); ++msg)
      for (Value q = 0; q < u.nstacks; ++q)
        if (s.copies[msg][static_cast<std::size_t>(q)].status == CopyStatus::Sent &&
            !is_crashed(s, Proc{u.stack_family, q}))
          return {true, "the last state is terminal and " + msg_label(msg) + " to " + u.stack_name(q) +
                            " is never delivered (S_S != S_D)"};
  }
  Verdict t = avoids_goal_forever(
      u, run, [&](const State& st) { return default_goal(u, st); }, "the end of the update");
  if (t.violated)
    t.why = "the update does not terminate: " + t.why;
  else
    t.why = "no copy is lost at a terminal state, and " + t.why;
  return t;
}

Verdict order(const Universe& u, const Run& run, Id service) {
  const model::Model& m = *u.m;
  const auto& d = run.states.back().deliveries;
  std::map<Value, std::vector<std::uint32_t>> seq;  // per stack, the delivered messages of x
  for (const Delivery& x : d)
    if (u.msgs[x.msg].service == service) seq[x.dest].push_back(x.msg);
  if (m.services[service].order == model::Order::Total) {
    for (auto& [q, s] : seq) std::erase_if(s, [&](std::uint32_t msg) { return !u.msgs[msg].broadcast; });
    for (const auto& [p, sp] : seq)
      for (const auto& [q, sq] : seq) {
        std::size_t k = std::min(sp.size(), sq.size());
        for (std::size_t i = 0; i < k; ++i)
          if (sp[i] != sq[i])
            return {true, u.stack_name(p) + " delivers " + msg_label(sp[i]) + " as its message #" +
                              std::to_string(i + 1) + " of " + m.services[service].name + " and " +
                              u.stack_name(q) + " delivers " + msg_label(sq[i])};
      }
    return {false, "every stack's delivery sequence of " + m.services[service].name +
                       " is a prefix of one common sequence"};
  }
  if (m.services[service].order == model::Order::Fifo) {
    for (const auto& [q, s] : seq)
      for (std::size_t i = 0; i < s.size(); ++i)
        for (std::size_t j = i + 1; j < s.size(); ++j) {
          const ProtoMsg &x = u.msgs[s[i]], &y = u.msgs[s[j]];
          if (x.origin == y.origin && x.workload == y.workload && x.call > y.call)
            return {true, u.stack_name(q) + " delivers " + msg_label(s[i]) + " before " + msg_label(s[j]) +
                              " of the same sender"};
        }
    return {false, "every stack delivers each sender's messages in call order"};
  }
  return {false, "service " + m.services[service].name + " promises no order"};
}

// linearizable_commit (spec/properties.md), from the run's history of emitted events.
// With decide's upgrade field, decisions are kept per (group, upgrade), and an upgrade aborted
// at every correct group has ended: it counts as aborted everywhere, and the next decision of
// it by a correct group is a resubmission, a new installation that starts undecided.
struct CommitHistory {
  std::map<std::pair<Value, Value>, int>
      decided;            // (correct group, upgrade) -> bit 0 committed, bit 1 aborted
  std::set<Value> ended;  // upgrades aborted at every correct group
  bool both = false;      // a correct group committed and aborted one upgrade
  bool bad_txn = false;   // a transaction committed with both versions served
};

CommitHistory commit_history(const model::Model& m, const model::Property& p, const State& s) {
  const model::Type& gt = m.types[p.group_type];
  auto correct = [&](Value g) {
    return gt.kind != model::TypeKind::Family || !is_faulty(m, Proc{gt.ref, g - gt.lo});
  };
  const bool upgrades = p.upgrade_type != model::kNone;
  CommitHistory h;
  std::map<Value, int> txn;  // transaction -> bit 0 served old, bit 1 served new (its current run)
  for (const Emitted& e : s.events) {
    if (e.event == p.events[0] && correct(e.args.at(0).v)) {
      const Value u = upgrades ? e.args.at(2).v : 0;
      if (h.ended.erase(u))
        for (Value g = 0; g <= gt.hi - gt.lo; ++g) h.decided.erase({g + gt.lo, u});
      int& d = h.decided[{e.args.at(0).v, u}];
      d |= e.args.at(1).v ? 1 : 2;
      if (d == 3) h.both = true;
      if (upgrades && !e.args.at(1).v && !h.both) {
        bool all_aborted = true;
        for (Value g = 0; g <= gt.hi - gt.lo; ++g)
          if (correct(g + gt.lo)) {
            auto it = h.decided.find({g + gt.lo, u});
            if (it == h.decided.end() || it->second != 2) all_aborted = false;
          }
        if (all_aborted) h.ended.insert(u);
      }
    }
    if (e.event == p.events[1] && correct(e.args.at(1).v)) txn[e.args.at(0).v] |= e.args.at(2).v ? 2 : 1;
    if (e.event == p.events[2]) {
      if (e.args.at(1).v && txn[e.args.at(0).v] == 3) h.bad_txn = true;
      txn[e.args.at(0).v] = 0;
    }
  }
  return h;
}

Verdict linearizable_commit(const Universe& u, const Run& run, const model::Property& p) {
  const model::Model& m = *u.m;
  const model::Type& gt = m.types[p.group_type];
  using Part = model::Property::Part;
  std::vector<Value> correct_groups;
  for (Value g = 0; g <= gt.hi - gt.lo; ++g)
    if (gt.kind != model::TypeKind::Family || !is_faulty(m, Proc{gt.ref, g}))
      correct_groups.push_back(g + gt.lo);
  // The upgrades: decide's upgrade field's values, or one.
  std::vector<Value> upgrades{0};
  if (p.upgrade_type != model::kNone) {
    const model::Type& ut = m.types[p.upgrade_type];
    const Value lo = ut.kind == model::TypeKind::Bool ? 0 : ut.lo;
    upgrades.clear();
    for (Value v = lo; v < lo + model::cardinality(m, p.upgrade_type); ++v) upgrades.push_back(v);
  }
  auto decision = [](const CommitHistory& h, Value g, Value u) {
    auto it = h.decided.find({g, u});
    return it == h.decided.end() ? 0 : it->second;
  };
  if (p.part == Part::Liveness) {
    // Every correct group decided every upgrade; with an upgrade field, one of them is
    // committed at every correct group.
    auto goal = [&](const State& s) {
      CommitHistory h = commit_history(m, p, s);
      bool some = p.upgrade_type == model::kNone;
      for (Value u : upgrades) {
        bool all = true;
        for (Value g : correct_groups) {
          if (!decision(h, g, u)) return false;
          all &= decision(h, g, u) == 1;
        }
        some |= all;
      }
      return some;
    };
    // A run may also stop where no weakly fair step is enabled (only unfair and faulty steps,
    // which may never happen, are left).
    if (!run.loop_start && enabled_tasks(u, run.states.back()).empty()) {
      for (std::size_t i = 0; i < run.states.size(); ++i)
        if (goal(run.states[i])) return {false, state_name(i) + " has every correct group decided"};
      return {true,
              p.upgrade_type == model::kNone
                  ? "the run stops (no weakly fair step is enabled in the last state) with a correct group "
                    "undecided"
                  : "the run stops (no weakly fair step is enabled in the last state) with a correct group "
                    "undecided or no upgrade committed"};
    }
    return avoids_goal_forever(
        u, run, goal,
        p.upgrade_type == model::kNone
            ? "every correct group deciding the upgrade"
            : "some upgrade committed at every correct group, with every upgrade decided");
  }
  const State& last = run.states.back();
  CommitHistory h = commit_history(m, p, last);
  if (p.part == Part::Linearizability) {
    if (h.bad_txn)
      return {true, "a client transaction commits after correct groups served it with both versions"};
    return {false, "every committed client transaction was served on one side of the installation"};
  }
  if (h.both) return {true, "a correct group both commits and aborts an upgrade"};
  for (Value up : upgrades) {
    bool committed = false, aborted = false, undecided = false;
    for (Value g : correct_groups) {
      int d = decision(h, g, up);
      committed |= d == 1, aborted |= d == 2, undecided |= d == 0;
    }
    if (committed && aborted) return {true, "one correct group committed an upgrade and another aborted it"};
    if (committed && undecided && !run.loop_start && enabled_tasks(u, last).empty())
      return {true,
              "no weakly fair step is enabled in the last state, with a correct group committed and "
              "another undecided"};
  }
  return {false, "no correct group committed while another aborted, and the run does not end half committed"};
}

Verdict check_model_property(const Universe& u, const Run& run, const model::Property& p) {
  const State& last = run.states.back();
  switch (p.kind) {
    case PropertyKind::Freedom:
      return freedom(u, run, p.a, p.b);
    case PropertyKind::StrongUpdate:
      return strong_update(u, run, p.a, p.b);
    case PropertyKind::WeakUpdate:
      return weak_update(u, run);
    case PropertyKind::Order:
      return order(u, run, p.service);
    case PropertyKind::Invariant:
      if (!p.pred) return {false, "the invariant has no predicate"};
      if (holds(u, last, *p.pred)) return {false, "the last state satisfies " + p.name};
      return {true, "the last state violates " + p.name};
    case PropertyKind::Eventually:
    case PropertyKind::Terminates: {
      Goal goal = [&](const State& s) { return p.pred ? holds(u, s, *p.pred) : default_goal(u, s); };
      return avoids_goal_forever(u, run, goal, p.pred ? "the goal of " + p.name : "the end of the update");
    }
    case PropertyKind::Replaceable:
      return {false, "replaceable is a static property without a trace"};
    case PropertyKind::LinearizableCommit:
      return linearizable_commit(u, run, p);
    case PropertyKind::MdcdRecoverable:
      return mdcd_recoverable(u, run, p);
  }
  return {false, "unknown property kind"};
}

/// The trace's claim that evaluating property `run.state_error`'s predicate in its last state
/// fails (semantics §3): re-evaluated here. `end when` is evaluated only in terminal states.
Verdict state_error(const Universe& u, const Run& run) {
  const State& last = run.states.back();
  const model::Model& m = *u.m;
  const model::Expr* e = nullptr;
  std::string what = run.state_error;
  if (run.state_error == "deadlock") {
    std::string example;
    if (any_step_enabled(u, last, &example))
      return {false, "the last state is not terminal (" + example +
                         " is enabled): `end when` is not evaluated there"};
    e = m.end_when ? &*m.end_when : nullptr;
    what = "`end when`";
  } else {
    for (const model::Property& p : m.properties)
      if (p.name == run.state_error && p.pred) e = &*p.pred;
  }
  if (!e) return {false, "the trace names " + what + ", which has no predicate to evaluate"};
  try {
    holds(u, last, *e);
  } catch (const RuntimeError& err) {
    return {true, "evaluating " + what + " in the last state hits a runtime error: " + err.message};
  }
  return {false, "evaluating " + what + " in the last state hits no runtime error"};
}

}  // namespace

Verdict check_property(const Universe& u, const Run& run, const std::string& property) {
  const model::Model& m = *u.m;
  for (const model::Property& p : m.properties)
    if (p.name == property) {
      try {
        return check_model_property(u, run, p);
      } catch (const RuntimeError& e) {
        return {false, "evaluating " + property + " fails: " + e.message};
      }
    }
  if (property == "deadlock") {
    const State& s = run.states.back();
    std::string example;
    if (m.allow_deadlock) return {false, "the model allows deadlock"};
    if (any_step_enabled(u, s, &example))
      return {false, "the last state is not terminal (" + example + " is enabled)"};
    if (m.end_when && holds(u, s, *m.end_when))
      return {false, "the last state is terminal but satisfies `end when`"};
    return {true, "the last state is terminal and not a declared end state"};
  }
  if (property == "assertions") {
    if (run.last_assertion)
      return {true, "the last step fails the assertion \"" + run.last_assertion->text + "\""};
    return {false, "the last step fails no assertion"};
  }
  if (property == "runtime error") {
    if (run.last_error) return {true, "the last step hits a runtime error: " + run.last_error->message};
    if (!run.state_error.empty()) return state_error(u, run);
    return {false, "the last step hits no runtime error"};
  }
  return {false, "the model has no property named '" + property + "'"};
}

}  // namespace dpu::replay
