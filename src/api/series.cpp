// GET /series and GET /series/{id}: the series the read model derives from
// its snapshot (readmodel/series.hpp), and "series_id" on tournaments.

#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api.hpp"
#include "pft/core/json.hpp"
#include "pft/core/text.hpp"
#include "pft/core/url.hpp"

namespace pft::api {
namespace {

std::string isoDay(std::int64_t days_since_epoch) {
  std::chrono::year_month_day d{std::chrono::sys_days{std::chrono::days{days_since_epoch}}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                     static_cast<unsigned>(d.day()));
}

// A positive whole number from the query, within [lo, hi]; a problem otherwise.
std::optional<http::Problem> readCount(const QueryParams& params, const std::string& name, std::int64_t lo,
                                       std::int64_t hi, std::int64_t& out) {
  auto it = params.find(name);
  if (it == params.end() || text::trim(it->second).empty()) return std::nullopt;
  std::string_view v = text::trim(it->second);
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc{} || ptr != v.data() + v.size()) {
    return http::Problem{400, "invalid_integer",
                         fmt::format("{} '{}' is not a whole number", name, text::clipForEcho(it->second)), name};
  }
  if (n < lo || n > hi) {
    return http::Problem{400, "out_of_range", fmt::format("{} must be between {} and {}, got {}", name, lo, hi, n),
                         name};
  }
  out = n;
  return std::nullopt;
}

}  // namespace

nlohmann::json tournamentWithSeries(const readmodel::Snapshot& s, std::size_t i) {
  nlohmann::json j = tournamentToJson(withVenue(s, i));
  auto sid = readmodel::seriesIdOf(s, i);
  j["series_id"] = sid ? nlohmann::json(*sid) : nlohmann::json(nullptr);
  return j;
}

void addSeriesId(nlohmann::json& j, const readmodel::Snapshot& s, std::int64_t tournament_id) {
  auto it = s.tournament_index.find(tournament_id);
  std::optional<std::int64_t> sid = it == s.tournament_index.end() ? std::nullopt : readmodel::seriesIdOf(s, it->second);
  j["series_id"] = sid ? nlohmann::json(*sid) : nlohmann::json(nullptr);
}

nlohmann::json seriesToJson(const readmodel::Snapshot& s, std::size_t k, Instant now, const std::string& site_url) {
  const readmodel::Series& se = s.series[k];
  nlohmann::json j;
  j["id"] = se.id;
  j["name"] = se.name;
  std::string slug = text::slugify(se.name);
  j["slug"] = slug;
  auto vi = s.venue_index.find(se.venue_id);
  j["venue"] = vi == s.venue_index.end() ? nlohmann::json(nullptr) : venueToJson(s.venues[vi->second]);
  j["first_day"] = isoDay(se.first_day);
  j["last_day"] = isoDay(se.last_day);
  nlohmann::json ids = nlohmann::json::array();
  for (std::size_t m : se.members) {
    if (s.finish[m] >= now) ids.push_back(s.tournaments[m].id);
  }
  j["tournament_count"] = ids.size();
  j["tournament_ids"] = std::move(ids);
  j["url"] = fmt::format("{}/festivals/{}{}{}", site_url, se.id, slug.empty() ? "" : "-", slug);
  j["ics_url"] = fmt::format("/tournaments.ics?series_id={}", se.id);
  return j;
}

http::Response Api::seriesList(const http::Request& req, const http::PathParams&) {
  auto params = parseQueryString(req.query);
  std::int64_t limit = 20, offset = 0;
  if (auto p = readCount(params, "limit", 1, 100, limit)) return http::problemResponse(*p);
  if (auto p = readCount(params, "offset", 0, 1000000000, offset)) return http::problemResponse(*p);
  auto snap = model_.current();
  Instant now = clock_.now();
  std::size_t epoch = snap->epoch(now);
  std::string key = fmt::format("S|{}|{}|{}", limit, offset, epoch);
  if (auto c = cache_.find(snap->data_version, key)) return reuse(std::move(c), req);

  std::vector<std::size_t> upcoming = readmodel::upcomingSeries(*snap, now);
  nlohmann::json arr = nlohmann::json::array();
  auto total = static_cast<std::int64_t>(upcoming.size());
  for (std::int64_t k = offset; k < total && k < offset + limit; ++k) {
    arr.push_back(seriesToJson(*snap, upcoming[static_cast<std::size_t>(k)], now, options_.site_url));
  }
  auto c = std::make_shared<http::CachedResponse>();
  c->status = 200;
  c->content_type = "application/json";
  c->etag = fmt::format("\"v{}-e{}-{:016x}\"", snap->data_version, epoch, http::hashText(key));
  c->headers.emplace_back("X-Total-Count", std::to_string(total));
  if (offset + limit < total) {
    c->headers.emplace_back("Link", fmt::format("</series?limit={}&offset={}>; rel=\"next\"", limit, offset + limit));
  }
  c->body = http::makeBody(dumpJson(arr));
  c->route = "/series";
  return keep(*snap, key, std::move(c), req);
}

http::Response Api::seriesOne(const http::Request& req, const http::PathParams& params) {
  const std::string& id_text = params.at("id");
  std::int64_t id = 0;
  auto [ptr, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (ec != std::errc{} || ptr != id_text.data() + id_text.size() || id <= 0) {
    return http::problemResponse(
        {400, "invalid_id", fmt::format("Series id '{}' is not a positive whole number", id_text), "id"});
  }
  auto snap = model_.current();
  Instant now = clock_.now();
  std::size_t epoch = snap->epoch(now);
  std::string key = fmt::format("s|{}|{}", id, epoch);
  if (auto c = cache_.find(snap->data_version, key)) return reuse(std::move(c), req);
  auto it = snap->series_index.find(id);
  if (it == snap->series_index.end()) return http::problemResponse({404, "not_found", "Series not found", "id"});
  nlohmann::json j;
  j["series"] = seriesToJson(*snap, it->second, now, options_.site_url);
  nlohmann::json arr = nlohmann::json::array();
  for (std::size_t m : snap->series[it->second].members) {
    if (snap->finish[m] >= now) arr.push_back(tournamentWithSeries(*snap, m));
  }
  j["tournaments"] = std::move(arr);
  auto c = std::make_shared<http::CachedResponse>();
  c->status = 200;
  c->content_type = "application/json";
  c->etag = fmt::format("\"v{}-e{}-{:016x}\"", snap->data_version, epoch, http::hashText(key));
  c->body = http::makeBody(dumpJson(j));
  c->route = "/series/{id}";
  return keep(*snap, key, std::move(c), req);
}

}  // namespace pft::api
