#pragma once
// Private to normalize: writes the dry-run line of a tournament straight into
// a string, byte for byte what pft::tournamentToJson(t, false).dump() gives
// (keys sorted as nlohmann's std::map sorts them, same escaping and number
// format) plus "duplicate_of"; normalizer_test checks the two agree. It exists
// because building a nlohmann DOM per event costs more than the rest of the
// normalisation. The venue object is passed already serialised (it is the
// same for every event of a venue). Pure, thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pft/core/types.hpp"

namespace pft::normalize::detail {

// `venue_json`: pft::venueToJson(venue) without "id", dumped.
void appendTournamentJson(std::string& out, const Tournament& t, std::string_view venue_json,
                          std::optional<std::int64_t> duplicate_of);

// A JSON string literal as nlohmann dumps it (ensure_ascii off).
void appendJsonString(std::string& out, std::string_view s);

// "2026-12-05T20:00:00+01:00" (formatLocalIso) without iostreams.
void appendLocalIso(std::string& out, Instant t, std::string_view zone);
// "2026-12-05" (formatLocalDate).
void appendLocalDate(std::string& out, Instant t, std::string_view zone);

}  // namespace pft::normalize::detail
