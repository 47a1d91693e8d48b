// mdcd_recoverable on a replayed run (spec/properties.md, "MDCD recoverability"), written from
// the spec with plain sets: the events of the run are folded in order, and the run violates
// the property when the events of its last step do (and no earlier step did).
#include "replay/mdcd.hpp"

#include <map>
#include <set>

#include "model/mdcd.hpp"

namespace dpu::replay {

namespace {

using model::mdcd::Kind;
using model::mdcd::Reason;
using Set = std::set<Value>;

struct Snapshot {
  Set dep, recvd, sent;
};

struct Monitor {
  std::map<Value, Set> dep, recvd, sent, logged;  // per process
  std::map<std::pair<Value, Value>, Snapshot> snaps;
  std::map<Value, Set> depm;  // per message: the messages it depends on (itself included)
  Set low, err, transit, undone, valid, out;
  Set external;  // messages produced for the device
  bool recovered_once = false;
  std::map<Value, Value> src, dst;
  Set retired, clean;          // clean: rolled back with no unvalidated G_low dependence
  std::map<Value, Set> rbdep;  // what each process depended on when it rolled back
  std::map<Value, int> rolls;

  bool erroneous(const Set& d) const {
    for (Value x : d)
      if (err.count(x)) return true;
    return false;
  }

  // An external message kept from the device: its producer is in service, its state still
  // includes the production, the device has not received it and no log of the producer holds it.
  const Value* lost_external() const {
    for (Value x : external) {
      if (out.count(x)) continue;
      const Value from = src.at(x);
      if (retired.count(from)) continue;
      auto has = [&](const std::map<Value, Set>& per, Value proc) {
        auto it = per.find(proc);
        return it != per.end() && it->second.count(x) > 0;
      };
      if (!has(sent, from) || has(logged, from)) continue;
      return &*external.find(x);
    }
    return nullptr;
  }
};

struct Found {
  Reason reason = Reason::None;
  Value p = 0, x = 0;
};

Found recovered(Monitor& s);

// A recovery's checks are done: the next recovery counts rollbacks afresh.
Found finish(Monitor& s, Found f) {
  s.rolls.clear();
  s.clean.clear();
  s.rbdep.clear();
  return f;
}

// Applies one event; returns the violation it shows, if any. Values are the fields' own
// values (not offsets).
Found apply(Monitor& s, Kind k, Value p, Value q, Value m, Value c, bool flag) {
  switch (k) {
    case Kind::SentLow:
    case Kind::Sent: {
      Set d = s.dep[p];
      d.insert(m);
      s.depm[m] = d;
      if (k == Kind::SentLow)
        s.low.insert(m);
      else
        s.low.erase(m);
      if (k == Kind::SentLow && flag)
        s.err.insert(m);
      else
        s.err.erase(m);
      s.valid.erase(m);
      s.transit.insert(m);
      s.undone.erase(m);
      s.external.erase(m);
      s.src[m] = p, s.dst[m] = q;
      s.sent[p].insert(m);
      return {};
    }
    case Kind::External: {
      Set d = s.dep[p];
      d.insert(m);
      s.depm[m] = d;
      s.low.erase(m), s.err.erase(m), s.valid.erase(m), s.transit.erase(m), s.undone.erase(m);
      s.external.insert(m);
      s.src[m] = p, s.dst[m] = p;
      s.sent[p].insert(m);
      return {};
    }
    case Kind::Adopted:
      if (!s.dst.count(m)) return {};  // never sent: nothing to adopt
      s.src[m] = p;
      s.sent[p].insert(m);
      s.undone.erase(m);
      return {};
    case Kind::Received:
    case Kind::Replayed:
      if (s.recvd[p].count(m)) return {Reason::DuplicateReceipt, p, m};
      for (Value x : s.depm[m]) s.dep[p].insert(x);
      s.recvd[p].insert(m);
      if (k == Kind::Received) s.transit.erase(m);
      return {};
    case Kind::Dropped:
      s.transit.erase(m);
      return {};
    case Kind::Logged:
      if (flag)
        s.logged[p].insert(m);
      else
        s.logged[p].erase(m);
      return {};
    case Kind::Checkpointed:
      s.snaps[{p, c}] = Snapshot{s.dep[p], s.recvd[p], s.sent[p]};
      return {};
    case Kind::RolledBack: {
      auto it = s.snaps.find({p, c});
      if (it == s.snaps.end()) return {Reason::NoCheckpoint, p, c};
      bool suspect = false;
      for (Value x : s.dep[p]) suspect = suspect || (s.low.count(x) && !s.valid.count(x));
      if (!suspect) s.clean.insert(p);
      s.rbdep[p].insert(s.dep[p].begin(), s.dep[p].end());
      s.rolls[p] += 1;
      for (Value x : s.sent[p])
        if (!it->second.sent.count(x) && s.src.count(x) && s.src[x] == p) s.undone.insert(x);
      s.dep[p] = it->second.dep, s.recvd[p] = it->second.recvd, s.sent[p] = it->second.sent;
      return {};
    }
    case Kind::Validated:
      if (s.erroneous(s.dep[p])) return {Reason::ImperfectTest, p, 0};
      for (const Set* from : {&s.dep[p], &s.sent[p]})
        for (Value x : *from)
          if (s.low.count(x)) s.valid.insert(x);
      return {};
    case Kind::Output:
      if (!s.out.insert(m).second) return {Reason::DuplicateOutput, p, m};
      if (flag || s.erroneous(s.dep[p])) return {Reason::ErroneousOutput, p, m};
      return {};
    case Kind::Retired:
      s.retired.insert(p);
      for (const auto& [x, from] : s.src)
        if (from == p) s.undone.insert(x);
      return {};
    case Kind::Undeliverable:
      return {Reason::Undeliverable, p, m};
    case Kind::Recovered:
      return recovered(s);
  }
  return {};
}

// The checks at a completed recovery, in the order spec/properties.md lists them.
Found recovered(Monitor& s) {
  Found f;
  Set procs;
  for (const auto& [proc, got] : s.recvd) procs.insert(proc);
  for (const auto& [proc, d] : s.dep) procs.insert(proc);
  for (Value proc : procs) {
    if (s.retired.count(proc)) continue;
    Set xs = s.recvd[proc];
    xs.insert(s.dep[proc].begin(), s.dep[proc].end());
    for (Value x : xs) {
      if (s.recvd[proc].count(x) && s.undone.count(x)) return finish(s, {Reason::Orphan, proc, x});
      if (s.dep[proc].count(x) && s.err.count(x)) return finish(s, {Reason::ErroneousDependence, proc, x});
    }
  }
  for (const auto& [x, from] : s.src) {
    if (s.external.count(x)) continue;  // to the device: checked below
    const Value to = s.dst.at(x);
    if (s.retired.count(from) || s.retired.count(to) || !s.sent[from].count(x)) continue;
    if (s.recvd[to].count(x) || s.transit.count(x) || s.logged[to].count(x) || s.logged[from].count(x))
      continue;
    return finish(s, {Reason::Loss, to, x});
  }
  s.recovered_once = true;
  if (const Value* x = s.lost_external()) return finish(s, {Reason::ExternalLoss, s.src.at(*x), *x});
  for (const auto& [proc, n] : s.rolls) {
    bool forced = false;
    if (s.clean.count(proc))
      for (Value x : s.rbdep[proc]) forced = forced || s.undone.count(x) > 0;
    if (n > 1 || forced) return finish(s, {Reason::Cascade, proc, 0});
  }
  return finish(s, f);
}

// A violation found at `step` of a run of `n` states: the run shows it when that is its last step.
Verdict judge(const model::Model& m, const model::mdcd::Signature& sig, const Found& f, std::size_t step,
              std::size_t n) {
  const Value lo_x = f.reason == Reason::NoCheckpoint ? sig.c_lo : sig.m_lo;
  std::string why = model::mdcd::reason_text(m, sig, f.reason, f.p - sig.p_lo, f.x - lo_x);
  if (step + 1 != n)
    return {false,
            "step " + std::to_string(step) + " already violates it (" + why + "), before the last step"};
  return {true, "the last step violates it: " + why};
}

}  // namespace

Verdict mdcd_recoverable(const Universe& u, const Run& run, const model::Property& p) {
  const model::Model& m = *u.m;
  const model::mdcd::Signature sig = model::mdcd::signature(m, p.events.at(0));
  Monitor mon;
  std::size_t done = 0;
  const std::size_t n = run.states.size();
  for (std::size_t step = 1; step < n; ++step) {
    const auto& evs = run.states[step].events;
    for (std::size_t i = done; i < evs.size(); ++i) {
      const Emitted& e = evs[i];
      if (e.event != sig.event) continue;
      const model::mdcd::Kind k = sig.kind_of.at(static_cast<std::size_t>(e.args.at(0).v - sig.kind_lo));
      Found f =
          apply(mon, k, e.args.at(1).v, e.args.at(2).v, e.args.at(3).v, e.args.at(4).v, e.args.at(5).v != 0);
      if (f.reason == Reason::None) continue;
      return judge(m, sig, f, step, n);
    }
    done = evs.size();
    // after a completed recovery, every step's end: no external message kept from the device
    if (mon.recovered_once)
      if (const Value* x = mon.lost_external())
        return judge(m, sig, {Reason::ExternalLoss, mon.src.at(*x), *x}, step, n);
  }
  return {false, "no step violates it"};
}

}  // namespace dpu::replay
