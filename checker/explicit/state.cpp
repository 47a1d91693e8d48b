#include "explicit/state.hpp"

#include <algorithm>
#include <cassert>

#include "explicit/protocol.hpp"

namespace dpu::explicit_ {

void Work::init(const Layout& L) {
  v.assign(L.nfixed, 0);
  ch.assign(static_cast<std::size_t>(L.m.channels.size()) * Layout::kChannelCap * L.entry_width, 0);
  count.assign(L.m.channels.size(), 0);
}

void Work::copy_from(const Work& o, const Layout& L) {
  std::memcpy(v.data(), o.v.data(), v.size() * sizeof(Value));
  for (std::size_t c = 0; c < count.size(); ++c) {
    count[c] = o.count[c];
    std::size_t base = c * Layout::kChannelCap * L.entry_width;
    std::memcpy(ch.data() + base, o.ch.data() + base, o.count[c] * L.entry_width * sizeof(Value));
  }
}

void Work::insert(const Layout& L, Id channel, const Value* e) {
  const std::uint32_t n = count[channel];
  assert(n < Layout::kChannelCap && "Work::insert: the sender checks the channel's capacity");
  std::memcpy(entry(L, channel, n), e, L.entry_width * sizeof(Value));
  count[channel] = n + 1;
}

void Work::erase(const Layout& L, Id channel, std::uint32_t i) {
  std::uint32_t n = count[channel];
  const std::uint32_t w = L.entry_width;
  Value* base = entry(L, channel, 0);
  std::memmove(base + i * w, base + (i + 1) * w, (n - i - 1) * w * sizeof(Value));
  std::fill(base + (n - 1) * w, base + n * w, 0);
  count[channel] = n - 1;
}

namespace {

// Canonical channel order:
//  - unordered: a multiset, sorted lexicographically;
//  - fifo: grouped by (sender, receiver), send order within a group;
//  - total: one sequence in send order.
// A stable insertion sort: a state comes out of the store canonical and a step only erases
// entries (keeping the order) and appends new ones, so the pass is about linear.
void sort_channel(const Layout& L, Work& w, Id channel) {
  const auto order = L.m.channels[channel].order;
  if (order == model::ChannelOrder::Total) return;
  const std::uint32_t n = w.count[channel], width = L.entry_width;
  auto before = [&](const Value* a, const Value* b) {  // a strictly before b
    if (order == model::ChannelOrder::Unordered)
      return std::lexicographical_compare(a, a + width, b, b + width);
    return std::make_pair(a[1], a[2]) < std::make_pair(b[1], b[2]);
  };
  std::vector<Value> tmp;
  for (std::uint32_t i = 1; i < n; ++i) {
    if (!before(w.entry(L, channel, i), w.entry(L, channel, i - 1))) continue;
    tmp.resize(width);
    std::memcpy(tmp.data(), w.entry(L, channel, i), width * sizeof(Value));
    std::uint32_t j = i;
    while (j > 0 && before(tmp.data(), w.entry(L, channel, j - 1))) --j;
    Value* base = w.entry(L, channel, 0);
    std::memmove(base + (j + 1) * width, base + j * width, (i - j) * width * sizeof(Value));
    std::memcpy(base + j * width, tmp.data(), width * sizeof(Value));
  }
}

// Ranks matter only among messages with an undelivered copy (reading E2); dropping the rest
// and renumbering densely keeps equal futures in equal states.
void normalize_ranks(const Layout& L, Work& w) {
  std::uint32_t ranked[256];
  std::uint32_t n = 0;
  for (std::uint32_t msg = 0; msg < L.msgs.size(); ++msg) {
    Value& r = w.v[L.off_rank + msg];
    if (!r) continue;
    bool pending = false;
    for (std::uint32_t d = 0; d < L.nstacks && !pending; ++d)
      pending = w.v[L.off_status + L.copy(msg, d)] == kSent;
    if (!pending)
      r = 0;
    else
      ranked[n++] = msg;
  }
  std::sort(ranked, ranked + n,
            [&](std::uint32_t a, std::uint32_t b) { return w.v[L.off_rank + a] < w.v[L.off_rank + b]; });
  for (std::uint32_t i = 0; i < n; ++i) w.v[L.off_rank + ranked[i]] = i + 1;
}

// Writes into a buffer sized in advance, 8 bytes at a time: packing runs once per generated
// successor, so it must not grow a vector byte by byte.
struct BitWriter {
  std::uint8_t* p;
  std::uint64_t acc = 0;
  unsigned n = 0;
  void put(std::uint64_t x, unsigned bits) {
    if (bits == 0) return;
    if (bits < 64) x &= (std::uint64_t{1} << bits) - 1;
    acc |= x << n;
    if (n + bits >= 64) {
      std::memcpy(p, &acc, 8);
      p += 8;
      unsigned used = 64 - n;
      acc = used < 64 ? x >> used : 0;
      n = n + bits - 64;
    } else {
      n += bits;
    }
  }
  std::uint8_t* flush() {
    std::memcpy(p, &acc, 8);
    return p + (n + 7) / 8;
  }
};

struct BitReader {
  const std::uint8_t* p;
  const std::uint8_t* end;
  std::uint64_t acc = 0;
  unsigned n = 0;
  std::uint64_t get(unsigned bits) {
    if (bits == 0) return 0;
    if (bits > 32) {
      std::uint64_t lo = get(32);
      return lo | (get(bits - 32) << 32);
    }
    while (n < bits) {
      acc |= std::uint64_t{p < end ? *p : 0u} << n;
      ++p;
      n += 8;
    }
    std::uint64_t x = acc & ((std::uint64_t{1} << bits) - 1);
    acc >>= bits, n -= bits;
    return x;
  }
};

// A slot stores `v - lo`, which needs up to 64 bits for a wide range (-1..INT64_MAX): the
// subtraction and its inverse are done modulo 2^64, where they cannot overflow.
std::uint64_t offset(Value v, Value lo) {
  return static_cast<std::uint64_t>(v) - static_cast<std::uint64_t>(lo);
}
Value from_offset(Value lo, std::uint64_t off) {
  return static_cast<Value>(static_cast<std::uint64_t>(lo) + off);
}

unsigned kind_bits(const Layout& L) { return slot_bits(0, static_cast<Value>(L.m.messages.size()) - 1); }
unsigned pid_bits(const Layout& L) { return slot_bits(0, static_cast<Value>(L.nprocs)); }
unsigned dest_bits(const Layout& L, Id c) {
  return L.m.channels[c].order == model::ChannelOrder::Total ? L.nprocs : pid_bits(L);
}

}  // namespace

void canonicalize(const Layout& L, Work& w) {
  for (Id c = 0; c < w.count.size(); ++c) sort_channel(L, w, c);
  normalize_ranks(L, w);
}

void pack(const Layout& L, const Work& w, std::vector<std::uint8_t>& out) {
  std::size_t bound = L.fixed_bits / 8 + 24;  // generous for the channel entries below
  for (Id c = 0; c < w.count.size(); ++c) bound += 1 + w.count[c] * L.entry_width * 8;
  if (out.size() < bound) out.resize(bound);
  BitWriter bw{out.data()};
  for (std::uint32_t i = 0; i < L.nfixed; ++i) bw.put(offset(w.v[i], L.fixed[i].lo), L.fixed[i].bits);
  const unsigned kb = kind_bits(L), pb = pid_bits(L);
  for (Id c = 0; c < w.count.size(); ++c) {
    bw.put(w.count[c], 7);
    const unsigned db = dest_bits(L, c);
    for (std::uint32_t i = 0; i < w.count[c]; ++i) {
      const Value* e = w.entry(L, c, i);
      bw.put(static_cast<std::uint64_t>(e[0]), kb);
      bw.put(static_cast<std::uint64_t>(e[1]), pb);
      bw.put(static_cast<std::uint64_t>(e[2]), db);
      const auto& f = L.msg_fields[e[0]];
      for (std::size_t k = 0; k < f.size(); ++k) bw.put(offset(e[3 + k], f[k].lo), f[k].bits);
    }
  }
  out.resize(static_cast<std::size_t>(bw.flush() - out.data()));
}

void unpack(const Layout& L, const std::uint8_t* data, std::size_t size, Work& w) {
  BitReader br{data, data + size};
  for (std::uint32_t i = 0; i < L.nfixed; ++i) w.v[i] = from_offset(L.fixed[i].lo, br.get(L.fixed[i].bits));
  const unsigned kb = kind_bits(L), pb = pid_bits(L);
  for (Id c = 0; c < w.count.size(); ++c) {
    w.count[c] = static_cast<std::uint32_t>(br.get(7));
    const unsigned db = dest_bits(L, c);
    for (std::uint32_t i = 0; i < w.count[c]; ++i) {
      Value* e = w.entry(L, c, i);
      std::fill(e, e + L.entry_width, 0);
      e[0] = static_cast<Value>(br.get(kb));
      e[1] = static_cast<Value>(br.get(pb));
      e[2] = static_cast<Value>(br.get(db));
      const auto& f = L.msg_fields[e[0]];
      for (std::size_t k = 0; k < f.size(); ++k) e[3 + k] = from_offset(f[k].lo, br.get(f[k].bits));
    }
  }
}

}  // namespace dpu::explicit_
