// The branch points of a model's rule and handler bodies, for coverage: every `if` (each
// condition's block, the `else` block, or the fall-through when no condition holds and no
// `else` is written), every `either` (each block) and every `choose` (its body, run once a value
// is chosen). One numbering of the arms, shared by the engine that counts them and the report
// that names them: points in rule order then handler order, each body in source order
// (a statement before the statements nested in it), arms numbered consecutively.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/model.hpp"

namespace dpu::model {

enum class BranchKind : std::uint8_t { If, Either, Choose };

struct BranchPoint {
  BranchKind kind = BranchKind::If;
  const Stmt* stmt = nullptr;
  bool in_handler = false;  // owner indexes Model::handlers, else Model::rules
  Id owner = kNone;
  std::uint32_t first_arm = 0, arms = 0;  // arms first_arm .. first_arm + arms - 1
};

struct BranchArm {
  std::uint32_t point = 0;  // index into Branches::points
  std::string label;        // "if", "elif", "else", "no condition held", "either", "or", "choose x"
  Pos pos = 0;              // the condition, the block's first statement, or the statement
};

struct Branches {
  std::vector<BranchPoint> points;
  std::vector<BranchArm> arms;  // indexed by arm number
};

/// The model's branch points and arms (the numbering above). The pointers point into `m`.
Branches branch_points(const Model& m);

}  // namespace dpu::model
