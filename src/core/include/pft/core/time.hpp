#pragma once
// Instants and the Europe/Paris edge (STYLE.md §6): every instant in pft is a
// UTC std::chrono::sys_seconds; local time exists only where text is parsed or
// shown, through the functions here. Time zones come from the OS tz database
// (Howard Hinnant's date/tz). All functions are pure and thread-safe.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "pft/core/result.hpp"

namespace pft {

using Instant = std::chrono::sys_seconds;
// Seconds since 1970-01-01T00:00:00 in some zone's wall clock (no offset).
using LocalSeconds = std::chrono::local_seconds;

inline constexpr std::string_view kParisZone = "Europe/Paris";

// Converts a wall-clock time in `zone` to an instant. Deterministic on DST
// change days: a time in the spring gap (02:30 that never exists) is moved
// forward by the gap (03:30 summer time); a time that occurs twice in autumn
// takes the first occurrence (summer time). Unknown zone -> kInvalidArgument.
Result<Instant> localToInstant(LocalSeconds local, std::string_view zone = kParisZone);

// Wall-clock time of `t` in `zone` (Europe/Paris if the zone is unknown).
LocalSeconds instantToLocal(Instant t, std::string_view zone = kParisZone);

// UTC offset of `zone` at `t`, in seconds (3600 or 7200 for Paris).
int offsetSeconds(Instant t, std::string_view zone = kParisZone);

// "2026-12-05T20:00:00+01:00": the instant in `zone` with its offset.
std::string formatLocalIso(Instant t, std::string_view zone = kParisZone);

// "2026-12-05T19:00:00Z".
std::string formatUtcIso(Instant t);

// "2026-12-05": the calendar date of `t` in `zone`.
std::string formatLocalDate(Instant t, std::string_view zone = kParisZone);

// Parses ISO 8601 / RFC 3339: "2026-12-05T20:00:00+01:00", "…+0100", "…Z",
// "2026-12-05 20:00", fractional seconds ignored. Without an offset the text
// is read as wall-clock time in `zone_if_no_offset`. A date alone is
// rejected (use parseIsoDate) so callers never invent midnight.
Result<Instant> parseIsoInstant(std::string_view text, std::string_view zone_if_no_offset = kParisZone);

// Parses "2026-12-05" -> days.
Result<std::chrono::sys_days> parseIsoDate(std::string_view text);

// True if `zone` names a zone of the tz database.
bool isKnownZone(std::string_view zone);

// The one rule for "played over several days" (a tournament's multi_day,
// set by normalize, and the site's "jusqu'au …"): the end falls on a later
// calendar day of `zone` than the start, except a night that ends the next
// morning before 06:00 ("20h à 2h", "20h à 0h", "13/12 4h" after "12/12
// 20h") — one evening, not two days. The exception needs both times: when
// either is unknown (a date alone: local midnight) any later day counts
// ("les 4 et 5 avril", "les 12 et 13 décembre à 19h"). No end: false.
//   spansSeveralDays(sat 20:00, sun 04:00, true, true)   == false
//   spansSeveralDays(sat 20:00, sun 12:00, true, true)   == true
//   spansSeveralDays(sat 19:00, sun 00:00, true, false)  == true
//   spansSeveralDays(sat 00:00, sun 00:00, false, false) == true
bool spansSeveralDays(LocalSeconds start, std::optional<LocalSeconds> end, bool start_time_known,
                      bool end_time_known);
// The same on instants, read in `zone`.
bool spansSeveralDays(Instant start, std::optional<Instant> end, bool start_time_known, bool end_time_known,
                      std::string_view zone = kParisZone);

}  // namespace pft
