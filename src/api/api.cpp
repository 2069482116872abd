#include "api.hpp"

#include <charconv>
#include <chrono>
#include <exception>
#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "ics.hpp"
#include "pft/core/json.hpp"
#include "pft/core/text.hpp"
#include "pft/core/time.hpp"
#include "pft/core/url.hpp"
#include "pft/readmodel/filter.hpp"
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

std::optional<std::int64_t> parseId(std::string_view s) {
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || ptr != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

// English detail of a submission field error (the site has its French one).
std::string submissionErrorDetail(const SubmissionFieldError& e) {
  if (e.code == "missing") return e.field + " is required";
  if (e.code == "too_long") return e.field + " is too long";
  if (e.code == "invalid_url") return e.field + " must be an absolute http(s) URL without credentials";
  if (e.code == "invalid_email") return e.field + " is not an e-mail address";
  if (e.code == "invalid_text") return e.field + " holds control characters or no letters";
  return e.field + " is not valid (" + e.code + ")";
}

http::Problem badId(const std::string& what, const std::string& id) {
  return http::Problem{400, "invalid_id",
                       fmt::format("{} id '{}' is not a positive whole number", what, text::clipForEcho(id)), "id"};
}

std::string renderTournamentArray(const readmodel::Snapshot& s, const std::vector<std::size_t>& items) {
  nlohmann::json arr = nlohmann::json::array();
  for (std::size_t i : items) arr.push_back(tournamentWithSeries(s, i));
  return dumpJson(arr);
}

}  // namespace

Api::Api(readmodel::SnapshotHolder& model, store::Store& store, const Clock& clock, PipelineRunner* runner,
         http::ResponseCache& cache, http::Router& router, http::RateLimiter& limiter, const ServerOptions& options)
    : model_(model),
      store_(store),
      clock_(clock),
      runner_(runner),
      cache_(cache),
      router_(router),
      limiter_(limiter),
      options_(options),
      auth_(options.admin_username, options.admin_password, options.auth_max_failures, options.auth_failure_window,
            options.auth_block),
      openapi_(openApiDocument()) {}

Api::~Api() { stopBackground(); }

std::vector<http::Route> Api::routes() {
  std::vector<http::Route> out;
  for (const RouteSpec& spec : routeTable()) {
    http::Route r;
    r.method = spec.method;
    r.pattern = spec.pattern;
    r.cors = !spec.admin;
    if (spec.handle_async) {
      auto fn = spec.handle_async;
      r.handle_async = [this, fn](const http::Request& req, const http::PathParams& p, http::Responder respond) {
        (this->*fn)(req, p, std::move(respond));
      };
    } else {
      auto fn = spec.handle;
      r.handle = [this, fn](const http::Request& req, const http::PathParams& p) { return (this->*fn)(req, p); };
    }
    out.push_back(std::move(r));
  }
  return out;
}

void Api::stopBackground() {
  std::vector<std::thread> jobs;
  {
    std::lock_guard lock(jobs_mutex_);
    jobs.swap(jobs_);
  }
  for (auto& t : jobs) {
    if (t.joinable()) t.join();
  }
}

http::Response Api::keep(const readmodel::Snapshot& snap, const std::string& key,
                         std::shared_ptr<const http::CachedResponse> c, const http::Request& req) {
  cache_.put(snap.data_version, key, c);
  return reuse(std::move(c), req);
}

http::Response Api::reuse(std::shared_ptr<const http::CachedResponse> c, const http::Request& req) {
  http::Response r = http::serveCached(*c, req);
  r.reusable = std::move(c);
  return r;
}

http::Response Api::health(const http::Request& req, const http::PathParams&) {
  auto snap = model_.current();
  Instant now = clock_.now();
  readmodel::DbState db = model_.dbState();
  nlohmann::json j;
  j["status"] = db.up ? "ok" : "degraded";
  j["timestamp"] = formatUtcIso(now);
  j["database"] = db.up ? "ok" : "unreachable";
  if (!db.up) j["reason"] = db.reason;
  j["tournaments_upcoming"] = snap ? static_cast<std::int64_t>(snap->upcomingCount(now)) : 0;
  j["last_ingest"] = db.last_ingest ? nlohmann::json(formatUtcIso(*db.last_ingest)) : nlohmann::json(nullptr);
  j["data_version"] = snap ? snap->data_version : 0;
  j["snapshot_loaded_at"] = snap ? nlohmann::json(formatUtcIso(snap->loaded_at)) : nlohmann::json(nullptr);
  return http::serveFresh(db.up ? 200 : 503, "application/json", dumpJson(j), req, "no-store");
}

http::Response Api::tournaments(const http::Request& req, const http::PathParams&) { return list(req, false); }
http::Response Api::tournamentsIcs(const http::Request& req, const http::PathParams&) { return list(req, true); }
http::Response Api::tournament(const http::Request& req, const http::PathParams& p) { return one(req, p.at("id"), false); }
http::Response Api::tournamentIcs(const http::Request& req, const http::PathParams& p) { return one(req, p.at("id"), true); }

http::Response Api::list(const http::Request& req, bool ics) {
  auto snap = model_.current();
  Instant now = clock_.now();
  readmodel::ListLimits limits;
  if (ics) {
    limits.default_limit = 1000;
    limits.max_limit = 5000;
  }
  limits.data_variants = &snap->variants;
  auto parsed = readmodel::parseFilter(parseQueryString(req.query), limits);
  if (auto* e = std::get_if<readmodel::FilterError>(&parsed)) {
    return http::problemResponse({400, e->code, e->detail, e->parameter});
  }
  TournamentFilter& q = std::get<TournamentFilter>(parsed);
  q.now = now;

  std::size_t epoch = q.include_past ? 0 : snap->epoch(now);
  std::string key = fmt::format("{}|{}|{}", ics ? "I" : "T", readmodel::canonicalQuery(q), epoch);
  if (auto c = cache_.find(snap->data_version, key)) return reuse(std::move(c), req);

  auto page = model_.list(q);
  if (!page) {
    return http::problemResponse({503, "database_unavailable",
                                  "include_past=true reads the database, which is unreachable; retry later or drop "
                                  "include_past",
                                  "include_past"});
  }
  const readmodel::Snapshot& source = *page->source;
  const readmodel::ListResult& found = page->list;

  auto c = std::make_shared<http::CachedResponse>();
  c->status = 200;
  c->etag = fmt::format("\"v{}-e{}-{:016x}\"", snap->data_version, epoch, http::hashText(key));
  c->headers.emplace_back("X-Total-Count", std::to_string(found.total));
  if (found.next) {
    std::string filters = readmodel::canonicalFilters(q);
    std::string link = fmt::format("<{}?{}{}limit={}&cursor={}>; rel=\"next\"", ics ? "/tournaments.ics" : "/tournaments",
                                   filters, filters.empty() ? "" : "&", q.limit, readmodel::encodeCursor(*found.next));
    c->headers.emplace_back("Link", link);
  }
  c->route = ics ? "/tournaments.ics" : "/tournaments";
  if (ics) {
    std::vector<Tournament> full;
    full.reserve(found.items.size());
    for (std::size_t i : found.items) full.push_back(withVenue(source, i));
    // Subscribers must learn that a withdrawn tournament is off: the feed's
    // first page carries the withdrawn ones the filters select as
    // cancellations (same UID), unless a status was asked for or
    // cancellations hidden. They are counted nowhere else. (With
    // changed_since the list itself holds them, counted and paginated.)
    if (!q.cursor && q.offset == 0 && !q.status && !q.hide_cancelled && !q.changed_since && snap->withdrawn) {
      TournamentFilter removed = q;
      removed.status = TournamentStatus::kRemoved;
      removed.limit = std::numeric_limits<std::int64_t>::max();
      const readmodel::Snapshot& w = *snap->withdrawn;
      for (std::size_t i : readmodel::listTournaments(w, removed).items) full.push_back(withVenue(w, i));
    }
    std::vector<const Tournament*> items;
    items.reserve(full.size());
    for (const auto& t : full) items.push_back(&t);
    c->content_type = "text/calendar; charset=utf-8";
    c->body = http::makeBody(
        renderIcs(items, source.loaded_at, "Tournois de poker en France", options_.site_url, &snap->change_count));
  } else {
    c->content_type = "application/json";
    c->body = http::makeBody(renderTournamentArray(source, found.items));
  }
  return keep(*snap, key, std::move(c), req);
}

http::Response Api::one(const http::Request& req, const std::string& id_text, bool ics) {
  auto id = parseId(id_text);
  if (!id) return http::problemResponse(badId("Tournament", id_text));
  auto snap = model_.current();
  std::string key = fmt::format("{}|{}", ics ? "i" : "t", *id);
  if (auto c = cache_.find(snap->data_version, key)) return reuse(std::move(c), req);

  auto found = model_.tournament(*id);
  if (!found) {
    return http::problemResponse({503, "database_unavailable",
                                  "this tournament is not in the served snapshot and the database is unreachable",
                                  "id"});
  }
  if (!*found) return http::problemResponse({404, "not_found", "Tournament not found", "id"});
  const Tournament& t = **found;

  auto c = std::make_shared<http::CachedResponse>();
  c->status = 200;
  c->etag = fmt::format("\"v{}-{:016x}\"", snap->data_version, http::hashText(key));
  c->route = ics ? "/tournaments/{id}.ics" : "/tournaments/{id}";
  if (ics) {
    c->content_type = "text/calendar; charset=utf-8";
    // A tournament outside the snapshot (finished, withdrawn) may have
    // changes the snapshot does not count: ask the store.
    std::unordered_map<std::int64_t, std::int64_t> seq;
    if (snap->tournament_index.count(t.id) != 0) {
      if (auto it = snap->change_count.find(t.id); it != snap->change_count.end()) seq[t.id] = it->second;
    } else if (auto h = model_.history(t.id)) {
      seq[t.id] = static_cast<std::int64_t>(h->size());
    }
    c->body = http::makeBody(renderIcs({&t}, snap->loaded_at, t.title, options_.site_url, &seq));
  } else {
    nlohmann::json j;
    j["tournament"] = tournamentToJson(t);
    addSeriesId(j["tournament"], *snap, t.id);
    j["json_ld"] = tournamentJsonLd(t, options_.site_url);
    c->content_type = "application/json";
    c->body = http::makeBody(dumpJson(j));
  }
  return keep(*snap, key, std::move(c), req);
}

namespace {

// The value of a change as the API shows it: times in the tournament's
// zone (ISO 8601), amounts and the venue id as integers, texts as they are.
nlohmann::json changeValue(const std::string& field, const std::optional<std::string>& v, const std::string& zone) {
  if (!v) return nullptr;
  const bool time = field == "start" || field == "end";
  if (time || field == "buy_in" || field == "fee" || field == "guarantee" || field == "venue") {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || end != v->data() + v->size()) return *v;
    if (time) return formatLocalIso(Instant{std::chrono::seconds(n)}, zone);
    return n;
  }
  return *v;
}

}  // namespace

http::Response Api::tournamentHistory(const http::Request& req, const http::PathParams& p) {
  auto id = parseId(p.at("id"));
  if (!id) return http::problemResponse(badId("Tournament", p.at("id")));
  auto snap = model_.current();
  std::string key = fmt::format("h|{}", *id);
  if (auto c = cache_.find(snap->data_version, key)) return reuse(std::move(c), req);
  auto found = model_.tournament(*id);
  if (!found) {
    return http::problemResponse({503, "database_unavailable",
                                  "this tournament is not in the served snapshot and the database is unreachable",
                                  "id"});
  }
  if (!*found) return http::problemResponse({404, "not_found", "Tournament not found", "id"});
  auto changes = model_.history(*id);
  if (!changes) {
    return http::problemResponse({503, "database_unavailable", "the history is read from the database, which is "
                                  "unreachable; retry later", "id"});
  }
  const std::string& zone = (*found)->timezone.empty() ? std::string(kParisZone) : (*found)->timezone;
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& ch : *changes) {
    arr.push_back({{"field", ch.field},
                   {"old", changeValue(ch.field, ch.old_value, zone)},
                   {"new", changeValue(ch.field, ch.new_value, zone)},
                   {"changed_at", formatLocalIso(ch.changed_at)},
                   {"source_name", ch.source_name}});
  }
  auto c = std::make_shared<http::CachedResponse>();
  c->status = 200;
  c->content_type = "application/json";
  c->etag = fmt::format("\"v{}-h{}\"", snap->data_version, *id);
  c->route = "/tournaments/{id}/history";
  nlohmann::json j = {{"tournament_id", *id}, {"changes", std::move(arr)}};
  c->body = http::makeBody(dumpJson(j));
  return keep(*snap, key, std::move(c), req);
}

http::Response Api::venues(const http::Request& req, const http::PathParams&) {
  auto snap = model_.current();
  const std::string key = "V";
  if (auto c = cache_.find(snap->data_version, key)) return reuse(std::move(c), req);
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& v : snap->venues) arr.push_back(venueToJson(v));
  auto c = std::make_shared<http::CachedResponse>();
  c->status = 200;
  c->content_type = "application/json";
  c->etag = fmt::format("\"v{}-venues\"", snap->data_version);
  c->headers.emplace_back("X-Total-Count", std::to_string(snap->venues.size()));
  c->body = http::makeBody(dumpJson(arr));
  c->route = "/venues";
  return keep(*snap, key, std::move(c), req);
}

http::Response Api::venue(const http::Request& req, const http::PathParams& params) {
  const std::string& id_text = params.at("id");
  auto id = parseId(id_text);
  if (!id) return http::problemResponse(badId("Venue", id_text));
  auto snap = model_.current();
  Instant now = clock_.now();
  std::string key = fmt::format("v|{}|{}", *id, snap->epoch(now));
  if (auto c = cache_.find(snap->data_version, key)) return reuse(std::move(c), req);
  auto it = snap->venue_index.find(*id);
  if (it == snap->venue_index.end()) return http::problemResponse({404, "not_found", "Venue not found", "id"});
  TournamentFilter q;
  q.venue_id = *id;
  q.limit = 1000;
  q.now = now;
  readmodel::ListResult found = listTournaments(*snap, q);
  nlohmann::json j;
  j["venue"] = venueToJson(snap->venues[it->second]);
  nlohmann::json arr = nlohmann::json::array();
  for (std::size_t i : found.items) arr.push_back(tournamentWithSeries(*snap, i));
  j["upcoming_tournaments"] = std::move(arr);
  auto c = std::make_shared<http::CachedResponse>();
  c->status = 200;
  c->content_type = "application/json";
  c->etag = fmt::format("\"v{}-e{}-{:016x}\"", snap->data_version, snap->epoch(now), http::hashText(key));
  c->body = http::makeBody(dumpJson(j));
  c->route = "/venues/{id}";
  return keep(*snap, key, std::move(c), req);
}

http::Response Api::openApi(const http::Request& req, const http::PathParams&) {
  return http::serveFresh(200, "application/json", openapi_, req);
}

http::Response Api::metrics(const http::Request&, const http::PathParams&) {
  auto snap = model_.current();
  Instant now = clock_.now();
  readmodel::DbState db = model_.dbState();
  double last_ingest = db.last_ingest ? static_cast<double>(db.last_ingest->time_since_epoch().count()) : 0;
  std::vector<http::Gauge> gauges = {
      {"pft_tournaments_upcoming", "Tournaments not finished, in the served snapshot.",
       std::to_string(snap ? static_cast<std::int64_t>(snap->upcomingCount(now)) : 0)},
      {"pft_last_successful_ingest_timestamp_seconds", "End of the last ok/partial run (unix time, 0 = none).",
       fmt::format("{:.0f}", last_ingest)},
      {"pft_database_up", "1 when the last database check succeeded.", db.up ? "1" : "0"},
      {"pft_snapshot_data_version", "Data version of the served snapshot.",
       std::to_string(snap ? snap->data_version : 0)},
      {"pft_snapshot_loaded_timestamp_seconds", "When the served snapshot was loaded (unix time).",
       fmt::format("{:.0f}", snap ? static_cast<double>(snap->loaded_at.time_since_epoch().count()) : 0.0)},
      {"pft_http_requests_in_flight", "Requests being answered.", std::to_string(router_.inFlight())},
  };
  http::Response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = http::makeBody(router_.metrics().render(gauges));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

http::Response Api::sources(const http::Request& req, const http::PathParams&) {
  auto snap = model_.current();
  const Instant now = clock_.now();
  // "failing for 3 days" moves with the clock: the answer is kept per hour.
  const auto hour = std::chrono::floor<std::chrono::hours>(now).time_since_epoch().count();
  const std::string key = fmt::format("S|{}|{}", hour, snap->epoch(now));
  if (auto c = cache_.find(snap->data_version, key)) return http::serveCached(*c, req);
  const auto upcoming = readmodel::upcomingCountBySource(*snap, now);
  nlohmann::json arr = nlohmann::json::array();
  for (const SourceStatus& s : snap->sources) {
    if (!s.enabled) continue;
    auto it = upcoming.find(s.name);
    arr.push_back(sourceStatusToJson(s, now, it == upcoming.end() ? 0 : it->second));
  }
  auto c = std::make_shared<http::CachedResponse>();
  c->status = 200;
  c->content_type = "application/json";
  c->etag = fmt::format("\"v{}-s{}-{:016x}\"", snap->data_version, hour, http::hashText(key));
  c->headers.emplace_back("X-Total-Count", std::to_string(arr.size()));
  c->body = http::makeBody(dumpJson(arr));
  c->route = "/sources";
  std::shared_ptr<const http::CachedResponse> kept = c;
  cache_.put(snap->data_version, key, kept);
  // Not marked reusable: /sources is negotiated with the site's page, and
  // the raw-target cache does not look at Accept.
  return http::serveCached(*kept, req);
}

http::Response Api::suggestSource(const http::Request& req, const http::PathParams&) {
  auto type = req.header("content-type");
  const std::string content_type = type ? text::foldCase(std::string(*type)) : std::string();
  if (content_type.rfind("application/json", 0) != 0) {
    auto r = http::problemResponse({415, "unsupported_media_type",
                                    "send the suggestion as application/json: {\"url\": \"https://…\", "
                                    "\"contact_email\": \"…\", \"message\": \"…\"}",
                                    ""});
    r.headers.emplace_back("Accept-Post", "application/json");
    return r;
  }
  auto body = nlohmann::json::parse(req.body, nullptr, false);
  if (!body.is_object()) {
    return http::problemResponse({400, "invalid_json", "the body is not a JSON object", ""});
  }
  Submission s;
  s.kind = SubmissionKind::kUrl;
  s.origin = "api";
  s.created_at = clock_.now();
  for (const auto& [key, value] : body.items()) {
    std::string* field = key == "url" ? &s.url
                         : key == "contact_email" ? &s.contact_email
                         : key == "message" ? &s.message
                                            : nullptr;
    if (field == nullptr) {
      return http::problemResponse({400, "invalid_field",
                                    fmt::format("unknown key '{}'; a suggestion has url, contact_email and message",
                                                key),
                                    key});
    }
    if (!value.is_string()) {
      return http::problemResponse({400, "invalid_field", fmt::format("{} must be a string", key), key});
    }
    *field = value.get<std::string>();
  }
  auto errors = validateSubmission(s, s.created_at);
  if (!errors.empty()) {
    const auto& e = errors.front();
    return http::problemResponse({400, "invalid_field", submissionErrorDetail(e), e.field});
  }
  if (auto wait = limiter_.take(req.remote_address, std::chrono::steady_clock::now()); wait.count() > 0) {
    auto r = http::problemResponse({429, "too_many_submissions",
                                    fmt::format("too many suggestions from this address; retry in {} s", wait.count()),
                                    ""});
    r.headers.emplace_back("Retry-After", std::to_string(wait.count()));
    return r;
  }
  SubmissionInbox& inbox = store_;
  auto id = inbox.addSubmission(s);
  if (!id) {
    apiLogger()->error("event=suggestion_not_stored error=\"{}\"", id.error().describe());
    return http::problemResponse({503, "database_unavailable", "the suggestion could not be stored; retry later", ""});
  }
  apiLogger()->info("event=suggestion_received id={} kind=url", *id);
  http::Response r;
  r.status = 202;
  r.headers.emplace_back("Cache-Control", "no-store");
  r.body = http::makeBody(dumpJson({{"id", *id},
                                    {"status", "pending"},
                                    {"message",
                                     "thank you: an operator will look at this page before anything "
                                     "is published"}}));
  return r;
}

std::optional<http::Response> Api::authorize(const http::Request& req) {
  AuthResult a = auth_.check(req.header("authorization"), req.remote_address, std::chrono::steady_clock::now());
  switch (a.outcome) {
    case AuthOutcome::kOk: return std::nullopt;
    case AuthOutcome::kDisabled:
      return http::problemResponse({503, "admin_disabled",
                              "admin endpoints are disabled: set ADMIN_PASSWORD (and ADMIN_USERNAME) to enable them",
                              ""});
    case AuthOutcome::kBlocked: {
      auto r = http::problemResponse({429, "too_many_attempts",
                                fmt::format("too many failed logins from this address; retry in {} s",
                                            a.retry_after.count()),
                                ""});
      r.headers.emplace_back("Retry-After", std::to_string(a.retry_after.count()));
      return r;
    }
    case AuthOutcome::kMissing:
    case AuthOutcome::kWrong: {
      auto r = http::problemResponse({401, "unauthorized",
                                a.outcome == AuthOutcome::kMissing ? "HTTP basic credentials are required"
                                                                   : "wrong admin username or password",
                                ""});
      r.headers.emplace_back("WWW-Authenticate", "Basic realm=\"pft admin\", charset=\"UTF-8\"");
      return r;
    }
  }
  return std::nullopt;
}

void Api::adminIngest(const http::Request& req, const http::PathParams&, http::Responder respond) {
  if (auto denied = authorize(req)) {
    respond(std::move(*denied));
    return;
  }
  auto params = parseQueryString(req.query);
  bool wait = false;
  if (auto it = params.find("wait"); it != params.end()) {
    std::string v = text::foldKey(it->second);
    if (v == "true" || v == "1" || v == "yes") wait = true;
    else if (v == "false" || v == "0" || v == "no" || v.empty()) wait = false;
    else {
      respond(http::problemResponse({400, "invalid_boolean",
                                     fmt::format("wait '{}' is not true or false", text::clipForEcho(it->second)),
                                     "wait"}));
      return;
    }
  }
  if (!runner_) {
    respond(http::problemResponse({503, "pipeline_unavailable",
                             "this server was started without a pipeline runner; run `pft run` instead", ""}));
    return;
  }
  auto conflict = [](std::optional<std::int64_t> running_id, const std::string& message) {
    auto r = http::problemResponse({409, "run_in_progress",
                              running_id ? fmt::format("run {} is in progress; retry when it has finished", *running_id)
                                         : fmt::format("another run is in progress: {}", message),
                              ""});
    if (running_id) {
      auto j = nlohmann::json::parse(*r.body);
      j["running_id"] = *running_id;
      r.body = http::makeBody(dumpJson(j));
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
    auto reply = [&](http::Response r) {
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
          http::Response r;
          r.status = 202;
          r.body = http::makeBody(dumpJson({{"status", "accepted"},
                                            {"run_id", run_id},
                                            {"id", run_id},
                                            {"location", fmt::format("/admin/runs/{}", run_id)},
                                            {"message", "ingestion started"}}));
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
        reply(http::problemResponse({503, "run_failed", "the run could not start: " + e.describe(), ""}));
      }
      return;
    }
    auto refreshed = model_.refresh(false);
    if (!refreshed) apiLogger()->warn("event=refresh_after_run_failed error=\"{}\"", refreshed.error().describe());
    nlohmann::json j = ingestRunToJson(*result);
    j["message"] = fmt::format("run {} finished: {}", result->id, result->status);
    http::Response r;
    r.status = 200;
    r.body = http::makeBody(dumpJson(j));
    r.headers.emplace_back("Location", fmt::format("/admin/runs/{}", result->id));
    reply(std::move(r));
  });
}

http::Response Api::adminRuns(const http::Request& req, const http::PathParams&) {
  if (auto denied = authorize(req)) return std::move(*denied);
  auto params = parseQueryString(req.query);
  int limit = 20;
  if (auto it = params.find("limit"); it != params.end() && !it->second.empty()) {
    auto n = parseId(it->second);
    if (!n || *n > 200) {
      return http::problemResponse(
          {400, "out_of_range", fmt::format("limit must be between 1 and 200, got '{}'", text::clipForEcho(it->second)),
           "limit"});
    }
    limit = static_cast<int>(*n);
  }
  auto runs = store_.listRuns(limit);
  if (!runs) return http::problemResponse({503, "database_unavailable", "the database is unreachable: " + runs.error().describe(), ""});
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& r : *runs) arr.push_back(ingestRunToJson(r));
  return http::serveFresh(200, "application/json", dumpJson(arr), req, "no-store");
}

http::Response Api::adminRun(const http::Request& req, const http::PathParams& params) {
  if (auto denied = authorize(req)) return std::move(*denied);
  const std::string& id_text = params.at("id");
  auto id = parseId(id_text);
  if (!id) return http::problemResponse(badId("Run", id_text));
  auto run = store_.getRun(*id);
  if (!run) return http::problemResponse({503, "database_unavailable", "the database is unreachable: " + run.error().describe(), ""});
  if (!*run) return http::problemResponse({404, "not_found", "Run not found", "id"});
  return http::serveFresh(200, "application/json", dumpJson(ingestRunToJson(**run)), req, "no-store");
}

}  // namespace pft::api
