// The replayer's own monitor of mdcd_recoverable (spec/properties.md, "MDCD recoverability").
#pragma once

#include "replay/properties.hpp"

namespace dpu::replay {

/// Whether the run's last step is the first to violate `p` (an mdcd_recoverable property).
Verdict mdcd_recoverable(const Universe& u, const Run& run, const model::Property& p);

}  // namespace dpu::replay
