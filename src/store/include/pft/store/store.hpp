#pragma once
// Store: the database behind pft, with two real back ends (SQLite, the
// embedded default; PostgreSQL via libpq, production and multi-replica).
// Callers get one from openStore() and never know which back end they have.
//
// Thread safety: a Store may be used from several threads at once (the
// SQLite back end serialises on one connection; the PostgreSQL back end uses
// a connection pool and reconnects after a server restart).
// Errors: every operation returns a Result; kDatabase when the server is
// unreachable or a statement fails, with the statement's purpose in `where`.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pft/core/config.hpp"
#include "pft/core/result.hpp"
#include "pft/core/types.hpp"

namespace pft::store {

// A batch of tournaments validated and encoded by Store::prepareUpsert,
// waiting for its write. Opaque: only the store that made it can write it.
class PreparedUpsert {
 public:
  virtual ~PreparedUpsert() = default;
  // Distinct tournaments (a key repeated in the batch counts once).
  virtual std::size_t size() const = 0;
};

// The batches of one run of upserts whose keys (venue, folded title, start)
// are distinct across the whole run, as pft normalize's are after
// de-duplication. Passed to every upsertPrepared of the run, it lets the
// store skip looking for stored twins while it can prove there are none:
// the table held no tournament when the run began, and nobody but this run
// has written since (else it looks, as without it). A run whose batches
// repeat a key must not use one. One per run; not shared between threads.
struct DisjointUpsertRun {
  // Store-owned state.
  bool started = false;
  bool table_was_empty = false;
  std::int64_t version_after_last = -1;  // data_version after this run's last batch
};

class Store {
 public:
  virtual ~Store() = default;

  // "sqlite" or "postgresql".
  virtual std::string backendName() const = 0;

  // Applies the migrations not yet in schema_migrations, each in its own
  // transaction. Returns the versions applied (empty when up to date).
  virtual Result<std::vector<int>> migrate() = 0;

  // Cheap liveness check (SELECT 1).
  virtual Result<void> ping() = 0;

  // Upserts the venues and tournaments of `batch` in ONE transaction: any
  // error rolls everything back. Each tournament's `venue` names its venue,
  // matched on (foldKey(name), foldKey(city)) and created when new (its
  // address, postcode, coordinates … filled when the stored ones are empty).
  // A tournament is matched on (venue, foldKey(title), start): new -> inserted;
  // same content -> unchanged (only last_seen_at moves); different -> updated
  // (updated_at moves). `seen_at` stamps first_seen_at/last_seen_at.
  // Same as upsertPrepared(*prepareUpsert(batch), seen_at).
  Result<UpsertCounts> upsertTournaments(const std::vector<Tournament>& batch, Instant seen_at);

  // The two halves of upsertTournaments, for a caller that overlaps them
  // (pft normalize prepares batch n+1 while batch n is being written).
  // prepareUpsert validates the batch (kInvalidArgument naming the
  // tournament: a venue or title without letters or digits, a coordinate out
  // of range, a tag empty or containing '|'), merges its repeats, computes
  // folded keys and content hashes, and encodes the rows for the back end.
  // It reads no database and no state of the store: any thread may call it
  // at any time, alongside any other call.
  virtual Result<std::unique_ptr<PreparedUpsert>> prepareUpsert(std::vector<Tournament> batch) const = 0;
  // Writes, in ONE transaction, a batch this same store prepared (another
  // store's -> kInternal). Calls are serialised: one batch is written at a
  // time. `run`: see DisjointUpsertRun (may be null).
  virtual Result<UpsertCounts> upsertPrepared(const PreparedUpsert& batch, Instant seen_at,
                                              DisjointUpsertRun* run = nullptr) = 0;

  // Tournaments matching `filter`, ordered by start then id, with venue filled.
  virtual Result<std::vector<Tournament>> queryTournaments(const TournamentFilter& filter) = 0;
  // How many match `filter`, ignoring offset and limit.
  virtual Result<std::int64_t> countTournaments(const TournamentFilter& filter) = 0;
  virtual Result<std::optional<Tournament>> getTournament(std::int64_t id) = 0;

  virtual Result<std::vector<Venue>> listVenues() = 0;
  virtual Result<std::optional<Venue>> getVenue(std::int64_t id) = 0;

  // Tournaments not finished at `now` (end, else start, >= now).
  virtual Result<std::int64_t> countUpcoming(Instant now) = 0;
  virtual Result<StoreCounts> counts(Instant now) = 0;

  // A number that changes whenever tournaments or venues change (readers poll
  // it to know when to reload).
  virtual Result<std::int64_t> dataVersion() = 0;

  // Ingest-run bookkeeping. startRun stores `run` (status running) and returns its id.
  virtual Result<std::int64_t> startRun(const IngestRun& run) = 0;
  virtual Result<void> finishRun(const IngestRun& run) = 0;  // by run.id
  virtual Result<std::vector<IngestRun>> listRuns(int limit) = 0;  // newest first
  virtual Result<std::optional<IngestRun>> getRun(std::int64_t id) = 0;

  // Geocode cache, keyed by GeocodeEntry::query.
  virtual Result<std::optional<GeocodeEntry>> getGeocode(const std::string& query) = 0;
  virtual Result<void> putGeocode(const GeocodeEntry& entry) = 0;

  // Deletes tournaments that ended (end, else start) before `cutoff`, in one
  // transaction; venues stay. With dry_run, only counts. Returns the count.
  virtual Result<std::int64_t> purgeBefore(Instant cutoff, bool dry_run) = 0;

  // Database-wide pipeline lock (PostgreSQL advisory lock; on SQLite an
  // flock on "<db>.runlock"). Held until releaseRunLock() or the process
  // dies. Returns false when another process or thread holds it.
  virtual Result<bool> tryAcquireRunLock() = 0;
  virtual Result<void> releaseRunLock() = 0;
};

// Opens (and does not migrate) the database `url` names. SQLite: creates the
// parent folder, WAL, busy timeout 5 s, foreign keys on. PostgreSQL: checks
// one connection. Unreachable -> kDatabase naming the (masked) URL.
Result<std::unique_ptr<Store>> openStore(const DatabaseUrl& url);

// openStore + migrate: what commands that need the schema call.
Result<std::unique_ptr<Store>> openMigratedStore(const DatabaseUrl& url);

}  // namespace pft::store
