// The resolver's entry point and pass order. Each pass lives in its own resolve_*.cpp file.
#include "resolve/resolve.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "diag/suggest.hpp"
#include "resolve/context.hpp"

namespace dpu::resolve {

std::optional<model::Model> resolve(const ast::Model& ast, const std::string& source_name,
                                    const Overrides& overrides, diag::Diagnostics& diags) {
  detail::Resolver r(ast, source_name, overrides, diags);
  return r.run();
}

namespace detail {

Resolver::Resolver(const ast::Model& ast, const std::string& source_name, const Overrides& overrides,
                   diag::Diagnostics& diags)
    : ast_(ast), overrides_(overrides), diags_(diags) {
  m_.source_name = source_name;
}

// Passes run in an order where every pass only needs names the earlier ones declared:
// constants size everything; services, modules and families are needed by types (`module`,
// process identities); types by members; members by bodies; everything by properties.
// Each pass keeps going after an error, so one run reports every independent mistake.
std::optional<model::Model> Resolver::run() {
  std::size_t errors_before = diags_.error_count();
  m_.bool_type = intern(model::Type{.kind = model::TypeKind::Bool, .lo = 0, .hi = 1});
  resolve_constants();
  resolve_services();
  resolve_modules();
  model::Type mt{.kind = model::TypeKind::Module, .lo = 0, .hi = static_cast<Value>(m_.modules.size()) - 1};
  m_.module_type = intern(mt);
  declare_families();
  declare_type_names();
  declare_algorithms();
  resolve_type_decls();
  resolve_stacks_bindings();
  resolve_updates();

  std::vector<std::pair<const std::vector<ast::Member>*, BlockCtx>> blocks;
  for (const ast::Decl& d : ast_.decls) {
    if (d.kind == ast::Decl::Kind::Algorithm)
      blocks.push_back({&d.algorithm.members, block_for_algorithm(d.algorithm)});
    else if (d.kind == ast::Decl::Kind::Process)
      blocks.push_back({&d.process.members, block_for_process(d.process)});
  }
  // Top-level members form one block; collected in order so declaration order is kept.
  std::vector<ast::Member> top;
  for (const ast::Decl& d : ast_.decls)
    if (d.kind == ast::Decl::Kind::Member) top.push_back(d.member);
  blocks.push_back({&top, block_for_top_level()});

  for (auto& [members, blk] : blocks) declare_members(*members, blk);
  resolve_workloads();
  resolve_faults();
  for (auto& [members, blk] : blocks) resolve_bodies(*members, blk);

  for (const ast::Decl& d : ast_.decls) {
    switch (d.kind) {
      case ast::Decl::Kind::Check:
        resolve_check(d.check);
        break;
      case ast::Decl::Kind::Predicate:
        resolve_predicate(d.predicate);
        break;
      case ast::Decl::Kind::End:
        resolve_end(d.end);
        break;
      case ast::Decl::Kind::Allow:
        resolve_allow(d.allow);
        break;
      default:
        break;
    }
  }

  // `on recover` only runs after a recovery, which only a crash-recover fault can cause.
  for (std::size_t i = 0; i < recover_families_.size(); ++i) {
    Id fam = recover_families_[i];
    bool found = false;
    for (const model::Fault& f : m_.faults)
      found = found || (f.family == fam && f.kind == model::Fault::Kind::Crash && f.recover);
    if (!found)
      error(recover_pos_[i],
            fmt::format("'on recover' needs 'fault crash {} at most ... recover'", m_.families[fam].name));
  }

  if (diags_.error_count() > errors_before) return std::nullopt;
  return std::move(m_);
}

const char* Resolver::kind_name(SymKind k) {
  switch (k) {
    case SymKind::Constant:
      return "constant";
    case SymKind::Type:
      return "type";
    case SymKind::EnumLiteral:
      return "enum literal";
    case SymKind::Service:
      return "service";
    case SymKind::Module:
      return "module";
    case SymKind::Family:
      return "process family";
    case SymKind::Algorithm:
      return "algorithm";
    case SymKind::GlobalVar:
      return "global variable";
    case SymKind::Channel:
      return "channel";
    case SymKind::Message:
      return "message";
    case SymKind::Event:
      return "event";
  }
  return "name";
}

bool Resolver::declare_global(const std::string& name, Symbol sym) {
  // `self` always means the executing process; a declaration of it could never be read.
  if (name == "self") {
    error(sym.pos, "'self' names the executing process and cannot be declared");
    return false;
  }
  if (sym.kind == SymKind::Message && name == "recover") {
    error(sym.pos, "a message cannot be named 'recover': 'on recover' is the restart handler");
    return false;
  }
  if (auto it = globals_.find(name); it != globals_.end()) {
    const char* kind = kind_name(it->second.kind);
    error(sym.pos, fmt::format("'{}' is already declared (as {} {})", name,
                               std::string("aeiou").find(kind[0]) != std::string::npos ? "an" : "a", kind));
    note(it->second.pos, fmt::format("'{}' is first declared here", name));
    return false;
  }
  // A per-process variable of the same name would make `x` ambiguous inside its family.
  for (const auto& vars : family_vars_) {
    if (auto it = vars.find(name); it != vars.end()) {
      error(sym.pos, fmt::format("'{}' is already declared (as a variable)", name));
      note(m_.vars[it->second].pos, fmt::format("'{}' is first declared here", name));
      return false;
    }
  }
  globals_.emplace(name, sym);
  return true;
}

bool Resolver::declare_family_var(Id family, const std::string& name, Id var, ast::Pos pos) {
  if (name == "self") {
    error(pos, "'self' names the executing process and cannot be declared");
    return false;
  }
  const Symbol* g = global(name);
  auto& vars = family_vars_[family];
  auto it = vars.find(name);
  if (g != nullptr || it != vars.end()) {
    error(pos, fmt::format("'{}' is already declared (as {})", name,
                           g ? std::string(kind_name(g->kind)) : "a variable of this family"));
    note(g ? g->pos : m_.vars[it->second].pos, fmt::format("'{}' is first declared here", name));
    return false;
  }
  vars.emplace(name, var);
  return true;
}

const Symbol* Resolver::global(const std::string& name) const {
  auto it = globals_.find(name);
  return it == globals_.end() ? nullptr : &it->second;
}

std::string Resolver::suggest(const std::string& name, const std::vector<SymKind>& kinds,
                              const std::vector<std::string>& more) const {
  std::vector<std::string> names = more;
  for (const auto& [n, sym] : globals_)
    if (std::find(kinds.begin(), kinds.end(), sym.kind) != kinds.end()) names.push_back(n);
  return diag::did_you_mean(name, names);
}

}  // namespace detail
}  // namespace dpu::resolve
