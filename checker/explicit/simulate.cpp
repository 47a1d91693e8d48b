// simulate(): seeded random walks over the successor generator, with the same checkers as
// the search. spec/simulation.md describes the walk, the PRNG and what a walk can conclude.
#include <stdexcept>

#include "explicit/checkers/checker_set.hpp"
#include "explicit/coverage.hpp"
#include "explicit/engine.hpp"
#include "explicit/keep_successors.hpp"
#include "explicit/seen_set.hpp"
#include "explicit/select.hpp"
#include "explicit/trace.hpp"

namespace dpu::explicit_ {

namespace {

/// splitmix64 (Steele, Lea, Flood 2014): fixed arithmetic on 64-bit words, so a seed gives
/// the same numbers with every compiler and standard library (the standard distributions do
/// not promise that).
class Prng {
 public:
  explicit Prng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n), n > 0: rejection of the top partial block, so no index is favoured.
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
    for (;;) {
      std::uint64_t x = next();
      if (x < limit) return x % n;
    }
  }

 private:
  std::uint64_t s_;
};

bool pure_liveness(const model::Model& m, std::uint32_t p) {
  if (p >= m.properties.size()) return false;
  auto k = m.properties[p].kind;
  return k == model::PropertyKind::Terminates || k == model::PropertyKind::Eventually;
}

Simulation walk(const model::Model& m, const SimulateOptions& opt, const std::vector<bool>& active) {
  Simulation sim;
  Layout L(m);
  CheckerSet chk(L, active);  // before any state: the checkers lay out their monitor slots
  Successors succ(L, chk);
  succ.interp().count_arms(model::branch_points(m));  // the walks' coverage, printed with --coverage
  KeepSuccessors collect(L);
  SeenSet seen(false);
  std::vector<std::uint8_t> packed;
  result::Coverage cov = empty_coverage(m);
  Prng rng(opt.seed);

  // The first violation: the slots it violates and the ordinals leading to it.
  std::uint64_t violated = 0;
  std::vector<std::uint32_t> trace_ords;
  std::optional<RuntimeError> error;
  bool error_trace = false;    // trace_ords lead to the error (the step's, or the state's)
  std::string error_property;  // the error is a state's: the property evaluated there
  auto state_error = [&](const StateCheckError& e, const std::vector<std::uint32_t>& ords) {
    error = e, error_property = e.property, trace_ords = ords, error_trace = true;
  };
  auto fresh = [&](const Work& w) {
    pack(L, w, packed);
    return seen.insert(packed.data(), packed.size()).second;
  };
  auto note = [&](std::uint64_t bits, const std::vector<std::uint32_t>& ords) {
    for (std::uint32_t p = 0; p < chk.size(); ++p)
      if (!(bits >> p & 1) || !active[p]) bits &= ~(std::uint64_t{1} << p);
    if (bits && !violated) violated = bits, trace_ords = ords;
  };

  Work init, cur;
  cur.init(L);
  std::uint64_t longest = 0;
  std::vector<std::uint32_t> ords;
  try {
    succ.initial(init);
    fresh(init);
    note(chk.on_state(init, succ.interp()), {});
  } catch (const StateCheckError& e) {
    state_error(e, {});
  } catch (const RuntimeError& e) {
    error = e;
  }
  for (std::uint64_t run = 0; run < opt.runs && !violated && !error; ++run) {
    ++sim.runs_done;
    cur.copy_from(init, L);
    ords.clear();
    for (std::uint64_t k = 0; k < opt.steps && !violated; ++k) {
      collect.clear();
      std::uint32_t n = 0;
      try {
        n = succ.expand(cur, collect, false);
      } catch (const RuntimeError& e) {
        error = e;
        trace_ords = ords;
        trace_ords.push_back(collect.size());  // the failing step's ordinal
        error_trace = true;
        break;
      }
      if (n == 0) {  // a terminal state ends the walk
        try {
          note(chk.on_expanded(cur, succ.interp(), 0, 0), ords);
        } catch (const StateCheckError& e) {
          state_error(e, ords);
        }
        break;
      }
      auto j = static_cast<std::uint32_t>(rng.below(n));
      KeptStep& s = collect[j];
      count_step(cov, s.action, s.arms.data(), s.arms.size());
      ++sim.total_steps;
      ords.push_back(j);
      longest = std::max<std::uint64_t>(longest, ords.size());
      note(s.violated | (s.assertion ? chk.on_assertion() : 0), ords);
      // a failed assertion ends the run (semantics §3): its post state is not a state
      if (s.assertion) break;
      cur.copy_from(s.post, L);
      if (fresh(cur)) try {
          note(chk.on_state(cur, succ.interp()), ords);
        } catch (const StateCheckError& e) {
          state_error(e, ords);
          break;
        }
    }
    if (error) break;
  }
  sim.distinct_states = seen.size();

  result::Result& r = sim.result;
  const std::string none = "no violation in " + std::to_string(sim.runs_done) + " run" +
                           (sim.runs_done == 1 ? "" : "s") + " of at most " + std::to_string(opt.steps) +
                           " steps (seed " + std::to_string(opt.seed) + "): simulation proves nothing";
  for (std::uint32_t p = 0; p < chk.size(); ++p) {
    if (!active[p] || !chk[p].reported()) continue;
    if (auto decided = chk[p].decide(init)) {  // decided without exploring (replaceable)
      sim.violated |= decided->status == Status::Violated;
      r.properties.push_back(std::move(*decided));
      continue;
    }
    PropertyResult pr;
    pr.property = chk[p].name();
    if (violated >> p & 1) {
      pr.status = Status::Violated;
      pr.explanation = chk[p].explain();
      pr.trace = replay(L, succ, trace_ords);
      pr.failure = failure(*pr.trace);
      sim.violated = true;
    } else {
      pr.status = Status::Incomplete;
      if (pure_liveness(m, p))
        pr.explanation = "liveness is not checked by simulation";
      else if (error)
        pr.explanation = "not decided: the walk stopped at a runtime error";
      else if (violated)
        pr.explanation = "not decided: the walks stopped at the first violation";
      else
        pr.explanation = none;
      if (chk[p].liveness() && !pure_liveness(m, p)) pr.explanation += "; its liveness part is not checked";
    }
    if (chk[p].liveness()) sim.liveness_unchecked.push_back(pr.property);
    r.properties.push_back(std::move(pr));
  }
  if (error) {
    PropertyResult pr;
    pr.property = "runtime error";
    pr.status = Status::Error;
    pr.explanation = error->message;
    pr.failure = result::SourceFailure{error->pos, error->message};
    if (error_trace) {
      pr.trace = replay(L, succ, trace_ords);
      pr.trace->state_error = error_property;
    }
    r.properties.push_back(std::move(pr));
    sim.violated = true;
  }
  r.stats.states = sim.distinct_states;
  r.stats.transitions = sim.total_steps;
  r.stats.max_depth = longest;
  r.coverage = std::move(cov);
  return sim;
}

}  // namespace

Simulation simulate(const model::Model& m, const SimulateOptions& opt) {
  std::vector<bool> active = select_properties(m, opt.only_properties);
  try {
    return walk(m, opt, active);
  } catch (const Unsupported& e) {  // as check() answers it: every selected property
    Simulation sim;
    auto unsupported = [&](std::string name) {
      PropertyResult pr;
      pr.property = std::move(name);
      pr.status = Status::Unsupported;
      pr.explanation = e.what();
      sim.result.properties.push_back(std::move(pr));
    };
    for (std::uint32_t p = 0; p < m.properties.size(); ++p)
      if (active[p]) unsupported(m.properties[p].name);
    if (sim.result.properties.empty()) unsupported("model");
    sim.result.coverage = empty_coverage(m);
    return sim;
  }
}

}  // namespace dpu::explicit_
