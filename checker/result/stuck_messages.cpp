#include "result/stuck_messages.hpp"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "result/value_text.hpp"

namespace dpu::result {
namespace {

/// Each channel's messages in the last state: the initial state's, updated by every change.
std::map<model::Id, std::vector<ControlMessage>> last_channels(const Trace& t) {
  std::map<model::Id, std::vector<ControlMessage>> out;
  auto apply = [&](const std::vector<Assignment>& as) {
    for (const Assignment& a : as)
      if (a.kind == ComponentKind::Channel && a.channel != model::kNone) out[a.channel] = a.messages;
  };
  apply(t.initial);
  for (const TraceStep& s : t.steps) apply(s.changes);
  return out;
}

}  // namespace

std::string stuck_messages(const model::Model& m, const Trace& t) {
  std::string out;
  for (const auto& [c, msgs] : last_channels(t)) {
    if (msgs.empty()) continue;
    const model::Channel& ch = m.channels.at(c);
    const bool total = ch.order == model::ChannelOrder::Total;
    const std::size_t n = msgs.size();
    out += "; channel " + ch.name + " holds " + std::to_string(n) + (n == 1 ? " message" : " messages") +
           " that no handler takes";
    if (ch.order == model::ChannelOrder::Unordered) {
      out += std::string(" (") + (n == 1 ? "" : "for example ") + control_text(m, msgs[0], total) + ")";
      continue;
    }
    // A queue's head (semantics.md §2): on a fifo channel the first message of each (sender,
    // receiver) pair, on a total channel the first message still to be taken by each receiver;
    // channel order keeps each queue's order.
    std::vector<std::size_t> heads;
    for (std::size_t i = 0; i < n; ++i) {
      bool head = false;
      for (const ProcessRef& r : msgs[i].receivers) {
        bool earlier = false;
        for (std::size_t j = 0; j < i && !earlier; ++j)
          earlier =
              (total || msgs[j].sender == msgs[i].sender) &&
              std::find(msgs[j].receivers.begin(), msgs[j].receivers.end(), r) != msgs[j].receivers.end();
        head = head || !earlier;
      }
      if (head || heads.empty()) heads.push_back(i);
    }
    out +=
        heads.size() == 1 ? ", blocked at the head of its queue: " : ", blocked at the heads of its queues: ";
    for (std::size_t k = 0; k < heads.size(); ++k)
      out += (k ? "; " : "") + control_text(m, msgs[heads[k]], total);
    if (n > heads.size()) out += " (" + std::to_string(n - heads.size()) + " more behind)";
  }
  return out;
}

void explain_stuck_messages(const model::Model& m, Result& r) {
  for (PropertyResult& p : r.properties)
    if (p.property == "deadlock" && p.status == Status::Violated && p.trace && !p.trace->loop_start)
      p.explanation += stuck_messages(m, *p.trace);
}

}  // namespace dpu::result
