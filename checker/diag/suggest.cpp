#include "diag/suggest.hpp"

#include <algorithm>
#include <vector>

namespace dpu::diag {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  // optimal string alignment: Levenshtein plus the swap of two adjacent characters, the most
  // common typo ("form" for "from")
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i)
    for (std::size_t j = 1; j <= m; ++j) {
      d[i][j] =
          std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[n][m];
}

std::string closest(const std::string& name, const std::vector<std::string>& candidates) {
  // a name of one or two characters is close to too many others for a guess to help
  const std::size_t limit = name.size() / 3;
  if (limit == 0) return {};
  std::string best;
  std::size_t best_d = limit + 1;
  for (const std::string& c : candidates) {
    if (c == name || c.empty()) continue;
    // cheap bound first: the lengths alone already differ by more than the limit
    std::size_t gap = c.size() > name.size() ? c.size() - name.size() : name.size() - c.size();
    if (gap > limit) continue;
    std::size_t d = edit_distance(name, c);
    // ties: a candidate of the same length (a swap or a substitution) reads as the likelier typo
    bool better = d < best_d || (d == best_d && c.size() == name.size() && best.size() != name.size());
    if (better) best = c, best_d = d;
  }
  return best;
}

std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates) {
  std::string c = closest(name, candidates);
  return c.empty() ? "" : "; did you mean '" + c + "'?";
}

}  // namespace dpu::diag
