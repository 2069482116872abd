#include "app.hpp"

#include <malloc.h>
#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <exception>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "ics.hpp"
#include "pft/core/json.hpp"
#include "pft/core/text.hpp"
#include "problem.hpp"
#include "query.hpp"
#include "routes.hpp"

namespace pft::api {
namespace {

std::shared_ptr<spdlog::logger> apiLogger() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (!spdlog::get("api")) spdlog::stderr_color_mt("api");
  });
  auto log = spdlog::get("api");
  return log ? log : spdlog::default_logger();
}

std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 1469598103934665603ULL) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string gzipCompress(const std::string& in) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(in.size())) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  std::size_t produced = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return {};
  out.resize(produced);
  return out;
}

// True when Accept-Encoding admits gzip (a "gzip" or "*" token without q=0).
bool acceptsGzip(std::optional<std::string_view> header) {
  if (!header) return false;
  std::string_view h = *header;
  while (!h.empty()) {
    auto comma = h.find(',');
    std::string_view item = text::trim(h.substr(0, comma));
    h = comma == std::string_view::npos ? std::string_view{} : h.substr(comma + 1);
    auto semi = item.find(';');
    std::string_view token = text::trim(item.substr(0, semi));
    if (token != "gzip" && token != "x-gzip" && token != "*") continue;
    if (semi != std::string_view::npos) {
      std::string params = text::foldKey(item.substr(semi + 1));  // "q 0" / "q 0 000" / "q 0 5"
      if (params.rfind("q 0", 0) == 0 && params.find_first_not_of("q0 ") == std::string::npos) return false;
    }
    return true;
  }
  return false;
}

// If-None-Match: "*" or a list of entity tags (weak ones compared weakly).
bool etagMatches(std::optional<std::string_view> header, std::string_view etag) {
  if (!header) return false;
  std::string_view h = *header;
  if (text::trim(h) == "*") return true;
  while (!h.empty()) {
    auto comma = h.find(',');
    std::string_view tag = text::trim(h.substr(0, comma));
    h = comma == std::string_view::npos ? std::string_view{} : h.substr(comma + 1);
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == etag) return true;
  }
  return false;
}

std::string gzipEtag(const std::string& etag) {
  // "abc" -> "abc-gz": a different representation needs a different strong tag.
  return etag.substr(0, etag.size() - 1) + "-gz\"";
}

std::optional<std::int64_t> parseId(std::string_view s) {
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || ptr != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

Problem badId(const std::string& what, const std::string& id) {
  return Problem{400, "invalid_id", fmt::format("{} id '{}' is not a positive whole number", what, id), "id"};
}

std::string renderTournamentArray(const Snapshot& s, const std::vector<std::size_t>& items) {
  nlohmann::json arr = nlohmann::json::array();
  for (std::size_t i : items) arr.push_back(tournamentToJson(withVenue(s, i)));
  return arr.dump();
}

}  // namespace

ApiApp::ApiApp(store::Store& store, const Clock& clock, PipelineRunner* runner, const ServerOptions& options)
    : store_(store),
      clock_(clock),
      runner_(runner),
      options_(options),
      auth_(options.admin_username, options.admin_password, options.auth_max_failures, options.auth_failure_window,
            options.auth_block),
      openapi_(openApiDocument()) {
  std::string_view origins = options_.cors_origins;
  while (!origins.empty()) {
    auto comma = origins.find(',');
    std::string_view o = text::trim(origins.substr(0, comma));
    origins = comma == std::string_view::npos ? std::string_view{} : origins.substr(comma + 1);
    if (o == "*") cors_any_ = true;
    else if (!o.empty()) cors_origins_.emplace_back(o);
  }
  if (options_.access_log) {
    auto log = apiLogger();
    if (log->level() > spdlog::level::info) log->set_level(spdlog::level::info);
  }
}

ApiApp::~ApiApp() { stopBackground(); }

std::shared_ptr<const Snapshot> ApiApp::snapshot() const {
  std::lock_guard lock(snap_mutex_);
  return snap_;
}

Result<void> ApiApp::init() {
  auto r = refresh(true);
  if (!r) return r;
  pollOnce();
  return ok();
}

Result<void> ApiApp::refresh(bool force) {
  std::lock_guard reload(reload_mutex_);
  auto version = store_.dataVersion();
  if (!version) {
    std::lock_guard lock(db_mutex_);
    db_.up = false;
    db_.reason = version.error().describe();
    return version.error();
  }
  {
    std::lock_guard lock(db_mutex_);
    db_.up = true;
    db_.reason.clear();
  }
  auto current = snapshot();
  if (!force && current && current->data_version == *version) return ok();
  auto loaded = loadSnapshot(store_, clock_.now(), options_.cache_max_bytes);
  if (!loaded) {
    std::lock_guard lock(db_mutex_);
    db_.up = false;
    db_.reason = loaded.error().describe();
    return loaded.error();
  }
  std::shared_ptr<const Snapshot> next = std::move(*loaded);
  apiLogger()->info("event=snapshot_loaded data_version={} tournaments={} venues={}", next->data_version,
                    next->tournaments.size(), next->venues.size());
  {
    std::lock_guard lock(snap_mutex_);
    snap_.swap(next);
  }
  next.reset();  // the previous snapshot (unless a request still holds it)
  ::malloc_trim(0);  // hand the freed pages back: a reload must not ratchet RSS up
  return ok();
}

void ApiApp::pollOnce() {
  auto r = refresh(false);
  if (!r) {
    apiLogger()->warn("event=db_unreachable error=\"{}\"", r.error().describe());
    return;
  }
  auto runs = store_.listRuns(20);
  if (!runs) return;
  for (const auto& run : *runs) {
    if ((run.status == "ok" || run.status == "partial") && run.finished_at) {
      std::lock_guard lock(db_mutex_);
      if (!db_.last_ingest || *db_.last_ingest < *run.finished_at) db_.last_ingest = *run.finished_at;
      break;
    }
  }
}

void ApiApp::startBackground() {
  std::lock_guard lock(poll_mutex_);
  if (poller_.joinable()) return;
  stopping_ = false;
  poller_ = std::thread([this] { pollLoop(); });
}

void ApiApp::pollLoop() {
  std::unique_lock lock(poll_mutex_);
  while (!stopping_) {
    poll_cv_.wait_for(lock, options_.poll_interval, [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    try {
      pollOnce();
    } catch (const std::exception& e) {
      apiLogger()->error("event=poll_failed error=\"{}\"", e.what());
    }
    lock.lock();
  }
}

void ApiApp::stopBackground() {
  {
    std::lock_guard lock(poll_mutex_);
    stopping_ = true;
  }
  poll_cv_.notify_all();
  if (poller_.joinable()) poller_.join();
  std::vector<std::thread> jobs;
  {
    std::lock_guard lock(jobs_mutex_);
    jobs.swap(jobs_);
  }
  for (auto& t : jobs) {
    if (t.joinable()) t.join();
  }
}

void ApiApp::handle(HttpRequestIn req, Responder respond) noexcept {
  auto t0 = std::chrono::steady_clock::now();
  ++in_flight_;
  // The responder given to handlers decorates the response (CORS, metrics,
  // access log) and releases the in-flight count exactly once.
  auto shared_req = std::make_shared<HttpRequestIn>(std::move(req));
  Responder wrapped = [this, shared_req, t0, respond = std::move(respond)](HttpResponseOut r) {
    finish(*shared_req, std::move(r), t0, respond);
  };
  try {
    dispatch(*shared_req, wrapped);
  } catch (const std::exception& e) {
    auto id = ++request_counter_;
    apiLogger()->error("event=handler_exception request_id=req-{} path={} error=\"{}\"", id, shared_req->path,
                       e.what());
    try {
      wrapped(problemResponse({500, "internal_error", fmt::format("internal error (request id req-{})", id), ""}));
    } catch (...) {
    }
  } catch (...) {
    auto id = ++request_counter_;
    apiLogger()->error("event=handler_exception request_id=req-{} path={} error=unknown", id, shared_req->path);
    try {
      wrapped(problemResponse({500, "internal_error", fmt::format("internal error (request id req-{})", id), ""}));
    } catch (...) {
    }
  }
}

void ApiApp::finish(const HttpRequestIn& req, HttpResponseOut r, std::chrono::steady_clock::time_point t0,
                    const Responder& respond) {
  bool is_admin = r.route.rfind("/admin", 0) == 0;
  if (!is_admin && (req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS")) {
    auto origin = req.header("origin");
    std::string allow;
    if (cors_any_) {
      allow = "*";
    } else if (origin) {
      for (const auto& o : cors_origins_) {
        if (o == *origin) allow = o;
      }
      r.headers.emplace_back("Vary", "Origin");
    }
    if (!allow.empty()) {
      r.headers.emplace_back("Access-Control-Allow-Origin", allow);
      r.headers.emplace_back("Access-Control-Expose-Headers", "ETag, Link, X-Total-Count");
      if (req.method == "OPTIONS") {
        r.headers.emplace_back("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
        r.headers.emplace_back("Access-Control-Allow-Headers", "Accept, If-None-Match, Content-Type");
        r.headers.emplace_back("Access-Control-Max-Age", "600");
      }
    }
  }
  if (req.method == "HEAD") r.head_only = true;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  metrics_.record(r.route, r.status, seconds);
  if (options_.access_log) {
    auto ua = req.header("user-agent");
    apiLogger()->info("method={} path={} query=\"{}\" route={} status={} bytes={} ms={:.3f} remote={} ua=\"{}\"",
                      req.method, req.path, req.query, r.route, r.status, r.body && !r.head_only ? r.body->size() : 0,
                      seconds * 1000, req.remote_address, ua ? std::string{*ua} : std::string{});
  }
  --in_flight_;
  respond(std::move(r));
}

std::string ApiApp::rawKey(const HttpRequestIn& req, std::size_t epoch) {
  std::string key;
  key.reserve(req.path.size() + req.query.size() + 24);
  key += "R|";
  key += req.path;
  key += '?';
  key += req.query;
  key += '|';
  key += std::to_string(epoch);
  return key;
}

void ApiApp::remember(const Snapshot& snap, const HttpRequestIn& req, Instant now,
                      const std::shared_ptr<const CachedResponse>& c) const {
  snap.cache->put(rawKey(req, snap.epoch(now)), c);
}

void ApiApp::dispatch(const HttpRequestIn& req, const Responder& respond) {
  if (req.method == "GET" || req.method == "HEAD") {
    auto snap = snapshot();
    if (snap) {
      if (auto c = snap->cache->find(rawKey(req, snap->epoch(clock_.now())))) {
        HttpResponseOut r = fromCached(*c, req);
        r.route = c->route;
        respond(std::move(r));
        return;
      }
    }
  }
  auto matches = matchPath(req.path);
  if (matches.empty()) {
    respond(problemResponse({404, "not_found", fmt::format("no endpoint at {}; see /openapi.json", req.path), ""}));
    return;
  }
  std::vector<std::string> allowed;
  const RouteMatch* chosen = nullptr;
  for (const auto& m : matches) {
    const std::string& rm = m.route->method;
    if (std::find(allowed.begin(), allowed.end(), rm) == allowed.end()) allowed.push_back(rm);
    if (rm == "GET" && std::find(allowed.begin(), allowed.end(), "HEAD") == allowed.end()) allowed.push_back("HEAD");
    bool method_ok = rm == req.method || (rm == "GET" && req.method == "HEAD");
    if (method_ok && !chosen) chosen = &m;
  }
  allowed.push_back("OPTIONS");
  std::string allow_header;
  for (const auto& a : allowed) allow_header += (allow_header.empty() ? "" : ", ") + a;
  if (req.method == "OPTIONS") {
    HttpResponseOut r;
    r.status = 204;
    r.route = matches.front().route->pattern;
    r.headers.emplace_back("Allow", allow_header);
    respond(std::move(r));
    return;
  }
  if (!chosen) {
    auto r = problemResponse({405, "method_not_allowed",
                              fmt::format("{} is not allowed on {}; allowed: {}", req.method, req.path, allow_header),
                              ""});
    r.route = matches.front().route->pattern;
    r.headers.emplace_back("Allow", allow_header);
    respond(std::move(r));
    return;
  }
  const RouteSpec& route = *chosen->route;
  auto param = [&](const char* name) {
    auto it = chosen->path_params.find(name);
    return it == chosen->path_params.end() ? std::string{} : it->second;
  };
  HttpResponseOut r;
  switch (route.id) {
    case RouteId::kHealth: r = health(req); break;
    case RouteId::kTournaments: r = tournaments(req, false); break;
    case RouteId::kTournamentsIcs: r = tournaments(req, true); break;
    case RouteId::kTournament: r = tournament(req, param("id"), false); break;
    case RouteId::kTournamentIcs: r = tournament(req, param("id"), true); break;
    case RouteId::kVenues: r = venues(req); break;
    case RouteId::kVenue: r = venue(req, param("id")); break;
    case RouteId::kOpenApi: r = openApi(req); break;
    case RouteId::kMetrics: r = metrics(req); break;
    case RouteId::kAdminIngest: {
      if (auto denied = authorize(req)) {
        denied->route = route.pattern;
        respond(std::move(*denied));
        return;
      }
      std::string pattern = route.pattern;
      adminIngest(req, [respond, pattern](HttpResponseOut out) {
        out.route = pattern;
        respond(std::move(out));
      });
      return;
    }
    case RouteId::kAdminRuns:
    case RouteId::kAdminRun:
      if (auto denied = authorize(req)) {
        r = std::move(*denied);
      } else {
        r = route.id == RouteId::kAdminRuns ? adminRuns(req) : adminRun(req, param("id"));
      }
      break;
  }
  r.route = route.pattern;
  respond(std::move(r));
}

HttpResponseOut ApiApp::fromCached(const CachedResponse& c, const HttpRequestIn& req) const {
  HttpResponseOut r;
  r.status = c.status;
  r.content_type = c.content_type;
  r.headers = c.headers;
  r.headers.emplace_back("Vary", "Accept-Encoding");
  bool has_cache_control = std::any_of(r.headers.begin(), r.headers.end(),
                                       [](const auto& h) { return h.first == "Cache-Control"; });
  if (!has_cache_control) r.headers.emplace_back("Cache-Control", "no-cache");
  bool gzip = c.body && c.body->size() >= 256 && acceptsGzip(req.header("accept-encoding"));
  std::string etag = gzip ? gzipEtag(c.etag) : c.etag;
  r.headers.emplace_back("ETag", etag);
  auto inm = req.header("if-none-match");
  if (c.status == 200 && (etagMatches(inm, etag) || etagMatches(inm, c.etag))) {
    r.status = 304;
    r.body = nullptr;
    r.content_type.clear();
    return r;
  }
  if (gzip) {
    std::call_once(c.gzip_once, [&c] {
      std::string z = gzipCompress(*c.body);
      if (!z.empty()) c.gzip_body = std::make_shared<const std::string>(std::move(z));
    });
    if (c.gzip_body) {
      r.body = c.gzip_body;
      r.headers.emplace_back("Content-Encoding", "gzip");
      return r;
    }
    r.headers.back().second = c.etag;  // compression failed: identity
  }
  r.body = c.body;
  return r;
}

HttpResponseOut ApiApp::fresh(int status, std::string content_type, std::string body, const HttpRequestIn& req,
                              const char* cache_control) const {
  CachedResponse c;
  c.status = status;
  c.headers.emplace_back("Cache-Control", cache_control);
  c.content_type = std::move(content_type);
  c.etag = fmt::format("\"b{:016x}\"", fnv1a(body));
  c.body = makeBody(std::move(body));
  return fromCached(c, req);
}

HttpResponseOut ApiApp::health(const HttpRequestIn& req) {
  auto snap = snapshot();
  Instant now = clock_.now();
  DbState db;
  {
    std::lock_guard lock(db_mutex_);
    db = db_;
  }
  nlohmann::json j;
  j["status"] = db.up ? "ok" : "degraded";
  j["timestamp"] = formatUtcIso(now);
  j["database"] = db.up ? "ok" : "unreachable";
  if (!db.up) j["reason"] = db.reason;
  j["tournaments_upcoming"] = snap ? static_cast<std::int64_t>(snap->upcomingCount(now)) : 0;
  j["last_ingest"] = db.last_ingest ? nlohmann::json(formatUtcIso(*db.last_ingest)) : nlohmann::json(nullptr);
  j["data_version"] = snap ? snap->data_version : 0;
  j["snapshot_loaded_at"] = snap ? nlohmann::json(formatUtcIso(snap->loaded_at)) : nlohmann::json(nullptr);
  return fresh(db.up ? 200 : 503, "application/json", j.dump(), req, "no-store");
}

HttpResponseOut ApiApp::tournaments(const HttpRequestIn& req, bool ics) {
  auto snap = snapshot();
  Instant now = clock_.now();
  ListLimits limits;
  if (ics) {
    limits.default_limit = 1000;
    limits.max_limit = 5000;
  }
  limits.data_variants = &snap->variants;
  auto parsed = parseTournamentQuery(parseQueryString(req.query), limits);
  if (auto* p = std::get_if<Problem>(&parsed)) return problemResponse(*p);
  const TournamentQuery& q = std::get<TournamentQuery>(parsed);

  std::string key = fmt::format("{}|{}|{}", ics ? "I" : "T", q.canonical(), q.include_past ? 0 : snap->epoch(now));
  if (auto c = snap->cache->find(key)) {
    remember(*snap, req, clock_.now(), c);
    return fromCached(*c, req);
  }

  // include_past reads the store (the snapshot holds unfinished ones only);
  // the store narrows by the filters it shares exactly, the rest run here.
  std::shared_ptr<const Snapshot> source = snap;
  if (q.include_past) {
    TournamentFilter f;
    f.include_past = true;
    f.now = now;
    f.date_from = q.date_from;
    f.date_to = q.date_to;
    f.buy_in_min = q.buy_in_min;
    f.buy_in_max = q.buy_in_max;
    f.variant = q.variant;
    f.status = q.status;
    f.venue_id = q.venue_id;
    f.limit = -1;
    auto rows = store_.queryTournaments(f);
    if (!rows) {
      return problemResponse({503, "database_unavailable",
                              "include_past=true reads the database, which is unreachable; retry later or drop "
                              "include_past",
                              "include_past"});
    }
    auto past = std::make_shared<Snapshot>();
    past->data_version = snap->data_version;
    past->venues = snap->venues;
    past->tournaments = std::move(*rows);
    indexSnapshot(*past);
    source = past;
  }
  ListResult list = listTournaments(*source, q, now);

  auto c = std::make_shared<CachedResponse>();
  c->status = 200;
  c->etag = fmt::format("\"v{}-e{}-{:016x}\"", snap->data_version, q.include_past ? 0 : snap->epoch(now), fnv1a(key));
  c->headers.emplace_back("X-Total-Count", std::to_string(list.total));
  if (list.next) {
    std::string filters = q.canonicalFilters();
    std::string link = fmt::format("<{}?{}{}limit={}&cursor={}>; rel=\"next\"", ics ? "/tournaments.ics" : "/tournaments",
                                   filters, filters.empty() ? "" : "&", q.limit, encodeCursor(*list.next));
    c->headers.emplace_back("Link", link);
  }
  c->route = ics ? "/tournaments.ics" : "/tournaments";
  if (ics) {
    std::vector<Tournament> full;
    full.reserve(list.items.size());
    for (std::size_t i : list.items) full.push_back(withVenue(*source, i));
    std::vector<const Tournament*> items;
    items.reserve(full.size());
    for (const auto& t : full) items.push_back(&t);
    c->content_type = "text/calendar; charset=utf-8";
    c->body = makeBody(renderIcs(items, source->loaded_at, "Tournois de poker en France", options_.site_url));
  } else {
    c->content_type = "application/json";
    c->body = makeBody(renderTournamentArray(*source, list.items));
  }
  snap->cache->put(key, c);
  remember(*snap, req, now, c);
  return fromCached(*c, req);
}

HttpResponseOut ApiApp::tournament(const HttpRequestIn& req, const std::string& id_text, bool ics) {
  auto id = parseId(id_text);
  if (!id) return problemResponse(badId("Tournament", id_text));
  auto snap = snapshot();
  std::string key = fmt::format("{}|{}", ics ? "i" : "t", *id);
  if (auto c = snap->cache->find(key)) {
    remember(*snap, req, clock_.now(), c);
    return fromCached(*c, req);
  }

  std::optional<Tournament> found;
  auto it = snap->tournament_index.find(*id);
  if (it != snap->tournament_index.end()) {
    found = withVenue(*snap, it->second);
  } else {
    // Finished tournaments are not in the snapshot: ask the store.
    auto row = store_.getTournament(*id);
    if (!row) {
      return problemResponse({503, "database_unavailable",
                              "this tournament is not in the served snapshot and the database is unreachable", "id"});
    }
    found = std::move(*row);
  }
  if (!found) return problemResponse({404, "not_found", "Tournament not found", "id"});

  auto c = std::make_shared<CachedResponse>();
  c->status = 200;
  c->etag = fmt::format("\"v{}-{:016x}\"", snap->data_version, fnv1a(key));
  c->route = ics ? "/tournaments/{id}.ics" : "/tournaments/{id}";
  if (ics) {
    c->content_type = "text/calendar; charset=utf-8";
    c->body = makeBody(renderIcs({&*found}, snap->loaded_at, found->title, options_.site_url));
  } else {
    nlohmann::json j;
    j["tournament"] = tournamentToJson(*found);
    j["json_ld"] = tournamentJsonLd(*found, options_.site_url);
    c->content_type = "application/json";
    c->body = makeBody(j.dump());
  }
  snap->cache->put(key, c);
  remember(*snap, req, clock_.now(), c);
  return fromCached(*c, req);
}

HttpResponseOut ApiApp::venues(const HttpRequestIn& req) {
  auto snap = snapshot();
  const std::string key = "V";
  if (auto c = snap->cache->find(key)) {
    remember(*snap, req, clock_.now(), c);
    return fromCached(*c, req);
  }
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& v : snap->venues) arr.push_back(venueToJson(v));
  auto c = std::make_shared<CachedResponse>();
  c->status = 200;
  c->content_type = "application/json";
  c->etag = fmt::format("\"v{}-venues\"", snap->data_version);
  c->headers.emplace_back("X-Total-Count", std::to_string(snap->venues.size()));
  c->body = makeBody(arr.dump());
  c->route = "/venues";
  snap->cache->put(key, c);
  remember(*snap, req, clock_.now(), c);
  return fromCached(*c, req);
}

HttpResponseOut ApiApp::venue(const HttpRequestIn& req, const std::string& id_text) {
  auto id = parseId(id_text);
  if (!id) return problemResponse(badId("Venue", id_text));
  auto snap = snapshot();
  Instant now = clock_.now();
  std::string key = fmt::format("v|{}|{}", *id, snap->epoch(now));
  if (auto c = snap->cache->find(key)) {
    remember(*snap, req, clock_.now(), c);
    return fromCached(*c, req);
  }
  auto it = snap->venue_index.find(*id);
  if (it == snap->venue_index.end()) return problemResponse({404, "not_found", "Venue not found", "id"});
  TournamentQuery q;
  q.venue_id = *id;
  q.limit = 1000;
  ListResult list = listTournaments(*snap, q, now);
  nlohmann::json j;
  j["venue"] = venueToJson(snap->venues[it->second]);
  nlohmann::json arr = nlohmann::json::array();
  for (std::size_t i : list.items) arr.push_back(tournamentToJson(withVenue(*snap, i)));
  j["upcoming_tournaments"] = std::move(arr);
  auto c = std::make_shared<CachedResponse>();
  c->status = 200;
  c->content_type = "application/json";
  c->etag = fmt::format("\"v{}-e{}-{:016x}\"", snap->data_version, snap->epoch(now), fnv1a(key));
  c->body = makeBody(j.dump());
  c->route = "/venues/{id}";
  snap->cache->put(key, c);
  remember(*snap, req, now, c);
  return fromCached(*c, req);
}

HttpResponseOut ApiApp::openApi(const HttpRequestIn& req) { return fresh(200, "application/json", openapi_, req); }

HttpResponseOut ApiApp::metrics(const HttpRequestIn&) {
  auto snap = snapshot();
  Instant now = clock_.now();
  Gauges g;
  {
    std::lock_guard lock(db_mutex_);
    g.database_up = db_.up;
    if (db_.last_ingest) g.last_successful_ingest_seconds = static_cast<double>(db_.last_ingest->time_since_epoch().count());
  }
  g.tournaments_upcoming = snap ? static_cast<std::int64_t>(snap->upcomingCount(now)) : 0;
  g.snapshot_data_version = snap ? snap->data_version : 0;
  g.snapshot_loaded_seconds = snap ? static_cast<double>(snap->loaded_at.time_since_epoch().count()) : 0;
  g.in_flight = in_flight_.load();
  HttpResponseOut r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = makeBody(metrics_.render(g));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

std::optional<HttpResponseOut> ApiApp::authorize(const HttpRequestIn& req) {
  AuthResult a = auth_.check(req.header("authorization"), req.remote_address, std::chrono::steady_clock::now());
  switch (a.outcome) {
    case AuthOutcome::kOk: return std::nullopt;
    case AuthOutcome::kDisabled:
      return problemResponse({503, "admin_disabled",
                              "admin endpoints are disabled: set ADMIN_PASSWORD (and ADMIN_USERNAME) to enable them",
                              ""});
    case AuthOutcome::kBlocked: {
      auto r = problemResponse({429, "too_many_attempts",
                                fmt::format("too many failed logins from this address; retry in {} s",
                                            a.retry_after.count()),
                                ""});
      r.headers.emplace_back("Retry-After", std::to_string(a.retry_after.count()));
      return r;
    }
    case AuthOutcome::kMissing:
    case AuthOutcome::kWrong: {
      auto r = problemResponse({401, "unauthorized",
                                a.outcome == AuthOutcome::kMissing ? "HTTP basic credentials are required"
                                                                   : "wrong admin username or password",
                                ""});
      r.headers.emplace_back("WWW-Authenticate", "Basic realm=\"pft admin\", charset=\"UTF-8\"");
      return r;
    }
  }
  return std::nullopt;
}

void ApiApp::adminIngest(const HttpRequestIn& req, const Responder& respond) {
  auto params = parseQueryString(req.query);
  bool wait = false;
  if (auto it = params.find("wait"); it != params.end()) {
    std::string v = text::foldKey(it->second);
    if (v == "true" || v == "1" || v == "yes") wait = true;
    else if (v == "false" || v == "0" || v == "no" || v.empty()) wait = false;
    else {
      respond(problemResponse({400, "invalid_boolean", fmt::format("wait '{}' is not true or false", it->second), "wait"}));
      return;
    }
  }
  if (!runner_) {
    respond(problemResponse({503, "pipeline_unavailable",
                             "this server was started without a pipeline runner; run `pft run` instead", ""}));
    return;
  }
  auto conflict = [](std::optional<std::int64_t> running_id, const std::string& message) {
    auto r = problemResponse({409, "run_in_progress",
                              running_id ? fmt::format("run {} is in progress; retry when it has finished", *running_id)
                                         : fmt::format("another run is in progress: {}", message),
                              ""});
    if (running_id) {
      auto j = nlohmann::json::parse(*r.body);
      j["running_id"] = *running_id;
      r.body = makeBody(j.dump());
      r.headers.emplace_back("Location", fmt::format("/admin/runs/{}", *running_id));
    }
    return r;
  };
  std::lock_guard lock(jobs_mutex_);
  if (local_run_active_) {
    respond(conflict(local_running_, "started by this server"));
    return;
  }
  local_run_active_ = true;
  local_running_.reset();
  // The run happens on its own thread; the response is sent from there as
  // soon as the run id is known (202) or the run ends (wait=true, errors).
  auto responded = std::make_shared<std::atomic<bool>>(false);
  jobs_.emplace_back([this, wait, respond, responded, conflict] {
    auto reply = [&](HttpResponseOut r) {
      if (!responded->exchange(true)) respond(std::move(r));
    };
    Result<IngestRun> result = makeError(ErrorCode::kInternal, "not run");
    try {
      result = runner_->runPipeline("admin", [&](std::int64_t run_id) {
        {
          std::lock_guard l(jobs_mutex_);
          local_running_ = run_id;
        }
        if (!wait) {
          HttpResponseOut r;
          r.status = 202;
          r.body = makeBody(nlohmann::json{{"status", "accepted"},
                                           {"run_id", run_id},
                                           {"id", run_id},
                                           {"location", fmt::format("/admin/runs/{}", run_id)},
                                           {"message", "ingestion started"}}
                                .dump());
          r.headers.emplace_back("Location", fmt::format("/admin/runs/{}", run_id));
          reply(std::move(r));
        }
      });
    } catch (const std::exception& e) {
      result = makeError(ErrorCode::kInternal, e.what());
    }
    {
      std::lock_guard l(jobs_mutex_);
      local_run_active_ = false;
      local_running_.reset();
    }
    if (!result) {
      const Error& e = result.error();
      if (e.code == ErrorCode::kConflict) {
        std::optional<std::int64_t> running;
        if (auto runs = store_.listRuns(20)) {
          for (const auto& run : *runs) {
            if (run.status == "running") {
              running = run.id;
              break;
            }
          }
        }
        reply(conflict(running, e.message));
      } else {
        apiLogger()->error("event=admin_run_failed error=\"{}\"", e.describe());
        reply(problemResponse({503, "run_failed", "the run could not start: " + e.describe(), ""}));
      }
      return;
    }
    auto refreshed = refresh(false);
    if (!refreshed) apiLogger()->warn("event=refresh_after_run_failed error=\"{}\"", refreshed.error().describe());
    nlohmann::json j = ingestRunToJson(*result);
    j["message"] = fmt::format("run {} finished: {}", result->id, result->status);
    HttpResponseOut r;
    r.status = 200;
    r.body = makeBody(j.dump());
    r.headers.emplace_back("Location", fmt::format("/admin/runs/{}", result->id));
    reply(std::move(r));
  });
}

HttpResponseOut ApiApp::adminRuns(const HttpRequestIn& req) {
  auto params = parseQueryString(req.query);
  int limit = 20;
  if (auto it = params.find("limit"); it != params.end() && !it->second.empty()) {
    auto n = parseId(it->second);
    if (!n || *n > 200) {
      return problemResponse({400, "out_of_range", fmt::format("limit must be between 1 and 200, got '{}'", it->second),
                              "limit"});
    }
    limit = static_cast<int>(*n);
  }
  auto runs = store_.listRuns(limit);
  if (!runs) return problemResponse({503, "database_unavailable", "the database is unreachable: " + runs.error().describe(), ""});
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& r : *runs) arr.push_back(ingestRunToJson(r));
  return fresh(200, "application/json", arr.dump(), req, "no-store");
}

HttpResponseOut ApiApp::adminRun(const HttpRequestIn& req, const std::string& id_text) {
  auto id = parseId(id_text);
  if (!id) return problemResponse(badId("Run", id_text));
  auto run = store_.getRun(*id);
  if (!run) return problemResponse({503, "database_unavailable", "the database is unreachable: " + run.error().describe(), ""});
  if (!*run) return problemResponse({404, "not_found", "Run not found", "id"});
  return fresh(200, "application/json", ingestRunToJson(**run).dump(), req, "no-store");
}

}  // namespace pft::api
