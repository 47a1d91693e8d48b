// Declarations: the DPU layer (services, modules, stacks, workloads, updates, algorithms),
// process families, faults, and the members of blocks (messages, events, channels, vars).
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "resolve/context.hpp"

namespace dpu::resolve::detail {

namespace {
constexpr Value kMaxInstances = 1 << 16;  // processes in one family; more is a typo
}

Id Resolver::lookup_service(const std::string& name, ast::Pos pos) {
  const Symbol* s = global(name);
  if (s && s->kind == SymKind::Service) return s->id;
  if (s)
    error(pos, fmt::format("expected a service, found {} '{}'", kind_name(s->kind), name));
  else
    error(pos, fmt::format("unknown service '{}'{}", name, suggest(name, {SymKind::Service})));
  return kNone;
}

Id Resolver::lookup_module(const std::string& name, ast::Pos pos) {
  const Symbol* s = global(name);
  if (s && s->kind == SymKind::Module) return s->id;
  if (s)
    error(pos, fmt::format("expected a module, found {} '{}'", kind_name(s->kind), name));
  else
    error(pos, fmt::format("unknown module '{}'{}", name, suggest(name, {SymKind::Module})));
  return kNone;
}

Id Resolver::lookup_family(const std::string& name, ast::Pos pos, bool stacks_only) {
  const Symbol* s = global(name);
  if (s && s->kind == SymKind::Family && (!stacks_only || m_.families[s->id].is_stacks)) return s->id;
  const char* what = stacks_only ? "stack family" : "process family";
  if (s)
    error(pos, fmt::format("expected a {}, found {} '{}'", what, kind_name(s->kind), name));
  else
    error(pos, fmt::format("unknown {} '{}'{}", what, name, suggest(name, {SymKind::Family})));
  return kNone;
}

void Resolver::resolve_services() {
  for (const ast::Decl& d : ast_.decls) {
    if (d.kind != ast::Decl::Kind::Service) continue;
    const ast::ServiceDecl& s = d.service;
    model::Service svc{.name = s.name, .pos = s.pos};
    if (s.order == "fifo")
      svc.order = model::Order::Fifo;
    else if (s.order == "total")
      svc.order = model::Order::Total;
    else if (s.order != "none")
      error(s.pos, fmt::format("expected order none, fifo or total, found '{}'", s.order));
    if (declare_global(s.name, Symbol{SymKind::Service, static_cast<Id>(m_.services.size()), s.pos}))
      m_.services.push_back(std::move(svc));
  }
}

void Resolver::resolve_modules() {
  for (const ast::Decl& d : ast_.decls) {
    if (d.kind != ast::Decl::Kind::Module) continue;
    const ast::ModuleDecl& md = d.module;
    model::Module mod{.name = md.name, .pos = md.pos};
    mod.service = lookup_service(md.service, md.service_pos);
    for (std::size_t i = 0; i < md.required.size(); ++i) {
      ast::Pos pos = i < md.required_pos.size() ? md.required_pos[i] : md.pos;
      Id r = lookup_service(md.required[i], pos);
      if (r == kNone) continue;
      if (r == mod.service) {
        // Paper, module types (x, R): a module cannot require the service it provides.
        error(pos, fmt::format("module '{}' requires its own service '{}' (x ∈ R)", md.name, md.required[i]));
      } else if (std::find(mod.requires_.begin(), mod.requires_.end(), r) != mod.requires_.end()) {
        error(pos, fmt::format("module '{}' requires service '{}' twice", md.name, md.required[i]));
      } else {
        mod.requires_.push_back(r);
      }
    }
    std::sort(mod.requires_.begin(), mod.requires_.end());
    // Declared even when its type has errors, so later uses of the name do not cascade.
    if (declare_global(md.name, Symbol{SymKind::Module, static_cast<Id>(m_.modules.size()), md.pos}))
      m_.modules.push_back(std::move(mod));
  }
}

void Resolver::declare_families() {
  for (const ast::Decl& d : ast_.decls) {
    model::Family fam;
    if (d.kind == ast::Decl::Kind::Stacks) {
      const ast::StacksDecl& s = d.stacks;
      stacks_pos_.push_back(s.pos);
      if (stacks_pos_.size() > 1) {
        error(s.pos, "expected at most one 'stacks' declaration");
        note(stacks_pos_[0], "the first 'stacks' declaration is here");
        continue;
      }
      fam = model::Family{.name = s.name, .is_stacks = true, .pos = s.pos};
      auto n = fold_int(s.count, "stack count");
      if (n && *n < 1)
        error(s.count.pos, fmt::format("stack family '{}' is empty (expected at least 1 stack, "
                                       "found {})",
                                       s.name, *n));
      else if (n && *n > kMaxInstances)
        error(s.count.pos,
              fmt::format("stack family '{}' has {} stacks (at most {})", s.name, *n, kMaxInstances));
      fam.count = (n && *n >= 1 && *n <= kMaxInstances) ? *n : 1;
      fam.dims = {fam.count};
    } else if (d.kind == ast::Decl::Kind::Process) {
      const ast::ProcessDecl& p = d.process;
      fam = model::Family{.name = p.name, .pos = p.pos};
      if (p.dims.size() > 2)
        error(p.dims[2].pos, fmt::format("process family '{}' has {} dimensions (expected at "
                                         "most 2: groups and members)",
                                         p.name, p.dims.size()));
      bool ok = true;
      for (std::size_t i = 0; i < p.dims.size() && i < 2; ++i) {
        auto n = fold_int(p.dims[i], "family size");
        if (n && *n < 1)
          error(p.dims[i].pos, fmt::format("process family '{}' is empty (expected a size of at "
                                           "least 1, found {})",
                                           p.name, *n));
        ok = ok && n && *n >= 1;
        fam.dims.push_back(ok ? *n : 1);
      }
      Value count = 1;
      for (Value dim : fam.dims)
        if (__builtin_mul_overflow(count, dim, &count) || count > kMaxInstances) count = kMaxInstances + 1;
      if (count > kMaxInstances) {
        error(p.pos, fmt::format("process family '{}' has more than {} processes", p.name, kMaxInstances));
        count = 1;
        fam.dims.assign(fam.dims.size(), 1);
      }
      fam.count = count;
    } else {
      continue;
    }
    Id id = static_cast<Id>(m_.families.size());
    if (!declare_global(fam.name, Symbol{SymKind::Family, id, fam.pos})) continue;
    bool stacks = fam.is_stacks;
    m_.families.push_back(std::move(fam));
    family_vars_.emplace_back();
    m_.families[id].type = family_type(id);
    if (stacks) m_.stacks = model::Stacks{.family = id};
  }
}

void Resolver::resolve_stacks_bindings() {
  for (const ast::Decl& d : ast_.decls) {
    if (d.kind != ast::Decl::Kind::Stacks || !m_.stacks || m_.families[m_.stacks->family].pos != d.stacks.pos)
      continue;
    const ast::StacksDecl& s = d.stacks;
    std::map<Id, ast::Pos> seen;        // module -> where it is listed
    std::map<Id, Id> bound_of_service;  // service -> the module bound for it
    for (const ast::Binding& b : s.modules) {
      Id mod = lookup_module(b.module, b.pos);
      model::Binding w = model::Binding::Bound;
      if (b.binding == "passive")
        w = model::Binding::Passive;
      else if (b.binding != "bound")
        error(b.pos, fmt::format("expected 'bound' or 'passive', found '{}'", b.binding));
      if (mod == kNone) continue;
      if (auto it = seen.find(mod); it != seen.end()) {
        // Rule Sanity-1: a module has one binding per stack.
        error(b.pos, fmt::format("module '{}' is already listed in stack family '{}'", b.module, s.name));
        note(it->second, fmt::format("'{}' is first listed here", b.module));
        continue;
      }
      seen.emplace(mod, b.pos);
      Id svc = m_.modules[mod].service;
      if (w == model::Binding::Bound && svc != kNone) {
        // Rule Sanity-2: calls of a service must have one module to go to.
        if (auto it = bound_of_service.find(svc); it != bound_of_service.end()) {
          error(b.pos, fmt::format("stack family '{}' binds two modules of service '{}': '{}' and '{}'",
                                   s.name, m_.services[svc].name, m_.modules[it->second].name, b.module));
          continue;
        }
        bound_of_service.emplace(svc, mod);
      }
      m_.stacks->initial.emplace_back(mod, w);
    }
  }
}

void Resolver::declare_algorithms() {
  for (const ast::Decl& d : ast_.decls) {
    if (d.kind != ast::Decl::Kind::Algorithm) continue;
    const ast::AlgorithmDecl& a = d.algorithm;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < a.params.size(); ++i)
      if (!seen.insert(a.params[i]).second)
        error(i < a.param_pos.size() ? a.param_pos[i] : a.pos,
              fmt::format("parameter '{}' is already declared", a.params[i]));
    if (declare_global(a.name, Symbol{SymKind::Algorithm, static_cast<Id>(m_.algorithms.size()), a.pos}))
      m_.algorithms.push_back(model::Algorithm{.name = a.name, .params = a.params, .pos = a.pos});
  }
}

void Resolver::resolve_updates() {
  std::map<std::string, ast::Pos> driven;  // algorithm -> the update driving it
  for (const ast::Decl& d : ast_.decls) {
    if (d.kind != ast::Decl::Kind::Update) continue;
    const ast::UpdateDecl& u = d.update;
    model::Update up{.pos = u.pos};
    up.from = lookup_module(u.from, u.pos);
    up.to = lookup_module(u.to, u.to_pos);
    const Symbol* s = global(u.algorithm);
    if (s && s->kind == SymKind::Algorithm)
      up.algorithm = s->id;
    else if (s)
      error(u.alg_pos, fmt::format("expected an algorithm, found {} '{}'", kind_name(s->kind), u.algorithm));
    else
      error(u.alg_pos, fmt::format("unknown algorithm '{}'", u.algorithm));
    if (up.from != kNone && up.from == up.to)
      error(u.to_pos, fmt::format("update replaces module '{}' by itself", u.from));
    if (up.algorithm != kNone) {
      const model::Algorithm& alg = m_.algorithms[up.algorithm];
      if (!alg.params.empty() && alg.params.size() != 2) {
        // tests/bad/arity_update_algorithm.expect matches this wording ("1 parameters").
        error(u.alg_pos, fmt::format("algorithm '{}' has {} parameters; an update binds exactly 2 "
                                     "(the old and the new module)",
                                     alg.name, alg.params.size()));
        algorithm_modules_[alg.name] = {};  // driven, with unbound parameters: no cascade
      } else if (auto it = driven.find(alg.name); it != driven.end()) {
        // One algorithm body, one binding of its parameters: the IR has no instantiation.
        error(u.alg_pos, fmt::format("algorithm '{}' is already driven by another update", alg.name));
        note(it->second, "the first update is here");
      } else {
        driven.emplace(alg.name, u.pos);
        algorithm_modules_[alg.name] = {up.from, up.to};
      }
    }
    m_.updates.push_back(up);
  }
}

void Resolver::resolve_workloads() {
  for (const ast::Decl& d : ast_.decls) {
    if (d.kind != ast::Decl::Kind::Workload) continue;
    const ast::WorkloadDecl& w = d.workload;
    model::Workload wl{.pos = w.pos};
    wl.service = lookup_service(w.service, w.pos);
    if (w.mode == "p2p")
      wl.broadcast = false;
    else if (w.mode != "broadcast")
      error(w.pos, fmt::format("expected 'broadcast' or 'p2p', found '{}'", w.mode));
    auto n = fold_int(w.calls, "call count");
    if (n && *n < 0) error(w.calls.pos, fmt::format("expected a call count of at least 0, found {}", *n));
    wl.calls_per_stack = n && *n >= 0 ? *n : 0;
    if (!m_.stacks && stacks_pos_.empty())
      error(w.pos, "a workload needs a 'stacks' declaration (calls are made by stacks)");
    m_.workloads.push_back(wl);
  }
}

void Resolver::resolve_faults() {
  for (const ast::Decl& d : ast_.decls) {
    if (d.kind != ast::Decl::Kind::Fault) continue;
    const ast::FaultDecl& f = d.fault;
    model::Fault fault{
        .counts_events = f.unit == "crashes", .recover = f.recover, .per_group = f.per_group, .pos = f.pos};
    if (f.kind == "byzantine")
      fault.kind = model::Fault::Kind::Byzantine;
    else if (f.kind != "crash")
      error(f.pos, fmt::format("expected 'crash' or 'byzantine', found '{}'", f.kind));
    fault.family = lookup_family(f.family, f.pos);
    auto n = fold_int(f.bound, "fault bound");
    if (n && *n < 0) error(f.bound.pos, fmt::format("expected a fault bound of at least 0, found {}", *n));
    fault.at_most = n && *n >= 0 ? *n : 0;
    if (fault.family != kNone) {
      const model::Family& fam = m_.families[fault.family];
      if (f.per_group && fam.dims.size() != 2) {
        error(f.pos, fmt::format("'per group' needs a family of groups (2 dimensions); '{}' has {}", fam.name,
                                 fam.dims.size()));
      } else {
        Value limit = f.per_group ? fam.dims[1] : fam.count;
        // A process that recovers may crash again, so a bound on crash events may exceed the
        // family; a bound on processes down at once may not.
        bool unbounded = fault.counts_events && f.recover;
        if (n && *n > limit && !unbounded && fault.counts_events)
          error(f.bound.pos, fmt::format("expected at most {} crashes of '{}' (without 'recover' a "
                                         "process crashes at most once), found {}",
                                         limit, fam.name, *n));
        else if (n && *n > limit && !unbounded)
          error(f.bound.pos, fmt::format("expected at most {} faulty processes{} of '{}', found {}", limit,
                                         f.per_group ? " per group" : "", fam.name, *n));
      }
    }
    m_.faults.push_back(fault);
  }
}

BlockCtx Resolver::block_for_algorithm(const ast::AlgorithmDecl& a) {
  BlockCtx blk;
  blk.algorithm = &a;
  if (m_.stacks)
    blk.family = m_.stacks->family;
  else if (stacks_pos_.empty())
    error(a.pos, fmt::format("algorithm '{}' needs a 'stacks' declaration (its variables and "
                             "rules belong to each stack)",
                             a.name));
  auto it = algorithm_modules_.find(a.name);
  if (it == algorithm_modules_.end() && !a.params.empty())
    error(a.pos, fmt::format("algorithm '{}' is not driven by any update, so its parameters "
                             "name no modules (expected 'update a -> b by {}')",
                             a.name, a.name));
  for (std::size_t i = 0; i < a.params.size(); ++i)
    blk.params[a.params[i]] = it != algorithm_modules_.end() && i < it->second.size() ? it->second[i] : kNone;
  return blk;
}

BlockCtx Resolver::block_for_process(const ast::ProcessDecl& p) {
  BlockCtx blk;
  const Symbol* s = global(p.name);
  if (s && s->kind == SymKind::Family && m_.families[s->id].pos == p.pos) blk.family = s->id;
  return blk;
}

BlockCtx Resolver::block_for_top_level() {
  BlockCtx blk;
  blk.top_level = true;
  if (m_.stacks) blk.family = m_.stacks->family;
  return blk;
}

std::vector<std::pair<std::string, Id>> Resolver::resolve_fields(const std::vector<ast::Field>& fs,
                                                                 const char* what) {
  std::vector<std::pair<std::string, Id>> out;
  std::map<std::string, ast::Pos> seen;
  for (const ast::Field& f : fs) {
    if (auto it = seen.find(f.name); it != seen.end()) {
      error(f.pos, fmt::format("{} field '{}' is already declared", what, f.name));
      note(it->second, fmt::format("'{}' is first declared here", f.name));
    }
    seen.emplace(f.name, f.pos);
    out.emplace_back(f.name, resolve_type(f.type));
  }
  return out;
}

void Resolver::declare_members(const std::vector<ast::Member>& members, const BlockCtx& blk) {
  for (const ast::Member& mem : members) {
    switch (mem.kind) {
      case ast::Member::Kind::Message: {
        model::MessageType mt{.name = mem.message.name, .pos = mem.message.pos};
        mt.fields = resolve_fields(mem.message.fields, "message");
        if (declare_global(mt.name, Symbol{SymKind::Message, static_cast<Id>(m_.messages.size()), mt.pos}))
          m_.messages.push_back(std::move(mt));
        break;
      }
      case ast::Member::Kind::Event: {
        model::MessageType mt{.name = mem.event.name, .pos = mem.event.pos};
        mt.fields = resolve_fields(mem.event.fields, "event");
        if (declare_global(mt.name, Symbol{SymKind::Event, static_cast<Id>(m_.events.size()), mt.pos}))
          m_.events.push_back(std::move(mt));
        break;
      }
      case ast::Member::Kind::Channel: {
        const ast::ChannelDecl& c = mem.channel;
        model::Channel ch{.name = c.name, .pos = c.pos};
        if (c.order == "fifo")
          ch.order = model::ChannelOrder::Fifo;
        else if (c.order == "total")
          ch.order = model::ChannelOrder::Total;
        else if (c.order != "unordered")
          error(c.pos, fmt::format("expected unordered, fifo or total, found '{}'", c.order));
        if (c.has_capacity) {
          // A bounded queue per (sender, receiver); the engine-wide 64 per channel still holds.
          if (ch.order != model::ChannelOrder::Fifo) {
            error(c.capacity.pos,
                  fmt::format("only a fifo channel takes a capacity; '{}' is {}", c.name, c.order));
          } else if (auto k = fold_int(c.capacity, "channel capacity")) {
            if (*k < 1 || *k > 64)
              error(c.capacity.pos, fmt::format("expected a channel capacity in 1..64, found {}", *k));
            else
              ch.capacity = *k;
          }
          ch.block_when_full = c.when_full == "block";
        }
        if (declare_global(c.name, Symbol{SymKind::Channel, static_cast<Id>(m_.channels.size()), c.pos}))
          m_.channels.push_back(std::move(ch));
        break;
      }
      case ast::Member::Kind::Var: {
        const ast::VarDecl& v = mem.var;
        // Top-level and `global` variables have one copy; block variables one per process.
        // A block whose family failed to resolve gets global variables: wrong, but silent,
        // and the model is rejected anyway.
        bool global = v.global || blk.top_level || blk.family == kNone;
        Id id = static_cast<Id>(m_.vars.size());
        model::Var var{.name = v.name,
                       .type = resolve_type(v.type),
                       .family = global ? kNone : blk.family,
                       .pos = v.pos};
        bool ok = global ? declare_global(v.name, Symbol{SymKind::GlobalVar, id, v.pos})
                         : declare_family_var(blk.family, v.name, id, v.pos);
        if (!ok) break;
        m_.vars.push_back(std::move(var));
        if (!global) m_.families[blk.family].vars.push_back(id);
        var_ids_[&v] = id;
        break;
      }
      case ast::Member::Kind::Rule:
      case ast::Member::Kind::Handler:
        break;  // bodies are resolved after all declarations
    }
  }
}

}  // namespace dpu::resolve::detail
