// Declaration of the top-level grammar rule: one declaration of a .dpu model.
#pragma once

#include "syntax/ast.hpp"
#include "syntax/config.hpp"

namespace dpu::syntax::grammar {

struct decl_class;
using decl_type = x3::rule<decl_class, ast::Decl>;
BOOST_SPIRIT_DECLARE(decl_type)

struct member_class;
using member_type = x3::rule<member_class, ast::Member>;
BOOST_SPIRIT_DECLARE(member_type)

/// The rule parsing one top-level declaration (defined in grammar_def.hpp).
const decl_type& declaration();
/// The rule parsing one member of an algorithm or process block (for error recovery inside
/// a block).
const member_type& block_member();

}  // namespace dpu::syntax::grammar
