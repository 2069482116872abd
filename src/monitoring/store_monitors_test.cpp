// The monitors and the purge against crafted database states, on both back
// ends: SQLite (a temporary file; label unit) and PostgreSQL (a database
// created for each test on the pg_server fixture's server; label
// integration). Exact lines and exit codes are asserted.

#include <libpq-fe.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "pft/monitoring/anomalies.hpp"
#include "pft/monitoring/freshness.hpp"
#include "pft/monitoring/purge.hpp"
#include "pft/store/store.hpp"

namespace pft::monitoring {
namespace {

Instant at(const char* iso) { return *parseIsoInstant(iso); }
const Instant kNow = at("2026-12-01T12:00:00+01:00");

std::string readPgUrl() {
  const char* file = std::getenv("PFT_TEST_DATABASE_URL_FILE");
  if (file == nullptr) return {};
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  return url;
}

bool pgExec(const std::string& conninfo, const std::string& sql) {
  PGconn* c = PQconnectdb(conninfo.c_str());
  bool ok = PQstatus(c) == CONNECTION_OK;
  if (ok) {
    PGresult* r = PQexec(c, sql.c_str());
    ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) ADD_FAILURE() << sql << ": " << PQerrorMessage(c);
    PQclear(r);
  } else {
    ADD_FAILURE() << "cannot connect to " << conninfo << ": " << PQerrorMessage(c);
  }
  PQfinish(c);
  return ok;
}

std::atomic<int> g_counter{0};

// One fresh, migrated database per test.
class StoreMonitors : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const int n = ++g_counter;
    if (GetParam() == "sqlite") {
      dir_ = std::filesystem::temp_directory_path() /
             ("pft-monitoring-" + std::to_string(::getpid()) + "-" + std::to_string(n));
      std::filesystem::create_directories(dir_);
      url_text_ = "sqlite:///" + (dir_ / "pft.sqlite").string();
    } else {
      server_url_ = readPgUrl();
      if (server_url_.empty()) GTEST_FAIL() << "PostgreSQL test without its server: PFT_TEST_DATABASE_URL_FILE is not set; run it through ctest, which starts the pg_server fixture";
      db_name_ = "pft_monitoring_" + std::to_string(::getpid()) + "_" + std::to_string(n);
      ASSERT_TRUE(pgExec(server_url_, "CREATE DATABASE " + db_name_));
      url_text_ = server_url_.substr(0, server_url_.rfind('/') + 1) + db_name_;
    }
    auto url = parseDatabaseUrl(url_text_);
    ASSERT_TRUE(url.has_value()) << url.error().describe();
    url_ = *url;
    auto store = store::openMigratedStore(url_);
    ASSERT_TRUE(store.has_value()) << store.error().describe();
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    if (!db_name_.empty()) pgExec(server_url_, "DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)");
    if (!bare_db_.empty()) pgExec(server_url_, "DROP DATABASE IF EXISTS " + bare_db_ + " WITH (FORCE)");
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  Venue venue(const char* name, const char* city, bool coords = true, const char* dep = "Rhône") {
    Venue v;
    v.name = name;
    v.city = city;
    v.department = dep;
    if (coords) {
      v.latitude = 45.76;
      v.longitude = 4.83;
    }
    return v;
  }
  Tournament tour(const Venue& v, const char* title, const char* start, std::int64_t buy_in = 15000) {
    Tournament t;
    t.venue = v;
    t.title = title;
    t.start = at(start);
    t.buy_in_cents = buy_in;
    t.source_name = "src";
    t.source_url = "https://example.org/src";
    t.source_hash = std::string(title) + start;
    return t;
  }
  void upsert(const std::vector<Tournament>& batch) {
    auto n = store_->upsertTournaments(batch, kNow - std::chrono::hours{9});
    ASSERT_TRUE(n.has_value()) << n.error().describe();
  }
  std::int64_t recordRun(const char* status, Instant started, std::vector<SourceRun> sources) {
    IngestRun run;
    run.trigger = "schedule";
    run.started_at = started;
    auto id = store_->startRun(run);
    EXPECT_TRUE(id.has_value()) << id.error().describe();
    run.id = *id;
    run.status = status;
    run.finished_at = started + std::chrono::minutes{2};
    run.sources = std::move(sources);
    auto done = store_->finishRun(run);
    EXPECT_TRUE(done.has_value()) << done.error().describe();
    return run.id;
  }
  static std::vector<std::string> lines(const MonitorReport& r) {
    std::vector<std::string> out;
    for (const auto& f : r.findings) out.push_back(f.line);
    return out;
  }

  std::filesystem::path dir_;
  std::string server_url_, db_name_, bare_db_, url_text_;
  DatabaseUrl url_;
  std::unique_ptr<store::Store> store_;
};

TEST_P(StoreMonitors, FreshnessOnAnEmptyDatabaseAlerts) {
  auto r = checkFreshness(*store_, kNow, {});
  EXPECT_EQ(lines(r), (std::vector<std::string>{
                          "ALERT: No upcoming tournaments found", "ALERT: No successful run recorded",
                          "OK: No source failed or returned nothing in all of its last 3 runs (0 sources checked)"}));
  EXPECT_EQ(exitCode(r), 1);
}

TEST_P(StoreMonitors, FreshnessOnAHealthyDatabaseIsOk) {
  Venue v = venue("Casino Le Lyon Vert", "La Tour-de-Salvagny");
  upsert({tour(v, "Deepstack", "2026-12-05T20:00:00+01:00"), tour(v, "Main Event", "2026-12-06T20:00:00+01:00"),
          tour(v, "Old", "2026-11-01T20:00:00+01:00")});
  recordRun("ok", kNow - std::chrono::hours{30}, {SourceRun{"src", "ok", 200, 10, 3, 0.1, ""}});
  auto id = recordRun("ok", kNow - std::chrono::hours{9}, {SourceRun{"src", "ok", 200, 10, 3, 0.1, ""}});
  auto r = checkFreshness(*store_, kNow, {});
  EXPECT_EQ(lines(r), (std::vector<std::string>{
                          "OK: 2 upcoming tournaments",
                          "OK: Last successful run #" + std::to_string(id) + " finished 8h58m ago (at most 36h)",
                          "OK: No source failed or returned nothing in all of its last 3 runs (1 source checked)"}));
  EXPECT_EQ(exitCode(r), 0);
}

TEST_P(StoreMonitors, FreshnessFlagsAStaleRunAndAFailingSource) {
  Venue v = venue("Club Lyon", "Lyon");
  upsert({tour(v, "Deepstack", "2026-12-05T20:00:00+01:00")});
  auto ok_id = recordRun("ok", kNow - std::chrono::hours{24 * 3}, {SourceRun{"a", "ok", 200, 10, 3, 0.1, ""},
                                                                   SourceRun{"b", "ok", 200, 10, 0, 0.1, ""}});
  recordRun("failed", kNow - std::chrono::hours{48}, {SourceRun{"a", "failed", 500, 0, 0, 0.1, "HTTP 500"},
                                                      SourceRun{"b", "failed", 0, 0, 0, 0.1, "timed out"}});
  recordRun("failed", kNow - std::chrono::hours{24}, {SourceRun{"a", "failed", 500, 0, 0, 0.1, "HTTP 500"},
                                                      SourceRun{"b", "failed", 0, 0, 0, 0.1, "timed out"}});
  auto r = checkFreshness(*store_, kNow, {});
  EXPECT_EQ(lines(r), (std::vector<std::string>{
                          "OK: 1 upcoming tournament",
                          "ALERT: Last successful run #" + std::to_string(ok_id) + " finished 2d23h ago (> 36h)",
                          "ALERT: Source b failed or returned nothing in its last 3 runs (latest: failed: timed out)"}));
  EXPECT_EQ(exitCode(r), 1);
}

TEST_P(StoreMonitors, AnomaliesOnACleanDatabaseAreOk) {
  Venue v = venue("Casino Le Lyon Vert", "La Tour-de-Salvagny");
  Tournament freeroll = tour(v, "Freeroll", "2026-12-06T15:00:00+01:00", 0);
  freeroll.tags = {"freeroll"};
  upsert({tour(v, "Deepstack", "2026-12-05T20:00:00+01:00"), freeroll});
  recordRun("ok", kNow - std::chrono::hours{9}, {SourceRun{"src", "ok", 200, 10, 2, 0.1, ""}});
  auto r = checkAnomalies(*store_, kNow, {});
  EXPECT_EQ(lines(r), std::vector<std::string>{"OK: No anomalies detected"});
  EXPECT_EQ(exitCode(r), 0);
}

TEST_P(StoreMonitors, AnomaliesReportEveryPlantedFault) {
  Venue lyon = venue("Casino Le Lyon Vert", "La Tour-de-Salvagny");
  Venue nowhere = venue("Cercle Inconnu", "Paris", false, "");
  upsert({tour(lyon, "Deepstack 150", "2026-12-05T20:00:00+01:00"),
          tour(lyon, "Deepstack 150", "2026-12-05T22:00:00+01:00"),  // same venue, title and date
          tour(lyon, "Bad price", "2026-12-07T20:00:00+01:00", 0),   // zero without the freeroll tag
          tour(lyon, "Old event", "2026-11-01T20:00:00+01:00"),      // past
          tour(nowhere, "Somewhere", "2026-12-09T20:00:00+01:00"),   // no coordinates, no department
          tour(lyon, "Super High Roller", "2026-12-10T20:00:00+01:00", 5'000'000),
          tour(lyon, "Late night", "2026-12-11T04:00:00+01:00"),
          tour(lyon, "Omaha &amp; Hold'em", "2026-12-12T20:00:00+01:00")});
  auto r = checkAnomalies(*store_, kNow, {});
  EXPECT_EQ(lines(r), (std::vector<std::string>{
                          "ALERT: 1 duplicate event (same venue, title and date)",
                          "ALERT: 1 tournament with a zero or negative buy-in (freerolls excluded)",
                          "ALERT: 1 past event still stored (remove with pft purge --past --older-than AGE)",
                          "ALERT: 1 tournament without coordinates",
                          "ALERT: 1 venue without department",
                          "ALERT: 1 tournament with a buy-in above 25000 €",
                          "ALERT: 1 tournament starting between 01:00 and 07:00 (Paris)",
                          "ALERT: 1 title with leftover HTML or entities",
                      }));
  EXPECT_EQ(exitCode(r), 1);
  ASSERT_EQ(r.findings[0].examples.size(), 2u);
  EXPECT_EQ(r.findings[0].examples[0].title, "Deepstack 150");
  EXPECT_EQ(r.findings[0].examples[0].venue, "Casino Le Lyon Vert (La Tour-de-Salvagny)");
  EXPECT_EQ(r.findings[0].examples[0].date, "2026-12-05T20:00:00+01:00");
  EXPECT_EQ(r.findings[0].examples[1].date, "2026-12-05T22:00:00+01:00");
  EXPECT_GT(r.findings[0].examples[0].id, 0);
  EXPECT_EQ(r.findings[2].examples[0].title, "Old event");
  EXPECT_EQ(r.findings[4].examples[0].venue, "Cercle Inconnu (Paris)");
}

TEST_P(StoreMonitors, PurgeBoundaryAndDryRun) {
  Venue v = venue("Club Lyon", "Lyon");
  const Instant cutoff = kNow - std::chrono::hours{24 * 30};
  Tournament before = tour(v, "Before", "2026-10-01T20:00:00+02:00");
  before.start = cutoff - std::chrono::hours{3};
  before.end = cutoff - std::chrono::seconds{1};  // ended one second before the threshold
  Tournament exactly = tour(v, "Exactly", "2026-10-01T20:00:00+02:00");
  exactly.start = cutoff - std::chrono::hours{3};
  exactly.end = cutoff;  // ended exactly at the threshold: kept
  Tournament no_end = tour(v, "No end", "2026-10-01T20:00:00+02:00");
  no_end.start = cutoff - std::chrono::seconds{1};  // no end: its start counts
  Tournament recent = tour(v, "Recent", "2026-11-25T20:00:00+01:00");
  Tournament upcoming = tour(v, "Upcoming", "2026-12-05T20:00:00+01:00");
  upsert({before, exactly, no_end, recent, upcoming});
  auto counts_before = store_->counts(kNow);
  ASSERT_TRUE(counts_before.has_value());
  EXPECT_EQ(counts_before->past, 4);

  auto dry = purgePast(*store_, kNow, std::chrono::hours{24 * 30}, true);
  ASSERT_TRUE(dry.has_value()) << dry.error().describe();
  EXPECT_EQ(dry->count, 2);
  EXPECT_EQ(describePurge(*dry, std::chrono::hours{24 * 30}),
            "Dry run: would purge 2 past tournaments that ended before 2026-11-01T12:00:00+01:00 (older than 30d); "
            "nothing deleted.");
  auto counts_dry = store_->counts(kNow);
  EXPECT_EQ(counts_dry->past, 4) << "--dry-run changed the database";

  auto done = purgePast(*store_, kNow, std::chrono::hours{24 * 30}, false);
  ASSERT_TRUE(done.has_value()) << done.error().describe();
  EXPECT_EQ(done->count, 2);
  EXPECT_EQ(describePurge(*done, std::chrono::hours{24 * 30}),
            "Purged 2 past tournaments that ended before 2026-11-01T12:00:00+01:00 (older than 30d); venues kept.");
  auto after = store_->counts(kNow);
  EXPECT_EQ(after->past, 2);
  EXPECT_EQ(after->upcoming, 1);
  EXPECT_EQ(after->venues, 1) << "venues stay";
  TournamentFilter all;
  all.include_past = true;
  all.now = kNow;
  all.limit = -1;
  auto left = store_->queryTournaments(all);
  ASSERT_TRUE(left.has_value());
  std::vector<std::string> titles;
  for (const auto& t : *left) titles.push_back(t.title);
  EXPECT_EQ(titles, (std::vector<std::string>{"Exactly", "Recent", "Upcoming"}));
  auto again = purgePast(*store_, kNow, std::chrono::hours{24 * 30}, false);
  EXPECT_EQ(again->count, 0);
}

TEST_P(StoreMonitors, RunLockIsExclusiveAcrossConnections) {
  auto other = store::openStore(url_);
  ASSERT_TRUE(other.has_value()) << other.error().describe();
  auto first = store_->tryAcquireRunLock();
  ASSERT_TRUE(first.has_value()) << first.error().describe();
  EXPECT_TRUE(*first);
  auto second = (*other)->tryAcquireRunLock();
  ASSERT_TRUE(second.has_value()) << second.error().describe();
  EXPECT_FALSE(*second) << "two holders at once";
  ASSERT_TRUE(store_->releaseRunLock().has_value());
  auto third = (*other)->tryAcquireRunLock();
  ASSERT_TRUE(third.has_value());
  EXPECT_TRUE(*third) << "released lock not available";
  ASSERT_TRUE((*other)->releaseRunLock().has_value());
}

TEST_P(StoreMonitors, LockOfAKilledProcessDoesNotBlock) {
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The holder: takes the lock, says so, then dies without releasing it.
    auto s = store::openStore(url_);
    char c = 'n';
    if (s) {
      auto got = (*s)->tryAcquireRunLock();
      if (got && *got) c = 'y';
    }
    (void)!::write(ready[1], &c, 1);
    ::pause();
    ::_exit(0);
  }
  char c = 0;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);
  ASSERT_EQ(c, 'y') << "child could not take the lock";
  auto while_held = store_->tryAcquireRunLock();
  ASSERT_TRUE(while_held.has_value());
  EXPECT_FALSE(*while_held);
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ::close(ready[0]);
  ::close(ready[1]);
  // The kernel (flock) or the server (session advisory lock) releases it;
  // PostgreSQL may take a moment to notice the dead backend.
  bool got = false;
  for (int i = 0; i < 50 && !got; ++i) {
    auto r = store_->tryAcquireRunLock();
    ASSERT_TRUE(r.has_value()) << r.error().describe();
    got = *r;
    if (!got) ::usleep(100 * 1000);
  }
  EXPECT_TRUE(got) << "a killed holder still blocks the run lock";
  (void)store_->releaseRunLock();
}

TEST_P(StoreMonitors, UnmigratedDatabaseCannotBeChecked) {
  // A database without the schema: a new SQLite file, or a new PostgreSQL database.
  std::string bare_url;
  if (GetParam() == "sqlite") {
    bare_url = "sqlite:///" + (dir_ / "empty.sqlite").string();
  } else {
    bare_db_ = db_name_ + "_bare";
    ASSERT_TRUE(pgExec(server_url_, "CREATE DATABASE " + bare_db_));
    bare_url = server_url_.substr(0, server_url_.rfind('/') + 1) + bare_db_;
  }
  auto url = parseDatabaseUrl(bare_url);
  ASSERT_TRUE(url.has_value()) << url.error().describe();
  auto bare = store::openStore(*url);
  ASSERT_TRUE(bare.has_value());
  auto r = checkFreshness(**bare, kNow, {});
  EXPECT_TRUE(r.cannot_check);
  EXPECT_EQ(exitCode(r), 2);
  EXPECT_EQ(r.error.rfind("cannot read the database: ", 0), 0u) << r.error;
  auto a = checkAnomalies(**bare, kNow, {});
  EXPECT_EQ(exitCode(a), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreMonitors, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace pft::monitoring
