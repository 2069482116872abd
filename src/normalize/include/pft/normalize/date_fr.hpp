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
// Rules shared by every function here (docs/normalize.md has one example each):
//  - The reference is when the text was written: the announcement's
//    publication date, else when it was fetched (the caller chooses it, see
//    announcementReference); never today's date.
//  - A missing year is the one that puts the date closest after the
//    reference, except a date at most 7 days before it (a listing keeping
//    last week's event, a report on a just-finished one): that one stays in
//    the past. When the title or description read as coverage of a finished
//    event ("a remporté", "s'est déroulé", "retour sur"…; DateClues) the
//    window is 31 days. A year written anywhere in the title or description
//    (DateClues::years, within a year of the reference) wins over inference.
//  - Relative days, resolved against the reference: a weekday alone ("ce
//    dimanche", "le mardi", "vendredi soir", "tous les jeudis") is the next
//    such day on or after it; "samedi prochain" the next one after it;
//    "depuis jeudi" the last Thursday on or before it, "jeudi dernier" the
//    last one before it; in coverage text a weekday alone is the last one on
//    or before it. "du jeudi au samedi", "de mercredi à samedi" start on the
//    next first-named day and end on the following last-named day
//    (multi-day); "vendredi et samedi" likewise. "aujourd'hui", "ce soir",
//    "demain", "après-demain", "hier"; "ce week-end" is Saturday to Sunday.
//    A weekday alone counts only when the text names no fuller date.
//  - Lists: "les vendredi et samedi 14 et 15 octobre" starts on the 14th
//    (the weekdays pair with the days in order); "le week-end du 4 et du 5
//    mars" starts on the 4th. "la veille du 14 juillet" is 13 July, "le
//    lendemain du 1er mai" 2 May.
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
//    start ("portes 18h30, début 19h30" -> 19h30), nor are breaks ("pause
//    dîner à 22h"). A time introduced by "fin", "clôture" or "jusqu'à" is
//    the end when no range gave one ("20h (fin vers 2h)"); "fin des
//    inscriptions 22h" is a door time.
//  - A number of hours that is a duration is never a time: "8 heures de jeu
//    par jour", "4h de deepstack", "pendant 6 heures", "niveaux de 1h",
//    "toutes les 2 heures" ("niveaux de 40 minutes", "pause de 15 min" are
//    not times either).
//  - The start field decides: the title and description are searched for a
//    date only when the start field names none, and for a time only when it
//    names none ("la veille du 14 juillet" in a description never moves a
//    start written in the start field). A start field saying the day is not
//    fixed ("date à confirmer", "à définir") is not completed by a weekday
//    alone ("Tournoi du lundi" names a series). A time right after a
//    deadline ("inscriptions jusqu'au 10 décembre à 18h") is not the start.
//  - A 00:00 start with a 23:59 end (calendar all-day export) has no time.

#include <array>
#include <chrono>
#include <cstdint>
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
  bool multi_day = false;    // core spansSeveralDays: a later day, but a night ending before 06:00 is one evening
  // Exact instants when the text carried a UTC offset (ISO 8601 with offset
  // or Z, RFC 2822): use them rather than converting the wall clock, which is
  // ambiguous for one hour each autumn.
  std::optional<Instant> start_instant;
  std::optional<Instant> end_instant;
  // Non-fatal findings, e.g. an end text that was not understood and was
  // therefore ignored. Empty when everything was read. Callers log it.
  std::string warning;
  // The start's day was inferred from the reference (a year left out, a
  // weekday alone, "demain"): the DateClues of the title and description may
  // change it. False for a start whose year is written (or ISO 8601).
  bool inferred = false;
};

// What the title and description of an announcement say that bears on a
// start written elsewhere: the years they write (ascending, distinct, 0 =
// unused slot; dates after "publié le" / "mis à jour" and amounts such as
// "2026 jetons" do not count) and whether they read as coverage of a finished
// event. Cheap to copy; callers may cache it per text.
struct DateClues {
  std::array<std::int16_t, 4> years{};
  bool coverage = false;
  bool empty() const { return years[0] == 0 && !coverage; }
  bool operator==(const DateClues&) const = default;
};

// The clues of one text (a title, a description, or both joined by a line
// break). Never fails.
DateClues readDateClues(std::string_view text);

// The clues of a title and a description read separately, as one: the
// years of both, coverage if either says so.
DateClues mergeDateClues(const DateClues& a, const DateClues& b);

// Reads when an event happens.
//  start_text: the raw `start` field; may be empty.
//  end_text:   the raw `end` field; may be empty. A time alone ("23h") is on
//              the start's (last) day, or the next day when earlier than the
//              start time. An end that cannot be read is ignored and reported
//              in `warning` (the start alone is still useful); a range in
//              the start ("du 12 au 14 décembre", "de 19h à 23h") then
//              gives the end.
//  title_and_description: searched for a date when start_text names none, and
//              for a time when the date has none ("… début 20h …").
//  reference:  when the announcement was written (announcementReference), as
//              wall clock of `zone`; resolves omitted years and relative days.
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

// parseWhen with the clues of the title and description already read
// (callers that see the same texts again and again cache them):
// parseWhen(s, e, text, ref, zone) == parseWhen(s, e, text, readDateClues(text), ref, zone).
// `title_and_description` is still searched for a date or a time when the
// start field lacks one; it may be empty when the start has both.
Result<ParsedWhen> parseWhen(std::string_view start_text, std::string_view end_text,
                             std::string_view title_and_description, const DateClues& clues,
                             LocalSeconds reference, std::string_view zone = kParisZone);

// The reference instant of an announcement: `published_at` (RSS pubDate,
// Atom published, JSON-LD datePublished, an article's published time; ISO
// 8601, RFC 2822 or a French date, read in `zone`, a date alone at local
// midnight) when it is readable and not more than a day after `fetched_at`,
// else `fetched_at`. Either may be absent; with neither, `fallback` (the
// run's clock, for hand-written files only).
Instant announcementReference(std::string_view published_at, std::optional<Instant> fetched_at,
                              Instant fallback, std::string_view zone = kParisZone);

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
