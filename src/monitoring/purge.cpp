#include "pft/monitoring/purge.hpp"

#include <fmt/format.h>

#include "pft/monitoring/duration.hpp"
#include "pft/monitoring/report.hpp"
#include "pft/store/store.hpp"

namespace pft::monitoring {

Result<PurgeOutcome> purgePast(store::Store& store, Instant now, std::chrono::seconds older_than, bool dry_run) {
  if (older_than < std::chrono::seconds{0}) {
    return makeError(ErrorCode::kInvalidArgument, "the age must not be negative", "--older-than");
  }
  PurgeOutcome out;
  out.cutoff = now - older_than;
  out.dry_run = dry_run;
  auto n = store.purgeBefore(out.cutoff, dry_run);
  if (!n) return n.error();
  out.count = *n;
  return out;
}

std::string describePurge(const PurgeOutcome& outcome, std::chrono::seconds older_than) {
  std::string what = plural(outcome.count, "past tournament");
  std::string when = fmt::format("that ended before {} (older than {})", formatLocalIso(outcome.cutoff),
                                 formatDuration(older_than));
  if (outcome.dry_run) return fmt::format("Dry run: would purge {} {}; nothing deleted.", what, when);
  return fmt::format("Purged {} {}; venues kept.", what, when);
}

}  // namespace pft::monitoring
