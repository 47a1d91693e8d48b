// From a satisfying assignment of an unrolling to the actions of the run it describes.
#pragma once

#include "smt/unroll.hpp"

namespace dpu::smt {

/// The first `steps` steps of the run in `mdl`, as a Trace whose steps carry only `detail`.
result::Trace decode(const Unroller& u, const z3::model& mdl, std::size_t steps);

}  // namespace dpu::smt
