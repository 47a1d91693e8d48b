// check(): the BFS/DFS search over packed states with safety monitors, then the liveness
// pass, then the verdicts. spec/explorer.md describes the data structures.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <new>
#include <stdexcept>
#include <tuple>

#include "explicit/checkers/checker_set.hpp"
#include "explicit/checkpoint.hpp"
#include "explicit/coverage.hpp"
#include "explicit/engine.hpp"
#include "explicit/liveness.hpp"
#include "explicit/parallel.hpp"
#include "explicit/protocol.hpp"
#include "explicit/quotient_lift.hpp"
#include "explicit/search_end.hpp"
#include "explicit/select.hpp"
#include "explicit/store.hpp"
#include "explicit/symmetry.hpp"
#include "explicit/trace.hpp"

namespace dpu::explicit_ {

using Clock = std::chrono::steady_clock;

namespace {

constexpr std::uint32_t kNo = StateStore::kNoParent;
static_assert(kNo == Found::kNoState);

class Explorer final : public Sink {
 public:
  Explorer(const model::Model& m, const Options& opt, Reporter& rep, const std::vector<bool>& active)
      : m_(m),
        opt_(opt),
        rep_(rep),
        active_(active),
        L_(m),
        chk_(L_, active),
        succ_(L_, chk_),
        store_(L_, opt.fingerprints,
               opt.search == Options::Search::Dfs ? StateStore::Order::Dfs : StateStore::Order::Bfs,
               // a bounded DFS re-expands a state reached again on a shorter path (as SPIN
               // does): the first path may have reached it at the bound, where it was cut
               opt.max_depth && opt.search == Options::Search::Dfs, opt.fingerprint_bits),
        found_(chk_.size()) {
    cur_.init(L_);
    rep_work_.init(L_);
    if (opt.coverage) succ_.interp().count_arms(model::branch_points(m));  // before the workers copy it
    plan_symmetry_(active);
    // Checkpoints save and resume the sequential search's state between two expansions: a
    // run that writes or resumes one runs on one thread.
    const bool checkpoints = !opt.checkpoint_dir.empty() || !opt.resume_dir.empty();
    if (opt.workers > 1 && opt.search == Options::Search::Bfs && !checkpoints)
      par_ = std::make_unique<ParallelExpander>(m, active, opt.workers, L_, chk_, succ_, store_.wide_keys(),
                                                canon_ ? &plan_ : nullptr);
    bool needs_graph = false;
    for (std::uint32_t p = 0; p < chk_.size(); ++p)
      needs_graph = needs_graph || (active_[p] && chk_[p].liveness());
    // (a resumed search did not see the rows of the states expanded before the checkpoint)
    recording_ = needs_graph && !opt.fingerprints && opt.search == Options::Search::Bfs && !opt.max_depth &&
                 opt.resume_dir.empty();
    if (recording_) graph_.tasks = L_.tasks.count, graph_.first.push_back(0);
  }

  Result run();

 private:
  const model::Model& m_;
  const Options& opt_;
  Reporter& rep_;
  std::vector<bool> active_;
  Layout L_;
  CheckerSet chk_;  // after L_: the checkers add their monitor slots to the layout
  Successors succ_;
  StateStore store_;
  std::unique_ptr<ParallelExpander> par_;             // --workers > 1 (BFS)
  const ParallelExpander::Batch* merging_ = nullptr;  // the batch being merged
  std::uint64_t batch_bytes() const { return par_ ? par_->memory_bytes() : 0; }
  // Symmetry reduction: states go into the store as their representatives (canon_ set)
  SymmetryPlan plan_;
  std::unique_ptr<Canonicalizer> canon_;
  Work rep_work_;
  result::Symmetry symmetry_;
  void plan_symmetry_(const std::vector<bool>& active);
  /// The ordinals of a path in the store as a concrete run (the identity without symmetry).
  std::vector<std::uint32_t> concrete(std::vector<std::uint32_t> ords) {
    return canon_ ? concrete_ordinals(L_, succ_, *canon_, ords) : ords;
  }
  // The liveness graph, recorded during a BFS that will need it (row u = the steps of state u
  // in ordinal order, as build_graph makes it): no second expansion of every state. Dropped
  // (and the safety search goes on) when it no longer fits the memory budget.
  StateGraph graph_;
  bool recording_ = false, graph_dropped_ = false;
  std::uint64_t graph_bytes() const { return recording_ ? graph_.memory_bytes() : 0; }
  /// The budget check before an insertion, given the store's size after it: drops the graph
  /// if only the graph makes it fail; false if it fails without it (the search must stop).
  bool fits(std::uint64_t store_after);
  /// The search recorded the whole graph: one row per state.
  bool graph_recorded() const { return recording_ && graph_.first.size() == store_.size() + 1; }
  void edge(std::uint32_t to, std::uint32_t task) {
    if (recording_) graph_.to.push_back(to), graph_.task.push_back(task);
  }
  void row_done() {
    if (recording_) graph_.first.push_back(graph_.to.size());
  }
  std::uint64_t liveness_bytes_ = 0;  // the state graph and the largest per-goal working set
  // under symmetry: the concrete states the liveness pass explored behind the quotient's cycles
  std::uint64_t lifted_ = 0;
  bool lifted_run_ = false;
  std::vector<std::optional<Found>> found_;
  Work cur_;
  std::uint32_t cur_id_ = 0, ordinal_ = 0;
  std::uint32_t fair_steps_ = 0;  // weakly fair steps out of the state being expanded
  bool stop_ = false, bounded_ = false, incomplete_ = false;
  // checkpoints: `cut_` when a limit refused a successor in the middle of an expansion (the
  // state is then expanded again on resume), `alloc_failed_` when the store may be half-updated
  bool cut_ = false, expanding_ = false, alloc_failed_ = false;
  std::uint64_t transitions_before_ = 0;
  std::string incomplete_why_;
  std::optional<std::pair<Found, std::string>> error_;
  // when error_ is a state's (a property's predicate failed on it, not a step): the property
  std::string error_property_;
  Stats stats_;
  std::optional<result::Coverage> coverage_;  // only with Options::coverage
  // the coverage before the current expansion, kept only when checkpoints are written (a cut
  // expansion is counted again on resume)
  std::optional<result::Coverage> coverage_before_;
  Clock::time_point start_ = Clock::now(), last_progress_ = start_;
  Clock::time_point last_checkpoint_ = start_;  // after start_: initialised from it

  void step(const Step& s) override;
  /// The first runtime error (in search order) ends the search; a later one is not reported.
  void runtime_error(const Found& at, const std::string& message, const std::string& property = {}) {
    if (!error_) error_ = std::make_pair(at, message), error_property_ = property;
    stop_ = true;
  }
  /// A property's predicate failed on stored state `id` (reached, not a step of it).
  void state_error(const StateCheckError& e, std::uint32_t id) {
    runtime_error(Found{id, std::nullopt, e.message, e.pos}, e.message, e.property);
  }
  /// Notes the first violation of each slot in `violated`. `taken`: the varying explanations
  /// of those slots a worker took (CheckerSet::take_explanations); otherwise taken here.
  void record(std::uint64_t violated, std::uint32_t state, std::optional<std::uint32_t> ordinal,
              const std::string* taken = nullptr);
  std::pair<std::uint32_t, bool> add(const Work& w, std::uint32_t parent, std::uint32_t ordinal,
                                     std::uint32_t depth);
  std::pair<std::uint32_t, bool> add_packed(std::uint32_t i, const SuccessorRecord& r, std::uint32_t parent,
                                            std::uint32_t ordinal, std::uint32_t depth);
  void search_sequential();
  void search_parallel();
  std::vector<std::uint32_t> path(std::uint32_t id) const { return store_.path(id); }
  void liveness(Result& r);
  PropertyResult verdict(std::uint32_t p, const Work& init);
  void report_progress(bool force);
  /// Ends the run as incomplete (the verdicts so far stay) for `why`.
  void limit(std::string why);
  bool memory_exceeded(std::uint64_t bytes) const { return opt_.memory_limit && bytes > opt_.memory_limit; }
  std::string memory_reason() const;
  void poll_limits();
  /// An interrupt or the time limit: the reason to stop, if any.
  std::optional<std::string> limit_reached() const;
  std::string identity() const;
  void save_checkpoint(bool cut);
  void restore_checkpoint();
};

// What a checkpoint must match: the model text, the effective constants and the options that
// change the search (spec/explorer.md "Checkpoints").
std::string Explorer::identity() const {
  std::string c, p;
  for (const auto& [name, value] : m_.constants)
    c += (c.empty() ? "" : ", ") + name + "=" + std::to_string(value);
  std::vector<std::string> props;  // as the model spells them: `-p` may space them otherwise
  for (const auto& n : opt_.only_properties) props.push_back(canonical_property_name(m_, n));
  std::sort(props.begin(), props.end());
  props.erase(std::unique(props.begin(), props.end()), props.end());
  for (const auto& n : props) p += (p.empty() ? "" : ",") + n;
  return "model " + opt_.model_text_id + "\nconstants " + (c.empty() ? "none" : c) + "\noptions " +
         (opt_.search == Options::Search::Dfs ? "--dfs" : "bfs") +
         (opt_.fingerprints ? " --fingerprints" : " full states") +
         (opt_.fingerprints && opt_.fingerprint_bits != 64
              ? " --fingerprint-bits " + std::to_string(opt_.fingerprint_bits)
              : "") +
         (opt_.max_depth ? " --depth " + std::to_string(*opt_.max_depth) : "") + (opt_.all ? " --all" : "") +
         (opt_.coverage ? " --coverage" : "") + (canon_ ? " --symmetry" : "") +
         (p.empty() ? " all properties" : " -p " + p);
}

void Explorer::save_checkpoint(bool cut) {
  Writer w;
  store_.save(w);
  if (cut) {
    // the cut state goes back on the frontier of the saved copy only
    StateStore copy(L_, opt_.fingerprints,
                    opt_.search == Options::Search::Dfs ? StateStore::Order::Dfs : StateStore::Order::Bfs,
                    opt_.max_depth && opt_.search == Options::Search::Dfs, opt_.fingerprint_bits);
    Reader r(w.out.data(), w.out.size());
    copy.restore(r);
    copy.unpop(cur_id_, cur_);
    w.out.clear();
    copy.save(w);
  }
  w.put<std::uint64_t>(cut ? transitions_before_ : stats_.transitions);
  w.put<std::uint8_t>(bounded_);
  w.put<std::uint32_t>(chk_.size());
  for (std::uint32_t p = 0; p < chk_.size(); ++p) {
    w.put(chk_[p].observations());
    w.put<std::uint8_t>(found_[p].has_value());
    if (!found_[p]) continue;
    const Found& f = *found_[p];
    w.put(f.state), w.put<std::uint8_t>(f.ordinal.has_value()), w.put(f.ordinal.value_or(0));
    w.put_str(f.why), w.put<std::uint8_t>(f.pos.has_value()), w.put(f.pos.value_or(0));
  }
  w.put<std::uint8_t>(coverage_.has_value());
  if (coverage_) {
    const result::Coverage& c = cut ? *coverage_before_ : *coverage_;
    w.put_vec(c.rules), w.put_vec(c.handlers), w.put_vec(c.kinds), w.put_vec(c.arms);
  }
  try {
    write_checkpoint(opt_.checkpoint_dir, identity(), w.out);
  } catch (const CheckpointError& e) {
    rep_.warning(std::string(e.what()) + " (the run goes on)");
  }
  last_checkpoint_ = Clock::now();
}

void Explorer::restore_checkpoint() {
  const std::vector<std::uint8_t> data = read_checkpoint(opt_.resume_dir, identity());
  Reader r(data.data(), data.size());
  store_.restore(r);
  stats_.transitions = r.get<std::uint64_t>();
  bounded_ = r.get<std::uint8_t>();
  if (r.get<std::uint32_t>() != chk_.size())
    throw CheckpointError("the checkpoint has another number of properties");
  for (std::uint32_t p = 0; p < chk_.size(); ++p) {
    chk_[p].restore_observations(r.get<std::uint64_t>());
    if (!r.get<std::uint8_t>()) continue;
    Found f;
    f.state = r.get<std::uint32_t>();
    const bool has_ord = r.get<std::uint8_t>();
    const auto ord = r.get<std::uint32_t>();
    if (has_ord) f.ordinal = ord;
    f.why = r.get_str();
    const bool has_pos = r.get<std::uint8_t>();
    const auto pos = r.get<model::Pos>();
    if (has_pos) f.pos = pos;
    if (f.state >= store_.size()) throw CheckpointError("the checkpoint's violations are inconsistent");
    found_[p] = std::move(f);
    if (!opt_.all) stop_ = true;  // the uninterrupted run stopped at this violation
  }
  // the identity names --coverage, so the flag can only disagree in a corrupt file
  if (r.get<std::uint8_t>() != coverage_.has_value())
    throw CheckpointError("the checkpoint's coverage is inconsistent");
  if (coverage_) {
    result::Coverage c;
    r.get_vec(c.rules), r.get_vec(c.handlers), r.get_vec(c.kinds), r.get_vec(c.arms);
    if (c.rules.size() != coverage_->rules.size() || c.handlers.size() != coverage_->handlers.size() ||
        c.kinds.size() != coverage_->kinds.size() || c.arms.size() != coverage_->arms.size())
      throw CheckpointError("the checkpoint's coverage is inconsistent");
    coverage_ = std::move(c);
  }
  if (!r.done()) throw CheckpointError("the checkpoint has trailing data");
}

std::pair<std::uint32_t, bool> Explorer::add(const Work& w, std::uint32_t parent, std::uint32_t ordinal,
                                             std::uint32_t depth) {
  // checked before the store grows: a doubling table needs its old and new buffers at once
  if (!fits(store_.memory_bytes_after_add())) {
    limit(memory_reason());
    if (expanding_) cut_ = true;
    return {kNo, false};
  }
  const Work* rep = &w;
  if (canon_) {  // the store holds one representative per class of renamed states
    rep_work_.copy_from(w, L_);
    canon_->canonicalize(rep_work_);
    rep = &rep_work_;
  }
  auto [id, fresh] = store_.add(*rep, parent, ordinal, depth);
  if (!fresh) return {id, false};
  try {
    record(chk_.on_state(*rep, succ_.interp()), id, std::nullopt);
  } catch (const StateCheckError& e) {
    state_error(e, id);
  }
  if (opt_.max_states && store_.size() >= opt_.max_states) {
    incomplete_ = true, stop_ = true;
    incomplete_why_ = "the state limit (" + std::to_string(opt_.max_states) + ") was reached";
  }
  return {id, true};
}

// Explorer::add for successor r of the batch's parent i, packed and hashed by a worker, which
// ran its on_state too (unless a hash collision left it to us).
std::pair<std::uint32_t, bool> Explorer::add_packed(std::uint32_t i, const SuccessorRecord& r,
                                                    std::uint32_t parent, std::uint32_t ordinal,
                                                    std::uint32_t depth) {
  const std::uint8_t* bytes = merging_->bytes(i, r);
  if (!fits(store_.memory_bytes_after_add(r.size) + batch_bytes())) {
    limit(memory_reason());
    return {kNo, false};
  }
  auto [id, fresh] = store_.add_packed(bytes, r.size, r.key, parent, ordinal, depth);
  if (!fresh) return {id, false};
  const StateCheck sc = merging_->state_check(i, r);
  if (sc.error) {
    state_error(*sc.error, id);
  } else if (sc.known) {
    record(sc.violated, id, std::nullopt, sc.taken);
  } else {
    unpack(L_, bytes, r.size, rep_work_);
    try {
      record(chk_.on_state(rep_work_, succ_.interp()), id, std::nullopt);
    } catch (const StateCheckError& e) {
      state_error(e, id);
    }
  }
  if (opt_.max_states && store_.size() >= opt_.max_states) {
    incomplete_ = true, stop_ = true;
    incomplete_why_ = "the state limit (" + std::to_string(opt_.max_states) + ") was reached";
  }
  return {id, true};
}

bool Explorer::fits(std::uint64_t store_after) {
  if (!opt_.memory_limit) return true;
  if (recording_) {
    // the graph's vectors may double on the next edge or row (old and new buffer at once)
    std::uint64_t grow = 0;
    if (graph_.to.size() == graph_.to.capacity())
      grow += 2 * std::max<std::uint64_t>(graph_.to.capacity(), 1) * 8;
    if (graph_.first.size() == graph_.first.capacity())
      grow += 2 * std::max<std::uint64_t>(graph_.first.capacity(), 1) * 8;
    if (!memory_exceeded(store_after + graph_bytes() + grow)) return true;
    recording_ = false, graph_dropped_ = true;  // liveness stays open; safety goes on
    graph_ = StateGraph{};
  }
  return !memory_exceeded(store_after);
}

void Explorer::limit(std::string why) {
  if (incomplete_) return;  // the first limit reached is the reason
  incomplete_ = true, stop_ = true;
  incomplete_why_ = std::move(why);
}

std::string Explorer::memory_reason() const {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(opt_.memory_limit) / (1024.0 * 1024.0));
  if (opt_.memory_limit >= (std::uint64_t{1} << 30))
    std::snprintf(buf, sizeof buf, "%.1f GiB",
                  static_cast<double>(opt_.memory_limit) / (1024.0 * 1024.0 * 1024.0));
  return std::string("the memory limit (") + buf + ") was reached";
}

std::optional<std::string> Explorer::limit_reached() const {
  if (opt_.interrupt && opt_.interrupt->load(std::memory_order_relaxed)) return opt_.interrupt_reason;
  if (opt_.time_limit_seconds > 0 &&
      std::chrono::duration<double>(Clock::now() - start_).count() >= opt_.time_limit_seconds) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "the time limit (%g s) was reached", opt_.time_limit_seconds);
    return std::string(buf);
  }
  return std::nullopt;
}

void Explorer::poll_limits() {
  if (auto why = limit_reached()) limit(std::move(*why));
}

void Explorer::record(std::uint64_t violated, std::uint32_t state, std::optional<std::uint32_t> ordinal,
                      const std::string* taken) {
  for (std::uint32_t p = 0; violated; ++p, violated >>= 1) {
    if (!(violated & 1)) continue;
    // a varying explanation is taken at every violation, recorded or not: the next one is its own
    const bool varies = chk_[p].explanation_varies();
    std::string why;
    if (varies) why = taken ? *taken++ : chk_[p].take_explanation();
    if (!active_[p] || found_[p]) continue;
    found_[p] = Found{state, ordinal, varies ? std::move(why) : chk_[p].explain(), std::nullopt};
    if (!opt_.all) stop_ = true;
  }
}

void Explorer::step(const Step& s) {
  ++stats_.transitions;
  if (coverage_) count_step(*coverage_, s);
  std::uint32_t k = ordinal_++;
  if (weakly_fair(s)) ++fair_steps_;
  std::uint64_t violated = s.violated;
  if (s.assertion) violated |= chk_.on_assertion();
  record(violated, cur_id_, k);
  // A failed assertion ends the run (spec/semantics.md §3): its post state is not a state of
  // the system, so nothing is explored from it, whichever properties are selected.
  if (s.assertion) {  // no edge: the liveness graph lists it as a failed step (StateGraph)
    if (recording_) graph_.fail(cur_id_, k, s.task);
    return;
  }
  auto [id, fresh] = add(*s.post, cur_id_, k, store_.depth(cur_id_) + 1);
  if (id != kNo) edge(id, s.task);
}

void Explorer::report_progress(bool force) {
  auto now = Clock::now();
  if (!force && std::chrono::duration<double>(now - last_progress_).count() < opt_.progress_seconds) return;
  last_progress_ = now;
  stats_.states = store_.size();
  stats_.max_depth = store_.max_depth();
  stats_.seconds = std::chrono::duration<double>(now - start_).count();
  stats_.memory_bytes = store_.memory_bytes() + graph_bytes() + batch_bytes();
  rep_.progress(stats_, store_.frontier_size());
}

void Explorer::search_sequential() {
  const bool checkpoints = !opt_.checkpoint_dir.empty();
  std::uint64_t expanded = 0;
  std::uint32_t id;
  while (!stop_ && store_.pop(cur_, id)) {
    cur_id_ = id;
    if (opt_.max_depth && store_.depth(id) >= *opt_.max_depth) {
      bounded_ = true;
      continue;
    }
    ordinal_ = 0;
    fair_steps_ = 0;
    std::uint32_t n = 0;
    transitions_before_ = stats_.transitions;
    if (checkpoints && coverage_) coverage_before_ = *coverage_;
    expanding_ = true;
    try {
      n = succ_.expand(cur_, *this, false);
    } catch (const RuntimeError& e) {
      runtime_error(Found{id, ordinal_, e.message, e.pos}, e.message);
      break;
    }
    expanding_ = false;
    row_done();
    try {
      record(chk_.on_expanded(cur_, succ_.interp(), n, fair_steps_), id, std::nullopt);
    } catch (const StateCheckError& e) {
      state_error(e, id);
      break;
    }
    if ((++expanded & 1023) == 0) {
      report_progress(false), poll_limits();
      // between two expansions: the store, the counters and the violations agree
      if (checkpoints && !stop_ &&
          std::chrono::duration<double>(Clock::now() - last_checkpoint_).count() >= opt_.checkpoint_seconds)
        save_checkpoint(false);
    } else if (opt_.interrupt && opt_.interrupt->load(std::memory_order_relaxed)) {
      poll_limits();
    }
  }
  // a limit or a signal ended the search: what is explored so far is kept for --resume
  if (checkpoints && incomplete_ && !error_ && store_.size() > 0) save_checkpoint(cut_);
}

// Batches of frontier states expanded by the workers, then merged here alone in frontier
// order doing exactly what search_sequential does with each step (Explorer::step), so every
// id, parent, ordinal, count and first violation is the sequential one. The next batch is
// expanded while this one is merged (its parents are already in the queue: a merge only
// appends), so the merge's time hides behind the expansion's.
void Explorer::search_parallel() {
  // parents per batch: enough chunks to balance the workers, small enough that the two
  // batches' buffers (about 350 bytes per parent on S-DPU) stay a small part of the budget
  constexpr std::uint32_t kBatch = 32 * ParallelExpander::kChunk;
  struct Batch {
    std::vector<std::uint8_t> bytes;
    std::vector<std::size_t> offsets;
    std::vector<std::uint32_t> ids;
    bool bounded = false;  // it skipped a state at the depth bound
  };
  Batch batch[2];
  // A batch begun and never merged (the search stopped first, or an exception leaves) ends
  // before its inputs go; what it found is not used.
  // It is expanded to the end (what the workers' checkers observe stays a function of the
  // batches begun, as without the pipeline) unless a time limit or an interrupt ended the
  // search, or an exception leaves: then it is cancelled, so that the stop is quick.
  struct Drain {
    Explorer& e;
    bool quick = true;
    ~Drain() { run(); }
    void run() {
      for (int b = 0; b < 2; ++b) {
        if (!e.par_->batch(b).busy()) continue;
        if (quick || e.limit_reached()) {
          e.par_->cancel(b);
          continue;
        }
        try {
          e.par_->finish(b);
        } catch (...) {  // its results are not used
        }
      }
    }
  } drain{*this};
  // Takes up to kBatch states from the queue into batch b and hands them to the workers;
  // false if the queue is empty. `merge_running`: another batch is merged meanwhile, so the
  // workers must not read the store.
  auto start = [&](int b, bool merge_running) {
    Batch& B = batch[b];
    B.bytes.clear(), B.offsets.assign(1, 0), B.ids.clear(), B.bounded = false;
    std::uint32_t id;
    while (B.ids.size() < kBatch && store_.pop_packed(B.bytes, id)) {
      if (opt_.max_depth && store_.depth(id) >= *opt_.max_depth) {
        B.bounded = true;
        B.bytes.resize(B.offsets.back());
        continue;
      }
      B.ids.push_back(id);
      B.offsets.push_back(B.bytes.size());
    }
    if (B.ids.empty()) {
      bounded_ = bounded_ || B.bounded;  // nothing to merge: the bound was reached here
      return false;
    }
    par_->begin(b, B.bytes, B.offsets, merge_running ? nullptr : &store_);
    return true;
  };
  Action act;
  std::uint64_t expanded = 0;
  int cur = 0;
  bool have = !stop_ && start(cur, false);
  while (have && !stop_) {
    const int next = 1 - cur;
    const bool ahead = start(next, true);
    par_->finish(cur);
    merging_ = &par_->batch(cur);
    const Batch& B = batch[cur];
    bounded_ = bounded_ || B.bounded;
    for (std::uint32_t i = 0; i < B.ids.size() && !stop_; ++i) {
      cur_id_ = B.ids[i];
      const ParentResult& pr = merging_->parent(i);
      const std::uint32_t depth = store_.depth(cur_id_) + 1;
      for (std::uint32_t k = 0; k < pr.count; ++k) {
        if (k + 4 < pr.count) store_.prefetch(merging_->record(i, k + 4).key);
        const SuccessorRecord& r = merging_->record(i, k);
        ++stats_.transitions;
        if (coverage_) {
          act.kind = r.kind, act.index = r.index;
          count_step(*coverage_, act, merging_->arms(i, r), r.arms_count);
        }
        record(r.violated, cur_id_, k, merging_->taken(i, r.why_step));
        if (r.assertion) {
          if (recording_) graph_.fail(cur_id_, k, r.task);
          continue;
        }
        auto [to, fresh] = add_packed(i, r, cur_id_, k, depth);
        if (to != kNo) edge(to, r.task);
      }
      if (pr.failed) {
        runtime_error(Found{cur_id_, pr.count, pr.error, pr.pos}, pr.error);
        break;
      }
      row_done();
      if (pr.end_error) {
        state_error(*pr.end_error, cur_id_);
        break;
      }
      record(pr.end_violated, cur_id_, std::nullopt, merging_->taken(i, pr.why_end));
      if ((++expanded & 1023) == 0)
        report_progress(false), poll_limits();
      else if (opt_.interrupt && opt_.interrupt->load(std::memory_order_relaxed))
        poll_limits();
    }
    merging_ = nullptr;
    if (error_) break;
    if (ahead)
      cur = next;
    else
      have = !stop_ && start(cur, false);
  }
  // what the other workers' checkers saw counts for the vacuity notes (after the drain)
  drain.quick = false;
  drain.run();
  par_->merge_observations(chk_);
}

Result Explorer::run() {
  Result r;
  if (opt_.coverage) coverage_ = empty_coverage(m_);
  Work init;
  try {
    succ_.initial(init);
    if (!opt_.resume_dir.empty())
      restore_checkpoint();
    else
      add(init, StateStore::kNoParent, 0, 0);
    // When every selected property is decided without exploring (the static rule
    // Replaceable, an unsupported kind), exploring would only cost time.
    // (A run with no selected property still explores: it reports runtime errors and counts.)
    bool any_selected = false, any_dynamic = false;
    for (std::uint32_t p = 0; p < chk_.size(); ++p) {
      if (!active_[p] || !chk_[p].reported()) continue;
      any_selected = true;
      any_dynamic |= !chk_[p].decide(init);
    }
    if (!any_selected) any_dynamic = true;
    if (any_dynamic) par_ ? search_parallel() : search_sequential();
  } catch (const RuntimeError& e) {  // in the initial state
    error_ = std::make_pair(Found{kNo, std::nullopt, e.message, e.pos}, e.message);
  } catch (const std::bad_alloc&) {
    // the store may be half-updated: no checkpoint now (the last periodic one stays)
    limit("memory ran out (an allocation failed)");
  }
  report_progress(true);

  for (std::uint32_t p = 0; p < chk_.size(); ++p)
    if (active_[p] && chk_[p].reported()) r.properties.push_back(verdict(p, init));
  auto report_error = [&] {
    PropertyResult pr = runtime_error_entry(error_->first, error_->second);
    if (error_->first.state != kNo) {
      auto ords = path(error_->first.state);
      if (error_->first.ordinal) ords.push_back(*error_->first.ordinal);  // else: the state's error
      if (canon_) {
        // the message names the failing step's process: that of the concrete trace, which
        // may be a renamed twin of the representative's
        RuntimeError concrete_error;
        ords = concrete_ordinals(L_, succ_, *canon_, ords, &concrete_error);
        if (!concrete_error.message.empty()) {
          pr.explanation = error_->second = concrete_error.message;
          pr.failure = result::SourceFailure{concrete_error.pos, concrete_error.message};
        }
      }
      pr.trace = replay(L_, succ_, ords);
      pr.trace->state_error = error_property_;
    }
    r.properties.push_back(std::move(pr));
  };
  if (error_) report_error();
  if (!stop_ && !error_ && !incomplete_) {
    // The liveness graph holds every edge: estimated before it is built, so the budget is
    // kept; an allocation failing anyway leaves the liveness verdicts open, never wrong.
    // (recorded during the search: only the per-goal working set, about 40 bytes per state, is still to come)
    const std::uint64_t graph = graph_recorded() ? graph_.memory_bytes() + store_.size() * 40
                                                 : stats_.transitions * 8 + store_.size() * 48;
    auto open_liveness = [&](const std::string& why) {
      for (auto& pr : r.properties)
        for (std::uint32_t p = 0; p < chk_.size(); ++p)
          if (active_[p] && chk_[p].liveness() && pr.property == chk_[p].name() && pr.status == Status::Holds)
            pr.status = Status::Incomplete, pr.explanation = why + " before the liveness check";
    };
    if (graph_dropped_ || memory_exceeded(store_.memory_bytes() + graph)) {
      open_liveness(memory_reason());
    } else {
      try {
        liveness(r);
      } catch (const std::bad_alloc&) {
        liveness_bytes_ = 0;
        open_liveness("memory ran out (an allocation failed)");
      }
    }
    if (error_) report_error();  // a liveness goal could not be evaluated on a state
  }
  // a property that holds although what it constrains never happened says so
  for (std::uint32_t p = 0; p < chk_.size(); ++p) {
    if (!active_[p]) continue;
    for (auto& pr : r.properties)
      if (pr.property == chk_[p].name() && pr.status == Status::Holds)
        if (std::string v = chk_[p].vacuity(); !v.empty()) pr.notes.push_back("vacuous: " + v);
  }

  stats_.states = store_.size();
  stats_.max_depth = store_.max_depth();
  stats_.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  stats_.memory_bytes =
      std::max(stats_.memory_bytes, store_.memory_bytes() + liveness_bytes_ + batch_bytes());
  if (store_.fingerprints()) {
    // TLC's optimistic estimate n (t - n) / 2^bits
    double n = static_cast<double>(stats_.states), t = static_cast<double>(stats_.transitions);
    stats_.collision_probability =
        n * (t > n ? t - n : 0) / std::ldexp(1.0, static_cast<int>(store_.fingerprint_bits()));
  }
  r.stats = stats_;
  r.coverage = coverage_;
  r.symmetry = symmetry_;
  if (lifted_run_) r.symmetry->lifted = lifted_;
  return r;
}

// Which families this run reduces. Liveness is decided on the quotient too: its cyclic
// components are lifted to concrete states (check_eventually_quotient).
void Explorer::plan_symmetry_(const std::vector<bool>& active) {
  symmetry_.requested = opt_.symmetry;
  std::vector<bool> checked(active.begin(),
                            active.begin() + static_cast<std::ptrdiff_t>(m_.properties.size()));
  plan_ = plan_symmetry(m_, checked);
  const bool unreduced = !opt_.symmetry || !opt_.symmetry_unused.empty();
  for (const auto& f : plan_.report.families) {
    result::SymmetryFamily sf{f.family, f.symmetric && !unreduced, f.reason, f.pos};
    symmetry_.families.push_back(std::move(sf));
  }
  if (opt_.symmetry && plan_.any() && !opt_.symmetry_unused.empty())
    symmetry_.not_used = opt_.symmetry_unused;
  if (unreduced || !plan_.any()) {
    plan_.reduced.clear();
    plan_.renamings = 1;
    return;
  }
  symmetry_.renamings = plan_.renamings;
  canon_ = std::make_unique<Canonicalizer>(L_, chk_, plan_);
}

// The verdict of slot `p` after the search: decided without it, or by the first violation
// found, or by how the search ended.
PropertyResult Explorer::verdict(std::uint32_t p, const Work& init) {
  if (auto decided = chk_[p].decide(init)) return std::move(*decided);
  PropertyResult pr;
  pr.property = chk_[p].name();
  if (found_[p]) {
    pr.status = Status::Violated;
    pr.explanation = found_[p]->why;
    auto ords = path(found_[p]->state);
    if (found_[p]->ordinal) ords.push_back(*found_[p]->ordinal);
    pr.trace = replay(L_, succ_, concrete(std::move(ords)));
    pr.failure = failure(*pr.trace);
  } else {
    set_unviolated(
        pr, {static_cast<bool>(error_), incomplete_, incomplete_why_, stop_, bounded_, opt_.max_depth});
  }
  return pr;
}

// Liveness parts: `terminates`/`eventually`, and the termination half of the update
// properties (each checker's liveness goal). Needs the full state graph, so only after a
// complete search in full mode.
void Explorer::liveness(Result& r) {
  std::vector<std::pair<std::uint32_t, LivenessGoal>> goals;
  for (std::uint32_t p = 0; p < chk_.size(); ++p)
    if (active_[p])
      if (auto g = chk_[p].liveness()) goals.emplace_back(p, std::move(*g));
  if (goals.empty()) return;
  auto result_of = [&](std::uint32_t p) -> PropertyResult* {
    for (auto& pr : r.properties)
      if (pr.property == chk_[p].name()) return &pr;
    return nullptr;
  };
  if (store_.fingerprints() || bounded_) {
    for (const auto& [p, goal] : goals) {
      auto* pr = result_of(p);
      if (pr && (pr->status == Status::Holds || pr->status == Status::HoldsUpToBound)) {
        pr->status = Status::Incomplete;
        pr->explanation = store_.fingerprints() ? "liveness needs full states (run without --fingerprints)"
                                                : "liveness is not decided under a depth bound";
      }
    }
    return;
  }
  // a recorded graph (a complete BFS) is the graph build_graph would make, row for row
  StateGraph g;
  if (graph_recorded()) {
    g = std::move(graph_);
    graph_ = StateGraph{};
  } else {
    g = build_graph(L_, succ_, store_, canon_.get());
  }
  std::vector<bool> reached(g.states());
  liveness_bytes_ = g.memory_bytes() + reached.capacity() / 8;
  const std::uint64_t graph_bytes = liveness_bytes_;
  Work w;
  w.init(L_);
  // false if evaluating the goal fails on a state: the first in id (search) order is the error
  auto compute_goal = [&](const LivenessGoal& goal, const std::string& property) {
    if (goal.test) {
      for (std::uint32_t id = 0; id < g.states(); ++id) store_.load(id, w), reached[id] = goal.test(w);
      return true;
    }
    const model::Expr* pred = goal.pred;
    FrameLayout fl = frame_layout(L_, goal.frame, {pred}, {});
    std::vector<Value> fr(fl.size, 0);
    for (std::uint32_t id = 0; id < g.states(); ++id) {
      store_.load(id, w);
      if (!pred) {
        reached[id] = default_termination_goal(L_, w);
        continue;
      }
      auto& in = succ_.interp();
      in.bind(&w, &fl, fr.data(), L_.sender_none);
      try {
        reached[id] = in.truth(*pred);
      } catch (const RuntimeError& e) {
        state_error(state_check_error(property, e), id);
        return false;
      }
    }
    return true;
  };
  // Several properties often wait for the same goal (`terminates` and part (i) of each update
  // property all use the termination goal): the same goal on the same graph has the same
  // verdict and lasso, so it is computed once.
  std::vector<std::pair<std::tuple<const model::Expr*, const model::Frame*, std::uint32_t>, LivenessVerdict>>
      done;
  std::uint32_t k = 0;
  for (const auto& [p, goal] : goals) {
    rep_.liveness(chk_[p].name(), ++k, static_cast<std::uint32_t>(goals.size()),
                  std::chrono::duration<double>(Clock::now() - start_).count());
    auto* pr = result_of(p);
    if (!pr || pr->status != Status::Holds) continue;  // safety half already violated
    // a goal given as a test is the checker's own: shared with no other property
    const auto key = std::make_tuple(goal.pred, goal.pred ? goal.frame : nullptr,
                                     goal.test ? p : std::uint32_t{0xffffffff});
    auto same = std::find_if(done.begin(), done.end(), [&](const auto& d) { return d.first == key; });
    if (same == done.end()) {
      if (!compute_goal(goal, chk_[p].name())) {
        pr->status = Status::Incomplete;
        pr->explanation = "not decided: evaluating its goal hits a runtime error (see `runtime error`)";
        continue;
      }
      if (canon_) {
        const std::uint64_t used = store_.memory_bytes() + liveness_bytes_;
        ConcreteLift lift(L_, succ_, *canon_, store_,
                          opt_.memory_limit ? (opt_.memory_limit > used ? opt_.memory_limit - used : 1) : 0,
                          [this] { return limit_reached(); });
        done.emplace_back(key, check_eventually_quotient(g, reached, lift));
        lifted_ += lift.explored();
        lifted_run_ = true;
      } else {
        done.emplace_back(key, check_eventually(g, reached));
      }
      same = done.end() - 1;
      liveness_bytes_ = std::max(liveness_bytes_, graph_bytes + same->second.work_bytes);
    }
    const LivenessVerdict& v = same->second;
    if (!v.incomplete.empty()) pr->status = Status::Incomplete, pr->explanation = v.incomplete;
    if (!v.violated && v.assertion_ends)
      pr->notes.push_back(
          "some runs end in a failed assertion before the goal: they are violations of "
          "`assertions`, not of this property (spec/semantics.md §5)");
    if (!v.violated) continue;
    pr->status = Status::Violated;
    pr->explanation = goal.prefix +
                      (v.loop_start ? "a weakly fair run cycles forever without reaching "
                                    : "a run stops in a terminal state without reaching ") +
                      goal.target;
    pr->trace = replay(L_, succ_, v.ordinals, v.loop_start);
  }
}

}  // namespace

Result check(const model::Model& m, const Options& opt, Reporter& rep) {
  std::vector<bool> active = select_properties(m, opt.only_properties);
  Result r;
  try {
    Explorer ex(m, opt, rep, active);
    r = ex.run();
  } catch (const Unsupported& e) {
    add_unsupported(r, m, active, e.what());
  }
  return r;
}

}  // namespace dpu::explicit_
