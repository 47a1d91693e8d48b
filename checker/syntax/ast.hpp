// The position-tagged abstract syntax tree of a .dpu model: exactly what was written, nothing
// resolved. Names are strings; constants are unevaluated; every node carries the byte offset
// of its first character in the source buffer (see SourceFile). The resolver
// (checker/resolve) turns this into the typed model; no engine may include this header.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dpu::ast {

/// Byte offset into the source buffer of the node's first character. A declaration's `pos` is
/// the position of its *name* (`const N`, `check order`, `fault crash Replica`, `on S1`), so a
/// message about the declaration points where the user must look.
using Pos = std::uint32_t;

/// Expressions and type expressions share one uniform node: an operator tag, an optional
/// name (identifier, operator spelling, digits of an integer literal, string text) and
/// ordered children. A uniform node keeps the X3 attribute plumbing simple and lets the
/// printer and resolver walk one shape.
enum class ExprOp : std::uint8_t {
  Int,       // name = decimal digits (range-checked by the resolver, not the parser)
  Bool,      // name = "true" | "false"
  String,    // name = contents (only in assert messages)
  Name,      // name = identifier
  Call,      // name(args...)           builtin predicate/function, or message constructor
  Index,     // args[0][args[1]]
  Field,     // args[0].name
  Unary,     // name = "!" | "-"; args[0]
  Binary,    // name = operator; args[0], args[1]
  Ite,       // if args[0] then args[1] else args[2]
  SetLit,    // {args...}
  Quant,     // name = "forall" | "exists" | "count"; binder = var; type = domain; args[0] = body
  InFlight,  // name = "forall" | "exists" | "count"; pattern = messages in flight; args[0] = body
};

struct TypeExpr;
struct MsgPattern;

struct Expr {
  Pos pos = 0;
  ExprOp op = ExprOp::Int;
  std::string name;
  std::vector<Expr> args;
  std::string binder;                   // Quant only
  std::shared_ptr<TypeExpr> domain;     // Quant only
  std::shared_ptr<MsgPattern> pattern;  // InFlight only
  std::uint32_t height = 1;             // tree height, bounded by the parser (kMaxExprHeight)
};

enum class TypeOp : std::uint8_t {
  Bool,    // bool
  Range,   // lo..hi              (lo, hi)
  Named,   // name                (type alias, enum, record, process family)
  Enum,    // enum { names... }
  Record,  // record { fields }
  Array,   // array[index] of elem  (elem = args[1], index = args[0])
  Set,     // set of elem           (args[0])
  Seq,     // seq[cap] of elem      (cap = lo, args[0])
  Module,  // module                (a module name as a value)
};

struct Field;

struct TypeExpr {
  Pos pos = 0;
  TypeOp op = TypeOp::Bool;
  std::string name;                // Named
  std::vector<std::string> names;  // Enum
  std::vector<Pos> names_pos;      // Enum: where each literal is written
  std::vector<Field> fields;       // Record
  std::vector<TypeExpr> args;      // Array/Set/Seq element types
  Expr lo, hi;                     // Range bounds, Seq capacity (lo)
};

struct Field {
  Pos pos = 0;
  std::string name;
  TypeExpr type;
};

/// A process pattern after `at` / `from`: `P[p]` binds p (a fresh name) to the instance,
/// `P[0]` fixes it, `p` alone binds p over the block's default family.
struct ProcPattern {
  Pos pos = 0;
  std::string family;  // may name a binder when no index is given
  std::vector<Expr> index;
};

/// Messages in flight: `M(x, y) in c from F[s] to G[r]` (in-flight quantifiers, deliver, drop).
struct MsgPattern {
  Pos pos = 0;  // the message name
  std::string message;
  std::vector<std::string> binders;  // one per field
  Pos channel_pos = 0;
  std::string channel;
  bool has_from = false, has_to = false;
  ProcPattern from, to;
};

enum class StmtOp : std::uint8_t {
  Assign,     // lhs := args[0]
  If,         // args = conditions; blocks = then-blocks (+ else block if blocks > args)
  Send,       // send channel msg(args) to target
  Broadcast,  // broadcast channel msg(args) [to target]
  Call,       // name(args)   builtin action: bind, passivate, add, remove, ...
  Choose,     // choose binder in domain [where args[0]] block
  Either,     // either block or block ...
  For,        // for binder in domain block
  Assert,     // assert args[0] [message]
  Emit,       // emit name(args)
  Deliver,    // deliver pattern [where args[0]] blocks[0]
  Drop,       // drop pattern [where args[0]]
  Skip,
};

struct Stmt;
using Block = std::vector<Stmt>;

struct Stmt {
  Pos pos = 0;
  StmtOp op = StmtOp::Skip;
  std::string name;                   // Call/Emit: name; Send/Broadcast: message; Assert: text
  std::string channel;                // Send/Broadcast
  Pos channel_pos = 0, name_pos = 0;  // Send/Broadcast/Call/Emit: where channel and name are
  std::string binder;                 // Choose/For
  std::shared_ptr<TypeExpr> domain;   // Choose/For
  Expr lhs;                           // Assign
  std::vector<Expr> args;
  std::vector<Expr> target;             // Send/Broadcast: at most one
  bool has_where = false;               // Choose, Deliver, Drop
  std::shared_ptr<MsgPattern> pattern;  // Deliver, Drop
  std::vector<Block> blocks;
};

// ---- declarations -------------------------------------------------------------------------

struct ConstDecl {
  Pos pos = 0;
  std::string name;
  Expr value;
};
struct TypeDecl {
  Pos pos = 0;
  std::string name;
  TypeExpr type;
};
struct ServiceDecl {
  Pos pos = 0;
  std::string name;
  std::string order = "none";
};
struct ModuleDecl {
  Pos pos = 0;
  std::string name, service;
  Pos service_pos = 0;
  std::vector<std::string> required;
  std::vector<Pos> required_pos;
};
struct Binding {
  Pos pos = 0;
  std::string module;
  std::string binding;
};
struct StacksDecl {
  Pos pos = 0;
  std::string name;
  Expr count;
  std::vector<Binding> modules;
};
struct WorkloadDecl {
  Pos pos = 0;
  std::string service, mode;
  Expr calls;
};
struct UpdateDecl {
  Pos pos = 0;
  std::string from, to, algorithm;
  Pos to_pos = 0, alg_pos = 0;
};
struct MessageDecl {
  Pos pos = 0;
  std::string name;
  std::vector<Field> fields;
};
struct EventDecl {
  Pos pos = 0;
  std::string name;
  std::vector<Field> fields;
};
struct ChannelCapacity {  // `[K] block|error` after a channel's order
  Expr capacity;
  std::string when_full;
};
struct ChannelDecl {
  Pos pos = 0;
  std::string name, order;
  bool has_capacity = false;  // `fifo[K] block|error`
  Expr capacity;
  std::string when_full;  // "block" or "error"
};
struct VarDecl {
  Pos pos = 0;
  bool global = false;
  std::string name;
  TypeExpr type;
  bool has_init = false;
  Expr init;
};
struct RuleDecl {
  Pos pos = 0;
  std::string fairness;  // "" (default: weakly fair), "fair", "unfair"
  std::string name;
  bool has_at = false;
  ProcPattern at;
  bool has_guard = false;
  Expr guard;
  Block body;
};
struct HandlerDecl {
  Pos pos = 0;
  std::string fairness;  // "" (default: weakly fair), "fair", "unfair"
  std::string message;   // a message name, or "recover"
  std::vector<std::string> params;
  std::vector<Pos> param_pos;
  bool has_from = false;
  ProcPattern from;
  bool has_at = false;
  ProcPattern at;
  bool has_guard = false;
  Expr guard;
  Block body;
};

/// Members of algorithm and process blocks (also allowed at top level).
struct Member {
  enum class Kind : std::uint8_t { Message, Event, Channel, Var, Rule, Handler } kind{};
  MessageDecl message;
  EventDecl event;
  ChannelDecl channel;
  VarDecl var;
  RuleDecl rule;
  HandlerDecl handler;
};

struct ProcessDecl {
  Pos pos = 0;
  std::string name;
  std::vector<Expr> dims;
  std::vector<Member> members;
};
struct AlgorithmDecl {
  Pos pos = 0;
  std::string name;
  std::vector<std::string> params;
  std::vector<Pos> param_pos;
  std::vector<Member> members;
};
struct FaultDecl {
  Pos pos = 0;
  std::string kind;  // "crash" | "byzantine"
  std::string family;
  Expr bound;
  std::string unit;        // crash: "" (as "down"), "down" (at once) or "crashes" (in all)
  bool recover = false;    // crash
  bool per_group = false;  // byzantine
};
struct CheckDecl {
  Pos pos = 0;
  std::string property;
  bool has_args = false;
  std::vector<Expr> args;
  bool has_pred = false;
  Expr pred;
};
struct NamedPredicate {
  Pos pos = 0;
  std::string kind /* invariant|eventually */, name;
  Expr pred;
};
struct EndDecl {
  Pos pos = 0;
  Expr pred;
};
struct AllowDecl {
  Pos pos = 0;
  std::string what;
};  // allow deadlock

struct Decl {
  enum class Kind : std::uint8_t {
    Const,
    Type,
    Service,
    Module,
    Stacks,
    Process,
    Workload,
    Update,
    Algorithm,
    Member,
    Fault,
    Check,
    Predicate,
    End,
    Allow
  } kind{};
  ConstDecl const_;
  TypeDecl type;
  ServiceDecl service;
  ModuleDecl module;
  StacksDecl stacks;
  ProcessDecl process;
  WorkloadDecl workload;
  UpdateDecl update;
  AlgorithmDecl algorithm;
  Member member;
  FaultDecl fault;
  CheckDecl check;
  NamedPredicate predicate;
  EndDecl end;
  AllowDecl allow;
};

struct Model {
  std::vector<Decl> decls;
};

}  // namespace dpu::ast
