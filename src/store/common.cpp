#include "common.hpp"

#include <cmath>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include "pft/core/geo.hpp"
#include "pft/core/text.hpp"

namespace pft::store::detail {
namespace {

std::string describeTournament(std::size_t index, const Tournament& t) {
  return fmt::format("tournament #{} '{}'", index + 1, t.title);
}

// Each field keeps the first non-empty value seen for the venue.
void mergeVenue(BatchVenue& into, const Venue& from) {
  Venue& v = into.venue;
  auto fill = [](std::string& dst, const std::string& src) {
    if (dst.empty()) dst = src;
  };
  fill(v.address, from.address);
  fill(v.postcode, from.postcode);
  if (v.department.empty() && !from.department.empty()) {
    v.department = from.department;
    into.department_key = text::foldKey(from.department);
  }
  fill(v.department_code, from.department_code);
  if (v.region.empty() && !from.region.empty()) {
    v.region = from.region;
    into.region_key = text::foldKey(from.region);
  }
  fill(v.country, from.country);
  if ((!v.latitude || !v.longitude) && from.latitude && from.longitude) {
    v.latitude = from.latitude;
    v.longitude = from.longitude;
  }
  fill(v.geocode_source, from.geocode_source);
  fill(v.website, from.website);
}

Result<void> checkCoordinate(const std::optional<double>& value, double bound, const char* name,
                             std::size_t index, const Tournament& t) {
  if (value && !(std::isfinite(*value) && std::fabs(*value) <= bound)) {
    return makeError(ErrorCode::kInvalidArgument,
                     fmt::format("venue {} {} is not a coordinate (expected -{} to {})", name, *value,
                                 bound, bound),
                     describeTournament(index, t));
  }
  return ok();
}

void appendField(std::string& out, std::string_view value) {
  // Length-prefixed so that ("ab","c") and ("a","bc") differ.
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += ';';
}

void appendOptional(std::string& out, const std::optional<std::int64_t>& value) {
  appendField(out, value ? std::to_string(*value) : std::string("null"));
}

}  // namespace

std::string encodeTags(const std::vector<std::string>& tags) {
  if (tags.empty()) return {};
  std::string out = "|";
  for (const auto& tag : tags) {
    out += tag;
    out += '|';
  }
  return out;
}

std::vector<std::string> decodeTags(const std::string& text) {
  std::vector<std::string> tags;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t next = text.find('|', pos);
    if (next == std::string::npos) next = text.size();
    if (next > pos) tags.push_back(text.substr(pos, next - pos));
    pos = next + 1;
  }
  return tags;
}

std::string contentHash(const Tournament& t, const std::string& tags_text) {
  std::string buf;
  buf.reserve(256 + t.description.size());
  appendField(buf, t.title);
  appendField(buf, t.description);
  appendOptional(buf, t.end ? std::optional<std::int64_t>(toUnix(*t.end)) : std::nullopt);
  appendField(buf, t.time_known ? "1" : "0");
  // Only where it shows (a timed start, an end without its time): hashes
  // stored before migration 0006 stay valid for every other row.
  if (t.end && t.time_known && !t.end_time_known) appendField(buf, "end-day");
  appendField(buf, t.multi_day ? "1" : "0");
  appendField(buf, t.timezone);
  appendOptional(buf, t.buy_in_cents);
  appendOptional(buf, t.fee_cents);
  appendOptional(buf, t.guarantee_cents);
  appendField(buf, t.currency);
  appendField(buf, t.variant);
  appendField(buf, tags_text);
  appendField(buf, statusName(t.status));
  appendField(buf, t.source_name);
  appendField(buf, t.source_url);
  appendField(buf, t.event_url);
  unsigned char digest[16];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(buf.data()),
                     buf.size(), nullptr, 0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, sizeof digest * 2);
}

Result<PreparedBatch> prepareBatch(const std::vector<Tournament>& batch) {
  PreparedBatch out;
  std::unordered_map<std::string, std::size_t> venue_index;  // name_key '\n' city_key
  std::unordered_map<std::string, std::size_t> tournament_index;  // venue '\n' start '\n' title_key
  // Folding is the costly part of a batch (utf8proc); venue names, cities and
  // titles repeat a lot (weekly events), so each distinct text is folded once.
  std::unordered_map<std::string, std::string> folded;
  auto fold = [&folded](const std::string& s) -> const std::string& {
    auto it = folded.find(s);
    if (it == folded.end()) it = folded.emplace(s, text::foldKey(s)).first;
    return it->second;
  };
  out.tournaments.reserve(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const Tournament& t = batch[i];
    std::string name_key = fold(t.venue.name);
    if (name_key.empty()) {
      return makeError(ErrorCode::kInvalidArgument,
                       "the venue has no name (letters or digits); every tournament needs its venue",
                       describeTournament(i, t));
    }
    std::string title_key = fold(t.title);
    if (title_key.empty()) {
      return makeError(ErrorCode::kInvalidArgument, "the title has no letters or digits",
                       describeTournament(i, t));
    }
    if (auto r = checkCoordinate(t.venue.latitude, 90, "latitude", i, t); !r) return r.error();
    if (auto r = checkCoordinate(t.venue.longitude, 180, "longitude", i, t); !r) return r.error();
    for (const auto& tag : t.tags) {
      if (tag.empty() || tag.find('|') != std::string::npos) {
        return makeError(ErrorCode::kInvalidArgument,
                         fmt::format("tag '{}' is empty or contains '|'", tag), describeTournament(i, t));
      }
    }
    if (t.identity_key.size() > kMaxIdentityKeyBytes) {
      return makeError(ErrorCode::kInvalidArgument,
                       fmt::format("identity key of {} bytes (at most {})", t.identity_key.size(), kMaxIdentityKeyBytes),
                       describeTournament(i, t));
    }
    for (const auto& [source, key] : t.also_known_as) {
      if (key.empty() || key.size() > kMaxIdentityKeyBytes) {
        return makeError(ErrorCode::kInvalidArgument,
                         fmt::format("also_known_as identity of source '{}' is empty or longer than {} bytes", source,
                                     kMaxIdentityKeyBytes),
                         describeTournament(i, t));
      }
    }
    if ((t.status == TournamentStatus::kRemoved) != t.removed_at.has_value()) {
      return makeError(ErrorCode::kInvalidArgument, "status removed goes with removed_at, and removed_at with it",
                       describeTournament(i, t));
    }

    std::string city_key = fold(t.venue.city);
    auto [vit, venue_is_new] = venue_index.try_emplace(name_key + '\n' + city_key, out.venues.size());
    if (venue_is_new) {
      BatchVenue bv;
      bv.venue = t.venue;
      bv.venue.id = 0;
      bv.venue.name = text::squashSpaces(t.venue.name);
      bv.venue.city = text::squashSpaces(t.venue.city);
      bv.name_key = std::move(name_key);
      bv.city_key = std::move(city_key);
      bv.department_key = fold(t.venue.department);
      bv.region_key = fold(t.venue.region);
      if ((!bv.venue.latitude || !bv.venue.longitude)) {
        bv.venue.latitude.reset();
        bv.venue.longitude.reset();
      }
      out.venues.push_back(std::move(bv));
    } else {
      mergeVenue(out.venues[vit->second], t.venue);
    }

    BatchTournament bt;
    bt.tournament = &t;
    bt.venue_index = vit->second;
    bt.tags_text = encodeTags(t.tags);
    bt.content_hash = contentHash(t, bt.tags_text);
    // foldKey of "title venue city": keys are joined by single spaces.
    const BatchVenue& bv = out.venues[vit->second];
    bt.search_key = title_key;
    for (const std::string* k : {&bv.name_key, &bv.city_key}) {
      if (!k->empty()) bt.search_key += ' ' + *k;
    }
    bt.title_key = std::move(title_key);
    // The same tournament twice: same identity at the same source, or, for
    // tournaments without identity, the same slot (venue, start, title).
    std::string key = t.identity_key.empty() ? "s\n" + std::to_string(bt.venue_index) + '\n' +
                                                   std::to_string(toUnix(t.start)) + '\n' + bt.title_key
                                             : "i\n" + t.source_name + '\n' + t.identity_key;
    auto [tit, tournament_is_new] = tournament_index.try_emplace(std::move(key), out.tournaments.size());
    if (tournament_is_new) {
      out.tournaments.push_back(std::move(bt));
    } else {
      // The same event twice in one batch: the later one wins, in the place of the first.
      out.tournaments[tit->second] = std::move(bt);
    }
  }
  return out;
}

std::string notRemovedSql(const std::string& prefix) { return prefix + "status <> 'removed'"; }

std::string finishSql(const std::string& prefix) {
  // finishOf (core types.hpp): an end or a start without its time lasts to the end of its day.
  return fmt::format(
      "(CASE WHEN {0}end_datetime IS NULL "
      "THEN {0}start_datetime + CASE WHEN {0}time_known = 0 THEN {1} ELSE 0 END "
      "ELSE {0}end_datetime + CASE WHEN {0}time_known = 0 OR {0}end_time_known = 0 THEN {1} ELSE 0 END END)",
      prefix, kDateOnlyLasts.count());
}

Result<void> prepareOwned(std::vector<Tournament> batch, OwnedBatch& out) {
  out.batch = std::move(batch);
  auto prepared = prepareBatch(out.batch);
  if (!prepared) return prepared.error();
  out.prepared = std::move(*prepared);
  return ok();
}

std::string placeholder(Dialect dialect, const std::vector<SqlValue>& params) {
  if (dialect == Dialect::kSqlite) return "?";
  return "$" + std::to_string(params.size() + 1);
}

std::string filterWhere(const TournamentFilter& f, Dialect dialect, std::vector<SqlValue>& params) {
  std::vector<std::string> conds;
  auto bind = [&](SqlValue value) {
    std::string p = placeholder(dialect, params);
    params.push_back(std::move(value));
    return p;
  };
  // Substring test on a folded key column.
  auto contains = [&](const char* column, std::string needle) {
    std::string p = bind(std::move(needle));
    return dialect == Dialect::kSqlite ? fmt::format("instr({}, {}) > 0", column, p)
                                       : fmt::format("strpos({}, {}) > 0", column, p);
  };

  if (f.city) {
    if (auto key = text::foldKey(*f.city); !key.empty()) conds.push_back(contains("v.city_key", key));
  }
  if (f.department) {
    auto key = text::foldKey(*f.department);
    if (!key.empty()) {
      // A code is written in upper case ("2A", "76") and compared whole; a
      // name is compared folded, as a substring ("savoie" finds Haute-Savoie).
      std::string code(text::trim(*f.department));
      for (auto& c : code) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      }
      std::string by_name = contains("v.department_key", key);
      std::string p_code = bind(code);
      conds.push_back(fmt::format("({} OR v.department_code = {})", by_name, p_code));
    }
  }
  if (f.region) {
    if (auto key = text::foldKey(*f.region); !key.empty()) conds.push_back(contains("v.region_key", key));
  }
  if (f.variant && !f.variant->empty()) conds.push_back("t.variant = " + bind(*f.variant));
  if (f.q) {
    // Every word must appear, in any order ("lyon casino" finds "Casino Le Lyon Vert").
    std::string key = text::foldKey(*f.q);
    std::size_t pos = 0;
    while (pos < key.size()) {
      std::size_t next = key.find(' ', pos);
      if (next == std::string::npos) next = key.size();
      if (next > pos) conds.push_back(contains("t.search_key", key.substr(pos, next - pos)));
      pos = next + 1;
    }
  }
  // statusPasses (core/types.hpp), in SQL.
  if (f.status) {
    conds.push_back("t.status = " + bind(std::string(statusName(*f.status))));
  } else if (!f.include_removed && !f.changed_since) {
    conds.push_back(notRemovedSql("t."));
  }
  if (f.hide_cancelled) conds.push_back("t.status <> " + bind(std::string(statusName(TournamentStatus::kCancelled))));
  if (f.date_from) conds.push_back("t.start_datetime >= " + bind(toUnix(*f.date_from)));
  if (f.date_to) conds.push_back("t.start_datetime <= " + bind(toUnix(*f.date_to)));
  if (f.changed_since) conds.push_back("t.updated_at >= " + bind(toUnix(*f.changed_since)));
  if (f.buy_in_min) conds.push_back("t.buy_in_cents >= " + bind(*f.buy_in_min));
  if (f.buy_in_max) conds.push_back("t.buy_in_cents <= " + bind(*f.buy_in_max));
  auto inside = [&](const BoundingBox& box) {
    std::string s = bind(box.south), n = bind(box.north);
    std::string w = bind(box.west), e = bind(box.east);
    conds.push_back(fmt::format("v.latitude BETWEEN {} AND {} AND v.longitude BETWEEN {} AND {}", s, n, w, e));
  };
  if (f.bbox) inside(*f.bbox);
  // SQL has no great-circle distance on every back end: a near search is
  // narrowed to its bounding box here; the read model decides the distance.
  if (f.near) inside(boundingBoxOf(*f.near));
  if (f.venue_id) conds.push_back("t.venue_id = " + bind(*f.venue_id));
  // Tags are codes ("re-entry", "flight:1A"), compared ignoring case (ASCII).
  for (const auto& tag : f.tags) conds.push_back(contains("lower(t.tags)", "|" + text::foldCase(tag) + "|"));
  if (!f.include_past) {
    conds.push_back(finishSql("t.") + " >= " + bind(toUnix(f.now)));
  }

  if (conds.empty()) return {};
  std::string out = " WHERE ";
  for (std::size_t i = 0; i < conds.size(); ++i) {
    if (i > 0) out += " AND ";
    out += conds[i];
  }
  return out;
}

const char* const kVenueColumns =
    "v.id, v.name, v.address, v.postcode, v.city, v.department, v.department_code, v.region, "
    "v.country, v.latitude, v.longitude, v.geocode_source, v.website, v.created_at, v.updated_at";

const char* const kTournamentColumns =
    "t.id, t.venue_id, t.title, t.description, t.start_datetime, t.end_datetime, t.time_known, "
    "t.multi_day, t.timezone, t.buy_in_cents, t.fee_cents, t.guarantee_cents, t.currency, t.variant, "
    "t.tags, t.status, t.source_name, t.source_url, t.source_hash, t.event_url, t.first_seen_at, "
    "t.last_seen_at, t.created_at, t.updated_at, t.identity_key, t.removed_at, t.end_time_known, "
    "v.id, v.name, v.address, v.postcode, v.city, v.department, v.department_code, v.region, "
    "v.country, v.latitude, v.longitude, v.geocode_source, v.website, v.created_at, v.updated_at";

const char* const kRunColumns =
    "id, triggered_by, status, started_at, finished_at, sources, events_fetched, inserted, updated, "
    "unchanged, duplicates, rejected, error, host, removed, warned";

const char* const kGeocodeColumns =
    "query, found, latitude, longitude, postcode, city, department, department_code, region, provider, "
    "fetched_at";

const char* const kVenueInsertColumns =
    "name, name_key, address, postcode, city, city_key, department, department_key, department_code, "
    "region, region_key, country, latitude, longitude, geocode_source, website, created_at, updated_at";

#define PFT_FILL(col) #col " = CASE WHEN venues." #col " = '' THEN excluded." #col " ELSE venues." #col " END"
#define PFT_CAN_FILL(col) "(venues." #col " = '' AND excluded." #col " <> '')"
const char* const kVenueConflict =
    " ON CONFLICT (name_key, city_key) DO UPDATE SET "
    PFT_FILL(address) ", " PFT_FILL(postcode) ", " PFT_FILL(department) ", "
    "department_key = CASE WHEN venues.department = '' THEN excluded.department_key ELSE venues.department_key END, "
    PFT_FILL(department_code) ", " PFT_FILL(region) ", "
    "region_key = CASE WHEN venues.region = '' THEN excluded.region_key ELSE venues.region_key END, "
    "latitude = CASE WHEN venues.latitude IS NULL OR venues.longitude IS NULL THEN excluded.latitude "
    "ELSE venues.latitude END, "
    "longitude = CASE WHEN venues.latitude IS NULL OR venues.longitude IS NULL THEN excluded.longitude "
    "ELSE venues.longitude END, "
    PFT_FILL(geocode_source) ", " PFT_FILL(website) ", "
    "updated_at = excluded.updated_at "
    "WHERE " PFT_CAN_FILL(address) " OR " PFT_CAN_FILL(postcode) " OR " PFT_CAN_FILL(department)
    " OR " PFT_CAN_FILL(department_code) " OR " PFT_CAN_FILL(region) " OR " PFT_CAN_FILL(geocode_source)
    " OR " PFT_CAN_FILL(website)
    " OR ((venues.latitude IS NULL OR venues.longitude IS NULL)"
    " AND excluded.latitude IS NOT NULL AND excluded.longitude IS NOT NULL)";
#undef PFT_FILL
#undef PFT_CAN_FILL

const char* const kTournamentInsertColumns =
    "venue_id, title, title_key, description, start_datetime, end_datetime, time_known, end_time_known, multi_day, "
    "timezone, buy_in_cents, fee_cents, guarantee_cents, currency, variant, tags, status, source_name, "
    "source_url, source_hash, event_url, search_key, content_hash, identity_key, removed_at, first_seen_at, "
    "last_seen_at, created_at, updated_at, seen_run";

namespace {
std::optional<std::int64_t> optInt(const RowReader& row, int col) {
  if (row.isNull(col)) return std::nullopt;
  return row.int64(col);
}
std::optional<double> optReal(const RowReader& row, int col) {
  if (row.isNull(col)) return std::nullopt;
  return row.real(col);
}
}  // namespace

Venue readVenue(const RowReader& row, int c) {
  Venue v;
  v.id = row.int64(c + 0);
  v.name = row.text(c + 1);
  v.address = row.text(c + 2);
  v.postcode = row.text(c + 3);
  v.city = row.text(c + 4);
  v.department = row.text(c + 5);
  v.department_code = row.text(c + 6);
  v.region = row.text(c + 7);
  v.country = row.text(c + 8);
  v.latitude = optReal(row, c + 9);
  v.longitude = optReal(row, c + 10);
  v.geocode_source = row.text(c + 11);
  v.website = row.text(c + 12);
  v.created_at = fromUnix(row.int64(c + 13));
  v.updated_at = fromUnix(row.int64(c + 14));
  return v;
}

Tournament readTournament(const RowReader& row) {
  Tournament t;
  t.id = row.int64(0);
  t.venue_id = row.int64(1);
  t.title = row.text(2);
  t.description = row.text(3);
  t.start = fromUnix(row.int64(4));
  if (auto end = optInt(row, 5)) t.end = fromUnix(*end);
  t.time_known = row.int64(6) != 0;
  t.multi_day = row.int64(7) != 0;
  t.timezone = row.text(8);
  t.buy_in_cents = optInt(row, 9);
  t.fee_cents = optInt(row, 10);
  t.guarantee_cents = optInt(row, 11);
  t.currency = row.text(12);
  t.variant = row.text(13);
  t.tags = decodeTags(row.text(14));
  t.status = parseStatusName(row.text(15)).value_or(TournamentStatus::kScheduled);
  t.source_name = row.text(16);
  t.source_url = row.text(17);
  t.source_hash = row.text(18);
  t.event_url = row.text(19);
  t.first_seen_at = fromUnix(row.int64(20));
  t.last_seen_at = fromUnix(row.int64(21));
  t.created_at = fromUnix(row.int64(22));
  t.updated_at = fromUnix(row.int64(23));
  if (!row.isNull(24)) t.identity_key = row.text(24);
  if (auto removed = optInt(row, 25)) t.removed_at = fromUnix(*removed);
  t.end_time_known = row.int64(26) != 0;
  t.venue = readVenue(row, kTournamentColumnCount);
  return t;
}

IngestRun readRun(const RowReader& row) {
  IngestRun r;
  r.id = row.int64(0);
  r.trigger = row.text(1);
  r.status = row.text(2);
  r.started_at = fromUnix(row.int64(3));
  if (auto f = optInt(row, 4)) r.finished_at = fromUnix(*f);
  r.sources = decodeSources(row.text(5));
  r.events_fetched = row.int64(6);
  r.inserted = row.int64(7);
  r.updated = row.int64(8);
  r.unchanged = row.int64(9);
  r.duplicates = row.int64(10);
  r.rejected = row.int64(11);
  r.error = row.text(12);
  r.host = row.text(13);
  r.removed = row.int64(14);
  r.warned = row.int64(15);
  return r;
}

TournamentChange readChange(const RowReader& row) {
  TournamentChange c;
  c.id = row.int64(0);
  c.tournament_id = row.int64(1);
  c.field = row.text(2);
  if (!row.isNull(3)) c.old_value = row.text(3);
  if (!row.isNull(4)) c.new_value = row.text(4);
  c.run_token = optInt(row, 5);
  c.source_name = row.text(6);
  c.changed_at = fromUnix(row.int64(7));
  return c;
}

GeocodeEntry readGeocode(const RowReader& row) {
  GeocodeEntry g;
  g.query = row.text(0);
  g.found = row.int64(1) != 0;
  g.latitude = row.real(2);
  g.longitude = row.real(3);
  g.postcode = row.text(4);
  g.city = row.text(5);
  g.department = row.text(6);
  g.department_code = row.text(7);
  g.region = row.text(8);
  g.provider = row.text(9);
  g.fetched_at = fromUnix(row.int64(10));
  return g;
}

std::string encodeSources(const std::vector<SourceRun>& sources) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& s : sources) {
    arr.push_back({{"name", s.name},
                   {"status", s.status},
                   {"http_status", s.http_status},
                   {"bytes", s.bytes},
                   {"events", s.events},
                   {"seconds", s.seconds},
                   {"complete", s.complete},
                   {"removed", s.removed},
                   {"upcoming_before", s.upcoming_before},
                   {"error", s.error}});
  }
  // Replace invalid UTF-8 (an error message quoting a scraped page) instead of throwing.
  return arr.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<SourceRun> decodeSources(const std::string& json_text) {
  std::vector<SourceRun> out;
  auto arr = nlohmann::json::parse(json_text, nullptr, false);
  if (!arr.is_array()) return out;
  for (const auto& j : arr) {
    if (!j.is_object()) continue;
    SourceRun s;
    s.name = j.value("name", "");
    s.status = j.value("status", "");
    s.http_status = j.value("http_status", 0);
    s.bytes = j.value("bytes", std::int64_t{0});
    s.events = j.value("events", std::int64_t{0});
    s.seconds = j.value("seconds", 0.0);
    s.error = j.value("error", "");
    s.complete = j.value("complete", false);
    s.removed = j.value("removed", std::int64_t{0});
    s.upcoming_before = j.value("upcoming_before", std::int64_t{0});
    out.push_back(std::move(s));
  }
  return out;
}

const char* const kSourceColumns =
    "name, type, organiser, homepage, enabled, last_run_id, last_run_at, last_status, last_events, "
    "last_success_at, failing_since, failure_kind, failure_http_status, consecutive_failures, created_at, "
    "updated_at";

const char* const kSourceUpdateSet =
    "type = excluded.type, organiser = excluded.organiser, homepage = excluded.homepage, "
    "enabled = excluded.enabled, last_run_id = excluded.last_run_id, last_run_at = excluded.last_run_at, "
    "last_status = excluded.last_status, last_events = excluded.last_events, "
    "last_success_at = excluded.last_success_at, failing_since = excluded.failing_since, "
    "failure_kind = excluded.failure_kind, failure_http_status = excluded.failure_http_status, "
    "consecutive_failures = excluded.consecutive_failures, updated_at = excluded.updated_at";

SourceStatus readSourceStatus(const RowReader& row) {
  SourceStatus s;
  s.name = row.text(0);
  s.type = row.text(1);
  s.organiser = row.text(2);
  s.homepage = row.text(3);
  s.enabled = row.int64(4) != 0;
  s.last_run_id = optInt(row, 5);
  if (auto v = optInt(row, 6)) s.last_run_at = fromUnix(*v);
  s.last_status = row.text(7);
  s.last_events = row.int64(8);
  if (auto v = optInt(row, 9)) s.last_success_at = fromUnix(*v);
  if (auto v = optInt(row, 10)) s.failing_since = fromUnix(*v);
  s.failure = parseSourceFailureKind(row.text(11));
  s.failure_http_status = static_cast<int>(row.int64(12));
  s.consecutive_failures = row.int64(13);
  return s;
}

Result<void> checkSourceReport(const SourceReport& r) {
  if (text::trim(r.name).empty()) {
    return makeError(ErrorCode::kInvalidArgument, "a source report has no name", "record sources");
  }
  if (r.ran && r.status != "ok" && r.status != "not_modified" && r.status != "failed") {
    return makeError(ErrorCode::kInvalidArgument,
                     "status '" + r.status + "' is not ok, not_modified or failed", "record sources: " + r.name);
  }
  return ok();
}

SourceStatus mergeSourceReport(const std::optional<SourceStatus>& before, const SourceReport& r,
                               std::optional<std::int64_t> run_id, Instant at) {
  SourceStatus s = before.value_or(SourceStatus{});
  s.name = r.name;
  s.type = r.type;
  s.organiser = r.organiser;
  s.homepage = r.homepage;
  s.enabled = r.enabled;
  if (!r.ran) return s;
  s.last_run_id = run_id;
  s.last_run_at = at;
  s.last_status = r.status;
  s.last_events = r.events;
  if (r.status == "failed") {
    if (!s.failing_since) s.failing_since = at;
    s.failure = r.failure.value_or(SourceFailureKind::kOther);
    s.failure_http_status = r.http_status;
    ++s.consecutive_failures;
  } else {
    s.last_success_at = at;
    s.failing_since.reset();
    s.failure.reset();
    s.failure_http_status = 0;
    s.consecutive_failures = 0;
  }
  return s;
}

std::vector<SqlValue> sourceRowValues(const SourceStatus& s, Instant created, Instant at) {
  auto optInstant = [](const std::optional<Instant>& t) { return t ? SqlValue(toUnix(*t)) : SqlValue(std::monostate{}); };
  return {s.name,
          s.type,
          s.organiser,
          s.homepage,
          std::int64_t{s.enabled ? 1 : 0},
          s.last_run_id ? SqlValue(*s.last_run_id) : SqlValue(std::monostate{}),
          optInstant(s.last_run_at),
          s.last_status,
          s.last_events,
          optInstant(s.last_success_at),
          optInstant(s.failing_since),
          std::string(s.failure ? sourceFailureKindName(*s.failure) : ""),
          std::int64_t{s.failure_http_status},
          s.consecutive_failures,
          toUnix(created),
          toUnix(at)};
}

const char* const kSubmissionInsertColumns =
    "kind, status, url, title, event_date, event_time, venue_name, address, city, postcode, buy_in, variant, "
    "contact_email, message, origin, created_at";

const char* const kSubmissionColumns =
    "id, kind, status, url, title, event_date, event_time, venue_name, address, city, postcode, buy_in, "
    "variant, contact_email, message, origin, created_at, decided_at, decision_note";

Submission readSubmission(const RowReader& row) {
  Submission s;
  s.id = row.int64(0);
  s.kind = parseSubmissionKind(row.text(1)).value_or(SubmissionKind::kUrl);
  s.status = parseSubmissionStatus(row.text(2)).value_or(SubmissionStatus::kPending);
  s.url = row.text(3);
  s.title = row.text(4);
  s.date = row.text(5);
  s.time = row.text(6);
  s.venue_name = row.text(7);
  s.address = row.text(8);
  s.city = row.text(9);
  s.postcode = row.text(10);
  s.buy_in = row.text(11);
  s.variant = row.text(12);
  s.contact_email = row.text(13);
  s.message = row.text(14);
  s.origin = row.text(15);
  s.created_at = fromUnix(row.int64(16));
  if (auto v = optInt(row, 17)) s.decided_at = fromUnix(*v);
  s.decision_note = row.text(18);
  return s;
}

Result<void> decisionConflict(const Submission& s) {
  if (s.status == SubmissionStatus::kPending) return ok();
  return makeError(ErrorCode::kConflict,
                   fmt::format("submission #{} was already {} on {}{}", s.id, submissionStatusName(s.status),
                               s.decided_at ? formatLocalIso(*s.decided_at) : std::string("?"),
                               s.decision_note.empty() ? std::string() : ": " + s.decision_note),
                   "decide submission");
}

std::vector<SqlValue> submissionInsertValues(const Submission& s) {
  return {std::string(submissionKindName(s.kind)),
          std::string("pending"),
          s.url,
          s.title,
          s.date,
          s.time,
          s.venue_name,
          s.address,
          s.city,
          s.postcode,
          s.buy_in,
          s.variant,
          s.contact_email,
          s.message,
          s.origin,
          toUnix(s.created_at)};
}

Error databaseError(const std::string& what, const std::string& detail) {
  const std::string d = text::squashSpaces(detail);  // one line, whatever the server wrote
  return makeError(ErrorCode::kDatabase, what + " failed: " + d, what);
}

}  // namespace pft::store::detail
