// Coverage for people and programs: how often each step kind, rule and handler fired and each
// branch arm ran, and a warning for every rule or handler that never fired and every arm that
// never ran (a rule that is never enabled, or a branch never taken, checks nothing; TLC's
// coverage report is the model).
#include <tuple>

#include <nlohmann/json.hpp>

#include "model/branches.hpp"
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

/// One branch arm, as a line of the report names it: "branch 7:5 else (rule Step at C)".
struct Arm {
  std::string name;
  std::uint32_t line = 0, column = 0;
  std::string label, owner;
  std::uint64_t taken = 0;
  bool owner_fired = false;  // the rule or handler holding it fired (else its warning says all)
};

std::vector<Arm> arms(const model::Model& m, const result::Coverage& c, const Locate& locate) {
  const model::Branches b = model::branch_points(m);
  std::vector<Arm> out;
  for (std::size_t i = 0; i < b.arms.size(); ++i) {
    const model::BranchArm& a = b.arms[i];
    const model::BranchPoint& p = b.points[a.point];
    Arm x;
    std::tie(x.line, x.column) = locate(a.pos);
    x.label = a.label;
    x.owner = p.in_handler ? handler_name(m, p.owner) : rule_name(m, p.owner);
    x.name = "branch " + std::to_string(x.line) + ":" + std::to_string(x.column) + " " + x.label + " (" +
             x.owner + ")";
    x.taken = at(c.arms, i);
    x.owner_fired = p.in_handler ? at(c.handlers, p.owner) > 0 : at(c.rules, p.owner) > 0;
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace

std::string coverage_to_text(const model::Model& m, const result::Coverage& c, const std::string& what,
                             bool walks, const Locate& locate) {
  std::string out = "coverage (" + what + "):\n ";
  for (model::StepKind k : kKinds)
    out += std::string(" ") + model::to_string(k) + " " +
           std::to_string(at(c.kinds, static_cast<std::size_t>(k)));
  out += "\n";
  std::vector<std::pair<std::string, std::uint64_t>> lines;
  for (std::size_t r = 0; r < m.rules.size(); ++r) lines.emplace_back(rule_name(m, r), at(c.rules, r));
  for (std::size_t h = 0; h < m.handlers.size(); ++h)
    lines.emplace_back(handler_name(m, h), at(c.handlers, h));
  const std::size_t fired = lines.size();  // the rules and handlers; the branch arms follow
  const std::vector<Arm> branch = arms(m, c, locate);
  for (const Arm& a : branch) lines.emplace_back(a.name, a.taken);
  std::size_t width = 0;
  for (const auto& [name, n] : lines) width = std::max(width, name.size());
  for (const auto& [name, n] : lines)
    out += "  " + name + std::string(width - name.size() + 2, ' ') + std::to_string(n) + "\n";
  for (std::size_t i = 0; i < fired; ++i)
    if (lines[i].second == 0)
      out += "warning: " + lines[i].first + " never fired: " +
             (walks ? "no walk took it (it may still be enabled in a state the walks missed)"
                    : "it is enabled in no explored state (a dead rule or handler checks nothing)") +
             "\n";
  for (const Arm& a : branch)
    if (a.taken == 0 && a.owner_fired)
      out += "warning: " + a.name + " never taken: " +
             (walks ? "no walk ran it (it may still run in a state the walks missed)"
                    : "no explored transition runs it (a dead branch checks nothing)") +
             "\n";
  return out;
}

nlohmann::json coverage_to_json(const model::Model& m, const result::Coverage& c, const Locate& locate) {
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
  nlohmann::json branches = nlohmann::json::array(), never_taken = nlohmann::json::array();
  for (const Arm& a : arms(m, c, locate)) {
    branches.push_back(
        {{"line", a.line}, {"column", a.column}, {"arm", a.label}, {"in", a.owner}, {"taken", a.taken}});
    if (a.taken == 0 && a.owner_fired) never_taken.push_back(a.name);
  }
  return {{"kinds", kinds},       {"rules", rules},       {"handlers", handlers},
          {"never_fired", never}, {"branches", branches}, {"never_taken", never_taken}};
}

}  // namespace dpu::report
