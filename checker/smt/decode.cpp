#include "smt/decode.hpp"

namespace dpu::smt {

namespace {
Value value(const z3::model& mdl, const z3::expr& t) { return model_value(mdl, t); }
}  // namespace

result::Trace decode(const Unroller& u, const z3::model& mdl, std::size_t steps) {
  result::Trace tr;
  for (std::size_t t = 0; t < steps; ++t) {
    auto i = static_cast<std::size_t>(value(mdl, u.act[t]));
    const ActionInst& a = u.insts[t].at(i);
    result::TraceStep step;
    step.detail = a.info;
    if (a.message) step.detail.message = static_cast<std::uint32_t>(value(mdl, *a.message));
    if (a.module) step.detail.module = static_cast<Id>(value(mdl, *a.module));
    if (a.entry) {
      step.detail.entry = static_cast<std::uint32_t>(value(mdl, *a.entry));
      step.detail.control = decode_entry(u.L, mdl, u.states[t], a.info.channel, step.detail.entry);
    }
    for (const auto& site : a.choices)
      if (value(mdl, site.pc))
        step.detail.choices.push_back(static_cast<std::uint32_t>(value(mdl, site.index)));
    tr.steps.push_back(std::move(step));
  }
  return tr;
}

}  // namespace dpu::smt
