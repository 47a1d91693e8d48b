// The in-flight quantifiers `forall/exists/count M(x…) in c from F[s] to G[r] : p` over the
// channel leaves (spec/smt.md §1, semantics.md §3): one message in flight per entry below
// `len` and per receiver Boolean of it that is set (unordered and fifo entries have one, a
// total entry one per receiver that has not delivered it yet, or once when the pattern has no
// `to`), unrolled over the encoding's `cap` entries and every process.
#include "smt/symexec.hpp"

namespace dpu::smt {

Terms Exec::inflight(const model::Expr& e, const z3::expr& pc) {
  const model::Model& m = L.m;
  const model::MsgPattern& p = *e.pattern;
  const ChannelLayout& ch = L.chans.at(p.channel);
  const auto& fields = m.messages.at(p.message).fields;
  const bool total = m.channels.at(p.channel).order == model::ChannelOrder::Total;
  auto in_family = [&](const z3::expr& pid, Id fam) {
    if (fam == model::kNone) return c.bool_val(true);
    Value base = L.family_base[fam];
    return pid >= num(c, base) && pid < num(c, base + m.families[fam].count);
  };
  // The binder slots the pattern sets, restored afterwards (they are scoped to the body).
  std::vector<std::pair<Id, Terms>> saved;
  for (Id s : p.field_slots) saved.emplace_back(s, frame.at(s));
  if (p.from_slot != model::kNone) saved.emplace_back(p.from_slot, frame.at(p.from_slot));
  if (p.to_slot != model::kNone) saved.emplace_back(p.to_slot, frame.at(p.to_slot));
  const std::size_t errors_before = errors.size();
  z3::expr acc = c.bool_val(e.op == model::Op::Forall);
  std::vector<z3::expr> counted;
  for (std::uint32_t i = 0; i < ch.cap; ++i) {
    const std::uint32_t at = L.entry(p.channel, i);
    const z3::expr from = st[at + 1];
    z3::expr entry =
        (num(c, i) < st[ch.len] && st[at] == num(c, p.message) && in_family(from, p.from_family)).simplify();
    if (entry.is_false()) continue;
    std::uint32_t leaf = at + ch.fields;
    for (std::size_t k = 0; k < p.field_slots.size() && k < fields.size(); ++k) {
      Terms v;
      for (const Leaf& l : flatten(m, fields[k].second).leaves) v.push_back(as_leaf(st[leaf++], l));
      frame[p.field_slots[k]] = v;
    }
    const z3::expr from_inst =
        p.from_family == model::kNone ? from : from - num(c, L.family_base[p.from_family]);
    if (p.from_slot != model::kNone) frame[p.from_slot] = {from_inst};
    // A total entry without a `to` in the pattern is one broadcast in flight, whatever its
    // receivers; with one, a message per receiver that has not delivered it.
    const bool per_entry = total && p.to_family == model::kNone;
    for (std::uint32_t r = 0; r < (per_entry ? 1 : L.nprocs); ++r) {
      if (p.to_family != model::kNone && L.pid_family[r] != p.to_family) continue;
      const Value to_inst = p.to_family == model::kNone ? r : r - L.family_base[p.to_family];
      if (p.to_slot != model::kNone) frame[p.to_slot] = {num(c, to_inst)};
      z3::expr to = st[at + ch.recv + r];
      if (per_entry)
        for (std::uint32_t q = 1; q < L.nprocs; ++q) to = to || st[at + ch.recv + q];
      z3::expr here = (entry && to).simplify();
      if (here.is_false()) continue;
      // as the explicit engine: the sender's index first, the receiver's only if it matched
      if (p.from_index) here = here && scalar(*p.from_index, pc && here) == from_inst;
      if (p.to_index) here = here && scalar(*p.to_index, pc && here) == num(c, to_inst);
      here = here.simplify();
      if (here.is_false()) continue;
      // a later message's body is evaluated only while the answer is still open
      z3::expr open = e.op == model::Op::Forall ? acc : e.op == model::Op::Exists ? !acc : c.bool_val(true);
      z3::expr b = truth(e.args.at(0), pc && here && open);
      if (e.op == model::Op::Forall) acc = (acc && (!here || b)).simplify();
      if (e.op == model::Op::Exists) acc = (acc || (here && b)).simplify();
      if (e.op == model::Op::Count) counted.push_back(here && b);
    }
  }
  for (auto& [s, v] : saved) frame[s] = v;
  // The explicit engine visits the messages of an unordered channel in its own canonical order
  // and stops a forall/exists at the first decisive one: a runtime error in the pattern's
  // indexes or the body would depend on that order, which this encoding does not follow.
  if (errors.size() > errors_before && e.op != model::Op::Count)
    throw Unsupported{"a runtime error inside a forall/exists over messages in flight"};
  if (e.op == model::Op::Count) return {count_true(c, counted).simplify()};
  return {acc};
}

}  // namespace dpu::smt
