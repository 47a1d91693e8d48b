// Following a run given as actions (another engine's counterexample) through this engine's
// successor generator, so it is printed exactly as this engine prints its own traces, and a
// run that is not one of the model's is caught here.
#include <functional>

#include "explicit/select.hpp"
#include "explicit/successors.hpp"
#include "explicit/trace.hpp"

namespace dpu::explicit_ {

namespace {

bool same_value(const result::TypedValue& a, const result::TypedValue& b) {
  if (a.scalar != b.scalar || a.elems.size() != b.elems.size()) return false;
  for (std::size_t i = 0; i < a.elems.size(); ++i)
    if (!same_value(a.elems[i], b.elems[i])) return false;
  return true;
}

/// The same step: kind, process, rule/handler/workload, message, module, branch choices, and
/// for a handler the control message taken (by content: its position depends on the engine's
/// channel order).
bool same_step(const Action& a, const Action& b) {
  if (a.kind != b.kind || a.process != b.process || a.family != b.family || a.choices != b.choices)
    return false;
  switch (a.kind) {
    case ActionKind::Call:
      return a.index == b.index && a.dest == b.dest && a.message == b.message && a.module == b.module;
    case ActionKind::Deliver:
      return a.message == b.message && a.module == b.module;
    case ActionKind::Rule:
      return a.index == b.index;
    case ActionKind::Handler: {
      if (a.index != b.index || a.channel != b.channel || !a.control || !b.control) return false;
      const auto &x = *a.control, &y = *b.control;
      if (x.message != y.message || x.sender != y.sender || x.fields.size() != y.fields.size()) return false;
      for (std::size_t i = 0; i < x.fields.size(); ++i)
        if (!same_value(x.fields[i], y.fields[i])) return false;
      return true;
    }
    default:
      return true;
  }
}

struct Match final : Sink {
  const Action& want;
  std::uint32_t seen = 0;
  std::optional<std::uint32_t> ordinal;
  const Layout& L;
  Work post;
  Match(const Layout& layout, const Action& w) : want(w), L(layout) { post.init(L); }
  void step(const Step& s) override {
    if (!ordinal && same_step(*s.detail, want)) ordinal = seen, post.copy_from(*s.post, L);
    ++seen;
  }
};

}  // namespace

std::optional<Trace> follow(const model::Model& m, const std::vector<std::string>& only,
                            const std::vector<Action>& steps, std::string& why) {
  std::vector<bool> active = select_properties(m, only);
  Layout L(m);
  CheckerSet chk(L, active);
  Successors succ(L, chk);
  Work cur;
  succ.initial(cur);
  std::vector<std::uint32_t> ordinals;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    Match match(L, steps[i]);
    try {
      succ.expand(cur, match, true);
    } catch (const RuntimeError&) {
      // the step that fails: it must be the last one, and the one that fails here
      if (i + 1 != steps.size() || !same_step(succ.failed_action(), steps[i])) {
        why = "step " + std::to_string(i + 1) + " (" + describe_action(m, steps[i]) +
              ") meets a runtime error of another step";
        return std::nullopt;
      }
      ordinals.push_back(0);
      return replay(L, succ, ordinals);
    }
    if (!match.ordinal) {
      why = "step " + std::to_string(i + 1) + " (" + describe_action(m, steps[i]) + ") is not enabled";
      return std::nullopt;
    }
    ordinals.push_back(*match.ordinal);
    cur.copy_from(match.post, L);
  }
  return replay(L, succ, ordinals);
}

}  // namespace dpu::explicit_
