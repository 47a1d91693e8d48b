#include "explicit/liveness.hpp"

#include <algorithm>
#include <deque>
#include <stdexcept>

namespace dpu::explicit_ {

namespace {

constexpr std::uint32_t kNo = 0xffffffffu;

struct Collect final : Sink {
  const StateStore& store;
  StateGraph& g;
  std::vector<std::uint8_t> buf;
  std::uint32_t state = 0, ordinal = 0;
  Collect(const StateStore& s, StateGraph& graph) : store(s), g(graph) {}
  void step(const Step& st) override {
    const std::uint32_t k = ordinal++;
    if (st.assertion) {  // ends the run; never explored (search.cpp, Explorer::step)
      g.failed.emplace_back(state, k);
      return;
    }
    auto id = store.find(*st.post, buf);
    if (!id) throw std::logic_error("liveness: successor missing from the seen set");
    g.to.push_back(*id);
    g.task.push_back(st.task);
  }
};

using Bits = std::vector<std::uint64_t>;

void set_bit(Bits& b, std::uint32_t i) { b[i / 64] |= std::uint64_t{1} << (i % 64); }
bool has_bit(const Bits& b, std::uint32_t i) { return b[i / 64] >> (i % 64) & 1; }

Bits enabled_tasks(const StateGraph& g, std::uint32_t u) {
  Bits b((g.tasks + 63) / 64 + 1, 0);
  for (std::uint64_t e = g.first[u]; e < g.first[u + 1]; ++e)
    if (g.task[e] != Tasks::kNoTask) set_bit(b, g.task[e]);
  return b;
}

/// check_eventually with each step given as its edge index in its state's row.
LivenessVerdict check_edges(const StateGraph& g, const std::vector<bool>& goal);

}  // namespace

std::uint32_t StateGraph::ordinal(std::uint32_t u, std::uint32_t k) const {
  auto at = std::lower_bound(failed.begin(), failed.end(), std::make_pair(u, std::uint32_t{0}));
  for (; at != failed.end() && at->first == u && at->second <= k; ++at) ++k;
  return k;
}

LivenessVerdict check_eventually(const StateGraph& g, const std::vector<bool>& goal) {
  LivenessVerdict v = check_edges(g, goal);
  // edge indices to step ordinals, following the path from the initial state
  std::uint32_t u = 0;
  for (auto& k : v.ordinals) {
    const std::uint32_t next = g.to[g.first[u] + k];
    k = g.ordinal(u, k);
    u = next;
  }
  return v;
}

StateGraph build_graph(const Layout& L, Successors& succ, const StateStore& store) {
  StateGraph g;
  g.tasks = L.tasks.count;
  Collect sink(store, g);
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

LivenessVerdict check_edges(const StateGraph& g, const std::vector<bool>& goal) {
  LivenessVerdict v;
  const std::uint32_t n = g.states();
  if (n == 0 || goal[0]) return v;

  // 1. The region of non-goal states reachable without passing the goal, by BFS (so the
  //    path to any of them is a shortest one).
  std::vector<std::uint32_t> dist(n, kNo), prev_edge(n, kNo), prev_state(n, kNo), order;
  dist[0] = 0;
  order.push_back(0);
  for (std::size_t qi = 0; qi < order.size(); ++qi) {
    std::uint32_t u = order[qi];
    for (std::uint64_t e = g.first[u]; e < g.first[u + 1]; ++e) {
      std::uint32_t w = g.to[e];
      if (goal[w] || dist[w] != kNo) continue;
      dist[w] = dist[u] + 1, prev_edge[w] = static_cast<std::uint32_t>(e - g.first[u]), prev_state[w] = u;
      order.push_back(w);
    }
  }
  auto path_to = [&](std::uint32_t s) {
    std::vector<std::uint32_t> ords;
    for (; s != 0; s = prev_state[s]) ords.push_back(prev_edge[s]);
    std::reverse(ords.begin(), ords.end());
    return ords;
  };

  // 2. Strongly connected components of the region (iterative Tarjan).
  std::vector<std::uint32_t> index(n, kNo), low(n, 0), comp(n, kNo), stack;
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

  // 3. Fair components: every task enabled in all their states is taken inside them.
  //    Only a component with an internal edge (cyclic) can be fair, and most are trivial, so
  //    the task sets are kept, in two flat arrays, for the cyclic ones only.
  const std::size_t words = (g.tasks + 63) / 64 + 1;
  std::vector<bool> cyclic(ncomp, false);
  for (std::uint32_t u : order)
    for (std::uint64_t e = g.first[u]; e < g.first[u + 1]; ++e)
      if (dist[g.to[e]] != kNo && comp[g.to[e]] == comp[u]) cyclic[comp[u]] = true;
  std::vector<std::uint32_t> slot(ncomp, kNo);
  std::uint32_t ncyclic = 0;
  for (std::uint32_t c = 0; c < ncomp; ++c)
    if (cyclic[c]) slot[c] = ncyclic++;
  std::vector<std::uint64_t> all_enabled(std::size_t{ncyclic} * words, ~std::uint64_t{0}),
      taken(std::size_t{ncyclic} * words, 0);
  for (std::uint32_t u : order) {
    if (!cyclic[comp[u]]) continue;
    const Bits en = enabled_tasks(g, u);
    std::uint64_t* ae = all_enabled.data() + std::size_t{slot[comp[u]]} * words;
    std::uint64_t* tk = taken.data() + std::size_t{slot[comp[u]]} * words;
    for (std::size_t i = 0; i < words; ++i) ae[i] &= en[i];
    for (std::uint64_t e = g.first[u]; e < g.first[u + 1]; ++e) {
      std::uint32_t w = g.to[e];
      if (dist[w] == kNo || comp[w] != comp[u]) continue;
      if (g.task[e] != Tasks::kNoTask) tk[g.task[e] / 64] |= std::uint64_t{1} << (g.task[e] % 64);
    }
  }
  std::vector<bool> fair(ncomp, false);
  for (std::uint32_t c = 0; c < ncomp; ++c) {
    if (!cyclic[c]) continue;
    bool ok = true;
    const std::size_t at = std::size_t{slot[c]} * words;
    for (std::size_t i = 0; i < words; ++i) ok = ok && (all_enabled[at + i] & ~taken[at + i]) == 0;
    fair[c] = ok;
  }

  v.work_bytes = 4 * (dist.capacity() + prev_edge.capacity() + prev_state.capacity() + order.capacity() +
                      index.capacity() + low.capacity() + comp.capacity() + stack.capacity()) +
                 call.capacity() * sizeof(Frame) +
                 (on_stack.capacity() + cyclic.capacity() + fair.capacity()) / 8 + slot.capacity() * 4 +
                 (all_enabled.capacity() + taken.capacity()) * 8;

  // 4. The nearest witness in BFS order: a dead end or the entry of a fair component.
  std::uint32_t witness = kNo;
  for (std::uint32_t u : order) {
    if (g.first[u] == g.first[u + 1] || fair[comp[u]]) {
      witness = u;
      break;
    }
  }
  if (witness == kNo) return v;
  v.violated = true;
  v.ordinals = path_to(witness);
  if (g.first[witness] == g.first[witness + 1]) return v;

  // 5. A fair cycle through the entry: for each task still enabled everywhere on the cycle
  //    built so far and not taken, walk (inside the component) to a state where it is
  //    disabled or to an edge executing it; finally walk back to the entry.
  const std::uint32_t c = comp[witness];
  std::vector<std::uint32_t> seen_stamp(n, kNo), bprev_state(n, kNo), bprev_edge(n, kNo);
  std::uint32_t stamp = 0;
  std::vector<std::uint32_t> cycle;
  std::uint32_t cur = witness;
  Bits on_all = enabled_tasks(g, witness), took(words, 0);
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
        if (dist[w] == kNo || comp[w] != c || seen_stamp[w] == stamp) continue;
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
        if (g.task[e] == t && dist[g.to[e]] != kNo && comp[g.to[e]] == c) {
          via = e;
          return true;
        }
      return false;
    });
  }
  if (cycle.empty()) {  // take one edge inside the component so the cycle is not empty
    walk([&](std::uint32_t u, std::uint64_t& via) {
      for (std::uint64_t e = g.first[u]; e < g.first[u + 1]; ++e)
        if (dist[g.to[e]] != kNo && comp[g.to[e]] == c) {
          via = e;
          return true;
        }
      return false;
    });
  }
  if (cur != witness) walk([&](std::uint32_t u, std::uint64_t&) { return u == witness; });
  v.loop_start = v.ordinals.size();
  v.ordinals.insert(v.ordinals.end(), cycle.begin(), cycle.end());
  return v;
}

}  // namespace

}  // namespace dpu::explicit_
