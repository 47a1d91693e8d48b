// The driver: read the trace JSON (spec/trace-format.md), re-execute it step by step, decide
// the property at the end.
#include "replay/replay.hpp"

#include <stdexcept>

#include "model/universe.hpp"
#include "replay/properties.hpp"

namespace dpu::replay {

namespace {

// A bound on the universe the replayer builds; far above any engine's limit.
constexpr std::uint64_t kMaxReplayMessages = std::uint64_t{1} << 20;

using nlohmann::json;

/// A problem with the JSON itself (not with the model's semantics).
struct BadTrace : std::runtime_error {
  using std::runtime_error::runtime_error;
};

template <class Named>
Id id_by_name(const std::vector<Named>& table, const std::string& name, const char* what) {
  for (Id i = 0; i < table.size(); ++i)
    if (table[i].name == name) return i;
  throw BadTrace(std::string("the trace names an unknown ") + what + " '" + name + "'");
}

/// An id given either as a number or as a name.
template <class Named>
Id id_of(const json& j, const std::vector<Named>& table, const char* what) {
  if (j.is_string()) return id_by_name(table, j.get<std::string>(), what);
  if (j.is_number_integer()) {
    auto v = j.get<std::int64_t>();
    if (v < 0 || static_cast<std::size_t>(v) >= table.size())
      throw BadTrace(std::string("the trace names an unknown ") + what);
    return static_cast<Id>(v);
  }
  throw BadTrace(std::string("the trace's ") + what + " is neither a name nor a number");
}

Kind kind_of(const std::string& k) {
  if (std::optional<Kind> kind = model::step_kind_named(k)) return *kind;
  throw BadTrace("unknown step kind '" + k + "'");
}

/// A process written {"family": NAME, "index": I} (null: the environment) as its pid.
Value pid_of_json(const Universe& u, const json& p) {
  if (p.is_null()) return u.pid_of(Proc{});  // the environment
  if (!p.is_object() || !p.contains("family") || !p.contains("index") || !p["index"].is_number_integer())
    throw BadTrace("a control message's sender is not {\"family\", \"index\"} or null");
  Id f = id_of(p["family"], u.m->families, "family");
  auto i = p["index"].get<std::int64_t>();
  if (i < 0 || i >= u.m->families[f].count) throw BadTrace("the sender's index is out of range");
  return u.pid_of(Proc{f, i});
}

Action action_of(const Universe& u, const json& d) {
  const model::Model& m = *u.m;
  if (!d.is_object()) throw BadTrace("the step has no \"detail\" object");
  Action a;
  a.kind = kind_of(d.at("kind").get<std::string>());
  a.process = d.value("process", std::int64_t{0});
  if (d.contains("family"))
    a.family = id_of(d["family"], m.families, "family");
  else if (a.kind == Kind::Call || a.kind == Kind::Deliver)
    a.family = u.stack_family;
  if (d.contains("message")) a.message = d["message"].get<std::uint32_t>();
  if (d.contains("dest")) a.dest = d["dest"].get<std::int64_t>();
  if (d.contains("module")) a.module = id_of(d["module"], m.modules, "module");
  switch (a.kind) {
    case Kind::Call:
      a.index = d.at("workload").get<Id>();
      if (a.index < m.workloads.size() && d.contains("service") && d["service"].is_string() &&
          m.services[m.workloads[a.index].service].name != d["service"])
        throw BadTrace("workload " + std::to_string(a.index) + " calls " +
                       m.services[m.workloads[a.index].service].name + ", not " +
                       d["service"].get<std::string>());
      break;
    case Kind::Rule:
      a.index = d.contains("rule_index") ? d["rule_index"].get<Id>()
                                         : id_by_name(m.rules, d.at("rule").get<std::string>(), "rule");
      if (a.index < m.rules.size() && d.contains("rule") && d["rule"].is_string() &&
          m.rules[a.index].name != d["rule"])
        throw BadTrace("rule_index " + std::to_string(a.index) + " is rule " + m.rules[a.index].name +
                       ", not " + d["rule"].get<std::string>());
      break;
    case Kind::Handler: {
      a.index = d.at("handler_index").get<Id>();
      if (d.contains("channel")) a.channel = id_of(d["channel"], m.channels, "channel");
      if (d.contains("control") && d["control"].is_object()) {
        const json& c = d["control"];
        a.control.push_back(static_cast<Value>(id_of(c.at("message"), m.messages, "message")));
        if (!c.contains("sender")) break;  // sender unknown: match by kind only
        a.control.push_back(pid_of_json(u, c["sender"]));
        a.control.push_back(0);  // the receivers are not needed to find the message
        // Scalar fields are integers and are compared; a record, array, set or sequence
        // field (an object or array) makes the replayer match by kind and sender only.
        const json fields = c.value("fields", json::array());
        bool scalars = fields.is_array();
        for (const json& f : fields) scalars = scalars && f.is_number_integer();
        if (scalars)
          for (const json& f : fields) a.control.push_back(f.get<Value>());
      }
      break;
    }
    default:
      break;
  }
  if (d.contains("choices")) a.choices = d["choices"].get<std::vector<std::uint32_t>>();
  return a;
}

/// The property results of the JSON that carry a trace: whole result, one property, or a trace.
std::vector<std::pair<std::string, const json*>> traces_in(const json& j) {
  std::vector<std::pair<std::string, const json*>> out;
  auto one = [&](const json& p) {
    if (p.is_object() && p.contains("trace") && p["trace"].is_object())
      out.emplace_back(p.value("name", p.value("property", std::string())), &p["trace"]);
  };
  if (j.is_object() && j.contains("properties") && j["properties"].is_array()) {
    for (const json& p : j["properties"]) one(p);
  } else if (j.is_object() && j.contains("trace")) {
    one(j);
  } else if (j.is_object() && j.contains("steps")) {
    out.emplace_back(j.value("property", std::string()), &j);
  }
  return out;
}

/// A trace field that must be a string when present ("" when absent).
std::string text_field(const json& step, const char* name) {
  if (!step.contains(name)) return {};
  if (!step[name].is_string()) throw BadTrace(std::string("the step's \"") + name + "\" is not a string");
  return step[name].get<std::string>();
}

/// Empty when the trace's own labels of step `number` (its index, `action` and `rule`) agree
/// with what the replayer re-executed; otherwise what contradicts it. An empty label is not
/// checked (hand-made traces leave it out). A runtime-error step is labelled `error` /
/// `runtime error` (spec/trace-format.md). A `byzantine` mark, when present, must say whether
/// the step is a faulty process's.
std::string contradiction(const Universe& u, const json& step, std::size_t number, const Action& a,
                          const StepResult& s) {
  if (step.contains("index") && (!step["index"].is_number_integer() ||
                                 step["index"].get<std::int64_t>() != static_cast<std::int64_t>(number)))
    return "the step's \"index\" is " + step["index"].dump() + ", not " + std::to_string(number);
  const bool error_step = step.contains("error");
  const std::string want_action = error_step ? "error" : s.name;
  const std::string want_rule = error_step ? "runtime error" : s.rule;
  const std::string action = text_field(step, "action"), rule = text_field(step, "rule");
  if (!action.empty() && action != want_action)
    return "the trace calls this step \"" + action + "\", but the step it describes is " + s.name;
  if (!rule.empty() && rule != want_rule)
    return "the trace gives this step the rule \"" + rule + "\", but " + s.name + " is " + want_rule;
  if (step.contains("byzantine")) {
    if (!step["byzantine"].is_boolean())
      return "the step's \"byzantine\" is " + step["byzantine"].dump() + ", not a boolean";
    const bool faulty = (a.kind == Kind::Rule || a.kind == Kind::Handler) && a.family != model::kNone &&
                        is_faulty(*u.m, Proc{a.family, a.process});
    if (step["byzantine"].get<bool>() != faulty)
      return faulty
                 ? "the trace marks this step as not byzantine, but " + s.name + " is a faulty process's step"
                 : "the trace marks this step byzantine, but " + s.name + " is not a faulty process's step";
  }
  return {};
}

ReplayResult replay_trace(const Universe& u, const json& trace, const std::string& property) {
  ReplayResult r;
  r.property = property;
  Run run;
  try {
    run.states.push_back(initial_state(u));
  } catch (const RuntimeError& e) {
    r.message = "the initial state cannot be built: " + e.message;
    return r;
  }
  if (!trace.contains("steps") || !trace["steps"].is_array()) {
    r.message = "the trace has no \"steps\" array";
    return r;
  }
  const json& steps = trace["steps"];
  if (trace.contains("state_error")) {
    if (!trace["state_error"].is_string()) {
      r.message = "the trace's \"state_error\" is not a string";
      return r;
    }
    run.state_error = trace["state_error"].get<std::string>();
  }
  if (trace.contains("loop_start") && trace["loop_start"].is_number_integer()) {
    // 1-based number of the loop's first step (spec/trace-format.md)
    auto l = trace["loop_start"].get<std::int64_t>();
    if (l < 1 || static_cast<std::size_t>(l) > steps.size()) {
      r.message = "loop_start " + std::to_string(l) + " is not a step of the trace";
      return r;
    }
    run.loop_start = static_cast<std::size_t>(l - 1);
    r.loop_start = run.loop_start;
  }
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::size_t number = i + 1;
    const json& js = steps[i];
    StepOutcome out;
    out.number = number;
    Action a;
    try {
      if (js.is_object() && js.contains("error") && !js.contains("detail"))
        throw BadTrace(
            "a runtime-error step without \"detail\" cannot be re-executed (spec/trace-format.md, Replay "
            "needs)");
      a = action_of(u, js.is_object() && js.contains("detail") ? js["detail"] : json());
    } catch (const BadTrace& e) {
      r.failed_step = number;
      r.message = "step " + std::to_string(number) + ": " + e.what();
      return r;
    } catch (const json::exception& e) {
      r.failed_step = number;
      r.message = "step " + std::to_string(number) + ": malformed step: " + e.what();
      return r;
    }
    out.kind = to_string(a.kind);
    StepResult s = apply(u, run.states.back(), a);
    if (!s.enabled) {
      r.failed_step = number;
      r.message = "step " + std::to_string(number) + ": " + describe(u, a) + " is not enabled: " + s.why_not;
      return r;
    }
    // What is printed as replayed is the replayer's own name of the step; a label of the trace
    // that names another step is refused, never shown as if it had been replayed.
    out.action = s.name;
    std::string contradicts;
    try {
      contradicts = js.is_object() ? contradiction(u, js, number, a, s) : std::string();
    } catch (const BadTrace& e) {
      contradicts = e.what();
    }
    if (!contradicts.empty()) {
      r.failed_step = number;
      r.message = "step " + std::to_string(number) + ": " + contradicts;
      return r;
    }
    bool last = number == steps.size();
    if (!last && (s.assertion || s.error)) {
      r.failed_step = number;
      r.message = "step " + std::to_string(number) + ": " + out.action + " " +
                  (s.assertion ? "fails the assertion \"" + s.assertion->text + "\""
                               : "hits a runtime error: " + s.error->message) +
                  ", so the run cannot go on to step " + std::to_string(number + 1);
      return r;
    }
    if (last) run.last_assertion = s.assertion, run.last_error = s.error;
    run.states.push_back(std::move(s.post));
    run.actions.push_back(a);
    run.tasks.push_back(s.task);
    r.steps.push_back(out);
  }
  Verdict v = check_property(u, run, property);
  r.ok = v.violated;
  r.message = v.violated ? "the trace reaches a violation of " + property + ": " + v.why
                         : "the final state does not violate " + property + ": " + v.why;
  return r;
}

}  // namespace

ReplayResult replay(const model::Model& m, const json& trace_or_result, const std::string& property) {
  // Checked on the count, before the universe is built (a huge -D must not allocate it).
  if (std::uint64_t n = model::message_count(m); n > kMaxReplayMessages) {
    ReplayResult r;
    r.property = property;
    r.message = "the model has " + std::to_string(n) +
                " protocol messages, more than the replayer handles (" + std::to_string(kMaxReplayMessages) +
                "); no engine explores a model that large";
    return r;
  }
  Universe u(m);
  auto traces = traces_in(trace_or_result);
  for (const auto& [name, trace] : traces) {
    if (!property.empty() && name != property) continue;
    try {
      return replay_trace(u, *trace, property.empty() ? name : property);
    } catch (const json::exception& e) {
      ReplayResult r;
      r.property = name;
      r.message = std::string("malformed trace: ") + e.what();
      return r;
    }
  }
  ReplayResult r;
  r.property = property;
  r.message = property.empty() ? "the JSON holds no trace" : "the JSON holds no trace of " + property;
  return r;
}

std::vector<ReplayResult> replay_all(const model::Model& m, const json& trace_or_result) {
  std::vector<ReplayResult> out;
  for (const auto& [name, trace] : traces_in(trace_or_result))
    out.push_back(replay(m, trace_or_result, name));
  if (out.empty()) out.push_back(replay(m, trace_or_result, ""));
  return out;
}

}  // namespace dpu::replay
