// Stepper: a hand-driven walk over the successor generator, with the checkers of every
// property watching the steps taken (as simulate() does for a random walk).
#include "explicit/stepper.hpp"

#include <stdexcept>

#include "explicit/checkers/checker_set.hpp"
#include "explicit/keep_successors.hpp"
#include "explicit/premises.hpp"
#include "explicit/select.hpp"
#include "explicit/successors.hpp"
#include "explicit/trace.hpp"

namespace dpu::explicit_ {

namespace {

struct Node {
  Work w;
  std::uint32_t ordinal = 0;   // among the parent's successors
  std::string name;            // the step that reached it
  std::uint64_t violated = 0;  // by the step into it, or by the state itself
};

}  // namespace

struct Stepper::Impl {
  const model::Model& m;
  Layout L;
  std::vector<bool> active;
  CheckerSet chk;
  Successors succ;
  std::vector<Node> path;
  // the current state's successors, valid while `fresh`
  KeepSuccessors collect;
  std::vector<EnabledStep> enabled;
  std::string error;
  bool fresh = false;
  std::vector<std::uint32_t> loaded;

  explicit Impl(const model::Model& model)
      : m(model), L(model), active(select_properties(model, {})), chk(L, active), succ(L, chk), collect(L) {
    Node root;
    try {
      succ.initial(root.w);
      root.violated = chk.on_state(root.w, succ.interp());
    } catch (const RuntimeError& e) {
      throw InitialStateError("the initial state meets a runtime error: " + e.message);
    }
    path.push_back(std::move(root));
  }

  void expand() {
    if (fresh) return;
    fresh = true;
    collect.clear();
    enabled.clear();
    error.clear();
    const Work& cur = path.back().w;
    try {
      succ.expand(cur, collect, true);
    } catch (const RuntimeError& e) {
      error = e.message;
      collect.clear();
      return;
    }
    for (const auto& s : collect) {
      EnabledStep e;
      e.action = s.action;
      e.text = describe_action(m, s.action);
      e.rule = describe_rule(m, s.action);
      e.premises = premises(L, succ, cur, s.action);
      e.fails_assertion = s.assertion.has_value();
      enabled.push_back(std::move(e));
    }
  }

  bool take(std::size_t k, std::string& why) {
    expand();
    if (!error.empty()) {
      why = "the steps of this state cannot be generated: " + error;
      return false;
    }
    if (k >= collect.size()) {
      why = "there is no step " + std::to_string(k + 1) + " (" + std::to_string(collect.size()) + " enabled)";
      return false;
    }
    auto& s = collect[k];
    if (s.assertion) {
      why = "step " + std::to_string(k + 1) + " fails an assertion (" + s.assertion->message +
            "): a run ends there, so it is not taken";
      return false;
    }
    Node n;
    n.w.init(L);
    n.w.copy_from(s.post, L);
    n.ordinal = static_cast<std::uint32_t>(k);
    n.name = enabled[k].text + "  (" + enabled[k].rule + ")";
    try {
      n.violated = s.violated | chk.on_state(n.w, succ.interp());
    } catch (const StateCheckError& e) {  // the state's runtime error (spec/semantics.md §3)
      why = "step " + std::to_string(k + 1) + ": " + e.message +
            " (a run ends there with a runtime error, so it is not taken)";
      return false;
    }
    path.push_back(std::move(n));
    fresh = false;
    return true;
  }
};

Stepper::Stepper(const model::Model& m) : p_(std::make_unique<Impl>(m)) {}
Stepper::~Stepper() = default;

std::size_t Stepper::depth() const { return p_->path.size() - 1; }

const std::vector<EnabledStep>& Stepper::enabled() {
  p_->expand();
  return p_->enabled;
}

const std::string& Stepper::error() const { return p_->error; }

std::optional<std::vector<result::Assignment>> Stepper::take(std::size_t k, std::string& why) {
  auto before = state();
  if (!p_->take(k, why)) return std::nullopt;
  return changes(before, state());
}

std::size_t Stepper::back(std::size_t n) {
  std::size_t done = 0;
  while (done < n && p_->path.size() > 1) p_->path.pop_back(), ++done;
  if (done) p_->fresh = false;
  return done;
}

std::vector<result::Assignment> Stepper::state() const {
  return describe_state(p_->L, p_->chk, p_->path.back().w);
}

std::string Stepper::taken(std::size_t d) const { return p_->path.at(d).name; }

std::vector<PathProperty> Stepper::properties() {
  Impl& p = *p_;
  p.expand();
  // A state without successors ends the path: the terminal checks (deadlock, end when,
  // quiescence) apply to it, as they do in a search.
  std::uint64_t terminal = 0;
  if (p.error.empty() && p.collect.empty())
    terminal = p.chk.on_terminal(p.path.back().w, p.succ.interp()) |
               p.chk.on_quiescent(p.path.back().w, p.succ.interp());
  std::vector<PathProperty> out;
  for (std::uint32_t i = 0; i < p.chk.size(); ++i) {
    if (!p.active[i] || !p.chk[i].reported()) continue;
    PathProperty pp;
    pp.property = p.chk[i].name();
    if (auto decided = p.chk[i].decide(p.path.front().w)) {
      pp.status = std::string(to_string(decided->status)) + " (decided without a search" +
                  (decided->explanation.empty() ? "" : ": " + decided->explanation) + ")";
      out.push_back(std::move(pp));
      continue;
    }
    for (std::size_t d = 0; d < p.path.size() && !pp.violated_at; ++d)
      if (p.path[d].violated >> i & 1) pp.violated_at = d;
    if (!pp.violated_at && (terminal >> i & 1)) pp.violated_at = p.path.size() - 1;
    if (pp.violated_at) {
      pp.why = p.chk[i].explain();
      pp.status = "violated at step " + std::to_string(*pp.violated_at) + ": " + pp.why;
    } else {
      const bool live = p.chk[i].liveness().has_value();
      const auto& props = p.m.properties;
      const bool pure = i < props.size() && (props[i].kind == model::PropertyKind::Terminates ||
                                             props[i].kind == model::PropertyKind::Eventually);
      pp.status = pure   ? "liveness: not decided by one path (use check)"
                  : live ? "holds so far on this path (its liveness part is not decided by one path)"
                         : "holds so far on this path";
    }
    out.push_back(std::move(pp));
  }
  return out;
}

bool Stepper::load(const std::vector<std::uint32_t>& ordinals, const std::vector<std::string>& names,
                   std::string& why) {
  back(depth());
  p_->loaded.clear();
  for (std::size_t i = 0; i < ordinals.size(); ++i) {
    const auto& en = enabled();
    if (!p_->error.empty()) {
      why = "step " + std::to_string(i + 1) + ": " + p_->error;
      return false;
    }
    if (ordinals[i] >= en.size()) {
      why = "step " + std::to_string(i + 1) + " is not enabled in this model (" + std::to_string(en.size()) +
            " steps are; is the trace of this model, with these constants?)";
      return false;
    }
    if (i < names.size() && !names[i].empty() && names[i] != en[ordinals[i]].text) {
      why = "step " + std::to_string(i + 1) + " is '" + names[i] + "' in the trace but '" +
            en[ordinals[i]].text + "' here: the trace is not of this model";
      return false;
    }
    std::string fail;
    if (!p_->take(ordinals[i], fail)) {  // e.g. the failed assertion that ends a trace
      why = "step " + std::to_string(i + 1) + ": " + fail;
      return false;
    }
    p_->loaded.push_back(ordinals[i]);
  }
  return true;
}

std::size_t Stepper::loaded_steps() const { return p_->loaded.size(); }

bool Stepper::go_to(std::size_t k, std::string& why) {
  if (k > p_->loaded.size()) {
    why = "the loaded trace has " + std::to_string(p_->loaded.size()) + " steps";
    return false;
  }
  back(depth());
  for (std::size_t i = 0; i < k; ++i)
    if (!p_->take(p_->loaded[i], why)) return false;
  return true;
}

}  // namespace dpu::explicit_
