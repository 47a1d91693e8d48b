// stuck_messages — what a deadlock leaves in the channels, said in its explanation.
#pragma once

#include <string>

#include "model/model.hpp"
#include "result/result.hpp"

namespace dpu::result {

/// The messages left in the control channels of the trace's last state, as a clause for a
/// deadlock's explanation ("; channel c holds 2 messages that no handler takes, blocked at the
/// head of its queue: ping(0) from P[0] to P[1] (1 more behind)"), or "" when every channel is
/// empty. In a terminal state no handler takes any of them; on a fifo or total channel the one
/// at a queue's head also blocks those behind it (spec/semantics.md §2).
std::string stuck_messages(const model::Model&, const Trace&);

/// Appends stuck_messages to the explanation of every violated `deadlock` with a trace, so
/// every engine's deadlock says the same (called by the CLI after any engine).
void explain_stuck_messages(const model::Model&, Result&);

}  // namespace dpu::result
