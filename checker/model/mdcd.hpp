// The event vocabulary of the built-in `mdcd_recoverable` checker (spec/properties.md, "MDCD
// recoverability"): one definition of what the checked event's fields and kind literals mean,
// used by the resolver (to check a model's event), by the explicit engine's checker and by the
// replayer (each of which tracks the monitor with its own code).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "model/model.hpp"

namespace dpu::model::mdcd {

/// What one event says happened. The enum of the event's first field names these by the
/// literals of kKindNames (a model may use a subset).
enum class Kind : std::uint8_t {
  SentLow,        // p (in G_low) sends m to q; flag: m carries erroneous data (M6)
  Sent,           // p (outside G_low) sends m to q
  Adopted,        // p's state now includes the send of m (a shadow taking over a G_low send)
  Received,       // p receives m from a channel
  Dropped,        // m is taken out of its channel without being received
  Checkpointed,   // p saves its state as checkpoint c
  RolledBack,     // p restores checkpoint c
  Logged,         // flag: m is in a log of p that recovery replays (true) / no longer (false)
  Replayed,       // p receives m again, from a log
  Validated,      // an acceptance test on p's state passed
  Output,         // the device receives m from p; flag: m carries erroneous data
  Retired,        // p leaves service (G_low when the shadows take over)
  Recovered,      // a recovery is complete: the checks apply to this state
  External,       // p's state produces m for the device (output now, or held in a log of p)
  Undeliverable,  // m from q reaches p in a format p's version cannot read (the model knows formats)
};
inline constexpr std::array<const char*, 15> kKindNames = {
    "sent_low", "sent",      "adopted", "received", "dropped",   "checkpointed", "rolled_back",  "logged",
    "replayed", "validated", "output",  "retired",  "recovered", "external",     "undeliverable"};

/// Why the monitor reports a violation (0: none).
enum class Reason : std::uint8_t {
  None,
  Orphan,               // a restored state received a message whose send was undone
  Loss,                 // a message sent in a restored state is neither received, in transit nor logged
  ErroneousDependence,  // a restored state depends on an erroneous message
  Cascade,              // a process rolled back twice, or was forced to by another rollback
  ErroneousOutput,      // the device received a message depending on erroneous data
  DuplicateOutput,      // the device received a message twice
  ImperfectTest,        // an acceptance test passed on a state depending on erroneous data
  NoCheckpoint,         // a rollback to a checkpoint the process never took
  ExternalLoss,         // after a recovery an external message stands but the device never gets it
  DuplicateReceipt,     // a process receives a message its state has already received
  Undeliverable,        // a message reaches a process that cannot read its format
  Count,
};

/// Limits of the monitor (language.md §10): values of the process, message and checkpoint fields.
inline constexpr Value kMaxProcesses = 16, kMaxMessages = 64, kMaxCheckpoints = 16;

/// The checked event's fields, resolved: field types, their lower bounds and sizes, and the
/// kind of each literal of the first field's enum (in literal order).
struct Signature {
  Id event = kNone;
  std::vector<Kind> kind_of;
  Value kind_lo = 0, p_lo = 0, m_lo = 0, c_lo = 0;
  std::uint32_t np = 0, nm = 0, nc = 0;
  Id p_type = kNone, m_type = kNone, c_type = kNone;
};

/// Empty when `event` can be checked, or when a field's type did not resolve (an error the
/// resolver already reported); otherwise what is wrong with its fields.
std::string check_signature(const Model& m, Id event);
/// The signature of an event that check_signature accepted.
Signature signature(const Model& m, Id event);
/// A violation in words, with the process (`p`) and message or checkpoint (`x`) indexes the
/// monitor recorded (0-based offsets from the fields' lower bounds).
std::string reason_text(const Model& m, const Signature& s, Reason r, Value p, Value x);

}  // namespace dpu::model::mdcd
