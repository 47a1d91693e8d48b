// The only translation unit that instantiates the X3 grammar (compile cost lives here).
#include "syntax/grammar_def.hpp"

namespace dpu::syntax::grammar {

BOOST_SPIRIT_INSTANTIATE(decl_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(member_type, iterator_type, context_type)

const decl_type& declaration() { return decl; }
const member_type& block_member() { return member; }

}  // namespace dpu::syntax::grammar
