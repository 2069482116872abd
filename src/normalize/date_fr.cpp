#include "pft/normalize/date_fr.hpp"

#include "pft/core/text.hpp"

#include "parse_tokens.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace pft::normalize {
namespace {

using detail::Token;
using detail::TokKind;
using Toks = std::vector<Token>;
using std::chrono::day;
using std::chrono::days;
using std::chrono::local_days;
using std::chrono::minutes;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::weekday;
using std::chrono::year;
using std::chrono::year_month_day;

constexpr std::size_t kNone = static_cast<std::size_t>(-1);
// A year-less date is the next occurrence after the reference, except one
// at most this many days before it: a listing still showing last week's
// tournament, a report on the one that just finished.
constexpr int kJustFinishedDays = 7;
// Text that reads as coverage of a finished event ("a remporté", "retour
// sur…") may report on one up to a month old.
constexpr int kCoverageDays = 31;
// A publication date without a year is in the year before the fetch.
constexpr int kPublishedBackDays = 365;
// How far the weekday may move an inferred date from the reference.
constexpr int kWeekdayReachDays = 400;

struct WordNum {
  std::string_view word;
  int num;
};

// Folded month names: French (full, abbreviated with and without the final
// letter) and English (RFC 2822, bilingual sites).
constexpr WordNum kMonths[] = {
    {"janvier", 1},   {"janv", 1},      {"jan", 1},      {"january", 1},  {"fevrier", 2},
    {"fevr", 2},      {"fev", 2},       {"feb", 2},      {"february", 2}, {"mars", 3},
    {"mar", 3},       {"march", 3},     {"avril", 4},    {"avr", 4},      {"apr", 4},
    {"april", 4},     {"mai", 5},       {"may", 5},      {"juin", 6},     {"jun", 6},
    {"june", 6},      {"juillet", 7},   {"juil", 7},     {"jul", 7},      {"july", 7},
    {"aout", 8},      {"aug", 8},       {"august", 8},   {"septembre", 9}, {"sept", 9},
    {"sep", 9},       {"september", 9}, {"octobre", 10}, {"oct", 10},     {"october", 10},
    {"novembre", 11}, {"nov", 11},      {"november", 11}, {"decembre", 12}, {"dec", 12},
    {"december", 12}, {"aou", 8},
};

// Folded weekday names, 0 = Sunday (std::chrono::weekday::c_encoding).
constexpr WordNum kWeekdays[] = {
    {"dimanche", 0}, {"dim", 0},     {"sun", 0},       {"sunday", 0},    {"lundi", 1},
    {"lun", 1},      {"mon", 1},     {"monday", 1},    {"mardi", 2},     {"mar", 2},
    {"tue", 2},      {"tues", 2},    {"tuesday", 2},   {"mercredi", 3},  {"mer", 3},
    {"wed", 3},      {"wednesday", 3}, {"jeudi", 4},   {"jeu", 4},       {"thu", 4},
    {"thur", 4},     {"thurs", 4},   {"thursday", 4},  {"vendredi", 5},  {"ven", 5},
    {"vend", 5},     {"fri", 5},     {"friday", 5},    {"samedi", 6},    {"sam", 6},
    {"sat", 6},      {"saturday", 6}, {"merc", 3},     {"jeud", 4},
};

// Weekdays that may stand alone as a relative day ("ce dimanche", "tous les
// jeudis"): full names only, since "jeu", "mar", "mer", "sam" are also words.
constexpr WordNum kWeekdaysFull[] = {
    {"dimanche", 0}, {"lundi", 1},    {"mardi", 2},     {"mercredi", 3},  {"jeudi", 4},     {"vendredi", 5},
    {"samedi", 6},   {"dimanches", 0}, {"lundis", 1},   {"mardis", 2},    {"mercredis", 3}, {"jeudis", 4},
    {"vendredis", 5}, {"samedis", 6},  {"sunday", 0},   {"monday", 1},    {"tuesday", 2},   {"wednesday", 3},
    {"thursday", 4}, {"friday", 5},   {"saturday", 6},
};

constexpr std::array<std::string_view, 7> kWeekdayFr{"dimanche", "lundi",    "mardi", "mercredi",
                                                     "jeudi",    "vendredi", "samedi"};
constexpr std::array<std::string_view, 13> kMonthFr{
    "",     "janvier", "février", "mars",     "avril",   "mai",     "juin",
    "juillet", "août",  "septembre", "octobre", "novembre", "décembre"};

int lookup(const Token& t, const auto& table) {
  if (t.kind != TokKind::kWord) return -1;
  for (const auto& e : table) {
    if (e.word == t.text) return e.num;
  }
  return -1;
}
int monthOf(const Token& t) { return lookup(t, kMonths); }
int weekdayOf(const Token& t) { return lookup(t, kWeekdays); }
int fullWeekdayOf(const Token& t) { return lookup(t, kWeekdaysFull); }
// "vendredis", "samedis": a weekly tournament rather than one day.
bool isPluralWeekday(const Token& t) {
  return fullWeekdayOf(t) >= 0 && t.text.size() > 5 && t.text.back() == 's' && t.text != "thursdays";
}

bool inList(std::string_view w, std::initializer_list<std::string_view> list) {
  for (auto x : list) {
    if (w == x) return true;
  }
  return false;
}
bool isWordIn(const Token& t, std::initializer_list<std::string_view> list) {
  return t.kind == TokKind::kWord && inList(t.text, list);
}

std::string describe(const year_month_day& d) {
  return std::to_string(static_cast<unsigned>(d.day())) + " " +
         std::string(kMonthFr[static_cast<unsigned>(d.month())]) + " " +
         std::to_string(static_cast<int>(d.year()));
}

std::string quote(std::string_view s) { return "'" + std::string(text::trim(s)) + "'"; }

// ---------------------------------------------------------------- dates

struct DatePart {
  int day = 0;
  int month = 0;  // 0: not written (first day of a range "du 10 au 15 mai")
  int year = 0;   // 0: not written
  int weekday = -1;
  std::size_t begin = 0;  // tokens [begin, end)
  std::size_t end = 0;
};

// A day named relative to the reference: "ce dimanche", "du jeudi au
// samedi", "demain", "ce week-end".
struct RelativeDay {
  enum class Dir { kOnOrAfter, kAfter, kOnOrBefore, kBefore };
  int weekday = -1;       // 0 = Sunday; -1: an offset from the reference ("demain")
  int last_weekday = -1;  // "du jeudi au samedi", "vendredi et samedi": the last day
  std::uint8_t listed = 0;  // weekly ("les lundis et jeudis"): bit per weekday named
  int offset = 0;         // weekday < 0: days after the reference
  bool weekend = false;   // "ce week-end": Saturday and Sunday
  Dir dir = Dir::kOnOrAfter;
};

struct DateSpan {
  DatePart first;
  std::optional<DatePart> last;  // ranges
  std::size_t begin = 0;
  std::size_t end = 0;
  // "du 12/12/2026 20h au 13/12/2026 4h": times written inside the span.
  std::optional<int> first_minutes;
  std::optional<int> last_minutes;
  std::optional<RelativeDay> relative;  // set: first/last are unused
  int shift_days = 0;                   // "la veille du 14 juillet": -1
};

std::optional<std::pair<int, std::size_t>> parseTimeAt(const Toks& t, std::size_t i);
bool isHourWord(const Token& t);

bool glued(const Toks& t, std::size_t k) { return k < t.size() && !t[k].space_before; }
bool gluedPunct(const Toks& t, std::size_t k, char c) { return glued(t, k) && t[k].isPunct(c); }
bool gluedNumber(const Toks& t, std::size_t k, std::size_t max_digits) {
  return glued(t, k) && t[k].isNumber() && t[k].digits() <= max_digits;
}

// A date starting at number token i: "2026-12-12", "12/12/2026", "12.12.26",
// "12/12", "12 décembre 2026", "1er janvier", "3 déc.".
std::optional<DatePart> parseDateCore(const Toks& t, std::size_t i) {
  const std::size_t n = t.size();
  if (i >= n || !t[i].isNumber()) return std::nullopt;
  // A number glued to a previous number by '/', '.', ',' or ':' belongs to
  // something else (a price, a time, a longer numeric date).
  if (i >= 2 && glued(t, i) && glued(t, i - 1) && t[i - 2].isNumber() &&
      (t[i - 1].isPunct('/') || t[i - 1].isPunct('.') || t[i - 1].isPunct(',') ||
       t[i - 1].isPunct(':'))) {
    return std::nullopt;
  }
  DatePart p;
  p.begin = i;
  if (t[i].digits() == 4) {
    for (const char sep : {'-', '/'}) {
      if (gluedPunct(t, i + 1, sep) && gluedNumber(t, i + 2, 2) && gluedPunct(t, i + 3, sep) &&
          gluedNumber(t, i + 4, 2)) {
        p.year = static_cast<int>(t[i].value);
        p.month = static_cast<int>(t[i + 2].value);
        p.day = static_cast<int>(t[i + 4].value);
        p.end = i + 5;
        if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > 31) return std::nullopt;
        return p;
      }
    }
    return std::nullopt;
  }
  if (t[i].digits() > 2) return std::nullopt;
  p.day = static_cast<int>(t[i].value);
  if (p.day < 1 || p.day > 31) return std::nullopt;

  for (const char sep : {'/', '.', '-'}) {
    if (!gluedPunct(t, i + 1, sep) || !gluedNumber(t, i + 2, 2)) continue;
    p.month = static_cast<int>(t[i + 2].value);
    if (p.month < 1 || p.month > 12) return std::nullopt;
    p.end = i + 3;
    if (gluedPunct(t, i + 3, sep) && glued(t, i + 4) && i + 4 < n && t[i + 4].isNumber() &&
        (t[i + 4].digits() == 2 || t[i + 4].digits() == 4)) {
      p.year = static_cast<int>(t[i + 4].value);
      if (t[i + 4].digits() == 2) p.year += 2000;
      p.end = i + 5;
      // "1.2.3.4" is a version or an address, not a date.
      if (gluedPunct(t, p.end, sep) && gluedNumber(t, p.end + 1, 18)) return std::nullopt;
      return p;
    }
    // Without a year only "12/12": "12.50" is a price, "10-15" half a range.
    if (sep != '/') return std::nullopt;
    if (gluedPunct(t, p.end, '/') && gluedNumber(t, p.end + 1, 18)) return std::nullopt;
    return p;
  }

  std::size_t k = i + 1;
  if (p.day == 1 && k < n && glued(t, k) && (t[k].isWord("er") || t[k].isWord("ere"))) ++k;
  // "12-déc-2026", "12/déc/26": a glued separator around the month name.
  char sep = 0;
  if ((gluedPunct(t, k, '-') || gluedPunct(t, k, '/')) && glued(t, k + 1) && k + 1 < n &&
      monthOf(t[k + 1]) > 0) {
    sep = t[k].text[0];
    ++k;
  }
  if (k >= n) return std::nullopt;
  const int m = monthOf(t[k]);
  if (m <= 0) return std::nullopt;
  p.month = m;
  ++k;
  if (gluedPunct(t, k, '.')) ++k;
  p.end = k;
  std::size_t y = k;
  if (sep != 0 && gluedPunct(t, y, sep) && gluedNumber(t, y + 1, 4) &&
      (t[y + 1].digits() == 2 || t[y + 1].digits() == 4)) {
    p.year = static_cast<int>(t[y + 1].value) + (t[y + 1].digits() == 2 ? 2000 : 0);
    p.end = y + 2;
    return p;
  }
  if (y < n && t[y].isPunct(',')) ++y;
  if (y < n && t[y].isNumber() && t[y].digits() == 4 && t[y].value >= 1990 && t[y].value <= 2100) {
    p.year = static_cast<int>(t[y].value);
    p.end = y + 1;
  }
  return p;
}

// A weekday written just before token i ("samedi 12", "sam. 12", "Sam, 12",
// "samedi le 12"). Returns it and moves `begin` onto it.
int weekdayBefore(const Toks& t, std::size_t i, std::size_t& begin) {
  std::size_t j = i;
  for (int skips = 0; j > 0 && skips < 3; ++skips) {
    const Token& p = t[j - 1];
    if (p.isWord("le") || p.isPunct(',') || p.isPunct('.')) {
      --j;
      continue;
    }
    const int w = weekdayOf(p);
    if (w >= 0) {
      begin = j - 1;
      return w;
    }
    break;
  }
  return -1;
}

// Index after a range connector at k ("-", "au", "à", "jusqu'au"), or kNone.
// A bare '-' must be glued on both sides when the first part is a bare day
// ("10-15/11"), so that "Day 2 - 12 décembre" is not a range.
std::size_t afterConnector(const Toks& t, std::size_t k, bool bare_first) {
  const std::size_t n = t.size();
  if (k >= n) return kNone;
  if (bare_first && (t[k].isWord("et") || t[k].isPunct('&'))) return k + 1;  // "les 12 et 13 décembre"
  if (t[k].isPunct('-')) {
    if (bare_first && (t[k].space_before || (k + 1 < n && t[k + 1].space_before))) return kNone;
    return k + 1;
  }
  // A word glued to the number is no connector: "Day 1A" is not "1 à".
  if ((t[k].isWord("au") || t[k].isWord("a") || t[k].isWord("to"))  && t[k].space_before) return k + 1;
  if (t[k].isWord("jusqu") && k + 2 < n && t[k + 1].isPunct('\'') &&
      (t[k + 2].isWord("au") || t[k + 2].isWord("a"))) {
    return k + 3;
  }
  return kNone;
}

// The second date of a range, after its connector: "[dimanche] [le] 7 décembre".
std::optional<DatePart> parseRangeEnd(const Toks& t, std::size_t k) {
  const std::size_t n = t.size();
  int wd = -1;
  std::size_t j = k;
  if (j < n) {
    const int w = weekdayOf(t[j]);
    if (w >= 0) {
      wd = w;
      ++j;
      if (j < n && (t[j].isPunct('.') || t[j].isPunct(','))) ++j;
    }
  }
  if (j < n && (t[j].isWord("le") || t[j].isWord("du"))) ++j;  // "et du 5 mars"
  auto p = parseDateCore(t, j);
  if (!p) return std::nullopt;
  p->weekday = wd;
  return p;
}

// The first date (or date range) written in the tokens.
// English order, with a year or an ordinal so that "décembre 12 tables"
// stays text: "December 12, 2026", "Dec 12th".
std::optional<DatePart> parseMonthFirst(const Toks& t, std::size_t i) {
  const std::size_t n = t.size();
  const int m = monthOf(t[i]);
  if (m <= 0) return std::nullopt;
  std::size_t k = i + 1;
  if (k < n && t[k].isPunct('.')) ++k;
  if (!(k < n && t[k].isNumber() && t[k].digits() <= 2 && t[k].value >= 1 && t[k].value <= 31)) return std::nullopt;
  DatePart p;
  p.begin = i;
  p.month = m;
  p.day = static_cast<int>(t[k].value);
  ++k;
  bool anchored = false;
  if (k < n && glued(t, k) &&
      (t[k].isWord("st") || t[k].isWord("nd") || t[k].isWord("rd") || t[k].isWord("th"))) {
    ++k;
    anchored = true;
  }
  std::size_t y = k;
  if (y < n && t[y].isPunct(',')) ++y;
  if (y < n && t[y].isNumber() && t[y].digits() == 4 && t[y].value >= 1990 && t[y].value <= 2100) {
    p.year = static_cast<int>(t[y].value);
    k = y + 1;
    anchored = true;
  }
  if (!anchored) return std::nullopt;
  p.end = k;
  return p;
}

// A time at k, after an optional "à": its minutes and the index after it.
std::optional<std::pair<int, std::size_t>> timeAfter(const Toks& t, std::size_t k) {
  if (k < t.size() && (t[k].isWord("a") || t[k].isPunct(',') || t[k].isPunct('-'))) {
    if (auto r = parseTimeAt(t, k + 1)) return r;
  }
  if (k < t.size()) return parseTimeAt(t, k);
  return std::nullopt;
}

std::optional<DateSpan> findDateFrom(const Toks& t, std::size_t from) {
  const std::size_t n = t.size();
  std::optional<DateSpan> weekday_and_day;
  for (std::size_t i = from; i < n; ++i) {
    std::optional<DatePart> p;
    if (t[i].isNumber()) {
      p = parseDateCore(t, i);
    } else if (t[i].kind == TokKind::kWord) {
      p = parseMonthFirst(t, i);
      if (!p) continue;
    } else {
      continue;
    }
    if (p) {
      DateSpan s;
      s.begin = i;
      p->weekday = weekdayBefore(t, i, s.begin);
      s.first = *p;
      s.end = p->end;
      const std::size_t c = afterConnector(t, p->end, false);
      if (c != kNone) {
        if (auto e = parseRangeEnd(t, c)) {
          s.last = *e;
          s.end = e->end;
          return s;
        }
      }
      // "12/12/2026 20h - 13/12/2026 4h", "du 12 décembre à 20h au 13 décembre à 4h".
      if (auto st = timeAfter(t, p->end)) {
        const std::size_t c2 = afterConnector(t, st->second, false);
        if (c2 != kNone) {
          if (auto e = parseRangeEnd(t, c2)) {
            s.last = *e;
            s.end = e->end;
            s.first_minutes = st->first;
            if (auto et = timeAfter(t, e->end)) {
              s.last_minutes = et->first;
              s.end = et->second;
            }
          }
        }
      }
      return s;
    }
    // The bare first day of a range: "du 10 au 15 novembre", "10-15/11/2026",
    // "les 12 et 13 décembre", "les 11, 12 et 13 décembre".
    if (t[i].digits() <= 2 && t[i].value >= 1 && t[i].value <= 31) {
      std::size_t k = i + 1;
      if (t[i].value == 1 && k < n && glued(t, k) && t[k].isWord("er")) ++k;
      auto isDay = [&](std::size_t j) { return j < n && t[j].digits() <= 2 && t[j].value >= 1 && t[j].value <= 31; };
      // Days listed with commas before the last "et": consecutive ones are
      // one event over those days; others are separate dates.
      bool consecutive = true;
      auto previous = static_cast<int>(t[i].value);
      // "vendredi 13, samedi 14 et dimanche 15 mars": a weekday may lead each day.
      while (k + 1 < n && t[k].isPunct(',')) {
        std::size_t d = k + 1;
        if (weekdayOf(t[d]) >= 0) ++d;
        if (!(d < n && t[d].isNumber() && isDay(d))) break;
        consecutive = consecutive && static_cast<int>(t[d].value) == previous + 1;
        previous = static_cast<int>(t[d].value);
        k = d + 1;
      }
      const std::size_t c = afterConnector(t, k, true);
      if (c != kNone) {
        if (auto e = parseRangeEnd(t, c)) {
          DateSpan s;
          s.begin = i;
          s.first.day = static_cast<int>(t[i].value);
          s.first.begin = i;
          s.first.end = k;
          s.first.weekday = weekdayBefore(t, i, s.begin);
          s.end = e->end;
          const bool listed = t[k].isWord("et") || t[k].isPunct('&');
          // "les vendredi et samedi 14 et 15 octobre": the weekdays pair
          // with the days in order.
          if (s.first.weekday >= 0 && s.begin >= 2 &&
              (t[s.begin - 1].isWord("et") || t[s.begin - 1].isPunct('&') || t[s.begin - 1].isPunct(',')) &&
              weekdayOf(t[s.begin - 2]) >= 0) {
            if (e->weekday < 0) e->weekday = s.first.weekday;
            s.first.weekday = weekdayOf(t[s.begin - 2]);
            s.begin -= 2;
          }
          if (listed && (!consecutive || e->day != previous + 1)) {
            // "les 5, 12 et 19 décembre": separate tournaments, not one
            // from the 5th to the 19th; the first date is this one.
            s.first.month = e->month;
            s.first.year = e->year;
            return s;
          }
          s.last = *e;
          return s;
        }
      }
      // "Vendredi 12 : Deepstack" under a month heading: a weekday and a
      // day; the month is the next one where that day is that weekday.
      std::size_t wd_begin = i;
      const int wd = weekdayBefore(t, i, wd_begin);
      const bool time_follows = k < n && (isHourWord(t[k]) || gluedPunct(t, k, ':') || gluedPunct(t, k, '/') ||
                                          gluedPunct(t, k, '.') || t[k].isWord("pm") || t[k].isWord("am"));
      // Only when the text names no fuller date anywhere.
      if (wd >= 0 && !time_follows && !weekday_and_day) {
        DateSpan s;
        s.begin = wd_begin;
        s.end = k;
        s.first.day = static_cast<int>(t[i].value);
        s.first.weekday = wd;
        s.first.begin = i;
        s.first.end = k;
        weekday_and_day = s;
      }
    }
  }
  return weekday_and_day;
}

// Words that make the date after them a deadline or a page date.
bool isSideWord(std::string_view w) {
  if (w.size() < 3) return false;
  switch (w[0]) {  // most words are rejected by their first letter
    case 'a': return w == "avant";
    case 'c': return w == "cloture";
    case 'd': return w == "deadline";
    case 'i': return w == "inscription" || w == "inscriptions";
    case 'j': return w == "jusqu";
    case 'l': return w == "limite";
    case 'm': return w == "modifie" || w == "maj";
    case 'p': return w == "publie" || w == "publiee" || w == "posted";
    case 'r': return w == "reservation" || w == "reservations";
    case 'u': return w == "updated";
    default: return false;
  }
}

// True when the words just before token `begin` make the date a deadline
// or a page date ("inscriptions jusqu'au 10/12", "publié le 12/11"), not
// the event's.
bool isSideDate(const Toks& t, std::size_t begin) {
  for (std::size_t j = begin, steps = 0; j > 0 && steps < 5; --j, ++steps) {
    const Token& w = t[j - 1];
    if (w.isNumber() || w.isPunct('.') || w.isPunct(',') || w.isPunct(';') || w.isPunct('(') ||
        w.isPunct(')') || w.isPunct('!') || w.isPunct('?') || w.isPunct('|')) {
      break;
    }
    if (w.kind == TokKind::kWord && isSideWord(w.text)) return true;
  }
  return false;
}

// The token where the date that ends just before token i begins ("12
// novembre 2026", "12/11/2026", "mardi 3 mars"), for the side-date test.
std::size_t dateBeginOf(const Toks& t, std::size_t i) {
  std::size_t b = i;
  for (int steps = 0; b > 0 && steps < 6; ++steps) {
    const Token& p = t[b - 1];
    const bool part = p.isNumber() || monthOf(p) > 0 || weekdayOf(p) >= 0 || p.isWord("er") ||
                      ((p.isPunct('/') || p.isPunct('-') || p.isPunct('.')) && glued(t, b));
    if (!part) break;
    --b;
  }
  return b;
}

// "aujourd'hui", "ce soir", "demain", "après-demain", "hier", "avant-hier"
// at token i: days from the reference and the index after the words.
std::optional<std::pair<int, std::size_t>> offsetDayAt(const Toks& t, std::size_t i) {
  const std::size_t n = t.size();
  // "les champions de demain", "le poker d'aujourd'hui": not a day.
  const bool after_de = i > 0 && (t[i - 1].isWord("de") || t[i - 1].isWord("d") ||
                                  (t[i - 1].isPunct('\'') && i > 1 && t[i - 2].isWord("d")));
  if (t[i].isWord("aujourd") && i + 2 < n && t[i + 1].isPunct('\'') && t[i + 2].isWord("hui")) {
    if (after_de) return std::nullopt;
    return std::pair(0, i + 3);
  }
  if ((t[i].isWord("ce") || t[i].isWord("cet")) && i + 1 < n && isWordIn(t[i + 1], {"soir", "matin"})) {
    return std::pair(0, i + 2);
  }
  // "cet après-midi".
  if (t[i].isWord("cet") && i + 2 < n && t[i + 1].isWord("apres")) {
    std::size_t k = i + 2;
    if (t[k].isPunct('-')) ++k;
    if (k < n && t[k].isWord("midi")) return std::pair(0, k + 1);
  }
  if (t[i].isWord("tonight") || t[i].isWord("today")) return std::pair(0, i + 1);
  // "après-demain", "après demain", "avant-hier".
  if ((t[i].isWord("apres") || t[i].isWord("avant")) && i + 1 < n) {
    std::size_t k = i + 1;
    if (t[k].isPunct('-') && glued(t, k)) ++k;
    if (k < n && t[i].isWord("apres") && t[k].isWord("demain")) return std::pair(2, k + 1);
    if (k < n && t[i].isWord("avant") && t[k].isWord("hier")) return std::pair(-2, k + 1);
    return std::nullopt;
  }
  const bool compound = i >= 2 && t[i - 1].isPunct('-') && glued(t, i) &&
                        (t[i - 2].isWord("apres") || t[i - 2].isWord("avant"));
  if (compound || after_de) return std::nullopt;
  if (t[i].isWord("demain") || t[i].isWord("tomorrow")) return std::pair(1, i + 1);
  if (t[i].isWord("hier") || t[i].isWord("yesterday")) return std::pair(-1, i + 1);
  return std::nullopt;
}

// "week-end", "weekend", "week end" at token i: the index after it.
std::size_t weekendAt(const Toks& t, std::size_t i) {
  const std::size_t n = t.size();
  if (t[i].isWord("weekend")) return i + 1;
  if (t[i].isWord("week") && i + 1 < n) {
    if (t[i + 1].isWord("end")) return i + 2;
    if (t[i + 1].isPunct('-') && i + 2 < n && t[i + 2].isWord("end")) return i + 3;
  }
  return kNone;
}

// A day number (not a time) at k, after "le", "du", "des": the week-end or
// weekday is then part of a dated span ("le week-end du 4 mars").
bool dayNumberAt(const Toks& t, std::size_t k) {
  while (k < t.size() && isWordIn(t[k], {"le", "du", "des", "de"})) ++k;
  return k < t.size() && t[k].isNumber() && t[k].digits() <= 2 && !parseTimeAt(t, k);
}

// The first relative day written from token `from` on (see RelativeDay).
std::optional<DateSpan> findRelativeFrom(const Toks& t, std::size_t from) {
  const std::size_t n = t.size();
  using Dir = RelativeDay::Dir;
  for (std::size_t i = from; i < n; ++i) {
    if (t[i].kind != TokKind::kWord) continue;
    if (auto o = offsetDayAt(t, i)) {
      DateSpan s;
      s.begin = i;
      s.end = o->second;
      RelativeDay r;
      r.offset = o->first;
      s.relative = r;
      return s;
    }
    if (const std::size_t we = weekendAt(t, i); we != kNone) {
      if (dayNumberAt(t, we)) continue;
      DateSpan s;
      s.begin = i > 0 && isWordIn(t[i - 1], {"ce", "cet", "le", "du"}) ? i - 1 : i;
      s.end = we;
      RelativeDay r;
      r.weekend = true;
      if (we < n && isWordIn(t[we], {"dernier"})) {
        r.dir = Dir::kBefore;
        ++s.end;
      }
      s.relative = r;
      return s;
    }
    const int w = fullWeekdayOf(t[i]);
    if (w < 0) continue;
    // "samedi 14", "samedi le 14": a weekday with its day, read as a date.
    {
      std::size_t k = i + 1;
      if (k < n && (t[k].isPunct('.') || t[k].isPunct(','))) ++k;
      if (dayNumberAt(t, k)) continue;
    }
    DateSpan s;
    s.begin = i;
    s.end = i + 1;
    RelativeDay r;
    r.weekday = w;
    const bool weekly = isPluralWeekday(t[i]);
    if (weekly) r.listed = static_cast<std::uint8_t>(1u << w);
    // "du jeudi au samedi", "de mercredi à samedi", "jeudi - samedi".
    const std::size_t c = afterConnector(t, s.end, false);
    if (c != kNone && c < n && fullWeekdayOf(t[c]) >= 0) {
      r.last_weekday = fullWeekdayOf(t[c]);
      s.end = c + 1;
    } else {
      // "vendredi et samedi", "vendredi, samedi et dimanche", "les lundis et jeudis".
      std::size_t k = s.end;
      while (k + 1 < n && (t[k].isWord("et") || t[k].isPunct(',') || t[k].isPunct('&')) &&
             fullWeekdayOf(t[k + 1]) >= 0) {
        const int next = fullWeekdayOf(t[k + 1]);
        if (weekly) {
          r.listed = static_cast<std::uint8_t>(r.listed | (1u << next));
        } else {
          r.last_weekday = next;
        }
        k += 2;
      }
      if (k < n && dayNumberAt(t, k)) continue;  // "vendredi et samedi 14 et 15": dated
      s.end = k;
    }
    if (s.end < n && isWordIn(t[s.end], {"prochain", "prochaine", "next"})) {
      r.dir = Dir::kAfter;
      ++s.end;
    } else if (s.end < n && isWordIn(t[s.end], {"dernier", "derniere", "passe", "last"})) {
      r.dir = Dir::kBefore;
      ++s.end;
    }
    // Words before it: "ce", "le", "les", "tous les", "du", "de", "depuis".
    for (int steps = 0; s.begin > 0 && steps < 3; ++steps) {
      const Token& p = t[s.begin - 1];
      if (p.isWord("depuis") || p.isWord("since")) {
        r.dir = Dir::kOnOrBefore;
        --s.begin;
        break;
      }
      if (!isWordIn(p, {"ce", "cet", "le", "les", "tous", "chaque", "du", "de", "d", "this", "every", "on"})) break;
      --s.begin;
    }
    s.relative = r;
    return s;
  }
  return std::nullopt;
}

// "la veille du 14 juillet" (-1), "le lendemain du 1er mai" (+1): the shift,
// and `begin` moved onto the word.
int shiftBefore(const Toks& t, std::size_t& begin) {
  std::size_t j = begin;
  for (int steps = 0; j > 0 && steps < 3; ++steps) {
    const Token& p = t[j - 1];
    if (p.isWord("veille") || p.isWord("lendemain")) {
      begin = j - 1;
      return p.isWord("veille") ? -1 : 1;
    }
    if (!(p.isWord("du") || p.isWord("de") || p.isWord("d") || p.isPunct('\'') || p.isWord("le") ||
          p.isWord("la"))) {
      break;
    }
    --j;
  }
  return 0;
}

// The event's date: the first date that is not a deadline or page date;
// else the most precise relative day ("du vendredi au dimanche" before "ce
// week-end") that is not one; else the first date, or relative day, even
// when all are.
std::optional<DateSpan> findDate(const Toks& t, bool relative_days = true) {
  std::optional<DateSpan> side;
  std::size_t from = 0;
  while (from < t.size()) {
    auto s = findDateFrom(t, from);
    if (!s) break;
    s->shift_days = shiftBefore(t, s->begin);
    if (!isSideDate(t, s->begin)) return s;
    if (!side) side = s;
    from = std::max(s->end, s->begin + 1);
  }
  // Several relative days ("ce week-end" in a title, "du vendredi au
  // dimanche" in the text): the most precise one, the first among equals.
  auto precision = [](const RelativeDay& r) {
    if (r.last_weekday >= 0) return 3;  // a range or a list of weekdays
    if (r.weekday >= 0) return 2;
    if (!r.weekend) return 1;           // aujourd'hui, demain, ce soir
    return 0;
  };
  std::optional<DateSpan> relative;
  std::optional<DateSpan> side_relative;
  from = relative_days ? 0 : t.size();
  while (from < t.size()) {
    auto s = findRelativeFrom(t, from);
    if (!s) break;
    from = std::max(s->end, s->begin + 1);
    if (isSideDate(t, s->begin)) {
      if (!side_relative) side_relative = s;
    } else if (!relative || precision(*s->relative) > precision(*relative->relative)) {
      relative = s;
    }
  }
  if (relative) return relative;
  return side ? side : side_relative;
}

struct Resolved {
  year_month_day first;
  std::optional<year_month_day> last;
};

bool sameWeekday(const year_month_day& d, int wd) {
  return wd < 0 || weekday{sys_days{d}}.c_encoding() == static_cast<unsigned>(wd);
}

// Builds the span's dates with `anchor` as the year of its last written part
// when no year is written; nullopt when a date does not exist.
std::optional<Resolved> buildSpan(const DateSpan& s, int anchor) {
  const DatePart& a = s.first;
  if (!s.last) {
    const year_month_day d{year{a.year != 0 ? a.year : anchor}, month{static_cast<unsigned>(a.month)},
                           day{static_cast<unsigned>(a.day)}};
    if (!d.ok()) return std::nullopt;
    return Resolved{d, std::nullopt};
  }
  const DatePart& b = *s.last;
  int by = b.year;
  if (by == 0) {
    if (a.year != 0) {
      by = a.year;
      if (a.month != 0 && std::pair(b.month, b.day) < std::pair(a.month, a.day)) ++by;
    } else {
      by = anchor;
    }
  }
  const year_month_day e{year{by}, month{static_cast<unsigned>(b.month)}, day{static_cast<unsigned>(b.day)}};
  if (!e.ok()) return std::nullopt;
  int am = a.month;
  if (am == 0) {
    am = b.month;
    if (a.day > b.day) am = am == 1 ? 12 : am - 1;
  }
  int ay = a.year;
  if (ay == 0) {
    ay = by;
    if (std::pair(am, a.day) > std::pair(b.month, b.day)) --ay;
  }
  const year_month_day f{year{ay}, month{static_cast<unsigned>(am)}, day{static_cast<unsigned>(a.day)}};
  if (!f.ok() || sys_days{f} > sys_days{e}) return std::nullopt;
  return Resolved{f, e};
}

bool weekdaysAgree(const DateSpan& s, const Resolved& r) {
  return sameWeekday(r.first, s.first.weekday) &&
         (!s.last || !r.last || sameWeekday(*r.last, s.last->weekday));
}

Error weekdayError(std::string_view field, std::string_view raw, const DateSpan& s, const Resolved& r) {
  const bool first_wrong = !sameWeekday(r.first, s.first.weekday);
  const year_month_day d = first_wrong ? r.first : *r.last;
  const int written = first_wrong ? s.first.weekday : s.last->weekday;
  const unsigned actual = weekday{sys_days{d}}.c_encoding();
  return makeError(ErrorCode::kInvalidDate,
                   std::string(field) + " " + quote(raw) + ": " + describe(d) + " is a " +
                       std::string(kWeekdayFr[actual]) + ", not a " +
                       std::string(kWeekdayFr[static_cast<std::size_t>(written)]) +
                       "; the weekday contradicts the date, fix one of them");
}

Error impossibleError(std::string_view field, std::string_view raw) {
  return makeError(ErrorCode::kInvalidDate,
                   std::string(field) + " " + quote(raw) +
                       ": no such date (day out of range for the month, or a range that ends "
                       "before it starts); write an existing day such as '28/02/2026'");
}

// Turns the span into dates: written years are checked, missing ones are the
// next occurrence on or after `reference - back_days`, and weekdays must agree.
Result<Resolved> resolveWritten(const DateSpan& s, year_month_day reference, int back_days,
                                std::string_view field, std::string_view raw) {
  const bool explicit_year = s.first.year != 0 || (s.last && s.last->year != 0);
  if (explicit_year) {
    auto r = buildSpan(s, 0);
    if (!r) return impossibleError(field, raw);
    if (!weekdaysAgree(s, *r)) return weekdayError(field, raw, s, *r);
    return *r;
  }
  const int ref_year = static_cast<int>(reference.year());
  const sys_days ref_days{reference};
  const sys_days earliest = ref_days - days{back_days};
  if (!s.last && s.first.month == 0) {
    // Weekday and day only: the first such date from `earliest` on.
    year_month_day ym{earliest};
    for (int step = 0; step < 14; ++step) {
      const year_month_day d{ym.year(), ym.month(), day{static_cast<unsigned>(s.first.day)}};
      if (d.ok() && sys_days{d} >= earliest && sameWeekday(d, s.first.weekday)) {
        return Resolved{d, std::nullopt};
      }
      const auto next_month = std::chrono::year_month{ym.year(), ym.month()} + std::chrono::months{1};
      ym = year_month_day{next_month.year(), next_month.month(), day{1}};
    }
    return makeError(ErrorCode::kInvalidDate,
                     std::string(field) + " " + quote(raw) +
                         ": a weekday and a day without a month, and no month in the coming "
                         "year matches; write the month");
  }
  std::optional<Resolved> next;
  for (int y = ref_year - 1; y <= ref_year + 4 && !next; ++y) {
    auto r = buildSpan(s, y);
    if (r && sys_days{r->first} >= earliest) next = r;
  }
  if (!next) return impossibleError(field, raw);
  if (weekdaysAgree(s, *next)) return *next;
  // The weekday disagrees with the next occurrence: it names another year.
  std::optional<Resolved> ahead;
  std::optional<Resolved> behind;
  for (int y = ref_year - 1; y <= ref_year + 1; ++y) {
    auto r = buildSpan(s, y);
    if (!r || !weekdaysAgree(s, *r)) continue;
    const auto distance = (sys_days{r->first} - ref_days).count();
    if (std::abs(distance) > kWeekdayReachDays) continue;
    if (sys_days{r->first} >= earliest) {
      if (!ahead) ahead = r;
    } else {
      behind = r;  // years ascend: the last one is the nearest
    }
  }
  if (ahead) return *ahead;
  if (behind) return *behind;
  return weekdayError(field, raw, s, *next);
}

// A relative day against the reference (RelativeDay); in coverage text a
// weekday alone looks back.
Resolved resolveRelative(const RelativeDay& r, year_month_day reference, bool coverage) {
  using Dir = RelativeDay::Dir;
  const sys_days ref{reference};
  const int today = static_cast<int>(weekday{ref}.c_encoding());
  auto forward = [&](int wd, bool strict) {
    int d = (wd - today + 7) % 7;
    if (strict && d == 0) d = 7;
    return ref + days{d};
  };
  auto backward = [&](int wd, bool strict) {
    int d = (today - wd + 7) % 7;
    if (strict && d == 0) d = 7;
    return ref - days{d};
  };
  Dir dir = r.dir;
  if (coverage && dir == Dir::kOnOrAfter && r.listed == 0) dir = Dir::kOnOrBefore;
  const bool back = dir == Dir::kOnOrBefore || dir == Dir::kBefore;
  const bool strict = dir == Dir::kAfter || dir == Dir::kBefore;
  if (r.weekend) {
    // Read on a Sunday, "ce week-end" began yesterday.
    const sys_days saturday = back ? backward(6, strict) : today == 0 ? ref - days{1} : forward(6, false);
    return Resolved{year_month_day{saturday}, year_month_day{saturday + days{1}}};
  }
  if (r.weekday < 0) return Resolved{year_month_day{ref + days{r.offset}}, std::nullopt};
  if (r.listed != 0) {
    // Weekly: the next of the days named.
    sys_days best = forward(r.weekday, strict);
    for (int wd = 0; wd < 7; ++wd) {
      if ((r.listed & (1u << wd)) != 0) best = std::min(best, forward(wd, strict));
    }
    return Resolved{year_month_day{best}, std::nullopt};
  }
  if (r.last_weekday < 0) {
    return Resolved{year_month_day{back ? backward(r.weekday, strict) : forward(r.weekday, strict)}, std::nullopt};
  }
  int length = (r.last_weekday - r.weekday + 7) % 7;
  if (length == 0) length = 7;
  if (back) {
    const sys_days last = backward(r.last_weekday, strict);
    return Resolved{year_month_day{last - days{length}}, year_month_day{last}};
  }
  const sys_days first = forward(r.weekday, strict);
  return Resolved{year_month_day{first}, year_month_day{first + days{length}}};
}

// A year written in the title or description wins over inference: among
// the written years within a year of the reference, the one whose date is
// nearest the inferred one (the inferred year itself when it is written).
// Weekdays written with the date must agree, else the year is not taken.
std::optional<Resolved> resolveWithWrittenYears(const DateSpan& s, year_month_day reference,
                                                const std::optional<Resolved>& inferred, const DateClues& clues) {
  if (clues.years[0] == 0 || s.first.month == 0) return std::nullopt;
  const int ref_year = static_cast<int>(reference.year());
  const sys_days target = inferred ? sys_days{inferred->first} : sys_days{reference};
  std::optional<Resolved> best;
  for (const std::int16_t y : clues.years) {
    if (y == 0 || std::abs(y - ref_year) > 1) continue;
    auto r = buildSpan(s, y);
    if (!r || !weekdaysAgree(s, *r)) continue;
    if (!best || std::abs((sys_days{r->first} - target).count()) < std::abs((sys_days{best->first} - target).count())) {
      best = r;
    }
  }
  return best;
}

Resolved shifted(Resolved r, int shift_days) {
  if (shift_days == 0) return r;
  r.first = year_month_day{sys_days{r.first} + days{shift_days}};
  if (r.last) r.last = year_month_day{sys_days{*r.last} + days{shift_days}};
  return r;
}

// The span's dates (see the rules in date_fr.hpp). `inferred` is set when
// the day depended on the reference.
Result<Resolved> resolveSpan(const DateSpan& s, year_month_day reference, int back_days, const DateClues& clues,
                             std::string_view field, std::string_view raw, bool& inferred) {
  if (s.relative) {
    inferred = true;
    return resolveRelative(*s.relative, reference, clues.coverage);
  }
  const bool explicit_year = s.first.year != 0 || (s.last && s.last->year != 0);
  inferred = !explicit_year;
  auto r = resolveWritten(s, reference, back_days, field, raw);
  if (!explicit_year) {
    std::optional<Resolved> guess;
    if (r) guess = *r;
    if (auto written = resolveWithWrittenYears(s, reference, guess, clues)) return shifted(*written, s.shift_days);
  }
  if (!r) return r.error();
  return shifted(*r, s.shift_days);
}

// ---------------------------------------------------------------- times

enum class Role { kNone, kStart, kDoor, kEnd, kOther };

struct TimeHit {
  int minutes = 0;
  std::size_t begin = 0;
  std::size_t end = 0;
  Role role = Role::kNone;
  std::optional<int> until;  // "de 19h à 23h"
};

bool isHourWord(const Token& t) {
  return t.isWord("h") || t.isWord("heures") || t.isWord("heure") || t.isWord("hr") ||
         t.isWord("hrs");
}

// A time of day starting at token i, with the index after it.
std::optional<std::pair<int, std::size_t>> parseTimeAt(const Toks& t, std::size_t i) {
  const std::size_t n = t.size();
  if (i >= n) return std::nullopt;
  if (t[i].isWord("midi")) {
    // "après-midi" is a part of the day, not noon.
    if (i > 0 && (t[i - 1].isWord("apres") || (t[i - 1].isPunct('-') && i > 1 && t[i - 2].isWord("apres")))) {
      return std::nullopt;
    }
    return std::pair(12 * 60, i + 1);
  }
  if (!t[i].isNumber() || t[i].digits() > 2) return std::nullopt;
  // Glued to what precedes: an offset (+01:00), a date part, a price, minutes.
  if (i > 0 && glued(t, i) &&
      (t[i - 1].isPunct('+') || t[i - 1].isPunct('/') || t[i - 1].isPunct('.') ||
       t[i - 1].isPunct(',') || t[i - 1].isPunct(':') || t[i - 1].isNumber())) {
    return std::nullopt;
  }
  int h = static_cast<int>(t[i].value);
  int m = 0;
  std::size_t k = i + 1;
  bool marked = false;
  if (k < n && isHourWord(t[k])) {
    ++k;
    marked = true;
    // Minutes: "19h30"; "20 h 30" and "20 heures 30" only with two digits not
    // followed by a month ("20h 12 décembre" is a time then a date).
    if (k < n && t[k].isNumber() && t[k].digits() == 2 && t[k].value < 60 &&
        (glued(t, k) || k + 1 >= n || monthOf(t[k + 1]) < 0)) {
      m = static_cast<int>(t[k].value);
      ++k;
      if (k < n && (t[k].isWord("min") || t[k].isWord("mn"))) ++k;
    }
  } else if (gluedPunct(t, k, ':') && gluedNumber(t, k + 1, 2) && t[k + 1].digits() == 2 &&
             t[k + 1].value < 60) {
    m = static_cast<int>(t[k + 1].value);
    k += 2;
    marked = true;
    if (gluedPunct(t, k, ':') && gluedNumber(t, k + 1, 2)) k += 2;  // seconds
  }
  if (k < n && (t[k].isWord("pm") || t[k].isWord("am"))) {
    if (h < 1 || h > 12) return std::nullopt;
    if (t[k].isWord("pm") && h < 12) h += 12;
    if (t[k].isWord("am") && h == 12) h = 0;
    ++k;
    marked = true;
  }
  if (!marked || h > 23) return std::nullopt;
  return std::pair(h * 60 + m, k);
}

// True when the hours at [begin, end) are a duration, not a time of day:
// "8 heures de jeu par jour", "4h de deepstack", "pendant 6 heures",
// "niveaux de 1h", "toutes les 2 heures", "en 8h".
bool isDuration(const Toks& t, std::size_t begin, std::size_t end) {
  const std::size_t n = t.size();
  if (t[begin].isWord("midi")) return false;
  std::size_t j = begin;
  for (int steps = 0; j > 0 && steps < 3; ++steps) {
    const Token& p = t[j - 1];
    if (isWordIn(p, {"pendant", "durant", "duree", "niveaux", "niveau", "levels", "level", "blinds", "toutes",
                     "chaque", "every", "plus", "moins", "max", "maximum", "dure", "durent", "durera", "structure",
                     "marathon", "stop"})) {
      return true;
    }
    if (p.isWord("en") && j == begin) return true;
    if (!(p.isWord("de") || p.isWord("d") || p.isPunct('\'') || p.isWord("les") || p.isWord("des"))) break;
    --j;
  }
  std::size_t k = end;
  if (k < n && isWordIn(t[k], {"par", "per", "chrono", "non"})) return true;
  if (k < n && (t[k].isWord("de") || t[k].isWord("d") || t[k].isWord("of"))) {
    ++k;
    if (k < n && t[k].isPunct('\'')) ++k;
    if (k < n && isWordIn(t[k], {"jeu", "jeux", "poker", "pause", "pauses", "niveau", "niveaux", "tournoi", "blinds",
                                 "live", "structure", "deepstack", "cartes", "play", "marathon", "competition",
                                 "affilee", "suite", "route", "trajet", "formation", "cash", "game"})) {
      return true;
    }
  }
  return false;
}

void markWord(const Token& w, bool& start, bool& door, bool& end, bool& other) {
  if (w.kind != TokKind::kWord || w.text.size() < 3) return;  // every role word has three letters or more
  // Breaks and prize-givings have times of their own.
  if (inList(w.text, {"pause", "pauses", "break", "remise", "cocktail", "buffet", "collation"})) other = true;
  static constexpr std::array<std::string_view, 11> kStart{
      "debut", "start", "starts", "depart", "lancement", "commence", "commencement",
      "shuffle", "tournoi", "envoi", "jeu"};
  static constexpr std::array<std::string_view, 12> kDoor{
      "portes", "porte", "ouverture", "accueil", "inscription", "inscriptions",
      "doors", "registration", "enregistrement", "arrivee", "late", "reg"};
  static constexpr std::array<std::string_view, 4> kEnd{"fin", "cloture", "jusqu", "fermeture"};
  for (auto s : kEnd) {
    if (w.text == s) end = true;
  }
  for (auto s : kDoor) {
    if (w.text == s) door = true;
  }
  for (auto s : kStart) {
    if (w.text == s) start = true;
  }
}

bool stopsClause(const Token& t) {
  return t.isNumber() || (t.kind == TokKind::kPunct && !t.isPunct(':') && !t.isPunct('\''));
}

// What the words around a time say it is: the start, the doors, an end.
Role roleOf(const Toks& t, std::size_t begin, std::size_t end) {
  bool start = false;
  bool door = false;
  bool fin = false;
  bool other = false;
  for (std::size_t j = begin, steps = 0; j > 0 && steps < 6; --j, ++steps) {
    if (stopsClause(t[j - 1])) break;
    markWord(t[j - 1], start, door, fin, other);
  }
  if (!start && !door && !fin && !other) {
    for (std::size_t j = end, steps = 0; j < t.size() && steps < 4; ++j, ++steps) {
      if (stopsClause(t[j])) break;
      markWord(t[j], start, door, fin, other);
    }
  }
  // "fin des inscriptions 22h" closes registration: a door time, not the end.
  if (door) return Role::kDoor;
  if (other) return Role::kOther;
  if (fin) return Role::kEnd;
  if (start) return Role::kStart;
  return Role::kNone;
}

// True when the time at token `begin` follows a deadline or page date
// ("inscriptions jusqu'au 10 décembre à 18h"): not the event's time.
bool followsSideDate(const Toks& t, std::size_t begin) {
  // A side word sits at most a date and five words before: most times have none.
  bool near = false;
  for (std::size_t k = begin, steps = 0; k > 0 && steps < 12 && !near; --k, ++steps) {
    near = t[k - 1].kind == TokKind::kWord && isSideWord(t[k - 1].text);
  }
  if (!near) return false;
  std::size_t j = begin;
  if (j > 0 && (t[j - 1].isWord("a") || t[j - 1].isPunct(',') || t[j - 1].isPunct('-'))) --j;
  if (j == 0 || !(t[j - 1].isNumber() || monthOf(t[j - 1]) > 0)) return false;
  const std::size_t b = dateBeginOf(t, j);
  return b < j && isSideDate(t, b);
}

// The start time among the times written outside [skip_begin, skip_end)
// (durations and times of deadlines skipped): the first one introduced as
// the start, else the first plain one. Its `until` is the end of its own
// range ("de 19h à 23h") or else the first time introduced as an end ("fin
// vers 2h").
// `end_field`: the text is an end field, where « fin vers 2h » is the
// time itself, not the end of a start time.
std::optional<TimeHit> findStartTime(const Toks& t, std::size_t skip_begin, std::size_t skip_end,
                                     bool end_field = false) {
  std::optional<TimeHit> started;
  std::optional<TimeHit> plain;
  std::optional<int> ending;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (i >= skip_begin && i < skip_end) continue;
    auto hit = parseTimeAt(t, i);
    if (!hit) continue;
    if (isDuration(t, i, hit->second) || followsSideDate(t, i)) {
      i = hit->second - 1;
      continue;
    }
    TimeHit h;
    h.minutes = hit->first;
    h.begin = i;
    h.end = hit->second;
    const std::size_t c = afterConnector(t, h.end, false);
    if (c != kNone && c < t.size()) {
      if (auto u = parseTimeAt(t, c)) {
        h.until = u->first;
        h.end = u->second;
      }
    }
    h.role = roleOf(t, h.begin, hit->second);
    if (end_field && h.role == Role::kEnd) h.role = Role::kNone;
    if (h.role == Role::kStart && !started) started = h;
    if (h.role == Role::kNone && !plain) plain = h;
    if (h.role == Role::kEnd && !ending) ending = h.minutes;
    i = h.end - 1;
  }
  std::optional<TimeHit> chosen = started ? started : plain;
  if (chosen && !chosen->until && ending) chosen->until = ending;
  return chosen;
}

// ---------------------------------------------------------------- fields

struct FieldWhen {
  std::optional<Resolved> dates;
  std::optional<int> minutes;
  std::optional<int> until;
  std::optional<Instant> exact;
  bool inferred = false;  // the day depended on the reference (no year, a relative day)
};

bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool looksIso(std::string_view s) {
  if (s.size() < 10) return false;
  for (const std::size_t k : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (!isDigit(s[k])) return false;
  }
  if (s[4] != '-' || s[7] != '-') return false;
  if (s.size() == 10) return true;
  return (s[10] == 'T' || s[10] == 't' || s[10] == ' ') && s.size() > 11 && isDigit(s[11]);
}

void setFromLocal(FieldWhen& f, LocalSeconds local) {
  const auto d = std::chrono::floor<days>(local);
  f.dates = Resolved{year_month_day{d}, std::nullopt};
  f.minutes = static_cast<int>(std::chrono::duration_cast<minutes>(local - d).count());
}

Result<FieldWhen> parseIsoField(std::string_view s, std::string_view zone, std::string_view field) {
  FieldWhen f;
  if (s.size() == 10) {
    auto d = parseIsoDate(s);
    if (!d) {
      return makeError(ErrorCode::kInvalidDate,
                       std::string(field) + " " + quote(s) + ": " + d.error().message);
    }
    f.dates = Resolved{year_month_day{*d}, std::nullopt};
    return f;
  }
  auto t = parseIsoInstant(s, zone);
  if (!t) {
    return makeError(ErrorCode::kInvalidDate,
                     std::string(field) + " " + quote(s) + ": " + t.error().message);
  }
  setFromLocal(f, instantToLocal(*t, zone));
  const std::string_view tail = s.substr(11);
  if (tail.find_first_of("Zz+-") != std::string_view::npos) f.exact = *t;
  return f;
}

// RFC 2822 ("Mon, 22 Sep 2025 12:00:00 +0200"), which RSS feeds use: only
// when the whole text is one, with its zone.
std::optional<Result<FieldWhen>> parseRfc2822(const Toks& t, std::string_view zone,
                                               std::string_view field, std::string_view raw) {
  std::size_t i = 0;
  const std::size_t n = t.size();
  int wd = -1;
  if (i < n && weekdayOf(t[i]) >= 0) {
    wd = weekdayOf(t[i]);
    ++i;
    if (i < n && t[i].isPunct(',')) ++i;
  }
  if (!(i + 6 < n && t[i].isNumber() && t[i].digits() <= 2 && monthOf(t[i + 1]) > 0 &&
        t[i + 2].isNumber() && t[i + 2].digits() == 4 && t[i + 3].isNumber() &&
        t[i + 3].digits() == 2 && gluedPunct(t, i + 4, ':') && gluedNumber(t, i + 5, 2))) {
    return std::nullopt;
  }
  const int d = static_cast<int>(t[i].value);
  const int mo = monthOf(t[i + 1]);
  const int y = static_cast<int>(t[i + 2].value);
  const int h = static_cast<int>(t[i + 3].value);
  const int mi = static_cast<int>(t[i + 5].value);
  int sec = 0;
  std::size_t k = i + 6;
  if (gluedPunct(t, k, ':') && gluedNumber(t, k + 1, 2)) {
    sec = static_cast<int>(t[k + 1].value);
    k += 2;
  }
  int offset_min = 0;
  if (k + 1 < n && (t[k].isPunct('+') || t[k].isPunct('-')) && gluedNumber(t, k + 1, 4) &&
      t[k + 1].digits() == 4) {
    const int v = static_cast<int>(t[k + 1].value);
    offset_min = (v / 100) * 60 + v % 100;
    if (t[k].isPunct('-')) offset_min = -offset_min;
    k += 2;
  } else if (k < n && (t[k].isWord("gmt") || t[k].isWord("ut") || t[k].isWord("utc") ||
                       t[k].isWord("z"))) {
    ++k;
  } else {
    return std::nullopt;
  }
  if (k != n) return std::nullopt;
  const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!date.ok() || h > 23 || mi > 59 || sec > 60) {
    return Result<FieldWhen>(impossibleError(field, raw));
  }
  const Instant at = Instant{sys_days{date}} + std::chrono::hours{h} + minutes{mi} +
                     std::chrono::seconds{sec} - minutes{offset_min};
  FieldWhen f;
  setFromLocal(f, instantToLocal(at, zone));
  f.exact = at;
  if (wd >= 0 && weekday{sys_days{date}}.c_encoding() != static_cast<unsigned>(wd)) {
    DateSpan s;
    s.first.weekday = wd;
    return Result<FieldWhen>(weekdayError(field, raw, s, Resolved{date, std::nullopt}));
  }
  return Result<FieldWhen>(std::move(f));
}

// Everything one text says about a date and a time.
Result<FieldWhen> parseField(std::string_view raw, year_month_day reference, int back_days, const DateClues& clues,
                             std::string_view zone, std::string_view field, bool relative_days = true,
                             bool end_field = false) {
  FieldWhen f;
  const std::string_view s = text::trim(raw);
  if (s.empty()) return f;
  if (looksIso(s)) return parseIsoField(s, zone, field);
  const std::string folded = detail::foldText(s);
  const Toks t = detail::tokenize(folded);
  if (auto rfc = parseRfc2822(t, zone, field, s)) return std::move(*rfc);
  std::size_t skip_begin = 0;
  std::size_t skip_end = 0;
  if (auto span = findDate(t, relative_days)) {
    auto r = resolveSpan(*span, reference, back_days, clues, field, s, f.inferred);
    if (!r) return r.error();
    f.dates = *r;
    skip_begin = span->begin;
    skip_end = span->end;
    if (span->first_minutes) {
      f.minutes = span->first_minutes;
      f.until = span->last_minutes;
      return f;
    }
  }
  if (auto hit = findStartTime(t, skip_begin, skip_end, end_field)) {
    f.minutes = hit->minutes;
    f.until = hit->until;
  } else if (end_field) {
    // « vers minuit », « jusqu'à minuit »: an end at midnight.
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (i >= skip_begin && i < skip_end) continue;
      if (t[i].isWord("minuit")) {
        f.minutes = 0;
        break;
      }
    }
  }
  return f;
}

// "date à confirmer", "à définir", "TBA": the start field says the day is not known yet.
bool saysDateIsPending(std::string_view start_text) {
  if (start_text.empty()) return false;
  const std::string folded = detail::foldText(start_text);
  for (const Token& w : detail::tokenize(folded)) {
    if (isWordIn(w, {"confirmer", "definir", "preciser", "venir", "communiquer", "determiner", "tba", "tbc", "tbd",
                     "inconnue", "inconnu", "prochainement", "bientot"})) {
      return true;
    }
  }
  return false;
}

LocalSeconds at(const year_month_day& d, std::optional<int> mins) {
  return LocalSeconds{local_days{d}} + minutes{mins.value_or(0)};
}

// ---------------------------------------------------------------- clues

// A four-digit number that counts something ("2026 jetons", "2000 €", "2026
// joueurs") rather than naming a year.
bool countsSomething(const Toks& t, std::size_t i) {
  const std::size_t n = t.size();
  if (i > 0 && (t[i - 1].isEuro() || t[i - 1].isPunct('$') || t[i - 1].isWord("eur"))) return true;
  if (i + 1 < n && glued(t, i + 1) && (t[i + 1].isPunct(',') || t[i + 1].isPunct('.')) && i + 2 < n &&
      t[i + 2].isNumber()) {
    return true;  // "2026,50"
  }
  std::size_t k = i + 1;
  if (k < n && glued(t, k) && t[k].kind == TokKind::kWord) return true;  // "2000k", "2026e"
  return k < n && (t[k].isEuro() || isWordIn(t[k], {"euros", "euro", "eur", "jetons", "jeton", "chips", "joueurs",
                                                     "joueuses", "places", "points", "pts", "inscrits", "participants",
                                                     "entrees", "tables", "gtd", "garantis", "km", "m"}));
}

// Past-tense reporting: "a remporté", "s'est déroulé", "ont eu lieu",
// "retour sur", "félicitations"… starting at word token i.
bool coverageAt(const Toks& t, std::size_t i) {
  const std::size_t n = t.size();
  auto isWordInArray = [](const Token& x, const auto& words) {
    if (x.kind != TokKind::kWord) return false;
    for (const std::string_view w : words) {
      if (x.text == w) return true;
    }
    return false;
  };
  const Token& w = t[i];
  auto next = [&](std::size_t k) -> const Token* { return k < n ? &t[k] : nullptr; };
  if (isWordIn(w, {"felicitations", "bravo", "palmares", "resultats", "recap", "recapitulatif"})) return true;
  if (w.isWord("retour") && next(i + 1) && next(i + 1)->isWord("sur")) return true;
  if (w.isWord("classement") && next(i + 1) && next(i + 1)->isWord("final")) return true;
  if (w.isWord("compte") && next(i + 1) && next(i + 1)->isPunct('-') && next(i + 2) && next(i + 2)->isWord("rendu")) {
    return true;
  }
  static constexpr std::string_view kDone[] = {
      "remporte", "remportee", "remportes", "gagne", "gagnee", "reuni", "rassemble", "attire", "accueilli",
      "participe", "domine", "triomphe"};
  static constexpr std::string_view kReflexive[] = {
      "deroule", "deroulee", "deroules", "deroulees", "tenu", "tenue", "tenus", "tenues", "impose", "imposee",
      "imposes", "termine", "terminee", "termines", "acheve", "achevee", "joue", "jouee", "cloture", "cloturee"};
  // "a remporté", "ont réuni", "a été remporté", "a eu lieu".
  if (w.isWord("a") || w.isWord("ont") || w.isWord("ete")) {
    const Token* x = next(i + 1);
    if (x && x->isWord("ete")) x = next(i + 2);
    if (x && isWordInArray(*x, kDone)) return true;
    if (x && x->isWord("eu") && next(i + 2) && next(i + 2)->isWord("lieu")) return true;
  }
  // "s'est déroulé", "se sont tenus".
  if (w.isWord("s") && next(i + 1) && next(i + 1)->isPunct('\'') && next(i + 2) && next(i + 2)->isWord("est")) {
    const Token* x = next(i + 3);
    return x && isWordInArray(*x, kReflexive);
  }
  if (w.isWord("se") && next(i + 1) && next(i + 1)->isWord("sont")) {
    const Token* x = next(i + 2);
    return x && isWordInArray(*x, kReflexive);
  }
  return false;
}

void addYear(DateClues& c, int y) {
  auto& ys = c.years;
  for (std::size_t k = 0; k < ys.size(); ++k) {
    if (ys[k] == y) return;
    if (ys[k] == 0 || ys[k] > y) {
      if (ys.back() != 0) return;  // full: keep the first four
      for (std::size_t m = ys.size() - 1; m > k; --m) ys[m] = ys[m - 1];
      ys[k] = static_cast<std::int16_t>(y);
      return;
    }
  }
}

}  // namespace

DateClues readDateClues(std::string_view text) {
  DateClues c;
  if (text::trim(text).empty()) return c;
  const std::string folded = detail::foldText(text);
  const Toks t = detail::tokenize(folded);
  for (std::size_t i = 0; i < t.size(); ++i) {
    const Token& tok = t[i];
    if (tok.isNumber()) {
      if (tok.digits() != 4 || tok.value < 2000 || tok.value > 2099 || countsSomething(t, i)) continue;
      // A year glued to digits is part of a number ("12.2026.5"); a page
      // date ("publié le 12/11/2026", "© 2026") is not the event's.
      if (i > 0 && glued(t, i) && t[i - 1].isNumber()) continue;
      const std::size_t b = dateBeginOf(t, i);
      if (isSideDate(t, b)) continue;
      if (b > 0 && (t[b - 1].isWord("copyright") || t[b - 1].text == "\xC2\xA9" || t[b - 1].isWord("c"))) continue;
      addYear(c, static_cast<int>(tok.value));
      continue;
    }
    if (!c.coverage && tok.kind == TokKind::kWord && coverageAt(t, i)) c.coverage = true;
  }
  return c;
}

DateClues mergeDateClues(const DateClues& a, const DateClues& b) {
  DateClues c = a;
  c.coverage = a.coverage || b.coverage;
  for (const std::int16_t y : b.years) {
    if (y != 0) addYear(c, y);
  }
  return c;
}

Instant announcementReference(std::string_view published_at, std::optional<Instant> fetched_at, Instant fallback,
                              std::string_view zone) {
  const Instant base = fetched_at.value_or(fallback);
  if (text::trim(published_at).empty()) return base;
  const year_month_day base_day{std::chrono::floor<days>(instantToLocal(base, zone))};
  auto f = parseField(published_at, base_day, kPublishedBackDays, DateClues{}, zone, "published");
  if (!f || !f->dates) return base;
  Instant published{};
  if (f->exact) {
    published = *f->exact;
  } else {
    auto t = localToInstant(at(f->dates->first, f->minutes), zone);
    if (!t) return base;
    published = *t;
  }
  // A publication after the fetch is a wrong date (or a wrong clock).
  if (fetched_at && published > *fetched_at + std::chrono::hours{24}) return base;
  return published;
}

Result<ParsedWhen> parseWhen(std::string_view start_text, std::string_view end_text,
                             std::string_view title_and_description, LocalSeconds reference,
                             std::string_view zone) {
  // The clues only matter for a day read without its year (or relative):
  // most starts are read without reading them.
  auto plain = parseWhen(start_text, end_text, title_and_description, DateClues{}, reference, zone);
  if ((plain && !plain->inferred) || text::trim(title_and_description).empty()) return plain;
  const DateClues clues = readDateClues(title_and_description);
  if (clues.empty()) return plain;
  return parseWhen(start_text, end_text, title_and_description, clues, reference, zone);
}

Result<ParsedWhen> parseWhen(std::string_view start_text, std::string_view end_text,
                             std::string_view title_and_description, const DateClues& clues,
                             LocalSeconds reference, std::string_view zone) {
  const year_month_day ref{std::chrono::floor<days>(reference)};
  const int back_days = clues.coverage ? kCoverageDays : kJustFinishedDays;
  auto start = parseField(start_text, ref, back_days, clues, zone, "start");
  if (!start) return start.error();
  FieldWhen st = std::move(*start);

  if (!st.dates) {
    // "date à confirmer": the organiser says the day is not fixed; a weekday
    // in the title ("Tournoi du lundi") names the series, not the day.
    auto other = parseField(title_and_description, ref, back_days, clues, zone, "title/description",
                            !saysDateIsPending(start_text));
    if (!other) return other.error();
    if (!other->dates) {
      const bool has_start = !text::trim(start_text).empty();
      return makeError(ErrorCode::kInvalidDate,
                       has_start ? "start " + quote(start_text) +
                                       " names no date (a time alone is not enough) and the title "
                                       "and description name none; give a day such as '12/12/2026'"
                                 : std::string("start is empty and the title and description name "
                                               "no date; give a day such as '12/12/2026 20h'"));
    }
    st.dates = other->dates;
    st.inferred = other->inferred;
    if (!st.minutes) {
      st.minutes = other->minutes;
      st.until = other->until;
    }
  } else if (!st.minutes && !title_and_description.empty()) {
    // "samedi 12 décembre" in start, "… début 20h …" in the description.
    const std::string folded = detail::foldText(title_and_description);
    const Toks t = detail::tokenize(folded);
    if (auto hit = findStartTime(t, 0, 0)) {
      st.minutes = hit->minutes;
      st.until = hit->until;
    }
  }

  ParsedWhen w;
  const year_month_day first = st.dates->first;
  w.start = at(first, st.minutes);
  w.time_known = st.minutes.has_value();
  w.start_instant = st.exact;
  w.inferred = st.inferred;

  const year_month_day last_day = st.dates->last.value_or(first);
  // An end field that cannot be used leaves the end a range in the start
  // gives ("du 12 au 14 décembre"), with the warning.
  bool end_from_field = false;
  if (!text::trim(end_text).empty()) {
    auto end = parseField(end_text, last_day, 0, DateClues{}, zone, "end", true, true);
    if (!end) {
      w.warning = end.error().message + " (end ignored)";
    } else if (end->dates) {
      end_from_field = true;
      const year_month_day ed = end->dates->last.value_or(end->dates->first);
      w.end = at(ed, end->minutes);
      w.end_time_known = end->minutes.has_value();
      w.end_instant = end->exact;
    } else if (end->minutes) {
      end_from_field = true;
      LocalSeconds e = at(last_day, end->minutes);
      if (e <= w.start && w.time_known) e += days{1};  // "20h" to "2h": past midnight
      w.end = e;
      w.end_time_known = true;
    } else {
      w.warning = "end " + quote(end_text) + " names no date or time (end ignored)";
    }
  }
  if (end_from_field) {
    // The end field was used.
  } else if (st.dates->last) {
    if (!w.warning.empty()) w.warning += "; the end of the start's range is used";
    w.end = at(last_day, st.until);
    w.end_time_known = st.until.has_value();
  } else if (st.until && w.time_known) {
    if (!w.warning.empty()) w.warning += "; the end of the start's range is used";
    LocalSeconds e = at(first, st.until);
    if (e <= w.start) e += days{1};
    w.end = e;
    w.end_time_known = true;
  }
  if (w.end && *w.end < w.start && !(w.end_instant && w.start_instant && *w.end_instant >= *w.start_instant)) {
    w.warning = "end " + quote(end_text) + " is before the start (end ignored)";
    w.end.reset();
    w.end_instant.reset();
    w.end_time_known = false;
  }
  // Calendar exports write all-day events as 00:00 to 23:59(:59): those are
  // days without a time, not a tournament starting at midnight.
  if (w.time_known && w.end && w.end_time_known) {
    const auto start_day = std::chrono::floor<days>(w.start);
    const auto end_day = std::chrono::floor<days>(*w.end);
    if (w.start == LocalSeconds{start_day} && *w.end - LocalSeconds{end_day} >= minutes{23 * 60 + 59}) {
      w.time_known = false;
      w.end_time_known = false;
      w.end = LocalSeconds{end_day};
      w.start_instant.reset();
      w.end_instant.reset();
    }
  }
  // core's one rule (time.hpp): a night ending before 06:00 is one evening.
  w.multi_day = spansSeveralDays(w.start, w.end, w.time_known, w.end_time_known);
  return w;
}

Result<year_month_day> parseFrenchDate(std::string_view text, year_month_day reference) {
  auto f = parseField(text, reference, kJustFinishedDays, readDateClues(text), kParisZone, "date");
  if (!f) return f.error();
  if (!f->dates) {
    return makeError(ErrorCode::kInvalidDate,
                     "date " + quote(text) + " names no day; write e.g. '12/12/2026' or '12 décembre'");
  }
  return f->dates->first;
}

Result<minutes> parseFrenchTime(std::string_view text) {
  const std::string folded = detail::foldText(text);
  const Toks t = detail::tokenize(folded);
  std::size_t skip_begin = 0;
  std::size_t skip_end = 0;
  if (auto span = findDate(t)) {
    skip_begin = span->begin;
    skip_end = span->end;
  }
  if (auto hit = findStartTime(t, skip_begin, skip_end)) return minutes{hit->minutes};
  return makeError(ErrorCode::kInvalidDate,
                   "time " + quote(text) + " names no start time; write e.g. '20h' or '19:30'");
}

Result<Instant> startInstant(const ParsedWhen& when, std::string_view zone) {
  if (when.start_instant) return *when.start_instant;
  return localToInstant(when.start, zone);
}

Result<std::optional<Instant>> endInstant(const ParsedWhen& when, std::string_view zone) {
  if (when.end_instant) return std::optional<Instant>(*when.end_instant);
  if (!when.end) return std::optional<Instant>();
  auto t = localToInstant(*when.end, zone);
  if (!t) return t.error();
  return std::optional<Instant>(*t);
}

}  // namespace pft::normalize
