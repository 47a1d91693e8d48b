#include "model/mdcd.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "model/print.hpp"

namespace dpu::model::mdcd {

namespace {
const char* kFieldRoles =
    "(kind : an enum of event kinds, p : process, q : process, m : message, c : checkpoint, flag : bool)";
}

std::string check_signature(const Model& m, Id event) {
  const MessageType& ev = m.events.at(event);
  const auto& f = ev.fields;
  for (const auto& [name, type] : f)
    if (type == kNone) return {};  // a field whose type did not resolve: already reported
  if (f.size() != 6)
    return fmt::format("event '{}' has {} field{}; mdcd_recoverable needs six {}", ev.name, f.size(),
                       f.size() == 1 ? "" : "s", kFieldRoles);
  const Type& k = m.types.at(f[0].second);
  if (k.kind != TypeKind::Enum)
    return fmt::format("field '{}' of '{}' must be an enum of event kinds, found {}", f[0].first, ev.name,
                       type_name(m, f[0].second));
  for (const std::string& lit : m.enums.at(k.ref).literals)
    if (std::none_of(kKindNames.begin(), kKindNames.end(), [&](const char* n) { return lit == n; }))
      return fmt::format(
          "'{}' is not an mdcd_recoverable event kind (expected sent_low, sent, adopted, received, "
          "dropped, checkpointed, rolled_back, logged, replayed, validated, output, retired, "
          "recovered, external or undeliverable)",
          lit);
  for (int i = 1; i <= 4; ++i)
    if (!is_scalar(m.types.at(f[i].second)))
      return fmt::format("field '{}' of '{}' must be a scalar type, found {}", f[i].first, ev.name,
                         type_name(m, f[i].second));
  if (f[1].second != f[2].second)
    return fmt::format("fields '{}' and '{}' of '{}' must have the same (process) type", f[1].first,
                       f[2].first, ev.name);
  if (f[5].second != m.bool_type)
    return fmt::format("field '{}' of '{}' must be bool, found {}", f[5].first, ev.name,
                       type_name(m, f[5].second));
  auto too_many = [&](int i, Value limit, const char* what) -> std::string {
    if (cardinality(m, f[i].second) <= limit) return {};
    return fmt::format("field '{}' of '{}' has {} values; mdcd_recoverable tracks at most {} {}", f[i].first,
                       ev.name, cardinality(m, f[i].second), limit, what);
  };
  for (auto s : {too_many(1, kMaxProcesses, "processes"), too_many(3, kMaxMessages, "messages"),
                 too_many(4, kMaxCheckpoints, "checkpoints")})
    if (!s.empty()) return s;
  return {};
}

Signature signature(const Model& m, Id event) {
  const auto& f = m.events.at(event).fields;
  Signature s;
  s.event = event;
  const Type& k = m.types.at(f[0].second);
  s.kind_lo = k.lo;
  for (const std::string& lit : m.enums.at(k.ref).literals)
    for (std::size_t i = 0; i < kKindNames.size(); ++i)
      if (lit == kKindNames[i]) s.kind_of.push_back(static_cast<Kind>(i));
  s.p_type = f[1].second, s.m_type = f[3].second, s.c_type = f[4].second;
  s.p_lo = m.types.at(s.p_type).lo, s.m_lo = m.types.at(s.m_type).lo, s.c_lo = m.types.at(s.c_type).lo;
  s.np = static_cast<std::uint32_t>(cardinality(m, s.p_type));
  s.nm = static_cast<std::uint32_t>(cardinality(m, s.m_type));
  s.nc = static_cast<std::uint32_t>(cardinality(m, s.c_type));
  return s;
}

std::string reason_text(const Model& m, const Signature& s, Reason r, Value p, Value x) {
  const std::string proc = print_value(m, s.p_type, s.p_lo + p);
  const std::string msg = print_value(m, s.m_type, s.m_lo + x);
  switch (r) {
    case Reason::None:
    case Reason::Count:
      return "no violation";
    case Reason::Orphan:
      return fmt::format("orphan: after the recovery {} has received message {}, whose send was undone", proc,
                         msg);
    case Reason::Loss:
      return fmt::format(
          "loss: after the recovery message {} to {} is sent but not received, in no channel and in "
          "no log",
          msg, proc);
    case Reason::ErroneousDependence:
      return fmt::format("after the recovery the state of {} depends on the erroneous message {}", proc, msg);
    case Reason::Cascade:
      return fmt::format(
          "cascading rollback: {} rolled back twice in one recovery, or because another "
          "rollback undid a send its state depended on (it depended on no unvalidated "
          "message of G_low)",
          proc);
    case Reason::ErroneousOutput:
      return fmt::format("the device receives message {} from {}, which depends on erroneous data", msg,
                         proc);
    case Reason::DuplicateOutput:
      return fmt::format("the device receives message {} a second time (from {})", msg, proc);
    case Reason::ImperfectTest:
      return fmt::format("an acceptance test passes on the state of {}, which depends on erroneous data",
                         proc);
    case Reason::ExternalLoss:
      return fmt::format(
          "external loss: after the recovery the external message {} of {} stands but the device has "
          "not received it and it is in no log",
          msg, proc);
    case Reason::DuplicateReceipt:
      return fmt::format("{} receives message {} a second time", proc, msg);
    case Reason::Undeliverable:
      return fmt::format(
          "undeliverable: message {} reaches {} in a format its version cannot read (no log "
          "or replay can give it to {} in one it reads)",
          msg, proc, proc);
    case Reason::NoCheckpoint:
      return fmt::format("{} rolls back to checkpoint {}, which it never took", proc,
                         print_value(m, s.c_type, s.c_lo + x));
  }
  return "?";
}

}  // namespace dpu::model::mdcd
