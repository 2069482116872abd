#include "pft/core/similarity.hpp"

#include <algorithm>
#include <cstddef>
#include <numeric>
#include <string_view>
#include <vector>

namespace pft::text {
namespace {

// Words of a folded title that contain a digit, sorted.
std::vector<std::string_view> numberWords(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    auto w = s.substr(i, j - i);
    if (std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; })) out.push_back(w);
    i = j + 1;
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Whether the Levenshtein distance of `a` (the longer) and `b` is at most
// `k`: only the diagonal band of width k is computed, with an early exit when
// a whole row exceeds k. Same answer as the full table, O(|a| k).
bool withinEditDistance(std::string_view a, std::string_view b, std::size_t k) {
  if (a.size() - b.size() > k) return false;
  const std::size_t m = b.size();
  const std::size_t inf = k + 1;
  thread_local std::vector<std::size_t> row;
  row.assign(m + 1, inf);
  for (std::size_t j = 0; j <= std::min(m, k); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    const std::size_t lo = i > k ? i - k : 1;
    const std::size_t hi = std::min(m, i + k);
    std::size_t diag = row[lo - 1];
    row[lo - 1] = lo == 1 && i <= k ? i : inf;
    std::size_t row_min = row[lo - 1];
    for (std::size_t j = lo; j <= hi; ++j) {
      const std::size_t up = row[j];
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      std::size_t v = std::min({up + 1, row[j - 1] + 1, diag + cost});
      if (v > inf) v = inf;
      diag = up;
      row[j] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > k) return false;
  }
  return row[m] <= k;
}

}  // namespace

double titleSimilarity(std::string_view a, std::string_view b) {
  if (a == b) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  if (a.size() < b.size()) std::swap(a, b);
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + cost});
      diag = up;
    }
  }
  return 1.0 - static_cast<double>(row[b.size()]) / static_cast<double>(a.size());
}

bool similarTitles(std::string_view a, std::string_view b) {
  if (a == b) return true;
  // The length difference alone caps the similarity: skip Levenshtein then.
  auto longest = static_cast<double>(std::max(a.size(), b.size()));
  auto diff = static_cast<double>(a.size() > b.size() ? a.size() - b.size() : b.size() - a.size());
  if (1.0 - diff / longest < kSimilarTitleThreshold) return false;
  // titleSimilarity(a, b) >= the threshold without the full table: the
  // largest edit distance that passes, computed with the same arithmetic,
  // bounds a band.
  if (a.empty() || b.empty()) return false;
  std::size_t k = 0;
  while (k < a.size() + b.size() && 1.0 - static_cast<double>(k + 1) / longest >= kSimilarTitleThreshold) ++k;
  if (!withinEditDistance(a.size() >= b.size() ? a : b, a.size() >= b.size() ? b : a, k)) return false;
  return numberWords(a) == numberWords(b);
}

}  // namespace pft::text
