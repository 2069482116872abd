#include "pft/core/time.hpp"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <cctype>
#include <charconv>

namespace pft {
namespace {

const date::time_zone* findZone(std::string_view zone) {
  try {
    return date::locate_zone(zone);
  } catch (const std::exception&) {
    return nullptr;
  }
}

const date::time_zone* parisZone() {
  static const date::time_zone* paris = date::locate_zone("Europe/Paris");
  return paris;
}

const date::time_zone* zoneOrParis(std::string_view zone) {
  if (zone.empty() || zone == kParisZone) return parisZone();
  const auto* z = findZone(zone);
  return z ? z : parisZone();
}

date::local_seconds toDateLocal(LocalSeconds l) { return date::local_seconds{l.time_since_epoch()}; }
LocalSeconds fromDateLocal(date::local_seconds l) { return LocalSeconds{l.time_since_epoch()}; }

std::string formatOffset(int seconds) {
  char sign = seconds < 0 ? '-' : '+';
  int a = seconds < 0 ? -seconds : seconds;
  return fmt::format("{}{:02}:{:02}", sign, a / 3600, (a % 3600) / 60);
}

struct Cursor {
  std::string_view s;
  size_t i = 0;
  bool done() const { return i >= s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
  bool digits(size_t n, int& out) {
    if (i + n > s.size()) return false;
    int v = 0;
    for (size_t k = 0; k < n; ++k) {
      char c = s[i + k];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    out = v;
    i += n;
    return true;
  }
  bool eat(char c) {
    if (peek() != c) return false;
    ++i;
    return true;
  }
};

}  // namespace

bool isKnownZone(std::string_view zone) { return findZone(zone) != nullptr; }

Result<Instant> localToInstant(LocalSeconds local, std::string_view zone) {
  const date::time_zone* z = (zone.empty() || zone == kParisZone) ? parisZone() : findZone(zone);
  if (!z) return makeError(ErrorCode::kInvalidArgument, fmt::format("unknown time zone '{}'", zone));
  auto l = toDateLocal(local);
  auto info = z->get_info(l);
  switch (info.result) {
    case date::local_info::unique:
      return Instant{l.time_since_epoch() - info.first.offset};
    case date::local_info::ambiguous:
      // Autumn: the wall-clock hour happens twice; take the first (summer time).
      return Instant{l.time_since_epoch() - info.first.offset};
    case date::local_info::nonexistent:
      // Spring gap: 02:30 does not exist; read it with the offset in force
      // before the change, which lands it one gap later (03:30 summer time).
      return Instant{l.time_since_epoch() - info.first.offset};
  }
  return makeError(ErrorCode::kInternal, "unreachable time zone state");
}

LocalSeconds instantToLocal(Instant t, std::string_view zone) {
  return fromDateLocal(zoneOrParis(zone)->to_local(t));
}

int offsetSeconds(Instant t, std::string_view zone) {
  return static_cast<int>(zoneOrParis(zone)->get_info(t).offset.count());
}

std::string formatLocalIso(Instant t, std::string_view zone) {
  const auto* z = zoneOrParis(zone);
  auto info = z->get_info(t);
  auto local = date::local_seconds{t.time_since_epoch() + info.offset};
  return date::format("%Y-%m-%dT%H:%M:%S", local) + formatOffset(static_cast<int>(info.offset.count()));
}

std::string formatUtcIso(Instant t) { return date::format("%Y-%m-%dT%H:%M:%SZ", t); }

std::string formatLocalDate(Instant t, std::string_view zone) {
  auto local = zoneOrParis(zone)->to_local(t);
  const auto day = date::floor<date::days>(local);
  // Written by hand for years 0..9999 (what date::format's "%Y-%m-%d" gives
  // there): the stream and locale it builds cost as much as the rest of a
  // normalized event (callgrind, issue 12 §4).
  const date::year_month_day ymd{day};
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) return date::format("%Y-%m-%d", day);
  const auto month = static_cast<unsigned>(ymd.month());
  const auto dom = static_cast<unsigned>(ymd.day());
  std::string out(10, '-');
  auto put = [&out](std::size_t at, unsigned value, int width) {
    for (int i = width - 1; i >= 0; --i) {
      out[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, static_cast<unsigned>(year), 4);
  put(5, month, 2);
  put(8, dom, 2);
  return out;
}

bool spansSeveralDays(LocalSeconds start, std::optional<LocalSeconds> end, bool start_time_known,
                      bool end_time_known) {
  if (!end) return false;
  const auto s = std::chrono::floor<std::chrono::days>(start);
  const auto e = std::chrono::floor<std::chrono::days>(*end);
  const auto gap = (e - s).count();
  if (gap >= 2) return true;
  if (gap < 1) return false;
  if (!start_time_known || !end_time_known) return true;
  return *end - e >= std::chrono::hours{6};
}

bool spansSeveralDays(Instant start, std::optional<Instant> end, bool start_time_known, bool end_time_known,
                      std::string_view zone) {
  if (!end) return false;
  return spansSeveralDays(instantToLocal(start, zone), instantToLocal(*end, zone), start_time_known,
                          end_time_known);
}

Result<std::chrono::sys_days> parseIsoDate(std::string_view text) {
  Cursor c{text};
  int y = 0, m = 0, d = 0;
  if (!(c.digits(4, y) && c.eat('-') && c.digits(2, m) && c.eat('-') && c.digits(2, d) && c.done()))
    return makeError(ErrorCode::kInvalidDate, fmt::format("'{}' is not a date; write YYYY-MM-DD", text));
  auto ymd = date::year{y} / date::month{static_cast<unsigned>(m)} / date::day{static_cast<unsigned>(d)};
  if (!ymd.ok()) return makeError(ErrorCode::kInvalidDate, fmt::format("'{}' is not a calendar date", text));
  return std::chrono::sys_days{date::sys_days{ymd}.time_since_epoch()};
}

Result<Instant> parseIsoInstant(std::string_view text, std::string_view zone_if_no_offset) {
  auto bad = [&](const char* why) {
    return makeError(ErrorCode::kInvalidDate,
                     fmt::format("'{}' is not an ISO 8601 date-time ({}); write e.g. 2026-12-05T20:00:00+01:00",
                                 text, why));
  };
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  Cursor c{text};
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!(c.digits(4, y) && c.eat('-') && c.digits(2, mo) && c.eat('-') && c.digits(2, d))) return bad("bad date");
  if (!(c.eat('T') || c.eat(' ') || c.eat('t'))) return bad("no time");
  if (!(c.digits(2, h) && c.eat(':') && c.digits(2, mi))) return bad("bad time");
  if (c.eat(':') && !c.digits(2, s)) return bad("bad seconds");
  if (c.peek() == '.' || c.peek() == ',') {
    ++c.i;
    while (!c.done() && std::isdigit(static_cast<unsigned char>(c.peek()))) ++c.i;
  }
  auto ymd = date::year{y} / date::month{static_cast<unsigned>(mo)} / date::day{static_cast<unsigned>(d)};
  if (!ymd.ok() || h > 24 || mi > 59 || s > 60) return bad("out of range");
  auto local_secs = date::local_days{ymd}.time_since_epoch() + std::chrono::hours{h} +
                    std::chrono::minutes{mi} + std::chrono::seconds{s};
  while (c.peek() == ' ') ++c.i;
  if (c.done()) return localToInstant(LocalSeconds{local_secs}, zone_if_no_offset);
  if (c.eat('Z') || c.eat('z')) {
    if (!c.done()) return bad("text after Z");
    return Instant{local_secs};
  }
  char sign = c.peek();
  if (sign != '+' && sign != '-') return bad("bad offset");
  ++c.i;
  int oh = 0, om = 0;
  if (!c.digits(2, oh)) return bad("bad offset");
  c.eat(':');
  if (!c.done() && !c.digits(2, om)) return bad("bad offset");
  if (!c.done() || oh > 14 || om > 59) return bad("bad offset");
  auto offset = std::chrono::hours{oh} + std::chrono::minutes{om};
  return Instant{sign == '+' ? local_secs - offset : local_secs + offset};
}

}  // namespace pft
