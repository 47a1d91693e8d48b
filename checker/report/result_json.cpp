// The result as JSON; the schema is spec/trace-format.md (keep the two in step).
#include <nlohmann/json.hpp>

#include "report/report.hpp"
#include "result/verdict.hpp"

namespace dpu::report {

using result::Action;
using result::ActionKind;
using result::Result;
using result::Trace;

namespace {

using nlohmann::json;

json process_json(const model::Model& m, const std::optional<result::ProcessRef>& p) {
  if (!p || p->family >= m.families.size()) return nullptr;  // the environment
  return {{"family", m.families[p->family].name}, {"index", p->index}};
}

// Scalars as the model's integer value (the type, from the model, says how to read it);
// records as objects by field name; arrays, sets and sequences as arrays.
json value_json(const model::Model& m, const result::TypedValue& v) {
  const model::Type& t = m.types.at(v.type);
  switch (t.kind) {
    case model::TypeKind::Record: {
      json o = json::object();
      for (std::size_t i = 0; i < t.fields.size() && i < v.elems.size(); ++i)
        o[t.fields[i].first] = value_json(m, v.elems[i]);
      return o;
    }
    case model::TypeKind::Array:
    case model::TypeKind::Set:
    case model::TypeKind::Seq: {
      json a = json::array();
      for (const auto& e : v.elems) a.push_back(value_json(m, e));
      return a;
    }
    default:
      return v.scalar;
  }
}

json control_json(const model::Model& m, const result::ControlMessage& c) {
  json receivers = json::array();
  for (const auto& r : c.receivers) receivers.push_back(process_json(m, r));
  json fields = json::array();
  for (const auto& f : c.fields) fields.push_back(value_json(m, f));
  return {{"message", m.messages.at(c.message).name},
          {"sender", process_json(m, c.sender)},
          {"receivers", receivers},
          {"fields", fields}};
}

json assignment_json(const model::Model& m, const result::Assignment& a) {
  json j{{"component", a.component}, {"kind", result::to_string(a.kind)}, {"text", a.text}};
  if (a.removed) {
    j["removed"] = true;
    return j;
  }
  if (a.variable != model::kNone) j["variable"] = m.vars.at(a.variable).name;
  if (a.process) j["process"] = process_json(m, a.process);
  if (a.value) j["value"] = value_json(m, *a.value);
  if (a.kind == result::ComponentKind::Channel) {
    j["channel"] = m.channels.at(a.channel).name;
    json msgs = json::array();
    for (const auto& c : a.messages) msgs.push_back(control_json(m, c));
    j["messages"] = msgs;
  }
  if (a.kind == result::ComponentKind::Crashed) {
    json ps = json::array();
    for (const auto& p : a.processes) ps.push_back(process_json(m, p));
    j["processes"] = ps;
  }
  return j;
}

json state_json(const model::Model& m, const std::vector<result::Assignment>& as) {
  json out = json::array();
  for (const auto& a : as) out.push_back(assignment_json(m, a));
  return out;
}

json detail(const model::Model& m, const Action& a) {
  json d{{"kind", result::to_string(a.kind)}, {"process", a.process}};
  if (a.family != model::kNone && a.family < m.families.size()) d["family"] = m.families[a.family].name;
  switch (a.kind) {
    case ActionKind::Call:
      d["workload"] = a.index;
      d["service"] = m.services.at(m.workloads.at(a.index).service).name;
      d["message"] = a.message;
      d["module"] = m.modules.at(a.module).name;
      if (!m.workloads.at(a.index).broadcast) d["dest"] = a.dest;
      break;
    case ActionKind::Deliver:
      d["message"] = a.message;
      d["module"] = m.modules.at(a.module).name;
      break;
    case ActionKind::Rule:
      d["rule"] = m.rules.at(a.index).name;
      d["rule_index"] = a.index;
      break;
    case ActionKind::Handler:
      d["handler_index"] = a.index;
      d["channel"] = m.channels.at(a.channel).name;
      d["entry"] = a.entry;
      if (a.control) d["control"] = control_json(m, *a.control);
      break;
    case ActionKind::Crash:
    case ActionKind::Recover:
      break;
  }
  d["choices"] = a.choices;
  return d;
}

json trace_json(const model::Model& m, const Trace& t) {
  json steps = json::array();
  for (std::size_t i = 0; i < t.steps.size(); ++i) {
    const auto& s = t.steps[i];
    json j{{"index", i + 1},
           {"action", s.action},
           {"rule", s.rule},
           {"ordinal", s.ordinal},
           {"changes", state_json(m, s.changes)}};
    // A runtime error's step carries the detail of the step that failed, so that a replayer
    // can re-execute it and see the same error; its message is `error`. A failed assert's
    // message is `assertion`.
    if (result::byzantine_step(m, s.detail)) j["byzantine"] = true;  // only on faulty processes' steps
    if (s.rule == "runtime error")
      j["error"] = s.failure ? s.failure->message : std::string("runtime error");
    else if (s.failure)
      j["assertion"] = s.failure->message;
    j["detail"] = detail(m, s.detail);
    if (!s.premises.empty()) j["premises"] = s.premises;  // check --explain
    steps.push_back(std::move(j));
  }
  json out{{"initial", state_json(m, t.initial)}, {"steps", steps}};
  out["loop_start"] = t.loop_start ? json(*t.loop_start + 1) : json(nullptr);
  // a runtime error of the last state: the property whose predicate failed there
  if (!t.state_error.empty()) out["state_error"] = t.state_error;
  return out;
}

}  // namespace

json result_to_json(const model::Model& m, const Result& r) {
  json props = json::array();
  for (const auto& p : r.properties) {
    json j{{"name", p.property}, {"status", result::status_id(p.status)}, {"explanation", p.explanation}};
    if (!p.notes.empty()) j["notes"] = p.notes;
    j["trace"] = p.trace ? trace_json(m, *p.trace) : json(nullptr);
    props.push_back(std::move(j));
  }
  json consts = json::object();
  for (const auto& [k, v] : m.constants) consts[k] = v;
  json out = json{{"format", "dpucheck-result/2"},
                  {"model", m.source_name},
                  {"constants", consts},
                  {"overall", result::status_id(result::overall(r))},
                  {"properties", props},
                  {"stats",
                   {{"states", r.stats.states},
                    {"transitions", r.stats.transitions},
                    {"max_depth", r.stats.max_depth},
                    {"seconds", r.stats.seconds},
                    {"memory_bytes", r.stats.memory_bytes},
                    {"collision_probability", r.stats.collision_probability}}}};
  if (r.symmetry) {
    // spec/trace-format.md: per family of two or more processes, reduced or why not (a byte
    // offset into the model source where one construct is to blame)
    json fams = json::array();
    for (const result::SymmetryFamily& f : r.symmetry->families) {
      json jf{{"family", m.families[f.family].name}, {"reduced", f.reduced}};
      if (!f.reduced) jf["reason"] = f.reason.empty() ? r.symmetry->not_used : f.reason;
      if (!f.reduced && f.pos) jf["offset"] = *f.pos;
      fams.push_back(std::move(jf));
    }
    out["symmetry"] = json{{"requested", r.symmetry->requested},
                           {"renamings", r.symmetry->renamings},
                           {"families", std::move(fams)}};
    if (r.symmetry->lifted) out["symmetry"]["lifted"] = *r.symmetry->lifted;
  }
  return out;
}

}  // namespace dpu::report
