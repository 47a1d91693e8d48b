// What may stand at the point of a syntax error: for "expected one of ..." notes after a
// misspelt word, as rustc lists the tokens its parser would have accepted.
#pragma once

#include <string>
#include <vector>

#include "syntax/config.hpp"

namespace dpu::syntax {

/// The tokens that the parser accepts at `where` in place of the word there, when parsing
/// resumes at `start` with declarations (`members` false) or with the members of an
/// algorithm or process block, closed by its '}', then declarations (`members` true). Each
/// candidate (a punctuation token, a keyword, "a name", "a number") is put at `where` in a
/// copy of the text from `start` that ends with it, and kept if the parser gets past its first
/// character; a keyword that only starts a longer construct without committing to it (`fair`
/// before `rule`) is kept if some keyword, name, '{' or '(' after it gets the parser past it.
/// `previous`, when not null, is where the declaration before the one at `start` began: the
/// keywords that continue it (`fault crash C at most 1` then `down`) are listed too.
/// Quoted ("'from'"), punctuation first, then keywords alphabetically, then "a name", "a
/// number" and "an operator" (in place of the binary operators, when every one fits). Empty when the text
/// from `start` (or `previous`) to `where` is longer than 64 KiB.
std::vector<std::string> may_follow(grammar::iterator_type start, grammar::iterator_type where, bool members,
                                    grammar::iterator_type previous = nullptr);

}  // namespace dpu::syntax
