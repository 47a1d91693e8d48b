// Coverage for people and programs: how often each step kind, rule and handler fired, and a
// warning for every rule or handler that never did (a rule that is never enabled checks
// nothing; TLC's coverage report is the model).
#include <nlohmann/json.hpp>

#include "report/report.hpp"

namespace dpu::report {

namespace {

constexpr model::StepKind kKinds[] = {model::StepKind::Call,  model::StepKind::Deliver,
                                      model::StepKind::Rule,  model::StepKind::Handler,
                                      model::StepKind::Crash, model::StepKind::Recover};

std::uint64_t at(const std::vector<std::uint64_t>& v, std::size_t i) { return i < v.size() ? v[i] : 0; }

std::string family_name(const model::Model& m, model::Id f) {
  return f < m.families.size() ? m.families[f].name : std::string();
}

std::string rule_name(const model::Model& m, std::size_t r) {
  const model::Rule& rule = m.rules[r];
  std::string at_family = rule.family == model::kNone ? "" : " at " + family_name(m, rule.family);
  return "rule " + rule.name + at_family;
}

/// "handler S1 at P", "handler recover at R"; a handler whose spelling repeats gets its
/// position among the handlers, so every line names one handler.
std::string handler_name(const model::Model& m, std::size_t h) {
  auto plain = [&](std::size_t i) {
    const model::Handler& hd = m.handlers[i];
    std::string msg = hd.on_recover                    ? "recover"
                      : hd.message < m.messages.size() ? m.messages[hd.message].name
                                                       : "?";
    return "handler " + msg + " at " + family_name(m, hd.family);
  };
  std::string name = plain(h);
  for (std::size_t i = 0; i < m.handlers.size(); ++i)
    if (i != h && plain(i) == name) return name + " (#" + std::to_string(h + 1) + ")";
  return name;
}

}  // namespace

std::string coverage_to_text(const model::Model& m, const result::Coverage& c, const std::string& what,
                             bool walks) {
  std::string out = "coverage (" + what + "):\n ";
  for (model::StepKind k : kKinds)
    out += std::string(" ") + model::to_string(k) + " " +
           std::to_string(at(c.kinds, static_cast<std::size_t>(k)));
  out += "\n";
  std::vector<std::pair<std::string, std::uint64_t>> lines;
  for (std::size_t r = 0; r < m.rules.size(); ++r) lines.emplace_back(rule_name(m, r), at(c.rules, r));
  for (std::size_t h = 0; h < m.handlers.size(); ++h)
    lines.emplace_back(handler_name(m, h), at(c.handlers, h));
  std::size_t width = 0;
  for (const auto& [name, n] : lines) width = std::max(width, name.size());
  for (const auto& [name, n] : lines)
    out += "  " + name + std::string(width - name.size() + 2, ' ') + std::to_string(n) + "\n";
  for (const auto& [name, n] : lines)
    if (n == 0)
      out += "warning: " + name + " never fired: " +
             (walks ? "no walk took it (it may still be enabled in a state the walks missed)"
                    : "it is enabled in no explored state (a dead rule or handler checks nothing)") +
             "\n";
  return out;
}

nlohmann::json coverage_to_json(const model::Model& m, const result::Coverage& c) {
  nlohmann::json kinds = nlohmann::json::object(), rules = nlohmann::json::array(),
                 handlers = nlohmann::json::array(), never = nlohmann::json::array();
  for (model::StepKind k : kKinds) kinds[model::to_string(k)] = at(c.kinds, static_cast<std::size_t>(k));
  for (std::size_t r = 0; r < m.rules.size(); ++r) {
    rules.push_back({{"name", rule_name(m, r)}, {"fired", at(c.rules, r)}});
    if (!at(c.rules, r)) never.push_back(rule_name(m, r));
  }
  for (std::size_t h = 0; h < m.handlers.size(); ++h) {
    handlers.push_back({{"name", handler_name(m, h)}, {"fired", at(c.handlers, h)}});
    if (!at(c.handlers, h)) never.push_back(handler_name(m, h));
  }
  return {{"kinds", kinds}, {"rules", rules}, {"handlers", handlers}, {"never_fired", never}};
}

}  // namespace dpu::report
