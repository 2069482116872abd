#include "pft/ingestion/demo_dates.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cstdlib>
#include <chrono>

namespace pft::ingestion {
namespace {

constexpr std::array<const char*, 7> kFrDays = {"dimanche", "lundi", "mardi", "mercredi",
                                                "jeudi",    "vendredi", "samedi"};
constexpr std::array<const char*, 7> kFrDaysShort = {"dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."};
constexpr std::array<const char*, 12> kFrMonths = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                                                   "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
constexpr std::array<const char*, 12> kFrMonthsShort = {"janv.", "févr.", "mars", "avr.", "mai",  "juin",
                                                        "juil.", "août",  "sept.", "oct.", "nov.", "déc."};
constexpr std::array<const char*, 7> kEnDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<const char*, 12> kEnMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

Result<std::string> formatDay(std::chrono::sys_days day, std::string_view format, std::string_view token) {
  using namespace std::chrono;
  const year_month_day ymd{day};
  const weekday wd{day};
  const int y = static_cast<int>(ymd.year());
  const unsigned m = static_cast<unsigned>(ymd.month());
  const unsigned d = static_cast<unsigned>(ymd.day());
  const unsigned w = wd.c_encoding();
  if (format.empty() || format == "iso") return fmt::format("{:04}-{:02}-{:02}", y, m, d);
  if (format == "compact") return fmt::format("{:04}{:02}{:02}", y, m, d);
  if (format == "dmy") return fmt::format("{:02}/{:02}/{:04}", d, m, y);
  if (format == "fr") return fmt::format("{} {} {} {}", kFrDays[w], d == 1 ? "1er" : std::to_string(d), kFrMonths[m - 1], y);
  if (format == "fr-short") return fmt::format("{} {} {}", kFrDaysShort[w], d, kFrMonthsShort[m - 1]);
  if (format == "rfc822") {
    const auto local = LocalSeconds{local_days{ymd}.time_since_epoch() + hours{10}};
    auto instant = localToInstant(local, kParisZone);
    const int offset = instant ? offsetSeconds(*instant, kParisZone) : 3600;
    return fmt::format("{}, {:02} {} {:04} 10:00:00 {}{:02}{:02}", kEnDays[w], d, kEnMonths[m - 1], y,
                       offset < 0 ? '-' : '+', std::abs(offset) / 3600, (std::abs(offset) % 3600) / 60);
  }
  return makeError(ErrorCode::kInvalidArgument,
                   fmt::format("unknown demo date format in {}; use iso, compact, dmy, fr, fr-short or rfc822", token));
}

}  // namespace

Result<std::string> substituteDemoDates(std::string_view body, Instant now) {
  using namespace std::chrono;
  const auto today = floor<days>(instantToLocal(now, kParisZone));
  const sys_days today_days{today.time_since_epoch()};
  constexpr std::string_view kOpen = "{{DATE";
  std::string out;
  out.reserve(body.size());
  size_t pos = 0;
  while (true) {
    const size_t start = body.find(kOpen, pos);
    if (start == std::string_view::npos) break;
    const size_t close = body.find("}}", start);
    if (close == std::string_view::npos) break;
    const std::string_view token = body.substr(start, close + 2 - start);
    std::string_view inner = body.substr(start + kOpen.size(), close - start - kOpen.size());
    std::string_view format;
    if (const size_t colon = inner.find(':'); colon != std::string_view::npos) {
      format = inner.substr(colon + 1);
      inner = inner.substr(0, colon);
    }
    long offset = 0;
    if (!inner.empty()) {
      const bool negative = inner.front() == '-';
      if (inner.front() != '+' && !negative) {
        return makeError(ErrorCode::kInvalidArgument,
                         fmt::format("malformed demo date {}; write {{{{DATE+14}}}} or {{{{DATE-3:fr}}}}", token));
      }
      inner.remove_prefix(1);
      const auto [ptr, ec] = std::from_chars(inner.data(), inner.data() + inner.size(), offset);
      if (ec != std::errc{} || ptr != inner.data() + inner.size() || inner.empty()) {
        return makeError(ErrorCode::kInvalidArgument,
                         fmt::format("malformed demo date {}; write {{{{DATE+14}}}} or {{{{DATE-3:fr}}}}", token));
      }
      if (negative) offset = -offset;
    }
    auto text = formatDay(today_days + days{offset}, format, token);
    if (!text) return text.error();
    out.append(body.substr(pos, start - pos));
    out.append(*text);
    pos = close + 2;
  }
  out.append(body.substr(pos));
  return out;
}

}  // namespace pft::ingestion
