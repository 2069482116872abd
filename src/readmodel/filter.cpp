#include "pft/readmodel/filter.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

#include <fmt/format.h>

#include "pft/core/text.hpp"
#include "pft/core/variant.hpp"

namespace pft::readmodel {
namespace {

FilterError bad(std::string code, std::string parameter, std::string detail) {
  return FilterError{std::move(code), std::move(detail), std::move(parameter)};
}

// A client's value quoted in an error's detail: valid UTF-8, ~200 characters at most.
std::string echo(std::string_view v) { return text::clipForEcho(v); }

// Strict integer: optional '-', digits only, no overflow.
std::optional<std::int64_t> parseInt(std::string_view s) {
  s = text::trim(s);
  if (s.empty()) return std::nullopt;
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<double> parseDouble(std::string_view s) {
  s = text::trim(s);
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<bool> parseBool(std::string_view s) {
  std::string f = text::foldKey(s);
  if (f == "true" || f == "1" || f == "yes") return true;
  if (f == "false" || f == "0" || f == "no") return false;
  return std::nullopt;
}

// A date ("2026-12-05", Paris day) or a datetime (ISO 8601; no offset = Paris).
// `end_of_day` picks 23:59:59 for a date alone (date_to is inclusive).
std::optional<Instant> parseDateOrDateTime(std::string_view s, bool end_of_day) {
  s = text::trim(s);
  if (s.size() == 10) {
    auto d = parseIsoDate(s);
    if (!d) return std::nullopt;
    LocalSeconds local{std::chrono::seconds{d->time_since_epoch()}};
    if (end_of_day) local += std::chrono::seconds{86399};
    auto t = localToInstant(local, kParisZone);
    if (!t) return std::nullopt;
    return *t;
  }
  auto t = parseIsoInstant(s, kParisZone);
  if (!t) return std::nullopt;
  return *t;
}

std::string formatDouble(double v) { return fmt::format("{:.6f}", v); }

constexpr std::string_view kCursorPrefix = "c1.";

}  // namespace

std::string encodeCursor(const Cursor& c) {
  return fmt::format("{}{}.{}", kCursorPrefix, c.start.time_since_epoch().count(), c.id);
}

std::optional<Cursor> decodeCursor(std::string_view text) {
  if (text.substr(0, kCursorPrefix.size()) != kCursorPrefix) return std::nullopt;
  text.remove_prefix(kCursorPrefix.size());
  auto dot = text.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto start = parseInt(text.substr(0, dot));
  auto id = parseInt(text.substr(dot + 1));
  if (!start || !id || *id < 0) return std::nullopt;
  return Cursor{Instant{std::chrono::seconds{*start}}, *id};
}

std::variant<TournamentFilter, FilterError> parseFilter(const QueryParams& params, const ListLimits& limits) {
  TournamentFilter q;
  q.limit = limits.default_limit;
  auto get = [&](std::string_view name) -> const std::string* {
    auto it = params.find(name);
    return it == params.end() ? nullptr : &it->second;
  };

  for (std::string_view name : {"city", "department", "region", "q"}) {
    if (const auto* v = get(name)) {
      std::string folded = text::foldKey(*v);
      if (folded.empty()) continue;  // "?city=" means no filter, as in the prototype
      if (name == "city") q.city = folded;
      if (name == "department") q.department = folded;
      if (name == "region") q.region = folded;
      if (name == "q") q.q = folded;
    }
  }
  if (const auto* v = get("variant"); v && !text::trim(*v).empty()) {
    auto code = normaliseVariant(*v);
    if (!code && limits.data_variants) {
      std::string folded = text::foldKey(*v);
      for (const auto& d : *limits.data_variants) {
        if (text::foldKey(d) == folded) code = d;
      }
    }
    if (!code) {
      std::string list;
      for (const auto& k : knownVariants()) list += (list.empty() ? "" : ", ") + k;
      return bad("unknown_variant", "variant",
                 fmt::format("variant '{}' is not known; use one of: {}", echo(*v), list));
    }
    q.variant = *code;
  }
  if (const auto* v = get("status"); v && !text::trim(*v).empty()) {
    auto s = parseStatusName(text::foldKey(*v));
    if (!s) {
      return bad(
          "invalid_parameter", "status",
          fmt::format("status '{}' is not known; use scheduled, cancelled, postponed, updated or removed", echo(*v)));
    }
    q.status = *s;
  }
  if (const auto* v = get("date_from"); v && !text::trim(*v).empty()) {
    auto t = parseDateOrDateTime(*v, false);
    if (!t) {
      return bad(
          "invalid_date", "date_from",
          fmt::format("date_from '{}' is not a date (2026-12-05) or a datetime (2026-12-05T20:00:00+01:00)", echo(*v)));
    }
    q.date_from = *t;
  }
  if (const auto* v = get("date_to"); v && !text::trim(*v).empty()) {
    auto t = parseDateOrDateTime(*v, true);
    if (!t) {
      return bad(
          "invalid_date", "date_to",
          fmt::format("date_to '{}' is not a date (2026-12-05) or a datetime (2026-12-05T23:00:00+01:00)", echo(*v)));
    }
    q.date_to = *t;
  }
  if (const auto* v = get("changed_since"); v && !text::trim(*v).empty()) {
    auto t = parseDateOrDateTime(*v, false);
    if (!t) {
      return bad("invalid_date", "changed_since",
                 fmt::format("changed_since '{}' is not a date (2026-12-05, from Paris midnight) or a datetime "
                             "(2026-12-05T20:00:00+01:00)",
                             echo(*v)));
    }
    q.changed_since = *t;
  }
  if (q.date_from && q.date_to && *q.date_from > *q.date_to) {
    return bad("invalid_range", "date_to", "date_to is before date_from");
  }
  for (std::string_view name : {"buy_in_min", "buy_in_max"}) {
    if (const auto* v = get(name); v && !text::trim(*v).empty()) {
      auto n = parseInt(*v);
      if (!n) {
        return bad("invalid_integer", std::string{name},
                   fmt::format("{} '{}' is not a whole number of cents (10000 = 100 €)", name, echo(*v)));
      }
      if (*n < 0 || *n > 100'000'000'00LL) {
        return bad("out_of_range", std::string{name},
                   fmt::format("{} must be between 0 and 10000000000 cents, got {}", name, *n));
      }
      (name == "buy_in_min" ? q.buy_in_min : q.buy_in_max) = *n;
    }
  }
  if (q.buy_in_min && q.buy_in_max && *q.buy_in_min > *q.buy_in_max) {
    return bad("invalid_range", "buy_in_max", "buy_in_max is below buy_in_min");
  }
  if (const auto* v = get("near"); v && !text::trim(*v).empty()) {
    std::string_view s = text::trim(*v);
    auto comma = s.find(',');
    std::optional<double> lat, lon;
    if (comma != std::string_view::npos) {
      lat = parseDouble(s.substr(0, comma));
      lon = parseDouble(s.substr(comma + 1));
    }
    if (!lat || !lon) {
      return bad("invalid_near", "near",
                 fmt::format("near '{}' is not 'latitude,longitude' (e.g. 48.85,2.35)", echo(*v)));
    }
    if (*lat < -90 || *lat > 90 || *lon < -180 || *lon > 180) {
      return bad(
          "invalid_near", "near",
          fmt::format("near '{}' is outside the globe: latitude in [-90, 90], longitude in [-180, 180]", echo(*v)));
    }
    q.near = Near{*lat, *lon, 25};
  }
  if (const auto* v = get("radius_km"); v && !text::trim(*v).empty()) {
    auto r = parseDouble(*v);
    if (!r) return bad("invalid_number", "radius_km", fmt::format("radius_km '{}' is not a number", echo(*v)));
    if (*r <= 0 || *r > 1000) {
      return bad("out_of_range", "radius_km",
                 fmt::format("radius_km must be above 0 and at most 1000, got {}", echo(*v)));
    }
    if (!q.near) return bad("missing_parameter", "near", "radius_km needs near=latitude,longitude");
    q.near->radius_km = *r;
  }
  if (const auto* v = get("venue_id"); v && !text::trim(*v).empty()) {
    auto n = parseInt(*v);
    if (!n || *n <= 0)
      return bad("invalid_integer", "venue_id", fmt::format("venue_id '{}' is not a positive id", echo(*v)));
    q.venue_id = *n;
  }
  if (const auto* v = get("series_id"); v && !text::trim(*v).empty()) {
    auto n = parseInt(*v);
    if (!n || *n <= 0)
      return bad("invalid_integer", "series_id", fmt::format("series_id '{}' is not a positive id", echo(*v)));
    q.series_id = *n;
  }
  if (const auto* v = get("tags")) {
    // Tags are codes ("re-entry", "flight:1A"): compared ignoring case, not folded.
    std::string_view s = *v;
    while (!s.empty()) {
      auto comma = s.find(',');
      std::string tag = text::foldCase(text::trim(s.substr(0, comma)));
      s = comma == std::string_view::npos ? std::string_view{} : s.substr(comma + 1);
      if (!tag.empty()) q.tags.push_back(std::move(tag));
    }
    std::sort(q.tags.begin(), q.tags.end());
    q.tags.erase(std::unique(q.tags.begin(), q.tags.end()), q.tags.end());
  }
  if (const auto* v = get("hide_cancelled"); v && !text::trim(*v).empty()) {
    auto b = parseBool(*v);
    if (!b)
      return bad("invalid_boolean", "hide_cancelled",
                 fmt::format("hide_cancelled '{}' is not true or false", echo(*v)));
    q.hide_cancelled = *b;
  }
  if (const auto* v = get("include_past"); v && !text::trim(*v).empty()) {
    auto b = parseBool(*v);
    if (!b)
      return bad("invalid_boolean", "include_past", fmt::format("include_past '{}' is not true or false", echo(*v)));
    q.include_past = *b;
  }
  if (q.series_id && q.include_past) {
    // Series are derived from the served snapshot of upcoming tournaments.
    return bad("invalid_combination", "series_id",
               "series_id lists a series' upcoming tournaments; drop include_past=true");
  }
  if (const auto* v = get("limit"); v && !text::trim(*v).empty()) {
    auto n = parseInt(*v);
    if (!n) return bad("invalid_integer", "limit", fmt::format("limit '{}' is not a whole number", echo(*v)));
    if (*n < 1 || *n > limits.max_limit) {
      return bad("out_of_range", "limit", fmt::format("limit must be between 1 and {}, got {}", limits.max_limit, *n));
    }
    q.limit = *n;
  }
  if (const auto* v = get("offset"); v && !text::trim(*v).empty()) {
    auto n = parseInt(*v);
    if (!n) return bad("invalid_integer", "offset", fmt::format("offset '{}' is not a whole number", echo(*v)));
    if (*n < 0 || *n > 1'000'000'000) {
      return bad("out_of_range", "offset", fmt::format("offset must be between 0 and 1000000000, got {}", *n));
    }
    q.offset = *n;
  }
  if (const auto* v = get("cursor"); v && !v->empty()) {
    auto c = decodeCursor(*v);
    if (!c) return bad("invalid_cursor", "cursor", "cursor is not one this API gave out; follow the Link header");
    if (q.offset != 0) return bad("invalid_parameter", "offset", "offset and cursor cannot be combined");
    q.cursor = *c;
  }
  return q;
}

std::string canonicalFilters(const TournamentFilter& f) {
  std::vector<std::pair<std::string, std::string>> kv;
  if (f.city) kv.emplace_back("city", *f.city);
  if (f.date_from) kv.emplace_back("date_from", formatUtcIso(*f.date_from));
  if (f.date_to) kv.emplace_back("date_to", formatUtcIso(*f.date_to));
  if (f.changed_since) kv.emplace_back("changed_since", formatUtcIso(*f.changed_since));
  if (f.buy_in_min) kv.emplace_back("buy_in_min", std::to_string(*f.buy_in_min));
  if (f.buy_in_max) kv.emplace_back("buy_in_max", std::to_string(*f.buy_in_max));
  if (f.variant) kv.emplace_back("variant", *f.variant);
  if (f.department) kv.emplace_back("department", *f.department);
  if (f.region) kv.emplace_back("region", *f.region);
  if (f.q) kv.emplace_back("q", *f.q);
  if (f.near) {
    kv.emplace_back("near", formatDouble(f.near->latitude) + "," + formatDouble(f.near->longitude));
    kv.emplace_back("radius_km", formatDouble(f.near->radius_km));
  }
  if (f.venue_id) kv.emplace_back("venue_id", std::to_string(*f.venue_id));
  if (f.series_id) kv.emplace_back("series_id", std::to_string(*f.series_id));
  if (!f.tags.empty()) {
    std::string joined;
    for (const auto& t : f.tags) joined += (joined.empty() ? "" : ",") + t;
    kv.emplace_back("tags", joined);
  }
  if (f.status) kv.emplace_back("status", statusName(*f.status));
  if (f.include_past) kv.emplace_back("include_past", "true");
  if (f.hide_cancelled) kv.emplace_back("hide_cancelled", "true");
  std::sort(kv.begin(), kv.end());
  std::string out;
  for (const auto& [k, v] : kv) {
    if (!out.empty()) out.push_back('&');
    out += k;
    out.push_back('=');
    out += percentEncode(v);
  }
  return out;
}

std::string canonicalQuery(const TournamentFilter& f) {
  std::string out = canonicalFilters(f);
  auto add = [&](std::string_view k, const std::string& v) {
    if (!out.empty()) out.push_back('&');
    out += k;
    out.push_back('=');
    out += v;
  };
  if (f.cursor) add("cursor", encodeCursor(*f.cursor));
  add("limit", std::to_string(f.limit));
  if (f.offset != 0) add("offset", std::to_string(f.offset));
  return out;
}

}  // namespace pft::readmodel
