#include "pipeline_runner.hpp"

#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <exception>

#include "context.hpp"
#include "pft/core/geocode_cache.hpp"
#include "pft/core/tournament_sink.hpp"
#include "pft/ingestion/catalog.hpp"
#include "pft/ingestion/curl_http.hpp"
#include "pft/ingestion/ingest.hpp"
#include "pft/ingestion/limits.hpp"
#include "pft/normalize/gazetteer.hpp"
#include "pft/normalize/geocoder.hpp"
#include "pft/normalize/normalizer.hpp"
#include "pft/store/store.hpp"

namespace pft::app {

namespace {

std::string hostAndPid() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) buf[0] = '\0';
  return fmt::format("{}:{}", buf[0] != '\0' ? buf : "unknown", ::getpid());
}

bool isConfigError(const Error& e) {
  return e.code == ErrorCode::kInvalidConfig || e.code == ErrorCode::kInvalidArgument ||
         e.code == ErrorCode::kNotFound || e.code == ErrorCode::kParse;
}

// Releases the run lock on every path out of runPipeline.
struct LockGuard {
  store::Store& store;
  ~LockGuard() {
    auto r = store.releaseRunLock();
    if (!r) spdlog::warn("run lock release failed: {}", r.error().describe());
  }
};

class Runner final : public PipelineRunner {
 public:
  Runner(const Context& ctx, RunSettings settings) : config_(ctx.config), clock_(*ctx.clock), settings_(std::move(settings)) {}

  Result<IngestRun> runPipeline(const std::string& trigger,
                                const std::function<void(std::int64_t run_id)>& on_started) override {
    auto opened = store::openMigratedStore(config_.database);
    if (!opened) return opened.error();
    store::Store& store = **opened;

    auto locked = store.tryAcquireRunLock();
    if (!locked) return locked.error();
    if (!*locked) return conflict(store);
    LockGuard guard{store};

    closeAbandonedRuns(store);

    IngestRun run;
    run.trigger = trigger;
    run.status = "running";
    run.started_at = clock_.now();
    run.host = hostAndPid();
    auto id = store.startRun(run);
    if (!id) return id.error();
    run.id = *id;
    spdlog::info("run={} trigger={} started", run.id, trigger);
    if (on_started) on_started(run.id);

    Result<void> outcome = makeError(ErrorCode::kInternal, "pipeline did not finish");
    try {
      outcome = execute(store, run);
    } catch (const std::exception& e) {
      outcome = makeError(ErrorCode::kInternal, std::string("unexpected error: ") + e.what(), "pft run");
    }
    if (!outcome) {
      run.status = "failed";
      run.error = outcome.error().describe();
    }
    run.finished_at = clock_.now();
    auto finished = store.finishRun(run);
    if (!finished) spdlog::error("run={} could not be recorded as finished: {}", run.id, finished.error().describe());
    spdlog::info("run={} status={} fetched={} inserted={} updated={} unchanged={} removed={} rejected={} warned={}",
                 run.id, run.status, run.events_fetched, run.inserted, run.updated, run.unchanged, run.removed,
                 run.rejected, run.warned);
    if (!outcome && isConfigError(outcome.error())) return outcome.error();
    return run;
  }

 private:
  // The lock is held elsewhere: name the run that holds it when it is recorded.
  Error conflict(store::Store& store) {
    auto runs = store.listRuns(20);
    if (runs) {
      for (const auto& r : *runs) {
        if (r.status != "running") continue;
        return makeError(ErrorCode::kConflict,
                         fmt::format("another run is in progress: run #{} (trigger {}, started {}, on {}); "
                                     "try again when it has finished",
                                     r.id, r.trigger, formatLocalIso(r.started_at), r.host.empty() ? "?" : r.host),
                         "run lock");
      }
    }
    return makeError(ErrorCode::kConflict, "another run holds the pipeline lock; try again when it has finished",
                     "run lock");
  }

  // We hold the lock, so a run still marked running belongs to a process that
  // died (killed, machine rebooted): say so instead of leaving it running.
  void closeAbandonedRuns(store::Store& store) {
    auto runs = store.listRuns(50);
    if (!runs) return;
    for (auto r : *runs) {
      if (r.status != "running") continue;
      r.status = "failed";
      r.error = "interrupted: the process running it stopped before it finished";
      r.finished_at = clock_.now();
      auto done = store.finishRun(r);
      if (done) spdlog::warn("run={} was left running by a stopped process; marked failed", r.id);
    }
  }

  Result<void> execute(store::Store& store, IngestRun& run) {
    // Configuration first (gazetteer), so a mistake costs no fetching.
    const std::string gazetteer_dir =
        settings_.gazetteer_dir.empty() ? normalize::defaultGazetteerDir() : settings_.gazetteer_dir;
    auto gazetteer = normalize::Gazetteer::load(gazetteer_dir);
    if (!gazetteer) {
      Error e = gazetteer.error();
      e.code = ErrorCode::kInvalidConfig;
      e.where = "--gazetteer " + gazetteer_dir + (e.where.empty() ? "" : " (" + e.where + ")");
      return e;
    }

    ingestion::IngestOptions in;
    in.catalog_path = settings_.catalog_path;
    in.out_path = settings_.raw_events_path;
    in.state_path = settings_.state_path;
    in.only_sources = settings_.only_sources;
    in.user_agent = config_.ingest_user_agent;
    if (settings_.progress) {
      in.progress = [](int done, int total) {
        std::fprintf(stderr, "\ringest: %d/%d sources", done, total);
        if (done == total) std::fputc('\n', stderr);
      };
    }
    ingestion::CurlHttpGet fetch_http(config_.ingest_user_agent);
    auto ingested = ingestion::runIngest(in, fetch_http, clock_);
    if (!ingested) return ingested.error();
    run.sources = ingested->sources;
    // Stored in ingest_runs.sources and shown by /admin/runs: each source's
    // message stays short whatever a source sent (the runner caps it too).
    for (auto& source : run.sources) source.error = ingestion::capMessage(source.error);
    run.events_fetched = ingested->events;
    const int failed = ingested->failed();
    recordSourceHealth(store, run, *ingested);
    if (!ingested->output_written) {
      run.status = "failed";
      run.error = fmt::format("every source failed ({}); nothing normalised, previous data kept", failed) +
                  (run.error.empty() ? "" : "; " + run.error);
      return ok();
    }

    std::unique_ptr<HttpGet> geo_http;
    normalize::GeocoderOptions geo;
    geo.user_agent = config_.geocoder_user_agent;
    geo.nominatim_url = config_.nominatim_url;
    geo.min_delay_seconds = config_.geocoder_min_delay_seconds;
    if (!geo.user_agent.empty()) geo_http = std::make_unique<ingestion::CurlHttpGet>(geo.user_agent);
    // normalize sees the store only through its two roles.
    GeocodeCache& geocode_cache = store;
    TournamentSink& sink = store;
    normalize::Geocoder geocoder(*gazetteer, geo, geo_http.get(), &geocode_cache, clock_);

    normalize::NormalizeOptions norm;
    norm.in_path = settings_.raw_events_path;
    norm.rejects_path = settings_.rejects_path;
    norm.progress = settings_.progress;
    // What ingest knew of each source, straight from its report: only the
    // sources it fetched completely may have tournaments withdrawn.
    IngestManifest manifest;
    manifest.sources = ingested->sources;
    norm.manifest = std::move(manifest);
    auto normalized = normalize::runNormalize(norm, &sink, geocoder, clock_, nullptr);
    if (!normalized) return normalized.error();
    run.inserted = normalized->inserted;
    run.updated = normalized->updated;
    run.unchanged = normalized->unchanged;
    run.duplicates = normalized->duplicates;
    run.rejected = normalized->rejected();
    run.warned = normalized->warned_lines;
    run.removed = normalized->removed;
    for (const auto& w : normalized->withdrawals) {
      for (auto& s : run.sources) {
        if (s.name != w.source_name) continue;
        s.removed = w.withdrawn;
        s.upcoming_before = w.upcoming;
      }
    }
    if (!normalized->withdrawal_note.empty()) spdlog::info("run={} withdrawal: {}", run.id, normalized->withdrawal_note);
    run.status = failed > 0 ? "partial" : "ok";
    if (failed > 0) {
      run.error = fmt::format("{} source{} failed", failed, failed == 1 ? "" : "s") +
                  (run.error.empty() ? "" : "; " + run.error);
    }
    return ok();
  }

  // The public facts of every catalog source and this run's outcomes, for
  // /sources (api and web cannot read the catalog). Not recording them
  // does not fail the run: the page then shows the previous run's state,
  // and the run's error says why.
  void recordSourceHealth(store::Store& store, IngestRun& run, const ingestion::IngestReport& ingested) {
    auto catalog = ingestion::loadCatalog(settings_.catalog_path);
    if (!catalog) {
      noteHealthError(run, catalog.error());
      return;
    }
    std::vector<SourceReport> reports;
    reports.reserve(catalog->sources.size());
    for (const auto& src : catalog->sources) {
      SourceReport r;
      r.name = src.config.name;
      r.type = ingestion::sourceTypeName(src.config.type);
      r.organiser = src.organiser.empty() ? src.config.default_venue.name : src.organiser;
      r.homepage = src.homepage;
      r.enabled = src.config.enabled;
      for (const auto& outcome : ingested.sources) {
        if (outcome.name != r.name) continue;
        r.ran = true;
        r.status = outcome.status;
        r.events = outcome.events;
        r.failure = ingestion::classifySourceFailure(outcome, r.http_status);
      }
      reports.push_back(std::move(r));
    }
    auto recorded = store.recordSourceReports(reports, run.id, clock_.now());
    if (!recorded) noteHealthError(run, recorded.error());
  }

  static void noteHealthError(IngestRun& run, const Error& e) {
    spdlog::error("run={} source health not recorded: {}", run.id, e.describe());
    run.error += (run.error.empty() ? "" : "; ") + std::string("source health not recorded: ") + e.describe();
  }

  Config config_;
  const Clock& clock_;
  RunSettings settings_;
};

}  // namespace

std::unique_ptr<pft::PipelineRunner> makePipelineRunner(const Context& ctx, RunSettings settings) {
  return std::make_unique<Runner>(ctx, std::move(settings));
}

}  // namespace pft::app
