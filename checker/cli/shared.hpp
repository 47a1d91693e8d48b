// What commands.cpp shares with the other subcommands' files: loading a model (diagnostics
// on stderr), a model's runtime failures as positioned diagnostics, a usage error message.
#pragma once

#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "diag/source.hpp"
#include "model/model.hpp"
#include "result/result.hpp"

namespace dpu::cli {

std::optional<model::Model> load_model(const CommonOptions& o, std::optional<diag::SourceFile>* source);
void report_failures(const diag::SourceFile& file, const result::Result& r);
void report_usage_error(const std::string& message);

}  // namespace dpu::cli
