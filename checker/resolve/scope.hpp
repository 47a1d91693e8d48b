// Private to checker/resolve: the names visible inside one expression or statement.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/model.hpp"

namespace dpu::resolve::detail {

/// A name bound by a pattern, parameter or quantifier. It stands for an expression: usually
/// a frame slot, but `at P[p]` makes `p` an alias of `self` (slot 0) and `at G[g][k]` makes
/// `g`, `k` stand for `group(self)`, `member(self)`, so no slot is duplicated.
struct Binder {
  std::string name;
  model::Expr value;
};

struct Scope {
  /// Family of the executing process (the type of `self`); kNone where there is no self
  /// (properties, `end when`, global variable initializers).
  model::Id family = model::kNone;
  bool has_self = false;
  /// The enclosing block's default family (`broadcast` without `to`, lone `at p`).
  model::Id default_family = model::kNone;
  /// Algorithm parameters visible here (name -> module id), or null.
  const std::map<std::string, model::Id>* params = nullptr;
  /// The frame receiving new binder slots.
  model::Frame* frame = nullptr;
  /// Innermost binder last; lookups search from the back.
  std::vector<Binder> binders;
  /// What is being resolved, for messages ("invariant", "rule", ...).
  const char* what = "rule";

  const Binder* find(const std::string& name) const {
    for (auto it = binders.rbegin(); it != binders.rend(); ++it)
      if (it->name == name) return &*it;
    return nullptr;
  }
};

}  // namespace dpu::resolve::detail
