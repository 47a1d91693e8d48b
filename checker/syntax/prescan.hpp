// Byte-level checks run before the grammar: NUL bytes, invalid UTF-8, non-ASCII or control
// characters outside comments and strings, unterminated comments and strings. Catching them
// here gives one precise message instead of a confusing grammar error, and guarantees the
// grammar only ever sees printable ASCII code.
#pragma once

#include "diag/diagnostics.hpp"
#include "diag/source.hpp"

namespace dpu::syntax {

/// Returns false (after reporting) if the buffer must not be parsed.
bool prescan(const diag::SourceFile& file, diag::Diagnostics& diags);

}  // namespace dpu::syntax
