// distributed::check: a level-synchronous breadth-first search whose states are partitioned
// across MPI ranks by hash. Each rank expands the states it owns, sends every successor to
// its owner in batches (MPI_Alltoallv), and the owner keeps the least discovery key
// (parent id, ordinal) of each new state. At the end of a level the ranks number the level's
// new states in key order (a sort cut into slices by parent id): exactly the ids of the
// sequential search (spec/explorer.md, "Determinism"). Violations, runtime errors and the
// state limit are positions (parent id, step) agreed on with MPI_Allreduce, so the first one
// and where the sequential search would have stopped are the same. spec/distributed.md.
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <new>
#include <stdexcept>

#include "distributed/distributed.hpp"
#include "explicit/checkers/checker_set.hpp"
#include "explicit/interpreter.hpp"
#include "explicit/search_end.hpp"
#include "explicit/seen_set.hpp"
#include "explicit/select.hpp"
#include "explicit/state.hpp"
#include "explicit/successors.hpp"
#include "explicit/trace.hpp"

namespace dpu::distributed {

using namespace explicit_;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::uint64_t kNone = ~std::uint64_t{0};
constexpr std::uint32_t kNo = Found::kNoState;
// A position in the sequential search's order of events while it expands parent p:
// (p, 2k) the k-th step, (p, 2k + 1) the checks of the new state that step discovered,
// (p, kEnd) the end-of-expansion checks (terminal, quiescent).
constexpr std::uint32_t kEnd = 0xffffffffu;
std::uint64_t at(std::uint64_t parent, std::uint64_t sub) { return (parent << 32) | sub; }
// outgoing successors are flushed to their owners when a rank's batch reaches this size
constexpr std::size_t kRoundBytes = std::size_t{8} << 20;
// limit flags, OR-ed across ranks
constexpr std::uint64_t kInterrupted = 1, kTimeUp = 2, kMemoryFull = 4, kMore = 8;

void allreduce(std::vector<std::uint64_t>& v, MPI_Op op) {
  MPI_Allreduce(MPI_IN_PLACE, v.data(), static_cast<int>(v.size()), MPI_UINT64_T, op, MPI_COMM_WORLD);
}
std::uint64_t allreduce(std::uint64_t x, MPI_Op op) {
  MPI_Allreduce(MPI_IN_PLACE, &x, 1, MPI_UINT64_T, op, MPI_COMM_WORLD);
  return x;
}
void broadcast(std::string& s, int root) {
  std::uint64_t n = s.size();
  MPI_Bcast(&n, 1, MPI_UINT64_T, root, MPI_COMM_WORLD);
  s.resize(n);
  MPI_Bcast(s.data(), static_cast<int>(n), MPI_CHAR, root, MPI_COMM_WORLD);
}

template <class T>
void put(std::vector<std::uint8_t>& out, T x) {
  const auto n = out.size();
  out.resize(n + sizeof x);
  std::memcpy(out.data() + n, &x, sizeof x);
}
template <class T>
T get(const std::uint8_t*& p) {
  T x;
  std::memcpy(&x, p, sizeof x);
  p += sizeof x;
  return x;
}
template <class V>
std::uint64_t bytes_of(const V& v) {
  return v.capacity() * sizeof(typename V::value_type);
}

/// The first violation found for one property (as the sequential search keeps it).
/// This rank's least candidate in the level being expanded, for one property or the error.
struct Candidate {
  std::uint64_t pos = kNone;
  std::string why;
  model::Pos source = 0;  // runtime errors
  std::string property;   // a state's runtime error (at 2k + 1 or kEnd): the property evaluated
};

class Distributed final : public Sink {
 public:
  Distributed(const model::Model& m, const Options& opt, Reporter& rep, const std::vector<bool>& active)
      : m_(m),
        opt_(opt),
        rep_(rep),
        active_(active),
        L_(m),
        chk_(L_, active),
        succ_(L_, chk_),
        seen_(opt.fingerprints, /*fingerprint_ids=*/true, opt.fingerprint_bits),
        rank_(distributed::rank()),
        ranks_(distributed::ranks()),
        found_(chk_.size()),
        cand_(chk_.size()),
        out_(static_cast<std::size_t>(ranks_)) {
    cur_.init(L_);
  }

  Result run();
  Traffic traffic() const { return traffic_; }

 private:
  const model::Model& m_;
  const Options& opt_;
  Reporter& rep_;
  std::vector<bool> active_;
  Layout L_;
  CheckerSet chk_;  // after L_: the checkers add their monitor slots to the layout
  Successors succ_;
  SeenSet seen_;  // this rank's states, in the order they arrived
  int rank_, ranks_;
  // The owned states that have an id, in id order: id, parent id, ordinal from the parent.
  std::vector<std::uint32_t> gid_, parent_, via_;
  // The frontier: the owned states of the level being expanded, in id order.
  std::vector<std::uint32_t> front_gid_;
  std::vector<std::uint8_t> front_bytes_;
  std::vector<std::size_t> front_off_;
  std::size_t next_parent_ = 0;
  // The level's new states (seen-set ids from level_first_ on): least discovery key
  // (parent id << 32 | ordinal) and, with fingerprints, their packed bytes.
  std::uint64_t level_first_ = 0;
  std::vector<std::uint64_t> new_key_;
  std::vector<std::uint8_t> new_bytes_;
  std::vector<std::size_t> new_off_{0};
  /// The packed bytes of the level's new state i (kept beside it, or in the seen set).
  const std::uint8_t* new_state(std::size_t i, std::size_t& n) {
    if (!seen_.fingerprints()) return seen_.state(static_cast<std::uint32_t>(level_first_ + i), n);
    n = new_off_[i + 1] - new_off_[i];
    return new_bytes_.data() + new_off_[i];
  }
  // (parent id, steps) of every parent this rank expanded in the level
  std::vector<std::pair<std::uint32_t, std::uint32_t>> expanded_;
  // Numbering a level (number_level): ids of this rank's new states; this rank's slice of
  // the level's keys, sorted, and the index of its first key among all of the level's.
  std::uint64_t level_lo_ = 0;  // the first id of the level being expanded
  std::vector<std::uint32_t> new_id_;
  std::vector<std::uint64_t> slice_;
  std::uint64_t slice_first_ = 0;

  std::vector<std::optional<Found>> found_;
  std::vector<Candidate> cand_;
  Candidate error_cand_;
  std::optional<std::pair<Found, std::string>> error_;
  std::string error_property_;                  // error_ is a state's (spec/semantics.md §3): the property
  std::vector<std::vector<std::uint8_t>> out_;  // successors per owner rank
  std::vector<std::uint8_t> sendbuf_, recvbuf_, buf_;
  Work cur_;
  std::uint32_t cur_gid_ = 0, ordinal_ = 0, fair_steps_ = 0;
  bool local_stop_ = false;  // this rank's remaining parents are past a cut it found
  std::uint64_t local_limit_ = 0;
  std::uint64_t states_ = 0, max_depth_ = 0;
  bool stop_ = false, bounded_ = false, incomplete_ = false;
  std::string incomplete_why_;
  Stats stats_;
  Traffic traffic_;
  Clock::time_point start_ = Clock::now(), last_progress_ = start_;

  std::uint32_t owner(std::uint64_t h) const {
    // not the table's high bits nor its low tag bits alone: a multiplicative mix
    return static_cast<std::uint32_t>(((h * 0x9E3779B97F4A7C15ull) >> 32) %
                                      static_cast<std::uint64_t>(ranks_));
  }
  std::uint64_t memory_bytes() const {
    std::uint64_t b = seen_.memory_bytes() + bytes_of(gid_) + bytes_of(parent_) + bytes_of(via_) +
                      bytes_of(front_gid_) + bytes_of(front_bytes_) + bytes_of(front_off_) +
                      bytes_of(new_key_) + bytes_of(new_bytes_) + bytes_of(new_off_) + bytes_of(expanded_) +
                      bytes_of(new_id_) + bytes_of(slice_) + bytes_of(sendbuf_) + bytes_of(recvbuf_);
    for (const auto& o : out_) b += bytes_of(o);
    return b;
  }

  void step(const Step& s) override;
  void note(std::uint64_t violated, std::uint64_t pos);
  void expand_batch();
  void exchange();
  void receive(const std::uint8_t* p, const std::uint8_t* end);
  void check_new_states();
  std::uint64_t number_level();
  bool close_level(std::uint64_t depth);
  void poll_limits();
  void limited(std::uint64_t flags);
  std::vector<std::uint32_t> path(std::uint32_t id);
  void search(const Work& init);
  PropertyResult verdict(std::uint32_t p, const Work& init);
  void report_progress(bool force);
};

// A step of the parent being expanded: its violations at (parent, 2k), its post state to
// the state's owner.
void Distributed::step(const Step& s) {
  const std::uint32_t k = ordinal_++;
  if (weakly_fair(s)) ++fair_steps_;
  std::uint64_t violated = s.violated;
  if (s.assertion) violated |= chk_.on_assertion();
  note(violated, at(cur_gid_, 2 * std::uint64_t{k}));
  if (s.assertion) return;  // not a state of the system (spec/semantics.md §3)
  pack(L_, *s.post, buf_);
  const SeenSet::Key key = SeenSet::key(buf_.data(), buf_.size(), seen_.wide());
  const std::uint32_t to = owner(key.h);
  auto& o = out_[to];
  put<std::uint64_t>(o, at(cur_gid_, k));
  put<std::uint32_t>(o, static_cast<std::uint32_t>(buf_.size()));
  o.insert(o.end(), buf_.begin(), buf_.end());
  if (static_cast<int>(to) == rank_) {
    ++traffic_.local_records;
  } else {
    ++traffic_.records;
    traffic_.record_bytes += 12 + buf_.size();
  }
}

// Explorer::record's bookkeeping, as a candidate for the level's agreement.
void Distributed::note(std::uint64_t violated, std::uint64_t pos) {
  for (std::uint32_t p = 0; violated; ++p, violated >>= 1) {
    if (!(violated & 1)) continue;
    // a varying explanation is taken at every violation, recorded or not: the next one is its own
    const bool varies = chk_[p].explanation_varies();
    std::string why;
    if (varies) why = chk_[p].take_explanation();
    if (!active_[p] || found_[p]) continue;
    if (!opt_.all) local_stop_ = true;  // this rank's later parents come after it
    if (pos < cand_[p].pos) cand_[p] = Candidate{pos, std::move(why), 0, {}};
  }
}

void Distributed::poll_limits() {
  if (opt_.interrupt && opt_.interrupt->load(std::memory_order_relaxed)) local_limit_ |= kInterrupted;
  if (opt_.time_limit_seconds > 0 &&
      std::chrono::duration<double>(Clock::now() - start_).count() >= opt_.time_limit_seconds)
    local_limit_ |= kTimeUp;
}

// Expands this rank's next parents until the outgoing batch is full.
void Distributed::expand_batch() {
  std::size_t outgoing = 0;
  std::uint64_t polled = 0;
  while (next_parent_ < front_gid_.size() && !local_stop_ && !local_limit_ && outgoing < kRoundBytes) {
    const std::size_t i = next_parent_++;
    cur_gid_ = front_gid_[i];
    unpack(L_, front_bytes_.data() + front_off_[i], front_off_[i + 1] - front_off_[i], cur_);
    ordinal_ = 0, fair_steps_ = 0;
    std::uint32_t n = 0;
    try {
      n = succ_.expand(cur_, *this, false);
    } catch (const RuntimeError& e) {
      // the sequential search ends here, after the steps before it
      expanded_.emplace_back(cur_gid_, ordinal_);
      const std::uint64_t pos = at(cur_gid_, 2 * std::uint64_t{ordinal_});
      if (pos < error_cand_.pos) error_cand_ = Candidate{pos, e.message, e.pos, {}};
      local_stop_ = true;
      break;
    }
    expanded_.emplace_back(cur_gid_, n);
    try {
      note(chk_.on_expanded(cur_, succ_.interp(), n, fair_steps_), at(cur_gid_, kEnd));
    } catch (const StateCheckError& e) {  // the parent's own error, after its successors
      const std::uint64_t pos = at(cur_gid_, kEnd);
      if (pos < error_cand_.pos) error_cand_ = Candidate{pos, e.message, e.pos, e.property};
      local_stop_ = true;
      break;
    }
    outgoing = 0;
    for (const auto& o : out_) outgoing += o.size();
    if ((++polled & 255) == 0) poll_limits();
  }
  poll_limits();
}

// One all-to-all round: every rank sends each owner its successors and stores what it got.
void Distributed::exchange() {
  std::vector<int> scount(ranks_), rcount(ranks_), sdisp(ranks_), rdisp(ranks_);
  sendbuf_.clear();
  for (int r = 0; r < ranks_; ++r) {
    sdisp[r] = static_cast<int>(sendbuf_.size());
    scount[r] = static_cast<int>(out_[r].size());
    sendbuf_.insert(sendbuf_.end(), out_[r].begin(), out_[r].end());
    out_[r].clear();
  }
  MPI_Alltoall(scount.data(), 1, MPI_INT, rcount.data(), 1, MPI_INT, MPI_COMM_WORLD);
  std::size_t total = 0;
  for (int r = 0; r < ranks_; ++r)
    rdisp[r] = static_cast<int>(total), total += static_cast<std::size_t>(rcount[r]);
  recvbuf_.resize(total);
  MPI_Alltoallv(sendbuf_.data(), scount.data(), sdisp.data(), MPI_BYTE, recvbuf_.data(), rcount.data(),
                rdisp.data(), MPI_BYTE, MPI_COMM_WORLD);
  ++traffic_.rounds;
  receive(recvbuf_.data(), recvbuf_.data() + recvbuf_.size());
}

// Stores received successors; a state already new in this level keeps its least key.
void Distributed::receive(const std::uint8_t* p, const std::uint8_t* end) {
  // what does not grow here, computed once (memory_bytes() walks every rank's buffer)
  auto growing = [&] {
    return seen_.memory_bytes() + bytes_of(new_key_) + bytes_of(new_bytes_) + bytes_of(new_off_);
  };
  const std::uint64_t fixed = memory_bytes() - growing();
  while (p < end) {
    const auto key = get<std::uint64_t>(p);
    const auto n = get<std::uint32_t>(p);
    const std::uint8_t* bytes = p;
    p += n;
    if (local_limit_ & kMemoryFull) continue;
    const SeenSet::Key k = seen_.key(bytes, n);
    // a vector about to double holds its old and new buffers at once
    auto doubling = [](const auto& v, std::size_t more) -> std::uint64_t {
      return v.size() + more > v.capacity() ? 2 * (v.size() + more) * sizeof(v[0]) : 0;
    };
    const std::uint64_t growth = doubling(new_key_, 1) + doubling(new_bytes_, n) + doubling(new_off_, 1);
    if (opt_.memory_limit && fixed + growing() + seen_.growth_bytes(n) + growth > opt_.memory_limit) {
      local_limit_ |= kMemoryFull;
      continue;
    }
    auto [id, fresh] = seen_.insert(bytes, n, k);
    if (fresh) {
      new_key_.push_back(key);
      if (seen_.fingerprints()) {
        new_bytes_.insert(new_bytes_.end(), bytes, bytes + n);
        new_off_.push_back(new_bytes_.size());
      }
    } else if (id >= level_first_) {
      auto& least = new_key_[id - level_first_];
      least = std::min(least, key);
    }
  }
}

// The invariants of the level's new states, at (parent, 2k + 1) of their least key.
void Distributed::check_new_states() {
  Work w;
  w.init(L_);
  for (std::size_t i = 0; i < new_key_.size(); ++i) {
    std::size_t n = 0;
    const std::uint8_t* bytes = new_state(i, n);
    unpack(L_, bytes, n, w);
    const std::uint64_t key = new_key_[i];
    const std::uint64_t pos = at(key >> 32, 2 * (key & 0xffffffffu) + 1);
    try {
      note(chk_.on_state(w, succ_.interp()), pos);
    } catch (const StateCheckError& e) {  // the state's error, where its check stands
      if (pos < error_cand_.pos) error_cand_ = Candidate{pos, e.message, e.pos, e.property};
    }
  }
}

void Distributed::limited(std::uint64_t flags) {
  incomplete_ = true, stop_ = true;
  if (flags & kInterrupted) {
    incomplete_why_ = opt_.interrupt_reason;
  } else if (flags & kTimeUp) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "the time limit (%g s) was reached", opt_.time_limit_seconds);
    incomplete_why_ = buf;
  } else {
    char buf[64];
    const double mib = static_cast<double>(opt_.memory_limit) / (1024.0 * 1024.0);
    if (mib >= 1024)
      std::snprintf(buf, sizeof buf, "%.1f GiB", mib / 1024.0);
    else
      std::snprintf(buf, sizeof buf, "%.1f MiB", mib);
    incomplete_why_ = std::string("the memory limit (") + buf + " per rank) was reached";
  }
}

// The ids of the level's new states, in the order of their least keys (rule 1 of
// explorer.md's "Determinism"), without any rank seeing every key: the keys are cut into K
// slices by their parent's id (the level's ids split evenly), each rank sorts the slice it is
// given, an exclusive scan of the slice sizes gives each slice's first index, and the ids go
// back to the states' owners. 8 bytes out and 4 back per new state. Returns the level's size.
std::uint64_t Distributed::number_level() {
  const auto K = static_cast<std::uint64_t>(ranks_);
  const std::uint64_t width = std::max<std::uint64_t>(1, (states_ - level_lo_ + K - 1) / K);
  auto slice = [&](std::uint64_t key) {
    return static_cast<int>(std::min<std::uint64_t>(((key >> 32) - level_lo_) / width, K - 1));
  };
  std::vector<int> scount(ranks_, 0), rcount(ranks_), sdisp(ranks_), rdisp(ranks_);
  for (std::uint64_t k : new_key_) ++scount[slice(k)];
  int n = 0;
  for (int r = 0; r < ranks_; ++r) sdisp[r] = n, n += scount[r];
  std::vector<std::uint64_t> send(new_key_.size());
  std::vector<std::uint32_t> where(new_key_.size());  // new state i's place in `send`
  std::vector<int> next(sdisp);
  for (std::size_t i = 0; i < new_key_.size(); ++i) {
    where[i] = static_cast<std::uint32_t>(next[slice(new_key_[i])]++);
    send[where[i]] = new_key_[i];
  }
  MPI_Alltoall(scount.data(), 1, MPI_INT, rcount.data(), 1, MPI_INT, MPI_COMM_WORLD);
  n = 0;
  for (int r = 0; r < ranks_; ++r) rdisp[r] = n, n += rcount[r];
  std::vector<std::uint64_t> got(static_cast<std::size_t>(n));
  MPI_Alltoallv(send.data(), scount.data(), sdisp.data(), MPI_UINT64_T, got.data(), rcount.data(),
                rdisp.data(), MPI_UINT64_T, MPI_COMM_WORLD);
  std::vector<std::uint32_t> order(got.size());
  for (std::uint32_t j = 0; j < order.size(); ++j) order[j] = j;
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return got[a] < got[b]; });
  slice_.resize(got.size());
  for (std::size_t j = 0; j < order.size(); ++j) slice_[j] = got[order[j]];
  std::uint64_t mine = slice_.size(), first = 0;
  MPI_Exscan(&mine, &first, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
  slice_first_ = rank_ == 0 ? 0 : first;  // MPI_Exscan leaves rank 0's result undefined
  const std::uint64_t total = allreduce(mine, MPI_SUM);
  std::vector<std::uint32_t> ids(got.size());
  for (std::size_t j = 0; j < order.size(); ++j)
    ids[order[j]] = static_cast<std::uint32_t>(states_ + slice_first_ + j);
  std::vector<std::uint32_t> back(new_key_.size());
  MPI_Alltoallv(ids.data(), rcount.data(), rdisp.data(), MPI_UINT32_T, back.data(), scount.data(),
                sdisp.data(), MPI_UINT32_T, MPI_COMM_WORLD);
  new_id_.resize(new_key_.size());
  for (std::size_t i = 0; i < new_key_.size(); ++i) new_id_[i] = back[where[i]];
  traffic_.key_bytes += 8 * send.size() + 4 * ids.size();
  return total;
}

// After every parent of level `depth` is expanded and its successors stored: number the new
// states, agree on the first violations, the error and the cut. False when the search ends.
bool Distributed::close_level(std::uint64_t depth) {
  ++traffic_.levels;
  if (!local_limit_) check_new_states();
  const std::uint32_t P = chk_.size();
  // the least position of each property and of the error
  std::vector<std::uint64_t> least(P + 1);
  for (std::uint32_t p = 0; p < P; ++p) least[p] = cand_[p].pos;
  least[P] = error_cand_.pos;
  allreduce(least, MPI_MIN);
  const std::uint64_t limits = local_limit_;  // already OR-ed over the ranks by the last round

  const std::uint64_t total = number_level();
  std::uint64_t steps = 0;

  if (limits) {
    // a limit cut the level somewhere: what was stored counts, nothing of the level is decided
    for (const auto& e : expanded_) steps += e.second;
    stats_.transitions += allreduce(steps, MPI_SUM);
    states_ += total;
    if (total) max_depth_ = depth + 1;
    limited(limits);
    return false;
  }

  // Where the sequential search stops in this level: after the parent of the first violation
  // (without --all), after the parent of the state that reaches --max-states, or at a
  // runtime error (before the erring step), whichever comes first.
  std::uint64_t cut_parent = kNone;
  if (!opt_.all)
    for (std::uint32_t p = 0; p < P; ++p)
      if (least[p] != kNone) cut_parent = std::min(cut_parent, least[p] >> 32);
  if (opt_.max_states && states_ + total >= opt_.max_states) {
    // the key of the state that reaches the limit, from the rank whose slice holds it
    const std::uint64_t q = opt_.max_states - states_ - 1;
    const std::uint64_t k =
        q >= slice_first_ && q < slice_first_ + slice_.size() ? slice_[q - slice_first_] : kNone;
    cut_parent = std::min(cut_parent, allreduce(k, MPI_MIN) >> 32);
  }
  std::uint64_t lim = cut_parent == kNone ? kNone : at(cut_parent, kEnd);
  const std::uint64_t err = least[P];
  const bool erred = err != kNone && (err >> 32) <= (lim >> 32);
  // a step's error ends the level before that step; a state's (its predicate failed: at 2k + 1
  // or kEnd) after its parent's steps, as a violation does
  const bool state_erred = erred && ((err & 0xffffffffu) == kEnd || (err & 1));
  if (erred) lim = state_erred ? at(err >> 32, kEnd) : err - 1;
  // the new states the sequential search stores before it stops: a prefix in key order
  std::uint64_t included = total;
  if (lim != kNone) {
    const std::uint64_t sub = lim & 0xffffffffu;
    const std::uint64_t bound = at(lim >> 32, sub == kEnd ? 0xffffffffu : sub / 2);
    included = allreduce(
        static_cast<std::uint64_t>(std::upper_bound(slice_.begin(), slice_.end(), bound) - slice_.begin()),
        MPI_SUM);
  }
  auto id_of = [&](std::uint64_t key) {  // collective: the rank whose slice holds the key answers
    auto it = std::lower_bound(slice_.begin(), slice_.end(), key);
    const std::uint64_t id = it != slice_.end() && *it == key
                                 ? states_ + slice_first_ + static_cast<std::uint64_t>(it - slice_.begin())
                                 : kNone;
    return static_cast<std::uint32_t>(allreduce(id, MPI_MIN));
  };

  // the first violations of this level; varying explanations come from the rank that found them
  std::vector<std::uint64_t> from(P, static_cast<std::uint64_t>(ranks_));
  bool any_varying = false;
  for (std::uint32_t p = 0; p < P; ++p)
    if (least[p] <= lim && least[p] != kNone && chk_[p].explanation_varies()) {
      any_varying = true;
      if (cand_[p].pos == least[p]) from[p] = static_cast<std::uint64_t>(rank_);
    }
  if (any_varying) allreduce(from, MPI_MIN);
  for (std::uint32_t p = 0; p < P; ++p) {
    if (least[p] == kNone || least[p] > lim) continue;
    const std::uint64_t parent = least[p] >> 32, sub = least[p] & 0xffffffffu;
    Found f;
    if (sub == kEnd)
      f.state = static_cast<std::uint32_t>(parent);
    else if (sub % 2 == 0)
      f.state = static_cast<std::uint32_t>(parent), f.ordinal = static_cast<std::uint32_t>(sub / 2);
    else
      f.state = id_of(at(parent, sub / 2));
    if (chk_[p].explanation_varies()) {
      std::string why = cand_[p].why;
      broadcast(why, static_cast<int>(from[p]));
      f.why = std::move(why);
    } else {
      f.why = chk_[p].explain();
    }
    found_[p] = std::move(f);
    if (!opt_.all) stop_ = true;
  }
  if (erred) {
    std::uint64_t who =
        error_cand_.pos == err ? static_cast<std::uint64_t>(rank_) : static_cast<std::uint64_t>(ranks_);
    who = allreduce(who, MPI_MIN);
    std::string message = error_cand_.why;
    broadcast(message, static_cast<int>(who));
    model::Pos source = error_cand_.source;
    MPI_Bcast(&source, sizeof source, MPI_BYTE, static_cast<int>(who), MPI_COMM_WORLD);
    std::string property = error_cand_.property;
    broadcast(property, static_cast<int>(who));
    // a step's error at 2k; a state's at 2k + 1 (step k's post state) or kEnd (the parent)
    const std::uint64_t parent = err >> 32, sub = err & 0xffffffffu;
    Found f{static_cast<std::uint32_t>(parent), std::nullopt, message, source};
    if (sub == kEnd)
      ;
    else if (sub % 2 == 0)
      f.ordinal = static_cast<std::uint32_t>(sub / 2);
    else
      f.state = id_of(at(parent, sub / 2));
    error_ = std::make_pair(std::move(f), message);
    error_property_ = property;
    stop_ = true;
  }

  for (const auto& e : expanded_)
    if (lim == kNone || e.first <= (lim >> 32)) steps += e.second;
  stats_.transitions += allreduce(steps, MPI_SUM);

  // the included new states of this rank become the next frontier, in id order
  std::vector<std::uint32_t> order(new_key_.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return new_id_[a] < new_id_[b]; });
  front_gid_.clear(), front_bytes_.clear(), front_off_.assign(1, 0), next_parent_ = 0;
  for (std::uint32_t i : order) {
    const std::uint64_t key = new_key_[i];
    const std::uint32_t id = new_id_[i];
    if (id >= states_ + included) break;
    gid_.push_back(id), parent_.push_back(static_cast<std::uint32_t>(key >> 32));
    via_.push_back(static_cast<std::uint32_t>(key & 0xffffffffu));
    std::size_t n = 0;
    const std::uint8_t* bytes = new_state(i, n);
    front_gid_.push_back(id);
    front_bytes_.insert(front_bytes_.end(), bytes, bytes + n);
    front_off_.push_back(front_bytes_.size());
  }
  level_lo_ = states_;
  states_ += included;
  if (included) max_depth_ = depth + 1;
  if (opt_.max_states && states_ >= opt_.max_states) {
    incomplete_ = true, stop_ = true;
    incomplete_why_ = "the state limit (" + std::to_string(opt_.max_states) + ") was reached";
  }
  traffic_.peak_rank_bytes = std::max(traffic_.peak_rank_bytes, memory_bytes());

  // the next level starts empty
  for (auto& c : cand_) c = Candidate{};
  error_cand_ = Candidate{};
  level_first_ = seen_.size();
  new_key_.clear(), new_bytes_.clear(), new_off_.assign(1, 0), expanded_.clear();
  new_id_.clear(), slice_.clear();
  local_stop_ = false;
  return !stop_ && included > 0;
}

void Distributed::report_progress(bool force) {
  auto now = Clock::now();
  if (!force && std::chrono::duration<double>(now - last_progress_).count() < opt_.progress_seconds) return;
  last_progress_ = now;
  stats_.states = states_;
  stats_.max_depth = max_depth_;
  stats_.seconds = std::chrono::duration<double>(now - start_).count();
  stats_.memory_bytes = memory_bytes() * static_cast<std::uint64_t>(ranks_);  // an estimate between levels
  if (rank_ == 0) rep_.progress(stats_, front_gid_.size());
}

void Distributed::search(const Work& init) {
  // level 0: the initial state, owned by one rank; its checks ran on every rank (run())
  pack(L_, init, buf_);
  if (static_cast<int>(owner(SeenSet::key(buf_.data(), buf_.size(), seen_.wide()).h)) == rank_) {
    seen_.insert(buf_.data(), buf_.size());
    gid_.push_back(0), parent_.push_back(kNo), via_.push_back(0);
    front_gid_.push_back(0);
    front_bytes_ = buf_;
    front_off_ = {0, buf_.size()};
  } else {
    front_off_ = {0};
  }
  level_first_ = seen_.size();
  std::uint64_t frontier = 1;  // states of the level, over all ranks
  for (std::uint64_t depth = 0; !stop_ && frontier > 0; ++depth) {
    if (opt_.max_depth && depth >= *opt_.max_depth) {
      bounded_ = true;  // the sequential search pops them and expands none
      break;
    }
    const std::uint64_t before = states_;
    for (;;) {
      expand_batch();
      exchange();
      const bool more = next_parent_ < front_gid_.size() && !local_stop_;
      const std::uint64_t flags = allreduce(local_limit_ | (more ? kMore : 0), MPI_BOR);
      if ((flags & ~kMore) || !(flags & kMore)) {
        local_limit_ |= flags & ~kMore;
        break;
      }
    }
    if (!close_level(depth)) break;
    frontier = states_ - before;
    report_progress(false);
  }
}

// The ordinals from the initial state to state `id`: each step asked of the rank that owns
// the state (one all-reduce per step of the path; every rank gets the same path).
std::vector<std::uint32_t> Distributed::path(std::uint32_t id) {
  std::vector<std::uint32_t> ords;
  while (id != 0) {
    std::uint64_t mine = kNone;
    auto it = std::lower_bound(gid_.begin(), gid_.end(), id);
    if (it != gid_.end() && *it == id) {
      const auto i = static_cast<std::size_t>(it - gid_.begin());
      mine = at(parent_[i], via_[i]);
    }
    mine = allreduce(mine, MPI_MIN);
    if (mine == kNone) throw std::logic_error("distributed search: no rank owns state " + std::to_string(id));
    ords.push_back(static_cast<std::uint32_t>(mine & 0xffffffffu));
    id = static_cast<std::uint32_t>(mine >> 32);
  }
  std::reverse(ords.begin(), ords.end());
  return ords;
}

Result Distributed::run() {
  Result r;
  Work init;
  try {
    succ_.initial(init);
    // the initial state's checks come before everything; every rank runs them alike
    states_ = 1;
    std::uint64_t v = chk_.on_state(init, succ_.interp());
    for (std::uint32_t p = 0; v; ++p, v >>= 1) {
      if (!(v & 1)) continue;
      const bool varies = chk_[p].explanation_varies();
      std::string why = varies ? chk_[p].take_explanation() : chk_[p].explain();
      if (!active_[p] || found_[p]) continue;
      found_[p] = Found{0, std::nullopt, std::move(why), std::nullopt};
      if (!opt_.all) stop_ = true;
    }
    if (opt_.max_states && states_ >= opt_.max_states) {
      incomplete_ = true, stop_ = true;
      incomplete_why_ = "the state limit (" + std::to_string(opt_.max_states) + ") was reached";
    }
    bool any_selected = false, any_dynamic = false;
    for (std::uint32_t p = 0; p < chk_.size(); ++p) {
      if (!active_[p] || !chk_[p].reported()) continue;
      any_selected = true;
      any_dynamic |= !chk_[p].decide(init);
    }
    if (!any_selected) any_dynamic = true;
    if (any_dynamic && !stop_) search(init);
  } catch (const StateCheckError& e) {  // the initial state's: alike on every rank
    error_ = std::make_pair(Found{0, std::nullopt, e.message, e.pos}, e.message);
    error_property_ = e.property;
  } catch (const RuntimeError& e) {  // in the initial state: alike on every rank
    error_ = std::make_pair(Found{kNo, std::nullopt, e.message, e.pos}, e.message);
  }
  report_progress(true);

  for (std::uint32_t p = 0; p < chk_.size(); ++p)
    if (active_[p] && chk_[p].reported()) r.properties.push_back(verdict(p, init));
  if (error_) {
    PropertyResult pr = runtime_error_entry(error_->first, error_->second);
    if (error_->first.state != kNo) {
      auto ords = path(error_->first.state);
      if (error_->first.ordinal) ords.push_back(*error_->first.ordinal);  // else: the state's error
      pr.trace = replay(L_, succ_, ords);
      pr.trace->state_error = error_property_;
    }
    r.properties.push_back(std::move(pr));
  }
  // Liveness would need the whole graph in one place: not decided here, never guessed. The
  // reasons of the one-process search come first where they apply.
  if (!stop_ && !error_ && !incomplete_)
    for (std::uint32_t p = 0; p < chk_.size(); ++p) {
      if (!active_[p] || !chk_[p].liveness()) continue;
      for (auto& pr : r.properties)
        if (pr.property == chk_[p].name() &&
            (pr.status == Status::Holds || pr.status == Status::HoldsUpToBound)) {
          pr.status = Status::Incomplete;
          pr.explanation = opt_.fingerprints ? "liveness needs full states (run without --fingerprints)"
                           : bounded_        ? "liveness is not decided under a depth bound"
                                             : "liveness needs one process (run without --distributed)";
        }
    }
  // what every rank's checkers observed counts for the vacuity notes
  std::vector<std::uint64_t> seen(chk_.size());
  for (std::uint32_t p = 0; p < chk_.size(); ++p) seen[p] = chk_[p].observations();
  allreduce(seen, MPI_BOR);
  for (std::uint32_t p = 0; p < chk_.size(); ++p) chk_[p].restore_observations(seen[p]);
  for (std::uint32_t p = 0; p < chk_.size(); ++p) {
    if (!active_[p]) continue;
    for (auto& pr : r.properties)
      if (pr.property == chk_[p].name() && pr.status == Status::Holds)
        if (std::string v = chk_[p].vacuity(); !v.empty()) pr.notes.push_back("vacuous: " + v);
  }

  stats_.states = states_;
  stats_.max_depth = max_depth_;
  stats_.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  traffic_.peak_rank_bytes = std::max(traffic_.peak_rank_bytes, memory_bytes());
  stats_.memory_bytes = allreduce(traffic_.peak_rank_bytes, MPI_SUM);
  traffic_.peak_rank_bytes = allreduce(traffic_.peak_rank_bytes, MPI_MAX);
  std::vector<std::uint64_t> sent{traffic_.records, traffic_.record_bytes, traffic_.local_records,
                                  traffic_.key_bytes};
  allreduce(sent, MPI_SUM);
  traffic_.records = sent[0], traffic_.record_bytes = sent[1], traffic_.local_records = sent[2];
  traffic_.key_bytes = sent[3];
  if (opt_.fingerprints) {
    // TLC's optimistic estimate n (t - n) / 2^bits, as the one-process search reports it
    const double n = static_cast<double>(stats_.states), t = static_cast<double>(stats_.transitions);
    stats_.collision_probability =
        n * (t > n ? t - n : 0) / std::ldexp(1.0, static_cast<int>(seen_.fingerprint_bits()));
  }
  r.stats = stats_;
  return r;
}

// The verdict of slot `p` after the search, by the one-process search's rule (search.cpp).
PropertyResult Distributed::verdict(std::uint32_t p, const Work& init) {
  if (auto decided = chk_[p].decide(init)) return std::move(*decided);
  PropertyResult pr;
  pr.property = chk_[p].name();
  if (found_[p]) {
    pr.status = Status::Violated;
    pr.explanation = found_[p]->why;
    auto ords = path(found_[p]->state);
    if (found_[p]->ordinal) ords.push_back(*found_[p]->ordinal);
    pr.trace = replay(L_, succ_, ords);
    pr.failure = failure(*pr.trace);
  } else {
    set_unviolated(
        pr, {static_cast<bool>(error_), incomplete_, incomplete_why_, stop_, bounded_, opt_.max_depth});
  }
  return pr;
}

}  // namespace

Result check(const model::Model& m, const Options& opt, Reporter& rep, Traffic* traffic) {
  std::vector<bool> active = select_properties(m, opt.only_properties);
  Result r;
  try {
    Distributed d(m, opt, rep, active);
    r = d.run();
    if (traffic) *traffic = d.traffic();
  } catch (const Unsupported& e) {  // found by every rank alike, before any message
    add_unsupported(r, m, active, e.what());
  } catch (const std::bad_alloc&) {
    // one rank alone: the others would wait for it forever
    abort_job("out of memory (an allocation failed); the job is ended", 4);
  }
  return r;
}

}  // namespace dpu::distributed
