#include "explicit/symmetry.hpp"

#include <algorithm>
#include <cassert>
#include <functional>
#include <numeric>

#include "explicit/successors.hpp"

namespace dpu::explicit_ {

using model::TypeKind;

SymmetryPlan plan_symmetry(const model::Model& m, const std::vector<bool>& checked) {
  SymmetryPlan plan;
  plan.report = model::detect_symmetry(m, checked);
  for (auto& f : plan.report.families) {
    if (!f.symmetric) continue;
    std::uint64_t fact = 1;
    for (model::Value i = 2; i <= m.families[f.family].count && fact <= SymmetryPlan::kMaxRenamings; ++i)
      fact *= static_cast<std::uint64_t>(i);
    if (plan.renamings * fact > SymmetryPlan::kMaxRenamings) {
      // the canonical form checks every renaming against the signatures; beyond this that
      // check alone would cost more than it saves
      f.symmetric = false;
      f.reason = "symmetric, but more than " + std::to_string(SymmetryPlan::kMaxRenamings) +
                 " renamings with the families before it (the canonical form checks them all)";
      f.pos = m.families[f.family].pos;
      continue;
    }
    plan.renamings *= fact;
    plan.reduced.push_back(f.family);
  }
  return plan;
}

Canonicalizer::Canonicalizer(const Layout& layout, const CheckerSet& checkers, const SymmetryPlan& plan)
    : L(layout), chk_(checkers) {
  const auto& m = L.m;
  reduced_family_.assign(m.families.size(), false);
  for (Id f : plan.reduced) reduced_family_[f] = true;
  type_renamed_.assign(m.types.size(), false);
  // a type's components have smaller ids or are laid out already; iterate to a fixpoint
  for (bool changed = true; changed;) {
    changed = false;
    for (Id t = 0; t < m.types.size(); ++t) {
      if (type_renamed_[t]) continue;
      const auto& ty = m.types[t];
      bool r = false;
      switch (ty.kind) {
        case TypeKind::Family:
          r = reduced_family_[ty.ref];
          break;
        case TypeKind::Record:
          for (const auto& [name, ft] : ty.fields) r = r || type_renamed_[ft];
          break;
        case TypeKind::Array:
          r = type_renamed_[ty.index] || type_renamed_[ty.elem];
          break;
        case TypeKind::Set:
        case TypeKind::Seq:
          r = type_renamed_[ty.elem];
          break;
        default:
          break;
      }
      if (r) type_renamed_[t] = true, changed = true;
    }
  }
  var_renamed_.assign(m.vars.size(), false);
  for (Id v = 0; v < m.vars.size(); ++v)
    var_renamed_[v] = type_renamed_[m.vars[v].type] ||
                      (m.vars[v].family != model::kNone && reduced_family_[m.vars[v].family]);

  // every combination of one permutation per reduced family, in lexicographic order
  std::vector<std::vector<std::uint32_t>> cur(m.families.size());
  for (Id f = 0; f < m.families.size(); ++f) {
    cur[f].resize(static_cast<std::size_t>(m.families[f].count));
    std::iota(cur[f].begin(), cur[f].end(), 0u);
  }
  auto make = [&] {
    Renaming r;
    r.instance = cur;
    r.pid.resize(L.nprocs + 1);
    for (std::uint32_t p = 0; p < L.nprocs; ++p) {
      const Id f = L.pid_family[p];
      r.pid[p] = L.family_base[f] + cur[f][p - L.family_base[f]];
    }
    r.pid[L.nprocs] = L.nprocs;  // the environment
    if (L.stack_family != model::kNone && reduced_family_[L.stack_family]) {
      r.stack = cur[L.stack_family];
      r.msg.resize(L.msgs.size());
      for (std::uint32_t i = 0; i < L.msgs.size(); ++i) {
        const auto& pm = L.msgs[i];
        const auto calls = static_cast<std::uint32_t>(m.workloads[pm.workload].calls_per_stack);
        r.msg[i] = L.workload_first_msg[pm.workload] + r.stack[pm.origin] * calls + pm.call;
      }
    } else {
      r.msg.resize(L.msgs.size());
      std::iota(r.msg.begin(), r.msg.end(), 0u);
    }
    return r;
  };
  std::function<void(std::size_t)> rec = [&](std::size_t k) {
    if (k == plan.reduced.size()) {
      all_.push_back(make());
      return;
    }
    auto& p = cur[plan.reduced[k]];
    std::sort(p.begin(), p.end());
    do rec(k + 1);
    while (std::next_permutation(p.begin(), p.end()));
  };
  rec(0);
  all_.erase(all_.begin());  // the identity: `canonicalize` starts from the state itself

  reduced_ = plan.reduced;
  sig_vars_.resize(reduced_.size());
  for (std::size_t k = 0; k < reduced_.size(); ++k) {
    for (Id v = 0; v < m.vars.size(); ++v)
      if (m.vars[v].family == reduced_[k] && !type_renamed_[m.vars[v].type]) sig_vars_[k].push_back(v);
    const std::uint32_t n = L.instance_count(reduced_[k]);
    width_.push_back(sig_width(k));
    sig_.emplace_back(static_cast<std::size_t>(n) * width_[k]);
    lo_.emplace_back(n);
    ties_.emplace_back(n);
  }
  copies_.resize(4 * static_cast<std::size_t>(L.nstacks));
  best_.init(L);
  tmp_.init(L);
}

// A signature row of an instance holds what a renaming σ carries from instance i to σ(i)
// unchanged: its crash flag, its variables whose type holds no renamed id, and for a stack
// its bindings, its call counters and how many copies it has received (sent, delivered) and
// how many copies of its own messages are out (sent, delivered), counts over all messages.
std::uint32_t Canonicalizer::sig_width(std::size_t k) const {
  std::uint32_t w = 1;
  for (Id v : sig_vars_[k]) w += L.ti(L.m.vars[v].type).size;
  if (reduced_[k] == L.stack_family) w += L.nmodules + static_cast<std::uint32_t>(L.m.workloads.size()) + 4;
  return w;
}

// Fills the signature rows of `w` and, per instance, the window of positions that keeps the
// rows sorted under a renaming (lo_: the rows less than its own, ties_: the rows equal to it).
// Returns whether the identity keeps them sorted.
bool Canonicalizer::sign(const Work& w) {
  const auto& m = L.m;
  const std::uint32_t ns = L.nstacks;
  // the copy counts only when the stacks are renamed: the rows of the other families omit them
  const bool stacks = L.stack_family != model::kNone && reduced_family_[L.stack_family];
  if (stacks) {
    std::fill(copies_.begin(), copies_.end(), 0);  // [stack][received 1, 2, own 1, 2]
    for (std::uint32_t msg = 0; msg < L.msgs.size(); ++msg)
      for (std::uint32_t d = 0; d < ns; ++d) {
        const Value st = w.v[L.off_status + L.copy(msg, d)];
        if (st != 1 && st != 2) continue;
        ++copies_[4 * d + static_cast<std::size_t>(st) - 1];
        ++copies_[4 * L.msgs[msg].origin + static_cast<std::size_t>(st) + 1];
      }
  }
  bool sorted = true;
  for (std::size_t k = 0; k < reduced_.size(); ++k) {
    const Id f = reduced_[k];
    const std::uint32_t n = L.instance_count(f), width = width_[k];
    Value* out = sig_[k].data();
    for (std::uint32_t i = 0; i < n; ++i) {
      *out++ = w.v[L.off_crashed + L.family_base[f] + i];
      for (Id v : sig_vars_[k]) {
        const Value* src = w.v.data() + L.var_slot(v, i);
        out = std::copy(src, src + L.ti(m.vars[v].type).size, out);
      }
      if (f != L.stack_family) continue;
      for (Id a = 0; a < L.nmodules; ++a) *out++ = w.v[L.bind_slot(i, a)];
      for (std::uint32_t wl = 0; wl < m.workloads.size(); ++wl) *out++ = w.v[L.off_calls + wl * ns + i];
      out = std::copy(copies_.begin() + 4 * i, copies_.begin() + 4 * i + 4, out);
    }
    const Value* rows = sig_[k].data();
    auto& lo = lo_[k];
    auto& ties = ties_[k];
    std::fill(lo.begin(), lo.end(), 0u);
    std::fill(ties.begin(), ties.end(), 1u);
    for (std::uint32_t i = 0; i < n; ++i)
      for (std::uint32_t j = i + 1; j < n; ++j) {  // each pair once
        const Value *a = rows + i * width, *b = rows + j * width;
        std::uint32_t x = 0;
        while (x < width && a[x] == b[x]) ++x;
        if (x == width)
          ++ties[i], ++ties[j];
        else
          ++lo[a[x] < b[x] ? j : i];
      }
    for (std::uint32_t i = 0; i < n; ++i) sorted = sorted && lo[i] <= i && i < lo[i] + ties[i];
  }
  return sorted;
}

// Whether `r` sends every instance into its window (the renamed state's rows are sorted).
bool Canonicalizer::sorts(const Renaming& r) const {
  for (std::size_t k = 0; k < reduced_.size(); ++k) {
    const auto& to = r.instance[reduced_[k]];
    for (std::uint32_t i = 0; i < to.size(); ++i)
      if (to[i] < lo_[k][i] || to[i] >= lo_[k][i] + ties_[k][i]) return false;
  }
  return true;
}

bool Canonicalizer::mentions(Id type) const { return type_renamed_[type]; }

// `to` holds a copy of `from`'s slots; writes every slot the renaming moves or changes.
void Canonicalizer::rename_value(const Renaming& r, Id type, const Value* from, Value* to) const {
  const auto& t = L.m.types[type];
  const auto& ti = L.ti(type);
  switch (t.kind) {
    case TypeKind::Family:
      if (reduced_family_[t.ref] && from[0] >= 0 && from[0] < static_cast<Value>(r.instance[t.ref].size()))
        to[0] = r.instance[t.ref][static_cast<std::size_t>(from[0])];
      break;
    case TypeKind::Record:
      for (std::size_t i = 0; i < t.fields.size(); ++i)
        if (mentions(t.fields[i].second))
          rename_value(r, t.fields[i].second, from + ti.field_off[i], to + ti.field_off[i]);
      break;
    case TypeKind::Array: {
      const auto& ix = L.m.types[t.index];
      const bool moves = ix.kind == TypeKind::Family && reduced_family_[ix.ref];
      const std::uint32_t n = ti.esize ? ti.size / ti.esize : 0, es = ti.esize;
      for (std::uint32_t i = 0; i < n; ++i) {
        const std::uint32_t j = moves ? r.instance[ix.ref][i] : i;
        if (j != i) std::copy(from + i * es, from + (i + 1) * es, to + j * es);
        if (mentions(t.elem)) rename_value(r, t.elem, from + i * es, to + j * es);
      }
      break;
    }
    case TypeKind::Set: {
      const auto& el = L.m.types[t.elem];
      if (el.kind != TypeKind::Family || !reduced_family_[el.ref]) break;
      for (std::uint32_t i = 0; i < ti.size; ++i) to[r.instance[el.ref][i]] = from[i];
      break;
    }
    case TypeKind::Seq: {
      if (!mentions(t.elem)) break;
      const std::uint32_t es = ti.esize;
      for (Value i = 0; i < from[0]; ++i) rename_value(r, t.elem, from + 1 + i * es, to + 1 + i * es);
      break;
    }
    default:
      break;
  }
}

void Canonicalizer::apply(const Renaming& r, const Work& from, Work& to) const {
  to.copy_from(from, L);
  const auto& m = L.m;
  if (!r.stack.empty()) {
    const std::uint32_t ns = L.nstacks, nm = L.nmodules;
    for (std::uint32_t s = 0; s < ns; ++s)
      for (Id a = 0; a < nm; ++a) to.v[L.bind_slot(r.stack[s], a)] = from.v[L.bind_slot(s, a)];
    for (std::uint32_t msg = 0; msg < L.msgs.size(); ++msg) {
      for (std::uint32_t d = 0; d < ns; ++d) {
        const std::uint32_t c = L.copy(msg, d), c2 = L.copy(r.msg[msg], r.stack[d]);
        to.v[L.off_status + c2] = from.v[L.off_status + c];
        to.v[L.off_tag + c2] = from.v[L.off_tag + c];
      }
      to.v[L.off_rank + r.msg[msg]] = from.v[L.off_rank + msg];
    }
    for (std::uint32_t wl = 0; wl < m.workloads.size(); ++wl)
      for (std::uint32_t s = 0; s < ns; ++s)
        to.v[L.off_calls + wl * ns + r.stack[s]] = from.v[L.off_calls + wl * ns + s];
  }
  for (std::uint32_t p = 0; p < L.nprocs; ++p) to.v[L.off_crashed + r.pid[p]] = from.v[L.off_crashed + p];
  for (Id v = 0; v < m.vars.size(); ++v) {
    if (!var_renamed_[v]) continue;
    const auto& var = m.vars[v];
    const std::uint32_t size = L.ti(var.type).size;
    if (var.family == model::kNone) {
      rename_value(r, var.type, from.v.data() + L.var_off[v], to.v.data() + L.var_off[v]);
      continue;
    }
    const bool moves = reduced_family_[var.family];
    for (std::uint32_t i = 0; i < L.instance_count(var.family); ++i) {
      const std::uint32_t j = moves ? r.instance[var.family][i] : i;
      const Value* src = from.v.data() + L.var_slot(v, i);
      Value* dst = to.v.data() + L.var_slot(v, j);
      if (j != i) std::copy(src, src + size, dst);
      if (mentions(var.type)) rename_value(r, var.type, src, dst);
    }
  }
  chk_.rename_monitors(r, from, to);
  for (Id c = 0; c < m.channels.size(); ++c) {
    const bool total = m.channels[c].order == model::ChannelOrder::Total;
    for (std::uint32_t i = 0; i < to.count[c]; ++i) {
      const Value* e = from.entry(L, c, i);
      Value* o = to.entry(L, c, i);
      o[1] = r.pid[static_cast<std::size_t>(e[1])];
      if (total) {
        Value mask = 0;
        for (std::uint32_t p = 0; p < L.nprocs; ++p)
          if (e[2] >> p & 1) mask |= Value{1} << r.pid[p];
        o[2] = mask;
      } else {
        o[2] = r.pid[static_cast<std::size_t>(e[2])];
      }
      const auto& fields = m.messages[static_cast<std::size_t>(e[0])].fields;
      std::uint32_t at = 3;
      for (const auto& [name, ft] : fields) {
        if (mentions(ft)) rename_value(r, ft, e + at, o + at);
        at += L.ti(ft).size;
      }
    }
  }
  explicit_::canonicalize(L, to);
}

namespace {

// Work order for the canonical form: the fixed slots, then each channel's length and entries.
bool less(const Layout& L, const Work& a, const Work& b) {
  if (a.v != b.v) return a.v < b.v;
  for (Id c = 0; c < a.count.size(); ++c) {
    if (a.count[c] != b.count[c]) return a.count[c] < b.count[c];
    const Value* x = a.entry(L, c, 0);
    const Value* y = b.entry(L, c, 0);
    const std::size_t n = static_cast<std::size_t>(a.count[c]) * L.entry_width;
    if (!std::equal(x, x + n, y)) return std::lexicographical_compare(x, x + n, y, y + n);
  }
  return false;
}

}  // namespace

// The least image under the renamings that sort the signature rows. Exact: the sorting
// renamings of σ(w) are those of w composed with σ⁻¹, so w and σ(w) have the same images to
// choose from. Rows that differ cut the renamings tried (with distinct rows, only one).
void Canonicalizer::canonicalize(Work& w) {
  bool have = sign(w);  // the identity's image is `w` itself
  if (have) best_.copy_from(w, L);
  bool changed = false;
  for (const Renaming& r : all_) {
    if (!sorts(r)) continue;
    apply(r, w, tmp_);
    if (!have || less(L, tmp_, best_)) std::swap(best_, tmp_), have = changed = true;
  }
  if (changed) w.copy_from(best_, L);
}

namespace {

// The step at one ordinal of a state: its post state and what it violates.
struct At final : Sink {
  const Layout& L;
  std::uint32_t want, seen = 0;
  bool found = false, assertion = false;
  std::uint64_t violated = 0;
  Work post;
  At(const Layout& layout, std::uint32_t k) : L(layout), want(k) { post.init(L); }
  void step(const Step& s) override {
    if (seen++ != want) return;
    found = true, assertion = s.assertion != nullptr, violated = s.violated;
    post.copy_from(*s.post, L);
  }
};

// The first step of a concrete state whose post state has the representative `target` and
// which violates the same properties.
struct Match final : Sink {
  const Layout& L;
  Canonicalizer& canon;
  const Work& target;
  bool assertion;
  std::uint64_t violated;
  std::uint32_t seen = 0, ordinal = 0;
  bool found = false;
  Work post, tmp;
  Match(const Layout& layout, Canonicalizer& c, const Work& t, bool a, std::uint64_t v)
      : L(layout), canon(c), target(t), assertion(a), violated(v) {
    post.init(L);
    tmp.init(L);
  }
  void step(const Step& s) override {
    const std::uint32_t k = seen++;
    if (found || (s.assertion != nullptr) != assertion || s.violated != violated) return;
    tmp.copy_from(*s.post, L);
    canon.canonicalize(tmp);
    if (less(L, tmp, target) || less(L, target, tmp)) return;
    found = true, ordinal = k;
    post.copy_from(*s.post, L);
  }
};

}  // namespace

std::vector<std::uint32_t> concrete_ordinals(const Layout& L, Successors& succ, Canonicalizer& canon,
                                             const std::vector<std::uint32_t>& ordinals, RuntimeError* error,
                                             Work* end) {
  std::vector<std::uint32_t> out;
  Work rep, cur;
  succ.initial(cur);
  rep.init(L);
  rep.copy_from(cur, L);
  canon.canonicalize(rep);
  for (std::uint32_t k : ordinals) {
    At at(L, k);
    try {
      succ.expand(rep, at, false);
    } catch (const RuntimeError&) {
      // the path ends in a runtime error: the concrete state meets one too (its renamed
      // twin fails); the trace names the number of steps before it
      struct Before final : Sink {  // counts the steps before the failing one
        std::uint32_t n = 0;
        void step(const Step&) override { ++n; }
      } before;
      try {
        succ.expand(cur, before, false);
      } catch (const RuntimeError& e) {
        if (error) *error = e;
      }
      out.push_back(before.n);
      break;
    }
    if (!at.found) {  // not a path of the store: leave it to the replay to say so
      out.push_back(k);
      break;
    }
    canon.canonicalize(at.post);
    Match match(L, canon, at.post, at.assertion, at.violated);
    succ.expand(cur, match, false);
    assert(match.found && "concrete_ordinals: a renamed twin of every quotient step exists");
    if (!match.found) {
      out.push_back(k);
      break;
    }
    out.push_back(match.ordinal);
    cur.copy_from(match.post, L);
    rep.copy_from(at.post, L);
  }
  if (end) end->copy_from(cur, L);
  return out;
}

}  // namespace dpu::explicit_
