// What the viewer draws, computed from a result's JSON form (spec/trace-format.md). The JSON
// form is the one every engine's result and every saved trace share, so the chart of a trace
// does not depend on where the trace came from. The page's script only lays this data out.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/viewer.hpp"
#include "result/value_text.hpp"

namespace dpu::report {

namespace {

using nlohmann::json;

constexpr const char* kEnvironment = "env";
constexpr const char* kGlobal = "global";

/// A control message in flight, followed from the step that sent it.
struct InFlight {
  std::string key;                     // kind, sender and fields: what identifies it
  std::vector<std::string> receivers;  // lane keys still to take it
  std::size_t origin_step = 0;         // 0: in the initial state
  std::string origin_lane;
  std::string label;  // "S2", "ack(3)"
  std::string message;
};

class ViewBuilder {
 public:
  ViewBuilder(const model::Model& m, const json& trace) : m_(m), trace_(trace) {}

  json build() {
    add_model_lanes();
    const json& steps = trace_.at("steps");
    if (!steps.is_array()) throw TraceFormatError("\"steps\" is not a list");
    for (const json& a : trace_.at("initial")) {
      record(a, 0);
      initial_.push_back(component_json(a));
    }
    for (std::size_t k = 1; k <= steps.size(); ++k) step(steps[k - 1], k);
    finish(steps.size());
    json lanes = json::array();
    for (const json& l : lanes_)
      if (!l.value("optional", false) || used_.count(l.at("key").get<std::string>())) {
        json copy = l;
        copy.erase("optional");
        lanes.push_back(copy);
      }
    json loop = trace_.value("loop_start", json(nullptr));
    if (!loop.is_null() && (!loop.is_number_integer() || loop.get<std::int64_t>() < 1 ||
                            loop.get<std::int64_t>() > static_cast<std::int64_t>(steps.size())))
      throw TraceFormatError(fmt::format("\"loop_start\" {} is not a step of the trace", loop.dump()));
    return {{"lanes", lanes},    {"initial", initial_}, {"steps", steps_out_},
            {"arrows", arrows_}, {"markers", markers_}, {"loop_start", loop}};
  }

 private:
  void add_model_lanes() {
    std::vector<model::Id> order;
    for (model::Id f = 0; f < m_.families.size(); ++f)
      if (m_.families[f].is_stacks) order.push_back(f);
    for (model::Id f = 0; f < m_.families.size(); ++f)
      if (!m_.families[f].is_stacks) order.push_back(f);
    for (model::Id f : order) {
      const model::Family& fam = m_.families[f];
      for (model::Value i = 0; i < fam.count; ++i) {
        std::string name = result::process_text(m_, result::ProcessRef{f, static_cast<std::uint32_t>(i)});
        std::string key = fmt::format("{}#{}", fam.name, i);
        lanes_.push_back({{"key", key}, {"name", name}, {"family", fam.name}, {"stack", fam.is_stacks}});
        by_name_[name] = key;
      }
    }
    lanes_.push_back({{"key", kGlobal}, {"name", "global"}, {"stack", false}, {"optional", true}});
    lanes_.push_back({{"key", kEnvironment}, {"name", "environment"}, {"stack", false}, {"optional", true}});
  }

  model::Id family_id(const std::string& name) const {
    for (model::Id f = 0; f < m_.families.size(); ++f)
      if (m_.families[f].name == name) return f;
    throw TraceFormatError(fmt::format("the model has no process family '{}'", name));
  }

  /// The lane of a PROCESS (null: the environment).
  std::string lane_of(const json& p) {
    if (p.is_null()) {
      used_.insert(kEnvironment);
      return kEnvironment;
    }
    return lane_of(p.at("family").get<std::string>(), p.at("index"));
  }
  std::string lane_of(const std::string& family, const json& index) {
    model::Id f = family_id(family);
    if (!index.is_number_integer() || index.get<std::int64_t>() < 0 ||
        index.get<std::int64_t>() >= m_.families[f].count)
      throw TraceFormatError(fmt::format("{} has no process {}", family, index.dump()));
    return fmt::format("{}#{}", family, index.get<std::int64_t>());
  }
  const std::string& lane_named(const std::string& name) const {
    auto it = by_name_.find(name);
    if (it == by_name_.end()) throw TraceFormatError(fmt::format("the model has no stack named '{}'", name));
    return it->second;
  }

  /// Who acts in a step (detail: spec/trace-format.md's DETAIL).
  std::string actor(const json& d) {
    const std::string kind = d.at("kind").get<std::string>();
    if (!d.contains("family")) {
      if (kind != "rule") throw TraceFormatError(fmt::format("a {} step without a \"family\"", kind));
      used_.insert(kGlobal);
      return kGlobal;
    }
    return lane_of(d.at("family").get<std::string>(), d.at("process"));
  }

  /// A VALUE of type `type` back in the model's terms, to be printed as traces print it.
  result::TypedValue typed(model::Id type, const json& v) const {
    const model::Type& t = m_.types.at(type);
    result::TypedValue out{type, 0, {}};
    switch (t.kind) {
      case model::TypeKind::Record:
        for (const auto& [name, ft] : t.fields) out.elems.push_back(typed(ft, v.at(name)));
        return out;
      case model::TypeKind::Array:
      case model::TypeKind::Set:
      case model::TypeKind::Seq:
        for (const json& e : v) out.elems.push_back(typed(t.elem, e));
        return out;
      default:
        out.scalar = v.get<model::Value>();
        if (out.scalar < t.lo || out.scalar > t.hi)
          throw TraceFormatError(fmt::format("the value {} is outside the type {}", out.scalar, t.name));
        return out;
    }
  }

  /// A CONTROL message: what identifies it, its label, its receivers' lanes.
  InFlight in_flight(const json& c) {
    const std::string name = c.at("message").get<std::string>();
    const model::MessageType* type = nullptr;
    for (const model::MessageType& mt : m_.messages)
      if (mt.name == name) type = &mt;
    if (!type) throw TraceFormatError(fmt::format("the model has no control message '{}'", name));
    const json& fields = c.at("fields");
    if (!fields.is_array() || fields.size() != type->fields.size())
      throw TraceFormatError(fmt::format("message {} has {} fields, not {}", name, type->fields.size(),
                                         fields.is_array() ? fields.size() : 0));
    InFlight f;
    f.message = name;
    f.label = name;
    for (std::size_t i = 0; i < fields.size(); ++i)
      f.label += (i ? ", " : "(") + result::value_text(m_, typed(type->fields[i].second, fields[i]));
    if (!fields.empty()) f.label += ")";
    f.origin_lane = lane_of(c.at("sender"));
    f.key = json{name, c.at("sender"), fields}.dump();
    for (const json& r : c.at("receivers")) f.receivers.push_back(lane_of(r));
    return f;
  }

  static json component_json(const json& a) {
    json c{{"component", a.at("component")}, {"kind", a.at("kind")}, {"text", a.at("text")}};
    if (a.value("removed", false)) c["removed"] = true;
    return c;
  }

  /// "udp bound, ct passive" -> {udp: bound, ct: passive}; "(empty)" and "(none)" -> {}.
  static std::map<std::string, std::string> bindings(const std::string& text) {
    std::map<std::string, std::string> out;
    if (text.empty() || text[0] == '(') return out;
    std::size_t at = 0;
    while (at <= text.size()) {
      std::size_t end = text.find(", ", at);
      std::string item = text.substr(at, end == std::string::npos ? std::string::npos : end - at);
      std::size_t space = item.find(' ');
      if (space == std::string::npos) throw TraceFormatError(fmt::format("a stack reads '{}'", text));
      out[item.substr(0, space)] = item.substr(space + 1);
      if (end == std::string::npos) break;
      at = end + 2;
    }
    return out;
  }

  /// A component's new value: binding markers for a stack, the new contents for a channel.
  void record(const json& a, std::size_t k) {
    const std::string kind = a.at("kind").get<std::string>();
    const std::string component = a.at("component").get<std::string>();
    const bool removed = a.value("removed", false);
    if (kind == "stack") {
      std::map<std::string, std::string> now =
          removed ? std::map<std::string, std::string>{} : bindings(a.at("text").get<std::string>());
      std::map<std::string, std::string>& before = stacks_[component];
      if (k > 0) {
        const std::string& lane = lane_named(component);
        for (const auto& [mod, binding] : now) {
          auto old = before.find(mod);
          if (old == before.end())
            marker(k, lane, mod, "added", "+" + mod + " " + binding);
          else if (old->second != binding)
            marker(k, lane, mod, binding, mod + " " + binding);
        }
        for (const auto& [mod, binding] : before)
          if (!now.count(mod)) marker(k, lane, mod, "removed", "\u2212" + mod);
      }
      before = now;
    } else if (kind == "copies") {
      copies_[component] = removed ? "" : a.at("text").get<std::string>();
    } else if (kind == "channel") {
      pending_channel_[component] = removed ? json::array() : a.at("messages");
      if (k == 0) {
        for (const json& c : pending_channel_[component]) channels_[component].push_back(in_flight(c));
        pending_channel_.erase(component);
      }
    }
  }

  void marker(std::size_t k, const std::string& lane, const std::string& module, const std::string& what,
              const std::string& text) {
    markers_.push_back({{"step", k}, {"lane", lane}, {"module", module}, {"what", what}, {"text", text}});
  }

  void arrow(json a) { arrows_.push_back(std::move(a)); }

  void control_arrow(const InFlight& f, std::size_t to_step, const std::string& to_lane,
                     const std::string& how) {
    arrow({{"kind", "control"},
           {"from_step", f.origin_step},
           {"from_lane", f.origin_lane},
           {"to_step", to_step == 0 ? json(nullptr) : json(to_step)},
           {"to_lane", to_lane},
           {"label", f.label},
           {"message", f.message},
           {"how", how}});
  }

  /// Channel `name` after step k holds `now`: which messages were taken (by whom) and which
  /// were sent. A message keeps its identity while it is in flight; a total-order message
  /// loses a receiver each time one takes it.
  void follow_channel(const std::string& name, const json& now, std::size_t k, const std::string& kind,
                      const std::string& step_lane, std::optional<std::size_t> taken_entry,
                      const json* taken) {
    std::vector<InFlight>& old = channels_[name];
    std::vector<std::vector<std::string>> expected;
    for (const InFlight& f : old) expected.push_back(f.receivers);
    std::optional<std::size_t> taken_at;
    if (taken_entry) {
      InFlight t = in_flight(*taken);
      auto takes = [&](std::size_t i) {
        return i < old.size() && old[i].key == t.key &&
               std::count(old[i].receivers.begin(), old[i].receivers.end(), step_lane);
      };
      if (takes(*taken_entry)) taken_at = *taken_entry;
      for (std::size_t i = 0; !taken_at && i < old.size(); ++i)
        if (takes(i)) taken_at = i;
      if (!taken_at)
        throw TraceFormatError(fmt::format(
            "step {}: the handler takes {} from channel {}, which does not hold it", k, t.label, name));
      auto& e = expected[*taken_at];
      e.erase(std::find(e.begin(), e.end(), step_lane));
    }
    std::vector<InFlight> fresh;
    for (const json& c : now) fresh.push_back(in_flight(c));
    std::vector<int> match(fresh.size(), -1);
    std::vector<bool> used(old.size(), false);
    auto subset = [](const std::vector<std::string>& a, const std::vector<std::string>& b) {
      for (const std::string& x : a)
        if (!std::count(b.begin(), b.end(), x)) return false;
      return true;
    };
    for (int pass = 0; pass < 2; ++pass)
      for (std::size_t n = 0; n < fresh.size(); ++n)
        for (std::size_t o = 0; match[n] < 0 && o < old.size(); ++o)
          if (!used[o] && old[o].key == fresh[n].key &&
              (pass == 0 ? fresh[n].receivers == expected[o] : subset(fresh[n].receivers, expected[o]))) {
            match[n] = static_cast<int>(o);
            used[o] = true;
          }
    const std::string gone = kind == "crash" ? "lost" : "consumed";
    auto end_receivers = [&](std::size_t o, const std::vector<std::string>& left) {
      for (const std::string& r : old[o].receivers)
        if (!std::count(left.begin(), left.end(), r))
          control_arrow(old[o], k, r, taken_at == o && r == step_lane ? "taken" : gone);
    };
    std::vector<InFlight> next;
    for (std::size_t n = 0; n < fresh.size(); ++n) {
      if (match[n] >= 0) {
        InFlight f = old[match[n]];
        end_receivers(match[n], fresh[n].receivers);
        f.receivers = fresh[n].receivers;
        next.push_back(f);
      } else {
        fresh[n].origin_step = k;
        next.push_back(fresh[n]);
      }
    }
    for (std::size_t o = 0; o < old.size(); ++o)
      if (!used[o]) end_receivers(o, {});
    old = std::move(next);
  }

  void step(const json& s, std::size_t k) {
    const json& d = s.at("detail");
    const std::string kind = d.at("kind").get<std::string>();
    const std::string lane = actor(d);
    json out{{"index", k},   {"action", s.at("action")}, {"rule", s.at("rule")}, {"kind", kind},
             {"lane", lane}, {"changes", json::array()}};
    if (s.contains("error")) out["error"] = s.at("error");
    if (s.contains("assertion")) out["assertion"] = s.at("assertion");
    for (const json& a : s.at("changes")) {
      record(a, k);
      out["changes"].push_back(component_json(a));
    }
    if (s.contains("error")) {
      // a runtime error: the step did not happen, nothing was sent or taken
    } else if (kind == "call") {
      calls_[d.at("message").get<std::uint64_t>()] = {k, lane};
    } else if (kind == "deliver") {
      std::uint64_t msg = d.at("message").get<std::uint64_t>();
      auto call = calls_.find(msg);
      if (call == calls_.end())
        throw TraceFormatError(fmt::format("step {} delivers m{}, which no earlier step sent", k, msg + 1));
      std::string module = d.at("module").get<std::string>();
      protocol_arrow(call->second, msg, k, lane, module, "delivered");
    } else if (kind == "crash") {
      marker(k, lane, "", "crashed", "crashed");
    } else if (kind == "recover") {
      marker(k, lane, "", "recovered", "recovered");
    }
    // The channel a handler takes from is followed even when its text did not change (it
    // may have sent an equal message back).
    std::string handler_channel;
    if (kind == "handler" && !s.contains("error")) {
      handler_channel = d.at("channel").get<std::string>();
      if (!pending_channel_.count(handler_channel))
        pending_channel_[handler_channel] = channel_json(handler_channel);
    }
    for (auto& [name, now] : pending_channel_) {
      bool takes = name == handler_channel;
      follow_channel(name, now, k, kind, lane,
                     takes ? std::optional<std::size_t>(d.at("entry").get<std::size_t>()) : std::nullopt,
                     takes ? &d.at("control") : nullptr);
    }
    pending_channel_.clear();
    steps_out_.push_back(std::move(out));
  }

  /// A channel's current contents back as CONTROL messages (for a handler step whose channel
  /// text did not change).
  json channel_json(const std::string& name) {
    json out = json::array();
    for (const InFlight& f : channels_[name]) {
      json key = json::parse(f.key);
      json receivers = json::array();
      for (const std::string& r : f.receivers) receivers.push_back(lane_json(r));
      out.push_back({{"message", key[0]}, {"sender", key[1]}, {"fields", key[2]}, {"receivers", receivers}});
    }
    return out;
  }
  static json lane_json(const std::string& key) {
    if (key == kEnvironment) return nullptr;
    std::size_t hash = key.find('#');
    return {{"family", key.substr(0, hash)}, {"index", std::stoull(key.substr(hash + 1))}};
  }

  void protocol_arrow(const std::pair<std::size_t, std::string>& call, std::uint64_t msg, std::size_t to_step,
                      const std::string& to_lane, const std::string& module, const std::string& how) {
    std::string to_name;
    for (const json& l : lanes_)
      if (l.at("key") == to_lane) to_name = l.at("name").get<std::string>();
    arrow({{"kind", "protocol"},
           {"from_step", call.first},
           {"from_lane", call.second},
           {"to_step", to_step == 0 ? json(nullptr) : json(to_step)},
           {"to_lane", to_lane},
           {"label", fmt::format("m{}", msg + 1)},
           {"sup", to_name + "." + module},
           {"tag", module},
           {"how", how}});
  }

  /// What is still in flight at the end: an arrow to the end for every copy sent and not
  /// delivered, and for every control message's receiver that has not taken it.
  void finish(std::size_t last) {
    for (const auto& [component, text] : copies_) {
      if (component.size() < 2 || component[0] != 'm')
        throw TraceFormatError("a copies component named " + component);
      std::uint64_t msg = std::stoull(component.substr(1)) - 1;
      std::size_t at = 0;
      while (!text.empty() && at < text.size()) {
        std::size_t end = text.find(", ", at);
        std::string item = text.substr(at, end == std::string::npos ? std::string::npos : end - at);
        at = end == std::string::npos ? text.size() : end + 2;
        std::size_t open = item.find(" sent(");
        if (open == std::string::npos) continue;  // delivered
        auto call = calls_.find(msg);
        if (call == calls_.end())
          throw TraceFormatError(fmt::format("{} has a copy in flight that no step sent", component));
        std::string module = item.substr(open + 6, item.size() - open - 7);
        protocol_arrow(call->second, msg, 0, lane_named(item.substr(0, open)), module, "pending");
      }
    }
    (void)last;
    for (const auto& [name, flights] : channels_)
      for (const InFlight& f : flights)
        for (const std::string& r : f.receivers) control_arrow(f, 0, r, "pending");
  }

  const model::Model& m_;
  const json& trace_;
  json lanes_ = json::array();
  std::map<std::string, std::string> by_name_;  // process text -> lane key
  std::set<std::string> used_;                  // optional lanes the trace uses
  json initial_ = json::array(), steps_out_ = json::array(), arrows_ = json::array(),
       markers_ = json::array();
  std::map<std::string, std::map<std::string, std::string>> stacks_;  // stack -> module -> binding
  std::map<std::string, std::string> copies_;                         // mN -> its text
  std::map<std::string, std::vector<InFlight>> channels_;
  std::map<std::string, json> pending_channel_;  // channels changed by the current step
  std::map<std::uint64_t, std::pair<std::size_t, std::string>> calls_;  // message -> (step, lane)
};

}  // namespace

json trace_view(const model::Model& m, const json& result) {
  try {
    json traces = json::array();
    json verdicts = json::array();
    for (const json& p : result.at("properties")) {
      json v{{"property", p.at("name")},
             {"status", p.at("status")},
             {"explanation", p.value("explanation", "")}};
      if (p.contains("notes")) v["notes"] = p.at("notes");
      verdicts.push_back(v);
      if (!p.contains("trace") || p.at("trace").is_null()) continue;
      json t = ViewBuilder(m, p.at("trace")).build();
      t.update(v);
      traces.push_back(std::move(t));
    }
    json modules = json::array();
    for (const model::Module& mod : m.modules) modules.push_back(mod.name);
    return {{"model", result.value("model", m.source_name)},
            {"constants", result.value("constants", json::object())},
            {"overall", result.value("overall", "")},
            {"modules", modules},
            {"verdicts", verdicts},
            {"traces", traces}};
  } catch (const json::exception& e) {
    throw TraceFormatError(std::string("the result is not in the dpucheck-result/2 format: ") + e.what());
  } catch (const std::logic_error& e) {  // std::stoull, .at() on the model's tables
    throw TraceFormatError(std::string("the result does not fit the model: ") + e.what());
  }
}

}  // namespace dpu::report
