#pragma once
// Snapshot: an immutable in-memory copy of what the site and the API serve —
// every tournament not finished when it was loaded, and all venues — plus
// the folded keys the filters compare. Withdrawn tournaments (status
// removed) are kept apart, in `withdrawn`: listings leave them out. Built once from the Store, then shared
// read-only between request threads (shared_ptr<const>), and replaced as a
// whole when the store's data version changes (SnapshotHolder).
//
// "Not finished" is re-evaluated at request time against the clock; the
// epoch (how many loaded tournaments have finished by `now`) changes exactly
// when that set changes, so it is part of every cache key and ETag.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "pft/core/result.hpp"
#include "pft/core/source_status.hpp"
#include "pft/core/types.hpp"
#include "pft/readmodel/series.hpp"

namespace pft::store {
class Store;
}

namespace pft::readmodel {

struct Snapshot {
  std::int64_t data_version = 0;
  Instant loaded_at{};
  std::vector<Venue> venues;  // by id
  std::unordered_map<std::int64_t, std::size_t> venue_index;
  std::vector<Tournament> tournaments;  // ordered by (start, id); venue in `venues` (see withVenue)
  std::unordered_map<std::int64_t, std::size_t> tournament_index;
  // The highest id in `tournaments` (0 when empty). Ids only grow: a lower
  // id that is found nowhere was removed (the site answers it 410).
  std::int64_t max_tournament_id = 0;
  std::vector<std::string> variants;  // codes present
  // The catalog's sources as the last runs recorded them (disabled ones
  // included), by name: what /sources shows.
  std::vector<SourceStatus> sources;

  // Per tournament (same index): folded title, finish instant (end, else start).
  std::vector<std::string> folded_title;
  std::vector<Instant> finish;
  std::vector<Instant> finish_sorted;
  // Per venue (same index as venues): folded name, city, department, region.
  struct VenueKeys {
    std::string name, city, department, department_code, region;
  };
  std::vector<VenueKeys> venue_keys;
  std::vector<std::size_t> tournament_venue;  // index into venues, or SIZE_MAX

  // Series derived from the tournaments (series.hpp), members as indexes into
  // `tournaments`; a series without a banner is named after its venue.
  std::vector<Series> series;  // ordered by first member's (start, id)
  std::unordered_map<std::int64_t, std::size_t> series_index;  // id -> index
  std::vector<std::size_t> tournament_series;  // per tournament: index into series, or SIZE_MAX
  // The withdrawn tournaments not finished when loaded (status removed), as
  // a snapshot of their own (same venues): what status=removed lists and
  // what calendar feeds carry as cancellations. Null when not loaded (a
  // snapshot built by hand, or of past tournaments).
  std::shared_ptr<const Snapshot> withdrawn;
  // Tournament id -> how many changes it has had (tournament_changes): its
  // iCalendar SEQUENCE. Absent: none.
  std::unordered_map<std::int64_t, std::int64_t> change_count;

  // How many loaded tournaments have finished before `now`.
  std::size_t epoch(Instant now) const;
  // Tournaments not finished at `now`.
  std::size_t upcomingCount(Instant now) const { return tournaments.size() - epoch(now); }
};

// Loads a snapshot (tournaments not finished at `now` and not withdrawn, and
// all venues) in pages, so that the peak memory of a reload stays small; and
// its `withdrawn` part.
Result<std::shared_ptr<Snapshot>> loadSnapshot(store::Store& store, Instant now);

// Builds the derived keys of a snapshot from already-filled tournaments and
// venues (sorted here). Used by loadSnapshot and by include_past queries.
void indexSnapshot(Snapshot& s);

// True when tournament i of `s` matches every filter of `f` (the rules are
// written beside TournamentFilter) at `f.now`; ignores cursor/offset/limit.
bool matches(const Snapshot& s, std::size_t i, const TournamentFilter& f);

// How many tournaments of each source (Tournament::source_name) are not
// finished at `now`; a source without any is absent.
std::unordered_map<std::string, std::int64_t> upcomingCountBySource(const Snapshot& s, Instant now);

// Tournament i of `s` with its venue attached (for rendering).
Tournament withVenue(const Snapshot& s, std::size_t i);

// The id of tournament i's series, if it belongs to one.
std::optional<std::int64_t> seriesIdOf(const Snapshot& s, std::size_t i);

// Series with a member not finished at `now` (the upcoming ones), in order.
std::vector<std::size_t> upcomingSeries(const Snapshot& s, Instant now);

struct ListResult {
  std::vector<std::size_t> items;  // indexes into s.tournaments, in order
  std::int64_t total = 0;          // matches ignoring pagination
  std::optional<Cursor> next;      // when more items follow
};

// Filters, orders (start, id) and paginates (cursor, else offset; limit) at `f.now`.
ListResult listTournaments(const Snapshot& s, const TournamentFilter& f);

}  // namespace pft::readmodel
