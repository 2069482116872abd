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
// writer thread writes batch n. Once a run's batches are written,
// withdrawAbsent marks withdrawn what a completely fetched source no longer
// lists.
//
// Thread safety: prepareUpsert may be called from any thread at any time,
// alongside any other call; upsertPrepared calls are serialised by the
// implementation (one batch written at a time, in the order of the calls).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
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

// One run of upserts (pft normalize's): passed to every upsertPrepared of
// the run, then to withdrawAbsent. One per run; not shared between threads.
struct UpsertRun {
  // Set by the caller before the first batch.
  // A number no other run uses (newUpsertRunToken()), stamped on every row
  // the run writes or sees: withdrawAbsent takes the rows it did not see.
  std::int64_t token = 0;
  // The run's keys -- (source_name, identity_key), or (venue, folded title,
  // start) for a tournament without identity -- are distinct across all its
  // batches, as pft normalize's are after de-duplication. The sink may then
  // skip looking for stored twins while it can prove there are none: the
  // table held no tournament when the run began, and nobody but this run
  // has written since (else it looks, as without it). A run whose batches
  // repeat a key must leave it false.
  bool keys_disjoint = false;

  // Sink-owned state: the caller never touches it.
  bool started = false;
  bool table_was_empty = false;
  std::int64_t version_after_last = -1;  // data_version after this run's last batch
};

// A fresh UpsertRun::token: random, positive, never 0.
std::int64_t newUpsertRunToken();

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
  // folded city) and created when new. A tournament's stored twin is, in
  // this order: the row of its own (source_name, identity_key); else a row
  // of one of its also_known_as identities; else a row at its (venue,
  // folded title, start) -- a row written before identities, another
  // source's, or one whose source changed its ids -- that this run has not
  // claimed yet. Rows claimed by the batch's own identities first are
  // never taken by the later steps. No twin -> inserted; same content ->
  // unchanged (last_seen_at moves, and the identity is written); different
  // content -> updated (everything rewritten: a withdrawn row comes back
  // with the source's status, removed_at cleared). `seen_at` stamps
  // first_seen_at / last_seen_at. `run` (may be null): see UpsertRun.
  // Errors: kDatabase, the transaction rolled back (batches written before
  // stay written).
  virtual Result<UpsertCounts> upsertPrepared(const PreparedUpsert& batch, Instant seen_at,
                                              UpsertRun* run = nullptr) = 0;

  // After the last batch of `run`: for each source named in `sources` (the
  // ones fetched completely), withdraws in ONE transaction its tournaments
  // that the run neither wrote nor saw, that start after `at` and are not
  // withdrawn yet: status "removed", removed_at = updated_at = `at`. A
  // withdrawn row that reappears later is updated back (see upsertPrepared).
  // Returns one SourceWithdrawal per name, in order. Errors: kInvalidArgument
  // when run.token is 0 (a run that stamped nothing would withdraw all);
  // kDatabase, rolled back.
  virtual Result<std::vector<SourceWithdrawal>> withdrawAbsent(const UpsertRun& run,
                                                               const std::vector<std::string>& sources,
                                                               Instant at) = 0;
};

}  // namespace pft
