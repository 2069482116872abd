#pragma once
// French dates and times as organisers write them ("samedi 12 décembre 2026 à
// 14h", "12/12/2026 19h30", "du 10 au 15 novembre", "Ven 5 Déc 19:30"), plus
// ISO 8601 and RFC 2822, turned into wall-clock times of the event's zone.
//
// Pure functions: no clock (the reference time is a parameter), no I/O beyond
// the tz database read by pft::localToInstant, no locale, no globals.
// Thread-safe. Text is case- and accent-folded with pft::text::foldCase first,
// so "DÉC", "déc." and "dec" are the same month.
//
// Rules shared by every function here:
//  - A missing year is the next occurrence of that day on or after
//    `reference - 28 days` (pages keep recent events for a few weeks).
//  - A weekday written next to a date must agree with it. With an explicit
//    year a disagreement is kInvalidDate; without a year the weekday picks the
//    year when the next occurrence does not match (nearest matching year
//    within a year back / a year ahead), and kInvalidDate if none does.
//  - Day-first numeric dates: "12/12/2026", "12.12.26", "12-12-2026", and
//    "12/12" (slash only when the year is missing); two-digit years are 20yy.
//  - Also "12-déc-2026", "December 12, 2026" / "Dec 12th" (a year or an
//    ordinal is required in that order), and "Vendredi 11" alone (weekday and
//    day, only when the text names no fuller date): the next month where the
//    11th is a Friday.
//  - A calendar-impossible date ("31/02/2026", "30 février") is kInvalidDate.
//  - HTML entities left in a field ("d&eacute;c.") are decoded first.
//  - Times: "14h", "19h30", "20H00", "19:30", "20 heures", "20 heures 30",
//    "8pm", "midi". When several times are written, one introduced by
//    "début", "start", "départ", "tournoi"… wins; times introduced by
//    "portes", "ouverture", "accueil", "inscriptions" or "fin" are never the
//    start ("portes 18h30, début 19h30" -> 19h30). A time introduced by
//    "fin", "clôture" or "jusqu'à" is the end when no range gave one
//    ("20h (fin vers 2h)"); "fin des inscriptions 22h" is a door time.
//  - A 00:00 start with a 23:59 end (calendar all-day export) has no time.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "pft/core/result.hpp"
#include "pft/core/time.hpp"

namespace pft::normalize {

// When an event happens, as wall-clock times of its zone.
struct ParsedWhen {
  LocalSeconds start{};      // wall clock; local midnight when !time_known
  bool time_known = false;   // false: a date without a time (never invent one)
  std::optional<LocalSeconds> end;  // wall clock; local midnight when !end_time_known
  bool end_time_known = false;
  bool multi_day = false;    // the text named an end on a later calendar day
  // Exact instants when the text carried a UTC offset (ISO 8601 with offset
  // or Z, RFC 2822): use them rather than converting the wall clock, which is
  // ambiguous for one hour each autumn.
  std::optional<Instant> start_instant;
  std::optional<Instant> end_instant;
  // Non-fatal findings, e.g. an end text that was not understood and was
  // therefore ignored. Empty when everything was read. Callers log it.
  std::string warning;
};

// Reads when an event happens.
//  start_text: the raw `start` field; may be empty.
//  end_text:   the raw `end` field; may be empty. A time alone ("23h") is on
//              the start's (last) day, or the next day when earlier than the
//              start time. An end that cannot be read is ignored and reported
//              in `warning` (the start alone is still useful).
//  title_and_description: searched for a date when start_text names none, and
//              for a time when the date has none ("… début 20h …").
//  reference:  fetched_at as wall clock of `zone`; resolves omitted years.
//  zone:       IANA zone of the source (offsets in the text are converted to it).
// Also reads ranges in start_text: "du 10 au 15 novembre 2026", "du jeudi 4
// au dimanche 7 décembre", "10-15/11/2026", "les 12 et 13 décembre",
// "du 12/12/2026 20h au 13/12/2026 4h", "de 19h à 23h".
// Errors: kInvalidDate when no date is found (a time alone is not enough),
// when the date does not exist, or when a weekday contradicts it; the message
// quotes the text and says what to fix.
Result<ParsedWhen> parseWhen(std::string_view start_text, std::string_view end_text,
                             std::string_view title_and_description, LocalSeconds reference,
                             std::string_view zone = kParisZone);

// The first date written in `text` (see the rules above; ranges give their
// first day). Errors: kInvalidDate when there is none or it is impossible.
Result<std::chrono::year_month_day> parseFrenchDate(std::string_view text,
                                                    std::chrono::year_month_day reference);

// The start time written in `text`, as minutes after midnight (see the rules
// above). A date is not required. Errors: kInvalidDate when no time is found
// (or only door/registration times).
Result<std::chrono::minutes> parseFrenchTime(std::string_view text);

// The start as an instant: start_instant when set, else localToInstant(start,
// zone) (spring gap moved forward, autumn ambiguity takes the first
// occurrence). Errors: kInvalidArgument for an unknown zone.
Result<Instant> startInstant(const ParsedWhen& when, std::string_view zone = kParisZone);

// The end as an instant, or an empty optional when there is no end.
Result<std::optional<Instant>> endInstant(const ParsedWhen& when,
                                          std::string_view zone = kParisZone);

}  // namespace pft::normalize
