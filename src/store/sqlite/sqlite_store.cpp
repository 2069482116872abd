#include "sqlite/sqlite_store.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "common.hpp"
#include "migrations.hpp"

namespace pft::store {
namespace {

using detail::databaseError;
using detail::SqlValue;
using detail::toUnix;

class SqliteRow final : public detail::RowReader {
 public:
  explicit SqliteRow(sqlite3_stmt* stmt) : stmt_(stmt) {}
  bool isNull(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::int64_t int64(int col) const override { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const override { return sqlite3_column_double(stmt_, col); }
  std::string text(int col) const override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    if (p == nullptr) return {};
    return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
  }

 private:
  sqlite3_stmt* stmt_;
};

// A prepared statement in use: cached ones are reset on destruction, the
// others finalised.
class Stmt {
 public:
  Stmt(sqlite3* db, sqlite3_stmt* stmt, bool owned) : db_(db), stmt_(stmt), owned_(owned) {}
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() {
    if (owned_) {
      sqlite3_finalize(stmt_);
    } else {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }
  }

  void bind(int index, const SqlValue& value) {
    if (std::holds_alternative<std::monostate>(value)) {
      sqlite3_bind_null(stmt_, index);
    } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
      sqlite3_bind_int64(stmt_, index, *i);
    } else if (const auto* d = std::get_if<double>(&value)) {
      sqlite3_bind_double(stmt_, index, *d);
    } else {
      const auto& s = std::get<std::string>(value);
      sqlite3_bind_text(stmt_, index, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    }
  }
  void bindAll(const std::vector<SqlValue>& values) {
    for (std::size_t i = 0; i < values.size(); ++i) bind(static_cast<int>(i + 1), values[i]);
  }
  // Binds and resets: the statement is reused for the next row.
  void rebind(const std::vector<SqlValue>& values) {
    sqlite3_reset(stmt_);
    bindAll(values);
  }

  // SQLITE_ROW, SQLITE_DONE, or an error code.
  int step() { return sqlite3_step(stmt_); }
  sqlite3_stmt* get() const { return stmt_; }
  SqliteRow row() const { return SqliteRow(stmt_); }
  std::string errorMessage() const { return sqlite3_errmsg(db_); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool owned_;
};

// Binds one row's values in order, without copies: each text must outlive
// the statement's next step (the batch's strings do).
class RowBinder {
 public:
  explicit RowBinder(sqlite3_stmt* stmt) : stmt_(stmt) { sqlite3_reset(stmt_); }
  RowBinder& text(std::string_view v) {
    sqlite3_bind_text(stmt_, ++index_, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  RowBinder& int64(std::int64_t v) {
    sqlite3_bind_int64(stmt_, ++index_, v);
    return *this;
  }
  RowBinder& int64(const std::optional<std::int64_t>& v) {
    if (v) return int64(*v);
    sqlite3_bind_null(stmt_, ++index_);
    return *this;
  }
  // NULL for an empty text.
  RowBinder& textOrNull(std::string_view v) {
    if (!v.empty()) return text(v);
    sqlite3_bind_null(stmt_, ++index_);
    return *this;
  }

 private:
  sqlite3_stmt* stmt_;
  int index_ = 0;
};

SqlValue orNull(const std::optional<double>& v) { return v ? SqlValue(*v) : SqlValue(std::monostate{}); }

class SqliteStore final : public Store {
 public:
  SqliteStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteStore() override {
    {
      std::lock_guard<std::mutex> lock(lock_mu_);
      if (lock_fd_ >= 0) ::close(lock_fd_);
    }
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  std::string backendName() const override { return "sqlite"; }

  Result<std::vector<int>> migrate() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto r = exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                      "version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
                      "create schema_migrations");
        !r) {
      return r.error();
    }
    std::vector<int> applied;
    for (const auto& m : sqliteMigrations()) {
      std::string what = fmt::format("migration {}", m.name);
      auto r = transaction(what, [&]() -> Result<bool> {
        auto stmt = prepare("SELECT 1 FROM schema_migrations WHERE version = ?", what);
        if (!stmt) return stmt.error();
        (*stmt)->bind(1, std::int64_t{m.version});
        int rc = (*stmt)->step();
        if (rc == SQLITE_ROW) return false;
        if (rc != SQLITE_DONE) return databaseError(what, (*stmt)->errorMessage());
        if (auto e = exec(m.sql, what); !e) return e.error();
        auto ins = prepare(
            "INSERT INTO schema_migrations (version, applied_at) "
            "VALUES (?, CAST(strftime('%s', 'now') AS INTEGER))",
            what);
        if (!ins) return ins.error();
        (*ins)->bind(1, std::int64_t{m.version});
        if ((*ins)->step() != SQLITE_DONE) return databaseError(what, (*ins)->errorMessage());
        return true;
      });
      if (!r) return r.error();
      if (*r) applied.push_back(m.version);
    }
    return applied;
  }

  Result<void> ping() override {
    std::lock_guard<std::mutex> lock(mu_);
    return exec("SELECT 1", "ping");
  }

  Result<std::unique_ptr<PreparedUpsert>> prepareUpsert(std::vector<Tournament> batch) const override {
    auto out = std::make_unique<detail::OwnedBatch>();
    if (auto r = detail::prepareOwned(std::move(batch), *out); !r) return r.error();
    return std::unique_ptr<PreparedUpsert>(std::move(out));
  }

  // SQLite looks each row up whatever `run` says: the look-up is one probe of
  // an index in the same process, a small part of the row's cost.
  Result<UpsertCounts> upsertPrepared(const PreparedUpsert& batch, Instant seen_at, UpsertRun* run) override {
    const auto* owned = dynamic_cast<const detail::OwnedBatch*>(&batch);
    if (owned == nullptr) {
      return makeError(ErrorCode::kInternal, "the batch was not prepared by a store", "upsert tournaments");
    }
    std::lock_guard<std::mutex> lock(mu_);
    return transaction("upsert tournaments", [&]() -> Result<UpsertCounts> {
      return upsertLocked(owned->prepared, toUnix(seen_at), run != nullptr ? run->token : 0);
    });
  }

  Result<std::vector<SourceWithdrawal>> withdrawAbsent(const UpsertRun& run, const std::vector<std::string>& sources,
                                                       Instant at) override {
    const std::string what = "withdraw absent tournaments";
    if (run.token == 0) return makeError(ErrorCode::kInvalidArgument, "the run has no token", what);
    std::lock_guard<std::mutex> lock(mu_);
    return transaction(what, [&]() -> Result<std::vector<SourceWithdrawal>> {
      // Upcoming = not started yet: a source stops listing what has begun
      // (an iCalendar feed starts at now, a page drops tonight's event).
      auto count = prepare("SELECT count(*) FROM tournaments WHERE source_name = ? AND status <> 'removed' "
                           "AND start_datetime > ?",
                           what);
      if (!count) return count.error();
      auto withdraw = prepare(
          "UPDATE tournaments SET status = 'removed', removed_at = ?, updated_at = ?, content_hash = '' "
          "WHERE source_name = ? AND status <> 'removed' AND start_datetime > ? "
          "AND (seen_run IS NULL OR seen_run <> ?)",
          what);
      if (!withdraw) return withdraw.error();
      std::vector<SourceWithdrawal> out;
      bool changed = false;
      for (const auto& name : sources) {
        SourceWithdrawal w;
        w.source_name = name;
        (*count)->rebind({name, toUnix(at)});
        if ((*count)->step() != SQLITE_ROW) return databaseError(what, (*count)->errorMessage());
        w.upcoming = sqlite3_column_int64((*count)->get(), 0);
        sqlite3_reset((*count)->get());
        (*withdraw)->rebind({toUnix(at), toUnix(at), name, toUnix(at), run.token});
        if ((*withdraw)->step() != SQLITE_DONE) return databaseError(what, (*withdraw)->errorMessage());
        w.withdrawn = sqlite3_changes(db_);
        changed = changed || w.withdrawn > 0;
        out.push_back(std::move(w));
      }
      if (changed) {
        if (auto b = bumpVersion(); !b) return b.error();
      }
      return out;
    });
  }

  Result<std::vector<Tournament>> queryTournaments(const TournamentFilter& filter) override {
    std::vector<SqlValue> params;
    std::string sql = fmt::format("SELECT {} FROM tournaments t JOIN venues v ON v.id = t.venue_id{}",
                                  detail::kTournamentColumns,
                                  detail::filterWhere(filter, detail::Dialect::kSqlite, params));
    sql += " ORDER BY t.start_datetime, t.id LIMIT ? OFFSET ?";
    params.emplace_back(filter.limit < 0 ? std::int64_t{-1} : filter.limit);
    params.emplace_back(std::max<std::int64_t>(filter.offset, 0));
    std::lock_guard<std::mutex> lock(mu_);
    return selectAll<Tournament>(sql, params, "query tournaments", false,
                                 [](const detail::RowReader& r) { return detail::readTournament(r); });
  }

  Result<std::int64_t> countTournaments(const TournamentFilter& filter) override {
    std::vector<SqlValue> params;
    std::string sql = "SELECT count(*) FROM tournaments t JOIN venues v ON v.id = t.venue_id" +
                      detail::filterWhere(filter, detail::Dialect::kSqlite, params);
    std::lock_guard<std::mutex> lock(mu_);
    return selectInt(sql, params, "count tournaments", false);
  }

  Result<std::optional<Tournament>> getTournament(std::int64_t id) override {
    std::string sql = fmt::format(
        "SELECT {} FROM tournaments t JOIN venues v ON v.id = t.venue_id WHERE t.id = ?",
        detail::kTournamentColumns);
    std::lock_guard<std::mutex> lock(mu_);
    auto rows = selectAll<Tournament>(sql, {id}, "get tournament", true,
                                      [](const detail::RowReader& r) { return detail::readTournament(r); });
    if (!rows) return rows.error();
    if (rows->empty()) return std::optional<Tournament>{};
    return std::optional<Tournament>(std::move(rows->front()));
  }

  Result<std::vector<TournamentChange>> tournamentHistory(std::int64_t id, std::int64_t limit) override {
    std::string sql = fmt::format("SELECT {} FROM tournament_changes WHERE tournament_id = ? ORDER BY id DESC LIMIT ?",
                                  detail::kChangeColumns);
    std::lock_guard<std::mutex> lock(mu_);
    return selectAll<TournamentChange>(sql, {id, limit < 0 ? std::int64_t{-1} : limit}, "tournament history", true,
                                       [](const detail::RowReader& r) { return detail::readChange(r); });
  }

  Result<std::unordered_map<std::int64_t, std::int64_t>> changeCounts() override {
    std::lock_guard<std::mutex> lock(mu_);
    auto rows = selectAll<std::pair<std::int64_t, std::int64_t>>(
        "SELECT tournament_id, count(*) FROM tournament_changes GROUP BY tournament_id", {}, "change counts", true,
        [](const detail::RowReader& r) { return std::pair<std::int64_t, std::int64_t>{r.int64(0), r.int64(1)}; });
    if (!rows) return rows.error();
    return std::unordered_map<std::int64_t, std::int64_t>(rows->begin(), rows->end());
  }

  Result<std::vector<Venue>> listVenues() override {
    std::string sql = fmt::format("SELECT {} FROM venues v ORDER BY v.name_key, v.city_key, v.id",
                                  detail::kVenueColumns);
    std::lock_guard<std::mutex> lock(mu_);
    return selectAll<Venue>(sql, {}, "list venues", true,
                            [](const detail::RowReader& r) { return detail::readVenue(r, 0); });
  }

  Result<std::optional<Venue>> getVenue(std::int64_t id) override {
    std::string sql = fmt::format("SELECT {} FROM venues v WHERE v.id = ?", detail::kVenueColumns);
    std::lock_guard<std::mutex> lock(mu_);
    auto rows = selectAll<Venue>(sql, {id}, "get venue", true,
                                 [](const detail::RowReader& r) { return detail::readVenue(r, 0); });
    if (!rows) return rows.error();
    if (rows->empty()) return std::optional<Venue>{};
    return std::optional<Venue>(std::move(rows->front()));
  }

  Result<std::int64_t> countUpcoming(Instant now) override {
    std::lock_guard<std::mutex> lock(mu_);
    return selectInt("SELECT count(*) FROM tournaments WHERE " + detail::finishSql("") + " >= ? AND " +
                         detail::notRemovedSql(""),
                     {toUnix(now)}, "count upcoming", true);
  }

  Result<StoreCounts> counts(Instant now) override {
    std::lock_guard<std::mutex> lock(mu_);
    StoreCounts c;
    auto venues = selectInt("SELECT count(*) FROM venues", {}, "count venues", true);
    if (!venues) return venues.error();
    auto upcoming = selectInt(
        "SELECT count(*) FROM tournaments WHERE " + detail::finishSql("") + " >= ? AND " + detail::notRemovedSql(""),
        {toUnix(now)}, "count upcoming", true);
    if (!upcoming) return upcoming.error();
    auto removed = selectInt(
        "SELECT count(*) FROM tournaments WHERE " + detail::finishSql("") + " >= ? AND status = 'removed'",
        {toUnix(now)}, "count removed", true);
    if (!removed) return removed.error();
    c.removed = *removed;
    auto past = selectInt("SELECT count(*) FROM tournaments WHERE " + detail::finishSql("") + " < ?",
                          {toUnix(now)}, "count past", true);
    if (!past) return past.error();
    c.venues = *venues;
    c.upcoming = *upcoming;
    c.past = *past;
    return c;
  }

  Result<std::int64_t> dataVersion() override {
    std::lock_guard<std::mutex> lock(mu_);
    return selectInt("SELECT version FROM data_version WHERE id = 1", {}, "read data version", true);
  }

  Result<std::int64_t> startRun(const IngestRun& run) override {
    std::lock_guard<std::mutex> lock(mu_);
    const char* sql =
        "INSERT INTO ingest_runs (triggered_by, status, started_at, finished_at, sources, events_fetched, "
        "inserted, updated, unchanged, duplicates, rejected, error, host, created_at, updated_at, removed, "
        "warned) VALUES (?, 'running', ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    auto r = transaction("start ingest run", [&]() -> Result<std::int64_t> {
      auto stmt = prepare(sql, "start ingest run");
      if (!stmt) return stmt.error();
      (*stmt)->bindAll({run.trigger, toUnix(run.started_at), detail::encodeSources(run.sources),
                        run.events_fetched, run.inserted, run.updated, run.unchanged, run.duplicates,
                        run.rejected, run.error, run.host, toUnix(run.started_at), toUnix(run.started_at),
                        run.removed, run.warned});
      if ((*stmt)->step() != SQLITE_DONE) return databaseError("start ingest run", (*stmt)->errorMessage());
      return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_));
    });
    return r;
  }

  Result<void> finishRun(const IngestRun& run) override {
    std::lock_guard<std::mutex> lock(mu_);
    const char* sql =
        "UPDATE ingest_runs SET triggered_by = ?, status = ?, finished_at = ?, sources = ?, "
        "events_fetched = ?, inserted = ?, updated = ?, unchanged = ?, duplicates = ?, rejected = ?, "
        "error = ?, host = ?, updated_at = ?, removed = ?, warned = ? WHERE id = ?";
    auto r = transaction("finish ingest run", [&]() -> Result<bool> {
      auto stmt = prepare(sql, "finish ingest run");
      if (!stmt) return stmt.error();
      Instant stamp = run.finished_at.value_or(run.started_at);
      (*stmt)->bindAll({run.trigger, run.status,
                        run.finished_at ? SqlValue(toUnix(*run.finished_at)) : SqlValue(std::monostate{}),
                        detail::encodeSources(run.sources), run.events_fetched, run.inserted, run.updated,
                        run.unchanged, run.duplicates, run.rejected, run.error, run.host, toUnix(stamp),
                        run.removed, run.warned, run.id});
      if ((*stmt)->step() != SQLITE_DONE) return databaseError("finish ingest run", (*stmt)->errorMessage());
      return sqlite3_changes(db_) > 0;
    });
    if (!r) return r.error();
    if (!*r) {
      return makeError(ErrorCode::kNotFound, fmt::format("no ingest run with id {}", run.id), "finish ingest run");
    }
    return ok();
  }

  Result<std::vector<IngestRun>> listRuns(int limit) override {
    std::string sql = fmt::format("SELECT {} FROM ingest_runs ORDER BY started_at DESC, id DESC LIMIT ?",
                                  detail::kRunColumns);
    std::lock_guard<std::mutex> lock(mu_);
    return selectAll<IngestRun>(sql, {std::int64_t{limit < 0 ? -1 : limit}}, "list ingest runs", true,
                                [](const detail::RowReader& r) { return detail::readRun(r); });
  }

  Result<std::optional<IngestRun>> getRun(std::int64_t id) override {
    std::string sql = fmt::format("SELECT {} FROM ingest_runs WHERE id = ?", detail::kRunColumns);
    std::lock_guard<std::mutex> lock(mu_);
    auto rows = selectAll<IngestRun>(sql, {id}, "get ingest run", true,
                                     [](const detail::RowReader& r) { return detail::readRun(r); });
    if (!rows) return rows.error();
    if (rows->empty()) return std::optional<IngestRun>{};
    return std::optional<IngestRun>(std::move(rows->front()));
  }

  Result<std::optional<GeocodeEntry>> getGeocode(const std::string& query) override {
    std::string sql = fmt::format("SELECT {} FROM geocode_cache WHERE query = ?", detail::kGeocodeColumns);
    std::lock_guard<std::mutex> lock(mu_);
    auto rows = selectAll<GeocodeEntry>(sql, {query}, "get geocode", true,
                                        [](const detail::RowReader& r) { return detail::readGeocode(r); });
    if (!rows) return rows.error();
    if (rows->empty()) return std::optional<GeocodeEntry>{};
    return std::optional<GeocodeEntry>(std::move(rows->front()));
  }

  Result<void> putGeocode(const GeocodeEntry& e) override {
    std::lock_guard<std::mutex> lock(mu_);
    const char* sql =
        "INSERT INTO geocode_cache (query, found, latitude, longitude, postcode, city, department, "
        "department_code, region, provider, fetched_at, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (query) DO UPDATE SET found = excluded.found, latitude = excluded.latitude, "
        "longitude = excluded.longitude, postcode = excluded.postcode, city = excluded.city, "
        "department = excluded.department, department_code = excluded.department_code, "
        "region = excluded.region, provider = excluded.provider, fetched_at = excluded.fetched_at, "
        "updated_at = excluded.updated_at";
    auto r = transaction("put geocode", [&]() -> Result<bool> {
      auto stmt = prepare(sql, "put geocode");
      if (!stmt) return stmt.error();
      (*stmt)->bindAll({e.query, std::int64_t{e.found ? 1 : 0}, e.latitude, e.longitude, e.postcode, e.city,
                        e.department, e.department_code, e.region, e.provider, toUnix(e.fetched_at),
                        toUnix(e.fetched_at), toUnix(e.fetched_at)});
      if ((*stmt)->step() != SQLITE_DONE) return databaseError("put geocode", (*stmt)->errorMessage());
      return true;
    });
    if (!r) return r.error();
    return ok();
  }

  Result<void> recordSourceReports(const std::vector<SourceReport>& reports, std::optional<std::int64_t> run_id,
                                   Instant at) override {
    for (const auto& r : reports) {
      if (auto c = detail::checkSourceReport(r); !c) return c.error();
    }
    const std::string what = "record sources";
    std::lock_guard<std::mutex> lock(mu_);
    auto r = transaction(what, [&]() -> Result<bool> {
      struct Stored {
        SourceStatus status;
        Instant created{};
      };
      auto stored = selectAll<Stored>(fmt::format("SELECT {} FROM sources", detail::kSourceColumns), {}, what, true,
                                      [](const detail::RowReader& row) {
                                        return Stored{detail::readSourceStatus(row), detail::fromUnix(row.int64(14))};
                                      });
      if (!stored) return stored.error();
      std::unordered_map<std::string, const Stored*> by_name;
      for (const auto& st : *stored) by_name.emplace(st.status.name, &st);
      auto upsert = prepare(fmt::format("INSERT INTO sources ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                        "ON CONFLICT (name) DO UPDATE SET {}",
                                        detail::kSourceColumns, detail::kSourceUpdateSet),
                            what);
      if (!upsert) return upsert.error();
      std::unordered_map<std::string, bool> reported;
      for (const auto& report : reports) {
        auto it = by_name.find(report.name);
        std::optional<SourceStatus> before;
        Instant created = at;
        if (it != by_name.end()) {
          before = it->second->status;
          created = it->second->created;
        }
        SourceStatus merged = detail::mergeSourceReport(before, report, run_id, at);
        (*upsert)->rebind(detail::sourceRowValues(merged, created, at));
        if ((*upsert)->step() != SQLITE_DONE) return databaseError(what, (*upsert)->errorMessage());
        reported[report.name] = true;
      }
      auto retire = prepare("UPDATE sources SET enabled = 0, updated_at = ? WHERE name = ? AND enabled = 1", what);
      if (!retire) return retire.error();
      for (const auto& st : *stored) {
        if (reported.count(st.status.name) != 0) continue;
        (*retire)->rebind({toUnix(at), st.status.name});
        if ((*retire)->step() != SQLITE_DONE) return databaseError(what, (*retire)->errorMessage());
      }
      if (auto b = bumpVersion(); !b) return b.error();
      return true;
    });
    if (!r) return r.error();
    return ok();
  }

  Result<std::vector<SourceStatus>> listSourceStatuses() override {
    std::lock_guard<std::mutex> lock(mu_);
    return selectAll<SourceStatus>(fmt::format("SELECT {} FROM sources ORDER BY name", detail::kSourceColumns), {},
                                   "list sources", true,
                                   [](const detail::RowReader& row) { return detail::readSourceStatus(row); });
  }

  Result<std::int64_t> addSubmission(const Submission& s) override {
    const std::string what = "add submission";
    std::lock_guard<std::mutex> lock(mu_);
    return transaction(what, [&]() -> Result<std::int64_t> {
      auto stmt = prepare(fmt::format("INSERT INTO submissions ({}, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                      "?, ?, ?, ?, ?, ?, ?)",
                                      detail::kSubmissionInsertColumns),
                          what);
      if (!stmt) return stmt.error();
      auto values = detail::submissionInsertValues(s);
      values.emplace_back(toUnix(s.created_at));
      (*stmt)->bindAll(values);
      if ((*stmt)->step() != SQLITE_DONE) return databaseError(what, (*stmt)->errorMessage());
      return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_));
    });
  }

  Result<std::vector<Submission>> listSubmissions(std::optional<SubmissionStatus> status, int limit) override {
    std::vector<SqlValue> params;
    std::string sql = fmt::format("SELECT {} FROM submissions", detail::kSubmissionColumns);
    if (status) {
      sql += " WHERE status = ?";
      params.emplace_back(std::string(submissionStatusName(*status)));
    }
    sql += " ORDER BY id LIMIT ?";
    params.emplace_back(std::int64_t{limit < 0 ? -1 : limit});
    std::lock_guard<std::mutex> lock(mu_);
    return selectAll<Submission>(sql, params, "list submissions", true,
                                 [](const detail::RowReader& row) { return detail::readSubmission(row); });
  }

  Result<std::optional<Submission>> getSubmission(std::int64_t id) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto rows = selectAll<Submission>(fmt::format("SELECT {} FROM submissions WHERE id = ?", detail::kSubmissionColumns),
                                      {id}, "get submission", true,
                                      [](const detail::RowReader& row) { return detail::readSubmission(row); });
    if (!rows) return rows.error();
    if (rows->empty()) return std::optional<Submission>{};
    return std::optional<Submission>(std::move(rows->front()));
  }

  Result<void> decideSubmission(std::int64_t id, SubmissionStatus decision, const std::string& note,
                                Instant at) override {
    const std::string what = "decide submission";
    if (decision == SubmissionStatus::kPending) {
      return makeError(ErrorCode::kInvalidArgument, "a decision is accepted or rejected", what);
    }
    std::lock_guard<std::mutex> lock(mu_);
    auto r = transaction(what, [&]() -> Result<bool> {
      auto rows = selectAll<Submission>(
          fmt::format("SELECT {} FROM submissions WHERE id = ?", detail::kSubmissionColumns), {id}, what, true,
          [](const detail::RowReader& row) { return detail::readSubmission(row); });
      if (!rows) return rows.error();
      if (rows->empty()) return makeError(ErrorCode::kNotFound, fmt::format("no submission #{}", id), what);
      if (auto e = detail::decisionConflict(rows->front()); !e) return e.error();
      auto stmt = prepare("UPDATE submissions SET status = ?, decision_note = ?, decided_at = ?, updated_at = ? "
                          "WHERE id = ?",
                          what);
      if (!stmt) return stmt.error();
      (*stmt)->bindAll({std::string(submissionStatusName(decision)), note, toUnix(at), toUnix(at), id});
      if ((*stmt)->step() != SQLITE_DONE) return databaseError(what, (*stmt)->errorMessage());
      return true;
    });
    if (!r) return r.error();
    return ok();
  }

  Result<std::int64_t> purgeBefore(Instant cutoff, bool dry_run) override {
    std::lock_guard<std::mutex> lock(mu_);
    return transaction("purge", [&]() -> Result<std::int64_t> {
      auto n = selectInt("SELECT count(*) FROM tournaments WHERE " + detail::finishSql("") + " < ?",
                         {toUnix(cutoff)}, "purge", true);
      if (!n) return n.error();
      if (dry_run || *n == 0) return *n;
      auto del = prepare("DELETE FROM tournaments WHERE " + detail::finishSql("") + " < ?", "purge");
      if (!del) return del.error();
      (*del)->bind(1, toUnix(cutoff));
      if ((*del)->step() != SQLITE_DONE) return databaseError("purge", (*del)->errorMessage());
      if (auto b = bumpVersion(); !b) return b.error();
      return *n;
    });
  }

  Result<bool> tryAcquireRunLock() override {
    std::lock_guard<std::mutex> lock(lock_mu_);
    if (lock_held_) return false;
    if (path_ == ":memory:") {
      lock_held_ = true;
      return true;
    }
    std::string lock_path = path_ + ".runlock";
    int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      return makeError(ErrorCode::kIo, fmt::format("cannot open {}: {}", lock_path, std::strerror(errno)),
                       "run lock");
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      int err = errno;
      ::close(fd);
      if (err == EWOULDBLOCK) return false;
      return makeError(ErrorCode::kIo, fmt::format("cannot lock {}: {}", lock_path, std::strerror(err)),
                       "run lock");
    }
    lock_fd_ = fd;
    lock_held_ = true;
    return true;
  }

  Result<void> releaseRunLock() override {
    std::lock_guard<std::mutex> lock(lock_mu_);
    if (lock_fd_ >= 0) {
      ::flock(lock_fd_, LOCK_UN);
      ::close(lock_fd_);
      lock_fd_ = -1;
    }
    lock_held_ = false;
    return ok();
  }

 private:
  // Runs one statement (or a script) without results.
  Result<void> exec(const char* sql, const std::string& what) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err != nullptr ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      return databaseError(what, msg);
    }
    return ok();
  }

  // A cached statement for fixed SQL; dynamic SQL (filters) is prepared
  // each time and finalised.
  Result<std::unique_ptr<Stmt>> prepare(const std::string& sql, const std::string& what, bool cache = true) {
    if (cache) {
      if (auto it = cache_.find(sql); it != cache_.end()) {
        return std::make_unique<Stmt>(db_, it->second, false);
      }
    }
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                cache ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      return databaseError(what, sqlite3_errmsg(db_));
    }
    if (cache) {
      cache_.emplace(sql, stmt);
      return std::make_unique<Stmt>(db_, stmt, false);
    }
    return std::make_unique<Stmt>(db_, stmt, true);
  }

  template <typename T, typename Read>
  Result<std::vector<T>> selectAll(const std::string& sql, const std::vector<SqlValue>& params,
                                   const std::string& what, bool cache, Read read) {
    auto stmt = prepare(sql, what, cache);
    if (!stmt) return stmt.error();
    (*stmt)->bindAll(params);
    std::vector<T> out;
    for (;;) {
      int rc = (*stmt)->step();
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return databaseError(what, (*stmt)->errorMessage());
      out.push_back(read((*stmt)->row()));
    }
    return out;
  }

  Result<std::int64_t> selectInt(const std::string& sql, const std::vector<SqlValue>& params,
                                 const std::string& what, bool cache) {
    auto stmt = prepare(sql, what, cache);
    if (!stmt) return stmt.error();
    (*stmt)->bindAll(params);
    int rc = (*stmt)->step();
    if (rc != SQLITE_ROW) {
      if (rc == SQLITE_DONE) return makeError(ErrorCode::kNotFound, "no row", what);
      return databaseError(what, (*stmt)->errorMessage());
    }
    return static_cast<std::int64_t>(sqlite3_column_int64((*stmt)->get(), 0));
  }

  // BEGIN IMMEDIATE (writers queue on the busy timeout, never deadlock on
  // upgrade) … COMMIT; any error rolls back.
  template <typename Fn>
  auto transaction(const std::string& what, Fn&& fn) -> decltype(fn()) {
    if (auto r = exec("BEGIN IMMEDIATE", what); !r) return r.error();
    auto result = fn();
    if (!result) {
      (void)exec("ROLLBACK", what);
      return result;
    }
    if (auto r = exec("COMMIT", what); !r) {
      (void)exec("ROLLBACK", what);
      return r.error();
    }
    return result;
  }

  Result<void> bumpVersion() {
    return exec("UPDATE data_version SET version = version + 1 WHERE id = 1", "bump data version");
  }

  Result<UpsertCounts> upsertLocked(const detail::PreparedBatch& batch, std::int64_t seen, std::int64_t token) {
    const std::string what = "upsert tournaments";
    UpsertCounts counts;
    bool changed = false;

    auto find_venue = prepare("SELECT id FROM venues WHERE name_key = ? AND city_key = ?", what);
    if (!find_venue) return find_venue.error();
    auto put_venue = prepare(fmt::format("INSERT INTO venues ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                         "?, ?, ?, ?, ?, ?){}",
                                         detail::kVenueInsertColumns, detail::kVenueConflict),
                             what);
    if (!put_venue) return put_venue.error();
    std::vector<std::int64_t> venue_ids(batch.venues.size());
    for (std::size_t i = 0; i < batch.venues.size(); ++i) {
      const auto& bv = batch.venues[i];
      const Venue& v = bv.venue;
      auto& find = **find_venue;
      find.rebind({bv.name_key, bv.city_key});
      int rc = find.step();
      bool exists = rc == SQLITE_ROW;
      if (!exists && rc != SQLITE_DONE) return databaseError(what, find.errorMessage());
      if (exists) venue_ids[i] = sqlite3_column_int64(find.get(), 0);
      auto& put = **put_venue;
      put.rebind({v.name, bv.name_key, v.address, v.postcode, v.city, bv.city_key, v.department,
                  bv.department_key, v.department_code, v.region, bv.region_key, v.country, orNull(v.latitude),
                  orNull(v.longitude), v.geocode_source, v.website, seen, seen});
      if (put.step() != SQLITE_DONE) {
        return databaseError(what, fmt::format("venue '{}' ({}): {}", v.name, v.city, put.errorMessage()));
      }
      if (sqlite3_changes(db_) > 0) changed = true;
      if (!exists) {
        venue_ids[i] = sqlite3_last_insert_rowid(db_);
        ++counts.venues_inserted;
      }
    }

    // BEGIN IMMEDIATE holds the write lock: no other writer can add a row
    // between the look-ups and the writes. Twins are found first for the
    // whole batch (own identities, then aliases and slots: see
    // TournamentSink::upsertPrepared), then each row takes the cheapest write.
    const std::size_t n = batch.tournaments.size();
    std::vector<std::int64_t> twin(n, 0);  // 0: new
    std::vector<char> same(n, 0);
    std::unordered_set<std::int64_t> taken;
    auto by_identity = prepare(
        "SELECT id, content_hash, seen_run, start_datetime, venue_id FROM tournaments "
        "WHERE source_name = ? AND identity_key = ?",
        what);
    if (!by_identity) return by_identity.error();
    auto by_slot = prepare(
        "SELECT id, content_hash FROM tournaments WHERE venue_id = ? AND title_key = ? AND start_datetime = ? "
        "AND (? = 0 OR seen_run IS NULL OR seen_run <> ?) ORDER BY id",
        what);
    if (!by_slot) return by_slot.error();
    auto storedHash = [](sqlite3_stmt* stmt, int col) {
      const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, col));
      return std::string_view(p != nullptr ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, col)));
    };
    // The row of (source, key), if any and not claimed; `claimable` also
    // refuses one this run already saw (another tournament's).
    auto findIdentity = [&](std::size_t i, const std::string& source, const std::string& key,
                            bool claimable) -> Result<bool> {
      sqlite3_stmt* find = (*by_identity)->get();
      RowBinder(find).text(source).text(key);
      int rc = sqlite3_step(find);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE) return databaseError(what, sqlite3_errmsg(db_));
      bool found = false;
      if (rc == SQLITE_ROW) {
        std::int64_t id = sqlite3_column_int64(find, 0);
        bool seen_now = token != 0 && sqlite3_column_type(find, 2) != SQLITE_NULL && sqlite3_column_int64(find, 2) == token;
        if (taken.count(id) == 0 && !(claimable && seen_now)) {
          const auto& bt = batch.tournaments[i];
          // The content hash leaves out the slot (start, venue): a twin
          // found by identity may have moved.
          twin[i] = id;
          same[i] = storedHash(find, 1) == bt.content_hash &&
                    sqlite3_column_int64(find, 3) == toUnix(bt.tournament->start) &&
                    sqlite3_column_int64(find, 4) == venue_ids[bt.venue_index];
          taken.insert(id);
          found = true;
        }
      }
      sqlite3_reset(find);
      return found;
    };
    for (std::size_t i = 0; i < n; ++i) {
      const Tournament& t = *batch.tournaments[i].tournament;
      if (t.identity_key.empty()) continue;
      auto r = findIdentity(i, t.source_name, t.identity_key, false);
      if (!r) return r.error();
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (twin[i] != 0) continue;
      const auto& bt = batch.tournaments[i];
      const Tournament& t = *bt.tournament;
      for (const auto& [source, key] : t.also_known_as) {
        auto r = findIdentity(i, source, key, true);
        if (!r) return r.error();
        if (*r) break;
      }
      if (twin[i] != 0) continue;
      sqlite3_stmt* find = (*by_slot)->get();
      RowBinder(find).int64(venue_ids[bt.venue_index]).text(bt.title_key).int64(toUnix(t.start)).int64(token).int64(token);
      for (;;) {
        int rc = sqlite3_step(find);
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) return databaseError(what, sqlite3_errmsg(db_));
        std::int64_t id = sqlite3_column_int64(find, 0);
        if (taken.count(id) != 0) continue;
        twin[i] = id;
        same[i] = storedHash(find, 1) == bt.content_hash;
        taken.insert(id);
        break;
      }
      sqlite3_reset(find);
    }

    auto insert_t = prepare(fmt::format("INSERT INTO tournaments ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                        detail::kTournamentInsertColumns),
                            what);
    if (!insert_t) return insert_t.error();
    auto seen_t = prepare(
        "UPDATE tournaments SET last_seen_at = ?, source_hash = ?, identity_key = ?, seen_run = ? WHERE id = ?", what);
    if (!seen_t) return seen_t.error();
    auto update_t = prepare(
        "UPDATE tournaments SET title = ?, title_key = ?, description = ?, start_datetime = ?, end_datetime = ?, "
        "time_known = ?, end_time_known = ?, multi_day = ?, timezone = ?, buy_in_cents = ?, fee_cents = ?, guarantee_cents = ?, "
        "currency = ?, variant = ?, tags = ?, status = ?, source_name = ?, source_url = ?, source_hash = ?, "
        "event_url = ?, search_key = ?, content_hash = ?, identity_key = ?, removed_at = ?, venue_id = ?, "
        "updated_at = ?, last_seen_at = ?, seen_run = ? WHERE id = ?",
        what);
    if (!update_t) return update_t.error();
    const std::optional<std::int64_t> run_token = token != 0 ? std::optional<std::int64_t>(token) : std::nullopt;
    for (std::size_t i = 0; i < n; ++i) {
      const auto& bt = batch.tournaments[i];
      const Tournament& t = *bt.tournament;
      std::int64_t venue_id = venue_ids[bt.venue_index];
      std::int64_t start = toUnix(t.start);
      std::optional<std::int64_t> end;
      if (t.end) end = toUnix(*t.end);
      std::optional<std::int64_t> removed_at;
      if (t.removed_at) removed_at = toUnix(*t.removed_at);
      sqlite3_stmt* write = nullptr;
      if (twin[i] == 0) {
        ++counts.inserted;
        write = (*insert_t)->get();
        RowBinder(write)
            .int64(venue_id).text(t.title).text(bt.title_key).text(t.description).int64(start).int64(end)
            .int64(t.time_known ? 1 : 0).int64(t.end_time_known ? 1 : 0).int64(t.multi_day ? 1 : 0).text(t.timezone).int64(t.buy_in_cents)
            .int64(t.fee_cents).int64(t.guarantee_cents).text(t.currency).text(t.variant).text(bt.tags_text)
            .text(statusName(t.status)).text(t.source_name).text(t.source_url).text(t.source_hash)
            .text(t.event_url).text(bt.search_key).text(bt.content_hash).textOrNull(t.identity_key)
            .int64(removed_at).int64(seen).int64(seen).int64(seen).int64(seen).int64(run_token);
      } else if (same[i] != 0) {
        ++counts.unchanged;
        write = (*seen_t)->get();
        RowBinder(write).int64(seen).text(t.source_hash).textOrNull(t.identity_key).int64(run_token).int64(twin[i]);
      } else {
        ++counts.updated;
        write = (*update_t)->get();
        RowBinder(write)
            .text(t.title).text(bt.title_key).text(t.description).int64(start).int64(end)
            .int64(t.time_known ? 1 : 0).int64(t.end_time_known ? 1 : 0).int64(t.multi_day ? 1 : 0).text(t.timezone).int64(t.buy_in_cents)
            .int64(t.fee_cents).int64(t.guarantee_cents).text(t.currency).text(t.variant).text(bt.tags_text)
            .text(statusName(t.status)).text(t.source_name).text(t.source_url).text(t.source_hash)
            .text(t.event_url).text(bt.search_key).text(bt.content_hash).textOrNull(t.identity_key)
            .int64(removed_at).int64(venue_id).int64(seen).int64(seen).int64(run_token).int64(twin[i]);
      }
      if (sqlite3_step(write) != SQLITE_DONE) {
        return databaseError(what, fmt::format("tournament '{}': {}", t.title, sqlite3_errmsg(db_)));
      }
    }
    if (changed || counts.inserted > 0 || counts.updated > 0) {
      if (auto b = bumpVersion(); !b) return b.error();
    }
    return counts;
  }

  std::mutex mu_;  // guards db_ and cache_
  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;

  std::mutex lock_mu_;  // guards the run lock
  int lock_fd_ = -1;
  bool lock_held_ = false;
};

}  // namespace

Result<std::unique_ptr<Store>> openSqliteStore(const std::string& path) {
  const std::string what = "open SQLite database " + path;
  if (path != ":memory:") {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(parent, ec);
      if (ec) {
        return makeError(ErrorCode::kDatabase,
                         fmt::format("cannot create folder {}: {}", parent.string(), ec.message()), what);
      }
    }
  }
  // SQLite counts every allocation under a global mutex unless told not
  // to; nothing here reads those counts, and a bulk upsert spent 5 % of its
  // time on that lock. Only possible before SQLite initialises, hence once
  // and first (if another part of the process initialised it, the call is
  // refused and the counts stay on: slower, not wrong).
  static std::once_flag configured;
  std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return databaseError(what, msg);
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_extended_result_codes(db, 1);
  // A 64 MiB page cache: a 100k-tournament batch otherwise re-reads its
  // index pages from the OS on every row. A checkpoint every 64 MiB of WAL
  // rather than every 4: each one copies the pages back and syncs, and a
  // bulk load of 100,000 tournaments made 13 of them (journal_size_limit
  // then trims the WAL file back to that size).
  const char* pragmas = path == ":memory:" ? "PRAGMA foreign_keys = ON;"
                                           : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                                             "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 16384; PRAGMA journal_size_limit = 67108864;";
  char* err = nullptr;
  if (sqlite3_exec(db, pragmas, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err != nullptr ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    sqlite3_close_v2(db);
    return databaseError(what, msg);
  }
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(db, path));
}

}  // namespace pft::store
