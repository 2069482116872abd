#include "pft/normalize/dedupe.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

namespace pft::normalize {
namespace {

constexpr auto kNearWindow = std::chrono::hours(2);
constexpr auto kDayWindow = std::chrono::hours(26);  // a local day, DST included

std::size_t findRoot(std::vector<std::size_t>& parent, std::size_t i) {
  while (parent[i] != i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

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
  // Early exit: the length difference alone bounds the similarity.
  double longest = static_cast<double>(a.size());
  if (1.0 - static_cast<double>(a.size() - b.size()) / longest < 0.5) {
    return 1.0 - static_cast<double>(a.size() - b.size()) / longest;
  }
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
  return 1.0 - static_cast<double>(row[b.size()]) / longest;
}

bool similarTitles(std::string_view a, std::string_view b) {
  if (a == b) return true;
  // The length difference alone caps the similarity: skip Levenshtein then.
  auto longest = static_cast<double>(std::max(a.size(), b.size()));
  auto diff = static_cast<double>(a.size() > b.size() ? a.size() - b.size() : b.size() - a.size());
  if (1.0 - diff / longest < 0.9) return false;
  // titleSimilarity(a, b) >= 0.9 without the full table: the largest edit
  // distance that passes, computed with the same arithmetic, bounds a band.
  if (a.empty() || b.empty()) return false;
  std::size_t k = 0;
  while (k < a.size() + b.size() && 1.0 - static_cast<double>(k + 1) / longest >= 0.9) ++k;
  if (!withinEditDistance(a.size() >= b.size() ? a : b, a.size() >= b.size() ? b : a, k)) return false;
  return numberWords(a) == numberWords(b);
}

std::vector<std::size_t> findDuplicates(const std::vector<DedupeItem>& items) {
  const std::size_t n = items.size();
  // Order by venue, start, input position, sorting compact keys (not
  // indices that point back into the items: that is several times slower).
  struct SortKey {
    std::uint32_t venue;
    std::int64_t start;
    std::size_t index;
  };
  std::vector<SortKey> keys(n);
  for (std::size_t i = 0; i < n; ++i) {
    keys[i] = SortKey{items[i].venue, static_cast<std::int64_t>(items[i].start.time_since_epoch().count()), i};
  }
  std::sort(keys.begin(), keys.end(), [](const SortKey& x, const SortKey& y) {
    if (x.venue != y.venue) return x.venue < y.venue;
    if (x.start != y.start) return x.start < y.start;
    return x.index < y.index;
  });
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = keys[i].index;
  std::vector<std::size_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  for (std::size_t oi = 1; oi < n; ++oi) {
    const DedupeItem& cur = items[order[oi]];
    for (std::size_t oj = oi; oj-- > 0;) {
      const DedupeItem& prev = items[order[oj]];
      if (prev.venue != cur.venue || cur.start - prev.start > kDayWindow) break;
      bool same = false;
      if (cur.start == prev.start && cur.title_key == prev.title_key) {
        same = true;
      } else if (cur.time_known && prev.time_known) {
        same = cur.start - prev.start <= kNearWindow && similarTitles(cur.title_key, prev.title_key);
      } else {
        same = cur.local_day == prev.local_day && similarTitles(cur.title_key, prev.title_key);
      }
      if (same) {
        std::size_t ra = findRoot(parent, order[oi]);
        std::size_t rb = findRoot(parent, order[oj]);
        if (ra != rb) parent[std::max(ra, rb)] = std::min(ra, rb);
      }
    }
  }
  // The kept item of each group: priority, then richness, then input order.
  std::vector<std::size_t> best(n, kNotDuplicate);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t r = findRoot(parent, i);
    std::size_t& b = best[r];
    if (b == kNotDuplicate || items[i].priority > items[b].priority ||
        (items[i].priority == items[b].priority && items[i].richness > items[b].richness)) {
      b = i;
    }
  }
  std::vector<std::size_t> out(n, kNotDuplicate);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t kept = best[findRoot(parent, i)];
    if (kept != i) out[i] = kept;
  }
  return out;
}

int richness(const Tournament& t) {
  int r = 0;
  r += t.end ? 1 : 0;
  r += t.buy_in_cents ? 1 : 0;
  r += t.fee_cents ? 1 : 0;
  r += t.guarantee_cents ? 1 : 0;
  r += t.description.empty() ? 0 : 1;
  r += t.tags.empty() ? 0 : 1;
  r += t.event_url.empty() ? 0 : 1;
  r += t.time_known ? 1 : 0;
  r += t.venue.address.empty() ? 0 : 1;
  r += t.venue.latitude ? 1 : 0;
  return r;
}

void mergeInto(Tournament& kept, const Tournament& dup) {
  if (!kept.time_known && dup.time_known) {
    kept.start = dup.start;
    kept.time_known = true;
  }
  if (!kept.end && dup.end) kept.end = dup.end;
  if (!kept.buy_in_cents && dup.buy_in_cents) kept.buy_in_cents = dup.buy_in_cents;
  if (!kept.fee_cents && dup.fee_cents) kept.fee_cents = dup.fee_cents;
  if (!kept.guarantee_cents && dup.guarantee_cents) kept.guarantee_cents = dup.guarantee_cents;
  if (dup.description.size() > kept.description.size()) kept.description = dup.description;
  for (const auto& tag : dup.tags) {
    if (std::find(kept.tags.begin(), kept.tags.end(), tag) == kept.tags.end()) kept.tags.push_back(tag);
  }
  if (kept.event_url.empty()) kept.event_url = dup.event_url;
  kept.multi_day = kept.multi_day || dup.multi_day;
  if (kept.venue.address.empty()) kept.venue.address = dup.venue.address;
  if (kept.venue.postcode.empty()) kept.venue.postcode = dup.venue.postcode;
  if (!kept.venue.latitude && dup.venue.latitude) {
    kept.venue.latitude = dup.venue.latitude;
    kept.venue.longitude = dup.venue.longitude;
    kept.venue.geocode_source = dup.venue.geocode_source;
  }
}

}  // namespace pft::normalize
