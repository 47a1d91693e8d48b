// Messages in flight (spec/language.md §6-7): the pattern `M(x, y) in c from F[s] to G[r]`
// shared by the in-flight quantifiers and the `deliver` / `drop` statements.
#include <fmt/format.h>

#include <algorithm>

#include "resolve/context.hpp"

namespace dpu::resolve::detail {

using model::ExprKind;
using model::StmtKind;

namespace {
constexpr Value kMaxInFlight = 64;  // messages one channel holds (semantics.md §3)
}

std::shared_ptr<model::MsgPattern> Resolver::msg_pattern(const ast::MsgPattern& p, Scope& sc, bool fifo_only,
                                                         std::size_t& pushed) {
  auto out = std::make_shared<model::MsgPattern>();
  bool ok = true;
  const Symbol* ch = global(p.channel);
  if (!ch || ch->kind != SymKind::Channel) {
    error(p.channel_pos, ch ? fmt::format("expected a channel, found {} '{}'", kind_name(ch->kind), p.channel)
                            : fmt::format("unknown channel '{}'", p.channel));
    ok = false;
  } else {
    out->channel = ch->id;
    // The quantifiers take every channel kind (a total entry is one message per receiver
    // that has not delivered it); deliver and drop visit queues, which only fifo has.
    auto order = m_.channels[ch->id].order;
    if (fifo_only && order != model::ChannelOrder::Fifo) {
      error(p.channel_pos,
            fmt::format("expected a fifo channel, found {} channel '{}' (deliver and drop visit "
                        "messages in queue order, which only a fifo channel has)",
                        order == model::ChannelOrder::Total ? "total" : "unordered", p.channel));
      ok = false;
    }
  }
  const Symbol* msg = global(p.message);
  if (!msg || msg->kind != SymKind::Message) {
    error(p.pos, msg ? fmt::format("expected a message, found {} '{}'", kind_name(msg->kind), p.message)
                     : fmt::format("unknown message '{}'", p.message));
    return nullptr;
  }
  out->message = msg->id;
  const auto& fields = m_.messages[msg->id].fields;
  if (p.binders.size() != fields.size()) {
    error(p.pos, fmt::format("message '{}' has {} field{}, the pattern names {}", p.message, fields.size(),
                             fields.size() == 1 ? "" : "s", p.binders.size()));
    return nullptr;
  }
  // The process constraints first (their index expressions see the outer scope only), then
  // the binders.
  auto proc = [&](const ast::ProcPattern& pp, Id& family, std::optional<model::Expr>& index,
                  std::vector<std::pair<std::string, Id>>& fresh) {
    const Symbol* f = global(pp.family);
    if (!f || f->kind != SymKind::Family || sc.find(pp.family)) {
      error(pp.pos, fmt::format("expected a process family, found '{}'", pp.family));
      ok = false;
      return;
    }
    family = f->id;
    const model::Family& fam = m_.families[f->id];
    if (pp.index.empty()) return;
    if (fam.dims.size() != 1 || pp.index.size() != 1) {
      error(pp.pos, fmt::format("expected '{}' or '{}[i]' here: a message pattern takes one index of a "
                                "1-dimensional family",
                                fam.name, fam.name));
      ok = false;
      return;
    }
    const ast::Expr& ix = pp.index[0];
    if (ix.op == ast::ExprOp::Name && !sc.find(ix.name) && !global(ix.name) && ix.name != "self") {
      fresh.emplace_back(ix.name, family_type(f->id));  // its slot is made with the binders below
      return;
    }
    model::Expr e = expr(ix, sc);
    if (e.type != kNone && !is_int_like(e.type)) {
      error(ix.pos, fmt::format("expected a process index, found {}", type_name(e.type)));
      ok = false;
    }
    index = std::move(e);
  };
  std::vector<std::pair<std::string, Id>> fresh_from, fresh_to;
  if (p.has_from) proc(p.from, out->from_family, out->from_index, fresh_from);
  if (p.has_to) proc(p.to, out->to_family, out->to_index, fresh_to);
  std::vector<std::string> seen;
  auto bind = [&](const std::string& name, Id type, ast::Pos pos) {
    if (name != "_" && std::find(seen.begin(), seen.end(), name) != seen.end()) {
      error(pos, fmt::format("'{}' is bound twice in this message pattern", name));
      ok = false;
    }
    seen.push_back(name);
    ++pushed;
    return bind_slot(sc, name, type, pos);
  };
  for (std::size_t i = 0; i < fields.size(); ++i)
    out->field_slots.push_back(bind(p.binders[i], fields[i].second, p.pos));
  if (!fresh_from.empty()) out->from_slot = bind(fresh_from[0].first, fresh_from[0].second, p.from.pos);
  if (!fresh_to.empty()) out->to_slot = bind(fresh_to[0].first, fresh_to[0].second, p.to.pos);
  return ok ? out : nullptr;
}

model::Expr Resolver::inflight_expr(const ast::Expr& e, Scope& sc) {
  model::Op o = e.name == "forall"   ? model::Op::Forall
                : e.name == "exists" ? model::Op::Exists
                                     : model::Op::Count;
  std::size_t pushed = 0;
  auto pat = msg_pattern(*e.pattern, sc, false, pushed);
  model::Expr body = bool_expr(e.args.at(0), sc);
  sc.binders.resize(sc.binders.size() - pushed);
  if (!pat) return model::Expr{.kind = ExprKind::Lit, .type = kNone};
  Id t = o == model::Op::Count ? range_type(0, kMaxInFlight) : m_.bool_type;
  model::Expr out{.kind = ExprKind::InFlight, .type = t, .op = o, .args = {std::move(body)}};
  out.pattern = std::move(pat);
  out.pos = e.pos;
  return out;
}

std::optional<model::Stmt> Resolver::deliver_stmt(const ast::Stmt& s, Scope& sc) {
  model::Stmt out{.kind = s.op == ast::StmtOp::Deliver ? StmtKind::Deliver : StmtKind::Drop, .pos = s.pos};
  std::size_t pushed = 0;
  auto pat = msg_pattern(*s.pattern, sc, true, pushed);
  if (s.has_where && !s.args.empty()) out.conds.push_back(bool_expr(s.args[0], sc));
  for (const ast::Block& b : s.blocks) out.blocks.push_back(block(b, sc));
  sc.binders.resize(sc.binders.size() - pushed);
  if (!pat) return std::nullopt;
  out.pattern = std::move(pat);
  return out;
}

}  // namespace dpu::resolve::detail
