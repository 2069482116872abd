#include "routes.hpp"

#include <nlohmann/json.hpp>

#include "api.hpp"
#include "pft/core/json.hpp"
#include "pft/http/problem.hpp"

namespace pft::api {
namespace {

std::vector<ParamSpec> listParams(bool ics) {
  std::vector<ParamSpec> p = {
      {"city", "query", "string", "", "City, accent- and case-insensitive substring (evian finds Évian-les-Bains)"},
      {"department", "query", "string", "", "Department name (folded substring) or code (76, 2A)"},
      {"region", "query", "string", "", "Region name, folded substring"},
      {"q", "query", "string", "", "Words, each searched (folded) in the title, the venue name or the city"},
      {"date_from", "query", "string", "", "Start at or after: a date (2026-12-05, Paris day) or an ISO 8601 datetime"},
      {"date_to", "query", "string", "", "Start at or before: a date (whole Paris day included) or a datetime"},
      {"changed_since", "query", "string", "",
       "Sync: only tournaments created or changed (updated_at) at or after this instant: an ISO 8601 datetime (no "
       "offset = Paris time) or a date (Paris midnight); withdrawn ones (status removed) included unless status is "
       "given"},
      {"buy_in_min", "query", "integer", "int64", "Minimum buy-in in cents (>= 0)"},
      {"buy_in_max", "query", "integer", "int64", "Maximum buy-in in cents (>= 0)"},
      {"variant", "query", "string", "", "Variant code (NLHE, PLO, PLO5, PLO6, PLO Hi-Lo, Short Deck, Stud, Razz, Mixed, Other), any case, or a prototype spelling (hold'em, omaha)"},
      {"status", "query", "string", "",
       "scheduled, cancelled, postponed, updated, or removed (withdrawn by their source: listed only when asked for, "
       "or with changed_since)"},
      {"hide_cancelled", "query", "boolean", "", "Leave cancelled tournaments out (default false)"},
      {"tags", "query", "string", "", "Comma-separated tag codes (any case), all required"},
      {"near", "query", "string", "", "latitude,longitude (WGS84) of the search centre"},
      {"radius_km", "query", "number", "", "Radius around near in km (default 25, max 1000)"},
      {"venue_id", "query", "integer", "int64", "Only this venue's tournaments"},
      {"series_id", "query", "integer", "int64", "Only this series' tournaments (GET /series); not with include_past"},
      {"include_past", "query", "boolean", "", "Also finished tournaments (default false)"},
      {"offset", "query", "integer", "int64", "Items to skip (default 0)"},
      {"limit", "query", "integer", "int64", ics ? "Items (default 1000, max 5000)" : "Items (default 20, max 100)"},
      {"cursor", "query", "string", "", "Opaque position from the Link rel=\"next\" header"},
  };
  return p;
}

ParamSpec idParam(const std::string& what) {
  return {"id", "path", "integer", "int64", what + " id", true};
}

std::vector<RouteSpec> buildTable() {
  std::vector<RouteSpec> t;
  t.push_back({"GET", "/health", "getHealth", "Service and database health", {}, "application/json",
               "Health", false, {503}, false, &Api::health});
  t.push_back({"GET", "/tournaments", "listTournaments",
               "Upcoming tournaments ordered by start (X-Total-Count, Link rel=next)", listParams(false),
               "application/json", "Tournament", true, {400, 503}, false, &Api::tournaments});
  t.push_back({"GET", "/tournaments.ics", "listTournamentsIcs",
               "The same list as an iCalendar feed", listParams(true), "text/calendar", "", false, {400, 503}, false, &Api::tournamentsIcs});
  t.push_back({"GET", "/tournaments/{id}", "getTournament", "One tournament and its JSON-LD",
               {idParam("Tournament")}, "application/json", "TournamentDetail", false, {400, 404}, false, &Api::tournament});
  t.push_back({"GET", "/tournaments/{id}.ics", "getTournamentIcs",
               "One tournament as an iCalendar event", {idParam("Tournament")}, "text/calendar", "", false, {400, 404}, false, &Api::tournamentIcs});
  t.push_back({"GET", "/tournaments/{id}/history", "getTournamentHistory",
               "What changed in one tournament (start, end, buy-in, fee, guarantee, variant, status, venue, title), "
               "newest first",
               {idParam("Tournament")}, "application/json", "TournamentHistory", false, {400, 404, 503}, false,
               &Api::tournamentHistory});
  t.push_back({"GET", "/venues", "listVenues", "All venues", {}, "application/json", "Venue", true, {}, false, &Api::venues});
  t.push_back({"GET", "/venues/{id}", "getVenue", "One venue and its upcoming tournaments",
               {idParam("Venue")}, "application/json", "VenueDetail", false, {400, 404}, false, &Api::venue});
  t.push_back({"GET", "/series", "listSeries",
               "Upcoming series (festivals and their flights), by first start (X-Total-Count, Link rel=next)",
               {{"offset", "query", "integer", "int64", "Items to skip (default 0)"},
                {"limit", "query", "integer", "int64", "Items (default 20, max 100)"}},
               "application/json", "Series", true, {400}, false, &Api::seriesList});
  t.push_back({"GET", "/series/{id}", "getSeries", "One series and its upcoming tournaments",
               {idParam("Series")}, "application/json", "SeriesDetail", false, {400, 404}, false, &Api::seriesOne});
  t.push_back({"GET", "/sources", "listSources",
               "Every enabled source: type, organiser, last successful fetch, events in the last run, failure "
               "(one line, e.g. « HTTP 503 depuis 3 jours ») and upcoming tournaments. Browsers (Accept: "
               "text/html) get the French page instead (Vary: Accept)",
               {}, "application/json", "Source", true, {}, false, &Api::sources});
  t.push_back({"POST", "/sources/suggest", "suggestSource",
               "Suggests the page where an organiser lists its tournaments; stored pending until an operator "
               "decides (nothing is published before)",
               {}, "application/json", "SuggestionReceipt", false, {400, 415, 429, 503}, false, &Api::suggestSource,
               nullptr, 202, "Suggestion"});
  t.push_back({"GET", "/openapi.json", "getOpenApi", "This document", {}, "application/json", "",
               false, {}, false, &Api::openApi});
  t.push_back({"GET", "/metrics", "getMetrics", "Prometheus metrics", {},
               "text/plain; version=0.0.4", "", false, {}, false, &Api::metrics});
  t.push_back({"POST", "/admin/ingest", "startIngest",
               "Starts `pft run` (202 + Location); ?wait=true answers the finished run",
               {{"wait", "query", "boolean", "", "Wait for the run to finish and answer its result"}},
               "application/json", "IngestRun", false, {401, 409, 429, 503}, true, nullptr, &Api::adminIngest, 202});
  t.push_back({"GET", "/admin/runs", "listRuns", "Recent ingest runs, newest first",
               {{"limit", "query", "integer", "int64", "Runs (default 20, max 200)"}}, "application/json", "IngestRun",
               true, {400, 401, 429, 503}, true, &Api::adminRuns});
  t.push_back({"GET", "/admin/runs/{id}", "getRun", "One ingest run", {idParam("Run")},
               "application/json", "IngestRun", false, {400, 401, 404, 429, 503}, true, &Api::adminRun});
  return t;
}

}  // namespace

const std::vector<RouteSpec>& routeTable() {
  static const std::vector<RouteSpec> kTable = buildTable();
  return kTable;
}

std::string openApiDocument() {
  using nlohmann::json;
  json doc;
  doc["openapi"] = "3.1.0";
  doc["info"] = {{"title", "Poker France Tournaments API"},
                 {"version", "1.0.0"},
                 {"description",
                  "Upcoming live poker tournaments in France. Errors are application/problem+json with a stable "
                  "`code` (see docs/api.md)."}};
  json nullable_string = {{"type", json::array({"string", "null"})}};
  json nullable_int = {{"type", json::array({"integer", "null"})}};
  json nullable_num = {{"type", json::array({"number", "null"})}};
  json venue = {{"type", "object"},
                {"required", json::array({"id", "name", "address", "city", "department", "region", "latitude",
                                          "longitude"})},
                {"properties",
                 {{"id", {{"type", "integer"}}},
                  {"name", {{"type", "string"}}},
                  {"address", nullable_string},
                  {"city", nullable_string},
                  {"department", nullable_string},
                  {"region", nullable_string},
                  {"postcode", nullable_string},
                  {"department_code", nullable_string},
                  {"latitude", nullable_num},
                  {"longitude", nullable_num}}}};
  json tournament = {{"type", "object"},
                     {"required", json::array({"id", "title", "description", "start_datetime_local",
                                               "end_datetime_local", "timezone", "buy_in_cents", "currency", "variant",
                                               "status", "source_url", "venue"})},
                     {"properties",
                      {{"id", {{"type", "integer"}}},
                       {"title", {{"type", "string"}}},
                       {"description", nullable_string},
                       // One shape for both (issue 12 §2): date-time with its offset, or a
                       // date (YYYY-MM-DD) when time_known is false.
                       {"start_datetime_local",
                        {{"type", "string"},
                         {"anyOf", json::array({{{"format", "date-time"}}, {{"format", "date"}}})},
                         {"description", "date-time with offset; a date when time_known is false"}}},
                       {"end_datetime_local",
                        {{"type", json::array({"string", "null"})},
                         {"description",
                          "date-time with offset, or a date (YYYY-MM-DD) when its time is unknown (time_known "
                          "false, or only the end's day was given); null when unknown"}}},
                       {"time_known", {{"type", "boolean"}}},
                       {"multi_day", {{"type", "boolean"}}},
                       {"timezone", {{"type", "string"}}},
                       {"buy_in_cents", nullable_int},
                       {"currency", {{"type", "string"}}},
                       {"variant", nullable_string},
                       {"status",
                        {{"type", "string"}, {"enum", {"scheduled", "cancelled", "postponed", "updated", "removed"}}}},
                       {"removed_at", nullable_string},
                       {"updated_at",
                        {{"type", "string"},
                         {"format", "date-time"},
                         {"description", "when first stored or last changed (what changed_since compares)"}}},
                       {"source_url", nullable_string},
                       {"tags", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                       {"series_id", {{"type", json::array({"integer", "null"})},
                                      {"description", "The series (GET /series/{id}) it belongs to"}}},
                       {"venue", {{"$ref", "#/components/schemas/Venue"}}}}}};
  json schemas;
  schemas["Venue"] = venue;
  schemas["Tournament"] = tournament;
  schemas["TournamentDetail"] = {{"type", "object"},
                                 {"required", json::array({"tournament", "json_ld"})},
                                 {"properties",
                                  {{"tournament", {{"$ref", "#/components/schemas/Tournament"}}},
                                   {"json_ld", {{"type", "object"}, {"description", "schema.org Event"}}}}}};
  schemas["TournamentChange"] = {
      {"type", "object"},
      {"required", json::array({"field", "old", "new", "changed_at", "source_name"})},
      {"properties",
       {{"field",
         {{"type", "string"},
          {"enum", {"start", "end", "buy_in", "fee", "guarantee", "variant", "status", "venue", "title"}}}},
        {"old", {{"description", "Value before: ISO 8601 local time (start, end), cents (buy_in, fee, guarantee), "
                                  "venue id (venue), text (status, variant, title); null: unknown"}}},
        {"new", {{"description", "Value after, as old"}}},
        {"changed_at", {{"type", "string"}, {"format", "date-time"}}},
        {"source_name", {{"type", "string"}}}}}};
  schemas["TournamentHistory"] = {
      {"type", "object"},
      {"required", json::array({"tournament_id", "changes"})},
      {"properties",
       {{"tournament_id", {{"type", "integer"}}},
        {"changes", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/TournamentChange"}}}}}}}};
  schemas["VenueDetail"] = {{"type", "object"},
                            {"required", json::array({"venue", "upcoming_tournaments"})},
                            {"properties",
                             {{"venue", {{"$ref", "#/components/schemas/Venue"}}},
                              {"upcoming_tournaments",
                               {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/Tournament"}}}}}}}};
  schemas["Series"] = {
      {"type", "object"},
      {"description", "Tournaments of one festival at one venue over consecutive days (rule in docs/api.md)"},
      {"required", json::array({"id", "name", "venue", "first_day", "last_day", "tournament_count", "tournament_ids"})},
      {"properties",
       {{"id", {{"type", "integer"}, {"description", "Stable while venue, banner and last day stay (< 2^53)"}}},
        {"name", {{"type", "string"}}},
        {"slug", {{"type", "string"}}},
        {"venue", {{"$ref", "#/components/schemas/Venue"}}},
        {"first_day", {{"type", "string"}, {"format", "date"}}},
        {"last_day", {{"type", "string"}, {"format", "date"}}},
        {"tournament_count", {{"type", "integer"}}},
        {"tournament_ids", {{"type", "array"}, {"items", {{"type", "integer"}}}}},
        {"url", {{"type", "string"}, {"description", "The French page of the series on the site"}}},
        {"ics_url", {{"type", "string"}}}}}};
  schemas["SeriesDetail"] = {{"type", "object"},
                             {"required", json::array({"series", "tournaments"})},
                             {"properties",
                              {{"series", {{"$ref", "#/components/schemas/Series"}}},
                               {"tournaments",
                                {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/Tournament"}}}}}}}};
  schemas["Health"] = {{"type", "object"},
                       {"required", json::array({"status", "timestamp", "database"})},
                       {"properties",
                        {{"status", {{"type", "string"}, {"enum", {"ok", "degraded"}}}},
                         {"timestamp", {{"type", "string"}, {"format", "date-time"}}},
                         {"database", {{"type", "string"}}},
                         {"reason", {{"type", "string"}}},
                         {"tournaments_upcoming", {{"type", "integer"}}},
                         {"last_ingest", nullable_string}}}};
  schemas["IngestRun"] = {{"type", "object"},
                          {"required", json::array({"id", "status"})},
                          {"properties",
                           {{"id", {{"type", "integer"}}},
                            {"status", {{"type", "string"}}},
                            {"trigger", {{"type", "string"}}},
                            {"started_at", nullable_string},
                            {"finished_at", nullable_string},
                            {"sources", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};
  schemas["Source"] = {
      {"type", "object"},
      {"required", json::array({"name", "type", "anchor", "failing", "upcoming_tournaments"})},
      {"properties",
       {{"name", {{"type", "string"}}},
        {"type", {{"type", "string"}, {"enum", {"html", "jsonld", "ics", "rss", "csv", "json"}}}},
        {"organiser", nullable_string},
        {"homepage", nullable_string},
        {"anchor", {{"type", "string"}, {"description", "fragment of its line on the page /sources"}}},
        {"last_run_at", nullable_string},
        {"last_status", {{"type", json::array({"string", "null"})}, {"enum", {"ok", "not_modified", "failed", nullptr}}}},
        {"events_last_run", nullable_int},
        {"last_success_at", nullable_string},
        {"failing", {{"type", "boolean"}}},
        {"failing_since", nullable_string},
        {"failure",
         {{"type", json::array({"object", "null"})},
          {"properties",
           {{"kind", {{"type", "string"}, {"enum", {"http", "timeout", "network", "robots", "parse", "other"}}}},
            {"http_status", nullable_int},
            {"summary", {{"type", "string"}}}}}}},
        {"upcoming_tournaments", {{"type", "integer"}}}}}};
  schemas["Suggestion"] = {{"type", "object"},
                           {"required", json::array({"url"})},
                           {"additionalProperties", false},
                           {"properties",
                            {{"url", {{"type", "string"}, {"format", "uri"}, {"maxLength", 2000}}},
                             {"contact_email", {{"type", "string"}, {"format", "email"}, {"maxLength", 254}}},
                             {"message", {{"type", "string"}, {"maxLength", 2000}}}}}};
  schemas["SuggestionReceipt"] = {{"type", "object"},
                                  {"required", json::array({"id", "status"})},
                                  {"properties",
                                   {{"id", {{"type", "integer"}}},
                                    {"status", {{"type", "string"}, {"enum", {"pending"}}}},
                                    {"message", {{"type", "string"}}}}}};
  schemas["Problem"] = {{"type", "object"},
                        {"required", json::array({"status", "title", "detail", "code"})},
                        {"properties",
                         {{"type", {{"type", "string"}}},
                          {"status", {{"type", "integer"}}},
                          {"title", {{"type", "string"}}},
                          {"detail", {{"type", "string"}}},
                          {"code", {{"type", "string"}}},
                          {"parameter", {{"type", "string"}}}}}};
  doc["components"]["schemas"] = schemas;
  doc["components"]["securitySchemes"]["basicAuth"] = {{"type", "http"}, {"scheme", "basic"}};

  json paths = json::object();
  for (const auto& r : routeTable()) {
    json op;
    op["operationId"] = r.operation_id;
    op["summary"] = r.summary;
    json params = json::array();
    for (const auto& p : r.params) {
      json schema = {{"type", p.type}};
      if (!p.format.empty()) schema["format"] = p.format;
      params.push_back({{"name", p.name}, {"in", p.in}, {"required", p.required}, {"description", p.description},
                        {"schema", schema}});
    }
    if (!params.empty()) op["parameters"] = params;
    if (!r.request_schema.empty()) {
      op["requestBody"] = {{"required", true},
                           {"content",
                            {{"application/json", {{"schema", {{"$ref", "#/components/schemas/" + r.request_schema}}}}}}}};
    }
    json content_schema;
    if (r.response_schema.empty()) {
      content_schema = r.content_type == "application/json" ? json{{"type", "object"}} : json{{"type", "string"}};
    } else {
      json ref = {{"$ref", "#/components/schemas/" + r.response_schema}};
      content_schema = r.response_is_array ? json{{"type", "array"}, {"items", ref}} : ref;
    }
    std::string ok = std::to_string(r.ok_status);
    op["responses"][ok] = {{"description", http::statusTitle(std::stoi(ok))},
                           {"content", {{r.content_type, {{"schema", content_schema}}}}}};
    if (r.ok_status == 202 && r.handle_async != nullptr) {  // an admin run: wait=true answers 200
      op["responses"]["200"] = {{"description", "The finished run (wait=true)"},
                                {"content", {{r.content_type, {{"schema", content_schema}}}}}};
    }
    if (r.method == "GET") op["responses"]["304"] = {{"description", "Not Modified (If-None-Match)"}};
    for (int s : r.error_statuses) {
      op["responses"][std::to_string(s)] = {
          {"description", http::statusTitle(s)},
          {"content", {{"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}};
    }
    if (r.admin) op["security"] = json::array({{{"basicAuth", json::array()}}});
    std::string method = r.method == "GET" ? "get" : "post";
    paths[r.pattern][method] = op;
  }
  doc["paths"] = paths;
  return dumpJson(doc, 2);
}

}  // namespace pft::api
