// libFuzzer target for the front end: any byte string is a candidate .dpu file. The contract
// under test (checker/syntax/parse.hpp, checker/resolve/resolve.hpp): no crash, hang, stack
// overflow or undefined behaviour on any input; a failed phase reports at least one error;
// and whatever parses, its canonical form (dpucheck fmt) parses again.
// Built with -DDPU_FUZZ=ON and clang; run with scripts/fuzz-parser.sh SECONDS.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "diag/diagnostics.hpp"
#include "diag/source.hpp"
#include "resolve/resolve.hpp"
#include "syntax/ast.hpp"
#include "syntax/parse.hpp"
#include "syntax/printer.hpp"

namespace {

[[noreturn]] void fail(const char* what, const dpu::diag::SourceFile& file,
                       const dpu::diag::Diagnostics& diags) {
  std::fprintf(stderr, "fuzz_parser: %s\n%s", what, dpu::diag::render_all(file, diags).c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dpu::diag::SourceFile file("fuzz.dpu", std::string(reinterpret_cast<const char*>(data), size));
  dpu::diag::Diagnostics diags;
  std::optional<dpu::ast::Model> ast = dpu::syntax::parse(file, diags);
  if (!ast) {
    if (!diags.has_errors()) fail("parse failed without an error", file, diags);
    dpu::diag::render_all(file, diags);  // rendering must cope with any position
    return 0;
  }
  if (diags.has_errors()) fail("parse returned an AST together with errors", file, diags);

  // The canonical form of anything that parses must parse again.
  dpu::diag::SourceFile canon("fuzz.fmt.dpu", dpu::syntax::format(*ast));
  dpu::diag::Diagnostics canon_diags;
  if (!dpu::syntax::parse(canon, canon_diags)) {
    std::fprintf(stderr, "canonical form:\n%s\n", canon.text().c_str());
    fail("the canonical form of a parsed model does not parse", canon, canon_diags);
  }

  std::optional<dpu::model::Model> model = dpu::resolve::resolve(*ast, file.name(), {}, diags);
  if (!model && !diags.has_errors()) fail("resolve failed without an error", file, diags);
  dpu::diag::render_all(file, diags);
  return 0;
}
