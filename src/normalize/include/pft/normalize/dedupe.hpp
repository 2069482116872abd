#pragma once
// Duplicate detection and merging for one normalisation run, within and
// across sources. Two events are the same tournament when they are at the
// same venue (venue key, see venue.hpp) and either
//   - exact: same folded title and same start (the prototype's unique key), or
//   - near: starts within 2 hours (or, when either has no time, on the same
//     local day) and similar folded titles: text::similarTitles
//     (core/similarity.hpp: at least 90 % similar, 1 - Levenshtein distance /
//     longer length, with the same numbers in both titles; "Day 1A" and
//     "Day 1B", "Deepstack 150" and "Deepstack 200" stay apart).
// Within a group of duplicates the kept event is the one of highest source
// priority (an organiser's own site beats an aggregator), then the richest
// (most fields known), then the first in the input. Pure and thread-safe.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pft/core/types.hpp"

namespace pft::normalize {

struct DedupeItem {
  std::uint32_t venue = 0;  // venue identity (same number = same venue key)
  std::string_view title_key;  // text::foldKey(title); must outlive findDuplicates()
  // Optional: the same number for the same title_key (a run's folded title
  // id), so that each pair of titles is compared once; UINT32_MAX: compare
  // every time.
  std::uint32_t title_id = UINT32_MAX;
  Instant start{};
  bool time_known = true;
  std::int32_t local_day = 0;  // days since 1970-01-01 of the local start date
  int priority = 0;
  int richness = 0;  // number of known optional fields (see richness())
};

inline constexpr std::size_t kNotDuplicate = static_cast<std::size_t>(-1);

// For each item, the index of the item it duplicates (the kept one), or
// kNotDuplicate. Kept items map to kNotDuplicate. O(n log n) plus the pairs
// of one venue within a day of each other.
std::vector<std::size_t> findDuplicates(const std::vector<DedupeItem>& items);

// Number of known optional fields of a tournament (end, buy-in, fee,
// guarantee, description, tags, event_url, venue address/coordinates, time).
int richness(const Tournament& t);

// Completes `kept` with what only `dup` knows: end, buy-in, fee, guarantee,
// a longer description, tags (union), event URL, the time when `kept` had a
// date only, venue address and coordinates. The end never comes before the
// start: when the start taken from `dup` passes `kept`'s end, `dup`'s end
// (if it fits) replaces it, else there is none; multi_day follows the end.
void mergeInto(Tournament& kept, const Tournament& dup);

}  // namespace pft::normalize
