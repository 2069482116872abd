#pragma once
// ApiApp: everything the API does except the transport. It owns the
// current Snapshot (swapped under a mutex, read through shared_ptr copies),
// the data-version poller thread, admin run threads, metrics and the
// response cache; it turns an HttpRequestIn into exactly one
// HttpResponseOut. No exception escapes handle(): one catch-all turns it
// into a 500 whose details go to the log under a request id.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "admin.hpp"
#include "http_types.hpp"
#include "metrics.hpp"
#include "pft/api/server.hpp"
#include "pft/core/clock.hpp"
#include "pft/core/pipeline.hpp"
#include "pft/store/store.hpp"
#include "snapshot.hpp"

namespace pft::api {

class ApiApp {
 public:
  ApiApp(store::Store& store, const Clock& clock, PipelineRunner* runner, const ServerOptions& options);
  ~ApiApp();

  // Loads the first snapshot; an unreachable database is an Error.
  Result<void> init();
  // Starts the data-version poller.
  void startBackground();
  // Stops the poller and waits for admin runs started here to finish.
  void stopBackground();

  // Reloads the snapshot if the data version moved (or always with `force`).
  Result<void> refresh(bool force = false);

  // Answers `req` through `respond` (now or later, from another thread).
  void handle(HttpRequestIn req, Responder respond) noexcept;

  std::int64_t inFlight() const { return in_flight_.load(); }

 private:
  struct DbState {
    bool up = true;
    std::string reason;
    std::optional<Instant> last_ingest;
  };

  void dispatch(const HttpRequestIn& req, const Responder& respond);
  std::shared_ptr<const Snapshot> snapshot() const;
  void pollLoop();
  void pollOnce();

  // Endpoints.
  HttpResponseOut health(const HttpRequestIn& req);
  HttpResponseOut tournaments(const HttpRequestIn& req, bool ics);
  HttpResponseOut tournament(const HttpRequestIn& req, const std::string& id, bool ics);
  HttpResponseOut venues(const HttpRequestIn& req);
  HttpResponseOut venue(const HttpRequestIn& req, const std::string& id);
  HttpResponseOut openApi(const HttpRequestIn& req);
  HttpResponseOut metrics(const HttpRequestIn& req);
  void adminIngest(const HttpRequestIn& req, const Responder& respond);
  HttpResponseOut adminRuns(const HttpRequestIn& req);
  HttpResponseOut adminRun(const HttpRequestIn& req, const std::string& id);
  std::optional<HttpResponseOut> authorize(const HttpRequestIn& req);

  // Raw-target cache ("GET /tournaments?limit=20" as the client wrote it):
  // a hit skips routing and validation. Entries live in the snapshot's cache.
  static std::string rawKey(const HttpRequestIn& req, std::size_t epoch);
  void remember(const Snapshot& snap, const HttpRequestIn& req, Instant now,
                const std::shared_ptr<const CachedResponse>& c) const;

  // Conditional GET + gzip from a cached response.
  HttpResponseOut fromCached(const CachedResponse& c, const HttpRequestIn& req) const;
  // Wraps a freshly rendered body (ETag from its hash) and answers it.
  HttpResponseOut fresh(int status, std::string content_type, std::string body, const HttpRequestIn& req,
                        const char* cache_control = "no-cache") const;
  void finish(const HttpRequestIn& req, HttpResponseOut r, std::chrono::steady_clock::time_point t0,
              const Responder& respond);

  store::Store& store_;
  const Clock& clock_;
  PipelineRunner* runner_;
  ServerOptions options_;
  std::vector<std::string> cors_origins_;
  bool cors_any_ = false;
  AdminAuth auth_;
  Metrics metrics_;
  std::string openapi_;
  std::atomic<std::int64_t> in_flight_{0};
  std::atomic<std::uint64_t> request_counter_{0};

  mutable std::mutex snap_mutex_;
  std::shared_ptr<const Snapshot> snap_;
  std::mutex reload_mutex_;  // one reload at a time

  mutable std::mutex db_mutex_;
  DbState db_;

  std::mutex poll_mutex_;
  std::condition_variable poll_cv_;
  bool stopping_ = false;
  std::thread poller_;

  std::mutex jobs_mutex_;
  std::vector<std::thread> jobs_;
  std::optional<std::int64_t> local_running_;  // run id started by this process
  bool local_run_active_ = false;
};

}  // namespace pft::api
