#pragma once
// Series: the flights and days of one festival (« WPO Lyon - Main Event
// Day 1A », « Jour 2 », « Finale », its satellites and side events) grouped
// under one banner, at one venue, over consecutive days. Series are not
// stored: they are derived from the tournaments of a snapshot by the pure
// function groupSeries, so SQLite and PostgreSQL give the same series by
// construction and no migration is needed. All functions are pure and
// thread-safe.
//
// The rule (docs/api.md « Series » says the same for clients):
//  1. A title is cut at its first separator (" - ", " – ", " — ", " | ",
//     ": ", " / ", " · ", " • ") into segments and read as folded words.
//     Festival markers are removed: a flight or day (« Day 1A », « Jour 2 »,
//     « Journée 3 », « Flight B », « J1A », « D2 », « Finale », « Final
//     Day », « Table finale ») and event words (« Main Event », « Tournoi
//     principal », « Side event », « Satellite », « High Roller », « Warm
//     up », « Event #5 »). The banner is what remains of the first segment
//     that keeps a word, without leading or trailing connectors (du, de, la,
//     the, of, …): « WPO Lyon - Main Event Day 1A » -> « WPO Lyon ».
//  2. A title with a marker is "tagged"; one with a flight/day marker is a
//     "flight". Tagged tournaments of one venue (venue_id) with the same
//     banner key are ordered by start and chained while the next starts at
//     most one Paris day after the chain's last day (a gap of a day or more
//     without a tournament breaks the chain).
//  3. A chain is a series when it has two tournaments or more, or one
//     flight (what is left of a festival whose first days are over). A
//     one-off or a weekly tournament is never a series; two venues are
//     never merged.
//  4. Untagged tournaments of the same venue and banner whose day lies
//     within a series' days join it (a festival's « WPO Lyon - Bounty 250 »),
//     but never extend it.
//  5. A series' id is a 53-bit hash (FNV-1a of venue id, banner key and last
//     day; fits a JavaScript number) and stays the same while those do:
//     flights that finish and leave the snapshot do not move it.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pft/core/types.hpp"

namespace pft::readmodel {

// What a title says about series: its banner (folded key, and as written)
// and its markers.
struct SeriesTitle {
  std::string banner_key;   // folded words of the banner, "" when the title is only markers
  std::string banner;       // the banner as written (its words, original case and accents)
  bool tagged = false;      // holds a festival marker
  bool flight = false;      // holds a flight/day/final marker
};

SeriesTitle readSeriesTitle(std::string_view title);

struct Series {
  std::int64_t id = 0;
  std::string name;  // the banner as written by the first member; "" when only markers
  std::string banner_key;
  std::int64_t venue_id = 0;
  std::int64_t first_day = 0;  // Paris calendar days since 1970-01-01
  std::int64_t last_day = 0;
  std::vector<std::size_t> members;  // indexes into the input, ordered by (start, id)
};

struct SeriesGrouping {
  std::vector<Series> series;                  // ordered by (first member's start, id)
  std::vector<std::size_t> of_tournament;      // per input index: index into series, or SIZE_MAX
};

// Groups `tournaments` (any order) into series by the rule above.
SeriesGrouping groupSeries(const std::vector<Tournament>& tournaments);

// Paris calendar day of `t` as days since 1970-01-01.
std::int64_t parisDay(Instant t);

}  // namespace pft::readmodel
