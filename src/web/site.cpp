#include "pft/web/site.hpp"

#include <algorithm>
#include <charconv>
#include <mutex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "assets.hpp"
#include "embedded.hpp"
#include "french.hpp"
#include "pages.hpp"
#include "pft/core/json.hpp"
#include "pft/core/submission.hpp"
#include "pft/core/text.hpp"
#include "pft/http/problem.hpp"
#include "pft/http/rate_limit.hpp"
#include "pft/readmodel/holder.hpp"
#include "templates.hpp"

namespace pft::web {
namespace {

using nlohmann::json;

constexpr std::int64_t kPageSize = 20;
constexpr std::int64_t kMapLimit = 5000;
constexpr std::size_t kSitemapPart = 40000;

std::shared_ptr<spdlog::logger> webLogger() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (!spdlog::get("web")) spdlog::stderr_color_mt("web");
  });
  auto log = spdlog::get("web");
  return log ? log : spdlog::default_logger();
}

// "42-deepstack-du-jeudi" or "42" -> 42.
std::optional<std::int64_t> leadingId(std::string_view ref) {
  auto dash = ref.find('-');
  std::string_view digits = ref.substr(0, dash);
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc{} || ptr != digits.data() + digits.size() || v <= 0) return std::nullopt;
  return v;
}

std::string xmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

// "https://tiles.example/{z}/{x}/{y}.png" -> "https://tiles.example".
std::string originOf(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return {};
  auto slash = url.find('/', scheme + 3);
  return url.substr(0, slash);
}

bool isApiPath(std::string_view path) {
  for (std::string_view prefix : {"/tournaments", "/venues", "/series", "/health", "/openapi.json", "/metrics", "/admin",
                                   "/sources/suggest"}) {
    if (path.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

}  // namespace

struct Site::Impl {
  Impl(readmodel::SnapshotHolder& m, const Clock& c, http::ResponseCache& rc, SiteOptions o,
       std::unique_ptr<Templates> t)
      : model(m), clock(c), cache(rc), options(std::move(o)), templates(std::move(t)), assets(embeddedFiles()) {
    while (!options.site_url.empty() && options.site_url.back() == '/') options.site_url.pop_back();
    std::string tiles = originOf(options.map_tile_url);
    csp = fmt::format(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:{}{}; connect-src 'self'; "
        "font-src 'self'; manifest-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        tiles.empty() ? "" : " ", tiles);
  }

  readmodel::SnapshotHolder& model;
  const Clock& clock;
  http::ResponseCache& cache;
  SiteOptions options;
  std::unique_ptr<Templates> templates;
  AssetBundle assets;
  std::string csp;

  std::mutex facets_mutex;
  std::int64_t facets_version = -1;
  std::int64_t facets_day = 0;
  std::shared_ptr<const Facets> facets;

  PageContext context(Instant now) const { return PageContext{assets, options.site_url, now}; }

  std::shared_ptr<const Facets> facetsOf(const readmodel::Snapshot& s, Instant now) {
    std::lock_guard lock(facets_mutex);
    std::int64_t day = parisDay(now);
    if (!facets || facets_version != s.data_version || facets_day != day) {
      facets = std::make_shared<const Facets>(web::facetsOf(s, now));
      facets_version = s.data_version;
      facets_day = day;
    }
    return facets;
  }

  void secure(http::CachedResponse& c) const {
    c.headers.emplace_back("Content-Security-Policy", csp);
    c.headers.emplace_back("X-Content-Type-Options", "nosniff");
    c.headers.emplace_back("Referrer-Policy", "strict-origin-when-cross-origin");
    c.headers.emplace_back("Permissions-Policy", "geolocation=(self), camera=(), microphone=()");
  }

  std::shared_ptr<http::CachedResponse> page(int status, const std::string& name, const json& model_json,
                                             const std::string& route) const {
    auto c = std::make_shared<http::CachedResponse>();
    c->status = status;
    c->route = route;
    c->content_type = "text/html; charset=utf-8";
    c->body = http::makeBody(templates->render(name, model_json));
    c->etag = fmt::format("\"w{:016x}\"", http::hashText(*c->body));
    secure(*c);
    return c;
  }

  // Answers from the cache under `key` (for this data version), or builds,
  // keeps and answers.
  template <typename Build>
  http::Response cached(const http::Request& req, std::int64_t version, const std::string& key, Build build) {
    if (auto c = cache.find(version, key)) {
      http::Response r = http::serveCached(*c, req);
      r.reusable = std::move(c);
      return r;
    }
    std::shared_ptr<http::CachedResponse> built = build();
    std::shared_ptr<const http::CachedResponse> c = built;
    cache.put(version, key, c);
    http::Response r = http::serveCached(*c, req);
    r.reusable = std::move(c);
    return r;
  }

  http::Response htmlError(int status, std::string title, std::string message, const http::Request& req) const {
    json j = pageBase(context(clock.now()), title + " | Poker France Tournaments", message, req.path);
    j["robots"] = "noindex";
    j["status"] = std::to_string(status);
    j["heading"] = std::move(title);
    j["message"] = std::move(message);
    auto c = page(status, "error", j, "");
    return http::serveCached(*c, req);
  }

  http::Response redirect(const std::string& location) const {
    http::Response r;
    r.status = 301;
    r.content_type.clear();
    r.headers.emplace_back("Location", location);
    r.headers.emplace_back("Cache-Control", "public, max-age=3600");
    return r;
  }

  std::string filterErrorText(const readmodel::FilterError& e, const QueryParams& raw) const {
    auto it = raw.find(e.parameter);
    std::string value = it == raw.end() ? std::string{} : displayText(text::clipForEcho(it->second, 80));
    return fmt::format("Le filtre « {} » n'a pas été compris (valeur « {} ») : il est ignoré.", e.parameter, value);
  }

  // ----------------------------------------------------------------- pages

  http::Response home(const http::Request& req, const http::PathParams&) {
    ListPage page;
    page.path = "/";
    page.title = "Tournois de poker en France — casinos, clubs et associations | Poker France Tournaments";
    page.heading = "Tournois de poker en France";
    page.description =
        "Tous les prochains tournois de poker live en France, mis à jour chaque jour : casinos, clubs de jeux et "
        "associations. Filtrez par ville, date, buy-in et variante.";
    return listPage(req, page, std::nullopt);
  }

  // Lists: "/", /villes/{slug}, /departements/{code}. `fixed` applies the
  // landing page's own filter on top of the request's.
  http::Response listPage(const http::Request& req, const ListPage& page,
                          const std::optional<std::function<void(TournamentFilter&)>>& fixed) {
    auto snap = model.current();
    Instant now = clock.now();
    readmodel::ListLimits limits{kPageSize, 100, &snap->variants};
    auto parsed = parseListRequest(req.query, now, limits);
    std::string error;
    int status = 200;
    if (auto* e = std::get_if<readmodel::FilterError>(&parsed)) {
      error = filterErrorText(*e, parseQueryString(req.query));
      status = 400;
      parsed = std::get<ListRequest>(parseListRequest("", now, limits));
    }
    ListRequest& request = std::get<ListRequest>(parsed);
    if (fixed) (*fixed)(request.filter);
    request.filter.limit = kPageSize;
    std::string key = fmt::format("W|{}|{}|{}|{}|{}|{}", page.path, canonicalListQuery(request),
                                  request.filter.cursor ? readmodel::encodeCursor(*request.filter.cursor) : "",
                                  parisDay(now), snap->epoch(now), status);
    return cached(req, snap->data_version, key, [&] {
      auto found = model.list(request.filter);
      readmodel::ListResult list = found ? found->list : readmodel::ListResult{};
      const readmodel::Snapshot& source = found ? *found->source : *snap;
      auto facets = facetsOf(*snap, now);
      json j = listModel(context(now), source, list, request, *facets, page, error);
      return this->page(status, "list", j, page.path);
    });
  }

  http::Response tournament(const http::Request& req, const http::PathParams& params) {
    const std::string& ref = params.at("ref");
    auto id = leadingId(ref);
    if (!id) return notFound(req);
    auto snap = model.current();
    Instant now = clock.now();
    std::string key = fmt::format("W|t|{}|{}|{}", *id, parisDay(now), snap->epoch(now));
    if (auto c = cache.find(snap->data_version, key)) {
      if (c->status == 200 && req.path != c->route) return redirect(c->route);
      return http::serveCached(*c, req);
    }
    auto found = model.tournament(*id);
    if (!found) {
      return htmlError(503, "Service momentanément indisponible",
                       "Ce tournoi n'est plus dans la liste des tournois à venir et la base de données ne répond pas. "
                       "Réessayez dans quelques minutes.",
                       req);
    }
    if (!*found) {
      // Ids only grow: an id below the highest one we serve was removed.
      if (*id < snap->max_tournament_id) {
        return htmlError(410, "Ce tournoi n'est plus en ligne",
                         "Ce tournoi a eu lieu il y a longtemps ou a été retiré de la liste par ses organisateurs.",
                         req);
      }
      return notFound(req);
    }
    const Tournament& t = **found;
    std::string canonical = tournamentPath(t);
    // Its changes (read from the database; none shown if it cannot answer).
    auto history = model.history(t.id);
    auto model_json = tournamentModel(context(now), t, history ? *history : std::vector<TournamentChange>{},
                                      &snap->venues);
    addSeriesLink(model_json, *snap, t.id);
    auto c = page(200, "tournament", model_json, canonical);
    c->route = canonical;
    std::shared_ptr<const http::CachedResponse> kept = c;
    cache.put(snap->data_version, key, kept);
    if (req.path != canonical) return redirect(canonical);
    http::Response r = http::serveCached(*kept, req);
    r.reusable = kept;
    return r;
  }

  http::Response venue(const http::Request& req, const http::PathParams& params) {
    auto id = leadingId(params.at("ref"));
    if (!id) return notFound(req);
    auto snap = model.current();
    auto it = snap->venue_index.find(*id);
    if (it == snap->venue_index.end()) return notFound(req);
    const Venue& v = snap->venues[it->second];
    std::string canonical = venuePath(v);
    if (req.path != canonical) return redirect(canonical);
    Instant now = clock.now();
    std::string key = fmt::format("W|v|{}|{}|{}", *id, parisDay(now), snap->epoch(now));
    return cached(req, snap->data_version, key, [&] {
      TournamentFilter f;
      f.venue_id = *id;
      f.now = now;
      f.limit = 200;
      auto list = readmodel::listTournaments(*snap, f);
      return page(200, "venue", venueModel(context(now), v, *snap, list), canonical);
    });
  }

  http::Response series(const http::Request& req, const http::PathParams& params) {
    auto id = leadingId(params.at("ref"));
    if (!id) return notFound(req);
    auto snap = model.current();
    auto it = snap->series_index.find(*id);
    if (it == snap->series_index.end()) return notFound(req);
    const readmodel::Series& se = snap->series[it->second];
    std::string canonical = seriesPath(se);
    if (req.path != canonical) return redirect(canonical);
    Instant now = clock.now();
    std::string key = fmt::format("W|s|{}|{}|{}", *id, parisDay(now), snap->epoch(now));
    return cached(req, snap->data_version, key, [&] {
      TournamentFilter f;
      f.series_id = *id;
      f.venue_id = se.venue_id;
      f.now = now;
      f.limit = 500;
      auto list = readmodel::listTournaments(*snap, f);
      return page(200, "series", seriesModel(context(now), se, *snap, list), canonical);
    });
  }

  http::Response city(const http::Request& req, const http::PathParams& params) {
    std::string slug = text::foldCase(params.at("slug"));
    auto snap = model.current();
    std::string name;
    for (const auto& v : snap->venues) {
      if (!v.city.empty() && text::slugify(v.city, 80) == slug) {
        name = displayText(v.city);
        break;
      }
    }
    if (name.empty()) return notFound(req);
    ListPage page;
    page.path = cityPath(name);
    if (req.path != page.path) return redirect(page.path + (req.query.empty() ? "" : "?" + req.query));
    page.title = "Tournois de poker à " + name + " | Poker France Tournaments";
    page.heading = "Tournois de poker à " + name;
    page.description = "Les prochains tournois de poker à " + name + " : casinos, clubs et associations, avec dates, "
                       "horaires et buy-ins.";
    page.intro = "Tous les tournois annoncés à " + name + ", jour par jour. Abonnez-vous pour les voir dans votre agenda.";
    page.with_form = false;
    std::string city_key = text::foldKey(name);
    page.ics_query = "city=" + percentEncode(city_key);
    return listPage(req, page, [city_key](TournamentFilter& f) { f.city = city_key; });
  }

  http::Response department(const http::Request& req, const http::PathParams& params) {
    std::string code = text::foldCase(params.at("code"));
    auto snap = model.current();
    std::string name, display_code;
    for (const auto& v : snap->venues) {
      if (!v.department_code.empty() && text::foldCase(v.department_code) == code) {
        name = displayText(v.department);
        display_code = displayText(v.department_code);
        break;
      }
    }
    if (display_code.empty()) return notFound(req);
    ListPage page;
    page.path = departmentPath(display_code);
    if (req.path != page.path) return redirect(page.path + (req.query.empty() ? "" : "?" + req.query));
    std::string label = name.empty() ? display_code : name + " (" + display_code + ")";
    page.title = "Tournois de poker — " + label + " | Poker France Tournaments";
    page.heading = "Tournois de poker — " + label;
    page.description = "Les prochains tournois de poker dans le département " + label + ".";
    page.intro = "Tous les tournois annoncés dans le département, jour par jour.";
    page.with_form = false;
    page.ics_query = "department=" + percentEncode(code);
    return listPage(req, page, [code](TournamentFilter& f) { f.department = code; });
  }

  // /carte and /carte/lieux.json share the request's filters.
  std::variant<ListRequest, readmodel::FilterError> mapRequest(const http::Request& req, Instant now,
                                                               const readmodel::Snapshot& snap) {
    readmodel::ListLimits limits{kPageSize, 100, &snap.variants};
    auto parsed = parseListRequest(req.query, now, limits);
    if (auto* r = std::get_if<ListRequest>(&parsed)) {
      r->filter.limit = kMapLimit;
      r->filter.cursor.reset();
    }
    return parsed;
  }

  http::Response map(const http::Request& req, const http::PathParams&) {
    auto snap = model.current();
    Instant now = clock.now();
    auto parsed = mapRequest(req, now, *snap);
    if (std::holds_alternative<readmodel::FilterError>(parsed)) {
      return htmlError(400, "Filtre non compris", filterErrorText(std::get<readmodel::FilterError>(parsed),
                                                                   parseQueryString(req.query)), req);
    }
    const ListRequest& request = std::get<ListRequest>(parsed);
    std::string key = fmt::format("W|map|{}|{}|{}", canonicalListQuery(request), parisDay(now), snap->epoch(now));
    return cached(req, snap->data_version, key, [&] {
      auto list = readmodel::listTournaments(*snap, request.filter);
      json j = mapModel(context(now), *snap, list, request, *facetsOf(*snap, now), options.map_tile_url,
                        options.map_tile_attribution);
      return page(200, "map", j, "/carte");
    });
  }

  http::Response mapJson(const http::Request& req, const http::PathParams&) {
    auto snap = model.current();
    Instant now = clock.now();
    auto parsed = mapRequest(req, now, *snap);
    if (auto* e = std::get_if<readmodel::FilterError>(&parsed)) {
      return http::problemResponse({400, e->code, e->detail, e->parameter});
    }
    const ListRequest& request = std::get<ListRequest>(parsed);
    std::string key = fmt::format("W|mapjson|{}|{}|{}", canonicalListQuery(request), parisDay(now), snap->epoch(now));
    return cached(req, snap->data_version, key, [&] {
      auto list = readmodel::listTournaments(*snap, request.filter);
      auto c = std::make_shared<http::CachedResponse>();
      c->status = 200;
      c->route = "/carte/lieux.json";
      c->content_type = "application/json";
      c->body = http::makeBody(dumpJson(mapData(*snap, list, context(now))));
      c->etag = fmt::format("\"m{:016x}\"", http::hashText(*c->body));
      c->headers.emplace_back("X-Content-Type-Options", "nosniff");
      return c;
    });
  }

  http::Response staticPage(const http::Request& req, const std::string& name, std::string title,
                            std::string description) {
    auto snap = model.current();
    Instant now = clock.now();
    std::string key = fmt::format("W|p|{}|{}", name, formatLocalDate(now).substr(0, 4));
    return cached(req, snap->data_version, key, [&] {
      json j = pageBase(context(now), title + " | Poker France Tournaments", description, req.path);
      j["heading"] = title;
      j["site_url"] = options.site_url;
      return page(200, name, j, req.path);
    });
  }

  http::Response staticFile(const http::Request& req, const http::PathParams& params) {
    if (params.at("version") != assets.version()) return notFound(req);
    auto c = assets.find(params.at("path"));
    if (!c) return notFound(req);
    return http::serveCached(*c, req);
  }

  // ---------------------------------------------------------------- sources

  // The HTML twin of GET /sources (the router picks it for browsers).
  http::Response sources(const http::Request& req, const http::PathParams&) {
    auto snap = model.current();
    Instant now = clock.now();
    // « depuis 3 jours » moves with the clock: kept per hour.
    const auto hour = std::chrono::floor<std::chrono::hours>(now).time_since_epoch().count();
    std::string key = fmt::format("W|sources|{}|{}", hour, snap->epoch(now));
    if (auto c = cache.find(snap->data_version, key)) return http::serveCached(*c, req);
    std::shared_ptr<const http::CachedResponse> c = page(200, "sources", sourcesModel(context(now), *snap), "/sources");
    cache.put(snap->data_version, key, c);
    // Not reusable by the raw-target cache: the path is negotiated.
    return http::serveCached(*c, req);
  }

  // ---------------------------------------------------------------- proposer

  http::Response proposeForm(const http::Request& req, const http::PathParams&) {
    auto snap = model.current();
    Instant now = clock.now();
    // The form's minimum date is today: one page per day.
    std::string key = fmt::format("W|proposer|{}", parisDay(now));
    return cached(req, snap->data_version, key,
                  [&] { return page(200, "propose", proposalModel(context(now), ProposalForm{}), "/proposer"); });
  }

  http::Response proposeThanks(const http::Request& req, const http::PathParams&) {
    auto snap = model.current();
    Instant now = clock.now();
    std::string key = fmt::format("W|merci|{}", formatLocalDate(now).substr(0, 4));
    return cached(req, snap->data_version, key, [&] {
      json j = pageBase(context(now), "Merci | Poker France Tournaments", "Votre proposition a bien été reçue.",
                        "/proposer/merci");
      j["robots"] = "noindex";
      j["heading"] = "Merci !";
      return page(200, "propose_thanks", j, "/proposer/merci");
    });
  }

  // A rendered form page that must not be kept anywhere (it echoes what was typed).
  http::Response formPage(int status, const ProposalForm& form, const http::Request& req) const {
    json j = proposalModel(context(clock.now()), form);
    j["robots"] = "noindex";
    auto c = page(status, "propose", j, "/proposer");
    http::Response r = http::serveCached(*c, req);
    for (auto& [name, value] : r.headers) {
      if (name == "Cache-Control") value = "no-store";
    }
    return r;
  }

  http::Response seeOther(const std::string& location) const {
    http::Response r;
    r.status = 303;
    r.content_type.clear();
    r.headers.emplace_back("Location", location);
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  }

  http::Response propose(const http::Request& req, const http::PathParams&) {
    auto type = req.header("content-type");
    const std::string content_type = type ? text::foldCase(std::string(*type)) : std::string();
    if (content_type.rfind("application/x-www-form-urlencoded", 0) != 0) {
      return htmlError(415, "Formulaire non reconnu",
                       "Ce formulaire s'envoie depuis la page « Proposer un tournoi ». Rechargez-la et réessayez.", req);
    }
    const QueryParams fields = parseQueryString(req.body);
    auto field = [&](std::string_view name) {
      auto it = fields.find(name);
      return it == fields.end() ? std::string() : std::string(text::trim(it->second));
    };
    ProposalForm form;
    form.kind = field("formulaire") == "page" ? SubmissionKind::kUrl : SubmissionKind::kTournament;
    Submission& s = form.values;
    s.kind = form.kind;
    s.origin = "form";
    s.created_at = clock.now();
    s.contact_email = field("contact_email");
    s.message = fields.count("message") != 0 ? fields.at("message") : std::string();
    if (form.kind == SubmissionKind::kUrl) {
      s.url = field("url");
    } else {
      s.title = field("title");
      s.date = field("date");
      s.time = field("time");
      s.venue_name = field("venue_name");
      s.address = field("address");
      s.city = field("city");
      s.postcode = field("postcode");
      s.buy_in = field("buy_in");
      s.variant = field("variant");
    }
    // People never see the honeypot; a robot that fills it is thanked and forgotten.
    if (!field("site_web").empty()) {
      webLogger()->info("event=proposal_honeypot remote={}", req.remote_address);
      return seeOther("/proposer/merci");
    }
    form.errors = validateSubmission(s, s.created_at);
    if (!form.errors.empty()) return formPage(400, form, req);
    if (options.submissions == nullptr || options.submission_limiter == nullptr) {
      return htmlError(503, "Service momentanément indisponible",
                       "Les propositions ne peuvent pas être reçues pour l'instant. Réessayez plus tard.", req);
    }
    if (auto wait = options.submission_limiter->take(req.remote_address, std::chrono::steady_clock::now());
        wait.count() > 0) {
      form.notice = fmt::format("Trop de propositions envoyées depuis votre connexion : réessayez dans {} minute{}.",
                                (wait.count() + 59) / 60, (wait.count() + 59) / 60 > 1 ? "s" : "");
      http::Response r = formPage(429, form, req);
      r.headers.emplace_back("Retry-After", std::to_string(wait.count()));
      return r;
    }
    auto id = options.submissions->addSubmission(s);
    if (!id) {
      webLogger()->error("event=proposal_not_stored error=\"{}\"", id.error().describe());
      form.notice = "Votre proposition n'a pas pu être enregistrée pour l'instant. Réessayez dans quelques minutes.";
      return formPage(503, form, req);
    }
    webLogger()->info("event=proposal_received id={} kind={}", *id, submissionKindName(s.kind));
    return seeOther("/proposer/merci");
  }

  // ---------------------------------------------------------------- sitemap

  struct SitemapEntry {
    std::string path;
    Instant lastmod{};
  };

  // Every upcoming tournament, then venues, festivals, cities, departments and pages.
  void sitemapEntries(const readmodel::Snapshot& s, Instant now, std::vector<SitemapEntry>& tournaments,
                      std::vector<SitemapEntry>& pages) const {
    std::map<std::string, Instant> venues, cities, departments, festivals;
    Instant newest{};
    for (std::size_t i = 0; i < s.tournaments.size(); ++i) {
      if (s.finish[i] < now) continue;
      const Tournament& t = s.tournaments[i];
      tournaments.push_back({tournamentPath(t), t.updated_at});
      newest = std::max(newest, t.updated_at);
      std::size_t vi = s.tournament_venue[i];
      if (vi >= s.venues.size()) continue;
      const Venue& v = s.venues[vi];
      auto bump = [&](std::map<std::string, Instant>& m, const std::string& key) {
        Instant& at = m[key];
        at = std::max(at, t.updated_at);
      };
      bump(venues, venuePath(v));
      if (i < s.tournament_series.size() && s.tournament_series[i] < s.series.size()) {
        bump(festivals, seriesPath(s.series[s.tournament_series[i]]));
      }
      if (!v.city.empty()) bump(cities, cityPath(v.city));
      if (!v.department_code.empty()) bump(departments, departmentPath(v.department_code));
    }
    pages.push_back({"/", newest});
    pages.push_back({"/carte", newest});
    for (const auto* m : {&venues, &festivals, &cities, &departments}) {
      for (const auto& [path, at] : *m) pages.push_back({path, at});
    }
    for (const char* p : {"/a-propos", "/mentions-legales", "/confidentialite", "/sources", "/proposer"}) {
      pages.push_back({p, Instant{}});
    }
  }

  std::string urlset(const std::vector<SitemapEntry>& entries, std::size_t from, std::size_t to) const {
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    for (std::size_t i = from; i < to && i < entries.size(); ++i) {
      out += "<url><loc>" + xmlEscape(options.site_url + entries[i].path) + "</loc>";
      if (entries[i].lastmod.time_since_epoch().count() > 0) {
        out += "<lastmod>" + formatUtcIso(entries[i].lastmod) + "</lastmod>";
      }
      out += "</url>\n";
    }
    out += "</urlset>\n";
    return out;
  }

  std::shared_ptr<http::CachedResponse> xml(std::string body, const std::string& route) const {
    auto c = std::make_shared<http::CachedResponse>();
    c->status = 200;
    c->route = route;
    c->content_type = "application/xml; charset=utf-8";
    c->etag = fmt::format("\"x{:016x}\"", http::hashText(body));
    c->body = http::makeBody(std::move(body));
    c->headers.emplace_back("X-Content-Type-Options", "nosniff");
    return c;
  }

  http::Response sitemapIndex(const http::Request& req, const http::PathParams&) {
    auto snap = model.current();
    Instant now = clock.now();
    std::string key = fmt::format("W|sitemap|{}|{}", parisDay(now), snap->epoch(now));
    return cached(req, snap->data_version, key, [&] {
      std::vector<SitemapEntry> tournaments, pages;
      sitemapEntries(*snap, now, tournaments, pages);
      std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
      std::string loaded = formatUtcIso(snap->loaded_at);
      out += "<sitemap><loc>" + xmlEscape(options.site_url + "/sitemaps/pages.xml") + "</loc><lastmod>" + loaded +
             "</lastmod></sitemap>\n";
      std::size_t parts = (tournaments.size() + kSitemapPart - 1) / kSitemapPart;
      for (std::size_t p = 1; p <= parts; ++p) {
        out += "<sitemap><loc>" + xmlEscape(fmt::format("{}/sitemaps/tournois-{}.xml", options.site_url, p)) +
               "</loc><lastmod>" + loaded + "</lastmod></sitemap>\n";
      }
      out += "</sitemapindex>\n";
      return xml(std::move(out), "/sitemap.xml");
    });
  }

  http::Response sitemapPart(const http::Request& req, const http::PathParams& params) {
    const std::string& name = params.at("name");
    std::size_t part = 0;
    bool is_pages = name == "pages.xml";
    if (!is_pages) {
      constexpr std::string_view kPrefix = "tournois-";
      if (name.rfind(kPrefix, 0) != 0 || name.size() <= kPrefix.size() + 4 || name.substr(name.size() - 4) != ".xml") {
        return notFound(req);
      }
      std::string_view digits = std::string_view{name}.substr(kPrefix.size(), name.size() - kPrefix.size() - 4);
      auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), part);
      if (ec != std::errc{} || ptr != digits.data() + digits.size() || part == 0) return notFound(req);
    }
    auto snap = model.current();
    Instant now = clock.now();
    std::string key = fmt::format("W|sitemap|{}|{}|{}", name, parisDay(now), snap->epoch(now));
    if (auto c = cache.find(snap->data_version, key)) return http::serveCached(*c, req);
    std::vector<SitemapEntry> tournaments, pages;
    sitemapEntries(*snap, now, tournaments, pages);
    std::string body;
    if (is_pages) {
      body = urlset(pages, 0, pages.size());
    } else {
      std::size_t from = (part - 1) * kSitemapPart;
      if (from >= tournaments.size() && part != 1) return notFound(req);
      body = urlset(tournaments, from, from + kSitemapPart);
    }
    std::shared_ptr<const http::CachedResponse> c = xml(std::move(body), "/sitemaps/{name}");
    cache.put(snap->data_version, key, c);
    return http::serveCached(*c, req);
  }

  http::Response robots(const http::Request& req, const http::PathParams&) {
    std::string body = fmt::format(
        "User-agent: *\nAllow: /\nDisallow: /admin/\nDisallow: /carte/lieux.json\n\nSitemap: {}/sitemap.xml\n",
        options.site_url);
    auto r = http::serveFresh(200, "text/plain; charset=utf-8", std::move(body), req, "public, max-age=86400");
    return r;
  }

  http::Response errorPageFor(const http::Request& req, const std::string& request_id) const {
    return htmlError(500, "Erreur du serveur",
                     "Une erreur inattendue s'est produite ; elle a été enregistrée (référence " + request_id +
                         "). Réessayez dans un instant.",
                     req);
  }

  http::Response notFound(const http::Request& req) const {
    return htmlError(404, "Page introuvable",
                     "Cette page n'existe pas ou n'existe plus. Les tournois passés sont retirés de la liste.", req);
  }
};

Site::Site(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Site::~Site() = default;

Result<std::unique_ptr<Site>> Site::create(readmodel::SnapshotHolder& model, const Clock& clock,
                                           http::ResponseCache& cache, SiteOptions options) {
  if (!options.map_tile_url.empty()) {
    std::string origin = originOf(options.map_tile_url);
    bool https = options.map_tile_url.rfind("https://", 0) == 0 || options.map_tile_url.rfind("http://", 0) == 0;
    if (!https || origin.size() <= 8 || options.map_tile_url.find("{z}") == std::string::npos ||
        options.map_tile_url.find_first_of(" \"'<>") != std::string::npos) {
      return makeError(ErrorCode::kInvalidArgument,
                       fmt::format("MAP_TILE_URL '{}' is not an http(s) tile URL template with {{z}}/{{x}}/{{y}}; "
                                   "leave it empty for the France outline only",
                                   options.map_tile_url),
                       "MAP_TILE_URL");
    }
  }
  auto templates = Templates::load(embeddedFiles());
  if (!templates) return templates.error();
  auto impl = std::make_unique<Impl>(model, clock, cache, std::move(options), std::move(*templates));
  webLogger()->info("event=site_ready templates={} static_version={}", impl->templates->pages().size(),
                    impl->assets.version());
  return std::unique_ptr<Site>(new Site(std::move(impl)));
}

std::vector<http::Route> Site::routes() {
  Impl* m = impl_.get();
  auto get = [](std::string pattern, http::SyncHandler handler) {
    http::Route r;
    r.method = "GET";
    r.pattern = std::move(pattern);
    r.handle = std::move(handler);
    r.cors = false;
    return r;
  };
  auto post = [](std::string pattern, http::SyncHandler handler) {
    http::Route r;
    r.method = "POST";
    r.pattern = std::move(pattern);
    r.handle = std::move(handler);
    r.cors = false;
    return r;
  };
  // The page of a path the API also answers (JSON): Accept decides.
  auto html = [](http::Route r) {
    r.html = true;
    return r;
  };
  auto bind = [m](http::Response (Impl::*fn)(const http::Request&, const http::PathParams&)) {
    return [m, fn](const http::Request& req, const http::PathParams& p) { return (m->*fn)(req, p); };
  };
  auto staticPage = [m](std::string name, std::string title, std::string description) {
    return [m, name, title, description](const http::Request& req, const http::PathParams&) {
      return m->staticPage(req, name, title, description);
    };
  };
  return {
      get("/", bind(&Impl::home)),
      get("/tournois/{ref}", bind(&Impl::tournament)),
      get("/lieux/{ref}", bind(&Impl::venue)),
      get("/festivals/{ref}", bind(&Impl::series)),
      get("/villes/{slug}", bind(&Impl::city)),
      get("/departements/{code}", bind(&Impl::department)),
      get("/carte", bind(&Impl::map)),
      get("/carte/lieux.json", bind(&Impl::mapJson)),
      get("/a-propos", staticPage("about", "À propos",
                                  "Poker France Tournaments rassemble les tournois de poker live annoncés en France.")),
      get("/mentions-legales", staticPage("legal", "Mentions légales", "Mentions légales du site Poker France Tournaments.")),
      get("/confidentialite", staticPage("privacy", "Confidentialité",
                                         "Ce que Poker France Tournaments fait (et ne fait pas) de vos données.")),
      get("/sitemap.xml", bind(&Impl::sitemapIndex)),
      get("/sitemaps/{name}", bind(&Impl::sitemapPart)),
      get("/robots.txt", bind(&Impl::robots)),
      get("/static/{version}/{path...}", bind(&Impl::staticFile)),
      html(get("/sources", bind(&Impl::sources))),
      get("/proposer", bind(&Impl::proposeForm)),
      post("/proposer", bind(&Impl::propose)),
      get("/proposer/merci", bind(&Impl::proposeThanks)),
  };
}

void Site::install(http::Router& router) {
  router.add(routes());
  Impl* m = impl_.get();
  router.setNotFound([m](const http::Request& req) {
    if (http::acceptsHtml(req.header("accept")) && !isApiPath(req.path)) return m->notFound(req);
    return http::problemResponse(
        {404, "not_found", fmt::format("no endpoint at {}; see /openapi.json", text::clipForEcho(req.path)), ""});
  });
  router.setBadRequest([m](const http::Request& req, const http::Problem& p) {
    if (http::acceptsHtml(req.header("accept")) && !isApiPath(req.path)) {
      return m->htmlError(p.status, "Adresse non comprise",
                          fmt::format("Le paramètre « {} » de l'adresse n'est pas du texte lisible (UTF-8) : "
                                      "corrigez le lien ou repartez de la page d'accueil.",
                                      text::clipForEcho(p.parameter, 60)),
                          req);
    }
    return http::problemResponse(p);
  });
  router.setInternalError([m](const http::Request& req, const std::string& request_id) {
    if (http::acceptsHtml(req.header("accept")) && !isApiPath(req.path)) return m->errorPageFor(req, request_id);
    return http::problemResponse(
        {500, "internal_error", fmt::format("internal error (request id {})", request_id), ""});
  });
}

http::Response Site::notFoundPage(const http::Request& req) const { return impl_->notFound(req); }

http::Response Site::errorPage(const http::Request& req, const std::string& request_id) const {
  return impl_->errorPageFor(req, request_id);
}

}  // namespace pft::web
