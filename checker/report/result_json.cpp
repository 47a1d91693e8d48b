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
      if (a.control.size() >= 3) {
        const model::MessageType& mt = m.messages.at(static_cast<std::size_t>(a.control[0]));
        // A channel entry is as wide as the channel's widest message; a message whose fields
        // are all scalars is written with exactly its own fields, so a reader can compare
        // them one by one (spec/trace-format.md). Aggregate fields keep the flattened slots.
        std::vector<model::Value> fields(a.control.begin() + 3, a.control.end());
        bool scalar_only = true;
        for (const auto& f : mt.fields) scalar_only = scalar_only && model::is_scalar(m.types.at(f.second));
        if (scalar_only && fields.size() > mt.fields.size()) fields.resize(mt.fields.size());
        d["control"] = {{"message", mt.name},
                        {"sender_pid", a.control[1]},
                        {"dest", a.control[2]},
                        {"fields", fields}};
      }
      break;
    case ActionKind::Crash: case ActionKind::Recover:
      break;
  }
  d["choices"] = a.choices;
  return d;
}

json trace_json(const model::Model& m, const Trace& t) {
  json steps = json::array();
  for (std::size_t i = 0; i < t.steps.size(); ++i) {
    const auto& s = t.steps[i];
    json j{{"index", i + 1}, {"action", s.action}, {"rule", s.rule}, {"ordinal", s.ordinal}, {"changes", s.changes}};
    // A runtime error's step carries the detail of the step that failed, so that a replayer
    // can re-execute it and see the same error.
    if (s.rule == "runtime error") j["error"] = true;
    j["detail"] = detail(m, s.detail);
    steps.push_back(std::move(j));
  }
  json out{{"initial", t.initial}, {"steps", steps}};
  out["loop_start"] = t.loop_start ? json(*t.loop_start + 1) : json(nullptr);
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
  return json{{"format", "dpucheck-result/1"},
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
}

}  // namespace dpu::report
