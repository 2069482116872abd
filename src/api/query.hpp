#pragma once
// Query-string parsing and validation for the list endpoints. Pure functions:
// text in, a validated TournamentQuery (or the Problem naming the bad
// parameter) out. The canonical form of a query (sorted, normalised values)
// is the response-cache key and the base of the Link rel="next" URL.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "pft/core/time.hpp"
#include "pft/core/types.hpp"
#include "problem.hpp"

namespace pft::api {

// Percent-decodes `s` ('+' is a space). Invalid escapes are kept as written.
std::string percentDecode(std::string_view s);
// Percent-encodes everything but unreserved characters.
std::string percentEncode(std::string_view s);

// name -> value; a repeated name keeps its last value (as FastAPI did).
using QueryParams = std::map<std::string, std::string, std::less<>>;
QueryParams parseQueryString(std::string_view query);

struct Near {
  double latitude = 0;
  double longitude = 0;
  double radius_km = 25;
};

// Position after which the next page starts: (start, id) of the last item.
struct Cursor {
  Instant start{};
  std::int64_t id = 0;
};
std::string encodeCursor(const Cursor& c);
std::optional<Cursor> decodeCursor(std::string_view text);

struct TournamentQuery {
  std::optional<std::string> city;        // folded (text::foldKey)
  std::optional<std::string> department;  // folded
  std::optional<std::string> region;      // folded
  std::optional<std::string> q;           // folded
  std::optional<std::string> variant;     // upper-case code
  std::optional<TournamentStatus> status;
  std::optional<Instant> date_from;
  std::optional<Instant> date_to;
  std::optional<std::int64_t> buy_in_min;
  std::optional<std::int64_t> buy_in_max;
  std::optional<Near> near;
  std::optional<std::int64_t> venue_id;
  std::vector<std::string> tags;  // folded, sorted, unique
  bool include_past = false;
  std::int64_t offset = 0;
  std::int64_t limit = 20;
  std::optional<Cursor> cursor;

  // Canonical query string of the filters (no offset/limit/cursor), sorted
  // by name, values normalised: equal queries give equal text.
  std::string canonicalFilters() const;
  // canonicalFilters + offset, limit, cursor.
  std::string canonical() const;
};

struct ListLimits {
  std::int64_t default_limit = 20;
  std::int64_t max_limit = 100;
  const std::vector<std::string>* data_variants = nullptr;  // codes present in the data (also accepted)
};

// Variant codes the API knows (upper case). Prototype spellings ("hold'em",
// "omaha", "mixed") are accepted too and mapped to codes.
const std::vector<std::string>& knownVariants();
std::optional<std::string> normaliseVariant(std::string_view text);

// Validates the parameters of /tournaments (and .ics). Unknown parameters are
// ignored, as the prototype did. A bad value is a 400 Problem naming it.
std::variant<TournamentQuery, Problem> parseTournamentQuery(const QueryParams& params, const ListLimits& limits);

// Great-circle distance in kilometres.
double haversineKm(double lat1, double lon1, double lat2, double lon2);

}  // namespace pft::api
