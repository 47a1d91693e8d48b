#include "frontend/frontend.hpp"

#include "syntax/int_literal.hpp"
#include "syntax/parse.hpp"
#include "syntax/printer.hpp"

namespace dpu::frontend {

std::optional<model::Model> load(const diag::SourceFile& file, const resolve::Overrides& overrides,
                                 diag::Diagnostics& diags) {
  std::optional<ast::Model> ast = syntax::parse(file, diags);
  if (!ast) return std::nullopt;
  return resolve::resolve(*ast, file.name(), overrides, diags);
}

std::optional<std::string> format_source(const diag::SourceFile& file, diag::Diagnostics& diags) {
  std::optional<ast::Model> ast = syntax::parse(file, diags);
  if (!ast) return std::nullopt;
  // the formatter prints only what `parse` accepts as literals (it does not resolve names)
  if (!syntax::check_int_literals(*ast, diags)) return std::nullopt;
  return syntax::format(*ast, file.text());
}

}  // namespace dpu::frontend
