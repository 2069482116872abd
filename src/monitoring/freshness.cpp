#include "pft/monitoring/freshness.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "pft/monitoring/duration.hpp"
#include "pft/store/store.hpp"

namespace pft::monitoring {

namespace {

bool isFinished(const IngestRun& r) { return r.status != "running"; }
bool isSuccessful(const IngestRun& r) { return r.status == "ok" || r.status == "partial"; }
Instant endOf(const IngestRun& r) { return r.finished_at.value_or(r.started_at); }

// A source result that brought nothing: failed, or ok with zero events.
// "not_modified" re-emits the previous events, so it is not empty.
bool isBadResult(const SourceRun& s) {
  if (s.status == "failed") return true;
  if (s.status == "not_modified") return false;
  return s.events <= 0;
}

std::string describeResult(const SourceRun& s) {
  if (s.status == "failed") return s.error.empty() ? std::string("failed") : "failed: " + s.error;
  return "0 events";
}

}  // namespace

MonitorReport buildFreshnessReport(std::int64_t upcoming, const std::vector<IngestRun>& runs, Instant now,
                                   const FreshnessOptions& options) {
  MonitorReport report;
  report.monitor = "freshness";

  if (upcoming <= 0) {
    report.findings.push_back(alertFinding("upcoming", "No upcoming tournaments found", upcoming));
  } else if (upcoming < options.min_upcoming) {
    report.findings.push_back(alertFinding(
        "upcoming",
        fmt::format("Only {} (expected at least {})", plural(upcoming, "upcoming tournament"), options.min_upcoming),
        upcoming));
  } else {
    report.findings.push_back(okFinding("upcoming", plural(upcoming, "upcoming tournament"), upcoming));
  }

  auto last_ok = std::find_if(runs.begin(), runs.end(), isSuccessful);
  if (last_ok == runs.end()) {
    report.findings.push_back(alertFinding("last_run", "No successful run recorded"));
  } else {
    auto age = std::chrono::duration_cast<std::chrono::seconds>(now - endOf(*last_ok));
    if (age < std::chrono::seconds{0}) age = std::chrono::seconds{0};
    Example ex{last_ok->id, "", "", formatLocalIso(endOf(*last_ok)), last_ok->status};
    std::string head = fmt::format("Last successful run #{} finished {} ago", last_ok->id, formatDuration(age));
    if (age > options.max_age) {
      report.findings.push_back(alertFinding(
          "last_run", fmt::format("{} (> {})", head, formatDuration(options.max_age)), age.count(), {ex}));
    } else {
      report.findings.push_back(
          okFinding("last_run", fmt::format("{} (at most {})", head, formatDuration(options.max_age)), age.count()));
    }
  }

  // Per source, its results in finished runs, newest first.
  struct Seen {
    std::vector<const SourceRun*> results;
    std::vector<const IngestRun*> in_runs;
  };
  std::map<std::string, Seen> by_source;
  std::vector<std::string> order;
  for (const auto& run : runs) {
    if (!isFinished(run)) continue;
    for (const auto& s : run.sources) {
      auto [it, inserted] = by_source.try_emplace(s.name);
      if (inserted) order.push_back(s.name);
      it->second.results.push_back(&s);
      it->second.in_runs.push_back(&run);
    }
  }
  const auto n = static_cast<std::size_t>(std::max(1, options.source_runs));
  int alerts = 0;
  for (const auto& name : order) {
    const Seen& seen = by_source[name];
    if (seen.results.size() < n) continue;
    bool all_bad = std::all_of(seen.results.begin(), seen.results.begin() + static_cast<std::ptrdiff_t>(n),
                               [](const SourceRun* s) { return isBadResult(*s); });
    if (!all_bad) continue;
    ++alerts;
    std::vector<Example> examples;
    for (std::size_t i = 0; i < n && i < kMaxExamples; ++i) {
      examples.push_back(Example{seen.in_runs[i]->id, describeResult(*seen.results[i]), "",
                                 formatLocalIso(seen.in_runs[i]->started_at), name});
    }
    report.findings.push_back(alertFinding(
        "sources",
        fmt::format("Source {} failed or returned nothing in its last {} (latest: {})", name,
                    plural(static_cast<std::int64_t>(n), "run"), describeResult(*seen.results[0])),
        static_cast<std::int64_t>(n), std::move(examples)));
  }
  if (alerts == 0) {
    report.findings.push_back(okFinding(
        "sources",
        fmt::format("No source failed or returned nothing in all of its last {} ({} checked)",
                    plural(static_cast<std::int64_t>(n), "run"), plural(static_cast<std::int64_t>(order.size()), "source")),
        static_cast<std::int64_t>(order.size())));
  }
  return report;
}

MonitorReport checkFreshness(store::Store& store, Instant now, const FreshnessOptions& options) {
  auto upcoming = store.countUpcoming(now);
  if (!upcoming) return cannotCheckReport("freshness", "cannot read the database: " + upcoming.error().describe());
  auto runs = store.listRuns(std::max(kFreshnessRunWindow, options.source_runs));
  if (!runs) return cannotCheckReport("freshness", "cannot read the database: " + runs.error().describe());
  return buildFreshnessReport(*upcoming, *runs, now, options);
}

}  // namespace pft::monitoring
