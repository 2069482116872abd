#include "postgres/postgres_store.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "common.hpp"
#include "pft/core/text.hpp"
#include "migrations.hpp"

namespace pft::store {
namespace {

using detail::databaseError;
using detail::SqlValue;
using detail::toUnix;

// Key of the database-wide pipeline lock (pg_try_advisory_lock) and of the
// migration lock (pg_advisory_xact_lock): "pft-run", "pft-mig" in ASCII.
constexpr std::int64_t kRunLockKey = 0x7066742d72756e;
constexpr std::int64_t kMigrationLockKey = 0x7066742d6d6967;
// Transaction lock taken by every upsert ("pft-ups"): upserts run one at a
// time, so each can classify its rows (new, changed, unchanged) once and
// then write them with plain statements, and its counts stay exact. The
// venue-reference triggers of migration 0002 take it too, by its decimal
// value 31637846556504179: change both together.
constexpr std::int64_t kUpsertLockKey = 0x7066742d757073;
constexpr int kPoolSize = 8;

void ignoreNotice(void*, const char*) {}

PGconn* connect(const std::string& conninfo, std::string& error) {
  // The URI comes last so that what it says wins over these defaults.
  const char* keys[] = {"connect_timeout", "application_name", "client_encoding", "dbname", nullptr};
  const char* values[] = {"10", "pft", "UTF8", conninfo.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 1);
  if (conn == nullptr) {
    error = "out of memory";
    return nullptr;
  }
  if (PQstatus(conn) != CONNECTION_OK) {
    // libpq's message spans lines ("…refused\n\tIs the server running…"):
    // one line for logs and the operator's terminal.
    error = text::squashSpaces(PQerrorMessage(conn));
    PQfinish(conn);
    return nullptr;
  }
  PQsetNoticeProcessor(conn, ignoreNotice, nullptr);
  // An upsert batch is staged in temporary tables: 64 MiB of session-local
  // buffers (allocated only when used) keeps 100k rows in memory. Set here
  // rather than in `options` so that PGOPTIONS still applies; it must come
  // before the session's first temporary table.
  PGresult* res = PQexec(conn, "SET temp_buffers = '64MB'");
  PQclear(res);
  return conn;
}

class PgRow final : public detail::RowReader {
 public:
  PgRow(const PGresult* res, int row) : res_(res), row_(row) {}
  bool isNull(int col) const override { return PQgetisnull(res_, row_, col) != 0; }
  std::int64_t int64(int col) const override {
    const char* p = PQgetvalue(res_, row_, col);
    std::int64_t v = 0;
    std::from_chars(p, p + std::strlen(p), v);
    return v;
  }
  double real(int col) const override {
    const char* p = PQgetvalue(res_, row_, col);
    double v = 0;
    std::from_chars(p, p + std::strlen(p), v);
    return v;
  }
  std::string text(int col) const override {
    return std::string(PQgetvalue(res_, row_, col), static_cast<std::size_t>(PQgetlength(res_, row_, col)));
  }

 private:
  const PGresult* res_;
  int row_;
};

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

// One connection in use by one operation. `lost` says the connection broke
// (server restart, network); `commit_sent` that a COMMIT may have reached
// the server, after which retrying could apply a transaction twice.
struct Session {
  PGconn* conn;
  bool lost = false;
  bool commit_sent = false;

  void noteFailure(const PGresult* res) {
    const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    bool connection_class = state != nullptr && (std::strncmp(state, "08", 2) == 0 ||
                                                 std::strncmp(state, "57P0", 4) == 0);
    if (connection_class || PQstatus(conn) != CONNECTION_OK) lost = true;
  }

  Result<PgResult> exec(const std::string& sql, const std::vector<SqlValue>& params, const std::string& what) {
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const SqlValue& p = params[i];
      if (std::holds_alternative<std::monostate>(p)) continue;
      if (const auto* n = std::get_if<std::int64_t>(&p)) {
        texts[i] = std::to_string(*n);
      } else if (const auto* d = std::get_if<double>(&p)) {
        texts[i] = fmt::format("{}", *d);
      } else {
        texts[i] = std::get<std::string>(p);
      }
      values[i] = texts[i].c_str();
    }
    PgResult res(PQexecParams(conn, sql.c_str(), static_cast<int>(params.size()), nullptr, values.data(),
                              nullptr, nullptr, 0));
    ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      noteFailure(res.get());
      std::string msg = res ? PQresultErrorMessage(res.get()) : "";
      if (msg.empty()) msg = PQerrorMessage(conn);
      return databaseError(what, msg);
    }
    return res;
  }

  // COPY … FROM STDIN with rows already in COPY text format; the rows copied.
  Result<std::int64_t> copyIn(const std::string& copy_sql, const std::string& data, const std::string& what) {
    PgResult res(PQexec(conn, copy_sql.c_str()));
    if (!res || PQresultStatus(res.get()) != PGRES_COPY_IN) {
      noteFailure(res.get());
      return databaseError(what, res ? PQresultErrorMessage(res.get()) : PQerrorMessage(conn));
    }
    constexpr std::size_t kChunk = 1 << 20;
    for (std::size_t pos = 0; pos < data.size(); pos += kChunk) {
      std::size_t n = std::min(kChunk, data.size() - pos);
      if (PQputCopyData(conn, data.data() + pos, static_cast<int>(n)) != 1) {
        noteFailure(nullptr);
        lost = true;
        return databaseError(what, PQerrorMessage(conn));
      }
    }
    if (PQputCopyEnd(conn, nullptr) != 1) {
      lost = true;
      return databaseError(what, PQerrorMessage(conn));
    }
    Result<std::int64_t> outcome = std::int64_t{0};
    while (PGresult* r = PQgetResult(conn)) {
      PgResult owned(r);
      if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        if (outcome) {
          noteFailure(r);
          outcome = databaseError(what, PQresultErrorMessage(r));
        }
      } else if (outcome) {
        outcome = static_cast<std::int64_t>(std::atoll(PQcmdTuples(r)));
      }
    }
    return outcome;
  }

  Result<std::int64_t> selectInt(const std::string& sql, const std::vector<SqlValue>& params,
                                 const std::string& what) {
    auto res = exec(sql, params, what);
    if (!res) return res.error();
    if (PQntuples(res->get()) < 1) return makeError(ErrorCode::kNotFound, "no row", what);
    return PgRow(res->get(), 0).int64(0);
  }

  // BEGIN … fn … COMMIT; an error rolls back (when the connection still works).
  template <typename Fn>
  auto transaction(const std::string& what, Fn&& fn) -> decltype(fn()) {
    if (auto r = exec("BEGIN", {}, what); !r) return r.error();
    auto result = fn();
    if (!result) {
      if (!lost) (void)exec("ROLLBACK", {}, what);
      return result;
    }
    commit_sent = true;
    if (auto r = exec("COMMIT", {}, what); !r) return r.error();
    return result;
  }
};

// COPY text format: tab-separated, \N for NULL, backslash escapes.
void copyField(std::string& out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  out += '\t';
}
void copyNull(std::string& out) { out += "\\N\t"; }
void copyInt(std::string& out, std::int64_t v) {
  out += std::to_string(v);
  out += '\t';
}
void copyOptInt(std::string& out, const std::optional<std::int64_t>& v) {
  if (v) {
    copyInt(out, *v);
  } else {
    copyNull(out);
  }
}
void copyOptReal(std::string& out, const std::optional<double>& v) {
  if (v) {
    out += fmt::format("{}", *v);
    out += '\t';
  } else {
    copyNull(out);
  }
}
void copyTextOrNull(std::string& out, std::string_view value) {
  if (value.empty()) {
    copyNull(out);
  } else {
    copyField(out, value);
  }
}
void endRow(std::string& out) { out.back() = '\n'; }

// A PostgreSQL array literal of integers or booleans ('{1,2}', '{t,f}').
template <typename T, typename Fn>
std::string arrayLiteral(const std::vector<T>& values, Fn text) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += text(values[i]);
  }
  out += '}';
  return out;
}

// A batch encoded ahead of its write: the venues' COPY rows, and the
// tournaments' COPY rows without their leading venue id (row i ends at
// row_ends[i]), which upsertIn puts in front once the venues are written.
struct PgPreparedBatch final : detail::OwnedBatch {
  std::string venue_rows;
  std::string tournament_rows;
  std::vector<std::size_t> row_ends;
  // Per tournament, what finds its stored twin: "n\tsource_name\t
  // identity_key\ttitle_key\tstart\tcontent_hash\tsource_hash\n" (n = its
  // index), also without the venue id; key row i ends at key_ends[i].
  std::string key_rows;
  std::vector<std::size_t> key_ends;
  // "n\trank\tsource_name\tidentity_key\n" per also_known_as identity.
  std::string alias_rows;
};

// A pool of connections; a connection found broken is dropped together with
// the idle ones (after a restart they are all dead) and replaced on demand.
class Pool {
 public:
  Pool(std::string conninfo, std::string display_url)
      : conninfo_(std::move(conninfo)), display_url_(std::move(display_url)) {}
  ~Pool() {
    for (PGconn* c : idle_) PQfinish(c);
  }

  Result<PGconn*> acquire() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !idle_.empty() || open_ < kPoolSize; });
    if (!idle_.empty()) {
      PGconn* c = idle_.back();
      idle_.pop_back();
      return c;
    }
    ++open_;
    lock.unlock();
    std::string error;
    PGconn* c = connect(conninfo_, error);
    if (c == nullptr) {
      lock.lock();
      --open_;
      cv_.notify_one();
      return makeError(ErrorCode::kDatabase, fmt::format("cannot connect to {}: {}", display_url_, error),
                       "DATABASE_URL");
    }
    return c;
  }

  void release(PGconn* c) {
    bool healthy = PQstatus(c) == CONNECTION_OK && PQtransactionStatus(c) == PQTRANS_IDLE;
    std::lock_guard<std::mutex> lock(mu_);
    if (healthy) {
      idle_.push_back(c);
    } else {
      PQfinish(c);
      --open_;
    }
    cv_.notify_one();
  }

  void discardWithIdle(PGconn* c) {
    std::lock_guard<std::mutex> lock(mu_);
    PQfinish(c);
    --open_;
    for (PGconn* other : idle_) {
      PQfinish(other);
      --open_;
    }
    idle_.clear();
    cv_.notify_all();
  }

  const std::string& conninfo() const { return conninfo_; }
  const std::string& displayUrl() const { return display_url_; }

 private:
  std::string conninfo_;
  std::string display_url_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<PGconn*> idle_;
  int open_ = 0;
};

class PostgresStore final : public Store {
 public:
  PostgresStore(std::string conninfo, std::string display_url)
      : pool_(std::move(conninfo), std::move(display_url)) {}
  ~PostgresStore() override {
    std::lock_guard<std::mutex> lock(lock_mu_);
    if (lock_conn_ != nullptr) PQfinish(lock_conn_);
  }

  std::string backendName() const override { return "postgresql"; }

  Result<std::vector<int>> migrate() override {
    std::vector<int> applied;
    for (const auto& m : postgresMigrations()) {
      std::string what = fmt::format("migration {}", m.name);
      auto r = run<bool>(true, [&](Session& s) {
        return s.transaction(what, [&]() -> Result<bool> {
          // Serialises concurrent `pft migrate` (several replicas starting at once).
          if (auto l = s.exec("SELECT pg_advisory_xact_lock($1::bigint)", {kMigrationLockKey}, what); !l) {
            return l.error();
          }
          if (auto c = s.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                              "version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
                              {}, what);
              !c) {
            return c.error();
          }
          auto done = s.exec("SELECT 1 FROM schema_migrations WHERE version = $1::bigint",
                             {std::int64_t{m.version}}, what);
          if (!done) return done.error();
          if (PQntuples(done->get()) > 0) return false;
          // A migration is static SQL with several statements: the simple
          // protocol runs them all (no data goes into this text).
          PgResult res(PQexec(s.conn, m.sql));
          if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
            s.noteFailure(res.get());
            return databaseError(what, res ? PQresultErrorMessage(res.get()) : PQerrorMessage(s.conn));
          }
          if (auto ins = s.exec("INSERT INTO schema_migrations (version, applied_at) "
                                "VALUES ($1::bigint, extract(epoch FROM now())::bigint)",
                                {std::int64_t{m.version}}, what);
              !ins) {
            return ins.error();
          }
          return true;
        });
      });
      if (!r) return r.error();
      if (*r) applied.push_back(m.version);
    }
    return applied;
  }

  Result<void> ping() override {
    auto r = run<bool>(true, [&](Session& s) -> Result<bool> {
      auto res = s.exec("SELECT 1", {}, "ping");
      if (!res) return res.error();
      return true;
    });
    if (!r) return r.error();
    return ok();
  }

  Result<std::unique_ptr<PreparedUpsert>> prepareUpsert(std::vector<Tournament> batch) const override {
    auto out = std::make_unique<PgPreparedBatch>();
    if (auto r = detail::prepareOwned(std::move(batch), *out); !r) return r.error();
    out->venue_rows = venueRows(out->prepared);
    tournamentRows(out->prepared, *out);
    return std::unique_ptr<PreparedUpsert>(std::move(out));
  }

  Result<UpsertCounts> upsertPrepared(const PreparedUpsert& batch, Instant seen_at, UpsertRun* disjoint) override {
    const std::string what = "upsert tournaments";
    const auto* prepared = dynamic_cast<const PgPreparedBatch*>(&batch);
    if (prepared == nullptr) {
      return makeError(ErrorCode::kInternal, "the batch was not prepared by a PostgreSQL store", what);
    }
    std::int64_t seen = toUnix(seen_at);
    // One batch at a time, in the order the caller hands them over (the
    // upsert lock would serialise the writes anyway, in no given order).
    std::lock_guard<std::mutex> serial(upsert_mu_);
    // Safe to retry when the connection broke before COMMIT: nothing was kept.
    return run<UpsertCounts>(true, [&](Session& s) {
      // A retried transaction starts from the run's state as it was.
      UpsertRun attempt = disjoint != nullptr ? *disjoint : UpsertRun{};
      auto counts = s.transaction(what, [&]() -> Result<UpsertCounts> {
        return upsertIn(s, *prepared, seen, what, disjoint != nullptr ? &attempt : nullptr);
      });
      if (counts && disjoint != nullptr) *disjoint = attempt;
      return counts;
    });
  }

  Result<std::vector<SourceWithdrawal>> withdrawAbsent(const UpsertRun& r, const std::vector<std::string>& sources,
                                                       Instant at) override {
    const std::string what = "withdraw absent tournaments";
    if (r.token == 0) return makeError(ErrorCode::kInvalidArgument, "the run has no token", what);
    std::lock_guard<std::mutex> serial(upsert_mu_);
    return run<std::vector<SourceWithdrawal>>(true, [&](Session& s) {
      return s.transaction(what, [&]() -> Result<std::vector<SourceWithdrawal>> {
        if (auto l = s.exec("SELECT pg_advisory_xact_lock($1::bigint)", {kUpsertLockKey}, what); !l) return l.error();
        std::vector<SourceWithdrawal> out;
        bool changed = false;
        for (const auto& name : sources) {
          // Upcoming = not started yet: a source stops listing what has
          // begun (an iCalendar feed starts at now, a page drops tonight's).
          auto res = s.exec(
              "WITH c AS (SELECT id, (seen_run IS NULL OR seen_run <> $3::bigint) AS absent FROM tournaments "
              "WHERE source_name = $1 AND status <> 'removed' AND start_datetime > $2::bigint), "
              "w AS (UPDATE tournaments x SET status = 'removed', removed_at = $2::bigint, updated_at = $2::bigint, "
              "content_hash = '' FROM c WHERE x.id = c.id AND c.absent RETURNING 1) "
              "SELECT (SELECT count(*) FROM c), (SELECT count(*) FROM w)",
              {name, toUnix(at), r.token}, what);
          if (!res) return res.error();
          SourceWithdrawal w;
          w.source_name = name;
          PgRow row(res->get(), 0);
          w.upcoming = row.int64(0);
          w.withdrawn = row.int64(1);
          changed = changed || w.withdrawn > 0;
          out.push_back(std::move(w));
        }
        if (changed) {
          if (auto b = s.exec("UPDATE data_version SET version = version + 1 WHERE id = 1", {}, what); !b) {
            return b.error();
          }
        }
        return out;
      });
    });
  }

  Result<std::vector<Tournament>> queryTournaments(const TournamentFilter& filter) override {
    std::vector<SqlValue> params;
    std::string sql = fmt::format("SELECT {} FROM tournaments t JOIN venues v ON v.id = t.venue_id{}",
                                  detail::kTournamentColumns,
                                  detail::filterWhere(filter, detail::Dialect::kPostgres, params));
    sql += " ORDER BY t.start_datetime, t.id";
    sql += " LIMIT " + detail::placeholder(detail::Dialect::kPostgres, params) + "::bigint";
    params.emplace_back(filter.limit < 0 ? SqlValue(std::monostate{}) : SqlValue(filter.limit));
    sql += " OFFSET " + detail::placeholder(detail::Dialect::kPostgres, params) + "::bigint";
    params.emplace_back(std::max<std::int64_t>(filter.offset, 0));
    return selectAll<Tournament>(sql, params, "query tournaments",
                                 [](const detail::RowReader& r) { return detail::readTournament(r); });
  }

  Result<std::int64_t> countTournaments(const TournamentFilter& filter) override {
    std::vector<SqlValue> params;
    std::string sql = "SELECT count(*) FROM tournaments t JOIN venues v ON v.id = t.venue_id" +
                      detail::filterWhere(filter, detail::Dialect::kPostgres, params);
    return selectInt(sql, params, "count tournaments");
  }

  Result<std::optional<Tournament>> getTournament(std::int64_t id) override {
    std::string sql = fmt::format(
        "SELECT {} FROM tournaments t JOIN venues v ON v.id = t.venue_id WHERE t.id = $1::bigint",
        detail::kTournamentColumns);
    return selectOne<Tournament>(sql, {id}, "get tournament",
                                 [](const detail::RowReader& r) { return detail::readTournament(r); });
  }

  Result<std::vector<TournamentChange>> tournamentHistory(std::int64_t id, std::int64_t limit) override {
    std::string sql = fmt::format(
        "SELECT {} FROM tournament_changes WHERE tournament_id = $1::bigint ORDER BY id DESC LIMIT $2::bigint",
        detail::kChangeColumns);
    return selectAll<TournamentChange>(
        sql, {id, limit < 0 ? SqlValue(std::monostate{}) : SqlValue(limit)}, "tournament history",
        [](const detail::RowReader& r) { return detail::readChange(r); });
  }

  Result<std::unordered_map<std::int64_t, std::int64_t>> changeCounts() override {
    auto rows = selectAll<std::pair<std::int64_t, std::int64_t>>(
        "SELECT tournament_id, count(*) FROM tournament_changes GROUP BY tournament_id", {}, "change counts",
        [](const detail::RowReader& r) { return std::pair<std::int64_t, std::int64_t>{r.int64(0), r.int64(1)}; });
    if (!rows) return rows.error();
    return std::unordered_map<std::int64_t, std::int64_t>(rows->begin(), rows->end());
  }

  Result<std::vector<Venue>> listVenues() override {
    std::string sql = fmt::format("SELECT {} FROM venues v ORDER BY v.name_key, v.city_key, v.id",
                                  detail::kVenueColumns);
    return selectAll<Venue>(sql, {}, "list venues",
                            [](const detail::RowReader& r) { return detail::readVenue(r, 0); });
  }

  Result<std::optional<Venue>> getVenue(std::int64_t id) override {
    std::string sql = fmt::format("SELECT {} FROM venues v WHERE v.id = $1::bigint", detail::kVenueColumns);
    return selectOne<Venue>(sql, {id}, "get venue",
                            [](const detail::RowReader& r) { return detail::readVenue(r, 0); });
  }

  Result<std::int64_t> countUpcoming(Instant now) override {
    return selectInt("SELECT count(*) FROM tournaments WHERE " + detail::finishSql("") + " >= $1::bigint AND " +
                         detail::notRemovedSql(""),
                     {toUnix(now)}, "count upcoming");
  }

  Result<StoreCounts> counts(Instant now) override {
    return run<StoreCounts>(true, [&](Session& s) -> Result<StoreCounts> {
      auto res = s.exec(
          "SELECT (SELECT count(*) FROM venues), "
          "(SELECT count(*) FROM tournaments WHERE " + detail::finishSql("") + " >= $1::bigint AND " +
              detail::notRemovedSql("") + "), "
          "(SELECT count(*) FROM tournaments WHERE " + detail::finishSql("") + " < $1::bigint), "
          "(SELECT count(*) FROM tournaments WHERE " + detail::finishSql("") + " >= $1::bigint AND status = 'removed')",
          {toUnix(now)}, "count tournaments and venues");
      if (!res) return res.error();
      PgRow row(res->get(), 0);
      StoreCounts c;
      c.venues = row.int64(0);
      c.upcoming = row.int64(1);
      c.past = row.int64(2);
      c.removed = row.int64(3);
      return c;
    });
  }

  Result<std::int64_t> dataVersion() override {
    return selectInt("SELECT version FROM data_version WHERE id = 1", {}, "read data version");
  }

  Result<std::int64_t> startRun(const IngestRun& r) override {
    const std::string what = "start ingest run";
    return run<std::int64_t>(true, [&](Session& s) {
      return s.transaction(what, [&]() -> Result<std::int64_t> {
        return s.selectInt(
            "INSERT INTO ingest_runs (triggered_by, status, started_at, finished_at, sources, events_fetched, "
            "inserted, updated, unchanged, duplicates, rejected, error, host, created_at, updated_at, removed, "
            "warned) VALUES ($1, 'running', $2::bigint, NULL, $3, $4::bigint, $5::bigint, $6::bigint, $7::bigint, "
            "$8::bigint, $9::bigint, $10, $11, $2::bigint, $2::bigint, $12::bigint, $13::bigint) RETURNING id",
            {r.trigger, toUnix(r.started_at), detail::encodeSources(r.sources), r.events_fetched, r.inserted,
             r.updated, r.unchanged, r.duplicates, r.rejected, r.error, r.host, r.removed, r.warned},
            what);
      });
    });
  }

  Result<void> finishRun(const IngestRun& r) override {
    const std::string what = "finish ingest run";
    Instant stamp = r.finished_at.value_or(r.started_at);
    auto changed = run<std::int64_t>(true, [&](Session& s) {
      return s.transaction(what, [&]() -> Result<std::int64_t> {
        auto res = s.exec(
            "UPDATE ingest_runs SET triggered_by = $1, status = $2, finished_at = $3::bigint, sources = $4, "
            "events_fetched = $5::bigint, inserted = $6::bigint, updated = $7::bigint, unchanged = $8::bigint, "
            "duplicates = $9::bigint, rejected = $10::bigint, error = $11, host = $12, updated_at = $13::bigint, "
            "removed = $15::bigint, warned = $16::bigint WHERE id = $14::bigint",
            {r.trigger, r.status, r.finished_at ? SqlValue(toUnix(*r.finished_at)) : SqlValue(std::monostate{}),
             detail::encodeSources(r.sources), r.events_fetched, r.inserted, r.updated, r.unchanged,
             r.duplicates, r.rejected, r.error, r.host, toUnix(stamp), r.id, r.removed, r.warned},
            what);
        if (!res) return res.error();
        return static_cast<std::int64_t>(std::atoll(PQcmdTuples(res->get())));
      });
    });
    if (!changed) return changed.error();
    if (*changed == 0) {
      return makeError(ErrorCode::kNotFound, fmt::format("no ingest run with id {}", r.id), what);
    }
    return ok();
  }

  Result<std::vector<IngestRun>> listRuns(int limit) override {
    std::string sql = fmt::format(
        "SELECT {} FROM ingest_runs ORDER BY started_at DESC, id DESC LIMIT $1::bigint", detail::kRunColumns);
    return selectAll<IngestRun>(sql, {limit < 0 ? SqlValue(std::monostate{}) : SqlValue(std::int64_t{limit})},
                                "list ingest runs",
                                [](const detail::RowReader& row) { return detail::readRun(row); });
  }

  Result<std::optional<IngestRun>> getRun(std::int64_t id) override {
    std::string sql = fmt::format("SELECT {} FROM ingest_runs WHERE id = $1::bigint", detail::kRunColumns);
    return selectOne<IngestRun>(sql, {id}, "get ingest run",
                                [](const detail::RowReader& row) { return detail::readRun(row); });
  }

  Result<std::optional<GeocodeEntry>> getGeocode(const std::string& query) override {
    std::string sql = fmt::format("SELECT {} FROM geocode_cache WHERE query = $1", detail::kGeocodeColumns);
    return selectOne<GeocodeEntry>(sql, {query}, "get geocode",
                                   [](const detail::RowReader& row) { return detail::readGeocode(row); });
  }

  Result<void> putGeocode(const GeocodeEntry& e) override {
    const std::string what = "put geocode";
    auto r = run<bool>(true, [&](Session& s) {
      return s.transaction(what, [&]() -> Result<bool> {
        auto res = s.exec(
            "INSERT INTO geocode_cache (query, found, latitude, longitude, postcode, city, department, "
            "department_code, region, provider, fetched_at, created_at, updated_at) "
            "VALUES ($1, $2::bigint, $3::double precision, $4::double precision, $5, $6, $7, $8, $9, $10, "
            "$11::bigint, $11::bigint, $11::bigint) "
            "ON CONFLICT (query) DO UPDATE SET found = excluded.found, latitude = excluded.latitude, "
            "longitude = excluded.longitude, postcode = excluded.postcode, city = excluded.city, "
            "department = excluded.department, department_code = excluded.department_code, "
            "region = excluded.region, provider = excluded.provider, fetched_at = excluded.fetched_at, "
            "updated_at = excluded.updated_at",
            {e.query, std::int64_t{e.found ? 1 : 0}, e.latitude, e.longitude, e.postcode, e.city, e.department,
             e.department_code, e.region, e.provider, toUnix(e.fetched_at)},
            what);
        if (!res) return res.error();
        return true;
      });
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
    const std::string upsert_sql = fmt::format(
        "INSERT INTO sources ({}) VALUES ($1, $2, $3, $4, $5::bigint, $6::bigint, $7::bigint, $8, $9::bigint, "
        "$10::bigint, $11::bigint, $12, $13::bigint, $14::bigint, $15::bigint, $16::bigint) "
        "ON CONFLICT (name) DO UPDATE SET {}",
        detail::kSourceColumns, detail::kSourceUpdateSet);
    auto r = run<bool>(true, [&](Session& s) {
      return s.transaction(what, [&]() -> Result<bool> {
        // One writer at a time: two runs never record together (the run
        // lock), but a test or a replica might.
        auto locked = s.exec("LOCK TABLE sources IN SHARE ROW EXCLUSIVE MODE", {}, what);
        if (!locked) return locked.error();
        auto res = s.exec(fmt::format("SELECT {} FROM sources", detail::kSourceColumns), {}, what);
        if (!res) return res.error();
        struct Stored {
          SourceStatus status;
          Instant created{};
        };
        std::unordered_map<std::string, Stored> by_name;
        for (int i = 0; i < PQntuples(res->get()); ++i) {
          PgRow row(res->get(), i);
          Stored st{detail::readSourceStatus(row), detail::fromUnix(row.int64(14))};
          by_name.emplace(st.status.name, std::move(st));
        }
        std::unordered_map<std::string, bool> reported;
        for (const auto& report : reports) {
          auto it = by_name.find(report.name);
          std::optional<SourceStatus> before;
          Instant created = at;
          if (it != by_name.end()) {
            before = it->second.status;
            created = it->second.created;
          }
          SourceStatus merged = detail::mergeSourceReport(before, report, run_id, at);
          if (auto w = s.exec(upsert_sql, detail::sourceRowValues(merged, created, at), what); !w) return w.error();
          reported[report.name] = true;
        }
        for (const auto& [name, st] : by_name) {
          if (reported.count(name) != 0 || !st.status.enabled) continue;
          auto w = s.exec("UPDATE sources SET enabled = 0, updated_at = $1::bigint WHERE name = $2",
                          {toUnix(at), name}, what);
          if (!w) return w.error();
        }
        if (auto b = s.exec("UPDATE data_version SET version = version + 1 WHERE id = 1", {}, what); !b) {
          return b.error();
        }
        return true;
      });
    });
    if (!r) return r.error();
    return ok();
  }

  Result<std::vector<SourceStatus>> listSourceStatuses() override {
    return selectAll<SourceStatus>(fmt::format("SELECT {} FROM sources ORDER BY name COLLATE \"C\"", detail::kSourceColumns),
                                   {}, "list sources",
                                   [](const detail::RowReader& row) { return detail::readSourceStatus(row); });
  }

  Result<std::int64_t> addSubmission(const Submission& sub) override {
    const std::string what = "add submission";
    auto values = detail::submissionInsertValues(sub);
    return run<std::int64_t>(true, [&](Session& s) {
      return s.transaction(what, [&]() -> Result<std::int64_t> {
        return s.selectInt(fmt::format("INSERT INTO submissions ({}, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
                                       "$8, $9, $10, $11, $12, $13, $14, $15, $16::bigint, $16::bigint) RETURNING id",
                                       detail::kSubmissionInsertColumns),
                           values, what);
      });
    });
  }

  Result<std::vector<Submission>> listSubmissions(std::optional<SubmissionStatus> status, int limit) override {
    std::vector<SqlValue> params;
    std::string sql = fmt::format("SELECT {} FROM submissions", detail::kSubmissionColumns);
    if (status) {
      params.emplace_back(std::string(submissionStatusName(*status)));
      sql += " WHERE status = $1";
    }
    sql += fmt::format(" ORDER BY id LIMIT ${}::bigint", params.size() + 1);
    params.push_back(limit < 0 ? SqlValue(std::monostate{}) : SqlValue(std::int64_t{limit}));
    return selectAll<Submission>(sql, params, "list submissions",
                                 [](const detail::RowReader& row) { return detail::readSubmission(row); });
  }

  Result<std::optional<Submission>> getSubmission(std::int64_t id) override {
    return selectOne<Submission>(fmt::format("SELECT {} FROM submissions WHERE id = $1::bigint", detail::kSubmissionColumns),
                                 {id}, "get submission",
                                 [](const detail::RowReader& row) { return detail::readSubmission(row); });
  }

  Result<void> decideSubmission(std::int64_t id, SubmissionStatus decision, const std::string& note,
                                Instant at) override {
    const std::string what = "decide submission";
    if (decision == SubmissionStatus::kPending) {
      return makeError(ErrorCode::kInvalidArgument, "a decision is accepted or rejected", what);
    }
    auto r = run<bool>(true, [&](Session& s) {
      return s.transaction(what, [&]() -> Result<bool> {
        auto res = s.exec(fmt::format("SELECT {} FROM submissions WHERE id = $1::bigint FOR UPDATE",
                                      detail::kSubmissionColumns),
                          {id}, what);
        if (!res) return res.error();
        if (PQntuples(res->get()) < 1) return makeError(ErrorCode::kNotFound, fmt::format("no submission #{}", id), what);
        if (auto e = detail::decisionConflict(detail::readSubmission(PgRow(res->get(), 0))); !e) return e.error();
        auto w = s.exec("UPDATE submissions SET status = $1, decision_note = $2, decided_at = $3::bigint, "
                        "updated_at = $3::bigint WHERE id = $4::bigint",
                        {std::string(submissionStatusName(decision)), note, toUnix(at), id}, what);
        if (!w) return w.error();
        return true;
      });
    });
    if (!r) return r.error();
    return ok();
  }

  Result<std::int64_t> purgeBefore(Instant cutoff, bool dry_run) override {
    const std::string what = "purge";
    return run<std::int64_t>(true, [&](Session& s) {
      return s.transaction(what, [&]() -> Result<std::int64_t> {
        if (dry_run) {
          return s.selectInt(
              "SELECT count(*) FROM tournaments WHERE " + detail::finishSql("") + " < $1::bigint",
              {toUnix(cutoff)}, what);
        }
        auto res = s.exec("DELETE FROM tournaments WHERE " + detail::finishSql("") + " < $1::bigint",
                          {toUnix(cutoff)}, what);
        if (!res) return res.error();
        auto n = static_cast<std::int64_t>(std::atoll(PQcmdTuples(res->get())));
        if (n > 0) {
          if (auto b = s.exec("UPDATE data_version SET version = version + 1 WHERE id = 1", {}, what); !b) {
            return b.error();
          }
        }
        return n;
      });
    });
  }

  Result<bool> tryAcquireRunLock() override {
    std::lock_guard<std::mutex> lock(lock_mu_);
    if (lock_conn_ != nullptr) {
      if (PQstatus(lock_conn_) == CONNECTION_OK) return false;
      // The server restarted and took the lock with the session: take it again.
      PQfinish(lock_conn_);
      lock_conn_ = nullptr;
    }
    std::string error;
    PGconn* c = connect(pool_.conninfo(), error);
    if (c == nullptr) {
      return makeError(ErrorCode::kDatabase, fmt::format("cannot connect to {}: {}", pool_.displayUrl(), error),
                       "run lock");
    }
    Session s{c};
    auto res = s.exec("SELECT pg_try_advisory_lock($1::bigint)", {kRunLockKey}, "run lock");
    if (!res) {
      PQfinish(c);
      return res.error();
    }
    bool got = std::strcmp(PQgetvalue(res->get(), 0, 0), "t") == 0;
    if (!got) {
      PQfinish(c);
      return false;
    }
    lock_conn_ = c;  // the session holds the lock until it closes
    return true;
  }

  Result<void> releaseRunLock() override {
    std::lock_guard<std::mutex> lock(lock_mu_);
    if (lock_conn_ != nullptr) {
      PQfinish(lock_conn_);  // closing the session releases its advisory locks
      lock_conn_ = nullptr;
    }
    return ok();
  }

 private:
  // Runs `fn` on a pooled connection. When the connection turns out broken
  // (server restarted), it and the idle ones are dropped; if `retry_safe` and
  // no COMMIT was sent, `fn` runs once more on a fresh connection.
  template <typename T, typename Fn>
  Result<T> run(bool retry_safe, Fn&& fn) {
    for (int attempt = 0;; ++attempt) {
      auto conn = pool_.acquire();
      if (!conn) return conn.error();
      Session s{*conn};
      Result<T> r = fn(s);
      if (r || !s.lost) {
        pool_.release(*conn);
        return r;
      }
      pool_.discardWithIdle(*conn);
      if (!retry_safe || s.commit_sent || attempt > 0) return r;
    }
  }

  template <typename T, typename Read>
  Result<std::vector<T>> selectAll(const std::string& sql, const std::vector<SqlValue>& params,
                                   const std::string& what, Read read) {
    return run<std::vector<T>>(true, [&](Session& s) -> Result<std::vector<T>> {
      auto res = s.exec(sql, params, what);
      if (!res) return res.error();
      std::vector<T> out;
      int n = PQntuples(res->get());
      out.reserve(static_cast<std::size_t>(n));
      for (int i = 0; i < n; ++i) out.push_back(read(PgRow(res->get(), i)));
      return out;
    });
  }

  template <typename T, typename Read>
  Result<std::optional<T>> selectOne(const std::string& sql, const std::vector<SqlValue>& params,
                                     const std::string& what, Read read) {
    auto rows = selectAll<T>(sql, params, what, read);
    if (!rows) return rows.error();
    if (rows->empty()) return std::optional<T>{};
    return std::optional<T>(std::move(rows->front()));
  }

  Result<std::int64_t> selectInt(const std::string& sql, const std::vector<SqlValue>& params,
                                 const std::string& what) {
    return run<std::int64_t>(true, [&](Session& s) { return s.selectInt(sql, params, what); });
  }

  static std::string venueRows(const detail::PreparedBatch& batch) {
    std::string out;
    for (const auto& bv : batch.venues) {
      const Venue& v = bv.venue;
      copyField(out, v.name);
      copyField(out, bv.name_key);
      copyField(out, v.address);
      copyField(out, v.postcode);
      copyField(out, v.city);
      copyField(out, bv.city_key);
      copyField(out, v.department);
      copyField(out, bv.department_key);
      copyField(out, v.department_code);
      copyField(out, v.region);
      copyField(out, bv.region_key);
      copyField(out, v.country);
      copyOptReal(out, v.latitude);
      copyOptReal(out, v.longitude);
      copyField(out, v.geocode_source);
      copyField(out, v.website);
      endRow(out);
    }
    return out;
  }

  // Each tournament's COPY row but its first field, the venue id, which is
  // known only once the venues are written (see PgPreparedBatch).
  static void tournamentRows(const detail::PreparedBatch& batch, PgPreparedBatch& into) {
    std::string& out = into.tournament_rows;
    out.reserve(batch.tournaments.size() * 400);
    into.row_ends.reserve(batch.tournaments.size());
    for (const auto& bt : batch.tournaments) {
      const Tournament& t = *bt.tournament;
      copyField(out, t.title);
      copyField(out, bt.title_key);
      copyField(out, t.description);
      copyInt(out, toUnix(t.start));
      copyOptInt(out, t.end ? std::optional<std::int64_t>(toUnix(*t.end)) : std::nullopt);
      copyInt(out, t.time_known ? 1 : 0);
      copyInt(out, t.end_time_known ? 1 : 0);
      copyInt(out, t.multi_day ? 1 : 0);
      copyField(out, t.timezone);
      copyOptInt(out, t.buy_in_cents);
      copyOptInt(out, t.fee_cents);
      copyOptInt(out, t.guarantee_cents);
      copyField(out, t.currency);
      copyField(out, t.variant);
      copyField(out, bt.tags_text);
      copyField(out, statusName(t.status));
      copyField(out, t.source_name);
      copyField(out, t.source_url);
      copyField(out, t.source_hash);
      copyField(out, t.event_url);
      copyField(out, bt.search_key);
      copyField(out, bt.content_hash);
      copyTextOrNull(out, t.identity_key);
      copyOptInt(out, t.removed_at ? std::optional<std::int64_t>(toUnix(*t.removed_at)) : std::nullopt);
      endRow(out);
      into.row_ends.push_back(out.size());
    }
    std::string& keys = into.key_rows;
    keys.reserve(batch.tournaments.size() * 120);
    into.key_ends.reserve(batch.tournaments.size());
    for (std::size_t i = 0; i < batch.tournaments.size(); ++i) {
      const auto& bt = batch.tournaments[i];
      const Tournament& t = *bt.tournament;
      copyInt(keys, static_cast<std::int64_t>(i));
      copyField(keys, t.source_name);
      copyTextOrNull(keys, t.identity_key);
      copyField(keys, bt.title_key);
      copyInt(keys, toUnix(t.start));
      copyField(keys, bt.content_hash);
      copyField(keys, t.source_hash);
      endRow(keys);
      into.key_ends.push_back(keys.size());
      for (std::size_t rank = 0; rank < t.also_known_as.size(); ++rank) {
        copyInt(into.alias_rows, static_cast<std::int64_t>(i));
        copyInt(into.alias_rows, static_cast<std::int64_t>(rank));
        copyField(into.alias_rows, t.also_known_as[rank].first);
        copyField(into.alias_rows, t.also_known_as[rank].second);
        endRow(into.alias_rows);
      }
    }
  }

  // COPY text: for each selected row i (all when `rows` is null), `lead`(i)
  // then row i of `text` (rows ending at `ends`) with `tail` before its
  // newline.
  template <typename Lead>
  static std::string assembleRows(const std::string& text, const std::vector<std::size_t>& ends,
                                  const std::vector<std::size_t>* rows, Lead lead, const std::string& tail) {
    std::string out;
    const std::size_t count = rows != nullptr ? rows->size() : ends.size();
    out.reserve((rows != nullptr && !ends.empty() ? text.size() / ends.size() * count : text.size()) +
                (16 + tail.size()) * count);
    for (std::size_t k = 0; k < count; ++k) {
      const std::size_t i = rows != nullptr ? (*rows)[k] : k;
      const std::size_t begin = i == 0 ? 0 : ends[i - 1];
      lead(out, i);
      out.append(text, begin, ends[i] - begin - 1);  // without its newline
      out += tail;
      out += '\n';
    }
    return out;
  }

  static Result<UpsertCounts> upsertIn(Session& s, const PgPreparedBatch& prepared, std::int64_t seen,
                                       const std::string& what, UpsertRun* run) {
    const std::int64_t token = run != nullptr ? run->token : 0;
    const detail::PreparedBatch& batch = prepared.prepared;
    UpsertCounts counts;
    if (auto r = s.exec("SELECT pg_advisory_xact_lock($1::bigint)", {kUpsertLockKey}, what); !r) return r.error();
    // Every join here probes a unique index once per staged row: a nested
    // loop costs O(batch · log table) whatever the sizes. The planner's
    // estimate of a three-column join is 1 row, so left free it hashes the
    // whole table for each batch (5000 rows against 100k stored: 0.15 s
    // instead of 0.01 s, per statement), and its Memoize node (PostgreSQL
    // 14+) costs three times a plain nested loop when every key is distinct.
    if (auto r = s.exec("SELECT set_config('enable_hashjoin', 'off', true), "
                        "set_config('enable_mergejoin', 'off', true)",
                        {}, what);
        !r) {
      return r.error();
    }
    if (auto r = s.exec("SELECT set_config('enable_memoize', 'off', true) FROM pg_settings "
                        "WHERE name = 'enable_memoize'",
                        {}, what);
        !r) {
      return r.error();
    }
    // The batch goes in through COPY into temporary tables, then a few
    // set-based statements: a handful of round trips whatever its size.
    if (auto r = s.exec("CREATE TEMP TABLE pft_in_venues (name text, name_key text COLLATE \"C\", "
                        "address text, postcode text, city text, city_key text COLLATE \"C\", department text, "
                        "department_key text COLLATE \"C\", department_code text, region text, "
                        "region_key text COLLATE \"C\", country text, "
                        "latitude double precision, longitude double precision, geocode_source text, "
                        "website text) ON COMMIT DROP",
                        {}, what);
        !r) {
      return r.error();
    }
    if (auto r = s.copyIn("COPY pft_in_venues FROM STDIN", prepared.venue_rows, what); !r) return r.error();
    if (auto r = s.exec("ANALYZE pft_in_venues", {}, what); !r) return r.error();
    auto new_venues = s.selectInt(
        "SELECT count(*) FROM pft_in_venues i WHERE NOT EXISTS "
        "(SELECT 1 FROM venues v WHERE v.name_key = i.name_key AND v.city_key = i.city_key)",
        {}, what);
    if (!new_venues) return new_venues.error();
    counts.venues_inserted = *new_venues;
    auto touched_venues = s.selectInt(
        fmt::format("WITH up AS (INSERT INTO venues ({}) SELECT i.*, $1::bigint, $1::bigint "
                    "FROM pft_in_venues i{} RETURNING 1) SELECT count(*) FROM up",
                    detail::kVenueInsertColumns, detail::kVenueConflict),
        {seen}, what);
    if (!touched_venues) return touched_venues.error();
    // The tournaments are staged with their venue id, so that every later
    // join is on (venue_id, title_key, start_datetime): the unique index.
    auto ids = s.exec("SELECT v.id, i.name_key, i.city_key FROM pft_in_venues i JOIN venues v "
                      "ON v.name_key = i.name_key AND v.city_key = i.city_key",
                      {}, what);
    if (!ids) return ids.error();
    std::unordered_map<std::string, std::int64_t> id_of;
    for (int r = 0; r < PQntuples(ids->get()); ++r) {
      PgRow row(ids->get(), r);
      id_of[row.text(1) + '\n' + row.text(2)] = row.int64(0);
    }
    std::vector<std::int64_t> venue_ids(batch.venues.size());
    for (std::size_t i = 0; i < batch.venues.size(); ++i) {
      auto it = id_of.find(batch.venues[i].name_key + '\n' + batch.venues[i].city_key);
      if (it == id_of.end()) {
        return makeError(ErrorCode::kInternal,
                         fmt::format("venue '{}' missing right after its upsert", batch.venues[i].venue.name), what);
      }
      venue_ids[i] = it->second;
    }

    // A run of key-disjoint batches into a table that was empty when it
    // began, with no other writer since (data_version moved only by this
    // run): no key can have a stored twin, every row is new.
    bool all_new = false;
    if (run != nullptr && run->keys_disjoint) {
      auto version = s.selectInt("SELECT version FROM data_version WHERE id = 1", {}, what);
      if (!version) return version.error();
      if (!run->started) {
        auto empty = s.selectInt("SELECT CASE WHEN EXISTS (SELECT 1 FROM tournaments) THEN 0 ELSE 1 END", {}, what);
        if (!empty) return empty.error();
        run->started = true;
        run->table_was_empty = *empty == 1;
      } else if (*version != run->version_after_last) {
        run->table_was_empty = false;  // somebody else wrote: look for twins from now on
      }
      all_new = run->table_was_empty;
    }
    // Set-based statements instead of one INSERT … ON CONFLICT (the upsert
    // lock keeps other writers out; speculative insertion would cost a third
    // more). Only the keys are staged first; one probe of the identity index
    // per key finds most stored twins (id, same content?), and the keys left
    // over are looked up by their aliases and their slot, the choice made
    // here (TournamentSink::upsertPrepared's order). Then unchanged rows
    // only get their last_seen_at (a HOT update, see the table's
    // fillfactor), changed rows are staged whole and rewritten through the
    // primary key, and new rows are copied straight into tournaments. A
    // first load thus sends each row once; a re-run sends mostly keys. A
    // statement with nothing to do is skipped.
    const auto staged = static_cast<std::int64_t>(batch.tournaments.size());
    const std::size_t n_rows = batch.tournaments.size();
    auto venueOf = [&](std::size_t i) { return venue_ids[batch.tournaments[i].venue_index]; };
    std::vector<std::int64_t> twin_of(n_rows, 0);  // 0: new
    std::vector<char> same_of(n_rows, 0);
    std::vector<std::size_t> changed_rows;
    if (!all_new) {
      // source_name keeps the database's default collation, as
      // tournaments.source_name does: with "C" here the two sides of
      // x.source_name = k.source_name disagree, the identity index can
      // only be searched on its second column, and every probe reads the
      // whole index (a nothing-changed re-run of 40,000 lines: 23 to 46 s,
      // against 2 to 3 s with matching collations).
      if (auto r = s.exec("CREATE TEMP TABLE pft_in_keys (venue_id bigint, n integer, source_name text, "
                          "identity_key text COLLATE \"C\", title_key text COLLATE \"C\", start_datetime bigint, "
                          "content_hash text COLLATE \"C\", source_hash text, match_id bigint, same boolean) "
                          "ON COMMIT DROP",
                          {}, what);
          !r) {
        return r.error();
      }
      std::string keys = assembleRows(
          prepared.key_rows, prepared.key_ends, nullptr,
          [&](std::string& out, std::size_t i) { copyInt(out, venueOf(i)); }, "");
      if (auto r = s.copyIn("COPY pft_in_keys (venue_id, n, source_name, identity_key, title_key, start_datetime, "
                            "content_hash, source_hash) FROM STDIN",
                            keys, what);
          !r) {
        return r.error();
      }
      // Without statistics the planner guesses a tiny staging table and picks
      // nested loops over tournaments: 10k rows then cost seconds. Only the
      // join columns matter, and a small sample is enough for them.
      if (auto r = s.exec("SET LOCAL default_statistics_target = 10", {}, what); !r) return r.error();
      if (auto r = s.exec("ANALYZE pft_in_keys (venue_id, source_name, identity_key, title_key, start_datetime)", {},
                          what);
          !r) {
        return r.error();
      }
      // 1. Own identities. The content hash leaves out the slot (start,
      // venue): a twin found by identity may have moved.
      auto twins = s.exec(
          "UPDATE pft_in_keys k SET match_id = x.id, same = (x.content_hash = k.content_hash "
          "AND x.start_datetime = k.start_datetime AND x.venue_id = k.venue_id) "
          "FROM tournaments x WHERE x.source_name = k.source_name AND x.identity_key = k.identity_key "
          "RETURNING k.n, k.match_id, k.same",
          {}, what);
      if (!twins) return twins.error();
      std::unordered_set<std::int64_t> taken;
      std::size_t matched = 0;
      for (int r = 0; r < PQntuples(twins->get()); ++r) {
        PgRow row(twins->get(), r);
        const auto n = static_cast<std::size_t>(row.int64(0));
        if (n >= n_rows) return makeError(ErrorCode::kInternal, "a staged key came back unknown", what);
        twin_of[n] = row.int64(1);
        same_of[n] = row.text(2) == "t";
        taken.insert(twin_of[n]);
        ++matched;
      }
      // 2. The others: an alias's row, else a row at the slot that this
      // run has not claimed (token) and this batch has not taken.
      if (matched < n_rows) {
        std::string sql;
        if (!prepared.alias_rows.empty()) {
          if (auto r = s.exec("CREATE TEMP TABLE pft_in_aliases (n integer, rank integer, source_name text, "
                              "identity_key text COLLATE \"C\") ON COMMIT DROP",
                              {}, what);
              !r) {
            return r.error();
          }
          if (auto r = s.copyIn("COPY pft_in_aliases FROM STDIN", prepared.alias_rows, what); !r) return r.error();
          sql = "SELECT a.n, a.rank, x.id, (x.content_hash = k.content_hash AND x.start_datetime = k.start_datetime "
                "AND x.venue_id = k.venue_id) FROM pft_in_aliases a JOIN pft_in_keys k ON k.n = a.n "
                "JOIN tournaments x ON x.source_name = a.source_name AND x.identity_key = a.identity_key "
                "WHERE k.match_id IS NULL AND ($1::bigint = 0 OR x.seen_run IS NULL OR x.seen_run <> $1::bigint) "
                "UNION ALL ";
        }
        sql += "SELECT k.n, 2147483647, x.id, (x.content_hash = k.content_hash) FROM pft_in_keys k "
               "JOIN tournaments x ON x.venue_id = k.venue_id AND x.title_key = k.title_key "
               "AND x.start_datetime = k.start_datetime "
               "WHERE k.match_id IS NULL AND ($1::bigint = 0 OR x.seen_run IS NULL OR x.seen_run <> $1::bigint) "
               "ORDER BY 1, 2, 3";
        auto candidates = s.exec(sql, {token}, what);
        if (!candidates) return candidates.error();
        std::vector<std::int64_t> found_n, found_id;
        std::vector<char> found_same;
        for (int r = 0; r < PQntuples(candidates->get()); ++r) {
          PgRow row(candidates->get(), r);
          const auto n = static_cast<std::size_t>(row.int64(0));
          if (n >= n_rows) return makeError(ErrorCode::kInternal, "a staged key came back unknown", what);
          const std::int64_t id = row.int64(2);
          if (twin_of[n] != 0 || taken.count(id) != 0) continue;
          twin_of[n] = id;
          same_of[n] = row.text(3) == "t";
          taken.insert(id);
          found_n.push_back(static_cast<std::int64_t>(n));
          found_id.push_back(id);
          found_same.push_back(same_of[n]);
        }
        if (!found_n.empty()) {
          // Written back for the unchanged rows' statement below.
          auto i64 = [](std::int64_t v) { return std::to_string(v); };
          auto put = s.exec(
              "UPDATE pft_in_keys k SET match_id = d.id, same = d.same "
              "FROM unnest($1::integer[], $2::bigint[], $3::boolean[]) AS d(n, id, same) WHERE k.n = d.n",
              {arrayLiteral(found_n, i64), arrayLiteral(found_id, i64),
               arrayLiteral(found_same, [](char b) { return std::string(b != 0 ? "t" : "f"); })},
              what);
          if (!put) return put.error();
        }
      }
      for (std::size_t n = 0; n < n_rows; ++n) {
        if (twin_of[n] == 0) continue;
        if (same_of[n] != 0) {
          ++counts.unchanged;
        } else {
          ++counts.updated;
          changed_rows.push_back(n);
        }
      }
    }
    const std::string token_text = token != 0 ? std::to_string(token) : std::string("\\N");
    if (counts.unchanged > 0) {
      // The identity is written too: a row from before identities gets its key.
      auto same = s.exec("UPDATE tournaments x SET last_seen_at = $1::bigint, source_hash = k.source_hash, "
                         "identity_key = k.identity_key, seen_run = $2::bigint "
                         "FROM pft_in_keys k WHERE x.id = k.match_id AND k.same",
                         {seen, token != 0 ? SqlValue(token) : SqlValue(std::monostate{})}, what);
      if (!same) return same.error();
    }
    if (counts.updated > 0) {
      if (auto r = s.exec("CREATE TEMP TABLE pft_in_tournaments (id bigint, venue_id bigint, "
                          "title text, title_key text, description text, start_datetime bigint, "
                          "end_datetime bigint, time_known bigint, end_time_known bigint, multi_day bigint, "
                          "timezone text, "
                          "buy_in_cents bigint, fee_cents bigint, guarantee_cents bigint, currency text, "
                          "variant text, tags text, status text, source_name text, source_url text, "
                          "source_hash text, event_url text, search_key text, content_hash text, "
                          "identity_key text, removed_at bigint) ON COMMIT DROP",
                          {}, what);
          !r) {
        return r.error();
      }
      std::string rows = assembleRows(
          prepared.tournament_rows, prepared.row_ends, &changed_rows,
          [&](std::string& out, std::size_t i) {
            copyInt(out, twin_of[i]);
            copyInt(out, venueOf(i));
          },
          "");
      if (auto r = s.copyIn("COPY pft_in_tournaments FROM STDIN", rows, what); !r) return r.error();
      auto changed = s.exec(
          "UPDATE tournaments x SET venue_id = i.venue_id, title = i.title, title_key = i.title_key, "
          "description = i.description, start_datetime = i.start_datetime, "
          "end_datetime = i.end_datetime, time_known = i.time_known, end_time_known = i.end_time_known, "
          "multi_day = i.multi_day, "
          "timezone = i.timezone, buy_in_cents = i.buy_in_cents, fee_cents = i.fee_cents, "
          "guarantee_cents = i.guarantee_cents, currency = i.currency, variant = i.variant, "
          "tags = i.tags, status = i.status, source_name = i.source_name, source_url = i.source_url, "
          "source_hash = i.source_hash, event_url = i.event_url, search_key = i.search_key, "
          "content_hash = i.content_hash, identity_key = i.identity_key, removed_at = i.removed_at, "
          "updated_at = $1::bigint, last_seen_at = $1::bigint, seen_run = $2::bigint "
          "FROM pft_in_tournaments i WHERE x.id = i.id",
          {seen, token != 0 ? SqlValue(token) : SqlValue(std::monostate{})}, what);
      if (!changed) return changed.error();
    }
    // Staged keys are distinct and the upsert lock keeps other writers out:
    // whatever has no twin is new.
    counts.inserted = staged - counts.unchanged - counts.updated;
    if (counts.inserted > 0) {
      std::vector<std::size_t> new_rows;
      new_rows.reserve(static_cast<std::size_t>(counts.inserted));
      for (std::size_t i = 0; i < twin_of.size(); ++i) {
        if (twin_of[i] == 0) new_rows.push_back(i);
      }
      // The row's fields, then first_seen_at, last_seen_at, created_at, updated_at, seen_run.
      const std::string stamps = fmt::format("\t{0}\t{0}\t{0}\t{0}\t{1}", seen, token_text);
      std::string rows = assembleRows(
          prepared.tournament_rows, prepared.row_ends, &new_rows,
          [&](std::string& out, std::size_t i) { copyInt(out, venueOf(i)); }, stamps);
      auto put = s.copyIn(fmt::format("COPY tournaments ({}) FROM STDIN", detail::kTournamentInsertColumns), rows,
                          what);
      if (!put) return put.error();
      if (*put != counts.inserted) {
        return makeError(ErrorCode::kInternal,
                         fmt::format("{} tournaments staged, {} updated, {} unchanged, but {} inserted", staged,
                                     counts.updated, counts.unchanged, *put),
                         what);
      }
    }
    if (*touched_venues > 0 || counts.inserted > 0 || counts.updated > 0) {
      if (auto b = s.exec("UPDATE data_version SET version = version + 1 WHERE id = 1", {}, what); !b) {
        return b.error();
      }
    }
    if (run != nullptr) {
      auto version = s.selectInt("SELECT version FROM data_version WHERE id = 1", {}, what);
      if (!version) return version.error();
      run->version_after_last = *version;
    }
    return counts;
  }

  Pool pool_;
  std::mutex upsert_mu_;  // one upsertPrepared at a time
  std::mutex lock_mu_;  // guards lock_conn_
  PGconn* lock_conn_ = nullptr;
};

}  // namespace

Result<std::unique_ptr<Store>> openPostgresStore(const std::string& conninfo, const std::string& display_url) {
  auto store = std::make_unique<PostgresStore>(conninfo, display_url);
  if (auto r = store->ping(); !r) {
    Error e = r.error();
    e.where = "DATABASE_URL";
    return e;
  }
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace pft::store
