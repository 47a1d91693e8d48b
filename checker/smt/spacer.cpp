#include "smt/spacer.hpp"

#include <unordered_map>
#include <unordered_set>

#include "smt/unroll.hpp"

namespace dpu::smt {

namespace {

z3::expr all_of(z3::context& c, const std::vector<z3::expr>& v) {
  z3::expr out = c.bool_val(true);
  for (const auto& e : v) out = out && e;
  return out;
}

/// Every uninterpreted constant of `e`: the variables a Horn clause quantifies.
void constants(const z3::expr& e, std::unordered_set<unsigned>& seen, z3::expr_vector& out) {
  if (!seen.insert(e.id()).second || !e.is_app()) return;
  if (e.num_args() == 0) {
    if (e.decl().decl_kind() == Z3_OP_UNINTERPRETED) out.push_back(e);
    return;
  }
  for (unsigned i = 0; i < e.num_args(); ++i) constants(e.arg(i), seen, out);
}

/// unsat of the conjunction of `fs`, by the engine's usual bit-blasting solver (its own
/// solver: nothing of Spacer's state is reused).
z3::check_result check_fresh(z3::context& c, const std::vector<z3::expr>& fs) {
  z3::tactic t = z3::tactic(c, "simplify") & z3::tactic(c, "propagate-values") & z3::tactic(c, "solve-eqs") &
                 z3::tactic(c, "elim-uncnstr") & z3::tactic(c, "simplify") & z3::tactic(c, "bit-blast") &
                 z3::tactic(c, "sat");
  z3::solver s = t.mk_solver();
  for (const auto& f : fs) s.add(f);
  z3::check_result r = s.check();
  if (r != z3::unknown) return r;
  z3::solver g(c);
  for (const auto& f : fs) g.add(f);
  return g.check();
}

/// A formula over the state's constants in the model's notation: leaves by their names,
/// numbers compared with a leaf as that leaf's values (enum names, modules, processes).
class Printer {
 public:
  Printer(const Layout& L, const std::vector<Bounded>& k) : L_(L) {
    for (std::size_t i = 0; i < k.size(); ++i) leaf_of_[k[i].raw.id()] = i;
  }

  std::string operator()(const z3::expr& e, std::optional<std::size_t> ctx = std::nullopt) const {
    if (e.is_true()) return "true";
    if (e.is_false()) return "false";
    if (auto i = leaf(e)) return L_.leaves[*i].name;
    if (e.is_numeral()) return value(e, ctx);
    if (!e.is_app()) return e.to_string();
    std::optional<std::size_t> sub;
    for (unsigned i = 0; i < e.num_args() && !sub; ++i) sub = leaf(e.arg(i));
    auto join = [&](const char* op) {
      std::string out;
      for (unsigned i = 0; i < e.num_args(); ++i) out += (i ? op : "") + (*this)(e.arg(i), sub);
      return "(" + out + ")";
    };
    switch (e.decl().decl_kind()) {
      case Z3_OP_NOT:
        return "!" + (*this)(e.arg(0));
      case Z3_OP_AND:
        return join(" && ");
      case Z3_OP_OR:
        return join(" || ");
      case Z3_OP_IMPLIES:
        return join(" => ");
      case Z3_OP_EQ:
      case Z3_OP_IFF:
        return join(" == ");
      case Z3_OP_DISTINCT:
        return join(" != ");
      case Z3_OP_ULEQ:
      case Z3_OP_SLEQ:
        return join(" <= ");
      case Z3_OP_ULT:
      case Z3_OP_SLT:
        return join(" < ");
      case Z3_OP_UGEQ:
      case Z3_OP_SGEQ:
        return join(" >= ");
      case Z3_OP_UGT:
      case Z3_OP_SGT:
        return join(" > ");
      case Z3_OP_BADD:
        return join(" + ");
      case Z3_OP_BSUB:
        return join(" - ");
      case Z3_OP_BMUL:
        return join(" * ");
      case Z3_OP_ITE:
        return "(if " + (*this)(e.arg(0)) + " then " + (*this)(e.arg(1), ctx) + " else " +
               (*this)(e.arg(2), ctx) + ")";
      case Z3_OP_EXTRACT:
        return "bits " + std::to_string(e.hi()) + ".." + std::to_string(e.lo()) + " of " + (*this)(e.arg(0));
      default: {
        std::string out = e.decl().name().str() + "(";
        for (unsigned i = 0; i < e.num_args(); ++i) out += (i ? ", " : "") + (*this)(e.arg(i));
        return out + ")";
      }
    }
  }

 private:
  const Layout& L_;
  std::unordered_map<unsigned, std::size_t> leaf_of_;

  std::optional<std::size_t> leaf(const z3::expr& e) const {
    auto it = leaf_of_.find(e.id());
    if (it == leaf_of_.end()) return std::nullopt;
    return it->second;
  }
  std::string value(const z3::expr& n, std::optional<std::size_t> ctx) const {
    if (!n.is_bv()) return n.to_string();
    std::uint64_t u = n.get_numeral_uint64();
    const unsigned w = n.get_sort().bv_size();
    if (!ctx) return std::to_string(u);
    const Leaf& l = L_.leaves[*ctx];
    Value v = static_cast<Value>(u);
    if (l.lo < 0 && w < 64 && ((u >> (w - 1)) & 1)) v = static_cast<Value>(u) - (Value{1} << w);
    return show_value(L_, l, v);
  }
};

}  // namespace

SpacerResult spacer_prove(const Layout& L, z3::context& c, const std::vector<PropertySlot>& slots,
                          std::size_t p, double seconds,
                          const std::function<z3::expr(const Terms&)>& assumed) {
  SpacerResult out;
  const PropertySlot& slot = slots[p];
  // One step from an arbitrary state s (its constants k0) to s' (k1), as k-induction's.
  std::vector<z3::expr> dom;
  std::vector<Bounded> k0;
  Terms s0 = Unroller::fresh_state(L, c, "h0", dom, &k0);
  Unroller u(L, c, slots, s0, "h");
  const std::vector<z3::expr> step = u.extend();
  const std::vector<Bounded>& k1 = u.consts[1];
  // the state's domain, and the proved lemmas (true of every reachable state)
  const z3::expr domain0 = all_of(c, dom) && assumed(s0), trans = all_of(c, step);
  z3::expr domain1 = c.bool_val(true);
  for (const Bounded& b : k1) domain1 = domain1 && b.domain;
  const z3::expr clean = !u.err[0] && !u.afail[0] && !u.over[0];
  z3::expr fails = c.bool_val(false);
  const z3::expr state_violated = state_bad(L, c, slot, s0, u.none_enabled[0], &fails) || fails;
  const z3::expr step_violated = u.bad[0][p] || u.err[0] || u.over[0];

  z3::sort_vector sorts(c);
  z3::expr_vector args0(c), args1(c), init(c);
  const Terms start = initial_state(L, c);
  for (std::size_t l = 0; l < k0.size(); ++l) {
    sorts.push_back(k0[l].raw.get_sort());
    args0.push_back(k0[l].raw);
    args1.push_back(k1[l].raw);
    const unsigned w = k0[l].raw.is_bool() ? 0 : k0[l].raw.get_sort().bv_size();
    init.push_back(w == 0 || w == kBits ? start[l] : start[l].extract(w - 1, 0).simplify());
  }
  z3::func_decl inv = c.function("Inv", sorts, c.bool_sort());
  z3::func_decl err = c.function("Err", z3::sort_vector(c), c.bool_sort());

  z3::fixedpoint fp(c);
  z3::params prm(c);
  prm.set("engine", "spacer");
  if (seconds > 0) prm.set("timeout", static_cast<unsigned>(seconds * 1000) + 1);
  fp.set(prm);
  fp.register_relation(inv);
  fp.register_relation(err);
  auto rule = [&](const z3::expr& body, const z3::expr& head, const char* name) {
    std::unordered_set<unsigned> seen;
    z3::expr_vector vars(c);
    constants(body, seen, vars);
    for (unsigned i = 0; i < head.num_args(); ++i) constants(head.arg(i), seen, vars);
    z3::expr r = vars.empty() ? z3::implies(body, head) : z3::forall(vars, z3::implies(body, head));
    fp.add_rule(r, c.str_symbol(name));
  };
  // Inv holds initially, is closed under the steps that neither fail nor leave a leaf's
  // range, and excludes the violation, runtime errors and exceeding the channel capacity.
  z3::expr init_fact = inv(init);
  fp.add_rule(init_fact, c.str_symbol("init"));
  rule(inv(args0) && domain0 && trans && clean, inv(args1), "step");
  rule(inv(args0) && domain0 && state_violated, err(), "bad_state");
  rule(inv(args0) && domain0 && trans && (step_violated || (clean && !domain1)), err(), "bad_step");
  z3::expr query = err();
  z3::check_result r = z3::unknown;
  try {
    r = fp.query(query);
  } catch (const z3::exception& e) {
    out.why = std::string("Spacer failed: ") + e.msg();
    return out;
  }
  if (r == z3::sat) {
    out.kind = SpacerResult::Kind::Reachable;
    return out;
  }
  if (r == z3::unknown) {
    out.why = "Spacer gave up (" + fp.reason_unknown() + ")";
    return out;
  }
  z3::expr cover = fp.get_cover_delta(-1, inv);
  const z3::expr inv0 = cover.substitute(args0).simplify(), inv1 = cover.substitute(args1),
                 inv_init = cover.substitute(init);
  // The invariant is checked again, by a fresh solver: initiation, consecution, safety.
  const bool initiation = check_fresh(c, {!inv_init}) == z3::unsat;
  const bool consecution =
      initiation && check_fresh(c, {inv0, domain0, trans, clean, !(inv1 && domain1)}) == z3::unsat;
  const bool safe =
      consecution && check_fresh(c, {inv0, domain0, state_violated || (trans && step_violated)}) == z3::unsat;
  if (!safe) {
    out.why = std::string("Spacer's invariant did not check (") +
              (!initiation    ? "initiation"
               : !consecution ? "consecution"
                              : "safety") +
              ")";
    return out;
  }
  out.kind = SpacerResult::Kind::Proved;
  Printer show(L, k0);
  std::vector<z3::expr> parts;
  if (inv0.is_app() && inv0.decl().decl_kind() == Z3_OP_AND)
    for (unsigned i = 0; i < inv0.num_args(); ++i) parts.push_back(inv0.arg(i));
  else
    parts.push_back(inv0);
  out.clauses = parts.size();
  for (const auto& e : parts) out.invariant += show(e) + "\n";
  return out;
}

}  // namespace dpu::smt
