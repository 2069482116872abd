#pragma once
// The value types that flow through the pipeline (DESIGN.md "Data model"):
// RawEvent (ingest -> normalize), Venue and Tournament (normalize -> store ->
// api/web/monitoring), the query Filter, ingest-run bookkeeping and geocode
// cache entries. Plain values: copyable, no behaviour, no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pft/core/time.hpp"

namespace pft {

// One event as the organiser wrote it, one JSON line of raw_events.jsonl.
// Keys are the prototype's plus the ones ingestion adds; empty = absent.
struct RawEvent {
  std::string source_name;
  std::string source_url;
  std::string title;
  std::string description;
  std::string start;
  std::string end;
  std::string buy_in;
  std::string variant;
  std::string venue_name;
  std::string address;
  std::string city;
  std::string postcode;
  std::string event_url;
  std::string status_text;
  std::string timezone;    // IANA zone of the source; empty = Europe/Paris
  std::string fetched_at;  // ISO 8601 with offset: when the page was fetched
  // When the announcement was published, as the source wrote it (RSS
  // pubDate, Atom published, JSON-LD datePublished, an article's published
  // time): normalize reads relative dates ("ce dimanche") and omitted years
  // against it, else against fetched_at. Written to the JSON line only when set.
  std::string published_at;
  // "announcement" when the item is an article (a news or club feed with
  // `announcements: true`) whose tournament, if any, is written in its text:
  // normalize then finds the venue in the text and skips, with a reason, an
  // item that announces no dated tournament. Empty for structured events.
  // Written to the JSON line only when set.
  std::string kind;
  std::string source_hash;
  // The source's own identifier of the event, when it has one: iCalendar
  // UID (plus the occurrence's day for a recurring event), JSON-LD @id (else
  // url), The Events Calendar id, RSS guid / Atom id, a mapped `id` field,
  // else a mapped `url` field (HTML, CSV, JSON mapping). normalize keys the
  // tournament's identity on it (docs/api.md « Identity »). Written to the
  // JSON line only when set.
  std::string source_id;
  std::optional<double> latitude;   // when the source gives coordinates
  std::optional<double> longitude;
  int priority = 0;  // catalog priority: an organiser's own source beats an aggregator
};

struct Venue {
  std::int64_t id = 0;
  std::string name;
  std::string address;
  std::string postcode;
  std::string city;
  std::string department;  // "Seine-Maritime (76)" style is NOT used: name only
  std::string department_code;  // "76", "2A"
  std::string region;
  std::string country = "France";
  std::optional<double> latitude;
  std::optional<double> longitude;
  std::string geocode_source;  // "source", "cache", "nominatim", "gazetteer", ""
  std::string website;
  Instant created_at{};
  Instant updated_at{};
};

// kRemoved: withdrawn -- its source was fetched completely and no longer
// lists it (set by the store's TournamentSink::withdrawAbsent, never by a
// parser); hidden unless asked for (TournamentFilter, statusPasses).
enum class TournamentStatus { kScheduled, kCancelled, kPostponed, kUpdated, kRemoved };
// "scheduled", "cancelled", "postponed", "updated", "removed".
const char* statusName(TournamentStatus s);
std::optional<TournamentStatus> parseStatusName(std::string_view s);

struct Tournament {
  std::int64_t id = 0;
  std::int64_t venue_id = 0;
  std::string title;
  std::string description;
  Instant start{};
  std::optional<Instant> end;
  bool time_known = true;  // false: the source gave a date without a time
  // false: the end is a day without a time (« les 12 et 13 décembre à
  // 19 h »: a timed start, the end stored at local midnight). The end has a
  // time only when both time_known and end_time_known.
  bool end_time_known = true;
  bool multi_day = false;
  std::string timezone = "Europe/Paris";
  std::optional<std::int64_t> buy_in_cents;  // total paid; 0 = freeroll; empty = unknown
  std::optional<std::int64_t> fee_cents;
  std::optional<std::int64_t> guarantee_cents;
  std::string currency = "EUR";
  std::string variant = "NLHE";
  std::vector<std::string> tags;
  TournamentStatus status = TournamentStatus::kScheduled;
  std::string source_name;
  std::string source_url;
  std::string source_hash;
  std::string event_url;
  Instant first_seen_at{};
  Instant last_seen_at{};
  Instant created_at{};
  Instant updated_at{};
  // Who this tournament is at its source, the same from one run to the
  // next: "id:<source's own id>" or "k:<venue key>|<local day>|<folded
  // title>" (normalize's identity rules). The store matches a tournament on
  // (source_name, identity_key) first, so a moved time, a new buy-in or a
  // reworded title updates the same row. Empty: matched on (venue, folded
  // title, start) only, as before identities existed.
  std::string identity_key;
  // The (source_name, identity_key) of duplicates normalize merged into
  // this one: a row stored under one of them is this tournament too.
  std::vector<std::pair<std::string, std::string>> also_known_as;
  // When its source stopped listing it (status kRemoved); empty otherwise.
  std::optional<Instant> removed_at;
  Venue venue;  // filled on reads; on upserts it names the venue to resolve
};

// When a tournament is over: its end, else its start. One known only by its
// date(s) (time_known false: stored at local midnight) lasts until the end
// of that (last) day, so that it is still listed on the day it happens; so
// does one whose end is a day without a time (end_time_known false).
// Every "upcoming" and "past" decision goes through this (and its SQL twin
// in the store, finishSql).
inline constexpr std::chrono::seconds kDateOnlyLasts{24 * 60 * 60};
inline bool endHasTime(const Tournament& t) { return t.time_known && t.end_time_known; }
inline Instant finishOf(const Tournament& t) {
  if (t.end) return endHasTime(t) ? *t.end : *t.end + kDateOnlyLasts;
  return t.time_known ? t.start : t.start + kDateOnlyLasts;
}

// Geographic box, degrees (WGS84). Valid when south <= north, west <= east.
struct BoundingBox {
  double south = 0, west = 0, north = 0, east = 0;
};

// A position after which the next page of a list starts: (start, id) of the
// last item given out. Lists are ordered by (start, id).
struct Cursor {
  Instant start{};
  std::int64_t id = 0;
};

// A search around a point: great-circle distance to the venue, in km.
struct Near {
  double latitude = 0;
  double longitude = 0;
  double radius_km = 25;
};

// The ONE tournament filter: what /tournaments, the site's lists and feeds,
// the store's SQL and the in-memory read model all take. Every field is
// optional. Text fields hold folded keys (text::foldKey): callers fold once,
// both paths compare keys. The rules, the same on both paths (a parity test
// runs every field against SQLite, PostgreSQL and memory):
//   city        substring of the venue's folded city
//   department  equal to the venue's department code (folded: "2a", "76"), or
//               a substring of its folded department name
//   region      substring of the venue's folded region
//   q           every word appears in "folded title + venue name + city"
//   variant     equal to the tournament's variant code
//   status      equal (statusPasses below: the one status rule)
//   hide_cancelled  status is not kCancelled
//   include_removed  withdrawn tournaments (kRemoved) too; without it (and
//               without status=removed) they are left out
//   date_from/to  start within [date_from, date_to]
//   buy_in_min/max  buy-in known and within the bounds (cents, inclusive)
//   near        venue within radius_km (the store narrows to the circle's
//               bounding box; the exact distance is the read model's)
//   bbox        venue coordinates inside the box
//   venue_id, tags (all present)
//   series_id   the tournament belongs to that series (readmodel/series.hpp).
//               Series are derived from the snapshot, not stored: the read
//               model decides, the store's SQL ignores it (a wider result that
//               the read model narrows), and it is refused with include_past
//   include_past false: only tournaments not finished at `now` (finishOf)
//   cursor      (start, id) strictly after the cursor; excludes offset
struct TournamentFilter {
  std::optional<std::string> city;
  std::optional<std::string> department;
  std::optional<std::string> region;
  std::optional<std::string> variant;
  std::optional<std::string> q;
  std::optional<TournamentStatus> status;
  bool hide_cancelled = false;
  bool include_removed = false;  // not a query parameter: loaders and feeds set it
  std::optional<Instant> date_from;
  std::optional<Instant> date_to;
  // Sync for partners: only tournaments whose stored record was created or
  // changed (updated_at: set on insert, moved by a content change or a
  // withdrawal, never by an unchanged re-run) at or after this instant.
  // Withdrawn ones (status removed) pass too, unless `status` says otherwise:
  // a partner must learn that a tournament it holds was removed.
  std::optional<Instant> changed_since;
  std::optional<std::int64_t> buy_in_min;
  std::optional<std::int64_t> buy_in_max;
  std::optional<Near> near;
  std::optional<BoundingBox> bbox;
  std::optional<std::int64_t> venue_id;
  std::optional<std::int64_t> series_id;
  std::vector<std::string> tags;  // folded, sorted, unique; all must be present
  bool include_past = false;
  Instant now{};  // reference for include_past
  std::optional<Cursor> cursor;
  std::int64_t offset = 0;
  std::int64_t limit = 20;  // < 0: no limit
};

// The status rule of TournamentFilter, implemented by the store's SQL
// (filterWhere) and the read model (matches) alike: `status` set -> equal
// (status=removed is how withdrawn ones are asked for); otherwise a
// withdrawn tournament passes only with include_removed or changed_since;
// hide_cancelled leaves cancelled ones out.
inline bool statusPasses(const TournamentFilter& f, TournamentStatus s) {
  if (f.status && s != *f.status) return false;
  if (!f.status && !f.include_removed && !f.changed_since && s == TournamentStatus::kRemoved) return false;
  if (f.hide_cancelled && s == TournamentStatus::kCancelled) return false;
  return true;
}

struct UpsertCounts {
  std::int64_t inserted = 0;
  std::int64_t updated = 0;
  std::int64_t unchanged = 0;
  std::int64_t venues_inserted = 0;
};

// One player-visible field of a tournament that an update changed (issue
// 14), kept by the store in tournament_changes in the same transaction as
// the update. Values as stored: "start"/"end" unix seconds, "buy_in", "fee",
// "guarantee" cents, "venue" the venue id, "status" its name, "variant" and
// "title" the text; empty optional: unknown (NULL).
struct TournamentChange {
  std::int64_t id = 0;  // grows with time: newest = highest
  std::int64_t tournament_id = 0;
  std::string field;    // start, end, buy_in, fee, guarantee, variant, status, venue, title
  std::optional<std::string> old_value;
  std::optional<std::string> new_value;
  std::optional<std::int64_t> run_token;  // UpsertRun token of the run that changed it (none outside a run)
  std::string source_name;                // the tournament's source after the change
  Instant changed_at{};
};

// What withdrawing the absent tournaments of one source did
// (TournamentSink::withdrawAbsent).
struct SourceWithdrawal {
  std::string source_name;
  std::int64_t withdrawn = 0;  // marked removed now
  std::int64_t upcoming = 0;   // its tournaments not started and not removed before (withdrawn ones included)
};

// Outcome of one source within a run.
struct SourceRun {
  std::string name;
  std::string status;  // "ok", "not_modified", "failed"
  int http_status = 0;
  std::int64_t bytes = 0;
  std::int64_t events = 0;
  double seconds = 0;
  std::string error;
  // The events written are everything the source lists: the fetch and every
  // listing page succeeded, nothing was cut (max_pages) or damaged (a
  // truncated feed, a skipped item), and the catalog lets absence count
  // (withdraw_absent). Only then may normalize withdraw what is absent.
  bool complete = false;
  std::int64_t removed = 0;  // tournaments this run withdrew
  // Its upcoming tournaments before the withdrawal (removed ones included):
  // `pft monitor anomalies` flags removed > half of it.
  std::int64_t upcoming_before = 0;
};

struct IngestRun {
  std::int64_t id = 0;
  std::string trigger = "cli";    // "cli", "admin", "schedule"
  std::string status = "running";  // "running", "ok", "partial", "failed"
  Instant started_at{};
  std::optional<Instant> finished_at;
  std::vector<SourceRun> sources;
  std::int64_t events_fetched = 0;
  std::int64_t inserted = 0;
  std::int64_t updated = 0;
  std::int64_t unchanged = 0;
  std::int64_t duplicates = 0;
  std::int64_t rejected = 0;
  std::int64_t warned = 0;   // kept lines with a field left out (NormalizeReport::warned_lines)
  std::int64_t removed = 0;  // tournaments withdrawn (their complete source no longer lists them)
  std::string error;
  std::string host;  // hostname:pid that ran it
};

// What `pft ingest` knew of each source it fetched, written next to the raw
// events (ingestManifestPath, json.hpp) so that a later `pft normalize` of
// that file knows which sources were fetched completely. `bytes` and
// `lines` describe the events file it goes with (< 0: not checked).
struct IngestManifest {
  std::int64_t bytes = -1;
  std::int64_t lines = -1;
  std::string written_at;  // ISO 8601
  std::vector<SourceRun> sources;
};

// One geocoding answer, "not found" included (found == false) so that a
// miss is not asked again.
struct GeocodeEntry {
  std::string query;  // folded query key
  bool found = false;
  double latitude = 0;
  double longitude = 0;
  std::string postcode;
  std::string city;
  std::string department;
  std::string department_code;
  std::string region;
  std::string provider;  // "nominatim", "gazetteer"
  Instant fetched_at{};
};

struct StoreCounts {
  std::int64_t venues = 0;
  std::int64_t upcoming = 0;  // not finished, not withdrawn
  std::int64_t past = 0;
  std::int64_t removed = 0;   // not finished, withdrawn
};

}  // namespace pft
