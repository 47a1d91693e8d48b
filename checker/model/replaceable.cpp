#include "model/replaceable.hpp"

#include <fmt/format.h>

#include "model/print.hpp"

namespace dpu::model {

StackConfig initial_stack(const Model& m) {
  StackConfig config(m.modules.size(), Binding::Absent);
  if (m.stacks)
    for (const auto& [mod, binding] : m.stacks->initial)
      if (mod < config.size()) config[mod] = binding;
  return config;
}

std::vector<std::string> replaceable_reasons(const Model& m, const StackConfig& config,
                                             const std::string& stack_name, Id a, Id b) {
  std::vector<std::string> why;
  if (a >= m.modules.size() || b >= m.modules.size()) {
    why.push_back("the modules to compare do not exist");
    return why;
  }
  const Module& ma = m.modules[a];
  const Module& mb = m.modules[b];
  auto service = [&](Id s) { return s < m.services.size() ? m.services[s].name : std::string("?"); };
  auto binding_of = [&](Id c) { return c < config.size() ? config[c] : Binding::Absent; };
  replaceable_premises(m, binding_of, a, b, [&](ReplaceableFailure f, Id y) {
    switch (f) {
      case ReplaceableFailure::NotInStack:
        why.push_back(fmt::format("module {} is not in stack {}", ma.name, stack_name));
        break;
      case ReplaceableFailure::OtherService:
        why.push_back(fmt::format("module {} provides service {}, but {} provides {}", mb.name,
                                  service(mb.service), ma.name, service(ma.service)));
        break;
      case ReplaceableFailure::Unprovided:
        why.push_back(fmt::format("module {} requires service {}, which no module of stack {} provides",
                                  mb.name, service(y), stack_name));
        break;
    }
    return true;
  });
  return why;
}

bool ReplaceableVerdict::holds() const {
  if (stacks.empty()) return false;
  for (const ReplaceableOnStack& s : stacks)
    if (!s.holds()) return false;
  return true;
}

ReplaceableVerdict check_replaceable(const Model& m, Id a, Id b) {
  ReplaceableVerdict v;
  v.a = a;
  v.b = b;
  auto name = [&](Id id) { return id < m.modules.size() ? m.modules[id].name : std::string("?"); };
  v.name = fmt::format("replaceable({}, {})", name(a), name(b));
  if (!m.stacks || m.stacks->family >= m.families.size()) return v;
  const Family& fam = m.families[m.stacks->family];
  // All stacks start identical (paper, S1: "initially ... all stacks are identical"), but
  // the verdict is still per stack so that the report reads as the rule is stated.
  StackConfig config = initial_stack(m);
  for (Value i = 0; i < fam.count; ++i) {
    std::string stack_name = print_value(m, fam.type, i);
    v.stacks.push_back(ReplaceableOnStack{i, replaceable_reasons(m, config, stack_name, a, b)});
  }
  return v;
}

std::vector<ReplaceableVerdict> check_replaceable_properties(const Model& m) {
  std::vector<ReplaceableVerdict> out;
  for (const Property& p : m.properties)
    if (p.kind == PropertyKind::Replaceable) out.push_back(check_replaceable(m, p.a, p.b));
  // Every update needs P{b/a} to hold (GU calls LU, whose premise it is), so without an
  // explicit check the updates themselves are checked.
  if (out.empty())
    for (const Update& u : m.updates) out.push_back(check_replaceable(m, u.from, u.to));
  return out;
}

std::string format_verdict(const Model& m, const ReplaceableVerdict& v) {
  std::string out = fmt::format("{}: {}\n", v.name, v.holds() ? "holds" : "violated");
  if (v.stacks.empty()) out += "  (the model declares no stacks)\n";
  Id fam_type = m.stacks && m.stacks->family < m.families.size() ? m.families[m.stacks->family].type : kNone;
  for (const ReplaceableOnStack& s : v.stacks) {
    std::string stack_name = print_value(m, fam_type, s.stack);
    if (s.holds()) out += fmt::format("  {}: holds\n", stack_name);
    for (const std::string& r : s.reasons) out += fmt::format("  {}: {}\n", stack_name, r);
  }
  return out;
}

}  // namespace dpu::model
