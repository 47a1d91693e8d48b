#include "explicit/store.hpp"

#include <algorithm>
#include <cstring>

namespace dpu::explicit_ {

namespace {

template <class T>
void put(std::vector<std::uint8_t>& out, const T& x) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(&x);
  out.insert(out.end(), p, p + sizeof x);
}

template <class T>
std::uint64_t bytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

// What one push_back of `extra` elements may allocate: the new buffer while the old is held.
template <class T>
std::uint64_t growth(const std::vector<T>& v, std::size_t extra) {
  return v.size() + extra > v.capacity() ? 2 * std::max<std::size_t>(v.capacity(), extra) * sizeof(T) : 0;
}

}  // namespace

StateStore::StateStore(const Layout& L, bool fingerprints, Order order, bool reexpand,
                       unsigned fingerprint_bits)
    : L_(L), order_(order), reexpand_(reexpand), seen_(fingerprints, reexpand, fingerprint_bits) {}

StateStore::Added StateStore::add(const Work& w, std::uint32_t parent, std::uint32_t ordinal,
                                  std::uint32_t depth) {
  pack(L_, w, buf_);
  return add_packed(buf_.data(), buf_.size(), seen_.key(buf_.data(), buf_.size()), parent, ordinal, depth);
}

StateStore::Added StateStore::add_packed(const std::uint8_t* p, std::size_t n, SeenSet::Key key,
                                         std::uint32_t parent, std::uint32_t ordinal, std::uint32_t depth) {
  auto [id, fresh] = seen_.insert(p, n, key);
  if (!fresh) {
    if (reexpand_ && depth < depth_[id]) {
      parent_[id] = parent, via_[id] = ordinal, depth_[id] = depth;
      push(id, depth, p, n);
    }
    return {id, false};
  }
  parent_.push_back(parent), via_.push_back(ordinal), depth_.push_back(depth);
  max_depth_ = std::max<std::uint64_t>(max_depth_, depth);
  push(id, depth, p, n);
  return {id, true};
}

// The frontier entry of state `id`, packed as the `n` bytes at `p`.
void StateStore::push(std::uint32_t id, std::uint32_t depth, const std::uint8_t* p, std::size_t n) {
  const bool dfs = order_ == Order::Dfs;
  if (seen_.fingerprints()) {
    const auto len = static_cast<std::uint32_t>(n);
    if (!dfs) put(frontier_, len);
    frontier_.insert(frontier_.end(), p, p + n);
    if (dfs) put(frontier_, len), put(frontier_, depth);
    put(frontier_, id);
    ++frontier_entries_;
  } else if (dfs) {
    stack_.emplace_back(id, depth);
  }
}

const std::uint8_t* StateStore::bfs_record(std::uint32_t& len, std::uint32_t& id) const {
  std::memcpy(&len, frontier_.data() + head_, 4);
  const std::uint8_t* p = frontier_.data() + head_ + 4;
  std::memcpy(&id, p + len, 4);
  return p;
}

void StateStore::drop_bfs_record(std::uint32_t len) {
  head_ += 8 + len;
  --frontier_entries_;
  // drop the consumed prefix once it is large and most of the buffer
  if (head_ > (std::size_t{64} << 20) && head_ * 2 > frontier_.size()) {
    frontier_.erase(frontier_.begin(), frontier_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
}

bool StateStore::pop(Work& out, std::uint32_t& id) {
  if (seen_.fingerprints()) {
    std::uint32_t len;
    if (order_ == Order::Dfs) {
      for (;;) {
        if (frontier_.empty()) return false;
        const std::size_t end = frontier_.size();
        std::uint32_t depth;
        std::memcpy(&id, frontier_.data() + end - 4, 4);
        std::memcpy(&depth, frontier_.data() + end - 8, 4);
        std::memcpy(&len, frontier_.data() + end - 12, 4);
        const bool stale = depth > depth_[id];  // superseded by a push at a smaller depth
        if (!stale) unpack(L_, frontier_.data() + end - 12 - len, len, out);
        frontier_.resize(end - 12 - len);
        --frontier_entries_;
        if (!stale) return true;
      }
    }
    if (head_ >= frontier_.size()) return false;
    const std::uint8_t* p = bfs_record(len, id);  // sets len: its own statement
    unpack(L_, p, len, out);
    drop_bfs_record(len);
    return true;
  }
  if (order_ == Order::Dfs) {
    for (;;) {
      if (stack_.empty()) return false;
      auto [top, depth] = stack_.back();
      stack_.pop_back();
      if (depth > depth_[top]) continue;  // superseded by a push at a smaller depth
      id = top;
      break;
    }
  } else {
    if (head_ >= seen_.size()) return false;
    id = static_cast<std::uint32_t>(head_++);
  }
  load(id, out);
  return true;
}

bool StateStore::pop_packed(std::vector<std::uint8_t>& out, std::uint32_t& id) {
  if (seen_.fingerprints()) {
    if (head_ >= frontier_.size()) return false;
    std::uint32_t len;
    const std::uint8_t* p = bfs_record(len, id);
    out.insert(out.end(), p, p + len);
    drop_bfs_record(len);
    return true;
  }
  if (head_ >= seen_.size()) return false;
  id = static_cast<std::uint32_t>(head_++);
  std::size_t n;
  const std::uint8_t* p = seen_.state(id, n);
  out.insert(out.end(), p, p + n);
  return true;
}

std::vector<std::uint32_t> StateStore::path(std::uint32_t id) const {
  std::vector<std::uint32_t> ords;
  for (; parent_[id] != kNoParent; id = parent_[id]) ords.push_back(via_[id]);
  std::reverse(ords.begin(), ords.end());
  return ords;
}

std::uint64_t StateStore::frontier_size() const {
  if (seen_.fingerprints()) return frontier_entries_;
  return order_ == Order::Dfs ? stack_.size() : seen_.size() - head_;
}

std::uint64_t StateStore::memory_bytes() const {
  return seen_.memory_bytes() + bytes(parent_) + bytes(via_) + bytes(depth_) + bytes(stack_) +
         bytes(frontier_) + bytes(buf_);
}

std::uint64_t StateStore::memory_bytes_after_add(std::size_t packed) const {
  const std::size_t n = packed + 16;  // about one packed state and its frontier record
  return memory_bytes() + seen_.growth_bytes(n) + growth(parent_, 1) + growth(via_, 1) + growth(depth_, 1) +
         growth(stack_, 1) + growth(frontier_, n);
}

void StateStore::load(std::uint32_t id, Work& out) const {
  std::size_t n;
  const std::uint8_t* p = seen_.state(id, n);
  unpack(L_, p, n, out);
}

std::optional<std::uint32_t> StateStore::find(const Work& w, std::vector<std::uint8_t>& scratch) const {
  pack(L_, w, scratch);
  return seen_.find(scratch.data(), scratch.size());
}

void StateStore::save(Writer& w) const {
  seen_.save(w);
  w.put_vec(parent_), w.put_vec(via_), w.put_vec(depth_);
  w.put(max_depth_);
  w.put<std::uint64_t>(head_);
  std::vector<std::uint64_t> stack;  // (id, depth) pairs as one word each
  for (const auto& [id, d] : stack_) stack.push_back((std::uint64_t{id} << 32) | d);
  w.put_vec(stack), w.put_vec(frontier_);
  w.put(frontier_entries_);
}

void StateStore::restore(Reader& r) {
  seen_.restore(r);
  r.get_vec(parent_), r.get_vec(via_), r.get_vec(depth_);
  max_depth_ = r.get<std::uint64_t>();
  head_ = r.get<std::uint64_t>();
  std::vector<std::uint64_t> stack;
  r.get_vec(stack), r.get_vec(frontier_);
  stack_.clear();
  for (std::uint64_t e : stack)
    stack_.emplace_back(static_cast<std::uint32_t>(e >> 32), static_cast<std::uint32_t>(e));
  frontier_entries_ = r.get<std::uint64_t>();
  const std::uint64_t n = seen_.size();
  bool ok = parent_.size() == n && via_.size() == n && depth_.size() == n;
  for (std::size_t i = 0; ok && i < n; ++i) ok = parent_[i] == kNoParent || parent_[i] < n;
  for (const auto& [id, d] : stack_) ok = ok && id < n;
  ok = ok && (seen_.fingerprints() ? head_ <= frontier_.size() : order_ == Order::Dfs || head_ <= n);
  if (!ok) throw CheckpointError("the checkpoint's state store is inconsistent");
}

void StateStore::unpop(std::uint32_t id, const Work& w) {
  if (!seen_.fingerprints()) {
    if (order_ == Order::Dfs)
      stack_.emplace_back(id, depth_[id]);
    else
      head_ = id;  // BFS pops ids in order: the cut state is the one before head_
    return;
  }
  pack(L_, w, buf_);
  if (order_ == Order::Dfs) {
    push(id, depth_[id], buf_.data(), buf_.size());
    return;
  }
  // the BFS byte queue: the record goes back in front of the head
  std::vector<std::uint8_t> rec;
  const auto len = static_cast<std::uint32_t>(buf_.size());
  put(rec, len);
  rec.insert(rec.end(), buf_.begin(), buf_.end());
  put(rec, id);
  frontier_.erase(frontier_.begin(), frontier_.begin() + static_cast<std::ptrdiff_t>(head_));
  frontier_.insert(frontier_.begin(), rec.begin(), rec.end());
  head_ = 0;
  ++frontier_entries_;
}

}  // namespace dpu::explicit_
