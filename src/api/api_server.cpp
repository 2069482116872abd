// ApiServer: the composition of http::Server + http::Router +
// readmodel::SnapshotHolder + the Api route table.

#include "pft/api/server.hpp"

#include <spdlog/spdlog.h>

#include "api.hpp"
#include "pft/http/cache.hpp"
#include "pft/http/rate_limit.hpp"
#include "pft/http/router.hpp"
#include "pft/http/server.hpp"
#include "pft/readmodel/holder.hpp"

namespace pft::api {
namespace {

http::ServerOptions transportOptions(const ServerOptions& o) {
  http::ServerOptions t;
  t.host = o.host;
  t.port = o.port;
  t.threads = o.threads;
  t.max_connections = o.max_connections;
  t.max_url_bytes = o.max_url_bytes;
  t.max_field_bytes = o.max_field_bytes;
  t.max_header_fields = o.max_header_fields;
  t.max_body_bytes = o.max_body_bytes;
  t.read_timeout = o.read_timeout;
  t.write_timeout = o.write_timeout;
  t.handle_timeout = std::max(o.admin_wait_timeout, std::chrono::milliseconds{10000});
  return t;
}

}  // namespace

struct ApiServer::Impl {
  Impl(store::Store& store, const Clock& clock, PipelineRunner* runner, ServerOptions opts)
      : options(std::move(opts)),
        clock(clock),
        model(store, clock, readmodel::HolderOptions{options.poll_interval}),
        cache(options.cache_max_bytes),
        router(http::RouterOptions{options.cors_origins, options.access_log}, cache),
        limiter(options.submission_max_per_window, options.submission_window),
        api(model, store, clock, runner, cache, router, limiter, options),
        server(router, transportOptions(options)) {
    router.add(api.routes());
    router.setCacheScope([this] {
      auto snap = model.current();
      if (!snap) return http::CacheScope{};
      Instant now = this->clock.now();
      auto local_day = std::chrono::floor<std::chrono::days>(instantToLocal(now)).time_since_epoch().count();
      return http::CacheScope{snap->data_version, snap->epoch(now), local_day};
    });
  }

  ServerOptions options;
  const Clock& clock;
  readmodel::SnapshotHolder model;
  http::ResponseCache cache;
  http::Router router;
  http::RateLimiter limiter;
  Api api;
  http::Server server;
  bool started = false;
  bool stopped = false;
};

ApiServer::ApiServer(store::Store& store, const Clock& clock, PipelineRunner* runner, ServerOptions options)
    : impl_(std::make_unique<Impl>(store, clock, runner, std::move(options))) {}

ApiServer::~ApiServer() { stop(); }

readmodel::SnapshotHolder& ApiServer::readModel() { return impl_->model; }
http::ResponseCache& ApiServer::responseCache() { return impl_->cache; }
http::Router& ApiServer::router() { return impl_->router; }
http::RateLimiter& ApiServer::submissionLimiter() { return impl_->limiter; }

Result<void> ApiServer::start() {
  Impl& m = *impl_;
  if (m.started) return makeError(ErrorCode::kInternal, "the server was already started");
  auto first = m.model.init();
  if (!first) {
    return makeError(ErrorCode::kDatabase, "cannot load the first snapshot: " + first.error().describe(),
                     first.error().where);
  }
  auto listening = m.server.start();
  if (!listening) return listening;
  m.started = true;
  m.model.startPolling();
  return ok();
}

std::uint16_t ApiServer::port() const { return impl_->server.port(); }

Result<void> ApiServer::refresh() { return impl_->model.refresh(false); }

void ApiServer::stop(std::chrono::milliseconds grace) {
  Impl& m = *impl_;
  if (!m.started || m.stopped) return;
  m.stopped = true;
  m.server.stop(grace);
  m.api.stopBackground();
  m.model.stopPolling();
}

Result<void> ApiServer::runUntilSignal() {
  // Block the signals in every thread started from here on; wait for them
  // with sigwait on this thread.
  http::blockStopSignals();
  auto started = start();
  if (!started) return started;
  const char* sig = http::waitForStopSignal();
  spdlog::warn("event=shutdown signal={}", sig);
  stop();
  return ok();
}

}  // namespace pft::api
