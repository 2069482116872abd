// `pft run`: ingest then normalize as one recorded run (ingest_runs), the
// same code path as POST /admin/ingest (pipeline_runner.hpp). Exit 0 all
// well, 1 some sources failed (the rest stored) or the run failed, 2 bad
// configuration (catalog, gazetteer, flags), 3 another run holds the lock.

#include <unistd.h>

#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "context.hpp"
#include "pft/ingestion/ingest.hpp"
#include "pipeline_runner.hpp"

namespace pft::app {

void registerRun(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  struct Opts {
    RunSettings settings;
    std::string trigger = "cli";
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "run",
      "Ingest every enabled source then normalise into DATABASE_URL, as one run recorded in ingest_runs\n"
      "(what the nightly job and POST /admin/ingest execute). Only one run at a time per database.\n"
      "Exit 0 all well; 1 some sources failed (the rest was stored) or the run failed;\n"
      "2 configuration error; 3 another run is in progress.");
  cmd->add_option("--catalog", o->settings.catalog_path, "Sources catalog (YAML)")->capture_default_str();
  cmd->add_option("--out", o->settings.raw_events_path, "Raw events file written by ingest, read by normalize")
      ->capture_default_str();
  cmd->add_option("--rejects", o->settings.rejects_path, "Rejected lines with their reason (JSON lines)")
      ->capture_default_str();
  cmd->add_option("--state", o->settings.state_path, "Per-source HTTP validators (ETag / Last-Modified)")
      ->capture_default_str();
  cmd->add_option("--gazetteer", o->settings.gazetteer_dir, "Gazetteer folder (default: data/gazetteer)");
  cmd->add_option("--source", o->settings.only_sources, "Only this source (repeatable)");
  cmd->add_option("--trigger", o->trigger, "Recorded trigger: cli (default) or schedule (the nightly job)")
      ->check(CLI::IsMember({"cli", "schedule", "admin"}));
  cmd->callback([&g, &exit_code, o] {
    Context ctx = loadContext(g);
    RunSettings settings = o->settings;
    settings.progress = ::isatty(STDERR_FILENO) != 0;
    auto runner = makePipelineRunner(ctx, settings);
    auto run = runner->runPipeline(o->trigger, [](std::int64_t id) {
      std::fprintf(stderr, "pft run: run #%lld started\n", static_cast<long long>(id));
    });
    if (!run) {
      const Error& e = run.error();
      switch (e.code) {
        case ErrorCode::kConflict: throw ExitError(kExitConflict, "run: " + e.message);
        case ErrorCode::kInvalidConfig:
        case ErrorCode::kInvalidArgument:
        case ErrorCode::kNotFound:
        case ErrorCode::kParse: throw ExitError(kExitUsage, e.describe());
        default: throw ExitError(kExitFailure, "run: " + e.describe());
      }
    }
    ingestion::IngestReport table;
    table.sources = run->sources;
    table.events = run->events_fetched;
    std::string out = ingestion::formatIngestTable(table);
    if (!out.empty() && out.back() != '\n') out += '\n';
    double seconds = run->finished_at ? std::chrono::duration<double>(*run->finished_at - run->started_at).count() : 0;
    out += fmt::format(
        "run #{} {}: {} events fetched; inserted {}, updated {}, unchanged {}, removed {}, duplicates {}, "
        "rejected {}, warned {} ({:.1f}s){}\n",
        run->id, run->status, run->events_fetched, run->inserted, run->updated, run->unchanged, run->removed,
        run->duplicates, run->rejected, run->warned, seconds, run->error.empty() ? "" : "; " + run->error);
    if ((run->rejected > 0 || run->warned > 0) && !settings.rejects_path.empty()) {
      out += fmt::format("rejected lines, warnings and their reasons are in {}\n", settings.rejects_path);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    exit_code = run->status == "ok" ? kExitOk : kExitFailure;
  });
}

}  // namespace pft::app
