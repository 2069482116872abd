#pragma once
// iCalendar (RFC 5545) rendering of tournaments, for calendar subscriptions:
// one VCALENDAR with the Europe/Paris VTIMEZONE, one VEVENT per tournament
// with a stable UID "<id>@pokerfrancetournaments", local DTSTART/DTEND in
// Europe/Paris (a DATE when the time is unknown), STATUS:CANCELLED for
// cancelled and withdrawn (status removed) events, escaped text and lines folded at 75 octets. Pure.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pft/core/types.hpp"

namespace pft::api {

// Escapes TEXT values: backslash, ';', ',' and newlines.
std::string icsEscape(std::string_view s);

// Folds one content line (without CRLF) at 75 octets, never inside a UTF-8
// sequence; returns it with CRLF line ends.
std::string icsFold(std::string_view line);

// `dtstamp` is the DTSTAMP of every event (the snapshot's load time).
// `sequence` (may be null): tournament id -> its SEQUENCE, the number of
// changes it has had (tournament_changes), so that a calendar replaces the
// event it holds when the start moved; absent: 0. LAST-MODIFIED is the
// tournament's updated_at.
std::string renderIcs(const std::vector<const Tournament*>& items, Instant dtstamp, std::string_view calendar_name,
                      std::string_view site_url,
                      const std::unordered_map<std::int64_t, std::int64_t>* sequence = nullptr);

}  // namespace pft::api
