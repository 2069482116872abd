// `pft status`: is the database reachable, how many venues and upcoming /
// past tournaments, and the last runs with each source's outcome: the view
// that replaces reading CI logs. Exit 0, or 2 when the database cannot be
// read (said as such).

#include <cstdio>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "context.hpp"
#include "pft/core/json.hpp"
#include "pft/monitoring/duration.hpp"
#include "pft/store/store.hpp"

namespace pft::app {

namespace {

std::string runDuration(const IngestRun& r) {
  if (!r.finished_at) return "running";
  return monitoring::formatDuration(std::chrono::duration_cast<std::chrono::seconds>(*r.finished_at - r.started_at));
}

}  // namespace

void registerStatus(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  struct Opts {
    int runs = 5;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "status", "Database reachable?, counts (venues, upcoming, past) and the last runs with per-source outcome");
  cmd->add_option("--runs", o->runs, "How many recent runs to show (default 5)")->check(CLI::NonNegativeNumber);
  cmd->add_flag("--json", o->json, "Print one JSON object");
  cmd->callback([&g, &exit_code, o] {
    Context ctx = loadContext(g);
    const std::string& url = ctx.config.database.original;
    bool reachable = false;
    // Unreachable, or reachable but without the schema: said as such, exit 2.
    auto unreadable = [&](const Error& e) {
      std::string what = reachable ? "reachable but unreadable (schema missing? run pft migrate)" : "UNREACHABLE";
      if (o->json) {
        nlohmann::json j = {{"database", url}, {"reachable", reachable}, {"error", e.describe()}};
        std::printf("%s\n", j.dump().c_str());
      } else {
        std::printf("Database: %s %s: %s\n", url.c_str(), what.c_str(), e.describe().c_str());
      }
      exit_code = kExitUsage;
    };
    auto store = store::openStore(ctx.config.database);
    if (!store) return unreadable(store.error());
    if (auto p = (*store)->ping(); !p) return unreadable(p.error());
    reachable = true;
    Instant now = ctx.clock->now();
    auto counts = (*store)->counts(now);
    if (!counts) return unreadable(counts.error());
    auto runs = (*store)->listRuns(o->runs);
    if (!runs) return unreadable(runs.error());

    if (o->json) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& r : *runs) list.push_back(ingestRunToJson(r));
      nlohmann::json j = {{"database", url},
                          {"backend", (*store)->backendName()},
                          {"reachable", true},
                          {"now", formatLocalIso(now)},
                          {"venues", counts->venues},
                          {"upcoming", counts->upcoming},
                          {"past", counts->past},
                          {"runs", std::move(list)}};
      std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
      exit_code = kExitOk;
      return;
    }
    std::string out = fmt::format("Database: {} ({}) reachable\n", url, (*store)->backendName());
    out += fmt::format("Venues: {}\nUpcoming tournaments: {}\nPast tournaments: {}\n", counts->venues,
                       counts->upcoming, counts->past);
    if (runs->empty()) {
      out += "Last runs: none recorded (pft run)\n";
    } else {
      out += fmt::format("Last {} run{}:\n", runs->size(), runs->size() == 1 ? "" : "s");
    }
    for (const auto& r : *runs) {
      out += fmt::format("  #{} {} {} started {} ({}): fetched {}, inserted {}, updated {}, unchanged {}, "
                         "duplicates {}, rejected {}{}\n",
                         r.id, r.trigger, r.status, formatLocalIso(r.started_at), runDuration(r), r.events_fetched,
                         r.inserted, r.updated, r.unchanged, r.duplicates, r.rejected,
                         r.error.empty() ? "" : "; error: " + r.error);
      for (const auto& s : r.sources) {
        out += fmt::format("    {} {} HTTP {} {} event{} {:.2f}s{}\n", s.name, s.status,
                           s.http_status > 0 ? std::to_string(s.http_status) : std::string("-"), s.events,
                           s.events == 1 ? "" : "s", s.seconds, s.error.empty() ? "" : ": " + s.error);
      }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    exit_code = kExitOk;
  });
}

}  // namespace pft::app
