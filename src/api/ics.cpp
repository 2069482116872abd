#include "ics.hpp"

#include <fmt/format.h>

#include "pft/core/time.hpp"
#include "pft/core/url.hpp"

namespace pft::api {
namespace {

std::string localStamp(Instant t) {
  // "20261205T200000" in Paris wall-clock time.
  std::string iso = formatLocalIso(t, kParisZone);  // 2026-12-05T20:00:00+01:00
  std::string out;
  for (std::size_t i = 0; i < 19 && i < iso.size(); ++i) {
    if (iso[i] != '-' && iso[i] != ':') out.push_back(iso[i]);
  }
  return out;
}

std::string utcStamp(Instant t) {
  std::string iso = formatUtcIso(t);  // 2026-12-05T19:00:00Z
  std::string out;
  for (char c : iso) {
    if (c != '-' && c != ':') out.push_back(c);
  }
  return out;
}

std::string localDate(Instant t) {
  std::string d = formatLocalDate(t, kParisZone);
  std::string out;
  for (char c : d) {
    if (c != '-') out.push_back(c);
  }
  return out;
}

std::string euros(std::int64_t cents) {
  if (cents % 100 == 0) return fmt::format("{} €", cents / 100);
  return fmt::format("{},{:02} €", cents / 100, cents % 100);
}

constexpr std::string_view kVTimezone =
    "BEGIN:VTIMEZONE\r\n"
    "TZID:Europe/Paris\r\n"
    "X-LIC-LOCATION:Europe/Paris\r\n"
    "BEGIN:DAYLIGHT\r\n"
    "TZOFFSETFROM:+0100\r\n"
    "TZOFFSETTO:+0200\r\n"
    "TZNAME:CEST\r\n"
    "DTSTART:19700329T020000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
    "END:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\n"
    "TZOFFSETFROM:+0200\r\n"
    "TZOFFSETTO:+0100\r\n"
    "TZNAME:CET\r\n"
    "DTSTART:19701025T030000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n";

}  // namespace

std::string icsEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\r':
        if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
        out += "\\n";
        break;
      case '\n': out += "\\n"; break;
      default:
        // Other control characters (DEL included) are not allowed in TEXT; TAB is.
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) {
          out.push_back(' ');
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

std::string icsFold(std::string_view line) {
  std::string out;
  out.reserve(line.size() + line.size() / 70 * 3 + 2);
  std::size_t col = 0;
  std::size_t limit = 75;
  for (std::size_t i = 0; i < line.size();) {
    // Length of the UTF-8 sequence starting at i (a continuation byte alone counts 1).
    auto c = static_cast<unsigned char>(line[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (i + len > line.size()) len = line.size() - i;
    if (col + len > limit) {
      out += "\r\n ";
      col = 1;  // the leading space counts towards the next line's 75 octets
    }
    out.append(line.substr(i, len));
    col += len;
    i += len;
  }
  out += "\r\n";
  return out;
}

bool appendIcsProperty(std::string& out, std::string_view name, std::string_view value, IcsValue kind) {
  std::string line(name);
  line += ':';
  switch (kind) {
    case IcsValue::kText:
      line += icsEscape(value);
      break;
    case IcsValue::kUri: {
      // A URI cannot be escaped (a backslash is part of it): one that is not
      // a plain http(s) link, CR/LF and other controls included, is left out.
      std::string url = safeLinkUrl(value);
      if (url.empty()) return false;
      line += url;
      break;
    }
    case IcsValue::kToken:
      // Written by us (dates, numbers, names); controls dropped all the same.
      for (char c : value) {
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) line.push_back(c);
      }
      break;
  }
  out += icsFold(line);
  return true;
}

std::string renderIcs(const std::vector<const Tournament*>& items, Instant dtstamp, std::string_view calendar_name,
                      std::string_view site_url, const std::unordered_map<std::int64_t, std::int64_t>* sequence) {
  using enum IcsValue;
  std::string out;
  out.reserve(1024 + items.size() * 700);
  out += "BEGIN:VCALENDAR\r\n";
  appendIcsProperty(out, "VERSION", "2.0", kToken);
  appendIcsProperty(out, "PRODID", "-//Poker France Tournaments//pft//FR", kToken);
  appendIcsProperty(out, "CALSCALE", "GREGORIAN", kToken);
  appendIcsProperty(out, "METHOD", "PUBLISH", kToken);
  appendIcsProperty(out, "X-WR-CALNAME", calendar_name, kText);
  appendIcsProperty(out, "X-WR-TIMEZONE", "Europe/Paris", kToken);
  out += kVTimezone;
  std::string stamp = utcStamp(dtstamp);
  for (const Tournament* t : items) {
    out += "BEGIN:VEVENT\r\n";
    appendIcsProperty(out, "UID", fmt::format("{}@pokerfrancetournaments", t->id), kToken);
    appendIcsProperty(out, "DTSTAMP", stamp, kToken);
    std::int64_t seq = 0;
    if (sequence != nullptr) {
      if (auto it = sequence->find(t->id); it != sequence->end()) seq = it->second;
    }
    appendIcsProperty(out, "SEQUENCE", std::to_string(seq), kToken);
    if (t->time_known) {
      appendIcsProperty(out, "DTSTART;TZID=Europe/Paris", localStamp(t->start), kToken);
      // An end without its time (« les 12 et 13 décembre à 19 h ») has no DTEND:
      // a DATE-TIME start needs a DATE-TIME end, and none was given.
      if (t->end && endHasTime(*t) && *t->end > t->start) {
        appendIcsProperty(out, "DTEND;TZID=Europe/Paris", localStamp(*t->end), kToken);
      }
    } else {
      appendIcsProperty(out, "DTSTART;VALUE=DATE", localDate(t->start), kToken);
    }
    appendIcsProperty(out, "SUMMARY", t->title, kText);
    std::string desc = t->description;
    if (t->buy_in_cents) {
      if (!desc.empty()) desc += "\n";
      desc += "Buy-in : " + (*t->buy_in_cents == 0 ? std::string{"freeroll"} : euros(*t->buy_in_cents));
    }
    if (!t->variant.empty()) desc += (desc.empty() ? "" : "\n") + std::string{"Variante : "} + t->variant;
    if (!desc.empty()) appendIcsProperty(out, "DESCRIPTION", desc, kText);
    std::string location = t->venue.name;
    for (const std::string* part : {&t->venue.address, &t->venue.postcode, &t->venue.city}) {
      if (!part->empty()) location += (location.empty() ? "" : ", ") + *part;
    }
    if (!location.empty()) appendIcsProperty(out, "LOCATION", location, kText);
    if (t->venue.latitude && t->venue.longitude) {
      appendIcsProperty(out, "GEO", fmt::format("{:.6f};{:.6f}", *t->venue.latitude, *t->venue.longitude), kToken);
    }
    // The organiser's page when it is a link, else the tournament's own.
    if (!appendIcsProperty(out, "URL", t->event_url, kUri)) {
      appendIcsProperty(out, "URL", std::string{site_url} + "/tournaments/" + std::to_string(t->id), kUri);
    }
    const bool off = t->status == TournamentStatus::kCancelled || t->status == TournamentStatus::kRemoved;
    appendIcsProperty(out, "STATUS", off ? "CANCELLED" : "CONFIRMED", kToken);
    if (t->updated_at.time_since_epoch().count() > 0) {
      appendIcsProperty(out, "LAST-MODIFIED", utcStamp(t->updated_at), kToken);
    }
    out += "END:VEVENT\r\n";
  }
  out += "END:VCALENDAR\r\n";
  return out;
}

}  // namespace pft::api
