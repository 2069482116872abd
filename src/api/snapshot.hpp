#pragma once
// Snapshot: an immutable in-memory copy of what the read endpoints serve —
// every tournament not finished when it was loaded (with its venue), and all
// venues — plus the folded keys the filters compare. Built once from the
// Store, then shared read-only between request threads (shared_ptr<const>),
// and replaced as a whole when the store's data version changes.
//
// "Not finished" is re-evaluated at request time against the clock; the
// epoch (how many loaded tournaments have finished by `now`) changes exactly
// when that set changes, so it is part of every cache key and ETag.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "pft/core/result.hpp"
#include "pft/core/types.hpp"
#include "pft/store/store.hpp"
#include "query.hpp"

namespace pft::api {

// A rendered response kept for reuse: body, its gzip form (made on first
// use), validators and list headers.
struct CachedResponse {
  int status = 200;
  std::string route;  // route pattern, for metrics when served from the raw-target cache
  std::string content_type;
  std::shared_ptr<const std::string> body;
  std::string etag;  // with quotes
  std::vector<std::pair<std::string, std::string>> headers;  // X-Total-Count, Link, ...
  mutable std::once_flag gzip_once;
  mutable std::shared_ptr<const std::string> gzip_body;
};

// Bounded map of rendered responses; cleared as a whole when full. Thread-safe.
class ResponseCache {
 public:
  explicit ResponseCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}
  std::shared_ptr<const CachedResponse> find(const std::string& key) const;
  void put(const std::string& key, std::shared_ptr<const CachedResponse> value);

 private:
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const CachedResponse>> map_;
  std::size_t bytes_ = 0;
  std::size_t max_bytes_;
};

struct Snapshot {
  std::int64_t data_version = 0;
  Instant loaded_at{};
  std::vector<Venue> venues;  // by id
  std::unordered_map<std::int64_t, std::size_t> venue_index;
  std::vector<Tournament> tournaments;  // ordered by (start, id); venue in `venues` (see withVenue)
  std::unordered_map<std::int64_t, std::size_t> tournament_index;
  std::vector<std::string> variants;  // codes present

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

  std::unique_ptr<ResponseCache> cache = std::make_unique<ResponseCache>(32u << 20);

  // How many loaded tournaments have finished before `now`.
  std::size_t epoch(Instant now) const;
  // Tournaments not finished at `now`.
  std::size_t upcomingCount(Instant now) const { return tournaments.size() - epoch(now); }
};

// Loads a snapshot (tournaments not finished at `now`, and all venues) in
// pages, so that the peak memory of a reload stays small.
Result<std::shared_ptr<Snapshot>> loadSnapshot(store::Store& store, Instant now, std::size_t cache_max_bytes);

// Builds the derived keys of a snapshot from already-filled tournaments and
// venues (sorted here). Used by loadSnapshot and by include_past queries.
void indexSnapshot(Snapshot& s);

// True when `t` (index i of `s`) matches every filter of `q` at `now`.
bool matches(const Snapshot& s, std::size_t i, const TournamentQuery& q, Instant now);

// Tournament i of `s` with its venue attached (for rendering).
Tournament withVenue(const Snapshot& s, std::size_t i);

struct ListResult {
  std::vector<std::size_t> items;  // indexes into s.tournaments, in order
  std::int64_t total = 0;          // matches ignoring pagination
  std::optional<Cursor> next;      // when more items follow
};

// Filters, orders (start, id) and paginates (cursor, else offset; limit).
ListResult listTournaments(const Snapshot& s, const TournamentQuery& q, Instant now);

}  // namespace pft::api
