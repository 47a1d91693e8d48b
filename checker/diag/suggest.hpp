// "did you mean" for a misspelt name: the closest candidate by edit distance, if it is close
// enough to be a likely typo (rustc's and Clang's rule of thumb: about a third of the length).
#pragma once

#include <string>
#include <vector>

namespace dpu::diag {

/// Edit distance: insertions, deletions, substitutions and swaps of adjacent characters, each 1.
std::size_t edit_distance(const std::string& a, const std::string& b);

/// The candidate closest to `name` within name.size() / 3 edits (so none for a name shorter
/// than 3), or "" when none is that close. Ties go to a candidate of `name`'s length, then to the first in
/// order; `name` itself is never suggested.
std::string closest(const std::string& name, const std::vector<std::string>& candidates);

/// "; did you mean 'x'?" for closest(), or "".
std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace dpu::diag
