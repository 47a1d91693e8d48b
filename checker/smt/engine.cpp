// check(): bounded model checking to --depth, then (with --prove) k-induction and Spacer for
// the properties it did not refute. Each property is decided on its own: its shortest
// violation, as `check --all` reports.
#include "smt/engine.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <stdexcept>

#include "model/replaceable.hpp"
#include "smt/decode.hpp"
#include "smt/search.hpp"

namespace dpu::smt {

using result::PropertyResult;
using result::Status;
using Kind = PropertySlot::Kind;

namespace {

using Clock = std::chrono::steady_clock;

bool has_blocking_choose(const model::Model& m) {
  bool found = false;
  auto scan = [&](auto& self, const model::Block& b) -> void {
    for (const auto& s : b) {
      found = found || (s.kind == model::StmtKind::Choose && !s.conds.empty());
      for (const auto& bb : s.blocks) self(self, bb);
    }
  };
  for (const auto& r : m.rules) scan(scan, r.body);
  for (const auto& h : m.handlers) scan(scan, h.body);
  return found;
}

}  // namespace

std::string explain_violation(const model::Model& m, const PropertySlot& p) {
  auto mod = [&](Id a) { return m.modules[a].name; };
  switch (p.kind) {
    case Kind::Freedom:
      return "a stack binds " + mod(p.prop->b) + " in place of " + mod(p.prop->a) + " while " +
             mod(p.prop->a) + " is not free: a copy tagged " + mod(p.prop->a) +
             " is sent but undelivered (rule Freedom)";
    case Kind::StrongUpdate:
      return mod(p.prop->a) + " delivers a message after " + mod(p.prop->b) +
             " has delivered one (Property 2 (ii))";
    case Kind::WeakUpdate:
      return "a terminal state has a sent copy that is never delivered: S_S != S_D (Property 1 (ii))";
    case Kind::Order:
      return "the delivery history of " + m.services[p.prop->service].name +
             " breaks its order guarantee (two stacks deliver in different orders)";
    case Kind::Invariant:
      return "invariant " + p.name + " does not hold";
    case Kind::Deadlock:
      return m.end_when
                 ? "a terminal state (nothing enabled) does not satisfy `end when`"
                 : "a terminal state (nothing enabled) is reached and the model does not allow deadlock";
    case Kind::Assertions:
      return "an assertion failed";
    default:
      return "violated";
  }
}

/// The part a holding verdict covers: update properties are decided only in their safety part.
std::string safety_part(const PropertySlot& p) {
  if (p.kind == Kind::StrongUpdate || p.kind == Kind::WeakUpdate) return "part (ii) ";
  return "";
}

std::string termination_note(const PropertySlot& p) {
  if (p.kind == Kind::StrongUpdate || p.kind == Kind::WeakUpdate)
    return "; part (i) (termination) is not decided by the SMT engine: use --engine explicit";
  return "";
}

result::Result check(const model::Model& m, const Options& o, Progress& progress) {
  result::Result r;
  const auto start = Clock::now();
  // Lemmas are invariants of the model, decided (first) as properties of their own.
  Options opt = o;
  for (const std::string& name : o.lemmas) {
    bool invariant = false;
    for (const auto& p : m.properties)
      invariant = invariant || (p.name == name && p.kind == model::PropertyKind::Invariant);
    if (!invariant) throw std::invalid_argument("--lemma " + name + ": not an invariant of the model");
    if (!opt.only_properties.empty() &&
        std::find(opt.only_properties.begin(), opt.only_properties.end(), name) == opt.only_properties.end())
      opt.only_properties.push_back(name);
  }
  std::vector<std::string> names = slot_names(m, opt.only_properties);  // throws for unknown names
  try {
    // Channel capacity: exact for the bound (no path of `depth` steps can add more entries);
    // for proofs too, since exceeding it is part of what k-induction must exclude (and a
    // bounded run that reaches it stops incomplete).
    std::uint64_t per_step = max_sends_per_step(m);
    // A capacity the user gives instead (a proof whose lemmas bound the channels needs one
    // above that bound, not one per step of k).
    std::uint64_t want =
        o.channel_capacity > 0
            ? o.channel_capacity
            : std::max<std::uint64_t>(1, per_step * std::max<std::uint64_t>(o.depth, o.prove ? o.max_k : 0));
    Layout L(m, static_cast<std::uint32_t>(std::min<std::uint64_t>(64, want)));
    std::vector<PropertySlot> slots = select_slots(L, opt.only_properties);
    const bool blocking = has_blocking_choose(m);
    std::vector<std::optional<PropertyResult>> done(slots.size());
    for (std::size_t p = 0; p < slots.size(); ++p) {
      PropertySlot& s = slots[p];
      PropertyResult pr;
      pr.property = s.name;
      if (s.kind == Kind::Static) {
        model::ReplaceableVerdict v = model::check_replaceable(m, s.prop->a, s.prop->b);
        pr.status = v.holds() ? Status::Holds : Status::Violated;
        if (!v.holds())
          for (const auto& st : v.stacks)
            if (!st.holds()) pr.explanation += (pr.explanation.empty() ? "" : "; ") + st.reasons.front();
        done[p] = pr;
      } else if (s.kind == Kind::Liveness || s.kind == Kind::Unsupported) {
        pr.status = Status::Unsupported;
        pr.explanation = s.why;
        done[p] = pr;
      } else if (s.needs_enabled && blocking) {
        pr.status = Status::Unsupported;
        pr.explanation =
            "terminal states are not encoded when a `choose ... where` can disable a step: use --engine "
            "explicit";
        done[p] = pr;
      }
    }
    Searcher search(L, slots, done, opt, progress, start);
    search.run();
    for (std::size_t p = 0; p < slots.size(); ++p) r.properties.push_back(*done[p]);
    if (search.error) r.properties.push_back(*search.error);
    r.stats.max_depth = search.depth_reached();
  } catch (const Unsupported& u) {
    r.properties.clear();
    for (const auto& n : names) {
      PropertyResult pr;
      pr.property = n;
      pr.status = Status::Unsupported;
      pr.explanation = "not encoded by the SMT engine yet: " + u.what;
      r.properties.push_back(pr);
    }
    if (r.properties.empty()) {
      PropertyResult pr;
      pr.property = "model";
      pr.status = Status::Unsupported;
      pr.explanation = "not encoded by the SMT engine yet: " + u.what;
      r.properties.push_back(pr);
    }
  }
  r.stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return r;
}

}  // namespace dpu::smt
