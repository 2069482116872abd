#pragma once
// Purge of past tournaments (`pft purge --past --older-than 30d`): deletes,
// in one transaction through Store::purgeBefore, the tournaments that ended
// (end, else start) strictly before now - older_than; venues stay.

#include <chrono>
#include <cstdint>
#include <string>

#include "pft/core/result.hpp"
#include "pft/core/time.hpp"

namespace pft::store {
class Store;
}

namespace pft::monitoring {

struct PurgeOutcome {
  Instant cutoff{};
  std::int64_t count = 0;
  bool dry_run = false;
};

Result<PurgeOutcome> purgePast(store::Store& store, Instant now, std::chrono::seconds older_than, bool dry_run);

// "Purged 12 past tournaments that ended before 2026-10-31T03:00:00+01:00 (older than 30d); venues kept."
// "Dry run: would purge 12 past tournaments that ended before ... (older than 30d); nothing deleted."
std::string describePurge(const PurgeOutcome& outcome, std::chrono::seconds older_than);

}  // namespace pft::monitoring
