#pragma once
// Back-end-neutral pieces of the store: batch validation and de-duplication,
// folded keys and content hashes, the SQL of the tournament filter, and row
// decoding. Private to the store module. Pure functions, thread-safe.

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "pft/core/result.hpp"
#include "pft/core/types.hpp"
#include "pft/store/store.hpp"

namespace pft::store::detail {

// A bound statement parameter: NULL, integer, real or text.
using SqlValue = std::variant<std::monostate, std::int64_t, double, std::string>;

enum class Dialect { kSqlite, kPostgres };

inline std::int64_t toUnix(Instant t) { return t.time_since_epoch().count(); }
inline Instant fromUnix(std::int64_t s) { return Instant{std::chrono::seconds{s}}; }

// A distinct venue of a batch (same folded name and city merged: the first
// non-empty value of each field wins), with its keys.
struct BatchVenue {
  Venue venue;
  std::string name_key;
  std::string city_key;
  std::string department_key;
  std::string region_key;
};

// A distinct tournament of a batch (same source and identity key -- same
// venue, folded title and start for one without identity: the last one
// wins), with what the store derives from it.
struct BatchTournament {
  const Tournament* tournament = nullptr;
  std::size_t venue_index = 0;  // into PreparedBatch::venues
  std::string title_key;
  std::string search_key;
  std::string tags_text;  // "|a|b|" or ""
  std::string content_hash;
};

struct PreparedBatch {
  std::vector<BatchVenue> venues;
  std::vector<BatchTournament> tournaments;
};

// Validates and de-duplicates `batch`. Errors (kInvalidArgument, `where` =
// "tournament #i 'title'") for what no back end may store: a venue or title
// whose folded key is empty, a non-finite or out-of-range coordinate, a tag
// that is empty or contains '|', an identity key (own or also_known_as)
// longer than kMaxIdentityKeyBytes, status removed without removed_at or
// removed_at without status removed. Negative amounts and an end before the
// start are left to the schema's CHECK constraints. `batch` must outlive the
// result.
inline constexpr std::size_t kMaxIdentityKeyBytes = 1024;  // a b-tree entry must stay well under 2,700 bytes
Result<PreparedBatch> prepareBatch(const std::vector<Tournament>& batch);

// What prepareUpsert hands back before any back-end encoding: the batch,
// owned, and its PreparedBatch (which points into it). A back end that
// encodes more ahead of the write derives from it.
struct OwnedBatch : PreparedUpsert {
  std::vector<Tournament> batch;
  PreparedBatch prepared;
  std::size_t size() const override { return prepared.tournaments.size(); }
};

// Moves `batch` into `out.batch` and prepares it (prepareBatch's errors).
Result<void> prepareOwned(std::vector<Tournament> batch, OwnedBatch& out);

// "|a|b|" <-> {"a", "b"}.
std::string encodeTags(const std::vector<std::string>& tags);
std::vector<std::string> decodeTags(const std::string& text);

// Hex digest of everything a source can change in a tournament (not its
// keys, not the seen/created/updated instants, not source_hash).
std::string contentHash(const Tournament& t, const std::string& tags_text);

// SQL for finishOf (pft/core/types.hpp) of a tournaments row; `prefix` is
// the table's alias and a dot ("t."), or empty.
std::string finishSql(const std::string& prefix);

// SQL condition "not withdrawn" of a tournaments row (`prefix` as above).
std::string notRemovedSql(const std::string& prefix);

// WHERE clause (starting with " WHERE", or empty) for `filter` over
// "tournaments t JOIN venues v", appending its parameters to `params`
// (PostgreSQL placeholders are numbered after the ones already there).
std::string filterWhere(const TournamentFilter& filter, Dialect dialect, std::vector<SqlValue>& params);

// The placeholder of the next parameter: "?" or "$<n>" with n = params.size() + 1.
std::string placeholder(Dialect dialect, const std::vector<SqlValue>& params);

// Column lists, in the order the read* functions below expect.
extern const char* const kVenueColumns;       // of venues v
extern const char* const kTournamentColumns;  // of tournaments t, then kVenueColumns
extern const char* const kRunColumns;         // of ingest_runs
extern const char* const kGeocodeColumns;     // of geocode_cache
inline constexpr int kVenueColumnCount = 15;
inline constexpr int kTournamentColumnCount = 27;  // without the venue's

// The upsert statements' shared parts: the column lists (in this order) and
// the venues' ON CONFLICT clause: a stored field is filled only when empty,
// and the row is touched (updated_at) only when something was filled.
// (Tournaments: content columns take the new values; updated_at moves only
// when content_hash differs; last_seen_at always moves. Each back end
// classifies the rows first, then writes each kind with its own statement.)
extern const char* const kVenueInsertColumns;  // 18 columns
extern const char* const kVenueConflict;
// 29 columns: venue_id, the content (title … content_hash), identity_key,
// removed_at, then first_seen_at, last_seen_at, created_at, updated_at,
// seen_run.
extern const char* const kTournamentInsertColumns;

// One result row, whatever the back end.
class RowReader {
 public:
  virtual ~RowReader() = default;
  virtual bool isNull(int col) const = 0;
  virtual std::int64_t int64(int col) const = 0;
  virtual double real(int col) const = 0;
  virtual std::string text(int col) const = 0;
};

Venue readVenue(const RowReader& row, int first_col);
Tournament readTournament(const RowReader& row);  // kTournamentColumns
IngestRun readRun(const RowReader& row);           // kRunColumns
GeocodeEntry readGeocode(const RowReader& row);    // kGeocodeColumns
TournamentChange readChange(const RowReader& row); // kChangeColumns

inline constexpr const char* kChangeColumns =
    "id, tournament_id, field, old_value, new_value, run_token, source_name, changed_at";

// ingest_runs.sources <-> SourceRun list (JSON array text).
std::string encodeSources(const std::vector<SourceRun>& sources);
std::vector<SourceRun> decodeSources(const std::string& json_text);

// --- sources (migration 0005) ---
// Columns of sources in the order of readSourceStatus and sourceRowValues.
extern const char* const kSourceColumns;  // 16 columns
inline constexpr int kSourceColumnCount = 16;
// "type = excluded.type, …": what an upsert of sources replaces (all but
// name and created_at), for "ON CONFLICT (name) DO UPDATE SET …".
extern const char* const kSourceUpdateSet;
SourceStatus readSourceStatus(const RowReader& row);
// The new state of a source after `report` (Store::recordSourceReports
// states the rules); `before` is its stored state, if any.
SourceStatus mergeSourceReport(const std::optional<SourceStatus>& before, const SourceReport& report,
                               std::optional<std::int64_t> run_id, Instant at);
// Checks a report (kInvalidArgument naming the source).
Result<void> checkSourceReport(const SourceReport& report);
// The values of kSourceColumns for `s`; created_at is `created`, updated_at `at`.
std::vector<SqlValue> sourceRowValues(const SourceStatus& s, Instant created, Instant at);

// --- submissions (migration 0005) ---
extern const char* const kSubmissionColumns;  // id first, then kSubmissionInsertColumns' 16
extern const char* const kSubmissionInsertColumns;
inline constexpr int kSubmissionInsertColumnCount = 16;
Submission readSubmission(const RowReader& row);
// kConflict when `s` is no longer pending ("submission #3 was already
// accepted on 2026-12-03T…: manual:3"); ok otherwise.
Result<void> decisionConflict(const Submission& s);
// The values of kSubmissionInsertColumns for a new pending submission.
std::vector<SqlValue> submissionInsertValues(const Submission& s);

// "<what> failed: <detail>" as a kDatabase error whose `where` is `what`.
Error databaseError(const std::string& what, const std::string& detail);

}  // namespace pft::store::detail
