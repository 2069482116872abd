// `pft monitor freshness|endpoints|anomalies`: the runbook's checks. Each
// prints one line per finding (OK: / ALERT:) or --json, optionally posts the
// ALERT lines to SLACK_WEBHOOK_URL (--notify), and exits 0 all OK, 1 at least
// one ALERT, 2 cannot check (database or API unreachable).
//
// Notification choice: a failure to notify (webhook down, SLACK_WEBHOOK_URL
// unset) is one line on stderr; the report is printed before notifying and
// the exit code stays the report's, so a scheduler never loses an alert.

#include <unistd.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "context.hpp"
#include "pft/ingestion/curl_http.hpp"
#include "pft/monitoring/anomalies.hpp"
#include "pft/monitoring/duration.hpp"
#include "pft/monitoring/endpoints.hpp"
#include "pft/monitoring/freshness.hpp"
#include "pft/monitoring/notify.hpp"
#include "pft/monitoring/report.hpp"
#include "pft/store/store.hpp"

namespace pft::app {

namespace {

struct MonitorFlags {
  bool json = false;
  bool notify = false;
};

std::chrono::seconds durationFlag(const std::string& flag, const std::string& text) {
  auto d = monitoring::parseDuration(text);
  if (!d) throw ExitError(kExitUsage, flag + ": " + d.error().message);
  return *d;
}

std::string hostName() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown host";
  return buf;
}

// Prints, notifies, sets the exit code.
void finish(const Context& ctx, const monitoring::MonitorReport& report, const MonitorFlags& flags, int& exit_code) {
  std::string out = flags.json ? monitoring::formatJson(report) : monitoring::formatText(report);
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  if (flags.notify) {
    ingestion::CurlHttpGet http(ctx.config.ingest_user_agent);
    monitoring::NotifyOptions options;
    options.heading = "pft monitor " + report.monitor + " (" + hostName() + ")";
    auto sent = monitoring::notifyAlerts(http, ctx.config.slack_webhook_url, report, options);
    if (!sent) std::fprintf(stderr, "pft monitor: notification failed: %s\n", sent.error().describe().c_str());
  }
  exit_code = monitoring::exitCode(report);
}

// Opens the database without migrating (monitors only read); unreachable ->
// a cannot-check report instead of a store.
std::unique_ptr<store::Store> openForMonitor(const Context& ctx, const std::string& monitor,
                                             std::optional<monitoring::MonitorReport>& failed) {
  auto store = store::openStore(ctx.config.database);
  if (!store) {
    failed = monitoring::cannotCheckReport(
        monitor, "database unreachable (" + ctx.config.database.original + "): " + store.error().describe());
    return nullptr;
  }
  return std::move(*store);
}

void addCommonFlags(CLI::App* cmd, MonitorFlags& flags) {
  cmd->add_flag("--json", flags.json, "Print the report as one JSON object instead of lines");
  cmd->add_flag("--notify", flags.notify, "Post the ALERT lines to SLACK_WEBHOOK_URL (Slack-compatible JSON)");
}

}  // namespace

void registerMonitor(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  auto* monitor = app.add_subcommand(
      "monitor",
      "Check freshness, endpoints or anomalies: one line per finding (OK: / ALERT:).\n"
      "Exit 0 all OK, 1 at least one ALERT, 2 cannot check (database or API unreachable).");
  monitor->require_subcommand(1);

  // freshness
  {
    struct Opts {
      MonitorFlags flags;
      std::int64_t min_upcoming = 1;
      std::string max_age = "36h";
      int source_runs = 3;
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = monitor->add_subcommand(
        "freshness", "Upcoming tournaments exist, the last successful run is recent, no source keeps failing");
    cmd->add_option("--min-upcoming", o->min_upcoming, "Alert below this many upcoming tournaments (default 1)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--max-age", o->max_age, "Alert when the last successful run is older (default 36h; 12h, 2d, 1w)");
    cmd->add_option("--source-runs", o->source_runs,
                    "Alert on a source that failed or returned nothing in each of its last N runs (default 3)")
        ->check(CLI::PositiveNumber);
    addCommonFlags(cmd, o->flags);
    cmd->callback([&g, &exit_code, o] {
      Context ctx = loadContext(g);
      monitoring::FreshnessOptions options;
      options.min_upcoming = o->min_upcoming;
      options.max_age = durationFlag("--max-age", o->max_age);
      options.source_runs = o->source_runs;
      std::optional<monitoring::MonitorReport> failed;
      auto store = openForMonitor(ctx, "freshness", failed);
      auto report = store ? monitoring::checkFreshness(*store, ctx.clock->now(), options) : *failed;
      finish(ctx, report, o->flags, exit_code);
    });
  }

  // endpoints
  {
    struct Opts {
      MonitorFlags flags;
      std::string api_url;
      std::string max_latency = "1s";
      std::string timeout = "10s";
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = monitor->add_subcommand(
        "endpoints", "GET /health and /tournaments answer 200 with the right JSON within --max-latency");
    cmd->add_option("--api-url", o->api_url, "API base URL (default API_URL, else http://127.0.0.1:8080)");
    cmd->add_option("--max-latency", o->max_latency, "Alert when slower (default 1s; 0.5, 1.5s, 500ms)");
    cmd->add_option("--timeout", o->timeout, "Give up waiting after this long (default 10s)");
    addCommonFlags(cmd, o->flags);
    cmd->callback([&g, &exit_code, o] {
      Context ctx = loadContext(g);
      monitoring::EndpointOptions options;
      options.api_url = o->api_url.empty() ? ctx.config.api_url : o->api_url;
      auto latency = monitoring::parseLatency(o->max_latency);
      if (!latency) throw ExitError(kExitUsage, "--max-latency: " + latency.error().message);
      auto timeout = monitoring::parseLatency(o->timeout);
      if (!timeout) throw ExitError(kExitUsage, "--timeout: " + timeout.error().message);
      options.max_latency = *latency;
      options.timeout = *timeout;
      ingestion::CurlHttpGet http(ctx.config.ingest_user_agent);
      finish(ctx, monitoring::checkEndpoints(http, options), o->flags, exit_code);
    });
  }

  // anomalies
  {
    struct Opts {
      MonitorFlags flags;
      std::int64_t max_buy_in_euros = 25000;
      std::string silent_after = "7d";
      std::string past_older_than = "0s";
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = monitor->add_subcommand(
        "anomalies",
        "Duplicates, non-positive or implausible buy-ins, past events, missing coordinates or department,\n"
        "night start times, silent sources, leftover HTML in titles; each with its count and up to 5 examples");
    cmd->add_option("--max-buy-in", o->max_buy_in_euros, "Alert on buy-ins above this many euros (default 25000)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--silent-after", o->silent_after, "Alert on a source without events for this long (default 7d)");
    cmd->add_option("--past-older-than", o->past_older_than,
                    "Count past events that ended more than this long ago (default 0s: every past event)");
    addCommonFlags(cmd, o->flags);
    cmd->callback([&g, &exit_code, o] {
      Context ctx = loadContext(g);
      monitoring::AnomalyOptions options;
      options.max_buy_in_cents = o->max_buy_in_euros * 100;
      options.silent_after = durationFlag("--silent-after", o->silent_after);
      options.past_grace = durationFlag("--past-older-than", o->past_older_than);
      std::optional<monitoring::MonitorReport> failed;
      auto store = openForMonitor(ctx, "anomalies", failed);
      auto report = store ? monitoring::checkAnomalies(*store, ctx.clock->now(), options) : *failed;
      finish(ctx, report, o->flags, exit_code);
    });
  }
}

}  // namespace pft::app
