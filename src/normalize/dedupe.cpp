#include "pft/normalize/dedupe.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <unordered_map>
#include <vector>

#include "pft/core/similarity.hpp"

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

}  // namespace

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
  // A listing compares the same few hundred titles hundreds of thousands of
  // times: with title ids, each ordered pair's answer is kept.
  std::unordered_map<std::uint64_t, bool> similar_memo;
  auto similar = [&](const DedupeItem& a, const DedupeItem& b) {
    if (a.title_id == UINT32_MAX || b.title_id == UINT32_MAX) return text::similarTitles(a.title_key, b.title_key);
    const std::uint64_t pair = (static_cast<std::uint64_t>(a.title_id) << 32) | b.title_id;
    auto [it, inserted] = similar_memo.try_emplace(pair, false);
    if (inserted) it->second = text::similarTitles(a.title_key, b.title_key);
    return it->second;
  };
  for (std::size_t oi = 1; oi < n; ++oi) {
    const DedupeItem& cur = items[order[oi]];
    for (std::size_t oj = oi; oj-- > 0;) {
      const DedupeItem& prev = items[order[oj]];
      if (prev.venue != cur.venue || cur.start - prev.start > kDayWindow) break;
      bool same = false;
      if (cur.start == prev.start && cur.title_key == prev.title_key) {
        same = true;
      } else if (cur.time_known && prev.time_known) {
        same = cur.start - prev.start <= kNearWindow && similar(cur, prev);
      } else {
        same = cur.local_day == prev.local_day && similar(cur, prev);
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
  if (!kept.end && dup.end) {
    kept.end = dup.end;
    kept.end_time_known = dup.end_time_known;
    kept.multi_day = dup.multi_day;
  }
  // A start taken from the duplicate may pass the end read with the other
  // start (a day-only start with its "2h" end): the store refuses an end
  // before the start, so the duplicate's end is used, or none.
  if (kept.end && *kept.end < kept.start) {
    const bool dup_fits = dup.end && *dup.end >= kept.start;
    kept.end = dup_fits ? dup.end : std::nullopt;
    kept.end_time_known = !dup_fits || dup.end_time_known;
    kept.multi_day = dup_fits && dup.multi_day;
  }
  if (!kept.buy_in_cents && dup.buy_in_cents) kept.buy_in_cents = dup.buy_in_cents;
  if (!kept.fee_cents && dup.fee_cents) kept.fee_cents = dup.fee_cents;
  if (!kept.guarantee_cents && dup.guarantee_cents) kept.guarantee_cents = dup.guarantee_cents;
  if (dup.description.size() > kept.description.size()) kept.description = dup.description;
  for (const auto& tag : dup.tags) {
    if (std::find(kept.tags.begin(), kept.tags.end(), tag) == kept.tags.end()) kept.tags.push_back(tag);
  }
  if (kept.event_url.empty()) kept.event_url = dup.event_url;
  if (kept.venue.address.empty()) kept.venue.address = dup.venue.address;
  if (kept.venue.postcode.empty()) kept.venue.postcode = dup.venue.postcode;
  if (!kept.venue.latitude && dup.venue.latitude) {
    kept.venue.latitude = dup.venue.latitude;
    kept.venue.longitude = dup.venue.longitude;
    kept.venue.geocode_source = dup.venue.geocode_source;
  }
}

}  // namespace pft::normalize
