// linearizable_commit(decide, served, txn_end) — the three verdicts of spec/properties.md,
// read from the events a model emits: decide(g, commit[, upgrade]), served(t, g, new_version),
// txn_end(t, committed). Faulty groups (`fault byzantine` of the group's family) are not
// correct groups and are left out. Monitor slots, part of the state: per group and upgrade
// (one upgrade without decide's upgrade field), bit 0 "committed", bit 1 "aborted"; per
// transaction (each value of the transaction type), bit 0 "a correct group served a call of
// its current run with the old version", bit 1 "... with the new one". With an upgrade field,
// an upgrade aborted at every correct group has ended (its slots hold kEnded): the next
// decision of it by a correct group is a resubmission, a new installation, and starts from
// undecided; liveness waits for some upgrade of the set to commit at every correct group and
// for every correct group to have decided every upgrade (an ended one counts as aborted).
#include "explicit/checkers/checker.hpp"
#include "model/print.hpp"

namespace dpu::explicit_ {
namespace {

using Part = model::Property::Part;

class LinearizableCommit final : public Checker {
 public:
  LinearizableCommit(const Layout& L, const model::Property& p)
      : Checker(p.name, p.part == Part::Linearizability ? unsigned{kEvent} : kEvent | kQuiescent),
        L(L),
        part_(p.part),
        decide_(p.events.at(0)),
        served_(p.events.at(1)),
        end_(p.events.at(2)),
        upgrade_field_(p.upgrade_type != model::kNone),
        upgrade_type_(p.upgrade_type) {
    const model::Type& t = L.m.types[p.group_type];
    lo_ = t.lo;
    groups_ = static_cast<std::uint32_t>(t.hi - t.lo + 1);
    for (std::uint32_t g = 0; g < groups_; ++g)
      correct_.push_back(t.kind != model::TypeKind::Family || !L.faulty[L.family_base[t.ref] + g]);
    const model::Type& x = L.m.types[p.txn_type];
    txn_lo_ = x.kind == model::TypeKind::Bool ? 0 : x.lo;
    txns_ = static_cast<std::uint32_t>(model::cardinality(L.m, p.txn_type));
    if (upgrade_field_) {
      const model::Type& u = L.m.types[p.upgrade_type];
      upg_lo_ = u.kind == model::TypeKind::Bool ? 0 : u.lo;
      upgrades_ = static_cast<std::uint32_t>(model::cardinality(L.m, p.upgrade_type));
    }
  }

  void layout(Layout& L) override {
    decided_ = L.add_monitor_slots(groups_ * upgrades_, 0, kEnded);
    txn_ = L.add_monitor_slots(txns_, 0, 3);
  }

  bool on_event(const Work&, Work& post, const Event& e) override {
    if (e.event == decide_) {
      const std::uint32_t g = group(e.args[0]);
      const std::uint32_t u = upgrade_field_ ? static_cast<std::uint32_t>(e.args[2] - upg_lo_) : 0;
      Value* d = &post.v[decided_ + u];  // d[h * upgrades_]: group h's decision of u
      if (d[g * upgrades_] == kEnded) {
        if (!correct_[g]) return false;  // only a correct group's decision starts a resubmission
        for (std::uint32_t h = 0; h < groups_; ++h) d[h * upgrades_] = 0;
      }
      d[g * upgrades_] |= e.args[1] ? 1 : 2;
      const std::string what = upgrade_name(u);
      bool violated = false;
      if (correct_[g] && part_ == Part::Atomicity) {
        if (d[g * upgrades_] == 3) {
          violated = violation(name_of(g) + " both commits and aborts " + what);
        } else {
          for (std::uint32_t h = 0; h < groups_ && !violated; ++h)
            if (correct_[h] && d[h * upgrades_] == (e.args[1] ? 2 : 1))
              violated = violation(
                  e.args[1] ? name_of(g) + " commits " + what + " after " + name_of(h) + " aborted it"
                            : name_of(g) + " aborts " + what + " after " + name_of(h) + " committed it");
        }
      }
      if (upgrade_field_ && !e.args[1] && !violated) {
        bool all_aborted = true;
        for (std::uint32_t h = 0; h < groups_; ++h)
          if (correct_[h] && d[h * upgrades_] != 2) all_aborted = false;
        if (all_aborted)
          for (std::uint32_t h = 0; h < groups_; ++h) d[h * upgrades_] = kEnded;
      }
      return violated;
    }
    if (e.event == served_) {
      const std::uint32_t g = group(e.args[1]);
      if (correct_[g]) post.v[txn_ + txn(e.args[0])] |= e.args[2] ? 2 : 1;
      return false;
    }
    if (e.event == end_) {
      const std::uint32_t t = txn(e.args[0]);
      const bool both = post.v[txn_ + t] == 3;
      post.v[txn_ + t] = 0;
      if (e.args[1]) committed_txn_ = true;
      if (part_ == Part::Linearizability && e.args[1] && both)
        return violation("transaction " + std::to_string(e.args[0]) +
                         " commits although correct groups served its calls with the old and with the new "
                         "version");
    }
    return false;
  }

  // Atomicity: a run may end where no fair step is left (the adversary and the unfair steps
  // may never act), so all correct groups must have committed there, or none.
  // Liveness: such a run ends, so every correct group must have decided by then.
  bool on_quiescent(const Work& w, Interp&) override {
    if (part_ == Part::Liveness) {
      if (goal(w)) return false;
      std::optional<std::pair<std::uint32_t, std::uint32_t>> undecided;  // the last (group, upgrade)
      for (std::uint32_t u = 0; u < upgrades_; ++u)
        for (std::uint32_t g = 0; g < groups_; ++g)
          if (correct_[g] && slot(w, g, u) == 0) undecided = {g, u};
      if (undecided)
        return violation("the run stops (no weakly fair step is enabled) with " + name_of(undecided->first) +
                         " undecided" + (upgrade_field_ ? " on " + upgrade_name(undecided->second) : ""));
      return violation("the run stops (no weakly fair step is enabled) with no upgrade committed");
    }
    for (std::uint32_t u = 0; u < upgrades_; ++u) {
      std::optional<std::uint32_t> committed, not_committed;
      for (std::uint32_t g = 0; g < groups_; ++g) {
        if (!correct_[g]) continue;
        (slot(w, g, u) == 1 ? committed : not_committed) = g;
      }
      // (an ended upgrade is aborted at every correct group: committed stays empty)
      if (committed && not_committed)
        return violation("the run stops (no weakly fair step is enabled) with " + name_of(*committed) +
                         " committed and " + name_of(*not_committed) +
                         (slot(w, *not_committed, u) == 0 ? " undecided" : " aborted") +
                         (upgrade_field_ ? " on " + upgrade_name(u) : ""));
    }
    return false;
  }

  // Every correct group has decided every upgrade, and with an upgrade field some upgrade is
  // committed at every correct group.
  bool goal(const Work& w) const {
    bool some_committed = !upgrade_field_;
    for (std::uint32_t u = 0; u < upgrades_; ++u) {
      bool all = true;
      for (std::uint32_t g = 0; g < groups_; ++g) {
        if (!correct_[g]) continue;
        if (slot(w, g, u) == 0) return false;
        if (slot(w, g, u) != 1) all = false;
      }
      some_committed |= all;
    }
    return some_committed;
  }

  std::optional<LivenessGoal> liveness() const override {
    if (part_ != Part::Liveness) return std::nullopt;
    LivenessGoal g;
    g.target =
        upgrade_field_
            ? "a state where some upgrade is committed and every correct group has decided every upgrade"
            : "a state where every correct group has decided the upgrade";
    g.test = [this](const Work& w) { return goal(w); };
    return g;
  }

  std::string explain() const override { return why_.empty() ? name() + " is violated" : why_; }
  bool explanation_varies() const override { return true; }
  std::string take_explanation() override {
    std::string why = explain();
    why_.clear();
    return why;
  }

  void describe(const Work& w, StateLines& out) const override {
    std::string d;
    if (part_ == Part::Linearizability) {
      static const char* const kSide[] = {"", "the old version", "the new version", "both versions"};
      for (std::uint32_t t = 0; t < txns_; ++t)
        if (w.v[txn_ + t])
          d += (d.empty() ? "" : "; ") + ("transaction " + std::to_string(t + txn_lo_) + " served by ") +
               kSide[w.v[txn_ + t]];
      if (d.empty()) return;
    } else {
      static const char* const kWord[] = {"undecided", "committed", "aborted", "committed and aborted",
                                          "aborted (ended)"};
      for (std::uint32_t u = 0; u < upgrades_; ++u) {
        if (upgrade_field_) d += (u ? "; " : "") + upgrade_name(u) + ": ";
        for (std::uint32_t g = 0; g < groups_; ++g)
          d += (g ? ", " : "") + name_of(g) + " " + kWord[slot(w, g, u)];
      }
    }
    out.emplace_back("monitor " + name(), d);
  }

  std::string vacuity() const override {
    if (part_ == Part::Linearizability && !committed_txn_) return "no client transaction commits";
    return {};
  }
  std::uint64_t observations() const override { return committed_txn_; }
  void restore_observations(std::uint64_t o) override { committed_txn_ = o & 1; }

 private:
  std::uint32_t group(Value v) const { return static_cast<std::uint32_t>(v - lo_); }
  Value slot(const Work& w, std::uint32_t g, std::uint32_t u) const {
    return w.v[decided_ + g * upgrades_ + u];
  }
  std::string upgrade_name(std::uint32_t u) const {
    return upgrade_field_ ? "upgrade " + model::print_value(L.m, upgrade_type_, u + upg_lo_) : "the upgrade";
  }
  std::uint32_t txn(Value v) const { return static_cast<std::uint32_t>(v - txn_lo_); }
  std::string name_of(std::uint32_t g) const {
    const model::Type& t = L.m.types[L.m.events[decide_].fields[0].second];
    if (t.kind == model::TypeKind::Family) {
      const model::Family& f = L.m.families[t.ref];
      if (f.dims.size() == 2)
        return f.name + "[" + std::to_string(g / f.dims[1]) + "][" + std::to_string(g % f.dims[1]) + "]";
      return f.name + "[" + std::to_string(g) + "]";
    }
    return "group " + std::to_string(g + lo_);
  }
  bool violation(std::string why) {
    // the first violation since the last take_explanation (the first of the step) is the one
    // recorded
    if (why_.empty()) why_ = std::move(why);
    return true;
  }

  const Layout& L;
  Part part_;
  Id decide_, served_, end_;
  Value lo_ = 0;
  std::uint32_t groups_ = 0;
  Value txn_lo_ = 0;
  std::uint32_t txns_ = 0;
  std::vector<bool> correct_;
  std::uint32_t decided_ = 0, txn_ = 0;
  // The value of every group's slot of an upgrade aborted at every correct group.
  static constexpr Value kEnded = 4;
  bool upgrade_field_ = false;
  Id upgrade_type_ = model::kNone;
  Value upg_lo_ = 0;
  std::uint32_t upgrades_ = 1;
  bool committed_txn_ = false;
  std::string why_;
};

}  // namespace

std::unique_ptr<Checker> make_linearizable_commit(const Layout& L, const model::Property& p) {
  return std::make_unique<LinearizableCommit>(L, p);
}

}  // namespace dpu::explicit_
