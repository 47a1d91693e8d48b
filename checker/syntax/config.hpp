// Iterator, skipper and context types shared by the grammar definition and its single
// instantiation unit (the split recommended by X3's calc/rexpr examples keeps compile cost
// in one .cpp).
#pragma once

#include <boost/spirit/home/x3.hpp>

namespace dpu::syntax::grammar {

namespace x3 = boost::spirit::x3;

using iterator_type = const char*;

// Whitespace and comments. An unterminated block comment is caught earlier by the prescan,
// which can point at its opening.
struct skipper_tag;
inline auto const skipper = x3::rule<skipper_tag>{"whitespace"} =
    x3::ascii::space | (x3::lit("//") >> *(x3::char_ - x3::eol)) |
    (x3::lit("/*") >> *(x3::char_ - x3::lit("*/")) >> x3::lit("*/"));
using skipper_type = std::remove_const_t<decltype(skipper)>;

using context_type = x3::phrase_parse_context<skipper_type>::type;

/// Start of the buffer being parsed, for turning iterators into byte offsets. Set by the
/// parse driver around each call (one parse at a time per thread).
inline thread_local const char* g_source_begin = nullptr;

}  // namespace dpu::syntax::grammar
