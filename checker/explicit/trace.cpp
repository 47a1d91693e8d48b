#include "explicit/trace.hpp"

#include "model/print.hpp"

#include <map>

#include "explicit/protocol.hpp"

namespace dpu::explicit_ {

using model::TypeKind;

std::string process_name(const model::Model& m, Id family, std::uint32_t instance) {
  if (family == model::kNone) return "global";
  return model::print_value(m, m.families[family].type, instance);
}

namespace {

std::string pid_name(const model::Model& m, Value pid) {
  Value base = 0;
  for (Id f = 0; f < m.families.size(); ++f) {
    if (pid < base + m.families[f].count) return process_name(m, f, static_cast<std::uint32_t>(pid - base));
    base += m.families[f].count;
  }
  return "environment";
}

std::string msg_name(std::uint32_t msg) { return "m" + std::to_string(msg + 1); }

// Scalars print exactly as the model printer prints them (model/print.hpp).
std::string scalar(const model::Model& m, Id type, Value v) { return model::print_value(m, type, v); }

std::string value(const Layout& L, Id type, const Value* v) {
  const auto& t = L.m.types[type];
  const auto& ti = L.ti(type);
  std::string s;
  switch (t.kind) {
    case TypeKind::Record:
      s = "{";
      for (std::size_t i = 0; i < t.fields.size(); ++i)
        s += (i ? ", " : "") + t.fields[i].first + " = " + value(L, t.fields[i].second, v + ti.field_off[i]);
      return s + "}";
    case TypeKind::Array: {
      s = "[";
      for (Value i = 0; i < model::cardinality(L.m, t.index); ++i) s += (i ? ", " : "") + value(L, t.elem, v + i * ti.esize);
      return s + "]";
    }
    case TypeKind::Set: {
      s = "{";
      const auto& el = L.ti(t.elem);
      bool first = true;
      for (Value i = 0; i < model::cardinality(L.m, t.elem); ++i)
        if (v[i]) s += (first ? "" : ", ") + scalar(L.m, t.elem, el.lo + i), first = false;
      return s + "}";
    }
    case TypeKind::Seq:
      s = "[";
      for (Value i = 0; i < v[0]; ++i) s += (i ? ", " : "") + value(L, t.elem, v + 1 + i * ti.esize);
      return s + "]";
    default:
      return scalar(L.m, type, v[0]);
  }
}

std::string control_message(const Layout& L, Id channel, const Value* e) {
  const auto& mt = L.m.messages[e[0]];
  std::string s = mt.name;
  if (!mt.fields.empty()) {
    s += "(";
    std::uint32_t at = 3;
    for (std::size_t i = 0; i < mt.fields.size(); ++i) {
      s += (i ? ", " : "") + value(L, mt.fields[i].second, e + at);
      at += L.ti(mt.fields[i].second).size;
    }
    s += ")";
  }
  s += " from " + pid_name(L.m, e[1]) + " to ";
  if (L.m.channels[channel].order == model::ChannelOrder::Total) {
    std::string to;
    for (std::uint32_t r = 0; r < L.nprocs; ++r)
      if (e[2] >> r & 1) to += (to.empty() ? "" : ",") + pid_name(L.m, r);
    return s + "{" + to + "}";
  }
  return s + pid_name(L.m, e[2]);
}

const char* binding_name(Value b) { return b == 2 ? "bound" : b == 1 ? "passive" : "absent"; }

}  // namespace

std::string describe_action(const model::Model& m, const Action& a) {
  switch (a.kind) {
    case ActionKind::Call: {
      const auto& w = m.workloads.at(a.index);
      std::string s = process_name(m, a.family, a.process) + "." + m.services.at(w.service).name + "(" +
                      msg_name(a.message) + ")";
      if (!w.broadcast && m.stacks) s += " to " + process_name(m, m.stacks->family, a.dest);
      return s;
    }
    case ActionKind::Deliver:
      return "[" + msg_name(a.message) + "]" + process_name(m, a.family, a.process) + "." + m.modules.at(a.module).name;
    case ActionKind::Rule:
      return m.rules.at(a.index).name + " at " + process_name(m, a.family, a.process);
    case ActionKind::Handler: {
      std::string s = "on ";
      const auto& h = m.handlers.at(a.index);
      s += h.message < m.messages.size() ? m.messages[h.message].name : "?";
      s += " at " + process_name(m, a.family, a.process);
      if (a.control.size() >= 2) s += " from " + pid_name(m, a.control[1]);
      return s;
    }
    case ActionKind::Crash: return "crash " + process_name(m, a.family, a.process);
    case ActionKind::Recover: return "recover " + process_name(m, a.family, a.process);
  }
  return "?";
}

std::string describe_rule(const model::Model& m, const Action& a) {
  switch (a.kind) {
    case ActionKind::Call: case ActionKind::Deliver: return "rule Comm";
    case ActionKind::Rule: return "rule " + m.rules.at(a.index).name;
    case ActionKind::Handler: {
      const auto& h = m.handlers.at(a.index);
      return "handler " + (h.message < m.messages.size() ? m.messages[h.message].name : std::string("?"));
    }
    case ActionKind::Crash: case ActionKind::Recover: return "fault";
  }
  return "?";
}

std::vector<std::pair<std::string, std::string>> describe_state(const Layout& L, const CheckerSet& checkers, const Work& w) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto& m = L.m;
  for (std::uint32_t s = 0; s < L.nstacks; ++s) {
    std::string v;
    for (Id a = 0; a < L.nmodules; ++a) {
      Value b = w.v[L.bind_slot(s, a)];
      if (b) v += (v.empty() ? "" : ", ") + m.modules[a].name + " " + binding_name(b);
    }
    out.emplace_back(process_name(m, L.stack_family, s), v.empty() ? "(empty)" : v);
  }
  for (std::uint32_t msg = 0; msg < L.msgs.size(); ++msg) {
    std::string v;
    for (std::uint32_t d = 0; d < L.nstacks; ++d) {
      Value st = w.v[L.off_status + L.copy(msg, d)];
      if (!st) continue;
      v += (v.empty() ? "" : ", ") + process_name(m, L.stack_family, d) + " " +
           (st == kSent ? "sent(" : "delivered(") + m.modules[w.v[L.off_tag + L.copy(msg, d)]].name + ")";
    }
    if (!v.empty()) out.emplace_back(msg_name(msg), v);
  }
  for (Id var = 0; var < m.vars.size(); ++var) {
    const auto& vd = m.vars[var];
    std::uint32_t n = vd.family == model::kNone ? 1 : L.instance_count(vd.family);
    for (std::uint32_t i = 0; i < n; ++i) {
      std::string key = vd.family == model::kNone ? vd.name : process_name(m, vd.family, i) + "." + vd.name;
      const Value* p = w.v.data() + (vd.family == model::kNone ? L.var_off[var] : L.var_slot(var, i));
      out.emplace_back(key, value(L, vd.type, p));
    }
  }
  for (Id c = 0; c < m.channels.size(); ++c) {
    std::string v;
    for (std::uint32_t i = 0; i < w.count[c]; ++i) v += (i ? "; " : "") + control_message(L, c, w.entry(L, c, i));
    out.emplace_back(m.channels[c].name, "[" + v + "]");
  }
  std::string down;
  for (std::uint32_t p = 0; p < L.nprocs; ++p)
    if (crashed(L, w, p)) down += (down.empty() ? "" : ", ") + pid_name(m, p);
  if (!down.empty()) out.emplace_back("crashed", down);
  checkers.describe(w, out);
  return out;
}

namespace {

struct Pick final : Sink {
  std::uint32_t want;
  std::uint32_t seen = 0;
  const Layout& L;
  Work post;
  Action action;
  bool found = false;
  std::optional<AssertionFailure> assertion;
  Pick(const Layout& layout, std::uint32_t k) : want(k), L(layout) { post.init(L); }
  void step(const Step& s) override {
    if (seen++ != want) return;
    post.copy_from(*s.post, L);
    action = *s.detail;
    found = true;
    if (s.assertion) assertion = *s.assertion;
  }
};

std::vector<std::string> changes(const std::vector<std::pair<std::string, std::string>>& before,
                                 const std::vector<std::pair<std::string, std::string>>& after) {
  std::map<std::string, std::string> old(before.begin(), before.end());
  std::map<std::string, bool> still;
  std::vector<std::string> out;
  for (const auto& [k, v] : after) {
    still[k] = true;
    auto it = old.find(k);
    if (it == old.end() || it->second != v) out.push_back(k + " = " + v);
  }
  for (const auto& [k, v] : before)
    if (!still.count(k)) out.push_back(k + " = (none)");
  return out;
}

}  // namespace

Trace replay(const Layout& L, Successors& succ, const std::vector<std::uint32_t>& ordinals,
             std::optional<std::size_t> loop_start) {
  Trace t;
  Work cur;
  succ.initial(cur);
  auto before = describe_state(L, succ.checkers(), cur);
  for (const auto& [k, v] : before) t.initial.push_back(k + " = " + v);
  for (std::uint32_t k : ordinals) {
    Pick pick(L, k);
    TraceStep step;
    step.ordinal = k;
    try {
      succ.expand(cur, pick, true);
    } catch (const RuntimeError& e) {
      step.action = "error";
      step.rule = "runtime error";
      step.detail = succ.failed_action();
      step.changes.push_back(e.message);
      step.failure = result::SourceFailure{e.pos, e.message};
      t.steps.push_back(std::move(step));
      break;
    }
    if (!pick.found) {
      step.action = "step " + std::to_string(k) + " is not enabled (internal error)";
      t.steps.push_back(std::move(step));
      break;
    }
    step.detail = pick.action;
    step.action = describe_action(L.m, pick.action);
    step.rule = describe_rule(L.m, pick.action);
    auto after = describe_state(L, succ.checkers(), pick.post);
    step.changes = changes(before, after);
    if (pick.assertion) {
      step.changes.push_back("assertion failed: " + pick.assertion->message);
      step.failure = result::SourceFailure{pick.assertion->pos, step.changes.back()};
    }
    before = std::move(after);
    cur.copy_from(pick.post, L);
    t.steps.push_back(std::move(step));
  }
  t.loop_start = loop_start;
  return t;
}

std::optional<result::SourceFailure> failure(const Trace& t) {
  if (t.steps.empty()) return std::nullopt;
  return t.steps.back().failure;
}

}  // namespace dpu::explicit_
