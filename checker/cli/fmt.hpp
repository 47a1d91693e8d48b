// `dpucheck fmt`: print a model in canonical form (comments kept), rewrite it in place
// (`-i`), or only check that it is (`--check`, for CI). See fmt.cpp.
#pragma once

#include <string>
#include <vector>

namespace dpu::cli {

struct FmtOptions {
  std::vector<std::string> files;
  bool in_place = false;
  bool check = false;
};

/// 0 when done (with --check: every file is formatted), 1 with --check when one is not,
/// 2 for a file that does not parse or cannot be written, or a bad combination of options.
int run_fmt(const FmtOptions& o);

}  // namespace dpu::cli
