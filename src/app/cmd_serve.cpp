// `pft serve`: the French site (pft::web::Site) and the HTTP API (pft::api::ApiServer) on HOST:PORT, reading
// DATABASE_URL, with POST /admin/ingest wired to the same pipeline as
// `pft run`. Stops on SIGTERM / SIGINT (also as PID 1 in a container): stops
// accepting, lets in-flight requests finish for up to 3 s, and exits 0 within
// 4.5 s, under the 5 s that platforms give by default before SIGKILL. An admin
// run still in progress then is not waited for: the process exits, the
// database rolls its open batch back and releases the run lock, and the next
// run marks it failed. Exit 1 when the database cannot be opened or the
// address cannot be bound; 2 for a bad flag or variable.

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include <fmt/format.h>

#include <cstdio>

#include "context.hpp"
#include "pft/api/server.hpp"
#include "pft/store/store.hpp"
#include "pft/web/site.hpp"
#include "pipeline_runner.hpp"
#include "stop_signals.hpp"

namespace pft::app {

namespace {
constexpr std::chrono::milliseconds kInFlightGrace{3000};
constexpr std::chrono::milliseconds kStopDeadline{4500};
}  // namespace

void registerServe(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  struct Opts {
    std::string host;   // empty = HOST (default 127.0.0.1)
    int port = -1;      // -1 = PORT, else API_PORT, else 8080
    unsigned threads = 0;
    bool access_log = false;
    std::string site_url;  // empty = SITE_URL, else https://pokerfrancetournaments.fr
    RunSettings run;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "serve",
      "Serve the French web site and the HTTP API (docs/api.md) from DATABASE_URL on HOST:PORT.\n"
      "Environment: PORT / API_PORT, HOST, CORS_ORIGINS (default *), ADMIN_USERNAME / ADMIN_PASSWORD\n"
      "(no password: admin endpoints answer 503). SIGTERM / SIGINT finish in-flight requests, then exit 0.");
  cmd->add_option("--host", o->host, "Address to bind (default: HOST, else 127.0.0.1)");
  cmd->add_option("--port", o->port, "Port (default: PORT, else API_PORT, else 8080)")->check(CLI::Range(0, 65535));
  cmd->add_option("--threads", o->threads, "I/O threads (default: one per core)");
  cmd->add_flag("--access-log", o->access_log, "One key=value line per request on the 'http' logger");
  cmd->add_option("--site-url", o->site_url,
                  "Public site URL: canonical links, sitemap, JSON-LD, ICS (default: SITE_URL, else "
                  "https://pokerfrancetournaments.fr)");
  cmd->add_option("--catalog", o->run.catalog_path, "Sources catalog for POST /admin/ingest runs")
      ->capture_default_str();
  cmd->add_option("--gazetteer", o->run.gazetteer_dir, "Gazetteer folder for admin runs (default: data/gazetteer)");
  cmd->callback([&g, &exit_code, o] {
    // Before any thread exists (store pools, I/O threads): the signals are
    // then delivered to waitForStopSignal below and to no other thread.
    blockStopSignals();

    Context ctx = loadContext(g);
    const Config& c = ctx.config;
    auto store = store::openMigratedStore(c.database);
    if (!store) throw ExitError(kExitFailure, "serve: " + store.error().describe());

    api::ServerOptions so;
    so.host = o->host.empty() ? c.host : o->host;
    so.port = static_cast<std::uint16_t>(o->port >= 0 ? o->port : c.port);
    so.threads = o->threads;
    so.cors_origins = c.cors_origins;
    so.admin_username = c.admin_username;
    so.admin_password = c.admin_password;
    so.site_url = o->site_url.empty() ? c.site_url : o->site_url;
    so.access_log = o->access_log;

    auto runner = makePipelineRunner(ctx, o->run);
    api::ApiServer server(**store, *ctx.clock, runner.get(), so);
    web::SiteOptions site_options;
    site_options.site_url = so.site_url;
    site_options.map_tile_url = c.map_tile_url;
    site_options.map_tile_attribution = c.map_tile_attribution;
    site_options.submissions = store->get();
    site_options.submission_limiter = &server.submissionLimiter();
    auto site = web::Site::create(server.readModel(), *ctx.clock, server.responseCache(), site_options);
    if (!site) throw ExitError(kExitUsage, "serve: " + site.error().describe());
    (*site)->install(server.router());
    auto started = server.start();
    if (!started) throw ExitError(kExitFailure, "serve: " + started.error().describe());
    // What a newcomer running `make run` needs to read; stderr, like all progress.
    std::fprintf(stderr,
                 "pft serve: the site is at http://%s:%u/ (API: /tournaments, /openapi.json; database %s); "
                 "Ctrl-C to stop\n",
                 so.host.c_str(), static_cast<unsigned>(server.port()), c.database.original.c_str());
    if (!waitForStopSignal([&server] { server.stop(kInFlightGrace); }, kStopDeadline)) {
      spdlog::warn(
          "event=shutdown_forced ms={} reason=\"still stopping (an admin run in progress?); the next run "
          "marks an unfinished run failed\"",
          kStopDeadline.count());
      spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& l) { l->flush(); });
      std::fflush(nullptr);
      std::_Exit(kExitOk);
    }
    exit_code = kExitOk;
  });
}

}  // namespace pft::app
