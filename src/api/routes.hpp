#pragma once
// The route table: the single list of endpoints that both the router and
// /openapi.json are generated from (a test checks they agree). Patterns use
// {name} for a path parameter, possibly with a literal suffix ("{id}.ics").

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pft::api {

enum class RouteId {
  kHealth,
  kTournaments,
  kTournamentsIcs,
  kTournament,
  kTournamentIcs,
  kVenues,
  kVenue,
  kOpenApi,
  kMetrics,
  kAdminIngest,
  kAdminRuns,
  kAdminRun,
};

struct ParamSpec {
  std::string name;
  std::string in;      // "query" or "path"
  std::string type;    // JSON Schema type: "string", "integer", "number", "boolean"
  std::string format;  // optional JSON Schema format
  std::string description;
  bool required = false;
};

struct RouteSpec {
  RouteId id;
  std::string method;   // "GET" or "POST"
  std::string pattern;  // "/tournaments/{id}"
  std::string operation_id;
  std::string summary;
  std::vector<ParamSpec> params;
  std::string content_type;  // of the 2xx body
  std::string response_schema;  // name of a component schema, or "" for free-form
  bool response_is_array = false;
  std::vector<int> error_statuses;  // documented problem+json statuses
  bool admin = false;  // basic auth
};

const std::vector<RouteSpec>& routeTable();

struct RouteMatch {
  const RouteSpec* route = nullptr;
  std::map<std::string, std::string> path_params;
};

// Routes whose pattern matches `path` (any method).
std::vector<RouteMatch> matchPath(std::string_view path);

// The OpenAPI 3.1 document (JSON text) generated from routeTable().
std::string openApiDocument();

}  // namespace pft::api
