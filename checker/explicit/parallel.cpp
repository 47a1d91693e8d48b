#include "explicit/parallel.hpp"

#include <algorithm>
#include <cstring>
#include <system_error>

#include "explicit/interpreter.hpp"
#include "explicit/state.hpp"

namespace dpu::explicit_ {

// A worker's engine objects. Layouts built from the same model and checkers are identical,
// so every worker packs a state to the same bytes.
struct ParallelExpander::Context final : Sink {
  std::unique_ptr<Layout> own_layout;
  std::unique_ptr<CheckerSet> own_checkers;
  std::unique_ptr<Successors> own_successors;
  Layout* L = nullptr;
  CheckerSet* chk = nullptr;
  Successors* succ = nullptr;
  Work parent;
  std::vector<std::uint8_t> buf;
  Chunk* out = nullptr;
  std::uint32_t chunk = 0;                   // out's index in its batch
  unsigned w = 0;                            // this worker's number
  ParallelExpander::Batch* batch = nullptr;  // the batch being expanded
  const StateStore* known = nullptr;
  bool wide = false;
  std::uint32_t fair = 0;                // weakly fair steps of the parent being expanded
  std::unique_ptr<Canonicalizer> canon;  // symmetry reduction: this worker's own scratch
  Work rep;

  // What Explorer::step does with a step, minus the store: pack, hash, check the post state.
  void step(const Step& s) override {
    SuccessorRecord r;
    r.violated = s.violated;
    r.task = s.task;
    r.kind = s.detail->kind;
    r.index = s.detail->index;
    if (weakly_fair(s)) ++fair;
    if (s.assertion) r.violated |= chk->on_assertion(), r.assertion = true;
    if (s.arms) {
      r.arms_first = static_cast<std::uint32_t>(out->arms.size());
      r.arms_count = static_cast<std::uint32_t>(s.arms->size());
      out->arms.insert(out->arms.end(), s.arms->begin(), s.arms->end());
    }
    r.why_step = static_cast<std::uint32_t>(out->taken.size());
    chk->take_explanations(r.violated, out->taken);
    if (!s.assertion) {
      const Work* post = s.post;
      if (canon) {  // the representative goes to the store, as Explorer::add does
        rep.copy_from(*s.post, *L);
        canon->canonicalize(rep);
        post = &rep;
      }
      pack(*L, *post, buf);
      r.offset = static_cast<std::uint32_t>(out->bytes.size());
      r.size = static_cast<std::uint32_t>(buf.size());
      out->bytes.insert(out->bytes.end(), buf.begin(), buf.end());
      r.key = SeenSet::key(buf.data(), buf.size(), wide);
      // An old state was checked when it was stored, and a new one is checked by the first
      // record to claim it: a level reaches most of its states many times, and invariants can
      // cost more than the step (a quantifier over every pair of processes).
      // (the claim first: its small table is cheaper to probe than the store's) With no
      // checker watching states there is nothing to check, and nothing to claim.
      if (!chk->watches_states()) {
        r.checked = true;
        r.why_state = static_cast<std::uint32_t>(out->taken.size());
      } else if (batch->claim(r.key.h, chunk, static_cast<std::uint32_t>(out->recs.size()), w) &&
                 !(known && known->contains(buf.data(), buf.size(), r.key))) {
        r.checked = true;
        try {
          r.state_violated = chk->on_state(*post, succ->interp());
        } catch (const StateCheckError& e) {  // the merge reports it where the sequential search does
          r.error = static_cast<std::uint32_t>(out->errors.size());
          out->errors.push_back(e);
        }
        r.why_state = static_cast<std::uint32_t>(out->taken.size());
        chk->take_explanations(r.state_violated, out->taken);
      }
    }
    out->recs.push_back(r);
  }
};

ParallelExpander::ParallelExpander(const model::Model& m, const std::vector<bool>& active, unsigned workers,
                                   Layout& main_layout, CheckerSet& main_checkers,
                                   Successors& main_successors, bool wide_keys, const SymmetryPlan* symmetry)
    : wide_(wide_keys) {
  for (unsigned w = 0; w < workers; ++w) {
    auto ctx = std::make_unique<Context>();
    if (w == 0) {
      ctx->L = &main_layout, ctx->chk = &main_checkers, ctx->succ = &main_successors;
    } else {
      ctx->own_layout = std::make_unique<Layout>(m);
      ctx->own_checkers = std::make_unique<CheckerSet>(*ctx->own_layout, active);
      ctx->own_successors = std::make_unique<Successors>(*ctx->own_layout, *ctx->own_checkers);
      ctx->L = ctx->own_layout.get(), ctx->chk = ctx->own_checkers.get(),
      ctx->succ = ctx->own_successors.get();
      if (main_successors.interp().counts_arms()) ctx->succ->interp().count_arms(model::branch_points(m));
    }
    ctx->parent.init(*ctx->L);
    if (symmetry) {
      ctx->canon = std::make_unique<Canonicalizer>(*ctx->L, *ctx->chk, *symmetry);
      ctx->rep.init(*ctx->L);
    }
    ctx->wide = wide_keys;
    ctx->w = w;
    contexts_.push_back(std::move(ctx));
  }
  // A thread that cannot be started (a tight address-space limit, a thread cap) leaves its
  // share to the others: fewer threads change no result, only the speed.
  for (unsigned w = 1; w < workers; ++w) {
    try {
      threads_.emplace_back([this, w] { loop(w); });
    } catch (const std::system_error&) {
      break;
    }
  }
}

ParallelExpander::~ParallelExpander() {
  {
    std::lock_guard<std::mutex> lk(mu_);
    quit_ = true;
  }
  start_.notify_all();
  for (auto& t : threads_) t.join();
}

void ParallelExpander::loop(unsigned w) {
  for (;;) {
    Batch* B = nullptr;
    {
      std::unique_lock<std::mutex> lk(mu_);
      start_.wait(lk, [&] { return quit_ || batches_[0].open() || batches_[1].open(); });
      if (quit_) return;
      // the older batch first: the caller waits for it
      for (auto& c : batches_)
        if (c.open() && (!B || c.order_ < B->order_)) B = &c;
      // (the chunk counters move without the mutex: the last chunk may be gone already)
      if (!B) continue;
      ++B->inside_;
    }
    work(w, *B);
    {
      std::lock_guard<std::mutex> lk(mu_);
      if (--B->inside_ == 0) done_.notify_all();
    }
  }
}

void ParallelExpander::begin(int b, const std::vector<std::uint8_t>& bytes,
                             const std::vector<std::size_t>& offsets, const StateStore* known) {
  Batch& B = batches_[b];
  const auto n = static_cast<std::uint32_t>(offsets.size() - 1);
  B.in_bytes_ = &bytes, B.in_offsets_ = &offsets, B.known_ = known;
  B.nchunks_ = (n + kChunk - 1) / kChunk;
  // a table twice the last batch's records (at most half of it is claimed)
  std::size_t cap = std::size_t{1} << 12;
  while (cap < 2 * B.records_) cap *= 2;
  if (B.claim_keys_.size() != cap) {
    B.claim_keys_ = std::vector<std::atomic<std::uint64_t>>(cap);
    B.claim_owner_.assign(cap, 0);
  }
  for (auto& k : B.claim_keys_) k.store(0, std::memory_order_relaxed);
  B.claims_.assign(contexts_.size(), {});
  if (B.chunks_.size() < B.nchunks_) B.chunks_.resize(B.nchunks_);
  B.next_.store(0);
  {
    std::lock_guard<std::mutex> lk(mu_);
    B.order_ = ++began_;
    B.busy_ = true;
  }
  start_.notify_all();
}

void ParallelExpander::finish(int b) {
  Batch& B = batches_[b];
  work(0, B);
  close(B);
  B.records_ = 0;
  for (std::uint32_t c = 0; c < B.nchunks_; ++c) B.records_ += B.chunks_[c].recs.size();
  B.memory_ = B.claim_keys_.size() * (sizeof(std::uint64_t) * 2);
  for (const auto& ch : B.chunks_)
    B.memory_ += ch.recs.capacity() * sizeof(SuccessorRecord) + ch.bytes.capacity() +
                 ch.parents.capacity() * sizeof(ParentResult) + ch.arms.capacity() * sizeof(std::uint32_t);
  // the first failing chunk's exception, so that which one is rethrown does not depend on timing
  for (std::uint32_t c = 0; c < B.nchunks_; ++c)
    if (B.chunks_[c].exception) std::rethrow_exception(B.chunks_[c].exception);
}

void ParallelExpander::cancel(int b) {
  Batch& B = batches_[b];
  B.next_.store(B.nchunks_);  // no chunk is taken any more; the ones taken end
  close(B);
}

void ParallelExpander::close(Batch& B) {
  std::unique_lock<std::mutex> lk(mu_);
  done_.wait(lk, [&] { return B.inside_ == 0; });
  B.busy_ = false;
}

void ParallelExpander::work(unsigned w, Batch& B) {
  for (;;) {
    const std::uint32_t c = B.next_.fetch_add(1);
    if (c >= B.nchunks_) return;
    try {
      run_chunk(*contexts_[w], B, c);
    } catch (...) {
      B.chunks_[c].exception = std::current_exception();
    }
  }
}

void ParallelExpander::run_chunk(Context& ctx, Batch& B, std::uint32_t c) {
  Chunk& ch = B.chunks_[c];
  ch.recs.clear(), ch.bytes.clear(), ch.parents.clear(), ch.taken.clear(), ch.arms.clear(), ch.errors.clear(),
      ch.exception = nullptr;
  ctx.out = &ch, ctx.chunk = c, ctx.batch = &B, ctx.known = B.known_;
  const auto& off = *B.in_offsets_;
  const auto n = static_cast<std::uint32_t>(off.size() - 1);
  for (std::uint32_t i = c * kChunk; i < std::min(n, (c + 1) * kChunk); ++i) {
    ParentResult pr;
    pr.first = static_cast<std::uint32_t>(ch.recs.size());
    unpack(*ctx.L, B.in_bytes_->data() + off[i], off[i + 1] - off[i], ctx.parent);
    std::uint32_t steps = 0;
    ctx.fair = 0;
    try {
      steps = ctx.succ->expand(ctx.parent, ctx, false);
    } catch (const RuntimeError& e) {
      pr.failed = true, pr.error = e.message, pr.pos = e.pos;
    }
    pr.count = static_cast<std::uint32_t>(ch.recs.size()) - pr.first;
    if (!pr.failed) {
      try {
        pr.end_violated = ctx.chk->on_expanded(ctx.parent, ctx.succ->interp(), steps, ctx.fair);
      } catch (const StateCheckError& e) {
        pr.end_error = e;
      }
      pr.why_end = static_cast<std::uint32_t>(ch.taken.size());
      ctx.chk->take_explanations(pr.end_violated, ch.taken);
    }
    ch.parents.push_back(std::move(pr));
  }
}

bool ParallelExpander::Batch::claim(std::uint64_t key, std::uint32_t c, std::uint32_t rec, unsigned w) {
  std::uint64_t& mine = claims_[w].n;
  // Each worker claims at most its share of half the table, so the table never fills and a
  // probe ends; past it the record checks its state itself. (A count per worker: one shared
  // counter cost more than the probes, its cache line bouncing between the cores.)
  if (mine >= claim_keys_.size() / (2 * claims_.size())) return true;
  const std::uint64_t k = key ? key : 1;  // (the low bits: the seen set's slot takes the high ones)
  const std::size_t mask = claim_keys_.size() - 1;
  for (std::size_t i = static_cast<std::size_t>(k) & mask;; i = (i + 1) & mask) {
    std::uint64_t cur = claim_keys_[i].load(std::memory_order_relaxed);
    if (cur == 0 && claim_keys_[i].compare_exchange_strong(cur, k, std::memory_order_relaxed)) {
      // read only after expand() returns (the workers' hand-off orders it)
      claim_owner_[i] = (std::uint64_t{c} << 32) | rec;
      ++mine;
      return true;
    }
    if (cur == k) return false;
  }
}

StateCheck ParallelExpander::Batch::state_check(std::uint32_t i, const SuccessorRecord& r) const {
  const Chunk& mine = chunks_[i / kChunk];
  auto error_of = [](const Chunk& ch, const SuccessorRecord& o) {
    return o.error == SuccessorRecord::kNoError ? nullptr : &ch.errors[o.error];
  };
  if (r.checked) return {true, r.state_violated, mine.taken.data() + r.why_state, error_of(mine, r)};
  const std::uint64_t k = r.key.h ? r.key.h : 1;
  const std::size_t mask = claim_keys_.size() - 1;
  for (std::size_t s = static_cast<std::size_t>(k) & mask;; s = (s + 1) & mask) {
    const std::uint64_t cur = claim_keys_[s].load(std::memory_order_relaxed);
    if (cur == 0) return {};
    if (cur != k) continue;
    const Chunk& ch = chunks_[claim_owner_[s] >> 32];
    const SuccessorRecord& o = ch.recs[claim_owner_[s] & 0xffffffffu];
    if (!o.checked) return {};  // the claimant found its state stored: not this one
    // the claimant's state, if the bytes agree (else two states share a key: not known)
    if (o.size != r.size ||
        std::memcmp(ch.bytes.data() + o.offset, mine.bytes.data() + r.offset, r.size) != 0)
      return {};
    return {true, o.state_violated, ch.taken.data() + o.why_state, error_of(ch, o)};
  }
}

void ParallelExpander::merge_observations(CheckerSet& main) const {
  for (std::uint32_t p = 0; p < main.size(); ++p) {
    std::uint64_t seen = main[p].observations();
    for (std::size_t w = 1; w < contexts_.size(); ++w) seen |= (*contexts_[w]->chk)[p].observations();
    main[p].restore_observations(seen);
  }
}

}  // namespace dpu::explicit_
