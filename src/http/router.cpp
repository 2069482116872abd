#include "pft/http/router.hpp"

#include <algorithm>
#include <exception>
#include <optional>

#include <fmt/format.h>

#include "pft/core/text.hpp"
#include "pft/core/url.hpp"
#include "logger.hpp"
#include "pft/http/problem.hpp"

namespace pft::http {
namespace {

std::vector<std::string_view> splitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);  // "/venues/" == "/venues"
  std::size_t i = 1;
  while (i <= path.size()) {
    auto slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    parts.push_back(path.substr(i, slash - i));
    i = slash + 1;
  }
  return parts;
}

// Matches one path segment against a pattern segment ("{id}", "{id}.ics", "x").
bool matchSegment(std::string_view pattern, std::string_view segment, PathParams& params) {
  auto open = pattern.find('{');
  if (open == std::string_view::npos) return pattern == segment;
  auto close = pattern.find('}', open);
  std::string_view prefix = pattern.substr(0, open);
  std::string_view suffix = pattern.substr(close + 1);
  if (segment.size() < prefix.size() + suffix.size() + 1) return false;
  if (segment.substr(0, prefix.size()) != prefix) return false;
  if (segment.substr(segment.size() - suffix.size()) != suffix) return false;
  std::string_view value = segment.substr(prefix.size(), segment.size() - prefix.size() - suffix.size());
  // A value never contains the suffix's dot: "/tournaments/5.ics" is not id "5.ics".
  if (pattern == "{id}" && value.find('.') != std::string_view::npos) return false;
  params[std::string{pattern.substr(open + 1, close - open - 1)}] = std::string{value};
  return true;
}

// Adds `token` to the response's Vary header (one header, comma-separated).
void addVary(Response& r, std::string_view token) {
  for (auto& [name, value] : r.headers) {
    if (name == "Vary") {
      value += ", ";
      value += token;
      return;
    }
  }
  r.headers.emplace_back("Vary", std::string(token));
}

Response defaultNotFound(const Request& req) {
  return problemResponse(
      {404, "not_found", fmt::format("no endpoint at {}; see /openapi.json", text::clipForEcho(req.path)), ""});
}

Response defaultBadRequest(const Request&, const Problem& p) { return problemResponse(p); }

// The first query parameter whose name or value, percent-decoded, is not
// UTF-8, as a 400 problem naming it.
std::optional<Problem> invalidQueryEncoding(std::string_view query) {
  bool plain = true;
  for (char c : query) {
    if (c == '%' || static_cast<unsigned char>(c) >= 0x80) {
      plain = false;
      break;
    }
  }
  if (plain) return std::nullopt;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    auto eq = part.find('=');
    std::string name = percentDecode(part.substr(0, eq));
    bool name_ok = text::isValidUtf8(name);
    if (name_ok && (eq == std::string_view::npos || text::isValidUtf8(percentDecode(part.substr(eq + 1))))) continue;
    return Problem{400, "invalid_encoding",
                   fmt::format("query parameter {} '{}' is not UTF-8 once percent-decoded; send text as UTF-8",
                               name_ok ? "value of" : "name", text::clipForEcho(name)),
                   name};
  }
  return std::nullopt;
}

Response defaultInternalError(const Request&, const std::string& request_id) {
  return problemResponse({500, "internal_error", fmt::format("internal error (request id {})", request_id), ""});
}

}  // namespace

Router::Router(RouterOptions options, ResponseCache& cache)
    : options_(std::move(options)),
      cache_(cache),
      not_found_(defaultNotFound),
      bad_request_(defaultBadRequest),
      internal_error_(defaultInternalError) {
  std::string_view origins = options_.cors_origins;
  while (!origins.empty()) {
    auto comma = origins.find(',');
    std::string_view o = text::trim(origins.substr(0, comma));
    origins = comma == std::string_view::npos ? std::string_view{} : origins.substr(comma + 1);
    if (o == "*") cors_any_ = true;
    else if (!o.empty()) cors_origins_.emplace_back(o);
  }
  if (options_.access_log) {
    auto log = detail::logger();
    if (log->level() > spdlog::level::info) log->set_level(spdlog::level::info);
  }
}

void Router::add(std::vector<Route> routes) {
  for (auto& r : routes) {
    std::vector<std::string> parts;
    for (auto p : splitPath(r.pattern)) parts.emplace_back(p);
    split_patterns_.push_back(std::move(parts));
    // A path with any non-CORS route (admin) carries no CORS headers at all;
    // an html twin follows its path's other route.
    if (!r.html) {
      auto [known, fresh] = cors_by_pattern_.emplace(r.pattern, r.cors);
      if (!fresh) known->second = known->second && r.cors;
    }
    routes_.push_back(std::move(r));
  }
}

void Router::setNotFound(std::function<Response(const Request&)> page) { not_found_ = std::move(page); }

void Router::setBadRequest(std::function<Response(const Request&, const Problem&)> page) {
  bad_request_ = std::move(page);
}

void Router::setInternalError(std::function<Response(const Request&, const std::string&)> page) {
  internal_error_ = std::move(page);
}

void Router::setCacheScope(std::function<CacheScope()> scope) { scope_ = std::move(scope); }

std::vector<Router::Match> Router::matchPath(std::string_view path) const {
  std::vector<Match> out;
  if (path.empty() || path[0] != '/') return out;
  auto segments = splitPath(path);
  for (std::size_t r = 0; r < routes_.size(); ++r) {
    const auto& pattern_segments = split_patterns_[r];
    // A last segment "{name...}" takes one or more remaining segments.
    bool rest = !pattern_segments.empty() && pattern_segments.back().size() > 5 &&
                pattern_segments.back().front() == '{' &&
                pattern_segments.back().compare(pattern_segments.back().size() - 4, 4, "...}") == 0;
    std::size_t fixed = rest ? pattern_segments.size() - 1 : pattern_segments.size();
    if (rest ? segments.size() <= fixed : segments.size() != fixed) continue;
    Match m{&routes_[r], {}};
    bool ok = true;
    for (std::size_t i = 0; ok && i < fixed; ++i) ok = matchSegment(pattern_segments[i], segments[i], m.params);
    if (!ok) continue;
    if (rest) {
      std::string joined;
      for (std::size_t i = fixed; i < segments.size(); ++i) {
        if (segments[i].empty() || segments[i] == "." || segments[i] == "..") ok = false;
        if (!joined.empty()) joined += '/';
        joined += segments[i];
      }
      if (!ok) continue;
      const std::string& p = pattern_segments.back();
      m.params[p.substr(1, p.size() - 5)] = std::move(joined);
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::string Router::rawKey(const Request& req, const CacheScope& scope) {
  std::string key;
  key.reserve(req.path.size() + req.query.size() + 24);
  key += "R|";
  key += req.path;
  key += '?';
  key += req.query;
  key += '|';
  key += std::to_string(scope.epoch);
  key += '|';
  key += std::to_string(scope.day);
  return key;
}

void Router::refused(const std::string& method, int status) noexcept {
  try {
    // No handler ran: its time is not a route's, the histogram gets 0.
    metrics_.record("refused", status, 0.0);
    if (options_.access_log) {
      detail::logger()->info("method={} route=refused status={}", text::clipForEcho(method, 20), status);
    }
  } catch (...) {
  }
}

void Router::handle(Request req, Responder respond) noexcept {
  auto t0 = std::chrono::steady_clock::now();
  ++in_flight_;
  // The responder given to handlers decorates the response (CORS, metrics,
  // access log) and releases the in-flight count exactly once.
  auto shared_req = std::make_shared<Request>(std::move(req));
  Responder wrapped = [this, shared_req, t0, respond = std::move(respond)](Response r) {
    finish(*shared_req, std::move(r), t0, respond);
  };
  try {
    dispatch(*shared_req, wrapped);
  } catch (const std::exception& e) {
    auto id = fmt::format("req-{}", ++request_counter_);
    detail::logger()->error("event=handler_exception request_id={} path={} error=\"{}\"", id, shared_req->path, e.what());
    try {
      wrapped(internal_error_(*shared_req, id));
    } catch (...) {
    }
  } catch (...) {
    auto id = fmt::format("req-{}", ++request_counter_);
    detail::logger()->error("event=handler_exception request_id={} path={} error=unknown", id, shared_req->path);
    try {
      wrapped(internal_error_(*shared_req, id));
    } catch (...) {
    }
  }
}

void Router::dispatch(const Request& req, const Responder& respond) {
  bool is_get = req.method == "GET" || req.method == "HEAD";
  std::optional<CacheScope> scope;
  if (is_get && scope_) {
    scope = scope_();
    if (auto c = cache_.find(scope->generation, rawKey(req, *scope))) {
      respond(serveCached(*c, req));
      return;
    }
  }
  auto matches = matchPath(req.path);
  if (matches.empty()) {
    respond(not_found_(req));
    return;
  }
  std::vector<std::string> allowed;
  for (const auto& m : matches) {
    const std::string& rm = m.route->method;
    if (std::find(allowed.begin(), allowed.end(), rm) == allowed.end()) allowed.push_back(rm);
    if (rm == "GET" && std::find(allowed.begin(), allowed.end(), "HEAD") == allowed.end()) allowed.push_back("HEAD");
  }
  bool negotiated = false;
  const Match* chosen = choose(req, matches, negotiated);
  allowed.push_back("OPTIONS");
  std::string allow_header;
  for (const auto& a : allowed) allow_header += (allow_header.empty() ? "" : ", ") + a;
  if (req.method == "OPTIONS") {
    Response r;
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
  const Route& route = *chosen->route;
  // Every handler may take the decoded query for text: it is UTF-8 (a
  // cached target was checked when it was first answered).
  if (auto bad = invalidQueryEncoding(req.query)) {
    Response r = bad_request_(req, *bad);
    r.route = route.pattern;
    if (negotiated) addVary(r, "Accept");
    respond(std::move(r));
    return;
  }
  if (route.handle_async) {
    std::string pattern = route.pattern;
    route.handle_async(req, chosen->params, [respond, pattern, negotiated](Response out) {
      out.route = pattern;
      if (negotiated) addVary(out, "Accept");
      respond(std::move(out));
    });
    return;
  }
  Response r = route.handle(req, chosen->params);
  r.route = route.pattern;
  if (r.reusable && scope && !negotiated) cache_.put(scope->generation, rawKey(req, *scope), r.reusable);
  r.reusable.reset();
  if (negotiated) addVary(r, "Accept");
  respond(std::move(r));
}

const Router::Match* Router::choose(const Request& req, const std::vector<Match>& matches, bool& negotiated) const {
  negotiated = false;
  const Match* first = nullptr;
  const Match* html = nullptr;
  const Match* other = nullptr;
  for (const auto& m : matches) {
    const std::string& rm = m.route->method;
    if (!(rm == req.method || (rm == "GET" && req.method == "HEAD"))) continue;
    if (!first) first = &m;
    if (m.route->html) {
      if (!html) html = &m;
    } else if (!other) {
      other = &m;
    }
  }
  if (!html || !other || html->route->pattern != other->route->pattern) return first;
  negotiated = true;
  return acceptsHtml(req.header("accept")) ? html : other;
}

void Router::finish(const Request& req, Response r, std::chrono::steady_clock::time_point t0,
                    const Responder& respond) {
  auto known = cors_by_pattern_.find(r.route);
  bool cors = known == cors_by_pattern_.end() ? true : known->second;
  if (cors && (req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS")) {
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
    detail::logger()->info("method={} path={} query=\"{}\" route={} status={} bytes={} ms={:.3f} remote={} ua=\"{}\"",
                       req.method, req.path, req.query, r.route, r.status, r.body && !r.head_only ? r.body->size() : 0,
                       seconds * 1000, req.remote_address, ua ? std::string{*ua} : std::string{});
  }
  --in_flight_;
  respond(std::move(r));
}

}  // namespace pft::http
