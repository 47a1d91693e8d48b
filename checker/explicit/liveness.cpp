#include "explicit/liveness.hpp"

#include <algorithm>
#include <deque>
#include <stdexcept>

#include "explicit/symmetry.hpp"

namespace dpu::explicit_ {

namespace {

constexpr std::uint32_t kNo = 0xffffffffu;

struct Collect final : Sink {
  const Layout& L;
  const StateStore& store;
  Canonicalizer* canon;
  StateGraph& g;
  std::vector<std::uint8_t> buf;
  std::uint32_t state = 0, ordinal = 0;
  Work rep;
  Collect(const Layout& layout, const StateStore& s, Canonicalizer* c, StateGraph& graph)
      : L(layout), store(s), canon(c), g(graph) {
    rep.init(L);
  }
  void step(const Step& st) override {
    const std::uint32_t k = ordinal++;
    if (st.assertion) {  // ends the run; never explored (search.cpp, Explorer::step)
      g.fail(state, k, st.task);
      return;
    }
    const Work* post = st.post;
    if (canon) rep.copy_from(*post, L), canon->canonicalize(rep), post = &rep;
    auto id = store.find(*post, buf);
    if (!id) throw std::logic_error("liveness: successor missing from the seen set");
    g.to.push_back(*id);
    g.task.push_back(st.task);
  }
};

using Bits = std::vector<std::uint64_t>;

void set_bit(Bits& b, std::uint32_t i) { b[i / 64] |= std::uint64_t{1} << (i % 64); }
bool has_bit(const Bits& b, std::uint32_t i) { return b[i / 64] >> (i % 64) & 1; }

/// The failed-assertion steps of u: [begin, end) of `failed`.
std::pair<std::size_t, std::size_t> failed_of(const StateGraph& g, std::uint32_t u) {
  auto lo = std::lower_bound(g.failed.begin(), g.failed.end(), std::make_pair(u, std::uint32_t{0}));
  auto hi = lo;
  while (hi != g.failed.end() && hi->first == u) ++hi;
  return {static_cast<std::size_t>(lo - g.failed.begin()), static_cast<std::size_t>(hi - g.failed.begin())};
}

Bits enabled_tasks(const StateGraph& g, std::uint32_t u) {
  Bits b((g.tasks + 63) / 64 + 1, 0);
  for (std::uint64_t e = g.first[u]; e < g.first[u + 1]; ++e)
    if (g.task[e] != Tasks::kNoTask) set_bit(b, g.task[e]);
  if (!g.failed.empty()) {
    const auto [lo, hi] = failed_of(g, u);
    for (std::size_t i = lo; i < hi; ++i)
      if (g.failed_task[i] != Tasks::kNoTask) set_bit(b, g.failed_task[i]);
  }
  return b;
}

/// The non-goal states reachable without passing the goal (BFS order, with a shortest path
/// to each) and their strongly connected components.
struct Region {
  std::vector<std::uint32_t> dist, prev_edge, prev_state, order, comp;
  std::vector<bool> cyclic;  // [component]: it has an internal edge
  std::uint32_t ncomp = 0;
  std::uint64_t bytes = 0;
  bool in(std::uint32_t u, std::uint32_t c) const { return dist[u] != kNo && comp[u] == c; }
  /// The edge indices of the shortest path from the initial state (state 0) to `s`.
  std::vector<std::uint32_t> path_to(std::uint32_t s) const {
    std::vector<std::uint32_t> ords;
    for (; s != 0; s = prev_state[s]) ords.push_back(prev_edge[s]);
    std::reverse(ords.begin(), ords.end());
    return ords;
  }
};
Region region_of(const StateGraph& g, const std::vector<bool>& goal);
/// [component]: every task enabled in all its states is taken on one of its internal edges.
std::vector<bool> fair_components(const StateGraph& g, const Region& R, std::uint64_t& bytes);
/// A fair cycle through `entry` (on a fair component): edge indices, from and back to it.
std::vector<std::uint32_t> fair_cycle(const StateGraph& g, const Region& R, std::uint32_t entry);
/// check_eventually with each step given as its edge index in its state's row.
LivenessVerdict check_edges(const StateGraph& g, const std::vector<bool>& goal);
/// Edge indices of a path from state 0 to step ordinals.
void to_ordinals(const StateGraph& g, std::vector<std::uint32_t>& path) {
  std::uint32_t u = 0;
  for (auto& k : path) {
    const std::uint32_t next = g.to[g.first[u] + k];
    k = g.ordinal(u, k);
    u = next;
  }
}

}  // namespace

bool StateGraph::dead_end(std::uint32_t u) const {
  if (first[u] != first[u + 1]) return false;
  auto at = std::lower_bound(failed.begin(), failed.end(), std::make_pair(u, std::uint32_t{0}));
  return at == failed.end() || at->first != u;
}

std::uint32_t StateGraph::ordinal(std::uint32_t u, std::uint32_t k) const {
  auto at = std::lower_bound(failed.begin(), failed.end(), std::make_pair(u, std::uint32_t{0}));
  for (; at != failed.end() && at->first == u && at->second <= k; ++at) ++k;
  return k;
}

LivenessVerdict check_eventually(const StateGraph& g, const std::vector<bool>& goal) {
  LivenessVerdict v = check_edges(g, goal);
  to_ordinals(g, v.ordinals);  // edge indices to step ordinals, along the path
  return v;
}

StateGraph build_graph(const Layout& L, Successors& succ, const StateStore& store, Canonicalizer* canon) {
  StateGraph g;
  g.tasks = L.tasks.count;
  Collect sink(L, store, canon, g);
  Work w;
  w.init(L);
  g.first.push_back(0);
  for (std::uint32_t id = 0; id < store.size(); ++id) {
    store.load(id, w);
    sink.state = id, sink.ordinal = 0;
    succ.expand(w, sink, false);
    g.first.push_back(g.to.size());
  }
  return g;
}

namespace {

Region region_of(const StateGraph& g, const std::vector<bool>& goal) {
  Region R;
  const std::uint32_t n = g.states();
  R.dist.assign(n, kNo), R.prev_edge.assign(n, kNo), R.prev_state.assign(n, kNo), R.comp.assign(n, kNo);
  if (n == 0 || goal[0]) return R;

  // 1. The region of non-goal states reachable without passing the goal, by BFS (so the
  //    path to any of them is a shortest one).
  auto& dist = R.dist;
  auto& order = R.order;
  dist[0] = 0;
  order.push_back(0);
  for (std::size_t qi = 0; qi < order.size(); ++qi) {
    std::uint32_t u = order[qi];
    for (std::uint64_t e = g.first[u]; e < g.first[u + 1]; ++e) {
      std::uint32_t w = g.to[e];
      if (goal[w] || dist[w] != kNo) continue;
      dist[w] = dist[u] + 1, R.prev_edge[w] = static_cast<std::uint32_t>(e - g.first[u]), R.prev_state[w] = u;
      order.push_back(w);
    }
  }

  // 2. Strongly connected components of the region (iterative Tarjan).
  auto& comp = R.comp;
  std::vector<std::uint32_t> index(n, kNo), low(n, 0), stack;
  std::vector<bool> on_stack(n, false);
  std::uint32_t next_index = 0, ncomp = 0;
  struct Frame {
    std::uint32_t u;
    std::uint64_t e;
  };
  std::vector<Frame> call;
  for (std::uint32_t root : order) {
    if (index[root] != kNo) continue;
    call.push_back({root, g.first[root]});
    index[root] = low[root] = next_index++;
    stack.push_back(root), on_stack[root] = true;
    while (!call.empty()) {
      Frame& f = call.back();
      if (f.e < g.first[f.u + 1]) {
        std::uint32_t w = g.to[f.e++];
        if (dist[w] == kNo) continue;  // goal state: outside the region
        if (index[w] == kNo) {
          index[w] = low[w] = next_index++;
          stack.push_back(w), on_stack[w] = true;
          call.push_back({w, g.first[w]});
        } else if (on_stack[w]) {
          low[f.u] = std::min(low[f.u], index[w]);
        }
        continue;
      }
      std::uint32_t u = f.u;
      call.pop_back();
      if (!call.empty()) low[call.back().u] = std::min(low[call.back().u], low[u]);
      if (low[u] == index[u]) {
        std::uint32_t w;
        do {
          w = stack.back();
          stack.pop_back(), on_stack[w] = false;
          comp[w] = ncomp;
        } while (w != u);
        ++ncomp;
      }
    }
  }
  R.ncomp = ncomp;
  R.cyclic.assign(ncomp, false);
  for (std::uint32_t u : order)
    for (std::uint64_t e = g.first[u]; e < g.first[u + 1]; ++e)
      if (R.in(g.to[e], comp[u])) R.cyclic[comp[u]] = true;
  R.bytes = 4 * (dist.capacity() + R.prev_edge.capacity() + R.prev_state.capacity() + order.capacity() +
                 index.capacity() + low.capacity() + comp.capacity() + stack.capacity()) +
            call.capacity() * sizeof(Frame) + (on_stack.capacity() + R.cyclic.capacity()) / 8;
  return R;
}

std::vector<bool> fair_components(const StateGraph& g, const Region& R, std::uint64_t& bytes) {
  // 3. Fair components: every task enabled in all their states is taken inside them.
  //    Only a component with an internal edge (cyclic) can be fair, and most are trivial, so
  //    the task sets are kept, in two flat arrays, for the cyclic ones only.
  const std::size_t words = (g.tasks + 63) / 64 + 1;
  std::vector<std::uint32_t> slot(R.ncomp, kNo);
  std::uint32_t ncyclic = 0;
  for (std::uint32_t c = 0; c < R.ncomp; ++c)
    if (R.cyclic[c]) slot[c] = ncyclic++;
  std::vector<std::uint64_t> all_enabled(std::size_t{ncyclic} * words, ~std::uint64_t{0}),
      taken(std::size_t{ncyclic} * words, 0);
  for (std::uint32_t u : R.order) {
    if (!R.cyclic[R.comp[u]]) continue;
    const Bits en = enabled_tasks(g, u);
    std::uint64_t* ae = all_enabled.data() + std::size_t{slot[R.comp[u]]} * words;
    std::uint64_t* tk = taken.data() + std::size_t{slot[R.comp[u]]} * words;
    for (std::size_t i = 0; i < words; ++i) ae[i] &= en[i];
    for (std::uint64_t e = g.first[u]; e < g.first[u + 1]; ++e) {
      if (!R.in(g.to[e], R.comp[u])) continue;
      if (g.task[e] != Tasks::kNoTask) tk[g.task[e] / 64] |= std::uint64_t{1} << (g.task[e] % 64);
    }
  }
  std::vector<bool> fair(R.ncomp, false);
  for (std::uint32_t c = 0; c < R.ncomp; ++c) {
    if (!R.cyclic[c]) continue;
    bool ok = true;
    const std::size_t at = std::size_t{slot[c]} * words;
    for (std::size_t i = 0; i < words; ++i) ok = ok && (all_enabled[at + i] & ~taken[at + i]) == 0;
    fair[c] = ok;
  }
  bytes = fair.capacity() / 8 + slot.capacity() * 4 + (all_enabled.capacity() + taken.capacity()) * 8;
  return fair;
}

std::vector<std::uint32_t> fair_cycle(const StateGraph& g, const Region& R, std::uint32_t entry) {
  // 5. A fair cycle through the entry: for each task still enabled everywhere on the cycle
  //    built so far and not taken, walk (inside the component) to a state where it is
  //    disabled or to an edge executing it; finally walk back to the entry.
  const std::uint32_t n = g.states();
  const std::size_t words = (g.tasks + 63) / 64 + 1;
  const std::uint32_t c = R.comp[entry];
  std::vector<std::uint32_t> seen_stamp(n, kNo), bprev_state(n, kNo), bprev_edge(n, kNo);
  std::uint32_t stamp = 0;
  std::vector<std::uint32_t> cycle;
  std::uint32_t cur = entry;
  Bits on_all = enabled_tasks(g, entry), took(words, 0);
  auto walk = [&](auto&& is_target) -> bool {  // BFS from cur; appends the path, moves cur
    ++stamp;
    std::deque<std::uint32_t> q{cur};
    seen_stamp[cur] = stamp;
    while (!q.empty()) {
      std::uint32_t u = q.front();
      q.pop_front();
      std::uint64_t via = kNo;
      if (is_target(u, via)) {
        std::vector<std::uint32_t> states, ords;
        for (std::uint32_t s = u; s != cur; s = bprev_state[s])
          states.push_back(s), ords.push_back(bprev_edge[s]);
        std::reverse(states.begin(), states.end());
        std::reverse(ords.begin(), ords.end());
        if (via != kNo)
          ords.push_back(static_cast<std::uint32_t>(via - g.first[u])), states.push_back(g.to[via]);
        for (std::size_t i = 0; i < ords.size(); ++i) {
          std::uint32_t from = i ? states[i - 1] : cur;
          std::uint64_t e = g.first[from] + ords[i];
          if (g.task[e] != Tasks::kNoTask) set_bit(took, g.task[e]);
          Bits en = enabled_tasks(g, states[i]);
          for (std::size_t k = 0; k < words; ++k) on_all[k] &= en[k];
          cycle.push_back(ords[i]);
        }
        if (!states.empty()) cur = states.back();
        return true;
      }
      for (std::uint64_t e = g.first[u]; e < g.first[u + 1]; ++e) {
        std::uint32_t w = g.to[e];
        if (!R.in(w, c) || seen_stamp[w] == stamp) continue;
        seen_stamp[w] = stamp, bprev_state[w] = u, bprev_edge[w] = static_cast<std::uint32_t>(e - g.first[u]);
        q.push_back(w);
      }
    }
    return false;
  };
  for (std::uint32_t t = 0; t < g.tasks; ++t) {
    if (!has_bit(on_all, t) || has_bit(took, t)) continue;
    walk([&](std::uint32_t u, std::uint64_t& via) {
      if (!has_bit(enabled_tasks(g, u), t)) return true;
      for (std::uint64_t e = g.first[u]; e < g.first[u + 1]; ++e)
        if (g.task[e] == t && R.in(g.to[e], c)) {
          via = e;
          return true;
        }
      return false;
    });
  }
  if (cycle.empty()) {  // take one edge inside the component so the cycle is not empty
    walk([&](std::uint32_t u, std::uint64_t& via) {
      for (std::uint64_t e = g.first[u]; e < g.first[u + 1]; ++e)
        if (R.in(g.to[e], c)) {
          via = e;
          return true;
        }
      return false;
    });
  }
  if (cur != entry) walk([&](std::uint32_t u, std::uint64_t&) { return u == entry; });
  return cycle;
}

/// Some state of the region has a step that fails an assertion (a run may end there).
bool assertion_ends(const StateGraph& g, const Region& R) {
  for (const auto& [u, k] : g.failed)
    if (R.dist[u] != kNo) return true;
  return false;
}

LivenessVerdict check_edges(const StateGraph& g, const std::vector<bool>& goal) {
  LivenessVerdict v;
  const Region R = region_of(g, goal);
  std::uint64_t fair_bytes = 0;
  const std::vector<bool> fair = fair_components(g, R, fair_bytes);
  v.work_bytes = R.bytes + fair_bytes;
  v.assertion_ends = assertion_ends(g, R);

  // 4. The nearest witness in BFS order: a dead end or the entry of a fair component.
  std::uint32_t witness = kNo;
  for (std::uint32_t u : R.order) {
    if (g.dead_end(u) || fair[R.comp[u]]) {
      witness = u;
      break;
    }
  }
  if (witness == kNo) return v;
  v.violated = true;
  v.ordinals = R.path_to(witness);
  if (g.dead_end(witness)) return v;
  const std::vector<std::uint32_t> cycle = fair_cycle(g, R, witness);
  v.loop_start = v.ordinals.size();
  v.ordinals.insert(v.ordinals.end(), cycle.begin(), cycle.end());
  return v;
}

}  // namespace

LivenessVerdict check_eventually_quotient(const StateGraph& q, const std::vector<bool>& goal,
                                          QuotientLift& lift) {
  LivenessVerdict v;
  const Region R = region_of(q, goal);
  v.work_bytes = R.bytes;
  v.assertion_ends = assertion_ends(q, R);
  auto q_path = [&](std::uint32_t u) {
    std::vector<std::uint32_t> p = R.path_to(u);
    to_ordinals(q, p);
    return p;
  };
  // The classes with a state on a fair cycle: each cyclic component's concrete states, from
  // one concrete state behind its entry (the first of its states in BFS order).
  std::vector<bool> fair_class(q.states(), false), tried(R.ncomp, false);
  std::string incomplete;
  for (std::uint32_t u : R.order) {
    const std::uint32_t c = R.comp[u];
    if (!R.cyclic[c] || tried[c]) continue;
    tried[c] = true;
    StateGraph local;
    std::vector<std::uint32_t> cls, prefix;
    if (!lift.build(
            q_path(u), [&](std::uint32_t x) { return R.in(x, c); }, local, cls, prefix)) {
      incomplete = lift.why();
      continue;
    }
    std::vector<bool> lgoal(local.states(), false);
    lgoal[QuotientLift::kSink] = true;
    const Region LR = region_of(local, lgoal);
    std::uint64_t fair_bytes = 0;
    const std::vector<bool> fair = fair_components(local, LR, fair_bytes);
    v.work_bytes = std::max(v.work_bytes, R.bytes + lift.bytes() + LR.bytes + fair_bytes);
    for (std::uint32_t i : LR.order)
      if (fair[LR.comp[i]]) fair_class[cls[i]] = true;
  }
  // The nearest witness in BFS order, as without symmetry (the same distance: a renaming
  // keeps path lengths): a dead end, or a state of a class on a fair cycle.
  std::uint32_t witness = kNo;
  for (std::uint32_t u : R.order)
    if (q.dead_end(u) || fair_class[u]) {
      witness = u;
      break;
    }
  if (witness == kNo) {
    v.incomplete = incomplete;
    return v;
  }
  v.violated = true;
  const std::uint32_t c = R.comp[witness];
  StateGraph local;
  std::vector<std::uint32_t> cls;
  if (q.dead_end(witness)) {
    v.ordinals = lift.stem(q_path(witness));
    return v;
  }
  // The concrete state behind the witness lies on a fair cycle (a renaming of one through a
  // state of its class): the cycle from it, in the concrete states of its component.
  if (!lift.build(
          q_path(witness), [&](std::uint32_t x) { return R.in(x, c); }, local, cls, v.ordinals)) {
    v = LivenessVerdict{};
    v.incomplete = lift.why();
    return v;
  }
  std::vector<bool> lgoal(local.states(), false);
  lgoal[QuotientLift::kSink] = true;
  const Region LR = region_of(local, lgoal);
  std::uint64_t fair_bytes = 0;
  if (!fair_components(local, LR, fair_bytes)[LR.comp[0]])
    throw std::logic_error("liveness: the state behind a fair class is on no fair cycle");
  std::vector<std::uint32_t> cycle = fair_cycle(local, LR, 0);
  std::vector<std::uint32_t> steps;  // edge indices to ordinals along the cycle from state 0
  std::uint32_t at = 0;
  for (std::uint32_t k : cycle) {
    steps.push_back(local.ordinal(at, k));
    at = local.to[local.first[at] + k];
  }
  v.loop_start = v.ordinals.size();
  v.ordinals.insert(v.ordinals.end(), steps.begin(), steps.end());
  return v;
}

}  // namespace dpu::explicit_
