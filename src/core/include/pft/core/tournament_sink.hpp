#pragma once
// TournamentSink: where normalised tournaments go, in batches. The role
// `normalize` needs of the database (its run writes through this and nothing
// else), so that normalize does not depend on `store`. store::Store
// implements it (SQLite and PostgreSQL); `app` hands the Store over as the
// sink.
//
// A batch is written in two halves that a caller may overlap: prepareUpsert
// (validation, folded keys, hashes, encoding: no database) and upsertPrepared
// (one transaction). `pft normalize` prepares batch n+1 on its thread while a
// writer thread writes batch n.
//
// Thread safety: prepareUpsert may be called from any thread at any time,
// alongside any other call; upsertPrepared calls are serialised by the
// implementation (one batch written at a time, in the order of the calls).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "pft/core/result.hpp"
#include "pft/core/types.hpp"

namespace pft {

// A batch of tournaments validated and encoded by
// TournamentSink::prepareUpsert, waiting for its write. Opaque: only the sink
// that made it can write it.
class PreparedUpsert {
 public:
  virtual ~PreparedUpsert() = default;
  // Distinct tournaments (a key repeated in the batch counts once).
  virtual std::size_t size() const = 0;
};

// The batches of one run of upserts whose keys (venue, folded title, start)
// are distinct across the whole run, as pft normalize's are after
// de-duplication. Passed to every upsertPrepared of the run, it lets the
// sink skip looking for stored twins while it can prove there are none:
// the table held no tournament when the run began, and nobody but this run
// has written since (else it looks, as without it). A run whose batches
// repeat a key must not use one. One per run; not shared between threads.
struct DisjointUpsertRun {
  // Sink-owned state: the caller creates it empty and never touches it.
  bool started = false;
  bool table_was_empty = false;
  std::int64_t version_after_last = -1;  // data_version after this run's last batch
};

class TournamentSink {
 public:
  virtual ~TournamentSink() = default;

  // Validates `batch` (kInvalidArgument naming the tournament: a venue or
  // title without letters or digits, a coordinate out of range, a tag empty
  // or containing '|'), merges its repeats, computes folded keys and content
  // hashes, and encodes the rows. Reads no database and no state of the
  // sink.
  virtual Result<std::unique_ptr<PreparedUpsert>> prepareUpsert(std::vector<Tournament> batch) const = 0;

  // Writes, in ONE transaction, a batch this same sink prepared (another
  // sink's -> kInternal): each tournament's venue is matched on (folded name,
  // folded city) and created when new; a tournament is matched on (venue,
  // folded title, start): new -> inserted, same content -> unchanged (only
  // last_seen_at moves), different -> updated. `seen_at` stamps
  // first_seen_at / last_seen_at. `run`: see DisjointUpsertRun (may be
  // null). Errors: kDatabase, the transaction rolled back (batches written
  // before stay written).
  virtual Result<UpsertCounts> upsertPrepared(const PreparedUpsert& batch, Instant seen_at,
                                              DisjointUpsertRun* run = nullptr) = 0;
};

}  // namespace pft
