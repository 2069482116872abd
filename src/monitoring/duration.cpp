#include "pft/monitoring/duration.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <limits>

namespace pft::monitoring {

namespace {

Error badDuration(std::string_view text, const std::string& why) {
  return makeError(ErrorCode::kInvalidArgument,
                   fmt::format("'{}' is not a duration ({}); write a number and a unit s, m, h, d or w, "
                               "e.g. 30d, 12h, 2w, 1d12h",
                               text, why));
}

}  // namespace

Result<std::chrono::seconds> parseDuration(std::string_view text) {
  if (text.empty()) return badDuration(text, "empty");
  std::int64_t total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t start = i;
    std::int64_t n = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (n > std::numeric_limits<std::int64_t>::max() / 10 - 10) return badDuration(text, "too large");
      n = n * 10 + (text[i] - '0');
      ++i;
    }
    if (i == start) return badDuration(text, "a number must come first");
    if (i == text.size()) return badDuration(text, "missing unit");
    std::int64_t unit = 0;
    switch (text[i]) {
      case 's': unit = 1; break;
      case 'm': unit = 60; break;
      case 'h': unit = 3600; break;
      case 'd': unit = 86400; break;
      case 'w': unit = 7 * 86400; break;
      default: return badDuration(text, fmt::format("unknown unit '{}'", text[i]));
    }
    ++i;
    if (n > (std::numeric_limits<std::int64_t>::max() / 4 - total) / unit) return badDuration(text, "too large");
    total += n * unit;
  }
  return std::chrono::seconds{total};
}

Result<std::chrono::milliseconds> parseLatency(std::string_view text) {
  auto bad = [&] {
    return makeError(ErrorCode::kInvalidArgument,
                     fmt::format("'{}' is not a latency; write seconds (1, 0.5, 1.5s) or milliseconds (500ms)", text));
  };
  std::string_view number = text;
  double scale = 1000.0;
  if (number.size() > 2 && number.substr(number.size() - 2) == "ms") {
    number.remove_suffix(2);
    scale = 1.0;
  } else if (!number.empty() && number.back() == 's') {
    number.remove_suffix(1);
  }
  if (number.empty() || number.size() > 12) return bad();
  double value = 0;
  double frac = 0;
  bool dot = false;
  for (char c : number) {
    if (c == '.' && !dot) {
      dot = true;
      frac = 1;
      continue;
    }
    if (c < '0' || c > '9') return bad();
    if (dot) {
      frac /= 10;
      value += (c - '0') * frac;
    } else {
      value = value * 10 + (c - '0');
    }
  }
  auto ms = static_cast<std::int64_t>(value * scale + 0.5);
  if (ms <= 0) return bad();
  return std::chrono::milliseconds{ms};
}

std::string formatDuration(std::chrono::seconds d) {
  std::int64_t s = d.count();
  std::string sign;
  if (s < 0) {
    sign = "-";
    s = -s;
  }
  constexpr std::int64_t kDay = 86400;
  if (s >= kDay && s % kDay == 0) {
    if (s >= 14 * kDay && s % (7 * kDay) == 0) return sign + std::to_string(s / (7 * kDay)) + "w";
    return sign + std::to_string(s / kDay) + "d";
  }
  if (s >= 2 * kDay) {
    std::int64_t days = s / kDay;
    std::int64_t hours = (s % kDay) / 3600;
    return sign + std::to_string(days) + "d" + (hours ? std::to_string(hours) + "h" : "");
  }
  if (s >= 3600) {
    std::int64_t hours = s / 3600;
    std::int64_t minutes = (s % 3600) / 60;
    return sign + std::to_string(hours) + "h" + (minutes ? std::to_string(minutes) + "m" : "");
  }
  if (s >= 60) {
    std::int64_t minutes = s / 60;
    std::int64_t seconds = s % 60;
    return sign + std::to_string(minutes) + "m" + (seconds ? std::to_string(seconds) + "s" : "");
  }
  return sign + std::to_string(s) + "s";
}

std::string formatSeconds(double seconds, int decimals) {
  return fmt::format("{:.{}f}s", seconds, decimals);
}

}  // namespace pft::monitoring
