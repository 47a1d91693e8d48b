// The working form of one state (mutable, unpacked) and its packed byte-string form.
// Successor generation copies a decoded parent into a scratch `Work`, mutates it, and packs
// it; only packed states are stored.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "explicit/layout.hpp"

namespace dpu::explicit_ {

struct Work {
  std::vector<Value> v;              // Layout::nfixed slots
  std::vector<Value> ch;             // per channel: kChannelCap entries of entry_width
  std::vector<std::uint32_t> count;  // entries used per channel

  void init(const Layout& L);
  void copy_from(const Work& o, const Layout& L);
  Value* entry(const Layout& L, Id channel, std::uint32_t i) {
    return ch.data() + (static_cast<std::size_t>(channel) * Layout::kChannelCap + i) * L.entry_width;
  }
  const Value* entry(const Layout& L, Id channel, std::uint32_t i) const {
    return ch.data() + (static_cast<std::size_t>(channel) * Layout::kChannelCap + i) * L.entry_width;
  }
  /// Appends a control message (canonicalize() puts it in place). The channel must have
  /// room: senders check Layout::kChannelCap first (a full channel is a runtime error).
  void insert(const Layout& L, Id channel, const Value* e);
  void erase(const Layout& L, Id channel, std::uint32_t i);
};

/// The canonical form of a state, so that equal states pack to equal bytes: each control
/// channel in its canonical order, send ranks kept only for messages with a pending copy and
/// renumbered densely. The one place this is decided; every state the successor generator
/// hands out has been through it.
void canonicalize(const Layout& L, Work& w);

/// Packs `w` into `out` (replacing its contents).
void pack(const Layout& L, const Work& w, std::vector<std::uint8_t>& out);
/// Unpacks a state packed by `pack`.
void unpack(const Layout& L, const std::uint8_t* data, std::size_t size, Work& w);

}  // namespace dpu::explicit_
