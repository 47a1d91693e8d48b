// The typed model: the one intermediate representation every engine reads.
//
// The resolver (checker/resolve) builds it from the AST after constants (including `-D`
// overrides) are folded, so every size here is a concrete number: family sizes, range bounds,
// sequence capacities. Names are resolved to dense ids (indices into the tables below);
// expressions are typed; every type is finite. Engines (checker/explicit, later checker/smt)
// include this header and never the AST.
//
// Layout decisions made for what comes next:
//  - All values are scalars (int64) or fixed-shape aggregates of scalars (records, arrays,
//    sets as bitsets over a finite element type, bounded sequences), so an engine can lay a
//    state out once as a packed vector and Z3 can encode it as bit-vectors/arrays.
//  - Processes are grouped in families with 1 or 2 dimensions (groups of replicas); a process
//    identity is its flat instance index within the family. Stacks are one family flagged
//    `is_stacks`; symmetry reduction can permute the instances of a family.
//  - Faults are declared per family and kept separate from the rules, so engines can add
//    crash/recover/Byzantine transitions uniformly.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dpu::model {

using Id = std::uint32_t;
using Value = std::int64_t;
inline constexpr Id kNone = 0xffffffffu;
/// Byte offset into the model's source file, for messages that point at the model.
using Pos = std::uint32_t;

// ---- types --------------------------------------------------------------------------------

enum class TypeKind : std::uint8_t {
  Bool,    // 0/1
  Range,   // lo..hi
  Enum,    // 0..names.size()-1
  Family,  // process identity: 0..family.count-1
  Module,  // module id: 0..modules.size()-1
  Record,  // fields
  Array,   // index (a scalar type) -> elem
  Set,     // subset of a scalar elem type, a bitset of card(elem) bits
  Seq,     // up to `capacity` elems
};

struct Type {
  TypeKind kind = TypeKind::Bool;
  Value lo = 0, hi = 1;                            // Range (Bool: 0..1; Enum/Family/Module filled too)
  Id ref = kNone;                                  // Enum: enum id; Family: family id
  std::vector<std::pair<std::string, Id>> fields;  // Record: (name, type)
  Id index = kNone;                                // Array index type
  Id elem = kNone;                                 // Array/Set/Seq element type
  Value capacity = 0;                              // Seq
  std::string name;                                // user-facing spelling, for messages and dumps
};

/// True for Bool, Range, Enum, Family, Module: one value in one slot.
bool is_scalar(const Type& t);

struct EnumDef {
  std::string name;
  std::vector<std::string> literals;
};

// ---- expressions --------------------------------------------------------------------------

enum class ExprKind : std::uint8_t {
  Lit,        // value (of any scalar type, incl. enum literal, module id, process id)
  Global,     // global variable `id`
  Local,      // per-process variable `id` of the process args[0] (a Family-typed expr)
  Slot,       // binder slot `id` of the current frame (self, from, params, quantifier vars)
  Unary,      // op, args[0]
  Binary,     // op, args[0], args[1]
  Index,      // args[0][args[1]]   array element or sequence element
  Field,      // args[0].field #id
  Ite,        // args[0] ? args[1] : args[2]
  SetLit,     // {args...}
  SeqLit,     // [args...] (also the empty sequence)
  RecordLit,  // record value, args in field order
  Quant,      // op in {Forall, Exists, Count}; slot `id` ranges over type `domain`; args[0] body
  Builtin,    // builtin `fn`, args
  Choose,     // (reserved for nondeterministic expressions; not produced yet)
  InFlight,   // op in {Forall, Exists, Count} over the messages `pattern` matches; args[0] body
};

enum class Op : std::uint8_t {
  None,
  Not,
  Neg,
  And,
  Or,
  Implies,
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  Add,
  Sub,
  Mul,
  Div,
  Mod,
  In,  // element in set / in sequence
  Union,
  Diff,
  Inter,  // sets (written + - * on sets)
  Forall,
  Exists,
  Count,
};

/// Builtin predicates, functions and actions. DPU builtins take the stack first (the
/// resolver inserts the executing stack when the model omits it).
enum class Builtin : std::uint8_t {
  // DPU predicates over a stack (args[0]: Family-typed stack expr, then modules)
  Bound,
  Passive,
  Present,
  Idle,
  Pending,      // (stack, module)
  Free,         // (module) — global, over all modules of its type
  Replaceable,  // (stack, a, b)   rule (Replaceable)
  // fault status
  Crashed,
  Alive,   // (process)
  Faulty,  // (process): one of the faulty processes of a `fault byzantine`
  // functions
  Size,
  Len,
  Head,
  Tail,
  Append,
  Min,
  Max,
  Abs,
  Group,
  Member,  // 2-D family: group index / index in group
  Sender,  // reserved
};

struct MsgPattern;

struct Expr {
  ExprKind kind = ExprKind::Lit;
  Id type = kNone;  // result type (index into Model::types)
  Op op = Op::None;
  Builtin fn = Builtin::Bound;
  Value value = 0;    // Lit
  Id id = kNone;      // Global/Local: var id; Slot/Quant: slot; Field: field index
  Id domain = kNone;  // Quant: domain type
  std::vector<Expr> args;
  std::shared_ptr<const MsgPattern> pattern;  // InFlight
  Pos pos = 0;
};

/// Messages in flight on a channel: `M(x, y) in c from F[s] to G[r]` (in-flight quantifiers,
/// `deliver`, `drop`). A process constraint is a family (kNone: any process) and either a
/// fresh slot receiving the identity or an index expression the identity must equal
/// (evaluated per message, with the field slots bound), or neither (any process of it).
struct MsgPattern {
  Id channel = kNone, message = kNone;
  std::vector<Id> field_slots;  // one per message field, typed by the field
  Id from_family = kNone, from_slot = kNone;
  std::optional<Expr> from_index;
  Id to_family = kNone, to_slot = kNone;
  std::optional<Expr> to_index;
};

// ---- statements ---------------------------------------------------------------------------

enum class StmtKind : std::uint8_t {
  Assign,     // target (an lvalue Expr: Global/Local/Index/Field chain) := value
  If,         // conds[i] -> blocks[i]; an extra trailing block is the else
  Send,       // channel, message, args, dest (a Family-typed expr)
  Broadcast,  // channel, message, args, to every instance of `family` (or of group `dest`)
  Bind,
  Passivate,
  Remove,   // module on stack (args[0]: stack, args[1]: module)
  Add,      // args[0]: stack, args[1]: module, `bound` says the initial binding
  Choose,   // slot ranges over domain; cond = where (optional); blocks[0] body
  Either,   // blocks: one is chosen nondeterministically
  For,      // slot ranges over domain in order; blocks[0]
  Assert,   // cond, text
  Emit,     // event, args
  Deliver,  // pattern; conds[0] where (optional); blocks[0] runs per removed message
  Drop,     // pattern; conds[0] where (optional)
};

struct Stmt;
using Block = std::vector<Stmt>;

struct Stmt {
  StmtKind kind = StmtKind::Assert;
  Expr target;              // Assign lvalue
  Expr value;               // Assign rhs
  std::vector<Expr> conds;  // If conditions; Choose where / Assert condition in conds[0]
  std::vector<Block> blocks;
  Id channel = kNone, message = kNone, event = kNone;
  std::vector<Expr> args;                     // message/event/builtin arguments
  std::optional<Expr> dest;                   // Send destination / Broadcast group (2-D family) if any
  Id family = kNone;                          // Broadcast destination family
  Id slot = kNone, domain = kNone;            // Choose/For
  bool bound = false;                         // Add
  std::string text;                           // Assert message
  std::shared_ptr<const MsgPattern> pattern;  // Deliver/Drop
  Pos pos = 0;
};

// ---- processes, variables, channels -------------------------------------------------------

/// A binder frame: the slots a rule or handler can refer to, with their types.
struct Frame {
  std::vector<std::pair<std::string, Id>> slots;  // slot 0 is always `self`
};

struct Family {
  std::string name;
  std::vector<Value> dims;  // 1 or 2 dimensions (groups x members); [] for a singleton
  Value count = 1;          // product of dims
  bool is_stacks = false;   // the protocol stacks of the DPU model
  Id type = kNone;          // the Family type of its identities
  std::vector<Id> vars;     // per-process variables of this family
  Pos pos = 0;
};

struct Var {
  std::string name;
  Id type = kNone;
  Id family = kNone;         // kNone: a global variable
  std::optional<Expr> init;  // evaluated per instance with slot 0 = self; none: type's zero
  Pos pos = 0;
  Frame init_frame;  // slot 0 = self (type kNone for a global), then quantifier slots
};

enum class Order : std::uint8_t { None, Fifo, Total };  // services
enum class ChannelOrder : std::uint8_t { Unordered, Fifo, Total };

struct Channel {
  std::string name;
  ChannelOrder order = ChannelOrder::Unordered;
  /// Fifo only: messages each (sender, receiver) queue holds; 0: no bound of its own.
  Value capacity = 0;
  /// What a send to a full queue does: disable the step (true) or a runtime error.
  bool block_when_full = false;
  Pos pos = 0;
};

struct MessageType {  // control messages and events share this shape
  std::string name;
  std::vector<std::pair<std::string, Id>> fields;
  Pos pos = 0;
};

enum class Fairness : std::uint8_t { Weak, Unfair };

/// `rule NAME at F[i] when G { body }`: enabled for each instance (or only the fixed one).
struct Rule {
  std::string name;
  Id family = kNone;
  std::optional<Value> fixed_instance;  // `at P[0]`
  Fairness fairness = Fairness::Weak;
  Frame frame;
  std::optional<Expr> guard;
  Block body;
  Pos pos = 0;
};

/// `on MSG(x, y) from F[q] at G[p] when C { body }`: consumes one deliverable message.
/// A message with no matching enabled handler stays in its channel (and blocks FIFO/total
/// channels for that receiver).
struct Handler {
  Id message = kNone;  // kNone with `on_recover`
  bool on_recover = false;
  Id family = kNone;  // receiving family
  std::optional<Value> fixed_instance;
  Id from_family = kNone;       // kNone: any sender
  Id from_slot = kNone;         // slot bound to the sender identity
  std::vector<Id> param_slots;  // one per message field
  Fairness fairness = Fairness::Weak;
  Frame frame;
  std::optional<Expr> guard;
  Block body;
  Pos pos = 0;
};

// ---- the DPU protocol layer ---------------------------------------------------------------

struct Service {
  std::string name;
  Order order = Order::None;
  Pos pos = 0;
};

struct Module {
  std::string name;
  Id service = kNone;         // x of (x, R)
  std::vector<Id> requires_;  // R (sorted service ids)
  Pos pos = 0;
};

enum class Binding : std::uint8_t { Absent = 0, Passive = 1, Bound = 2 };

struct Stacks {
  Id family = kNone;
  std::vector<std::pair<Id, Binding>> initial;  // module -> binding in every stack
};

struct Workload {
  Id service = kNone;
  bool broadcast = true;  // false: point-to-point, any destination stack
  Value calls_per_stack = 1;
  Pos pos = 0;
};

struct Update {
  Id from = kNone, to = kNone;  // modules a -> b
  Id algorithm = kNone;
  Pos pos = 0;
};

struct Algorithm {
  std::string name;
  std::vector<std::string> params;  // bound to modules by the update
  Pos pos = 0;
};

// ---- faults and properties ----------------------------------------------------------------

struct Fault {
  enum class Kind : std::uint8_t { Crash, Byzantine } kind = Kind::Crash;
  Id family = kNone;
  Value at_most = 0;
  // Crash: at_most bounds the crash events of the whole run (`at most k crashes`), not the
  // processes down at once (`at most k [down]`).
  bool counts_events = false;
  bool recover = false;
  bool per_group = false;
  Pos pos = 0;
};

enum class PropertyKind : std::uint8_t {
  Replaceable,         // static rule (Replaceable) on every stack: modules a, b
  Freedom,             // Lemma 1: a free whenever b is bound in place of a
  StrongUpdate,        // a, b
  WeakUpdate,          // a, b
  Order,               // service
  Terminates,          // pred (default: every live stack has b bound and a absent)
  Invariant,           // pred
  Eventually,          // pred, under weak fairness
  LinearizableCommit,  // events named in `events`
  MdcdRecoverable,     // args as written
};

struct Property {
  PropertyKind kind = PropertyKind::Invariant;
  std::string name;         // user name, or the canonical `strong_update(ct, mr)`
  Id a = kNone, b = kNone;  // modules
  Id service = kNone;
  std::vector<Id> events;
  // LinearizableCommit: which of its three verdicts (spec/properties.md); events are
  // (decide, served, txn_end), group_type and txn_type the types of their group and
  // transaction fields; upgrade_type that of decide's optional upgrade field (kNone: one
  // upgrade).
  enum class Part : std::uint8_t { Atomicity, Linearizability, Liveness } part = Part::Atomicity;
  Id group_type = kNone, txn_type = kNone, upgrade_type = kNone;
  std::vector<Expr> args;
  std::optional<Expr> pred;
  Frame frame;  // binders used inside pred (quantifiers); slot 0 unused
  Pos pos = 0;
};

// ---- the model ----------------------------------------------------------------------------

struct Model {
  std::string source_name;
  std::vector<std::pair<std::string, Value>> constants;  // in declaration order, folded

  std::vector<Type> types;
  std::vector<EnumDef> enums;
  std::vector<Family> families;
  std::vector<Var> vars;
  std::vector<Channel> channels;
  std::vector<MessageType> messages;
  std::vector<MessageType> events;
  std::vector<Rule> rules;
  std::vector<Handler> handlers;

  std::vector<Service> services;
  std::vector<Module> modules;
  std::optional<Stacks> stacks;
  std::vector<Workload> workloads;
  std::vector<Algorithm> algorithms;
  std::vector<Update> updates;

  std::vector<Fault> faults;
  std::vector<Property> properties;
  std::optional<Expr> end_when;  // terminal states satisfying it are not deadlocks
  Frame end_when_frame;          // quantifier slots of end_when; slot 0 unused
  bool allow_deadlock = false;

  // Well-known type ids, created first by the resolver.
  Id bool_type = kNone;
  Id module_type = kNone;
};

/// Whether instance `instance` of family `family` is faulty: the last `at_most` processes of
/// the family (per group: the last `at_most` members of each group) of a `fault byzantine`
/// declared for it (spec/language.md §8). Fixed for the whole run.
bool is_faulty(const Model& m, Id family, Value instance);

/// Number of distinct values of a scalar type, saturated at INT64_MAX (so it cannot tell
/// 2^63 - 1 values from 2^64; use `bits_needed` to size storage).
Value cardinality(const Model& m, Id type);

/// The largest offset `hi - lo` of a value of lo..hi from `lo`, computed exactly in unsigned
/// arithmetic (it never overflows, even for INT64_MIN..INT64_MAX); 0 when hi <= lo.
std::uint64_t max_offset(Value lo, Value hi);

/// Bits that hold every offset 0..max_offset: 0 for 0 (a one-value slot), at most 64.
unsigned bits_for_offset(std::uint64_t max_offset);

/// Bits needed to store any value of a scalar type as its offset from the type's lower bound.
/// Exact for every int64 range: `-1..INT64_MAX` needs 64 bits.
unsigned bits_needed(const Model& m, Id type);

}  // namespace dpu::model
