#include "explicit/quotient_lift.hpp"

#include <stdexcept>

namespace dpu::explicit_ {

namespace {

constexpr std::uint32_t kNo = 0xffffffffu;

/// One concrete state's row of the local graph: each step to the local id of its post when
/// the post's class is in the component, to kSink otherwise (a failed assertion: no edge).
struct Row final : Sink {
  const Layout& L;
  Canonicalizer& canon;
  const StateStore& store;
  const std::function<bool(std::uint32_t)>& in_component;
  const std::function<std::uint32_t(const Work&, std::uint32_t)>& id_of;
  StateGraph& g;
  std::uint32_t state = 0, ordinal = 0;
  Work rep;
  std::vector<std::uint8_t> buf;
  Row(const Layout& layout, Canonicalizer& c, const StateStore& s,
      const std::function<bool(std::uint32_t)>& in,
      const std::function<std::uint32_t(const Work&, std::uint32_t)>& id, StateGraph& graph)
      : L(layout), canon(c), store(s), in_component(in), id_of(id), g(graph) {
    rep.init(L);
  }
  void step(const Step& st) override {
    const std::uint32_t k = ordinal++;
    if (st.assertion) {
      g.fail(state, k, st.task);
      return;
    }
    rep.copy_from(*st.post, L);
    canon.canonicalize(rep);
    auto q = store.find(rep, buf);
    if (!q) throw std::logic_error("liveness: a concrete successor's class is missing from the store");
    g.to.push_back(in_component(*q) ? id_of(*st.post, *q) : QuotientLift::kSink);
    g.task.push_back(st.task);
  }
};

}  // namespace

ConcreteLift::ConcreteLift(const Layout& layout, Successors& succ, Canonicalizer& canon,
                           const StateStore& store, std::uint64_t budget,
                           std::function<std::optional<std::string>()> stop)
    : L(layout), succ_(succ), canon_(canon), store_(store), budget_(budget), stop_(std::move(stop)) {}

bool ConcreteLift::build(const std::vector<std::uint32_t>& q_ordinals,
                         const std::function<bool(std::uint32_t)>& in_component, StateGraph& local,
                         std::vector<std::uint32_t>& cls, std::vector<std::uint32_t>& prefix) {
  local = StateGraph{};
  local.tasks = L.tasks.count;
  cls.clear(), ids_.clear(), queue_.clear();
  bytes_ = 0;
  Work start, w;
  start.init(L), w.init(L);
  prefix = concrete_ordinals(L, succ_, canon_, q_ordinals, nullptr, &start);

  std::vector<std::uint8_t> packed;
  std::uint64_t key_bytes = 0;
  const std::function<std::uint32_t(const Work&, std::uint32_t)> id_of = [&](const Work& s, std::uint32_t q) {
    pack(L, s, packed);
    auto [it, fresh] = ids_.emplace(std::string(packed.begin(), packed.end()), queue_.size());
    if (fresh) {
      queue_.push_back(&it->first);
      cls.push_back(q);
      key_bytes += it->first.capacity() + 64;  // the key, its node and bucket
    }
    return it->second;
  };
  {
    std::vector<std::uint8_t> buf;
    Work rep;
    rep.init(L);
    rep.copy_from(start, L);
    canon_.canonicalize(rep);
    auto q = store_.find(rep, buf);
    if (!q) throw std::logic_error("liveness: the entry's class is missing from the store");
    id_of(start, *q);
  }
  queue_.push_back(nullptr), cls.push_back(kNo);  // kSink: every state outside the component

  Row row(L, canon_, store_, in_component, id_of, local);
  local.first.push_back(0);
  for (std::uint32_t id = 0; id < queue_.size(); ++id) {
    if (queue_[id]) {
      const std::string& s = *queue_[id];
      unpack(L, reinterpret_cast<const std::uint8_t*>(s.data()), s.size(), w);
      row.state = id, row.ordinal = 0;
      succ_.expand(w, row, false);
    }
    local.first.push_back(local.to.size());
    bytes_ = key_bytes + queue_.capacity() * 8 + cls.capacity() * 4 + local.memory_bytes();
    std::optional<std::string> stopped;
    if (budget_ && bytes_ > budget_) stopped = "the memory limit was reached";
    if (!stopped && id % 4096 == 4095) stopped = stop_();
    if (stopped) {
      why_ = *stopped +
             " while the liveness check explored the concrete states behind a cycle of the "
             "symmetry-reduced graph (" +
             std::to_string(queue_.size() - 1) + " states)";
      explored_ += queue_.size() - 1;
      return false;
    }
  }
  explored_ += queue_.size() - 1;
  return true;
}

}  // namespace dpu::explicit_
