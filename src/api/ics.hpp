#pragma once
// iCalendar (RFC 5545) rendering of tournaments, for calendar subscriptions:
// one VCALENDAR with the Europe/Paris VTIMEZONE, one VEVENT per tournament
// with a stable UID "<id>@pokerfrancetournaments", local DTSTART/DTEND in
// Europe/Paris (a DATE when the time is unknown), STATUS:CANCELLED for
// cancelled and withdrawn (status removed) events, escaped text and lines folded at 75 octets. Pure.

#include <string>
#include <string_view>
#include <vector>

#include "pft/core/types.hpp"

namespace pft::api {

// Escapes TEXT values: backslash, ';', ',' and newlines.
std::string icsEscape(std::string_view s);

// Folds one content line (without CRLF) at 75 octets, never inside a UTF-8
// sequence; returns it with CRLF line ends.
std::string icsFold(std::string_view line);

// `dtstamp` is the DTSTAMP of every event (the snapshot's load time).
std::string renderIcs(const std::vector<const Tournament*>& items, Instant dtstamp, std::string_view calendar_name,
                      std::string_view site_url);

}  // namespace pft::api
