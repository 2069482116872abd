#pragma once
// JSON shapes that more than one module writes or reads: RawEvent lines
// (ingest writes, normalize reads) and the Tournament / Venue objects of the
// API, the site, JSON-LD and `normalize --dry-run` (one shape per resource).
// Only nlohmann's forward header is included here.

#include <nlohmann/json_fwd.hpp>

#include <string>

#include "pft/core/result.hpp"
#include "pft/core/types.hpp"

namespace pft {

nlohmann::json rawEventToJson(const RawEvent& e);
// Appends rawEventToJson(e).dump() and a newline to `out`, byte for byte
// the same for valid UTF-8, without building a JSON tree (ingest writes
// hundreds of thousands of lines; this is ~10x faster). Invalid UTF-8 is
// repaired first (text::repairUtf8), so the line is always valid JSON.
void appendRawEventJsonLine(std::string& out, const RawEvent& e);

// Missing keys are empty strings; a non-object or a wrong type is kParse.
Result<RawEvent> rawEventFromJson(const nlohmann::json& j);

// The prototype's venue keys plus postcode, department_code.
nlohmann::json venueToJson(const Venue& v);
// The prototype's tournament keys (id, title, description,
// start_datetime_local, end_datetime_local, timezone, buy_in_cents, currency,
// variant, status, source_url, venue{…}) plus time_known, multi_day,
// fee_cents, guarantee_cents, tags, source_name, source_hash, event_url,
// updated_at. `with_id` false for dry-run output (no id yet).
nlohmann::json tournamentToJson(const Tournament& t, bool with_id = true);

// One ingest run with its per-source outcomes: the shape of GET /admin/runs
// and `pft status --json`: {"id", "trigger", "status", "started_at",
// "finished_at", "duration_seconds", "events_fetched", "inserted", "updated",
// "unchanged", "duplicates", "rejected", "error", "host", "sources": [{name,
// status, http_status, bytes, events, seconds, error}]}. Empty errors are null.
nlohmann::json ingestRunToJson(const IngestRun& run);

// The path of a tournament's page on the site: "/tournois/<id>-<slug of the title>".
std::string tournamentPagePath(const Tournament& t);

// schema.org Event for a tournament (Google's required and recommended
// properties): name, startDate with its offset (a date when the time is
// unknown), endDate, eventStatus, eventAttendanceMode offline, location
// (Place, PostalAddress, GeoCoordinates), organizer, description, url (the
// tournament's page under `site_url`), offers (price, EUR, availability, url).
nlohmann::json tournamentJsonLd(const Tournament& t, std::string_view site_url);

}  // namespace pft
