#pragma once
// ApiServer: `pft serve` put together — the HTTP transport and router
// (pft::http), the read model (pft::readmodel::SnapshotHolder) and the API's
// route table (JSON + admin). Reads are answered from an immutable in-memory
// snapshot of the store (tournaments not finished + venues), reloaded when
// the store's data version changes (polled in a background thread, and right
// after an admin run in this process); the database stays off the hot path
// and an outage leaves the last snapshot served while /health says
// "degraded". Other route tables (the site) join through router() before
// start(); they read the same snapshot through readModel().
//
// Ownership: the server borrows the Store, the Clock and the PipelineRunner;
// they must outlive it. `runner` may be null: POST /admin/ingest then answers
// 503 with code "pipeline_unavailable".
// Thread safety: start()/stop()/runUntilSignal() from one controlling
// thread; requests are served on `threads` I/O threads.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "pft/core/clock.hpp"
#include "pft/core/pipeline.hpp"
#include "pft/core/result.hpp"
#include "pft/store/store.hpp"

namespace pft::http {
class Router;
class ResponseCache;
class RateLimiter;
}  // namespace pft::http
namespace pft::readmodel {
class SnapshotHolder;
}

namespace pft::api {

struct ServerOptions {
  std::string host = "127.0.0.1";  // address to bind
  std::uint16_t port = 8080;       // 0 = any free port (tests; read it back with port())
  unsigned threads = 0;            // I/O threads; 0 = one per core
  std::string cors_origins = "*";  // comma-separated origins or "*"; empty = no CORS headers
  std::string admin_username = "admin";
  std::string admin_password;  // empty = admin endpoints answer 503 "disabled"
  std::string site_url = "https://pokerfrancetournaments.fr";  // JSON-LD event URLs
  std::size_t max_connections = 2048;  // parallel connections; more wait in the accept queue
  std::size_t max_url_bytes = 8 * 1024;
  std::size_t max_field_bytes = 8 * 1024;   // one header value
  std::size_t max_header_fields = 100;
  std::size_t max_body_bytes = 16 * 1024;   // request bodies (forms)
  std::chrono::milliseconds read_timeout{10000};   // whole request (slow clients are cut)
  std::chrono::milliseconds write_timeout{10000};  // whole response
  std::chrono::milliseconds admin_wait_timeout{15 * 60 * 1000};  // POST /admin/ingest?wait=true
  std::chrono::milliseconds poll_interval{2000};   // data-version polling
  bool access_log = false;  // one key=value line per request on spdlog logger "api" (info)
  int auth_max_failures = 5;                        // failed admin logins per address ...
  std::chrono::seconds auth_failure_window{300};    // ... within this window ...
  std::chrono::seconds auth_block{300};             // ... block the address (429) this long
  std::size_t cache_max_bytes = 32 * 1024 * 1024;  // rendered-response cache budget
  // Submissions (POST /sources/suggest and the site's form « Proposer un
  // tournoi », one shared count): at most this many per client address
  // within the window; more get 429 and Retry-After.
  int submission_max_per_window = 5;
  std::chrono::seconds submission_window{3600};
};

class ApiServer {
 public:
  ApiServer(store::Store& store, const Clock& clock, PipelineRunner* runner, ServerOptions options);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // The read model the API serves from (for other route tables).
  readmodel::SnapshotHolder& readModel();
  // The response cache shared by every route table (keyed per data version).
  http::ResponseCache& responseCache();
  // The router: add route tables and error pages before start().
  http::Router& router();
  // The per-address limit on submissions, shared by every entry point (the
  // API's POST /sources/suggest and the site's form).
  http::RateLimiter& submissionLimiter();

  // Loads the first snapshot (an unreachable database is an Error: the
  // server does not start empty), binds, starts the I/O threads and the
  // poller. kIo when the address cannot be bound.
  Result<void> start();

  // The bound port (after start()).
  std::uint16_t port() const;

  // Graceful stop: stops accepting, lets in-flight requests finish (up to
  // `grace`), then stops the threads. Idempotent.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds{10000});

  // start(), then blocks until SIGTERM or SIGINT, then stop(). Returns 0 on
  // a clean stop; the start error otherwise.
  Result<void> runUntilSignal();

  // Reloads the snapshot now if the data version changed (used after runs;
  // tests). Returns the error of the store when it is unreachable.
  Result<void> refresh();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pft::api
