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
#include <unordered_map>
#include <vector>

#include "pft/core/config.hpp"
#include "pft/core/geocode_cache.hpp"
#include "pft/core/result.hpp"
#include "pft/core/source_status.hpp"
#include "pft/core/submission.hpp"
#include "pft/core/tournament_sink.hpp"
#include "pft/core/types.hpp"

namespace pft::store {

// The batch types of the TournamentSink role (pft/core/tournament_sink.hpp),
// under their former names here.
using PreparedUpsert = pft::PreparedUpsert;
using UpsertRun = pft::UpsertRun;

// The whole database interface, for the modules that need more than one
// role. Store is also a TournamentSink (batch upserts, what `normalize`
// writes through) and a GeocodeCache (what normalize's geocoder reads and
// writes): `app` hands a Store to normalize as those two roles; and a
// SubmissionInbox (what the API and the site's form write through).
class Store : public TournamentSink, public GeocodeCache, public SubmissionInbox {
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
  // A tournament is matched on (source_name, identity_key) first, then on
  // (venue, foldKey(title), start) (the order and the rules:
  // TournamentSink::upsertPrepared): new -> inserted; same content ->
  // unchanged (only last_seen_at moves); different -> updated (updated_at
  // moves). `seen_at` stamps first_seen_at/last_seen_at.
  // Same as upsertPrepared(*prepareUpsert(batch), seen_at).
  Result<UpsertCounts> upsertTournaments(const std::vector<Tournament>& batch, Instant seen_at);

  // The two halves of upsertTournaments, for a caller that overlaps them
  // (pft normalize prepares batch n+1 while batch n is being written), are
  // prepareUpsert and upsertPrepared, inherited from TournamentSink
  // (tournament_sink.hpp states their contract). prepareUpsert encodes the
  // rows for this back end; upsertPrepared of another store's batch is
  // kInternal.

  // Tournaments matching `filter`, ordered by start then id, with venue filled.
  virtual Result<std::vector<Tournament>> queryTournaments(const TournamentFilter& filter) = 0;
  // How many match `filter`, ignoring offset and limit.
  virtual Result<std::int64_t> countTournaments(const TournamentFilter& filter) = 0;
  // One tournament by id, whatever its status or date (withdrawn ones included).
  virtual Result<std::optional<Tournament>> getTournament(std::int64_t id) = 0;
  // The changes of tournament `id` (tournament_changes: every update of a
  // player-visible field, written with it), newest first; empty when it has
  // none or does not exist. `limit` < 0: all.
  virtual Result<std::vector<TournamentChange>> tournamentHistory(std::int64_t id, std::int64_t limit = -1) = 0;
  // How many changes each tournament that has any has (its iCalendar
  // SEQUENCE): tournament id -> count.
  virtual Result<std::unordered_map<std::int64_t, std::int64_t>> changeCounts() = 0;

  virtual Result<std::vector<Venue>> listVenues() = 0;
  virtual Result<std::optional<Venue>> getVenue(std::int64_t id) = 0;

  // Tournaments not finished at `now` (end, else start, >= now) and not
  // withdrawn (status removed).
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

  // The geocode cache (table geocode_cache, keyed by GeocodeEntry::query):
  // getGeocode and putGeocode, inherited from GeocodeCache (geocode_cache.hpp).

  // Source health (table sources, pft/core/source_status.hpp). Records in
  // one transaction what a run tells about the catalog's sources: each
  // report's public facts (type, organiser, home page, enabled) replace the
  // stored ones; a report with `ran` also records the outcome at `at` (run
  // `run_id`): ok / not_modified set last_success_at and end a failure
  // streak; failed starts one (failing_since = `at`, kept while it lasts)
  // and counts it. A stored source absent from `reports` left the catalog:
  // it is marked disabled, its history kept. Moves the data version (the
  // served /sources changes). Errors: kInvalidArgument for a report without
  // a name or with a status other than ok, not_modified, failed.
  virtual Result<void> recordSourceReports(const std::vector<SourceReport>& reports,
                                           std::optional<std::int64_t> run_id, Instant at) = 0;
  // Every recorded source, disabled ones included, by name.
  virtual Result<std::vector<SourceStatus>> listSourceStatuses() = 0;

  // Submissions (table submissions, pft/core/submission.hpp): addSubmission
  // is inherited from SubmissionInbox. Lists by id (oldest first), only
  // those with `status` when given, at most `limit` (< 0: all).
  virtual Result<std::vector<Submission>> listSubmissions(std::optional<SubmissionStatus> status, int limit) = 0;
  virtual Result<std::optional<Submission>> getSubmission(std::int64_t id) = 0;
  // Records an operator's decision (kAccepted or kRejected) on a pending
  // submission, with a note ("manual:12", "catalog entry x", a reason).
  // Errors: kNotFound (no such id), kConflict (already decided: the message
  // says how and when), kInvalidArgument (decision kPending).
  virtual Result<void> decideSubmission(std::int64_t id, SubmissionStatus decision, const std::string& note,
                                        Instant at) = 0;

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
