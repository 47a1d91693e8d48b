#include "smt/search.hpp"

#include <stdexcept>

#include "smt/decode.hpp"
#include "smt/spacer.hpp"

namespace dpu::smt {

using result::PropertyResult;
using result::Status;
using Kind = PropertySlot::Kind;

Searcher::Searcher(const Layout& layout, const std::vector<PropertySlot>& slots,
                   std::vector<std::optional<PropertyResult>>& done, const Options& o, Progress& progress,
                   Clock::time_point start)
    : L(layout), slots_(slots), done_(done), o_(o), progress_(progress), start_(start), s_(c_) {
  if (o.time_limit_seconds > 0) {
    z3::params p(c_);
    p.set("timeout", static_cast<unsigned>(o.time_limit_seconds * 1000));
    s_.set(p);
  }
  u_ = std::make_unique<Unroller>(L, c_, slots_, initial_state(L, c_), "s");
}

bool Searcher::open() const {
  for (const auto& d : done_)
    if (!d) return true;
  return false;
}

z3::check_result Searcher::ask(z3::solver& s, const z3::expr& q, std::optional<z3::model>& model) {
  z3::expr qs = q.simplify();
  if (qs.is_false()) return z3::unsat;
  auto t0 = Clock::now();
  z3::params limit(c_);
  if (o_.time_limit_seconds > 0) {
    double left = o_.time_limit_seconds - std::chrono::duration<double>(t0 - start_).count();
    if (left <= 0) return z3::unknown;
    limit.set("timeout", static_cast<unsigned>(left * 1000) + 1);
  }
  // A fresh solver with preprocessing (solve-eqs removes the frame equalities) is much
  // faster per question than the incremental core that push/pop selects.
  z3::tactic pre = z3::tactic(c_, "simplify") & z3::tactic(c_, "propagate-values") &
                   z3::tactic(c_, "solve-eqs") & z3::tactic(c_, "elim-uncnstr") & z3::tactic(c_, "simplify");
  z3::tactic sat = z3::tactic(c_, "bit-blast") & z3::tactic(c_, "sat");
  z3::tactic t = pre & sat;
  auto solve = [&](z3::solver fresh) {
    fresh.set(limit);
    for (const auto& a : s.assertions()) fresh.add(a);
    fresh.add(qs);
    z3::check_result res = fresh.check();
    if (res == z3::sat) model = fresh.get_model();
    return res;
  };
  z3::check_result res = solve(t.mk_solver());
  // the bit-blasting pipeline does not apply (it always should): the general solver decides
  if (res == z3::unknown) res = solve(z3::solver(c_));
  solver_seconds_ += std::chrono::duration<double>(Clock::now() - t0).count();
  return res;
}

void Searcher::stop_all(const std::string& why) {
  for (auto& d : done_)
    if (!d) {
      PropertyResult pr;
      pr.status = Status::Incomplete;
      pr.explanation = why;
      d = pr;
    }
  stopped_ = true;
}

void Searcher::violated(std::size_t p, const z3::model& mdl, std::size_t steps) {
  PropertyResult pr;
  pr.property = slots_[p].name;
  pr.status = Status::Violated;
  pr.explanation = explain_violation(L.m, slots_[p]);
  pr.notes.push_back("violated at depth " + std::to_string(steps) + " (bounded model checking, shortest)");
  pr.trace = decode(*u_, mdl, steps);
  done_[p] = pr;
}

std::vector<Searcher::StateQuestion> Searcher::state_questions(std::size_t t) {
  std::vector<StateQuestion> out;
  for (std::size_t p = 0; p < slots_.size(); ++p) {
    if (done_[p]) continue;
    z3::expr fails = c_.bool_val(false);
    z3::expr bad = state_bad(L, c_, slots_[p], u_->states[t], u_->none_enabled[t], &fails);
    out.push_back(StateQuestion{p, fails, bad});
  }
  return out;
}

bool Searcher::check_states(const std::vector<StateQuestion>& qs, std::size_t t) {
  for (const StateQuestion& q : qs) {
    if (done_[q.slot]) continue;
    std::optional<z3::model> mdl;
    z3::check_result rf = ask(s_, q.fails, mdl);
    if (rf == z3::unknown) return false;
    if (rf == z3::sat) {
      PropertyResult pr;
      pr.status = Status::Unsupported;
      pr.explanation = "its predicate fails at run time in a state at depth " + std::to_string(t) +
                       ", which the SMT engine does not report yet: use --engine explicit";
      done_[q.slot] = pr;
      continue;
    }
    z3::check_result res = ask(s_, q.bad, mdl);
    if (res == z3::unknown) return false;
    if (res == z3::sat) violated(q.slot, *mdl, t);
  }
  return true;
}

bool Searcher::advance() {
  const std::size_t t = u_->states.size();  // the step about to be added
  for (const auto& e : u_->extend()) s_.add(e);
  std::optional<z3::model> mdl;
  // An unknown answer decides nothing: the search ends there, undecided.
  auto gave_up = [&](z3::check_result res) {
    if (res != z3::unknown) return false;
    stop_all("not decided: the solver gave up at depth " + std::to_string(t) +
             (o_.time_limit_seconds > 0 ? " (a time limit was given)" : ""));
    return true;
  };
  const z3::expr clean = !u_->err[t - 1] && !u_->afail[t - 1] && !u_->over[t - 1];
  const std::vector<StateQuestion> states = state_questions(t);
  // One question first: can anything be found at this depth (a runtime error, the capacity, a
  // step or state violation)? Mostly nothing can, and then every question below is unsat too.
  z3::expr anything = u_->err[t - 1] || u_->over[t - 1];
  for (std::size_t p = 0; p < slots_.size(); ++p)
    if (!done_[p]) anything = anything || u_->bad[t - 1][p];
  for (const StateQuestion& q : states) anything = anything || (clean && (q.fails || q.bad));
  z3::check_result res_any = ask(s_, anything, mdl);
  if (gave_up(res_any)) return false;
  if (res_any == z3::unsat) {
    s_.add(clean);
  } else {
    // A runtime error ends the search, as in `check`: nothing is explored beyond it.
    z3::check_result res_err = ask(s_, u_->err[t - 1], mdl);
    if (gave_up(res_err)) return false;
    if (res_err == z3::sat) {
      PropertyResult pr;
      pr.property = "runtime error";
      pr.status = Status::Error;
      pr.explanation = "a runtime error at depth " + std::to_string(t);
      pr.trace = decode(*u_, *mdl, t);
      error = pr;
      stop_all("not decided: the search stopped at a runtime error");
      return false;
    }
    z3::check_result res_over = ask(s_, u_->over[t - 1], mdl);
    if (gave_up(res_over)) return false;
    if (res_over == z3::sat) {
      stop_all("not decided: a channel would hold more than the encoding's " + std::to_string(L.channel_cap) +
               " entries at depth " + std::to_string(t));
      return false;
    }
    for (std::size_t p = 0; p < slots_.size(); ++p) {
      if (done_[p]) continue;
      z3::check_result res = ask(s_, u_->bad[t - 1][p], mdl);
      if (gave_up(res)) return false;
      if (res == z3::sat) violated(p, *mdl, t);
    }
    // only steps that neither fail nor fail an assert are explored further
    s_.add(clean);
    if (!check_states(states, t)) {
      stop_all("not decided: the solver gave up at depth " + std::to_string(t));
      return false;
    }
  }
  DepthReport rep;
  rep.phase = "bmc";
  rep.depth = t;
  rep.solver_seconds = solver_seconds_;
  rep.assertions = s_.assertions().size();
  progress_.depth(rep);
  if (o_.time_limit_seconds > 0 &&
      std::chrono::duration<double>(Clock::now() - start_).count() > o_.time_limit_seconds) {
    stop_all("the time limit was reached at depth " + std::to_string(t));
    return false;
  }
  return open();
}

z3::expr Searcher::lemmas_hold(const Terms& st) {
  z3::expr out = c_.bool_val(true);
  for (std::size_t q : lemmas_) {
    z3::expr fails = c_.bool_val(false);
    z3::expr bad = state_bad(L, c_, slots_[q], st, c_.bool_val(false), &fails);
    out = out && !bad && !fails;
  }
  return out;
}

std::string Searcher::assumed_note() const {
  if (lemmas_.empty()) return "";
  std::string names;
  for (std::size_t q : lemmas_) names += (names.empty() ? "" : ", ") + slots_[q].name;
  return "assuming the proved lemmas " + names;
}

void Searcher::induction(std::size_t p) {
  const PropertySlot& slot = slots_[p];
  z3::solver s(c_);
  std::vector<z3::expr> dom;
  Terms s0 = Unroller::fresh_state(L, c_, "k0", dom);
  Unroller iu(L, c_, slots_, s0, "k");
  for (const auto& d : dom) s.add(d);
  s.add(iu.canonical(s0));
  z3::expr fails0 = c_.bool_val(false);
  s.add(!state_bad(L, c_, slot, s0, iu.none_enabled[0], &fails0) && !fails0);
  s.add(lemmas_hold(s0));
  std::uint64_t tried = 0;
  for (std::uint64_t k = 1; k <= o_.max_k; ++k) {
    // base case: no violation on paths of up to k steps from the initial state
    while (depth_reached() < k && !stopped_ && !done_[p])
      if (!advance()) break;
    if (done_[p]) return;
    if (stopped_) break;
    for (const auto& e : iu.extend()) s.add(e);
    const std::size_t t = k;
    const Terms& sk = iu.states[t];
    s.add(lemmas_hold(sk));  // sound: every state of a shortest path to a violation is reachable
    for (std::size_t i = 0; i < t; ++i) s.add(differ(c_, iu.states[i], sk));  // simple path
    z3::expr clean = !iu.err[t - 1] && !iu.afail[t - 1] && !iu.over[t - 1];
    z3::expr fails = c_.bool_val(false);
    z3::expr sbad = state_bad(L, c_, slot, sk, iu.none_enabled[t], &fails);
    z3::expr bad = iu.bad[t - 1][p] || iu.err[t - 1] || iu.over[t - 1] ||
                   (clean && (sbad || fails || !iu.canonical(sk)));
    std::optional<z3::model> mdl;
    z3::check_result res = ask(s, bad, mdl);
    DepthReport rep;
    rep.phase = "k-induction";
    rep.depth = k;
    rep.solver_seconds = solver_seconds_;
    rep.assertions = s.assertions().size();
    progress_.depth(rep);
    if (res == z3::unsat) {
      PropertyResult pr;
      pr.property = slot.name;
      bool partial = slot.kind == Kind::StrongUpdate || slot.kind == Kind::WeakUpdate;
      pr.status = partial ? Status::Incomplete : Status::Holds;
      pr.explanation =
          safety_part(slot) + "proved (k-induction, k=" + std::to_string(k) + ")" + termination_note(slot);
      if (!lemmas_.empty()) pr.notes.push_back(assumed_note());
      done_[p] = pr;
      return;
    }
    if (res == z3::unknown) break;
    tried = k;
    s.add(!bad && clean);
  }
  if (done_[p]) return;
  // Portfolio: what k-induction did not prove goes to Spacer (spec/smt.md §7).
  std::string spacer_note;
  if (!stopped_) {
    double left = 0;
    if (o_.time_limit_seconds > 0)
      left = o_.time_limit_seconds - std::chrono::duration<double>(Clock::now() - start_).count();
    if (o_.time_limit_seconds > 0 && left <= 0) {
      spacer_note = "; Spacer not run: the time limit was reached";
    } else {
      auto t0 = Clock::now();
      SpacerResult sr =
          spacer_prove(L, c_, slots_, p, left, [&](const Terms& st) { return lemmas_hold(st); });
      solver_seconds_ += std::chrono::duration<double>(Clock::now() - t0).count();
      DepthReport rep;
      rep.phase = "spacer";
      rep.depth = depth_reached();
      rep.solver_seconds = solver_seconds_;
      rep.assertions = 4;  // its Horn clauses
      progress_.depth(rep);
      if (sr.kind == SpacerResult::Kind::Proved) {
        PropertyResult pr;
        pr.property = slot.name;
        bool partial = slot.kind == Kind::StrongUpdate || slot.kind == Kind::WeakUpdate;
        pr.status = partial ? Status::Incomplete : Status::Holds;
        pr.explanation = safety_part(slot) + "proved (inductive invariant, " + std::to_string(sr.clauses) +
                         (sr.clauses == 1 ? " clause)" : " clauses)") + termination_note(slot);
        pr.notes.push_back(
            "proof method: Spacer (constrained Horn clauses, IC3/PDR) after k-induction up to k=" +
            std::to_string(tried) +
            " did not prove it; the invariant was checked by a fresh solver (initiation, "
            "consecution, safety)");
        if (!lemmas_.empty()) pr.notes.push_back(assumed_note());
        if (o_.show_invariant) {
          std::size_t at = 0, i = 1;
          while (at < sr.invariant.size()) {
            std::size_t nl = sr.invariant.find('\n', at);
            pr.notes.push_back("invariant clause " + std::to_string(i++) + ": " +
                               sr.invariant.substr(at, nl - at));
            at = nl + 1;
          }
        }
        done_[p] = pr;
        return;
      }
      const std::string overflow = L.chans.empty() ? ""
                                                   : " or an overflow of the encoding's " +
                                                         std::to_string(L.channel_cap) + "-entry channels";
      spacer_note = sr.kind == SpacerResult::Kind::Reachable
                        ? "; Spacer derives a violation" + std::string(L.chans.empty() ? " or" : ",") +
                              " a runtime error" + overflow +
                              " beyond that depth: raise --depth for bounded model checking to find it"
                        : "; " + sr.why;
    }
  }
  PropertyResult pr;
  pr.property = slot.name;
  pr.status = Status::Incomplete;
  pr.explanation =
      "inconclusive up to k=" + std::to_string(tried) + " (k-induction" +
      (tried < o_.max_k ? std::string(", stopped: the solver gave up or the time ran out") : std::string()) +
      "; no violation up to depth " + std::to_string(depth_reached()) + spacer_note + ")" +
      termination_note(slot);
  done_[p] = pr;
}

void Searcher::run() {
  if (!open()) return;
  if (!check_states(state_questions(0), 0)) stop_all("not decided: the solver gave up on the initial state");
  while (open() && depth_reached() < o_.depth)
    if (!advance()) break;
  if (o_.prove && !stopped_) {
    // Strengthening lemmas first, in their order: each proved one is assumed by the proofs
    // after it (a lemma not proved is never assumed).
    for (const std::string& name : o_.lemmas)
      for (std::size_t p = 0; p < slots_.size() && !stopped_; ++p) {
        if (slots_[p].name != name) continue;
        if (!done_[p]) induction(p);
        if (done_[p] && done_[p]->status == Status::Holds) lemmas_.push_back(p);
      }
    for (std::size_t p = 0; p < slots_.size() && !stopped_; ++p)
      if (!done_[p]) induction(p);
  }
  for (std::size_t p = 0; p < slots_.size(); ++p) {
    if (done_[p]) continue;
    PropertyResult pr;
    pr.status = Status::HoldsUpToBound;
    pr.explanation = safety_part(slots_[p]) + "no violation up to depth " + std::to_string(depth_reached()) +
                     " (bounded model checking)" + termination_note(slots_[p]);
    done_[p] = pr;
  }
  for (std::size_t p = 0; p < slots_.size(); ++p) done_[p]->property = slots_[p].name;
}

std::vector<std::string> slot_names(const model::Model& m, const std::vector<std::string>& only) {
  std::vector<std::string> all;
  for (const auto& p : m.properties) all.push_back(p.name);
  bool asserts = false;
  auto scan = [&](auto& self, const model::Block& b) -> void {
    for (const auto& s : b) {
      asserts = asserts || s.kind == model::StmtKind::Assert;
      for (const auto& bb : s.blocks) self(self, bb);
    }
  };
  for (const auto& r : m.rules) scan(scan, r.body);
  for (const auto& h : m.handlers) scan(scan, h.body);
  std::vector<std::string> out;
  auto wanted = [&](const std::string& n) {
    if (only.empty()) return true;
    for (const auto& o : only)
      if (o == n) return true;
    return false;
  };
  for (const auto& o : only) {
    bool known = o == "deadlock" || o == "assertions";
    for (const auto& n : all) known = known || n == o;
    if (!known) throw std::invalid_argument("no property named '" + o + "' in the model");
  }
  for (const auto& n : all)
    if (wanted(n)) out.push_back(n);
  if (!m.allow_deadlock && wanted("deadlock")) out.push_back("deadlock");
  if ((only.empty() && asserts) || (!only.empty() && wanted("assertions"))) out.push_back("assertions");
  return out;
}

}  // namespace dpu::smt
