#pragma once
// The query-string form of pft::TournamentFilter (core/types.hpp), shared by
// the API (/tournaments, /tournaments.ics) and the site's lists, so that a
// filtered page and an API call take the same parameter names and values.
// Pure functions: text in, a validated filter (or the error naming the bad
// parameter) out. The canonical form of a filter (sorted, normalised
// values) is the response-cache key and the base of "next page" links.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "pft/core/types.hpp"
#include "pft/core/url.hpp"

namespace pft::readmodel {

// A parameter the caller got wrong: a stable code (docs/api.md), what was
// wrong and how to fix it, and the parameter's name. The API answers it as
// a 400 problem+json; the site shows it beside the form.
struct FilterError {
  std::string code;
  std::string detail;
  std::string parameter;
};

struct ListLimits {
  std::int64_t default_limit = 20;
  std::int64_t max_limit = 100;
  const std::vector<std::string>* data_variants = nullptr;  // codes present in the data (also accepted)
};

// Validates the parameters of a tournament list (variant spellings through
// pft::normaliseVariant, core/variant.hpp). Unknown parameters are
// ignored, as the prototype did; an empty value means no filter. Text
// values are folded (text::foldKey); `now` is left for the caller to set.
std::variant<TournamentFilter, FilterError> parseFilter(const QueryParams& params, const ListLimits& limits);

// Canonical query string of the filters (no offset/limit/cursor), sorted by
// name, values normalised: equal filters give equal text.
std::string canonicalFilters(const TournamentFilter& f);
// canonicalFilters + cursor, limit, offset.
std::string canonicalQuery(const TournamentFilter& f);

// Cursors are opaque to clients ("c1.<start>.<id>").
std::string encodeCursor(const Cursor& c);
std::optional<Cursor> decodeCursor(std::string_view text);

}  // namespace pft::readmodel
