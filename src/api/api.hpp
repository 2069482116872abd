#pragma once
// Api: the JSON endpoints and the admin endpoints of `pft serve`, declared
// in ONE table (routes.cpp, also the source of /openapi.json). Reads come
// from the read model (SnapshotHolder); rendered answers are kept in the
// shared ResponseCache; admin runs go through PipelineRunner on their own
// threads. Private to the api module.
//
// Ownership: borrows everything it is given; stopBackground() joins the
// admin run threads (call it before the borrowed objects go away).
// Thread safety: handlers run on any I/O thread.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "admin.hpp"
#include "pft/api/server.hpp"
#include "pft/core/clock.hpp"
#include "pft/core/pipeline.hpp"
#include "pft/http/cache.hpp"
#include "pft/http/problem.hpp"
#include "pft/http/rate_limit.hpp"
#include "pft/http/router.hpp"
#include "pft/readmodel/holder.hpp"
#include "pft/store/store.hpp"

namespace pft::api {

// series.cpp: tournament i of `s` as JSON with its "series_id" (null when in
// no series); "series_id" of tournament `tournament_id` from `s` added to `j`;
// series k of `s` as JSON (members not finished at `now`).
nlohmann::json tournamentWithSeries(const readmodel::Snapshot& s, std::size_t i);
void addSeriesId(nlohmann::json& j, const readmodel::Snapshot& s, std::int64_t tournament_id);
nlohmann::json seriesToJson(const readmodel::Snapshot& s, std::size_t k, Instant now, const std::string& site_url);

class Api {
 public:
  Api(readmodel::SnapshotHolder& model, store::Store& store, const Clock& clock, PipelineRunner* runner,
      http::ResponseCache& cache, http::Router& router, http::RateLimiter& limiter, const ServerOptions& options);
  ~Api();

  // The route table bound to this instance, for the Router.
  std::vector<http::Route> routes();
  // Waits for admin runs started here to finish.
  void stopBackground();

  // Endpoints (the route table points at them).
  http::Response health(const http::Request& req, const http::PathParams& params);
  http::Response tournaments(const http::Request& req, const http::PathParams& params);
  http::Response tournamentsIcs(const http::Request& req, const http::PathParams& params);
  http::Response tournament(const http::Request& req, const http::PathParams& params);
  http::Response tournamentIcs(const http::Request& req, const http::PathParams& params);
  http::Response tournamentHistory(const http::Request& req, const http::PathParams& params);
  http::Response venues(const http::Request& req, const http::PathParams& params);
  http::Response venue(const http::Request& req, const http::PathParams& params);
  http::Response seriesList(const http::Request& req, const http::PathParams& params);  // series.cpp
  http::Response seriesOne(const http::Request& req, const http::PathParams& params);
  http::Response openApi(const http::Request& req, const http::PathParams& params);
  http::Response metrics(const http::Request& req, const http::PathParams& params);
  http::Response sources(const http::Request& req, const http::PathParams& params);
  http::Response suggestSource(const http::Request& req, const http::PathParams& params);
  void adminIngest(const http::Request& req, const http::PathParams& params, http::Responder respond);
  http::Response adminRuns(const http::Request& req, const http::PathParams& params);
  http::Response adminRun(const http::Request& req, const http::PathParams& params);

 private:
  http::Response list(const http::Request& req, bool ics);
  http::Response one(const http::Request& req, const std::string& id, bool ics);
  std::optional<http::Response> authorize(const http::Request& req);
  // Keeps `c` in the cache under `key` for the current snapshot, and answers
  // it (marked reusable for the raw-target cache).
  http::Response keep(const readmodel::Snapshot& snap, const std::string& key,
                      std::shared_ptr<const http::CachedResponse> c, const http::Request& req);
  http::Response reuse(std::shared_ptr<const http::CachedResponse> c, const http::Request& req);

  readmodel::SnapshotHolder& model_;
  store::Store& store_;
  const Clock& clock_;
  PipelineRunner* runner_;
  http::ResponseCache& cache_;
  http::Router& router_;
  http::RateLimiter& limiter_;
  ServerOptions options_;
  AdminAuth auth_;
  std::string openapi_;

  std::mutex jobs_mutex_;
  std::vector<std::thread> jobs_;
  std::optional<std::int64_t> local_running_;  // run id started by this process
  bool local_run_active_ = false;
};

}  // namespace pft::api
