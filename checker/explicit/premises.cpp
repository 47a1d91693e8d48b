// premises(): the rule of a step, its premises instantiated on the state before it. It reads
// the same predicates the successor generator tests (explicit/protocol.hpp) and evaluates
// guards with the same interpreter and frame (Successors::bind_guard), so an explanation can
// never describe a different enabledness than the one the engine used.
#include "explicit/premises.hpp"

#include <map>

#include "explicit/protocol.hpp"
#include "explicit/select.hpp"
#include "explicit/trace.hpp"
#include "model/print.hpp"
#include "result/value_text.hpp"

namespace dpu::explicit_ {

namespace {

using model::Builtin;
using model::Expr;
using model::ExprKind;
using model::Op;

std::string msg_name(std::uint32_t msg) { return "m" + std::to_string(msg + 1); }

const char* binding_word(model::Binding b) {
  return b == model::Binding::Bound ? "bound" : b == model::Binding::Passive ? "passive" : "absent";
}

bool family_can_crash(const model::Model& m, Id family) {
  for (const auto& f : m.faults)
    if (f.kind == model::Fault::Kind::Crash && f.family == family) return true;
  return false;
}

class Explainer {
 public:
  Explainer(const Layout& layout, Successors& succ, const Work& pre)
      : L(layout), m(layout.m), succ_(succ), in_(succ.interp()), pre_(pre) {}

  std::vector<std::string> out;

  void line(int indent, const std::string& s) { out.push_back(std::string(indent, ' ') + s); }

  std::string stack(std::uint32_t s) const { return process_name(m, L.stack_family, s); }
  std::string module(Id a) const { return m.modules.at(a).name; }

  /// The copies to `dest` tagged `a`, as "m1 delivered, m3 sent".
  std::string copies_at(std::uint32_t dest, Id a, bool only_pending) const {
    std::string s;
    for (std::uint32_t msg = 0; msg < L.msgs.size(); ++msg) {
      std::uint32_t c = L.copy(msg, dest);
      Value st = pre_.v[L.off_status + c];
      if (st == kUnsent || pre_.v[L.off_tag + c] != static_cast<Value>(a)) continue;
      if (only_pending && st != kSent) continue;
      s += (s.empty() ? "" : ", ") + msg_name(msg) + (st == kSent ? " sent, not delivered" : " delivered");
    }
    return s;
  }

  void idle_detail(int indent, std::uint32_t s, Id a, bool pending) {
    if (pending) {
      line(indent, "pending(" + module(a) + ") at " + stack(s) + ": S_S|" + stack(s) + "." + module(a) +
                       " != S_D|" + stack(s) + "." + module(a) + " (" + copies_at(s, a, true) + ")");
      return;
    }
    std::string all = copies_at(s, a, false);
    line(indent, "idle(" + module(a) + ") at " + stack(s) + ": S_S|" + stack(s) + "." + module(a) +
                     " = S_D|" + stack(s) + "." + module(a) + " (" +
                     (all.empty() ? "no copy to " + stack(s) + " is tagged " + module(a) : all) + ")");
  }

  void free_detail(int indent, Id a) {
    std::string s;
    std::uint32_t delivered = 0;
    for (std::uint32_t d = 0; d < L.nstacks; ++d) {
      std::string here = copies_at(d, a, false);
      if (here.empty()) continue;
      s += (s.empty() ? "" : "; ") + stack(d) + ": " + here;
      ++delivered;
    }
    line(indent, "free(" + module(a) + "): S_S|" + module(a) + " = S_D|" + module(a) + " at every stack (" +
                     (delivered ? s : "no copy is tagged " + module(a)) + ")");
  }

  std::string bindings(std::uint32_t s) const {
    std::string v;
    for (Id a = 0; a < L.nmodules; ++a) {
      auto b = binding(L, pre_, s, a);
      if (b != model::Binding::Absent) v += (v.empty() ? "" : ", ") + module(a) + " " + binding_word(b);
    }
    return v.empty() ? "(empty)" : v;
  }

  /// Details of a DPU or fault builtin that holds (`negated`: its negation holds).
  bool builtin_detail(int indent, const Expr& e, bool negated) {
    const auto& a = e.args;
    switch (e.fn) {
      case Builtin::Idle:
      case Builtin::Pending:
        idle_detail(indent, static_cast<std::uint32_t>(in_.eval(a[0])), static_cast<Id>(in_.eval(a.back())),
                    (e.fn == Builtin::Pending) != negated);
        return true;
      case Builtin::Free:
        if (negated) return false;
        free_detail(indent, static_cast<Id>(in_.eval(a.back())));
        return true;
      case Builtin::Bound:
      case Builtin::Passive:
      case Builtin::Present: {
        auto s = static_cast<std::uint32_t>(in_.eval(a[0]));
        auto mod = static_cast<Id>(in_.eval(a.back()));
        line(indent, module(mod) + " is " + binding_word(binding(L, pre_, s, mod)) + " at " + stack(s));
        return true;
      }
      case Builtin::Replaceable: {
        if (negated) return false;
        auto s = static_cast<std::uint32_t>(in_.eval(a[0]));
        line(indent, "rule (Replaceable) at " + stack(s) + ": " + stack(s) + "{" +
                         module(static_cast<Id>(in_.eval(a.back()))) + "/" +
                         module(static_cast<Id>(in_.eval(a[a.size() - 2]))) +
                         "} satisfies Sanity-1 and Sanity-2; " + stack(s) + " = " + bindings(s));
        return true;
      }
      default:
        return false;
    }
  }

  /// The scalar variables `e` reads outside quantifiers, with their values: "got2 = 3".
  void reads(const Expr& e, const model::Frame* frame, std::map<std::string, std::string>& vals) {
    if (e.kind == ExprKind::Quant || e.kind == ExprKind::InFlight) return;
    if ((e.kind == ExprKind::Global || e.kind == ExprKind::Local) && model::is_scalar(m.types.at(e.type))) {
      vals.emplace(model::print_expr(m, e, frame), model::print_value(m, e.type, in_.eval(e)));
      return;
    }
    for (const Expr& x : e.args) reads(x, frame, vals);
  }

  /// One conjunct of a guard that holds, then why.
  void conjunct(int indent, const Expr& e, const model::Frame* frame) {
    if (e.kind == ExprKind::Binary && e.op == Op::And) {
      conjunct(indent, e.args[0], frame);
      conjunct(indent, e.args[1], frame);
      return;
    }
    std::string text = model::print_expr(m, e, frame);
    std::map<std::string, std::string> vals;
    reads(e, frame, vals);
    std::string with;
    for (const auto& [name, value] : vals)
      if (name != text) with += (with.empty() ? "" : ", ") + name + " = " + value;
    line(indent, text + "  holds" + (with.empty() ? "" : "  (" + with + ")"));
    if (e.kind == ExprKind::Builtin)
      builtin_detail(indent + 2, e, false);
    else if (e.kind == ExprKind::Unary && e.op == Op::Not && e.args[0].kind == ExprKind::Builtin)
      builtin_detail(indent + 2, e.args[0], true);
    else if (e.kind == ExprKind::Binary && e.op == Op::Or)
      for (const Expr& d : e.args)
        if (in_.truth(d)) {
          line(indent + 2, "because " + model::print_expr(m, d, frame) + " holds");
          break;
        }
  }

  void guard(const Action& a, const model::Frame* frame) {
    const Expr* g = succ_.bind_guard(pre_, a);
    if (!g) {
      line(2, "no guard");
      return;
    }
    line(2, "guard " + model::print_expr(m, *g, frame) + ":");
    conjunct(4, *g, frame);
  }

  void call(const Action& a) {
    const auto& w = m.workloads.at(a.index);
    const std::string me = stack(a.process);
    const std::string svc = m.services.at(w.service).name;
    Value made = pre_.v[L.off_calls + a.index * L.nstacks + a.process];
    line(2, me + " has made " + std::to_string(made) + " of its " + std::to_string(w.calls_per_stack) +
                " call" + (w.calls_per_stack == 1 ? "" : "s") + " of " + svc);
    line(2, svc + " is provided at " + me + " by " + module(a.module) + " (bound): the copies are tagged " +
                module(a.module));
    if (family_can_crash(m, L.stack_family)) line(2, me + " is up");
    line(2, w.broadcast ? "broadcast: a copy of " + msg_name(a.message) + " to every stack enters S_S"
                        : "point to point: the copy of " + msg_name(a.message) + " to " + stack(a.dest) +
                              " enters S_S");
  }

  void deliver(const Action& a) {
    const std::string at = stack(a.process);
    const std::string mod = module(a.module);
    const auto& mm = L.msgs[a.message];
    line(2, "the copy of " + msg_name(a.message) + " to " + at + " is in S_S, not in S_D, tagged " + mod);
    line(2, mod + " is " + binding_word(binding(L, pre_, a.process, a.module)) + " at " + at + " (present)");
    for (Id need : m.modules.at(a.module).requires_) {
      Id by = bound_provider(L, pre_, a.process, need);
      line(2, mod + " requires " + m.services.at(need).name + ": bound at " + at + " by " + module(by));
    }
    if (family_can_crash(m, L.stack_family)) line(2, at + " is up");
    const auto order = m.services.at(mm.service).order;
    const std::string svc = m.services.at(mm.service).name;
    if (order == model::Order::Fifo)
      line(2, "fifo order of " + svc + ": no earlier call of " + stack(mm.origin) + " is pending for " + mod +
                  " at " + at);
    else if (order == model::Order::Total)
      line(2, "total order of " + svc + ": " + msg_name(a.message) +
                  " has the lowest rank of the copies pending for " + mod + " at " + at + " (" +
                  copies_at(a.process, a.module, true) + ")");
  }

  void handler(const Action& a) {
    const auto& h = m.handlers.at(a.index);
    const auto& ch = m.channels.at(a.channel);
    const bool total = ch.order == model::ChannelOrder::Total;
    result::ControlMessage cm = control_message(L, a.channel, pre_.entry(L, a.channel, a.entry));
    const std::string me = process_name(m, a.family, a.process);
    std::string where = total ? " (the first one for " + me + " in its total order)"
                        : ch.order == model::ChannelOrder::Fifo
                            ? " (the head of its sender's queue to " + me + ")"
                            : "";
    line(2, result::control_text(m, cm, total) + " is in channel " + ch.name + where);
    if (family_can_crash(m, a.family)) line(2, me + " is up");
    guard(a, &h.frame);
  }

  void fault(const Action& a) {
    const std::string who = process_name(m, a.family, a.process);
    if (a.kind == ActionKind::Crash) {
      for (const auto& f : m.faults)
        if (f.kind == model::Fault::Kind::Crash && f.family == a.family)
          line(2, who + " is up, and fewer than " + std::to_string(f.at_most) +
                      (f.counts_events ? " crash events happened" : " processes of its family are down"));
    } else {
      line(2, who + " is crashed and its fault allows recovery");
    }
  }

 private:
  const Layout& L;
  const model::Model& m;
  Successors& succ_;
  Interp& in_;
  const Work& pre_;
};

}  // namespace

std::vector<std::string> premises(const Layout& L, Successors& succ, const Work& pre, const Action& a) {
  Explainer x(L, succ, pre);
  try {
    switch (a.kind) {
      case ActionKind::Call:
        x.call(a);
        break;
      case ActionKind::Deliver:
        x.deliver(a);
        break;
      case ActionKind::Rule: {
        const auto& r = L.m.rules.at(a.index);
        if (r.family != model::kNone && family_can_crash(L.m, r.family))
          x.line(2, process_name(L.m, r.family, a.process) + " is up");
        x.guard(a, &r.frame);
        break;
      }
      case ActionKind::Handler:
        x.handler(a);
        break;
      case ActionKind::Crash:
      case ActionKind::Recover:
        x.fault(a);
        break;
    }
  } catch (const RuntimeError& e) {  // cannot happen for an enabled step; say so, do not crash
    x.line(2, "(the premises could not be evaluated: " + e.message + ")");
  }
  return std::move(x.out);
}

namespace {

/// Keeps successor `want` of one expansion: its action and post state.
struct Nth final : Sink {
  std::uint32_t want, seen = 0;
  const Layout& L;
  Work post;
  std::optional<Action> action;
  Nth(const Layout& layout, std::uint32_t k) : want(k), L(layout) { post.init(L); }
  void step(const Step& s) override {
    if (seen++ != want) return;
    post.copy_from(*s.post, L);
    action = *s.detail;
  }
};

}  // namespace

void explain(const model::Model& m, Result& r) {
  Layout L(m);
  CheckerSet chk(L, select_properties(m, {}));
  Successors succ(L, chk);
  for (PropertyResult& pr : r.properties) {
    if (!pr.trace) continue;
    Work cur;
    succ.initial(cur);
    for (TraceStep& st : pr.trace->steps) {
      if (st.rule == "runtime error") break;  // the step that fails has no post state
      Nth pick(L, st.ordinal);
      try {
        succ.expand(cur, pick, true);
      } catch (const RuntimeError&) {
        break;
      }
      if (!pick.action) break;
      st.premises = premises(L, succ, cur, *pick.action);
      cur.copy_from(pick.post, L);
    }
  }
}

}  // namespace dpu::explicit_
