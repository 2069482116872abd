// `pft normalize`: raw events (JSON lines) -> tournaments in the database, or
// one JSON line per input line on stdout with --dry-run. Wiring only: the
// work is pft::normalize::runNormalize.

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include <spdlog/spdlog.h>

#include "context.hpp"
#include "pft/core/geocode_cache.hpp"
#include "pft/core/json.hpp"
#include "pft/core/tournament_sink.hpp"
#include "pft/ingestion/curl_http.hpp"
#include "pft/normalize/gazetteer.hpp"
#include "pft/normalize/geocoder.hpp"
#include "pft/normalize/normalizer.hpp"
#include "pft/store/store.hpp"

namespace pft::app {

namespace {

struct NormalizeFlags {
  std::string in = "var/raw_events.jsonl";
  std::string rejects = "var/rejects.jsonl";
  std::string gazetteer;
  bool dry_run = false;
};

// The manifest `pft ingest` wrote beside `events_path`: which sources were
// fetched completely (only theirs may be withdrawn). None, or one that
// cannot be read: nothing is withdrawn, and stderr says why.
std::optional<IngestManifest> readManifest(const std::string& events_path) {
  const std::string path = ingestManifestPath(events_path);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) {
    std::fprintf(stderr, "normalize: %s could not be read: nothing withdrawn\n", path.c_str());
    return std::nullopt;
  }
  auto parsed = parseIngestManifest(text.str());
  if (!parsed) {
    std::fprintf(stderr, "normalize: %s: %s: nothing withdrawn\n", path.c_str(), parsed.error().describe().c_str());
    return std::nullopt;
  }
  return std::move(*parsed);
}

void runNormalizeCommand(const GlobalOptions& g, const NormalizeFlags& flags, int& exit_code) {
  Context ctx = loadContext(g);
  // main.cpp restarts this command with glibc.malloc.hugetlb=1 unless
  // GLIBC_TUNABLES was set: say which way it ran.
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  spdlog::debug("event=malloc glibc_tunables=\"{}\"", tunables ? tunables : "");

  std::error_code ec;
  if (!std::filesystem::is_regular_file(flags.in, ec)) {
    throw ExitError(kExitFailure, "--in " + flags.in +
                                      ": no such file (run `pft ingest` first, or pass --in FILE)");
  }

  const std::string gazetteer_dir = flags.gazetteer.empty() ? normalize::defaultGazetteerDir() : flags.gazetteer;
  auto gazetteer = normalize::Gazetteer::load(gazetteer_dir);
  if (!gazetteer) {
    throw ExitError(flags.gazetteer.empty() ? kExitFailure : kExitUsage,
                    "--gazetteer: " + gazetteer.error().describe());
  }

  std::unique_ptr<store::Store> store;
  if (!flags.dry_run) {
    auto opened = store::openMigratedStore(ctx.config.database);
    if (!opened) throw ExitError(kExitFailure, "DATABASE_URL: " + opened.error().describe());
    store = std::move(*opened);
  }
  // normalize sees the store only through its two roles (null in dry-run).
  GeocodeCache* geocode_cache = store.get();
  TournamentSink* sink = store.get();

  std::unique_ptr<HttpGet> http;
  normalize::GeocoderOptions geo;
  geo.user_agent = ctx.config.geocoder_user_agent;
  geo.nominatim_url = ctx.config.nominatim_url;
  geo.min_delay_seconds = ctx.config.geocoder_min_delay_seconds;
  if (!geo.user_agent.empty()) http = std::make_unique<ingestion::CurlHttpGet>(geo.user_agent);
  normalize::Geocoder geocoder(*gazetteer, geo, http.get(), geocode_cache, *ctx.clock);

  normalize::NormalizeOptions options;
  options.in_path = flags.in;
  options.rejects_path = flags.rejects;
  options.dry_run = flags.dry_run;
  options.progress = ::isatty(STDERR_FILENO) != 0;
  if (!flags.dry_run) options.manifest = readManifest(flags.in);

  auto report = normalize::runNormalize(options, sink, geocoder, *ctx.clock, &std::cout);
  if (!report) {
    const Error& e = report.error();
    std::string flag = e.where == flags.rejects ? "--rejects " : (e.where == flags.in ? "--in " : "");
    throw ExitError(kExitFailure, "normalize: " + flag + e.describe());
  }
  // stdout carries the JSON lines in dry-run: the summary goes to stderr then.
  std::FILE* summary_out = flags.dry_run ? stderr : stdout;
  std::fprintf(summary_out, "normalize: %s%s\n", report->summary().c_str(), flags.dry_run ? " (dry run)" : "");
  if (!report->withdrawal_note.empty()) {
    std::fprintf(summary_out, "normalize: withdrawal: %s\n", report->withdrawal_note.c_str());
  }
  if ((report->rejected() > 0 || report->warned_lines > 0) && !flags.rejects.empty()) {
    std::fprintf(summary_out, "normalize: rejected lines and warnings (kept lines with a field left null) are in %s\n",
                 flags.rejects.c_str());
  }
  std::fflush(summary_out);
  exit_code = kExitOk;
}

}  // namespace

void registerNormalize(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  auto flags = std::make_shared<NormalizeFlags>();
  auto* cmd = app.add_subcommand(
      "normalize",
      "Turn raw events (JSON lines from `pft ingest`) into tournaments: French dates, buy-ins,\n"
      "variants, venues geocoded (gazetteer; Nominatim when GEOCODER_USER_AGENT is set),\n"
      "duplicates merged, then upserted into DATABASE_URL (migrated first). A tournament\n"
      "keeps its row by its identity at its source. When the manifest `pft ingest` wrote\n"
      "beside --in says a source was fetched completely, its upcoming tournaments absent\n"
      "from the file are withdrawn (status removed).\n"
      "Rejected lines go to the rejects file with their reason; lines kept with an unreadable\n"
      "buy-in or end go there too, as warnings. Exit 0; 1 when the input is\n"
      "missing or unreadable or the database fails; 2 for bad options.");
  cmd->add_option("--in", flags->in, "Raw events, one JSON object per line")->capture_default_str();
  cmd->add_flag("--dry-run", flags->dry_run,
                "Touch no database: print one JSON line per input line (tournament or rejection)");
  cmd->add_option("--rejects", flags->rejects, "Where rejected lines are written (JSON lines)")
      ->capture_default_str();
  cmd->add_option("--gazetteer", flags->gazetteer,
                  "Folder holding communes.tsv and departements.tsv (default: data/gazetteer, found "
                  "beside the checkout or the install)");
  cmd->callback([&g, flags, &exit_code] { runNormalizeCommand(g, *flags, exit_code); });
}

}  // namespace pft::app
