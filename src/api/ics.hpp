#pragma once
// iCalendar (RFC 5545) rendering of tournaments, for calendar subscriptions:
// one VCALENDAR with the Europe/Paris VTIMEZONE, one VEVENT per tournament
// with a stable UID "<id>@pokerfrancetournaments", local DTSTART/DTEND in
// Europe/Paris (a DATE when the time is unknown), STATUS:CANCELLED for
// cancelled and withdrawn (status removed) events, escaped text and lines folded at 75 octets; an
// event_url that is not an http(s) link gives way to the tournament's page. Pure.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pft/core/types.hpp"

namespace pft::api {

// Escapes TEXT values (RFC 5545 3.3.11): backslash, ';', ',' and
// newlines (CRLF, CR or LF become "\n"); other control characters and DEL
// become a space (TAB is kept).
std::string icsEscape(std::string_view s);

// Folds one content line (without CRLF) at 75 octets, never inside a UTF-8
// sequence; returns it with CRLF line ends.
std::string icsFold(std::string_view line);

// How a property value is written.
enum class IcsValue {
  kText,   // free text (titles, descriptions, places): icsEscape
  kUri,    // a link: core's safeLinkUrl (http/https, no controls, no spaces), else the property is left out
  kToken,  // a value pft builds (dates, numbers, fixed words): controls dropped
};

// The one writer of ICS properties: appends "NAME[;PARAMS]:value", escaped
// or checked as `kind` says and folded (icsFold). Every property of
// renderIcs goes through it, so no value can end a line. `name` is ours
// (never input). False (nothing appended) for a kUri value that is not a
// link.
bool appendIcsProperty(std::string& out, std::string_view name, std::string_view value, IcsValue kind);

// `dtstamp` is the DTSTAMP of every event (the snapshot's load time).
// `sequence` (may be null): tournament id -> its SEQUENCE, the number of
// changes it has had (tournament_changes), so that a calendar replaces the
// event it holds when the start moved; absent: 0. LAST-MODIFIED is the
// tournament's updated_at.
std::string renderIcs(const std::vector<const Tournament*>& items, Instant dtstamp, std::string_view calendar_name,
                      std::string_view site_url,
                      const std::unordered_map<std::int64_t, std::int64_t>* sequence = nullptr);

}  // namespace pft::api
