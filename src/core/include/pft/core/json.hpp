#pragma once
// JSON shapes that more than one module writes or reads: RawEvent lines
// (ingest writes, normalize reads) and the Tournament / Venue objects of the
// API, the site, JSON-LD and `normalize --dry-run` (one shape per resource);
// and the one JSON string escaper. Each shape has its nlohmann::json form;
// the hot ones also have a fast form (appendRawEventJsonLine,
// parseRawEventJsonLine, appendTournamentJson) that gives byte for byte the
// same text without building a tree, checked against it by json_test.cpp.
// All functions are pure and thread-safe. Only nlohmann's forward header is
// included here.

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pft/core/result.hpp"
#include "pft/core/source_status.hpp"
#include "pft/core/types.hpp"

namespace pft {

nlohmann::json rawEventToJson(const RawEvent& e);
// Appends rawEventToJson(e).dump() and a newline to `out`, byte for byte
// the same for valid UTF-8, without building a JSON tree (ingest writes
// hundreds of thousands of lines; this is ~10x faster). Invalid UTF-8 is
// repaired first (text::repairUtf8), so the line is always valid JSON.
void appendRawEventJsonLine(std::string& out, const RawEvent& e);

// The longest raw_events.jsonl line, in bytes (newline excluded), that
// `pft normalize` reads: a longer one is skipped as it is read, never held
// whole nor parsed, and rejected as kLimitExceeded with its length. `pft
// ingest` writes no longer line (its per-field bounds keep a raw event far
// below it); the one bound both sides state (docs/api.md « Limits »).
inline constexpr std::size_t kMaxRawEventLineBytes = std::size_t{1} << 20;  // 1 MiB

// The deepest nesting of JSON arrays and objects pft parses from untrusted
// text. A raw event is flat (depth 1); nlohmann's dump() and some readers
// recurse once per level, so a line nested tens of thousands of levels deep
// would overflow the stack.
inline constexpr std::size_t kMaxJsonDepth = 64;

// Checks, without parsing, that `text` nests arrays and objects at most
// `max_depth` deep (brackets inside strings do not count; the text need
// not be valid JSON). Linear, no allocation. Error: kLimitExceeded
// ("nested deeper than 64 levels (at byte N)"). Call it before
// nlohmann::json::parse on untrusted text.
Result<void> checkJsonDepth(std::string_view text, std::size_t max_depth = kMaxJsonDepth);

// Missing keys are empty strings; a non-object or a wrong type is kParse.
Result<RawEvent> rawEventFromJson(const nlohmann::json& j);

// The fast path of rawEventFromJson(nlohmann::json::parse(line)) for one
// raw_events.jsonl line (nlohmann's tree costs ~15 µs a line; this ~1 µs).
// It decides the common shape only: one flat JSON object whose values are
// strings, null, or numbers for latitude / longitude / priority (other keys
// may hold true, false or numbers too). True: `out` holds exactly what
// rawEventFromJson gives (every field overwritten; its string capacity is
// reused). False: not decided here (nested values, numbers in text fields,
// invalid UTF-8, syntax errors…): the caller goes the nlohmann way, which
// gives the same result or the error; `out` is then unspecified.
bool parseRawEventJsonLine(std::string_view line, RawEvent& out);

// The prototype's venue keys plus postcode, department_code.
nlohmann::json venueToJson(const Venue& v);
// The prototype's tournament keys (id, title, description,
// start_datetime_local, end_datetime_local, timezone, buy_in_cents, currency,
// variant, status, source_url, venue{…}) plus time_known, multi_day,
// fee_cents, guarantee_cents, tags, source_name, source_hash, event_url, and
// with the id removed_at (ISO 8601 when status is "removed", else null) and
// updated_at (ISO 8601, Paris time: when the row was inserted or its content
// last changed). `with_id` false for dry-run output (no id, no removed_at,
// no updated_at: nothing stored yet).
nlohmann::json tournamentToJson(const Tournament& t, bool with_id = true);

// Appends tournamentToJson(t, false).dump() to `out`, byte for byte (keys
// in nlohmann's sorted order, same escaping and number format), plus
// "duplicate_of": N when `duplicate_of` is set (the `pft normalize
// --dry-run` line). `venue_json`: venueToJson(t.venue) without "id",
// dumped (callers serialise a venue once for all its tournaments).
// Preconditions (what normalize's tournaments always meet): every string
// of `t` is valid UTF-8 (texts come from parsed JSON or cleanText; invalid
// bytes would be copied as they are, where tournamentToJson(...).dump()
// throws), and its years are within 0..9999 (the parsers give no others).
void appendTournamentJson(std::string& out, const Tournament& t, std::string_view venue_json,
                          std::optional<std::int64_t> duplicate_of = std::nullopt);

// Appends `s` as a JSON string literal exactly as nlohmann::json::dump()
// writes it (UTF-8 kept as is; '"', '\\' and control characters escaped as
// \" \\ \b \f \n \r \t, the others as \u00xx). Invalid UTF-8 is repaired
// first (text::repairUtf8), so the output is always valid JSON. The one
// JSON string escaper of pft: use it rather than writing another.
void appendJsonString(std::string& out, std::string_view s);

// The one writer of JSON bodies served over HTTP (API, admin, problems, the
// site's JSON): j.dump(indent) where any invalid UTF-8 in a string becomes
// U+FFFD (it never throws), and every "</" is written "<\/" (the same JSON
// value: a body pasted into an HTML <script> can never close it).
std::string dumpJson(const nlohmann::json& j, int indent = -1);

// One ingest run with its per-source outcomes: the shape of GET /admin/runs
// and `pft status --json`: {"id", "trigger", "status", "started_at",
// "finished_at", "duration_seconds", "events_fetched", "inserted", "updated",
// "unchanged", "duplicates", "rejected", "warned", "removed", "error", "host",
// "sources": [{name, status, http_status, bytes, events, seconds, complete,
// removed, error}]}. Empty errors are null.
nlohmann::json ingestRunToJson(const IngestRun& run);

// The manifest `pft ingest` writes beside its events file: "<events
// path>.manifest.json".
std::string ingestManifestPath(std::string_view events_path);
// {"manifest": 1, "bytes", "lines", "written_at", "sources": [{"name",
// "status", "complete", "events", "error"}]}, indented, ending with a newline.
std::string ingestManifestToJson(const IngestManifest& manifest);
// The inverse; kParse naming what is wrong (not JSON, another version, a
// missing key). Unknown keys are ignored.
Result<IngestManifest> parseIngestManifest(std::string_view text);
// One source of GET /sources (public facts only): {"name", "type",
// "organiser", "homepage" (null when empty), "anchor" (its line on the
// page /sources), "last_run_at", "last_status", "events_last_run" (null
// before its first run), "last_success_at", "failing", "failing_since",
// "failure": {"kind", "http_status", "summary" (« HTTP 503 depuis 3 jours »,
// describeSourceFailure at `now`)} or null, "upcoming_tournaments"}.
// Instants in Paris time with their offset.
nlohmann::json sourceStatusToJson(const SourceStatus& s, Instant now, std::int64_t upcoming_tournaments);

// The path of a tournament's page on the site: "/tournois/<id>-<slug of the title>".
std::string tournamentPagePath(const Tournament& t);

// schema.org Event for a tournament (Google's required and recommended
// properties): name, startDate with its offset (a date when the time is
// unknown), endDate, eventStatus, eventAttendanceMode offline, location
// (Place, PostalAddress, GeoCoordinates), organizer, description, url (the
// tournament's page under `site_url`), offers (price, EUR, availability, url).
nlohmann::json tournamentJsonLd(const Tournament& t, std::string_view site_url);

}  // namespace pft
