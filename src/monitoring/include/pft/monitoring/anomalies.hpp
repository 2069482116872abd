#pragma once
// Anomaly monitor: data problems an operator should look at, each with its
// count and up to five examples. The report builder is pure (tournaments,
// venues and runs in; findings out); checkAnomalies reads them from the store.

#include <chrono>
#include <cstdint>
#include <vector>

#include "pft/core/similarity.hpp"
#include "pft/core/time.hpp"
#include "pft/core/types.hpp"
#include "pft/monitoring/report.hpp"

namespace pft::store {
class Store;
}

namespace pft::monitoring {

struct AnomalyOptions {
  std::int64_t max_buy_in_cents = 2'500'000;       // --max-buy-in (euros on the CLI): above is implausible
  int night_from_hour = 1;                         // start in [01:00, 07:00) Paris is suspicious
  int night_to_hour = 7;
  std::chrono::seconds silent_after{7 * 86400};    // --silent-after: source without events that long
  std::chrono::seconds past_grace{0};              // --past-older-than: past events older than this
  std::chrono::seconds near_window{2 * 3600};      // near duplicates: starts this close
  // and folded titles this similar (text::titleSimilarity; the threshold normalize merges at)
  double near_similarity = text::kSimilarTitleThreshold;
  std::chrono::seconds withdrawal_window{7 * 86400};  // mass withdrawals: runs started this recently
};

// Checks, in this order (check names for JSON in brackets); only the ALERTs
// are listed, or the single line "OK: No anomalies detected":
//  [duplicates]       same venue, folded title and Paris date
//  [near_duplicates]  same venue, starts within near_window, titles >= 90 % similar, not exact
//  [non_positive_buy_in] buy-in < 0, or 0 without the "freeroll" tag (or the
//                     word freeroll / gratuit in the title)
//  [past_events]      ended (end, else start) before now - past_grace
//  [no_coordinates]   tournaments whose venue has no latitude/longitude
//  [no_department]    venues without department
//  [implausible_buy_in] buy-in above max_buy_in_cents
//  [night_start]      time_known and start in [night_from, night_to) Paris
//  [silent_sources]   a source (of the latest finished run, or of stored
//                     tournaments) whose last sign of life — a run where it
//                     brought events or was not modified, or the last_seen_at
//                     of its tournaments — is older than silent_after
//  [html_in_title]    a tag (<b>, </p>, <br/>) or an entity (&amp; &#39;) in a title
//  [mass_withdrawal]  a source that, in one finished run started within
//                     withdrawal_window, withdrew more than half of its
//                     upcoming tournaments (SourceRun::removed * 2 >
//                     upcoming_before): a site redesign or a broken page
//                     more often than a real mass cancellation. One example
//                     per source, its latest such run.
// `runs` newest first.
MonitorReport buildAnomalyReport(const std::vector<Tournament>& tournaments, const std::vector<Venue>& venues,
                                 const std::vector<IngestRun>& runs, Instant now, const AnomalyOptions& options);

// How many runs checkAnomalies reads (newest first) for silent sources.
inline constexpr int kAnomalyRunWindow = 500;

// Reads every tournament (past included), venue and the last runs.
MonitorReport checkAnomalies(store::Store& store, Instant now, const AnomalyOptions& options);

// Helper, exposed for tests.
bool hasLeftoverHtml(const std::string& title);

}  // namespace pft::monitoring
