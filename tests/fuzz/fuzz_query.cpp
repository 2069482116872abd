// The API's query-string handling: pft::parseQueryString (core/url) and the
// tournament filter (readmodel parseFilter, canonicalQuery), and the 400
// problem+json body a rejected value gets (http problemResponse).
// Property: never an exception; a rejected query gets a 400 whose body is
// written; an accepted filter's canonical query parses to the same filter.
#include <string>

#include "fuzz_input.hpp"
#include "pft/core/text.hpp"
#include "pft/core/url.hpp"
#include "pft/http/problem.hpp"
#include "pft/readmodel/filter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view query = pft::fuzz::asText(data, size);
  const pft::readmodel::ListLimits limits;
  auto params = pft::parseQueryString(query);
  // The router answers 400 invalid_encoding before any filter sees a name or
  // value that is not UTF-8 once decoded (issue 15 item 1): mirror it.
  for (const auto& [name, value] : params) {
    if (!pft::text::isValidUtf8(name) || !pft::text::isValidUtf8(value)) return 0;
  }
  auto parsed = pft::readmodel::parseFilter(params, limits);
  if (auto* error = std::get_if<pft::readmodel::FilterError>(&parsed)) {
    auto response = pft::http::problemResponse({400, error->code, error->detail, error->parameter});
    if (response.status != 400 || !response.body || response.body->empty()) pft::fuzz::violated("problem response", error->detail);
    return 0;
  }
  const auto& filter = std::get<pft::TournamentFilter>(parsed);
  std::string canonical = pft::readmodel::canonicalQuery(filter);
  auto again = pft::readmodel::parseFilter(pft::parseQueryString(canonical), limits);
  if (!std::holds_alternative<pft::TournamentFilter>(again))
    pft::fuzz::violated("the canonical query of an accepted filter is rejected", canonical);
  if (pft::readmodel::canonicalQuery(std::get<pft::TournamentFilter>(again)) != canonical)
    pft::fuzz::violated("canonical query is not stable", canonical);
  return 0;
}
