// Private to checker/resolve: the resolver's state and the helpers its passes share.
// One Resolver object lives for one resolve() call; each resolve_*.cpp file implements the
// member functions of one pass (constants, types, declarations, expressions, statements,
// rules, properties), so every file stays small and has one job.
#pragma once

// The passes build IR nodes with C++20 designated initializers naming only the members that
// matter (`{.kind = Lit, .type = t}`); the rest keep their defaults on purpose. GCC 12's
// -Wextra still warns about every omitted member there, so that one warning is off for the
// resolver's own files (which all include this header first).
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostics.hpp"
#include "model/model.hpp"
#include "resolve/resolve.hpp"
#include "resolve/scope.hpp"
#include "syntax/ast.hpp"

namespace dpu::resolve::detail {

using model::Id;
using model::kNone;
using model::Value;

/// What a top-level name denotes. All of these share one namespace, so a module cannot be
/// called like a variable and no name means two things at once.
enum class SymKind : std::uint8_t {
  Constant,
  Type,
  EnumLiteral,
  Service,
  Module,
  Family,
  Algorithm,
  GlobalVar,
  Channel,
  Message,
  Event,
};

struct Symbol {
  SymKind kind = SymKind::Constant;
  Id id = kNone;     // index into the table of its kind (constants: into Model::constants)
  ast::Pos pos = 0;  // where it was declared, for "already declared" notes
};

/// A folded constant: its value and whether it is a boolean (true/false) or an integer.
struct ConstVal {
  Value value = 0;
  bool is_bool = false;
};

/// A type declaration resolved on first use, so declarations may refer to later ones;
/// `resolving` catches cycles (`type A = array[0..1] of A`).
struct TypeDeclState {
  const ast::TypeDecl* decl = nullptr;
  bool resolving = false;
  bool done = false;
  Id type = kNone;
};

/// The member block being resolved: an algorithm, a process family or the top level.
struct BlockCtx {
  Id family = kNone;  // default family (kNone at top level without stacks)
  const ast::AlgorithmDecl* algorithm = nullptr;
  std::map<std::string, Id> params;  // algorithm parameter -> module id (from the update)
  bool top_level = false;
};

class Resolver {
 public:
  Resolver(const ast::Model& ast, const std::string& source_name, const Overrides& overrides,
           diag::Diagnostics& diags);
  std::optional<model::Model> run();

  // ---- shared helpers (resolve.cpp) -----------------------------------------------------
  void error(ast::Pos pos, std::string msg) { diags_.error(pos, std::move(msg)); }
  void note(ast::Pos pos, std::string msg) { diags_.note(pos, std::move(msg)); }
  /// Declares a top-level name; on a clash reports it and notes the first declaration.
  bool declare_global(const std::string& name, Symbol sym);
  /// Declares a per-process variable of `family` (names may repeat across families).
  bool declare_family_var(Id family, const std::string& name, Id var, ast::Pos pos);
  const Symbol* global(const std::string& name) const;
  /// "; did you mean 'x'?" for the top-level name of one of `kinds` closest to `name`
  /// (suggest.hpp), with `more` candidates first (binders, parameters, variables); or "".
  std::string suggest(const std::string& name, const std::vector<SymKind>& kinds,
                      const std::vector<std::string>& more = {}) const;
  static const char* kind_name(SymKind k);

  // ---- constants (resolve_consts.cpp) ---------------------------------------------------
  void resolve_constants();
  /// Folds a constant expression (constants, literals, arithmetic, comparisons, logic,
  /// if-then-else, min/max/abs). Reports and returns nullopt on anything else.
  std::optional<ConstVal> fold(const ast::Expr& e);
  /// fold() that also requires an integer; `what` names the use in messages.
  std::optional<Value> fold_int(const ast::Expr& e, const char* what);
  /// Parses the digits of an integer literal; reports values outside int64.
  std::optional<Value> parse_int_literal(const ast::Expr& e);

  // ---- types (resolve_types.cpp) --------------------------------------------------------
  void declare_type_names();
  void resolve_type_decls();
  /// Resolves a type expression; kNone after reporting an error. `enum_name` names an enum
  /// declared by `type X = enum {...}` (anonymous enums are named by their literals).
  Id resolve_type(const ast::TypeExpr& t, const std::string& enum_name = "");
  Id resolve_named_type(const std::string& name, ast::Pos pos);
  Id intern(model::Type t);
  Id range_type(Value lo, Value hi);
  /// Resolves the domain of a quantifier, `choose` or `for`: a scalar type whose values an
  /// engine can enumerate; kNone after reporting an error.
  Id enumerable_domain(const ast::TypeExpr& t);
  Id family_type(Id family);
  std::string type_name(Id t) const;
  bool is_int_like(Id t) const;  // Range or Family: usable in arithmetic and comparisons
  /// Can a value of type `found` be stored where `expected` is wanted? kNone (an error
  /// already reported) is compatible with everything, which is what stops cascades.
  bool compatible(Id expected, Id found) const;
  /// Reports `expected X, found Y` at `pos` unless compatible; returns compatibility.
  bool expect_type(ast::Pos pos, Id expected, Id found);
  bool expect_bool(ast::Pos pos, Id found) { return expect_type(pos, m_.bool_type, found); }
  /// The smallest type holding both (ranges: their hull); used by if-then-else and sets.
  Id join(Id a, Id b);

  // ---- declarations (resolve_decls.cpp) -------------------------------------------------
  void resolve_services();
  void resolve_modules();
  void declare_families();
  void resolve_stacks_bindings();
  void declare_algorithms();
  void resolve_updates();
  void resolve_workloads();
  void resolve_faults();
  void declare_members(const std::vector<ast::Member>& members, const BlockCtx& blk);
  BlockCtx block_for_algorithm(const ast::AlgorithmDecl& a);
  BlockCtx block_for_process(const ast::ProcessDecl& p);
  BlockCtx block_for_top_level();
  std::vector<std::pair<std::string, Id>> resolve_fields(const std::vector<ast::Field>& fs, const char* what);
  Id lookup_module(const std::string& name, ast::Pos pos);
  Id lookup_service(const std::string& name, ast::Pos pos);
  Id lookup_family(const std::string& name, ast::Pos pos, bool stacks_only = false);

  // ---- expressions (resolve_exprs.cpp, resolve_builtins.cpp) ----------------------------
  /// Resolves and types an expression. `hint` (or kNone) is the type the context wants; it
  /// only shapes literals whose type cannot be known alone (`{}`, `[]`, `{1, 2}`).
  model::Expr expr(const ast::Expr& e, Scope& sc, Id hint = kNone);
  model::Expr expr_impl(const ast::Expr& e, Scope& sc, Id hint);
  model::Expr bool_expr(const ast::Expr& e, Scope& sc);
  model::Expr name_expr(const ast::Expr& e, Scope& sc);
  model::Expr index_expr(const ast::Expr& e, Scope& sc);
  model::Expr field_expr(const ast::Expr& e, Scope& sc);
  /// `base[e.args[1]]` and `base.e.name` on an already resolved base (shared by rvalues and
  /// lvalues).
  model::Expr apply_index(model::Expr base, const ast::Expr& e, Scope& sc);
  model::Expr apply_field(model::Expr base, const ast::Expr& e);
  model::Expr unary_expr(const ast::Expr& e, Scope& sc);
  model::Expr binary_expr(const ast::Expr& e, Scope& sc, Id hint);
  model::Expr set_expr(const ast::Expr& e, Scope& sc, Id hint);
  model::Expr seq_expr(const ast::Expr& e, Scope& sc, Id hint);
  model::Expr quant_expr(const ast::Expr& e, Scope& sc);
  /// Messages in flight (resolve_inflight.cpp): resolves a pattern and binds its names in
  /// `sc` (`pushed` counts them, for the caller to pop); null after reporting an error.
  std::shared_ptr<model::MsgPattern> msg_pattern(const ast::MsgPattern& p, Scope& sc, bool fifo_only,
                                                 std::size_t& pushed);
  model::Expr inflight_expr(const ast::Expr& e, Scope& sc);
  std::optional<model::Stmt> deliver_stmt(const ast::Stmt& s, Scope& sc);
  model::Expr call_expr(const ast::Expr& e, Scope& sc, Id hint);
  /// The executing stack (slot 0) when a DPU builtin omits it; reports if there is none.
  std::optional<model::Expr> implicit_stack(const ast::Expr& at, const std::string& fn, Scope& sc);
  model::Expr stack_arg(const ast::Expr& e, Scope& sc);
  model::Expr module_arg(const ast::Expr& e, Scope& sc);
  /// `P[i]` / `G[g][k]` on a family name: the identity; nullopt if `e` is not one.
  std::optional<model::Expr> family_instance(const ast::Expr& e, Scope& sc);
  /// Allocates a binder slot in the scope's frame and makes `name` refer to it.
  Id bind_slot(Scope& sc, const std::string& name, Id type, ast::Pos pos);

  // ---- statements (resolve_stmts.cpp) ---------------------------------------------------
  model::Block block(const ast::Block& b, Scope& sc);
  std::optional<model::Stmt> stmt(const ast::Stmt& s, Scope& sc);
  std::optional<model::Stmt> assign_stmt(const ast::Stmt& s, Scope& sc);
  std::optional<model::Stmt> send_stmt(const ast::Stmt& s, Scope& sc);
  std::optional<model::Stmt> action_stmt(const ast::Stmt& s, Scope& sc);
  model::Expr lvalue(const ast::Expr& e, Scope& sc);
  /// Checks message/event arguments against its fields (arity, then each type).
  std::vector<model::Expr> field_args(const std::vector<ast::Expr>& args, const model::MessageType& mt,
                                      const char* what, ast::Pos pos, Scope& sc);

  // ---- rules and handlers (resolve_rules.cpp) -------------------------------------------
  void resolve_bodies(const std::vector<ast::Member>& members, const BlockCtx& blk);
  void resolve_var_init(const ast::VarDecl& v, Id var, const BlockCtx& blk);
  void resolve_rule(const ast::RuleDecl& r, const BlockCtx& blk);
  void resolve_handler(const ast::HandlerDecl& h, const BlockCtx& blk);
  /// Resolves an `at` pattern: sets the family and fixed instance, binds names to self,
  /// and returns extra guard conjuncts (a fixed coordinate of a 2-D family).
  struct AtResult {
    Id family = kNone;
    std::optional<Value> fixed;
    std::vector<model::Expr> guards;
    bool ok = true;
  };
  AtResult resolve_at(const ast::ProcPattern* pat, const BlockCtx& blk, Scope& sc, bool is_from);

  // ---- properties (resolve_props.cpp) ---------------------------------------------------
  void resolve_check(const ast::CheckDecl& c);
  void resolve_linearizable_commit(const ast::CheckDecl& c);
  /// false (with an error) when a dynamic pair property names no declared update.
  bool check_update_pair(const model::Property& p, const std::string& kind, ast::Pos pos);
  void resolve_predicate(const ast::NamedPredicate& p);
  void resolve_end(const ast::EndDecl& e);
  void resolve_allow(const ast::AllowDecl& a);
  Scope property_scope(model::Frame& frame);

  // ---- state ----------------------------------------------------------------------------
  const ast::Model& ast_;
  const Overrides& overrides_;
  diag::Diagnostics& diags_;
  model::Model m_;

  std::map<std::string, Symbol> globals_;
  std::vector<ConstVal> consts_;                        // parallel to m_.constants
  std::vector<std::map<std::string, Id>> family_vars_;  // per family: name -> var id
  std::map<std::string, TypeDeclState> type_decls_;
  std::vector<std::pair<Id, Value>> literals_;
  std::map<const ast::VarDecl*, Id> var_ids_;  // filled by declare_members
  std::vector<ast::Pos>
      stacks_pos_;  // every `stacks` declaration            // enum literal: (enum id, index)
  std::map<std::string, ast::Pos> rule_names_, predicate_names_;
  std::map<std::string, std::vector<Id>> algorithm_modules_;  // algorithm -> (a, b)
  std::vector<Id> recover_families_;                          // families with `on recover`
  std::vector<ast::Pos> recover_pos_;
  bool have_end_ = false;
  ast::Pos end_pos_ = 0;
};

}  // namespace dpu::resolve::detail
