#include "explicit/trace.hpp"

#include "model/print.hpp"

#include <map>

#include "explicit/protocol.hpp"
#include "result/value_text.hpp"

namespace dpu::explicit_ {

using model::TypeKind;

std::string process_name(const model::Model& m, Id family, std::uint32_t instance) {
  if (family == model::kNone) return "global";
  return model::print_value(m, m.families[family].type, instance);
}

namespace {

std::optional<result::ProcessRef> pid_process(const model::Model& m, Value pid) {
  Value base = 0;
  for (Id f = 0; f < m.families.size(); ++f) {
    if (pid < base + m.families[f].count)
      return result::ProcessRef{f, static_cast<std::uint32_t>(pid - base)};
    base += m.families[f].count;
  }
  return std::nullopt;  // the environment
}

std::string pid_name(const model::Model& m, Value pid) {
  return result::process_text(m, pid_process(m, pid));
}

std::string msg_name(std::uint32_t msg) { return "m" + std::to_string(msg + 1); }

// The engine's slots of a value of `type`, decoded into the model's terms.
result::TypedValue typed(const Layout& L, Id type, const Value* v) {
  const auto& t = L.m.types[type];
  const auto& ti = L.ti(type);
  result::TypedValue out;
  out.type = type;
  switch (t.kind) {
    case TypeKind::Record:
      for (std::size_t i = 0; i < t.fields.size(); ++i)
        out.elems.push_back(typed(L, t.fields[i].second, v + ti.field_off[i]));
      break;
    case TypeKind::Array: {
      const auto& ix = L.ti(t.index);
      for (Value i = 0; i <= ix.hi - ix.lo; ++i) out.elems.push_back(typed(L, t.elem, v + i * ti.esize));
      break;
    }
    case TypeKind::Set: {
      const auto& el = L.ti(t.elem);
      for (Value i = 0; i <= el.hi - el.lo; ++i)
        if (v[i]) out.elems.push_back(result::TypedValue{t.elem, el.lo + i, {}});
      break;
    }
    case TypeKind::Seq:
      for (Value i = 0; i < v[0]; ++i) out.elems.push_back(typed(L, t.elem, v + 1 + i * ti.esize));
      break;
    default:
      out.scalar = v[0];
  }
  return out;
}

}  // namespace

result::ControlMessage control_message(const Layout& L, Id channel, const Value* e) {
  result::ControlMessage c;
  c.message = static_cast<Id>(e[0]);
  const auto& mt = L.m.messages[c.message];
  std::uint32_t at = 3;
  for (const auto& f : mt.fields) {
    c.fields.push_back(typed(L, f.second, e + at));
    at += L.ti(f.second).size;
  }
  c.sender = pid_process(L.m, e[1]);
  if (L.m.channels[channel].order == model::ChannelOrder::Total) {
    for (std::uint32_t r = 0; r < L.nprocs; ++r)
      if (e[2] >> r & 1)
        if (auto p = pid_process(L.m, r)) c.receivers.push_back(*p);
  } else if (auto p = pid_process(L.m, e[2])) {
    c.receivers.push_back(*p);
  }
  return c;
}

namespace {

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
      return "[" + msg_name(a.message) + "]" + process_name(m, a.family, a.process) + "." +
             m.modules.at(a.module).name;
    case ActionKind::Rule:
      return m.rules.at(a.index).name + " at " + process_name(m, a.family, a.process);
    case ActionKind::Handler: {
      std::string s = "on ";
      const auto& h = m.handlers.at(a.index);
      s += h.message < m.messages.size() ? m.messages[h.message].name : "?";
      s += " at " + process_name(m, a.family, a.process);
      if (a.control) s += " from " + result::process_text(m, a.control->sender);
      return s;
    }
    case ActionKind::Crash:
      return "crash " + process_name(m, a.family, a.process);
    case ActionKind::Recover:
      return "recover " + process_name(m, a.family, a.process);
  }
  return "?";
}

std::string describe_rule(const model::Model& m, const Action& a) {
  switch (a.kind) {
    case ActionKind::Call:
    case ActionKind::Deliver:
      return "rule Comm";
    case ActionKind::Rule:
      return "rule " + m.rules.at(a.index).name;
    case ActionKind::Handler: {
      const auto& h = m.handlers.at(a.index);
      return "handler " + (h.message < m.messages.size() ? m.messages[h.message].name : std::string("?"));
    }
    case ActionKind::Crash:
    case ActionKind::Recover:
      return "fault";
  }
  return "?";
}

std::vector<result::Assignment> describe_state(const Layout& L, const CheckerSet& checkers, const Work& w) {
  using result::Assignment;
  using result::ComponentKind;
  std::vector<Assignment> out;
  auto add = [&](ComponentKind kind, std::string name, std::string text) -> Assignment& {
    Assignment& a = out.emplace_back();
    a.kind = kind, a.component = std::move(name), a.text = std::move(text);
    return a;
  };
  const auto& m = L.m;
  for (std::uint32_t s = 0; s < L.nstacks; ++s) {
    std::string v;
    for (Id a = 0; a < L.nmodules; ++a) {
      Value b = w.v[L.bind_slot(s, a)];
      if (b) v += (v.empty() ? "" : ", ") + m.modules[a].name + " " + binding_name(b);
    }
    add(ComponentKind::Stack, process_name(m, L.stack_family, s), v.empty() ? "(empty)" : v).process =
        result::ProcessRef{L.stack_family, s};
  }
  for (std::uint32_t msg = 0; msg < L.msgs.size(); ++msg) {
    std::string v;
    for (std::uint32_t d = 0; d < L.nstacks; ++d) {
      Value st = w.v[L.off_status + L.copy(msg, d)];
      if (!st) continue;
      v += (v.empty() ? "" : ", ") + process_name(m, L.stack_family, d) + " " +
           (st == kSent ? "sent(" : "delivered(") + m.modules[w.v[L.off_tag + L.copy(msg, d)]].name + ")";
    }
    if (!v.empty()) add(ComponentKind::Copies, msg_name(msg), v);
  }
  for (Id var = 0; var < m.vars.size(); ++var) {
    const auto& vd = m.vars[var];
    std::uint32_t n = vd.family == model::kNone ? 1 : L.instance_count(vd.family);
    for (std::uint32_t i = 0; i < n; ++i) {
      std::string key = vd.family == model::kNone ? vd.name : process_name(m, vd.family, i) + "." + vd.name;
      const Value* p = w.v.data() + (vd.family == model::kNone ? L.var_off[var] : L.var_slot(var, i));
      result::TypedValue tv = typed(L, vd.type, p);
      Assignment& a = add(ComponentKind::Variable, key, result::value_text(m, tv));
      a.value = std::move(tv);
      a.variable = var;
      if (vd.family != model::kNone) a.process = result::ProcessRef{vd.family, i};
    }
  }
  for (Id c = 0; c < m.channels.size(); ++c) {
    std::vector<result::ControlMessage> msgs;
    std::string v;
    bool total = m.channels[c].order == model::ChannelOrder::Total;
    for (std::uint32_t i = 0; i < w.count[c]; ++i) {
      msgs.push_back(control_message(L, c, w.entry(L, c, i)));
      v += (i ? "; " : "") + result::control_text(m, msgs.back(), total);
    }
    Assignment& a = add(ComponentKind::Channel, m.channels[c].name, "[" + v + "]");
    a.channel = c;
    a.messages = std::move(msgs);
  }
  std::vector<result::ProcessRef> down;
  std::string text;
  for (std::uint32_t p = 0; p < L.nprocs; ++p)
    if (crashed(L, w, p)) {
      text += (text.empty() ? "" : ", ") + pid_name(m, p);
      if (auto pr = pid_process(m, p)) down.push_back(*pr);
    }
  if (!text.empty()) add(ComponentKind::Crashed, "crashed", text).processes = std::move(down);
  // the checkers' monitors name their own components
  StateLines monitors;
  checkers.describe(w, monitors);
  for (auto& [name, value] : monitors) add(ComponentKind::Monitor, std::move(name), std::move(value));
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

}  // namespace

std::vector<result::Assignment> changes(const std::vector<result::Assignment>& before,
                                        const std::vector<result::Assignment>& after) {
  std::map<std::string, const result::Assignment*> old;
  for (const auto& a : before) old[a.component] = &a;
  std::map<std::string, bool> still;
  std::vector<result::Assignment> out;
  for (const auto& a : after) {
    still[a.component] = true;
    auto it = old.find(a.component);
    if (it == old.end() || it->second->text != a.text) out.push_back(a);
  }
  for (const auto& a : before)
    if (!still.count(a.component)) {
      result::Assignment gone;
      gone.kind = a.kind, gone.component = a.component, gone.text = "(none)", gone.removed = true;
      out.push_back(std::move(gone));
    }
  return out;
}

Trace replay(const Layout& L, Successors& succ, const std::vector<std::uint32_t>& ordinals,
             std::optional<std::size_t> loop_start) {
  Trace t;
  Work cur;
  succ.initial(cur);
  auto before = describe_state(L, succ.checkers(), cur);
  t.initial = before;
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
      step.failure =
          result::SourceFailure{pick.assertion->pos, "assertion failed: " + pick.assertion->message};
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
