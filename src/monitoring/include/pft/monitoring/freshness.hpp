#pragma once
// Freshness monitor: are there upcoming tournaments, did a run succeed
// recently, and is any source failing or empty run after run? Reads the
// store only; the report builder is pure.

#include <chrono>
#include <cstdint>
#include <vector>

#include "pft/core/time.hpp"
#include "pft/core/types.hpp"
#include "pft/monitoring/report.hpp"

namespace pft::store {
class Store;
}

namespace pft::monitoring {

struct FreshnessOptions {
  std::int64_t min_upcoming = 1;                     // --min-upcoming
  std::chrono::seconds max_age{36 * 3600};           // --max-age: last successful run
  int source_runs = 3;                               // --source-runs: N last runs per source
};

// How many runs checkFreshness reads (newest first) to find the last success.
inline constexpr int kFreshnessRunWindow = 200;

// Findings, in this order:
//  upcoming   "OK: 1234 upcoming tournaments" | "ALERT: No upcoming tournaments found"
//             | "ALERT: Only 3 upcoming tournaments (expected at least 10)"
//  last_run   "OK: Last successful run #7 finished 5h ago (at most 36h)"
//             | "ALERT: Last successful run #7 finished 2d ago (> 36h)"
//             | "ALERT: No successful run recorded"
//  sources    one ALERT per source whose last N recorded results (in finished
//             runs) all failed or returned no event ("not_modified" counts as
//             returning events); else one OK line. A source with fewer than N
//             recorded results is not judged yet.
// A run counts as successful when its status is "ok" or "partial" (data was
// stored); the source check covers the sources that failed in a partial run.
// `runs` is newest first.
MonitorReport buildFreshnessReport(std::int64_t upcoming, const std::vector<IngestRun>& runs, Instant now,
                                   const FreshnessOptions& options);

// Reads the store and builds the report; an unreachable database gives a
// cannot_check report naming the error.
MonitorReport checkFreshness(store::Store& store, Instant now, const FreshnessOptions& options);

}  // namespace pft::monitoring
