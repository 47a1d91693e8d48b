// Which trace steps are Byzantine: the steps of a faulty process (spec/language.md §8).
#include "result/result.hpp"

namespace dpu::result {

bool byzantine_step(const model::Model& m, const Action& a) {
  if (a.kind != ActionKind::Rule && a.kind != ActionKind::Handler) return false;
  if (a.family == model::kNone) return false;
  return model::is_faulty(m, a.family, static_cast<model::Value>(a.process));
}

}  // namespace dpu::result
