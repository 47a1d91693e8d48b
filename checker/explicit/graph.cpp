// state_graph(): a plain breadth-first exploration over the successor generator, keeping
// every state's description and every step. It is meant for small models (a picture of their
// state space), so it stores states in an ordered map and describes each one, which the
// search proper never does.
#include "explicit/graph.hpp"

#include <map>
#include <vector>

#include "explicit/checkers/checker_set.hpp"
#include "explicit/keep_successors.hpp"
#include "explicit/select.hpp"
#include "explicit/successors.hpp"
#include "explicit/trace.hpp"

namespace dpu::explicit_ {

std::optional<result::StateGraph> state_graph(const model::Model& m, std::uint64_t max_states,
                                              std::string& why) {
  {
    Layout L(m);
    std::vector<bool> none(select_properties(m, {}).size(), false);
    CheckerSet chk(L, none);
    Successors succ(L, chk);
    KeepSuccessors keep(L);
    result::StateGraph g;
    std::map<std::vector<std::uint8_t>, std::uint64_t> ids;
    std::vector<Work> queue;  // the states in id order, expanded in turn
    std::vector<std::uint8_t> packed;
    auto id_of = [&](const Work& w) -> std::optional<std::uint64_t> {
      pack(L, w, packed);
      auto [it, fresh] = ids.emplace(packed, ids.size());
      if (fresh) {
        if (ids.size() > max_states) return std::nullopt;
        queue.emplace_back();
        queue.back().init(L);
        queue.back().copy_from(w, L);
        g.states.push_back(describe_state(L, chk, w));
      }
      return it->second;
    };
    auto too_many = [&] {
      why = "the state space has more than " + std::to_string(max_states) +
            " states (--dot-max-states): shrink the model (fewer stacks or processes, fewer calls per "
            "stack, smaller ranges: e.g. -D N=2) or raise --dot-max-states";
      return std::nullopt;
    };
    Work init;
    init.init(L);
    succ.initial(init);
    if (!id_of(init)) return too_many();
    for (std::uint64_t s = 0; s < queue.size(); ++s) {
      keep.clear();
      std::uint32_t n = 0;
      try {
        n = succ.expand(queue[s], keep, true);
      } catch (const RuntimeError& e) {
        why = "a step hits a runtime error (" + e.message + "): `check` reports it with its trace";
        return std::nullopt;
      }
      if (n == 0) g.terminal.push_back(s);
      for (std::uint32_t i = 0; i < n; ++i) {
        KeptStep& k = keep[i];
        result::GraphEdge e{s,
                            0,
                            describe_action(m, k.action),
                            describe_rule(m, k.action),
                            k.action.kind,
                            k.assertion ? k.assertion->message : ""};
        if (!k.assertion) {
          std::optional<std::uint64_t> to = id_of(k.post);
          if (!to) return too_many();
          e.to = *to;
        }
        g.edges.push_back(std::move(e));
      }
    }
    return g;
  }
}

}  // namespace dpu::explicit_
