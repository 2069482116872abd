#pragma once
// Router: the Handler the server runs. Application modules (api, web) each
// declare their routes in one table (a vector of Route); `app` adds the
// tables to one Router. For every request the router:
//   1. answers GET/HEAD from the raw-target cache when the same target was
//      answered for the current data (see Response::reusable, CacheScope);
//   2. matches the path against every route ({name} is a path parameter,
//      possibly with a literal prefix/suffix in its segment: "{id}.ics";
//      a bare "{id}" never takes a value with a dot, so "/tournaments/5.ics"
//      is not id "5.ics"; a last segment "{name...}" takes the rest of
//      the path, one or more segments, never "." or "..");
//      nothing matched -> the not-found page; OPTIONS -> 204 + Allow; a
//      method not allowed -> 405 problem + Allow;
//      when two routes of one method share a pattern, one of them marked
//      `html` (the site's page) and one not (the API's JSON), the request's
//      Accept header picks (acceptsHtml): content negotiation on one path,
//      answered with "Vary: Accept" and never kept in the raw-target cache
//      (whose key has no Accept);
//   3. refuses a query whose parameter names or values, percent-decoded,
//      are not UTF-8 (the bad-request page: by default a 400 problem, code
//      invalid_encoding, naming the parameter), so that no handler ever
//      sees such text; otherwise calls the route's handler (synchronous or
//      asynchronous);
//   4. decorates the response: CORS (routes with `cors`), HEAD, metrics by
//      route pattern, the access log line, the in-flight count.
// No exception escapes: a throwing handler becomes the error page (a 500
// whose details go to the log under a request id).
// Thread safety: add routes and set pages before the server starts; then
// handle() is called from any number of threads.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pft/http/cache.hpp"
#include "pft/http/handler.hpp"
#include "pft/http/metrics.hpp"
#include "pft/http/problem.hpp"

namespace pft::http {

using SyncHandler = std::function<Response(const Request&, const PathParams&)>;
using AsyncHandler = std::function<void(const Request&, const PathParams&, Responder)>;

struct Route {
  std::string method;   // "GET" (also answers HEAD) or "POST"
  std::string pattern;  // "/tournaments/{id}"; also the metrics label
  SyncHandler handle;   // exactly one of handle / handle_async
  AsyncHandler handle_async;
  bool cors = true;  // CORS headers on GET/HEAD/OPTIONS (admin and HTML routes: false)
  // The HTML twin of another route with the same method and pattern (see
  // step 2 above); its `cors` is then ignored (the path's other route
  // decides).
  bool html = false;
};

// What the cached answers of the moment belong to: the data generation, the
// epoch (how many served tournaments have finished by now) and the day
// (pages say « aujourd'hui »). They change exactly when a cached answer may
// have become stale.
struct CacheScope {
  std::int64_t generation = 0;
  std::size_t epoch = 0;
  std::int64_t day = 0;
};

struct RouterOptions {
  std::string cors_origins = "*";  // comma-separated origins or "*"; empty = no CORS headers
  bool access_log = false;         // one key=value line per request on spdlog logger "http" (info)
};

class Router final : public Handler {
 public:
  Router(RouterOptions options, ResponseCache& cache);

  void add(std::vector<Route> routes);
  // Answers requests no route matches (default: 404 problem+json).
  void setNotFound(std::function<Response(const Request&)> page);
  // Answers a request refused before its handler ran (step 3); the Problem
  // says why (default: that Problem as problem+json).
  void setBadRequest(std::function<Response(const Request&, const Problem&)> page);
  // Answers a request whose handler threw (default: 500 problem+json naming
  // the request id).
  void setInternalError(std::function<Response(const Request&, const std::string& request_id)> page);
  // Enables the raw-target cache, scoped by `scope` (called per request).
  void setCacheScope(std::function<CacheScope()> scope);

  void handle(Request request, Responder respond) noexcept override;
  // Counted under the route "refused" (pft_http_requests_total) and logged
  // like any answer when the access log is on.
  void refused(const std::string& method, int status) noexcept override;

  Metrics& metrics() { return metrics_; }
  std::int64_t inFlight() const { return in_flight_.load(); }
  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Match {
    const Route* route = nullptr;
    PathParams params;
  };
  // The match that answers `req` among `matches` (same path): the first of
  // its method, or the Accept header's pick between an html twin and its
  // other route. `negotiated` says the latter happened.
  const Match* choose(const Request& req, const std::vector<Match>& matches, bool& negotiated) const;
  std::vector<Match> matchPath(std::string_view path) const;
  void dispatch(const Request& req, const Responder& respond);
  void finish(const Request& req, Response r, std::chrono::steady_clock::time_point t0, const Responder& respond);
  static std::string rawKey(const Request& req, const CacheScope& scope);

  RouterOptions options_;
  ResponseCache& cache_;
  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> split_patterns_;
  std::unordered_map<std::string, bool> cors_by_pattern_;  // pattern -> CORS headers or not
  std::vector<std::string> cors_origins_;
  bool cors_any_ = false;
  std::function<Response(const Request&)> not_found_;
  std::function<Response(const Request&, const Problem&)> bad_request_;
  std::function<Response(const Request&, const std::string&)> internal_error_;
  std::function<CacheScope()> scope_;
  Metrics metrics_;
  std::atomic<std::int64_t> in_flight_{0};
  std::atomic<std::uint64_t> request_counter_{0};
};

}  // namespace pft::http
