// A renaming of process ids: one permutation per family (the identity for a family that is
// not reduced), with what it induces on global process ids and on protocol messages (a
// message is named by its origin stack, model/universe.hpp). Symmetry reduction applies
// renamings to states (explicit/symmetry.*); a checker whose monitor holds process or message
// ids renames it too (Checker::rename_monitor).
#pragma once

#include <cstdint>
#include <vector>

namespace dpu::explicit_ {

struct Renaming {
  std::vector<std::vector<std::uint32_t>> instance;  // [family][i]: the new instance of i
  std::vector<std::uint32_t> pid;                    // [pid]: the new pid; sender_none stays
  std::vector<std::uint32_t> stack;                  // instance[stack family], or empty
  std::vector<std::uint32_t> msg;                    // [protocol message]: the new message
};

}  // namespace dpu::explicit_
