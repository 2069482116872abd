// `pft ingest`: fetch every enabled source of the catalog and write the raw
// events as JSON lines (ingestion::runIngest). Exit 0 when every source
// succeeded, 1 when some failed (the others' events are written), 2 for a bad
// catalog or option.

#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "context.hpp"
#include "pft/ingestion/curl_http.hpp"
#include "pft/ingestion/ingest.hpp"

namespace pft::app {
namespace {

struct IngestFlags {
  std::string catalog = "sources/catalog.yml";
  std::string out = "var/raw_events.jsonl";
  std::string state = "var/ingest_state";
  std::vector<std::string> sources;
  std::string now;
  int global_limit = ingestion::IngestOptions{}.global_limit;
  int per_host_limit = 2;
  int max_body_mb = static_cast<int>(ingestion::IngestOptions{}.max_body_bytes / (1024 * 1024));
};

int exitCodeFor(const Error& e) {
  switch (e.code) {
    case ErrorCode::kInvalidConfig:
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kNotFound:
      return kExitUsage;
    default:
      return kExitFailure;
  }
}

}  // namespace

void registerIngest(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  auto flags = std::make_shared<IngestFlags>();
  auto* cmd = app.add_subcommand(
      "ingest",
      "Fetch every enabled source of the catalog and write raw events as JSON lines.\n"
      "Exit 0 when every source succeeded, 1 when some failed (the others are written), 2 for a bad catalog.\n"
      "User agent: INGEST_USER_AGENT. Remembers ETag/Last-Modified per source under --state.");
  cmd->add_option("--catalog", flags->catalog, "Source catalog (YAML)")->capture_default_str();
  cmd->add_option("--out", flags->out, "Raw events file, replaced atomically")->capture_default_str();
  cmd->add_option("--source", flags->sources, "Only this source (repeatable); runs it even if disabled");
  cmd->add_option("--state", flags->state, "Folder for conditional-request state (\"\" = none)")
      ->capture_default_str();
  cmd->add_option("--now", flags->now, "ISO 8601 instant used as the current time (overrides PFT_NOW)");
  cmd->add_option("--global-limit", flags->global_limit, "HTTP requests in flight, all hosts")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  cmd->add_option("--per-host-limit", flags->per_host_limit, "HTTP requests in flight per host")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  cmd->add_option("--max-body-mb", flags->max_body_mb, "Largest document accepted per request, in MB")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  cmd->callback([&g, &exit_code, flags] {
    GlobalOptions global = g;
    if (!flags->now.empty()) global.now = flags->now;
    Context ctx = loadContext(global);

    ingestion::IngestOptions options;
    options.catalog_path = flags->catalog;
    options.out_path = flags->out;
    options.state_path = flags->state;
    options.only_sources = flags->sources;
    options.user_agent = ctx.config.ingest_user_agent;
    options.global_limit = flags->global_limit;
    options.per_host_limit = flags->per_host_limit;
    options.max_body_bytes = static_cast<std::int64_t>(flags->max_body_mb) * 1024 * 1024;
    const bool tty = ::isatty(::fileno(stderr)) != 0;
    if (tty) {
      options.progress = [](int done, int total) {
        std::fprintf(stderr, "\ringest: %d/%d sources", done, total);
        if (done == total) std::fputc('\n', stderr);
        std::fflush(stderr);
      };
    }

    ingestion::CurlHttpGet http(ctx.config.ingest_user_agent);
    auto report = ingestion::runIngest(options, http, *ctx.clock);
    if (!report) {
      const Error& e = report.error();
      throw ExitError(exitCodeFor(e), e.describe());
    }
    std::fputs(ingestion::formatIngestTable(*report).c_str(), stdout);
    const int failed = report->failed();
    if (report->output_written) {
      std::printf("%lld events from %zu sources written to %s", static_cast<long long>(report->events),
                  report->sources.size() - static_cast<size_t>(failed), options.out_path.c_str());
      if (failed > 0) std::printf("; %d source(s) failed", failed);
      std::printf("\n");
    } else {
      std::printf("every source failed: %s left as it was\n", options.out_path.c_str());
    }
    exit_code = failed > 0 ? kExitFailure : kExitOk;
  });
}

}  // namespace pft::app
