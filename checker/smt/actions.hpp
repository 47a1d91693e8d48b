// The transition relation of spec/semantics.md §2-3 as a finite list of action instances
// built from one symbolic pre-state: every call (workload, origin[, destination]), delivery
// (message, destination), rule (rule, instance), handler (handler, receiver, channel; the
// entry's position is a choice constant), crash and recover. Each instance carries when it is
// enabled, its post-state, its runtime errors and failed asserts, and the terms a trace needs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "result/result.hpp"
#include "smt/symexec.hpp"

namespace dpu::smt {

struct ActionInst {
  result::Action info;  // kind, family, process, index, channel: fixed per instance
  z3::expr enabled;     // enabled in the pre-state (a guard that fails at run time counts)
  Terms post;
  z3::expr err, afail, over_cap;
  std::vector<z3::expr> side;     // constraints on the instance's choice constants
  std::vector<z3::expr> domains;  // their ranges (hold whichever action runs)
  std::vector<ChoiceSite> choices;
  bool update = false;    // a rule, handler, crash or recover step
  bool blocking = false;  // a `choose ... where` may disable it beyond `enabled`
  // what only the solver's model knows
  std::optional<z3::expr> message;    // call, deliver: the protocol message number
  std::optional<z3::expr> module;     // call: the bound module; deliver: the copy's tag
  std::optional<z3::expr> entry;      // handler: the message's position in its channel
  std::optional<std::uint32_t> dest;  // deliver: the destination stack
};

/// Every action instance from `pre`; `step` makes the choice constants' names unique.
std::vector<ActionInst> actions(const Layout& L, z3::context& c, const Terms& pre, const std::string& step);

/// The initial state of semantics §1 as ground terms; throws Unsupported when evaluating an
/// initializer can fail.
Terms initial_state(const Layout& L, z3::context& c);

/// The control message at position `entry` of channel `ch` in `state`, with the solver's model.
result::ControlMessage decode_entry(const Layout& L, const z3::model& mdl, const Terms& state, Id ch,
                                    std::uint32_t entry);

/// An upper bound on the control-channel entries one step can add.
std::uint32_t max_sends_per_step(const model::Model& m);

}  // namespace dpu::smt
