#include "pft/core/json.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iterator>

#include "pft/core/text.hpp"
#include "pft/core/url.hpp"

namespace pft {
namespace {

using nlohmann::json;

json optionalNumber(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json optionalInt(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }
json emptyAsNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

// A start without a known time is shown as a date ("2026-12-05"): never
// invent midnight for a client. So is an end without a known time: when the
// start has none, or when only the end's day was given (end_time_known
// false: « les 12 et 13 décembre à 19 h »).
json startText(const Tournament& t) {
  return t.time_known ? json(formatLocalIso(t.start, t.timezone)) : json(formatLocalDate(t.start, t.timezone));
}

json endText(const Tournament& t) {
  if (!t.end) return json(nullptr);
  return endHasTime(t) ? json(formatLocalIso(*t.end, t.timezone)) : json(formatLocalDate(*t.end, t.timezone));
}

}  // namespace

namespace {

// The text keys of a raw event line, sorted as nlohmann's object (a
// std::map) dumps them: the one list the writer, the fast writer and the
// reader share.
struct RawTextField {
  const char* key;
  std::string RawEvent::*member;
  bool omitted_when_empty = false;  // added after the prototype: absent keeps old lines byte for byte
};
constexpr RawTextField kRawTextFields[] = {
    {"address", &RawEvent::address},         {"buy_in", &RawEvent::buy_in},
    {"city", &RawEvent::city},               {"description", &RawEvent::description},
    {"end", &RawEvent::end},                 {"event_url", &RawEvent::event_url},
    {"fetched_at", &RawEvent::fetched_at},   {"kind", &RawEvent::kind, true},
    {"postcode", &RawEvent::postcode},
    {"published_at", &RawEvent::published_at, true},
    {"source_hash", &RawEvent::source_hash}, {"source_id", &RawEvent::source_id, true},
    {"source_name", &RawEvent::source_name},
    {"source_url", &RawEvent::source_url},   {"start", &RawEvent::start},
    {"status_text", &RawEvent::status_text}, {"timezone", &RawEvent::timezone},
    {"title", &RawEvent::title},             {"variant", &RawEvent::variant},
    {"venue_name", &RawEvent::venue_name},
};

}  // namespace

void appendRawEventJsonLine(std::string& out, const RawEvent& e) {
  // Keys in the order nlohmann's object (a std::map) dumps them: sorted.
  bool first = true;
  auto key = [&](std::string_view k) {
    out += first ? "{\"" : ",\"";
    first = false;
    out += k;
    out += "\":";
  };
  for (const auto& f : kRawTextFields) {
    const std::string_view k = f.key;
    // The optional numeric keys sort between "fetched_at" and "source_hash".
    if (k == "postcode" && e.latitude && e.longitude) {
      key("latitude");
      out += json(*e.latitude).dump();
      key("longitude");
      out += json(*e.longitude).dump();
    }
    if (f.omitted_when_empty && (e.*f.member).empty()) continue;
    key(k);
    appendJsonString(out, e.*f.member);
    if (k == "postcode" && e.priority != 0) {
      key("priority");
      fmt::format_to(std::back_inserter(out), "{}", e.priority);
    }
  }
  out += "}\n";
}

json rawEventToJson(const RawEvent& e) {
  json j = json::object();
  for (const auto& f : kRawTextFields) {
    if (f.omitted_when_empty && (e.*f.member).empty()) continue;
    j[f.key] = e.*f.member;
  }
  if (e.latitude && e.longitude) {
    j["latitude"] = *e.latitude;
    j["longitude"] = *e.longitude;
  }
  if (e.priority != 0) j["priority"] = e.priority;
  return j;
}

Result<RawEvent> rawEventFromJson(const json& j) {
  if (!j.is_object()) return makeError(ErrorCode::kParse, "a raw event must be a JSON object");
  RawEvent e;
  auto str = [&j](const char* key, std::string& out) -> Result<void> {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return ok();
    if (it->is_string()) {
      out = it->get<std::string>();
    } else if (it->is_number()) {
      out = it->dump();  // a CSV/JSON source may give "buy_in": 150
    } else {
      return makeError(ErrorCode::kParse, fmt::format("key '{}' must be a string", key));
    }
    return ok();
  };
  for (const auto& f : kRawTextFields) {
    auto r = str(f.key, e.*f.member);
    if (!r) return r.error();
  }
  for (auto [key, out] : {std::pair{"latitude", &e.latitude}, std::pair{"longitude", &e.longitude}}) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) continue;
    if (it->is_number()) {
      *out = it->get<double>();
    } else if (it->is_string()) {
      try {
        *out = std::stod(it->get<std::string>());
      } catch (const std::exception&) {
        return makeError(ErrorCode::kParse, fmt::format("key '{}' must be a number", key));
      }
    } else {
      return makeError(ErrorCode::kParse, fmt::format("key '{}' must be a number", key));
    }
  }
  if (auto it = j.find("priority"); it != j.end() && it->is_number_integer()) e.priority = it->get<int>();
  return e;
}

json venueToJson(const Venue& v) {
  return {
      {"id", v.id},
      {"name", v.name},
      {"address", emptyAsNull(v.address)},
      {"postcode", emptyAsNull(v.postcode)},
      {"city", emptyAsNull(v.city)},
      {"department", emptyAsNull(v.department)},
      {"department_code", emptyAsNull(v.department_code)},
      {"region", emptyAsNull(v.region)},
      {"latitude", optionalNumber(v.latitude)},
      {"longitude", optionalNumber(v.longitude)},
  };
}

json tournamentToJson(const Tournament& t, bool with_id) {
  json venue = venueToJson(t.venue);
  if (!with_id) venue.erase("id");
  json j;
  if (with_id) j["id"] = t.id;
  j["title"] = t.title;
  j["description"] = emptyAsNull(t.description);
  j["start_datetime_local"] = startText(t);
  j["end_datetime_local"] = endText(t);
  j["time_known"] = t.time_known;
  j["multi_day"] = t.multi_day;
  j["timezone"] = t.timezone;
  j["buy_in_cents"] = optionalInt(t.buy_in_cents);
  j["fee_cents"] = optionalInt(t.fee_cents);
  j["guarantee_cents"] = optionalInt(t.guarantee_cents);
  j["currency"] = t.currency;
  j["variant"] = t.variant;
  j["tags"] = t.tags;
  j["status"] = statusName(t.status);
  j["source_name"] = t.source_name;
  // Filtered as they are read (issue 15): rows stored before normalize
  // checked URLs never serve a javascript:, data:, file: or CR/LF one.
  j["source_url"] = emptyAsNull(safeSourceUrl(t.source_url));
  j["source_hash"] = t.source_hash;
  j["event_url"] = emptyAsNull(safeLinkUrl(t.event_url));
  if (with_id) {
    // When its source stopped listing it (status "removed"); null otherwise.
    j["removed_at"] = t.removed_at ? json(formatLocalIso(*t.removed_at)) : json(nullptr);
    // When the row last changed (inserted, or its content changed): what
    // changed_since compares with.
    j["updated_at"] = formatLocalIso(t.updated_at);
  }
  j["venue"] = std::move(venue);
  return j;
}

json sourceStatusToJson(const SourceStatus& s, Instant now, std::int64_t upcoming_tournaments) {
  auto instant = [](const std::optional<Instant>& t) { return t ? json(formatLocalIso(*t)) : json(nullptr); };
  auto text = [](const std::string& v) { return v.empty() ? json(nullptr) : json(v); };
  json j;
  j["name"] = s.name;
  j["type"] = s.type;
  j["organiser"] = text(s.organiser);
  j["homepage"] = text(s.homepage);
  j["anchor"] = sourceAnchor(s.name);
  j["last_run_at"] = instant(s.last_run_at);
  j["last_status"] = text(s.last_status);
  j["events_last_run"] = s.last_run_at ? json(s.last_events) : json(nullptr);
  j["last_success_at"] = instant(s.last_success_at);
  j["failing"] = s.failing_since.has_value();
  j["failing_since"] = instant(s.failing_since);
  if (s.failing_since) {
    const SourceFailureKind kind = s.failure.value_or(SourceFailureKind::kOther);
    j["failure"] = {{"kind", sourceFailureKindName(kind)},
                    {"http_status", s.failure_http_status > 0 ? json(s.failure_http_status) : json(nullptr)},
                    {"summary", describeSourceFailure(s, now)}};
  } else {
    j["failure"] = nullptr;
  }
  j["upcoming_tournaments"] = upcoming_tournaments;
  return j;
}

json ingestRunToJson(const IngestRun& run) {
  json j;
  j["id"] = run.id;
  j["trigger"] = run.trigger;
  j["status"] = run.status;
  j["started_at"] = formatLocalIso(run.started_at);
  j["finished_at"] = run.finished_at ? json(formatLocalIso(*run.finished_at)) : json(nullptr);
  j["duration_seconds"] =
      run.finished_at ? json((*run.finished_at - run.started_at).count()) : json(nullptr);
  j["events_fetched"] = run.events_fetched;
  j["inserted"] = run.inserted;
  j["updated"] = run.updated;
  j["unchanged"] = run.unchanged;
  j["duplicates"] = run.duplicates;
  j["rejected"] = run.rejected;
  j["warned"] = run.warned;
  j["removed"] = run.removed;
  j["error"] = run.error.empty() ? json(nullptr) : json(run.error);
  j["host"] = run.host;
  json sources = json::array();
  for (const auto& s : run.sources) {
    sources.push_back({{"name", s.name},
                       {"status", s.status},
                       {"http_status", s.http_status},
                       {"bytes", s.bytes},
                       {"events", s.events},
                       {"seconds", s.seconds},
                       {"complete", s.complete},
                       {"removed", s.removed},
                       {"upcoming_before", s.upcoming_before},
                       {"error", s.error.empty() ? json(nullptr) : json(s.error)}});
  }
  j["sources"] = sources;
  return j;
}

std::string ingestManifestPath(std::string_view events_path) {
  return std::string(events_path) + ".manifest.json";
}

std::string ingestManifestToJson(const IngestManifest& m) {
  json sources = json::array();
  for (const auto& s : m.sources) {
    sources.push_back({{"name", s.name},
                       {"status", s.status},
                       {"complete", s.complete},
                       {"events", s.events},
                       {"error", s.error.empty() ? json(nullptr) : json(s.error)}});
  }
  json j = {{"manifest", 1},
            {"bytes", m.bytes},
            {"lines", m.lines},
            {"written_at", m.written_at},
            {"sources", std::move(sources)}};
  // An error message may quote a scraped page: replace invalid UTF-8, never throw.
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

Result<IngestManifest> parseIngestManifest(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return makeError(ErrorCode::kParse, "the manifest is not a JSON object");
  auto version = j.find("manifest");
  if (version == j.end() || !version->is_number_integer() || version->get<int>() != 1) {
    return makeError(ErrorCode::kParse, "the manifest has no \"manifest\": 1 (written by another version?)");
  }
  IngestManifest m;
  try {
    m.bytes = j.at("bytes").get<std::int64_t>();
    m.lines = j.at("lines").get<std::int64_t>();
    m.written_at = j.value("written_at", "");
    for (const auto& s : j.at("sources")) {
      SourceRun r;
      r.name = s.at("name").get<std::string>();
      r.status = s.value("status", "");
      r.complete = s.at("complete").get<bool>();
      r.events = s.value("events", std::int64_t{0});
      if (auto e = s.find("error"); e != s.end() && e->is_string()) r.error = e->get<std::string>();
      m.sources.push_back(std::move(r));
    }
  } catch (const json::exception& e) {
    return makeError(ErrorCode::kParse, std::string("the manifest is malformed: ") + e.what());
  }
  return m;
}

std::string tournamentPagePath(const Tournament& t) {
  std::string slug = text::slugify(t.title);
  return fmt::format("/tournois/{}-{}", t.id, slug.empty() ? "tournoi" : slug);
}

json tournamentJsonLd(const Tournament& t, std::string_view site_url) {
  // Google's Event properties: a rescheduled event needs previousStartDate,
  // which we do not know, so "updated" is announced as scheduled.
  const char* status = "https://schema.org/EventScheduled";
  // Withdrawn by its organiser: as good as cancelled for a player.
  const bool off = t.status == TournamentStatus::kCancelled || t.status == TournamentStatus::kRemoved;
  if (off) status = "https://schema.org/EventCancelled";
  if (t.status == TournamentStatus::kPostponed) status = "https://schema.org/EventPostponed";
  json address = {{"@type", "PostalAddress"}, {"addressCountry", "FR"}};
  if (!t.venue.address.empty()) address["streetAddress"] = t.venue.address;
  if (!t.venue.city.empty()) address["addressLocality"] = t.venue.city;
  if (!t.venue.postcode.empty()) address["postalCode"] = t.venue.postcode;
  if (!t.venue.region.empty()) address["addressRegion"] = t.venue.region;
  json place = {{"@type", "Place"}, {"name", text::stripBidiControls(t.venue.name)}, {"address", address}};
  if (t.venue.latitude && t.venue.longitude)
    place["geo"] = {{"@type", "GeoCoordinates"}, {"latitude", *t.venue.latitude}, {"longitude", *t.venue.longitude}};
  json organizer = {{"@type", "Organization"}, {"name", text::stripBidiControls(t.venue.name)}};
  if (std::string website = safeLinkUrl(t.venue.website); !website.empty()) organizer["url"] = website;
  json ld = {
      {"@context", "https://schema.org"},
      {"@type", "Event"},
      {"name", text::stripBidiControls(t.title)},
      {"startDate", startText(t)},
      {"eventStatus", status},
      {"eventAttendanceMode", "https://schema.org/OfflineEventAttendanceMode"},
      {"location", place},
      {"organizer", organizer},
  };
  if (t.end) ld["endDate"] = endText(t);
  if (!t.description.empty()) ld["description"] = text::stripBidiControls(t.description);
  // The tournament's own page on the site: one event per URL.
  std::string url = fmt::format("{}{}", site_url, tournamentPagePath(t));
  ld["url"] = url;
  if (t.buy_in_cents) {
    ld["offers"] = {{"@type", "Offer"},
                    {"price", fmt::format("{}.{:02}", *t.buy_in_cents / 100, *t.buy_in_cents % 100)},
                    {"priceCurrency", t.currency},
                    {"availability", off ? "https://schema.org/Discontinued" : "https://schema.org/InStock"},
                    {"url", url}};
  }
  return ld;
}

}  // namespace pft
