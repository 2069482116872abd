// StoreContract: one suite, run on both back ends (STYLE.md §9). The SQLite
// instances use a temporary file (label unit); the PostgreSQL ones a fresh
// database per test on the server of the CTest fixture pg_server (label
// integration), whose URL is in the file named by PFT_TEST_DATABASE_URL_FILE.

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "pft/core/config.hpp"
#include "pft/store/store.hpp"

namespace pft::store {
namespace {

using namespace std::chrono;
namespace fs = std::filesystem;

Instant utc(int y, unsigned m, unsigned d, int h = 0, int min = 0) {
  return Instant{sys_days{year{y} / month{m} / day{d}}} + hours{h} + minutes{min};
}

std::int64_t detail_unix(Instant t) { return t.time_since_epoch().count(); }

std::string uniqueSuffix() {
  static std::atomic<int> counter{0};
  return std::to_string(::getpid()) + "_" + std::to_string(counter++);
}

std::string readFirstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// Runs one SQL command on the server's maintenance database (test setup only).
void adminExec(const std::string& url, const std::string& sql) {
  PGconn* c = PQconnectdb(url.c_str());
  ASSERT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
  PGresult* r = PQexec(c, sql.c_str());
  EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << sql << ": " << PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
}

// Replaces the database name at the end of a postgresql:// URL.
std::string withDatabase(const std::string& url, const std::string& db) {
  auto slash = url.rfind('/');
  return url.substr(0, slash + 1) + db;
}

Venue venue(std::string name, std::string city) {
  Venue v;
  v.name = std::move(name);
  v.city = std::move(city);
  return v;
}

Tournament tournament(std::string title, Venue v, Instant start) {
  Tournament t;
  t.title = std::move(title);
  t.venue = std::move(v);
  t.start = start;
  t.buy_in_cents = 10000;
  t.source_name = "test";
  t.source_url = "https://example.test/agenda";
  return t;
}

std::vector<std::string> titles(const std::vector<Tournament>& ts) {
  std::vector<std::string> out;
  for (const auto& t : ts) out.push_back(t.title);
  return out;
}

class StoreContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      dir_ = fs::temp_directory_path() / ("pft-store-test-" + uniqueSuffix());
      url_text_ = "sqlite:" + (dir_ / "sub" / "pft.sqlite").string();
    } else {
      const char* file = std::getenv("PFT_TEST_DATABASE_URL_FILE");
      if (file == nullptr) GTEST_FAIL() << "PostgreSQL test without its server: PFT_TEST_DATABASE_URL_FILE is not set; run it through ctest, which starts the pg_server fixture";
      server_url_ = readFirstLine(file);
      ASSERT_FALSE(server_url_.empty()) << "no URL in " << file << " (did pg_start run?)";
      db_name_ = "pft_store_" + uniqueSuffix();
      // A libc locale (not the cluster's "C"), as production databases have:
      // the store must not depend on the default collation.
      adminExec(server_url_, "CREATE DATABASE " + db_name_ +
                                 " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'");
      url_text_ = withDatabase(server_url_, db_name_);
    }
    auto url = parseDatabaseUrl(url_text_);
    ASSERT_TRUE(url) << url.error().describe();
    url_ = *url;
    auto opened = openStore(url_);
    ASSERT_TRUE(opened) << opened.error().describe();
    store_ = std::move(*opened);
    auto applied = store_->migrate();
    ASSERT_TRUE(applied) << applied.error().describe();
    // Every migration of the back end, in order, on a fresh database.
    EXPECT_EQ(*applied, (std::vector<int>{1, 2, 3, 4, 5, 6}));
  }

  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
    if (!db_name_.empty()) adminExec(server_url_, "DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)");
  }

  std::unique_ptr<Store> openAnother() {
    auto s = openStore(url_);
    EXPECT_TRUE(s) << s.error().describe();
    return s ? std::move(*s) : nullptr;
  }

  UpsertCounts upsert(const std::vector<Tournament>& batch, Instant seen) {
    auto r = store_->upsertTournaments(batch, seen);
    EXPECT_TRUE(r) << r.error().describe();
    return r ? *r : UpsertCounts{};
  }

  std::vector<Tournament> all() {
    TournamentFilter f;
    f.include_past = true;
    f.limit = -1;
    auto r = store_->queryTournaments(f);
    EXPECT_TRUE(r) << r.error().describe();
    return r ? *r : std::vector<Tournament>{};
  }

  std::int64_t version() {
    auto v = store_->dataVersion();
    EXPECT_TRUE(v) << v.error().describe();
    return v ? *v : -1;
  }

  fs::path dir_;
  std::string server_url_;
  std::string db_name_;
  std::string url_text_;
  DatabaseUrl url_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreContract, ReportsItsBackend) { EXPECT_EQ(store_->backendName(), GetParam()); }

TEST_P(StoreContract, MigrateTwiceIsANoOp) {
  auto again = store_->migrate();
  ASSERT_TRUE(again) << again.error().describe();
  EXPECT_TRUE(again->empty());
  auto other = openAnother();
  ASSERT_NE(other, nullptr);
  auto third = other->migrate();
  ASSERT_TRUE(third) << third.error().describe();
  EXPECT_TRUE(third->empty());
  EXPECT_TRUE(store_->ping());
}

TEST_P(StoreContract, UpsertTwiceLeavesEverythingUnchanged) {
  std::vector<Tournament> batch = {
      tournament("Main Event", venue("Casino Barrière", "Lyon"), utc(2026, 12, 5, 19)),
      tournament("Deepstack", venue("Casino Barrière", "Lyon"), utc(2026, 12, 6, 19)),
      tournament("Freeroll", venue("Cercle Clichy", "Paris"), utc(2026, 12, 7, 19)),
  };
  auto first = upsert(batch, utc(2026, 12, 1));
  EXPECT_EQ(first.inserted, 3);
  EXPECT_EQ(first.updated, 0);
  EXPECT_EQ(first.unchanged, 0);
  EXPECT_EQ(first.venues_inserted, 2);
  auto second = upsert(batch, utc(2026, 12, 2));
  EXPECT_EQ(second.inserted, 0);
  EXPECT_EQ(second.updated, 0);
  EXPECT_EQ(second.unchanged, 3);
  EXPECT_EQ(second.venues_inserted, 0);
  EXPECT_EQ(all().size(), 3u);
  auto venues = store_->listVenues();
  ASSERT_TRUE(venues);
  EXPECT_EQ(venues->size(), 2u);
}

TEST_P(StoreContract, MixedBatchCountsEveryRowOnce) {
  Venue lyon = venue("Casino Barrière", "Lyon");
  std::vector<Tournament> first;
  for (int i = 0; i < 6; ++i) {
    first.push_back(tournament("Event " + std::to_string(i), lyon, utc(2026, 12, 5, 10 + i)));
  }
  upsert(first, utc(2026, 11, 1));
  // Rows 0-2 unchanged, 3-4 changed, 5 left out, plus 3 new ones (one at a new venue).
  std::vector<Tournament> second(first.begin(), first.begin() + 5);
  second[3].buy_in_cents = 5500;
  second[4].description = "Now with a bounty";
  second.push_back(tournament("New A", lyon, utc(2026, 12, 6, 19)));
  second.push_back(tournament("New B", lyon, utc(2026, 12, 7, 19)));
  second.push_back(tournament("New C", venue("Cercle Clichy", "Paris"), utc(2026, 12, 7, 19)));
  Instant t2 = utc(2026, 11, 2);
  auto counts = upsert(second, t2);
  EXPECT_EQ(counts.inserted, 3);
  EXPECT_EQ(counts.updated, 2);
  EXPECT_EQ(counts.unchanged, 3);
  EXPECT_EQ(counts.venues_inserted, 1);
  auto rows = all();
  ASSERT_EQ(rows.size(), 9u);
  for (const auto& r : rows) {
    SCOPED_TRACE(r.title);
    bool left_out = r.title == "Event 5";
    bool is_new = r.title.rfind("New ", 0) == 0;
    bool changed = r.title == "Event 3" || r.title == "Event 4";
    EXPECT_EQ(r.last_seen_at, left_out ? utc(2026, 11, 1) : t2);
    EXPECT_EQ(r.updated_at, is_new || changed ? t2 : utc(2026, 11, 1));
    EXPECT_EQ(r.created_at, is_new ? t2 : utc(2026, 11, 1));
  }
}

TEST_P(StoreContract, ConcurrentUpsertsOfOneBatchInsertEachRowOnce) {
  // Two writers upsert the same new batch at once: each row is inserted by
  // one of them and found unchanged by the other, never counted twice.
  std::vector<Tournament> batch;
  for (int i = 0; i < 300; ++i) {
    batch.push_back(tournament("Event " + std::to_string(i), venue("Casino " + std::to_string(i % 7), "Lyon"),
                               utc(2026, 12, 5, 19) + hours{i}));
  }
  UpsertCounts a, b;
  std::atomic<int> failures{0};
  std::thread ta([&] {
    auto r = store_->upsertTournaments(batch, utc(2026, 11, 1));
    if (r) {
      a = *r;
    } else {
      ++failures;
    }
  });
  std::thread tb([&] {
    auto r = store_->upsertTournaments(batch, utc(2026, 11, 1));
    if (r) {
      b = *r;
    } else {
      ++failures;
    }
  });
  ta.join();
  tb.join();
  ASSERT_EQ(failures.load(), 0);
  EXPECT_EQ(a.inserted + b.inserted, 300);
  EXPECT_EQ(a.unchanged + b.unchanged, 300);
  EXPECT_EQ(a.updated + b.updated, 0);
  EXPECT_EQ(a.venues_inserted + b.venues_inserted, 7);
  EXPECT_EQ(all().size(), 300u);
}

TEST_P(StoreContract, SameVenueFoldedTitleAndStartIsOneRow) {
  Instant start = utc(2026, 12, 5, 19);
  upsert({tournament("Main Event", venue("Casino Barrière", "Lyon"), start)}, utc(2026, 12, 1));
  // Same venue and title once folded (case, accents, punctuation), same start.
  auto counts = upsert({tournament("MAIN  EVENT !", venue("casino barriere", "LYON"), start)}, utc(2026, 12, 2));
  EXPECT_EQ(counts.inserted, 0);
  EXPECT_EQ(counts.updated, 1);  // the title as written changed
  EXPECT_EQ(counts.venues_inserted, 0);
  auto rows = all();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].title, "MAIN  EVENT !");
  EXPECT_EQ(rows[0].venue.name, "Casino Barrière");  // the venue keeps its first spelling

  // A different start or venue is another tournament.
  auto more = upsert({tournament("Main Event", venue("Casino Barrière", "Lyon"), start + hours{1}),
                      tournament("Main Event", venue("Casino Barrière", "Toulouse"), start)},
                     utc(2026, 12, 3));
  EXPECT_EQ(more.inserted, 2);
  EXPECT_EQ(more.venues_inserted, 1);
  EXPECT_EQ(all().size(), 3u);

  // The same event twice in one batch is stored once, the later one winning.
  auto dup_a = tournament("Sit & Go", venue("Casino Barrière", "Lyon"), start);
  auto dup_b = dup_a;
  dup_b.title = "Sit and Go";  // folds differently: another tournament
  auto dup_c = dup_a;
  dup_c.buy_in_cents = 2000;
  auto dups = upsert({dup_a, dup_b, dup_c}, utc(2026, 12, 4));
  EXPECT_EQ(dups.inserted, 2);
  std::vector<Tournament> sit_and_go;
  for (const auto& t : all()) {
    if (t.title == "Sit & Go") sit_and_go.push_back(t);
  }
  ASSERT_EQ(sit_and_go.size(), 1u);
  EXPECT_EQ(sit_and_go[0].buy_in_cents, 2000);
  EXPECT_EQ(all().size(), 5u);
}

TEST_P(StoreContract, TimestampsFollowSeenAndChanged) {
  auto t = tournament("Main Event", venue("Casino Barrière", "Lyon"), utc(2026, 12, 5, 19));
  Instant t1 = utc(2026, 11, 1), t2 = utc(2026, 11, 2), t3 = utc(2026, 11, 3);
  upsert({t}, t1);
  auto rows = all();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].created_at, t1);
  EXPECT_EQ(rows[0].updated_at, t1);
  EXPECT_EQ(rows[0].first_seen_at, t1);
  EXPECT_EQ(rows[0].last_seen_at, t1);
  EXPECT_EQ(rows[0].venue.created_at, t1);

  upsert({t}, t2);  // unchanged: only last_seen_at moves
  rows = all();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].created_at, t1);
  EXPECT_EQ(rows[0].updated_at, t1);
  EXPECT_EQ(rows[0].first_seen_at, t1);
  EXPECT_EQ(rows[0].last_seen_at, t2);

  t.buy_in_cents = 25000;  // changed: updated_at moves too
  auto counts = upsert({t}, t3);
  EXPECT_EQ(counts.updated, 1);
  rows = all();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].created_at, t1);
  EXPECT_EQ(rows[0].updated_at, t3);
  EXPECT_EQ(rows[0].first_seen_at, t1);
  EXPECT_EQ(rows[0].last_seen_at, t3);
  EXPECT_EQ(rows[0].buy_in_cents, 25000);
  EXPECT_EQ(rows[0].venue.updated_at, t1);  // nothing to fill in the venue
}

TEST_P(StoreContract, RoundTripsEveryField) {
  Tournament t = tournament("Festival d’Hiver — Main", venue("Casino Barrière d’Enghien", "Enghien-les-Bains"),
                            utc(2026, 12, 5, 19, 30));
  t.description = "Structure:\tdeepstack\nline two \\ backslash";
  t.end = utc(2026, 12, 7, 2);
  t.time_known = false;
  t.multi_day = true;
  t.timezone = "Europe/Paris";
  t.buy_in_cents = 55000;
  t.fee_cents = 5000;
  t.guarantee_cents = 10000000;
  t.currency = "EUR";
  t.variant = "PLO";
  t.tags = {"deepstack", "bounty"};
  t.status = TournamentStatus::kPostponed;
  t.source_hash = "abc123";
  t.event_url = "https://example.test/event/1";
  t.venue.address = "3 avenue de Ceinture";
  t.venue.postcode = "95880";
  t.venue.department = "Val-d'Oise";
  t.venue.department_code = "95";
  t.venue.region = "Île-de-France";
  t.venue.latitude = 48.9706;
  t.venue.longitude = 2.3093;
  t.venue.geocode_source = "gazetteer";
  t.venue.website = "https://casino.example.test";
  upsert({t}, utc(2026, 11, 1));
  auto rows = all();
  ASSERT_EQ(rows.size(), 1u);
  const Tournament& got = rows[0];
  EXPECT_GT(got.id, 0);
  EXPECT_EQ(got.venue_id, got.venue.id);
  EXPECT_EQ(got.title, t.title);
  EXPECT_EQ(got.description, t.description);
  EXPECT_EQ(got.start, t.start);
  EXPECT_EQ(got.end, t.end);
  EXPECT_EQ(got.time_known, false);
  EXPECT_EQ(got.multi_day, true);
  EXPECT_EQ(got.timezone, "Europe/Paris");
  EXPECT_EQ(got.buy_in_cents, 55000);
  EXPECT_EQ(got.fee_cents, 5000);
  EXPECT_EQ(got.guarantee_cents, 10000000);
  EXPECT_EQ(got.currency, "EUR");
  EXPECT_EQ(got.variant, "PLO");
  EXPECT_EQ(got.tags, t.tags);
  EXPECT_EQ(got.status, TournamentStatus::kPostponed);
  EXPECT_EQ(got.source_name, "test");
  EXPECT_EQ(got.source_url, t.source_url);
  EXPECT_EQ(got.source_hash, "abc123");
  EXPECT_EQ(got.event_url, t.event_url);
  EXPECT_EQ(got.venue.name, t.venue.name);
  EXPECT_EQ(got.venue.address, t.venue.address);
  EXPECT_EQ(got.venue.postcode, "95880");
  EXPECT_EQ(got.venue.city, "Enghien-les-Bains");
  EXPECT_EQ(got.venue.department, "Val-d'Oise");
  EXPECT_EQ(got.venue.department_code, "95");
  EXPECT_EQ(got.venue.region, "Île-de-France");
  EXPECT_EQ(got.venue.country, "France");
  ASSERT_TRUE(got.venue.latitude && got.venue.longitude);
  EXPECT_DOUBLE_EQ(*got.venue.latitude, 48.9706);
  EXPECT_DOUBLE_EQ(*got.venue.longitude, 2.3093);
  EXPECT_EQ(got.venue.geocode_source, "gazetteer");
  EXPECT_EQ(got.venue.website, t.venue.website);

  auto one = store_->getTournament(got.id);
  ASSERT_TRUE(one);
  ASSERT_TRUE(one->has_value());
  EXPECT_EQ((*one)->title, t.title);
  EXPECT_EQ((*one)->venue.name, t.venue.name);
  auto none = store_->getTournament(got.id + 1000);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  auto v = store_->getVenue(got.venue_id);
  ASSERT_TRUE(v);
  ASSERT_TRUE(v->has_value());
  EXPECT_EQ((*v)->postcode, "95880");
  auto no_venue = store_->getVenue(got.venue_id + 1000);
  ASSERT_TRUE(no_venue);
  EXPECT_FALSE(no_venue->has_value());
}

TEST_P(StoreContract, VenueFieldsAreFilledOnlyWhenEmpty) {
  Instant start = utc(2026, 12, 5, 19);
  upsert({tournament("Main Event", venue("Casino Barrière", "Lyon"), start)}, utc(2026, 11, 1));
  auto v1 = version();
  Venue richer = venue("CASINO BARRIERE", "lyon");
  richer.address = "70 quai Charles de Gaulle";
  richer.postcode = "69006";
  richer.latitude = 45.78;
  richer.longitude = 4.85;
  richer.geocode_source = "nominatim";
  upsert({tournament("Main Event", richer, start)}, utc(2026, 11, 2));
  auto venues = store_->listVenues();
  ASSERT_TRUE(venues);
  ASSERT_EQ(venues->size(), 1u);
  EXPECT_EQ((*venues)[0].name, "Casino Barrière");
  EXPECT_EQ((*venues)[0].address, "70 quai Charles de Gaulle");
  EXPECT_EQ((*venues)[0].postcode, "69006");
  ASSERT_TRUE((*venues)[0].latitude);
  EXPECT_DOUBLE_EQ(*(*venues)[0].latitude, 45.78);
  EXPECT_EQ((*venues)[0].geocode_source, "nominatim");
  EXPECT_EQ((*venues)[0].created_at, utc(2026, 11, 1));
  EXPECT_EQ((*venues)[0].updated_at, utc(2026, 11, 2));
  EXPECT_GT(version(), v1);  // a filled venue is a change readers must see

  Venue other = richer;
  other.address = "somewhere else";
  other.latitude = 1.0;
  other.longitude = 1.0;
  upsert({tournament("Main Event", other, start)}, utc(2026, 11, 3));
  venues = store_->listVenues();
  ASSERT_TRUE(venues);
  EXPECT_EQ((*venues)[0].address, "70 quai Charles de Gaulle");
  EXPECT_DOUBLE_EQ(*(*venues)[0].latitude, 45.78);
  EXPECT_EQ((*venues)[0].updated_at, utc(2026, 11, 2));
}

TEST_P(StoreContract, DataVersionMovesOnlyWhenDataChanges) {
  auto t = tournament("Main Event", venue("Casino Barrière", "Lyon"), utc(2026, 12, 5, 19));
  auto v0 = version();
  upsert({t}, utc(2026, 11, 1));
  auto v1 = version();
  EXPECT_GT(v1, v0);
  upsert({t}, utc(2026, 11, 2));
  EXPECT_EQ(version(), v1);
  t.status = TournamentStatus::kCancelled;
  upsert({t}, utc(2026, 11, 3));
  EXPECT_GT(version(), v1);
}

// The data set of the filter table below; `now` is 2026-12-01T00:00Z.
class FilterData {
 public:
  static std::vector<Tournament> batch() {
    Venue lyon = venue("Casino Barrière", "Lyon");
    lyon.department = "Rhône";
    lyon.department_code = "69";
    lyon.region = "Auvergne-Rhône-Alpes";
    lyon.latitude = 45.76;
    lyon.longitude = 4.83;
    Venue paris = venue("Cercle Clichy Montmartre", "Paris");
    paris.department = "Paris";
    paris.department_code = "75";
    paris.region = "Île-de-France";
    paris.latitude = 48.88;
    paris.longitude = 2.33;
    Venue ajaccio = venue("Club Ajaccio", "Ajaccio");
    ajaccio.department = "Corse-du-Sud";
    ajaccio.department_code = "2A";
    ajaccio.region = "Corse";

    auto a = tournament("Main Event Lyon", lyon, utc(2026, 12, 5, 19));
    a.buy_in_cents = 15000;
    a.tags = {"deepstack", "bounty"};
    auto b = tournament("PLO Night", lyon, utc(2026, 12, 10, 20));
    b.buy_in_cents = 5000;
    b.variant = "PLO";
    b.status = TournamentStatus::kCancelled;
    auto c = tournament("Freeroll du dimanche", paris, utc(2026, 12, 6, 14));
    c.buy_in_cents = 0;
    c.tags = {"freeroll"};
    auto d = tournament("High Roller", paris, utc(2026, 12, 20, 18));
    d.buy_in_cents = 100000;
    d.end = utc(2026, 12, 21, 4);
    d.tags = {"bounty"};
    auto e = tournament("Tournoi d'Été", ajaccio, utc(2026, 11, 20, 20));
    e.buy_in_cents.reset();
    auto f = tournament("Multi-day festival", ajaccio, utc(2026, 11, 28, 12));
    f.end = utc(2026, 12, 2, 4);  // still running at `now`
    f.buy_in_cents = 30000;
    return {a, b, c, d, e, f};
  }
};

TEST_P(StoreContract, EveryFilterSelectsWhatItSays) {
  upsert(FilterData::batch(), utc(2026, 11, 15));
  TournamentFilter lyon_only;
  lyon_only.city = "Lyon";
  lyon_only.limit = 1;
  auto first = store_->queryTournaments(lyon_only);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->size(), 1u);
  std::int64_t lyon_id = (*first)[0].venue.id;

  struct Case {
    const char* name;
    std::function<void(TournamentFilter&)> set;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"no filter: not finished at now, by start", [](TournamentFilter&) {},
       {"Multi-day festival", "Main Event Lyon", "Freeroll du dimanche", "PLO Night", "High Roller"}},
      {"include_past", [](TournamentFilter& f) { f.include_past = true; },
       {"Tournoi d'Été", "Multi-day festival", "Main Event Lyon", "Freeroll du dimanche", "PLO Night",
        "High Roller"}},
      {"city folded", [](TournamentFilter& f) { f.city = "LYON"; }, {"Main Event Lyon", "PLO Night"}},
      {"city with accent", [](TournamentFilter& f) { f.city = "París"; }, {"Freeroll du dimanche", "High Roller"}},
      {"city substring", [](TournamentFilter& f) { f.city = "acci"; }, {"Multi-day festival"}},
      {"department name folded", [](TournamentFilter& f) { f.department = "rhone"; },
       {"Main Event Lyon", "PLO Night"}},
      {"department code", [](TournamentFilter& f) { f.department = "69"; }, {"Main Event Lyon", "PLO Night"}},
      {"department code lower case", [](TournamentFilter& f) { f.department = "2a"; }, {"Multi-day festival"}},
      {"department name with dashes", [](TournamentFilter& f) { f.department = "Corse du Sud"; },
       {"Multi-day festival"}},
      {"region", [](TournamentFilter& f) { f.region = "ile-de-france"; }, {"Freeroll du dimanche", "High Roller"}},
      {"region substring", [](TournamentFilter& f) { f.region = "Auvergne"; }, {"Main Event Lyon", "PLO Night"}},
      {"variant", [](TournamentFilter& f) { f.variant = "PLO"; }, {"PLO Night"}},
      {"q title words", [](TournamentFilter& f) { f.q = "lyon main"; }, {"Main Event Lyon"}},
      {"q venue name", [](TournamentFilter& f) { f.q = "barrière"; }, {"Main Event Lyon", "PLO Night"}},
      {"q city", [](TournamentFilter& f) { f.q = "montmartre"; }, {"Freeroll du dimanche", "High Roller"}},
      {"q past needs include_past",
       [](TournamentFilter& f) {
         f.q = "été";
         f.include_past = true;
       },
       {"Tournoi d'Été"}},
      {"q no match", [](TournamentFilter& f) { f.q = "omaha"; }, {}},
      {"status", [](TournamentFilter& f) { f.status = TournamentStatus::kCancelled; }, {"PLO Night"}},
      {"date_from inclusive", [](TournamentFilter& f) { f.date_from = utc(2026, 12, 6, 14); },
       {"Freeroll du dimanche", "PLO Night", "High Roller"}},
      {"date_to inclusive", [](TournamentFilter& f) { f.date_to = utc(2026, 12, 6, 14); },
       {"Multi-day festival", "Main Event Lyon", "Freeroll du dimanche"}},
      {"date range",
       [](TournamentFilter& f) {
         f.date_from = utc(2026, 12, 5);
         f.date_to = utc(2026, 12, 11);
       },
       {"Main Event Lyon", "Freeroll du dimanche", "PLO Night"}},
      {"buy_in_min", [](TournamentFilter& f) { f.buy_in_min = 15000; },
       {"Multi-day festival", "Main Event Lyon", "High Roller"}},
      {"buy_in_max", [](TournamentFilter& f) { f.buy_in_max = 5000; }, {"Freeroll du dimanche", "PLO Night"}},
      {"freerolls",
       [](TournamentFilter& f) {
         f.buy_in_min = 0;
         f.buy_in_max = 0;
       },
       {"Freeroll du dimanche"}},
      {"bbox Paris", [](TournamentFilter& f) { f.bbox = BoundingBox{48.5, 2.0, 49.2, 2.6}; },
       {"Freeroll du dimanche", "High Roller"}},
      {"bbox France", [](TournamentFilter& f) { f.bbox = BoundingBox{41.0, -5.0, 51.5, 10.0}; },
       {"Main Event Lyon", "Freeroll du dimanche", "PLO Night", "High Roller"}},
      {"venue_id", [&](TournamentFilter& f) { f.venue_id = lyon_id; }, {"Main Event Lyon", "PLO Night"}},
      {"one tag", [](TournamentFilter& f) { f.tags = {"bounty"}; }, {"Main Event Lyon", "High Roller"}},
      {"all tags", [](TournamentFilter& f) { f.tags = {"bounty", "deepstack"}; }, {"Main Event Lyon"}},
      {"tag absent", [](TournamentFilter& f) { f.tags = {"bounty", "freeroll"}; }, {}},
      {"offset and limit",
       [](TournamentFilter& f) {
         f.offset = 1;
         f.limit = 2;
       },
       {"Main Event Lyon", "Freeroll du dimanche"}},
      {"no limit", [](TournamentFilter& f) { f.limit = -1; },
       {"Multi-day festival", "Main Event Lyon", "Freeroll du dimanche", "PLO Night", "High Roller"}},
      {"limit zero", [](TournamentFilter& f) { f.limit = 0; }, {}},
      {"combined",
       [](TournamentFilter& f) {
         f.region = "france";
         f.tags = {"bounty"};
         f.buy_in_min = 50000;
       },
       {"High Roller"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    TournamentFilter f;
    f.now = utc(2026, 12, 1);
    c.set(f);
    auto rows = store_->queryTournaments(f);
    ASSERT_TRUE(rows) << rows.error().describe();
    EXPECT_EQ(titles(*rows), c.expected);
    for (const auto& t : *rows) EXPECT_EQ(t.venue.id, t.venue_id);
    auto n = store_->countTournaments(f);
    ASSERT_TRUE(n) << n.error().describe();
    if (f.offset == 0 && f.limit < 0) {
      EXPECT_EQ(*n, static_cast<std::int64_t>(c.expected.size()));
    }
  }
  TournamentFilter paged;
  paged.now = utc(2026, 12, 1);
  paged.offset = 1;
  paged.limit = 2;
  auto n = store_->countTournaments(paged);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 5);  // offset and limit ignored
}

TEST_P(StoreContract, CountsUpcomingAndPast) {
  upsert(FilterData::batch(), utc(2026, 11, 15));
  auto upcoming = store_->countUpcoming(utc(2026, 12, 1));
  ASSERT_TRUE(upcoming);
  EXPECT_EQ(*upcoming, 5);
  auto c = store_->counts(utc(2026, 12, 1));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->venues, 3);
  EXPECT_EQ(c->upcoming, 5);
  EXPECT_EQ(c->past, 1);
}

// Issue 15 tail note: « les 12 et 13 décembre à 19 h »: a timed start and an
// end known by its day only (end_time_known false, migration 0006) is kept
// as such, lasts all its last day (finishOf and its SQL twin agree), and a
// rerun that learns the end's time updates the row.
TEST_P(StoreContract, EndWithoutItsTimeRoundTripsAndLastsItsWholeDay) {
  const Venue v = venue("Casino Barrière", "Lyon");
  const Instant day = utc(2026, 12, 13);
  auto two_days = tournament("Deux jours", v, day - hours{5});  // the 12th, evening
  two_days.end = day;                                          // the 13th, no time
  two_days.end_time_known = false;
  two_days.multi_day = true;
  auto timed = tournament("Fin connue", v, day - hours{5});
  timed.end = day + hours{2};
  upsert({two_days, timed}, utc(2026, 11, 1));
  auto rows = all();
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& t : rows) {
    SCOPED_TRACE(t.title);
    EXPECT_EQ(t.end_time_known, t.title == "Fin connue");
    EXPECT_EQ(t.time_known, true);
  }
  const Instant afternoon = day + hours{15};
  TournamentFilter f;
  f.now = afternoon;
  f.limit = -1;
  auto listed = store_->queryTournaments(f);
  ASSERT_TRUE(listed) << listed.error().describe();
  EXPECT_EQ(titles(*listed), std::vector<std::string>{"Deux jours"});
  auto upcoming = store_->countUpcoming(afternoon);
  ASSERT_TRUE(upcoming);
  EXPECT_EQ(*upcoming, 1);
  auto over = store_->countUpcoming(day + hours{24} + seconds{1});
  ASSERT_TRUE(over);
  EXPECT_EQ(*over, 0);

  auto same = upsert({two_days, timed}, utc(2026, 11, 2));
  EXPECT_EQ(same.unchanged, 2);
  two_days.end = day + hours{3};
  two_days.end_time_known = true;
  auto learned = upsert({two_days, timed}, utc(2026, 11, 3));
  EXPECT_EQ(learned.updated, 1);
  for (const auto& t : all()) EXPECT_TRUE(t.end_time_known) << t.title;
}

// A tournament known only by its date (stored at midnight, time_known
// false) is still on the list all that day, and a date-only range all its
// last day; a timed one without an end is over at its start. The same rule
// (finishOf) for listings, counts and the purge.
TEST_P(StoreContract, DateOnlyTournamentsLastTheirWholeDay) {
  const Venue v = venue("Casino Barrière", "Lyon");
  const Instant day = utc(2026, 12, 12);
  auto date_only = tournament("Date only", v, day);
  date_only.time_known = false;
  auto range = tournament("Date-only range", v, day - hours{48});
  range.time_known = false;
  range.end = day;  // "du 10 au 12 décembre": the 12th at midnight
  range.multi_day = true;
  auto timed = tournament("Timed", v, day + hours{10});
  upsert({date_only, range, timed}, utc(2026, 11, 1));

  const Instant afternoon = day + hours{15};
  TournamentFilter f;
  f.now = afternoon;
  f.limit = -1;
  auto listed = store_->queryTournaments(f);
  ASSERT_TRUE(listed) << listed.error().describe();
  std::vector<std::string> names = titles(*listed);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"Date only", "Date-only range"}));
  auto n = store_->countTournaments(f);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 2);
  auto upcoming = store_->countUpcoming(afternoon);
  ASSERT_TRUE(upcoming);
  EXPECT_EQ(*upcoming, 2);
  auto c = store_->counts(afternoon);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->upcoming, 2);
  EXPECT_EQ(c->past, 1);
  for (const auto& t : *listed) EXPECT_GE(finishOf(t), afternoon) << t.title;

  // The next day, all three are over; a purge at the end of the day takes
  // the timed one only.
  auto next_day = store_->countUpcoming(day + hours{24} + seconds{1});
  ASSERT_TRUE(next_day);
  EXPECT_EQ(*next_day, 0);
  auto purged = store_->purgeBefore(day + hours{23}, false);
  ASSERT_TRUE(purged) << purged.error().describe();
  EXPECT_EQ(*purged, 1);
  EXPECT_EQ(all().size(), 2u);
}

TEST_P(StoreContract, PurgeKeepsWhatEndsExactlyAtTheCutoff) {
  Instant cutoff = utc(2026, 12, 1);
  Venue v = venue("Casino Barrière", "Lyon");
  auto before = tournament("Ends before", v, cutoff - hours{5});
  before.end = cutoff - seconds{1};
  auto at = tournament("Ends at cutoff", v, cutoff - hours{5});
  at.end = cutoff;
  auto starts_at = tournament("Starts at cutoff", v, cutoff);
  auto starts_before = tournament("Starts before", v, cutoff - seconds{1});
  upsert({before, at, starts_at, starts_before}, utc(2026, 11, 1));
  auto v0 = version();

  auto dry = store_->purgeBefore(cutoff, true);
  ASSERT_TRUE(dry) << dry.error().describe();
  EXPECT_EQ(*dry, 2);
  EXPECT_EQ(all().size(), 4u);
  EXPECT_EQ(version(), v0);

  auto purged = store_->purgeBefore(cutoff, false);
  ASSERT_TRUE(purged) << purged.error().describe();
  EXPECT_EQ(*purged, 2);
  std::vector<std::string> left = titles(all());
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{"Ends at cutoff", "Starts at cutoff"}));
  EXPECT_GT(version(), v0);
  auto venues = store_->listVenues();
  ASSERT_TRUE(venues);
  EXPECT_EQ(venues->size(), 1u);  // venues stay

  auto again = store_->purgeBefore(cutoff, false);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);
}

TEST_P(StoreContract, FailedBatchWritesNothing) {
  upsert({tournament("Existing", venue("Casino Barrière", "Lyon"), utc(2026, 12, 5, 19))}, utc(2026, 11, 1));
  auto v0 = version();

  // Fails in the database, mid-way: the new venue and the first tournaments
  // are written before the negative fee violates a CHECK constraint.
  auto good = tournament("Good one", venue("Nouveau Club", "Nantes"), utc(2026, 12, 6, 19));
  auto changed = tournament("Existing", venue("Casino Barrière", "Lyon"), utc(2026, 12, 5, 19));
  changed.buy_in_cents = 99900;
  auto bad = tournament("Bad one", venue("Nouveau Club", "Nantes"), utc(2026, 12, 7, 19));
  bad.fee_cents = -1;
  auto failed = store_->upsertTournaments({good, changed, bad}, utc(2026, 11, 2));
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kDatabase);

  // An end before the start is refused the same way.
  auto backwards = tournament("Backwards", venue("Nouveau Club", "Nantes"), utc(2026, 12, 8, 19));
  backwards.end = utc(2026, 12, 8, 18);
  EXPECT_FALSE(store_->upsertTournaments({good, backwards}, utc(2026, 11, 2)));

  // Refused before the database: a venue without a name, a NaN coordinate.
  auto nameless = tournament("No venue", venue("  ", "Nantes"), utc(2026, 12, 6, 19));
  auto r1 = store_->upsertTournaments({good, nameless}, utc(2026, 11, 2));
  ASSERT_FALSE(r1);
  EXPECT_EQ(r1.error().code, ErrorCode::kInvalidArgument);
  auto nan = good;
  nan.venue.latitude = std::numeric_limits<double>::quiet_NaN();
  nan.venue.longitude = 2.0;
  auto r2 = store_->upsertTournaments({nan}, utc(2026, 11, 2));
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().code, ErrorCode::kInvalidArgument);

  auto rows = all();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].title, "Existing");
  EXPECT_EQ(rows[0].buy_in_cents, 10000);
  EXPECT_EQ(rows[0].last_seen_at, utc(2026, 11, 1));
  auto venues = store_->listVenues();
  ASSERT_TRUE(venues);
  EXPECT_EQ(venues->size(), 1u);
  EXPECT_EQ(version(), v0);

  // The store is still usable afterwards.
  auto counts = upsert({good}, utc(2026, 11, 3));
  EXPECT_EQ(counts.inserted, 1);
}

// pft normalize prepares batch n+1 on one thread while another writes batch
// n: preparing touches no database, and batches land in the order written.
TEST_P(StoreContract, PreparedBatchesAreWrittenInTheOrderGiven) {
  const auto lyon = venue("Casino Barrière", "Lyon");
  std::vector<std::unique_ptr<PreparedUpsert>> prepared(3);
  std::vector<std::thread> preparers;
  for (int b = 0; b < 3; ++b) {
    preparers.emplace_back([&, b] {
      std::vector<Tournament> batch;
      for (int i = 0; i < 50; ++i) {
        batch.push_back(tournament("Batch " + std::to_string(b) + " #" + std::to_string(i), lyon,
                                   utc(2026, 12, 1 + static_cast<unsigned>(b), 19)));
      }
      batch.push_back(batch.front());  // a repeat inside the batch counts once
      auto p = store_->prepareUpsert(std::move(batch));
      ASSERT_TRUE(p) << p.error().describe();
      prepared[static_cast<std::size_t>(b)] = std::move(*p);
    });
  }
  for (auto& t : preparers) t.join();
  const auto v0 = version();
  EXPECT_EQ(all().size(), 0u) << "preparing writes nothing";
  for (const auto& p : prepared) ASSERT_NE(p, nullptr);
  EXPECT_EQ(prepared[0]->size(), 50u);

  for (int b : {2, 0, 1}) {
    auto counts = store_->upsertPrepared(*prepared[static_cast<std::size_t>(b)], utc(2026, 11, 1));
    ASSERT_TRUE(counts) << counts.error().describe();
    EXPECT_EQ(counts->inserted, 50);
  }
  EXPECT_GT(version(), v0);
  // Ids follow the order of the writes: batch 2, then 0, then 1.
  auto rows = all();
  ASSERT_EQ(rows.size(), 150u);
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> id_range;  // batch -> min, max id
  for (const auto& t : rows) {
    std::string b = t.title.substr(0, 7);
    auto [it, fresh] = id_range.try_emplace(b, t.id, t.id);
    it->second.first = std::min(it->second.first, t.id);
    it->second.second = std::max(it->second.second, t.id);
  }
  EXPECT_LT(id_range["Batch 2"].second, id_range["Batch 0"].first);
  EXPECT_LT(id_range["Batch 0"].second, id_range["Batch 1"].first);

  // Written again: unchanged, whichever way.
  auto again = store_->upsertPrepared(*prepared[0], utc(2026, 11, 2));
  ASSERT_TRUE(again) << again.error().describe();
  EXPECT_EQ(again->unchanged, 50);
  EXPECT_EQ(again->inserted, 0);
}

// A run of key-disjoint batches may skip looking for stored twins only
// while it can prove there are none: another writer between two batches,
// or rows already there when it starts, and it looks again.
TEST_P(StoreContract, DisjointRunStaysExactWhenAnotherWriterInterleaves) {
  const auto lyon = venue("Casino Barrière", "Lyon");
  auto write = [&](std::vector<Tournament> batch, UpsertRun* run, Instant seen) {
    auto p = store_->prepareUpsert(std::move(batch));
    EXPECT_TRUE(p) << p.error().describe();
    auto counts = store_->upsertPrepared(**p, seen, run);
    EXPECT_TRUE(counts) << counts.error().describe();
    return counts ? *counts : UpsertCounts{};
  };
  UpsertRun run;
  run.keys_disjoint = true;
  auto a = write({tournament("A1", lyon, utc(2026, 12, 1, 20)), tournament("A2", lyon, utc(2026, 12, 2, 20))}, &run,
                 utc(2026, 11, 1));
  EXPECT_EQ(a.inserted, 2);
  // Another writer adds B1 between the run's batches.
  upsert({tournament("B1", lyon, utc(2026, 12, 3, 20))}, utc(2026, 11, 1));
  auto b1 = tournament("B1", lyon, utc(2026, 12, 3, 20));
  b1.buy_in_cents = 20000;  // changed
  auto b = write({b1, tournament("B2", lyon, utc(2026, 12, 4, 20))}, &run, utc(2026, 11, 2));
  EXPECT_EQ(b.inserted, 1);
  EXPECT_EQ(b.updated, 1);
  EXPECT_EQ(all().size(), 4u);

  // A run that starts on a table holding rows looks for twins at once.
  UpsertRun second;
  second.keys_disjoint = true;
  auto c = write({tournament("A1", lyon, utc(2026, 12, 1, 20)), tournament("C1", lyon, utc(2026, 12, 5, 20))},
                 &second, utc(2026, 11, 3));
  EXPECT_EQ(c.unchanged, 1);
  EXPECT_EQ(c.inserted, 1);
  EXPECT_EQ(all().size(), 5u);
}

// ---- identity (issue 11): one tournament stays one row across runs ------

Tournament identified(std::string title, Venue v, Instant start, std::string key, std::string source = "club") {
  Tournament t = tournament(std::move(title), std::move(v), start);
  t.source_name = std::move(source);
  t.identity_key = std::move(key);
  return t;
}

// One run: its batches under one token, as pft normalize writes them.
struct RunOf {
  Store& store;
  Instant seen;
  UpsertRun run;
  RunOf(Store& s, Instant at) : store(s), seen(at) { run.token = newUpsertRunToken(); }
  UpsertCounts write(std::vector<Tournament> batch) {
    auto p = store.prepareUpsert(std::move(batch));
    EXPECT_TRUE(p) << p.error().describe();
    if (!p) return {};
    auto c = store.upsertPrepared(**p, seen, &run);
    EXPECT_TRUE(c) << c.error().describe();
    return c ? *c : UpsertCounts{};
  }
  std::vector<SourceWithdrawal> withdraw(const std::vector<std::string>& sources) {
    auto w = store.withdrawAbsent(run, sources, seen);
    EXPECT_TRUE(w) << w.error().describe();
    return w ? *w : std::vector<SourceWithdrawal>{};
  }
};

TEST_P(StoreContract, AnIdentityKeepsItsRowWhenTimeTitleOrBuyInChange) {
  const auto lyon = venue("Casino Barrière", "Lyon");
  RunOf first(*store_, utc(2026, 12, 1));
  auto a = first.write({identified("Deepstack du jeudi", lyon, utc(2026, 12, 3, 18), "id:uid-1"),
                        identified("PLO Night", lyon, utc(2026, 12, 4, 20), "id:uid-2")});
  EXPECT_EQ(a.inserted, 2);
  auto before = all();
  ASSERT_EQ(before.size(), 2u);
  EXPECT_EQ(before[0].identity_key, "id:uid-1");

  RunOf second(*store_, utc(2026, 12, 2));
  auto moved = identified("Deepstack du jeudi (nouvel horaire)", lyon, utc(2026, 12, 3, 19, 30), "id:uid-1");
  moved.buy_in_cents = 15000;
  auto b = second.write({moved, identified("PLO Night", lyon, utc(2026, 12, 4, 20), "id:uid-2")});
  EXPECT_EQ(b.updated, 1);
  EXPECT_EQ(b.unchanged, 1);
  EXPECT_EQ(b.inserted, 0);
  auto after = all();
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].id, before[0].id);
  EXPECT_EQ(after[0].title, "Deepstack du jeudi (nouvel horaire)");
  EXPECT_EQ(after[0].start, utc(2026, 12, 3, 19, 30));
  EXPECT_EQ(after[0].buy_in_cents, 15000);
  EXPECT_EQ(after[0].updated_at, utc(2026, 12, 2));

  // A start moved alone (same content otherwise) is an update too.
  RunOf third(*store_, utc(2026, 12, 2, 12));
  moved.start = utc(2026, 12, 3, 21);
  EXPECT_EQ(third.write({moved}).updated, 1);
  EXPECT_EQ(all()[0].start, utc(2026, 12, 3, 21));
}

// Issue 14: every update of a player-visible field appends a change, in
// the same transaction; a re-run that changes nothing appends nothing; the
// history goes with its tournament when purged.
TEST_P(StoreContract, UpdatesOfVisibleFieldsAreKeptAsHistory) {
  const auto lyon = venue("Casino Barrière", "Lyon");
  const auto paris = venue("Cercle Clichy", "Paris");
  RunOf first(*store_, utc(2026, 12, 1));
  auto deep = identified("Deepstack", lyon, utc(2026, 12, 3, 18), "id:uid-1");
  deep.buy_in_cents = 10000;
  first.write({deep, identified("PLO Night", lyon, utc(2026, 12, 4, 20), "id:uid-2")});
  const auto rows = all();
  ASSERT_EQ(rows.size(), 2u);
  const std::int64_t id = rows[0].id;
  auto history = [&](std::int64_t which) {
    auto h = store_->tournamentHistory(which);
    EXPECT_TRUE(h) << h.error().describe();
    std::string out;
    for (const auto& c : h ? *h : std::vector<TournamentChange>{}) {
      if (!out.empty()) out += "; ";
      out += c.field + " " + c.old_value.value_or("null") + "->" + c.new_value.value_or("null") + " by " +
             c.source_name + (c.run_token ? " in a run" : "");
    }
    return out;
  };
  EXPECT_EQ(history(id), "") << "an insert is no change";

  RunOf second(*store_, utc(2026, 12, 2));
  auto moved = deep;
  moved.start = utc(2026, 12, 3, 19);
  moved.buy_in_cents = 15000;
  moved.description = "a description is not shown in the history";
  second.write({moved, identified("PLO Night", lyon, utc(2026, 12, 4, 20), "id:uid-2")});
  const std::string start0 = std::to_string(detail_unix(utc(2026, 12, 3, 18)));
  const std::string start1 = std::to_string(detail_unix(utc(2026, 12, 3, 19)));
  EXPECT_EQ(history(id), "buy_in 10000->15000 by club in a run; start " + start0 + "->" + start1 + " by club in a run")
      << "newest first: within one update, the fields in their order, reversed";
  auto h = store_->tournamentHistory(id);
  ASSERT_TRUE(h && h->size() == 2u);
  EXPECT_EQ((*h)[0].changed_at, utc(2026, 12, 2));
  EXPECT_EQ((*h)[0].run_token, second.run.token);
  EXPECT_EQ((*h)[0].tournament_id, id);

  // The same again: nothing appended.
  RunOf third(*store_, utc(2026, 12, 2, 6));
  EXPECT_EQ(third.write({moved, identified("PLO Night", lyon, utc(2026, 12, 4, 20), "id:uid-2")}).unchanged, 2);
  EXPECT_EQ(store_->tournamentHistory(id)->size(), 2u);

  // Another venue, title and status (cancelled), then withdrawn.
  RunOf fourth(*store_, utc(2026, 12, 2, 12));
  auto renamed = moved;
  renamed.title = "Deepstack Bounty";
  renamed.venue = paris;
  renamed.status = TournamentStatus::kCancelled;
  fourth.write({renamed});
  fourth.withdraw({"club"});
  auto latest = store_->tournamentHistory(id, 3);
  ASSERT_TRUE(latest) << latest.error().describe();
  ASSERT_EQ(latest->size(), 3u);
  EXPECT_EQ((*latest)[0].field, "title");
  EXPECT_EQ((*latest)[0].new_value, "Deepstack Bounty");
  EXPECT_EQ((*latest)[1].field, "venue");
  EXPECT_NE((*latest)[1].old_value, (*latest)[1].new_value);
  EXPECT_EQ((*latest)[2].field, "status");
  EXPECT_EQ((*latest)[2].old_value, "scheduled");
  EXPECT_EQ((*latest)[2].new_value, "cancelled");
  // The PLO Night, not seen by that run, was withdrawn: a change of its own.
  EXPECT_EQ(history(rows[1].id), "status scheduled->removed by club in a run");
  EXPECT_EQ(store_->tournamentHistory(id)->size(), 5u);
  EXPECT_TRUE(store_->tournamentHistory(424242)->empty());

  // Purged: its history goes with it.
  auto purged = store_->purgeBefore(utc(2026, 12, 10), false);
  ASSERT_TRUE(purged) << purged.error().describe();
  EXPECT_EQ(*purged, 2);
  EXPECT_TRUE(store_->tournamentHistory(id)->empty());
  EXPECT_TRUE(store_->tournamentHistory(rows[1].id)->empty());
}

TEST_P(StoreContract, RowsWithoutIdentityAreMatchedOnTheirSlotAndGetTheirKey) {
  const auto lyon = venue("Casino Barrière", "Lyon");
  // As written before migration 0003: no identity.
  upsert({tournament("Main Event", lyon, utc(2026, 12, 5, 19))}, utc(2026, 12, 1));
  auto old = all();
  ASSERT_EQ(old.size(), 1u);
  EXPECT_EQ(old[0].identity_key, "");

  auto same = identified("Main Event", lyon, utc(2026, 12, 5, 19), "k:barriere|lyon|2026-12-05|main event", "test");
  RunOf run(*store_, utc(2026, 12, 2));
  auto c = run.write({same});
  EXPECT_EQ(c.unchanged, 1) << "same content: unchanged, the key written";
  EXPECT_EQ(c.inserted, 0);
  auto now = all();
  ASSERT_EQ(now.size(), 1u);
  EXPECT_EQ(now[0].id, old[0].id);
  EXPECT_EQ(now[0].identity_key, same.identity_key);
  // From then on the key finds it, wherever it moves.
  RunOf next(*store_, utc(2026, 12, 3));
  same.start = utc(2026, 12, 5, 20);
  EXPECT_EQ(next.write({same}).updated, 1);
  EXPECT_EQ(all()[0].id, old[0].id);
}

TEST_P(StoreContract, OwnIdentitiesClaimFirstThenAliasesThenSlots) {
  const auto lyon = venue("Casino Barrière", "Lyon");
  RunOf first(*store_, utc(2026, 12, 1));
  first.write({identified("Deepstack", lyon, utc(2026, 12, 3, 19), "id:uid-1"),
               identified("Bounty", lyon, utc(2026, 12, 4, 20), "id:agg-7", "aggregator")});
  auto rows = all();
  ASSERT_EQ(rows.size(), 2u);
  const auto deep_id = rows[0].id;
  const auto bounty_id = rows[1].id;

  // uid-1 moves to 21:00 while a new uid-9 takes its old slot, in one batch
  // (the new one first): uid-1 keeps its row, uid-9 is new. The club's own
  // Bounty (another source, 15 minutes off) was merged with the
  // aggregator's: its alias claims the aggregator's row.
  RunOf second(*store_, utc(2026, 12, 2));
  auto bounty = identified("Bounty", lyon, utc(2026, 12, 4, 20, 15), "id:club-bounty");
  bounty.also_known_as = {{"aggregator", "id:agg-7"}};
  auto c = second.write({identified("Deepstack", lyon, utc(2026, 12, 3, 19), "id:uid-9"),
                         identified("Deepstack", lyon, utc(2026, 12, 3, 21), "id:uid-1"), bounty});
  EXPECT_EQ(c.inserted, 1);
  EXPECT_EQ(c.updated, 2);
  std::map<std::string, Tournament> by_key;
  for (auto& t : all()) by_key[t.identity_key] = t;
  ASSERT_EQ(by_key.size(), 3u);
  EXPECT_EQ(by_key["id:uid-1"].id, deep_id);
  EXPECT_EQ(by_key["id:uid-1"].start, utc(2026, 12, 3, 21));
  EXPECT_NE(by_key["id:uid-9"].id, deep_id);
  EXPECT_EQ(by_key["id:club-bounty"].id, bounty_id);
  EXPECT_EQ(by_key["id:club-bounty"].source_name, "club");

  // Another source's row at the very same slot is taken over too (a renamed
  // source, or one whose ids changed), but never one this run already saw.
  RunOf third(*store_, utc(2026, 12, 2, 12));
  auto renamed = identified("Deepstack", lyon, utc(2026, 12, 3, 21), "id:uid-1", "club-renamed");
  EXPECT_EQ(third.write({renamed}).updated, 1);
  EXPECT_EQ(third.write({identified("Deepstack", lyon, utc(2026, 12, 3, 21), "id:x", "third")}).inserted, 1);
  EXPECT_EQ(all().size(), 4u);
}

TEST_P(StoreContract, WithdrawAbsentTakesOnlyWhatTheRunDidNotSeeOfTheNamedSources) {
  const auto lyon = venue("Casino Barrière", "Lyon");
  const Instant day1 = utc(2026, 12, 1, 3);
  RunOf first(*store_, day1);
  first.write({identified("Stays", lyon, utc(2026, 12, 5, 19), "id:a"),
               identified("Vanishes", lyon, utc(2026, 12, 6, 19), "id:b"),
               identified("Started", lyon, utc(2026, 12, 1, 2), "id:c"),
               identified("Other source", lyon, utc(2026, 12, 7, 19), "id:d", "elsewhere")});
  const auto v0 = version();
  RunOf second(*store_, utc(2026, 12, 2, 3));
  second.write({identified("Stays", lyon, utc(2026, 12, 5, 19), "id:a")});
  auto w = second.withdraw({"club", "never-seen"});
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].source_name, "club");
  EXPECT_EQ(w[0].withdrawn, 1) << "Started began before the run: a source drops what has begun";
  EXPECT_EQ(w[0].upcoming, 2);
  EXPECT_EQ(w[1].withdrawn, 0);
  EXPECT_EQ(w[1].upcoming, 0);
  EXPECT_GT(version(), v0);

  auto listed = all();
  std::set<std::string> shown;
  for (const auto& t : listed) shown.insert(t.title);
  EXPECT_EQ(shown, (std::set<std::string>{"Stays", "Started", "Other source"})) << "removed: hidden by default";
  TournamentFilter removed;
  removed.include_past = true;
  removed.limit = -1;
  removed.status = TournamentStatus::kRemoved;
  auto gone = store_->queryTournaments(removed);
  ASSERT_TRUE(gone);
  ASSERT_EQ(gone->size(), 1u);
  const Tournament vanished = gone->front();
  EXPECT_EQ(vanished.title, "Vanishes");
  EXPECT_EQ(vanished.removed_at, utc(2026, 12, 2, 3));
  auto by_id = store_->getTournament(vanished.id);
  ASSERT_TRUE(by_id && *by_id);
  EXPECT_EQ((*by_id)->status, TournamentStatus::kRemoved);
  TournamentFilter everything;
  everything.include_past = true;
  everything.include_removed = true;
  everything.limit = -1;
  auto total = store_->countTournaments(everything);
  ASSERT_TRUE(total);
  EXPECT_EQ(*total, 4);
  auto counts = store_->counts(utc(2026, 12, 2, 3));
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->removed, 1);
  EXPECT_EQ(counts->upcoming, 2);
  auto upcoming = store_->countUpcoming(utc(2026, 12, 2, 3));
  ASSERT_TRUE(upcoming);
  EXPECT_EQ(*upcoming, 2);

  // Withdrawing again changes nothing; a run that has no token is refused.
  EXPECT_EQ(second.withdraw({"club"})[0].withdrawn, 0);
  UpsertRun nameless;
  auto refused = store_->withdrawAbsent(nameless, {"club"}, utc(2026, 12, 2, 3));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);

  // It comes back: the same row, scheduled again, removed_at cleared.
  RunOf third(*store_, utc(2026, 12, 3, 3));
  auto back = third.write({identified("Stays", lyon, utc(2026, 12, 5, 19), "id:a"),
                           identified("Vanishes", lyon, utc(2026, 12, 6, 19), "id:b")});
  EXPECT_EQ(back.updated, 1);
  EXPECT_EQ(back.unchanged, 1);
  auto again = store_->getTournament(vanished.id);
  ASSERT_TRUE(again && *again);
  EXPECT_EQ((*again)->status, TournamentStatus::kScheduled);
  EXPECT_FALSE((*again)->removed_at.has_value());
  EXPECT_EQ(third.withdraw({"club"})[0].withdrawn, 0);
}

TEST_P(StoreContract, UpsertsWithoutARunNeverHideRowsFromTheSlotMatch) {
  // Callers without a run (tests, tools) keep the old behaviour exactly.
  const auto lyon = venue("Casino Barrière", "Lyon");
  upsert({tournament("Main Event", lyon, utc(2026, 12, 5, 19))}, utc(2026, 12, 1));
  auto c = upsert({tournament("Main Event", lyon, utc(2026, 12, 5, 19))}, utc(2026, 12, 2));
  EXPECT_EQ(c.unchanged, 1);
  auto withdrawn = tournament("Gone", lyon, utc(2026, 12, 6, 19));
  withdrawn.status = TournamentStatus::kRemoved;
  withdrawn.removed_at = utc(2026, 12, 2);
  EXPECT_EQ(upsert({withdrawn}, utc(2026, 12, 2)).inserted, 1);
  EXPECT_EQ(all().size(), 1u);
  auto half = withdrawn;
  half.removed_at.reset();
  auto p = store_->prepareUpsert({half});
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, ErrorCode::kInvalidArgument);
}

std::string readSourceFile(const std::string& relative) {
  std::ifstream in(std::string(PFT_SOURCE_DIR) + "/" + relative, std::ios::binary);
  EXPECT_TRUE(in) << relative;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A database written before identities (schema version 2, rows, and a
// counter past them: purged ids) keeps its rows, ids and counter through
// 0003; its rows are matched the old way on first sight and get their key.
TEST_P(StoreContract, UpgradeTo0003KeepsRowsIdsAndTheirCounter) {
  const bool sqlite = GetParam() == "sqlite";
  const std::string dir = std::string("src/store/migrations/") + (sqlite ? "sqlite" : "postgres") + "/";
  std::string schema = readSourceFile(dir + "0001_init.sql") + "\n" + readSourceFile(dir + "0002_lighter_tournament_writes.sql");
  schema += sqlite ? "\nCREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);"
                   : "\nCREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL);";
  schema +=
      "\nINSERT INTO schema_migrations VALUES (1, 0), (2, 0);"
      "\nINSERT INTO venues (id, name, name_key, city, city_key, created_at, updated_at) "
      "VALUES (1, 'Casino Barriere', 'casino barriere', 'Lyon', 'lyon', 100, 100);"
      "\nINSERT INTO tournaments (id, venue_id, title, title_key, start_datetime, content_hash, source_name, "
      "first_seen_at, last_seen_at, created_at, updated_at) VALUES "
      "(4, 1, 'Main Event', 'main event', " + std::to_string(detail_unix(utc(2026, 12, 5, 19))) + ", 'old', 'test', 100, 100, 100, 100), "
      "(5, 1, 'PLO Night', 'plo night', " + std::to_string(detail_unix(utc(2026, 12, 6, 19))) + ", 'old', 'test', 100, 100, 100, 100);";
  schema += sqlite ? "\nUPDATE sqlite_sequence SET seq = 9 WHERE name = 'tournaments';"
                   : "\nSELECT setval(pg_get_serial_sequence('tournaments', 'id'), 9);";
  std::string old_url;
  std::string old_db;
  if (sqlite) {
    const std::string path = (dir_ / "old.sqlite").string();
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, schema.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err != nullptr ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
    old_url = "sqlite:" + path;
  } else {
    old_db = "pft_store_old_" + uniqueSuffix();
    adminExec(server_url_, "CREATE DATABASE " + old_db);
    old_url = withDatabase(server_url_, old_db);
    PGconn* c = PQconnectdb(old_url.c_str());
    ASSERT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
    PGresult* r = PQexec(c, schema.c_str());
    EXPECT_TRUE(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK)
        << PQresultErrorMessage(r);
    PQclear(r);
    PQfinish(c);
  }
  {
    auto url = parseDatabaseUrl(old_url);
    ASSERT_TRUE(url) << url.error().describe();
    auto opened = openStore(*url);
    ASSERT_TRUE(opened) << opened.error().describe();
    Store& old = **opened;
    auto applied = old.migrate();
    ASSERT_TRUE(applied) << applied.error().describe();
    EXPECT_EQ(*applied, (std::vector<int>{3, 4, 5, 6}));
    TournamentFilter f;
    f.include_past = true;
    f.limit = -1;
    auto rows = old.queryTournaments(f);
    ASSERT_TRUE(rows) << rows.error().describe();
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0].id, 4);
    EXPECT_EQ((*rows)[0].identity_key, "");
    EXPECT_EQ((*rows)[1].id, 5);

    const auto lyon = venue("Casino Barriere", "Lyon");
    RunOf run(old, utc(2026, 12, 2));
    auto c = run.write({identified("Main Event", lyon, utc(2026, 12, 5, 19), "k:main", "test"),
                        identified("New one", lyon, utc(2026, 12, 7, 19), "k:new", "test")});
    EXPECT_EQ(c.updated, 1) << "its stored hash is another version's: rewritten, same row";
    EXPECT_EQ(c.inserted, 1);
    auto after = old.queryTournaments(f);
    ASSERT_TRUE(after);
    std::map<std::string, std::int64_t> ids;
    for (const auto& t : *after) ids[t.identity_key] = t.id;
    EXPECT_EQ(ids["k:main"], 4);
    EXPECT_EQ(ids["k:new"], 10) << "the counter stayed past the purged ids";
    EXPECT_EQ(ids[""], 5) << "not seen yet: still without key";
  }
  if (!old_db.empty()) adminExec(server_url_, "DROP DATABASE IF EXISTS " + old_db + " WITH (FORCE)");
}

TEST_P(StoreContract, PrepareRefusesWhatNoBackEndMayStore) {
  auto good = tournament("Good one", venue("Nouveau Club", "Nantes"), utc(2026, 12, 6, 19));
  auto no_title = tournament(" ?! ", venue("Nouveau Club", "Nantes"), utc(2026, 12, 6, 19));
  auto p = store_->prepareUpsert({good, no_title});
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(p.error().where.find("#2"), std::string::npos) << p.error().describe();  // 1-based
  auto tagged = good;
  tagged.tags = {"bounty|turbo"};
  auto q = store_->prepareUpsert({tagged});
  ASSERT_FALSE(q);
  EXPECT_EQ(q.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(all().size(), 0u);
}

TEST_P(StoreContract, IngestRunsAreKept) {
  IngestRun run;
  run.trigger = "admin";
  run.started_at = utc(2026, 11, 1, 2);
  run.host = "host:42";
  auto id = store_->startRun(run);
  ASSERT_TRUE(id) << id.error().describe();
  EXPECT_GT(*id, 0);
  auto got = store_->getRun(*id);
  ASSERT_TRUE(got);
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->status, "running");
  EXPECT_EQ((*got)->trigger, "admin");
  EXPECT_FALSE((*got)->finished_at.has_value());

  run.id = *id;
  run.status = "partial";
  run.finished_at = utc(2026, 11, 1, 2, 5);
  run.sources = {{"casino-a", "ok", 200, 1234, 12, 0.5, ""},
                 {"club-b", "failed", 500, 0, 0, 1.25, "HTTP 500 \"quoted\"\n"}};
  run.events_fetched = 12;
  run.inserted = 3;
  run.updated = 2;
  run.unchanged = 7;
  run.duplicates = 1;
  run.rejected = 4;
  run.warned = 6;
  run.error = "1 source failed";
  ASSERT_TRUE(store_->finishRun(run));
  got = store_->getRun(*id);
  ASSERT_TRUE(got && got->has_value());
  const IngestRun& r = **got;
  EXPECT_EQ(r.status, "partial");
  EXPECT_EQ(r.finished_at, run.finished_at);
  ASSERT_EQ(r.sources.size(), 2u);
  EXPECT_EQ(r.sources[1].name, "club-b");
  EXPECT_EQ(r.sources[1].http_status, 500);
  EXPECT_DOUBLE_EQ(r.sources[1].seconds, 1.25);
  EXPECT_EQ(r.sources[1].error, "HTTP 500 \"quoted\"\n");
  EXPECT_EQ(r.sources[0].bytes, 1234);
  EXPECT_EQ(r.sources[0].events, 12);
  EXPECT_EQ(r.events_fetched, 12);
  EXPECT_EQ(r.inserted, 3);
  EXPECT_EQ(r.updated, 2);
  EXPECT_EQ(r.unchanged, 7);
  EXPECT_EQ(r.duplicates, 1);
  EXPECT_EQ(r.rejected, 4);
  EXPECT_EQ(r.warned, 6);
  EXPECT_EQ(r.error, "1 source failed");
  EXPECT_EQ(r.host, "host:42");

  IngestRun later;
  later.started_at = utc(2026, 11, 2, 2);
  auto id2 = store_->startRun(later);
  ASSERT_TRUE(id2);
  auto runs = store_->listRuns(10);
  ASSERT_TRUE(runs);
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ((*runs)[0].id, *id2);  // newest first
  EXPECT_EQ((*runs)[1].id, *id);
  auto one = store_->listRuns(1);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->size(), 1u);

  IngestRun missing;
  missing.id = *id2 + 100;
  auto nf = store_->finishRun(missing);
  ASSERT_FALSE(nf);
  EXPECT_EQ(nf.error().code, ErrorCode::kNotFound);
  auto none = store_->getRun(*id2 + 100);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
}

TEST_P(StoreContract, GeocodeCacheStoresHitsAndMisses) {
  auto missing = store_->getGeocode("casino barriere lyon");
  ASSERT_TRUE(missing) << missing.error().describe();
  EXPECT_FALSE(missing->has_value());

  GeocodeEntry e;
  e.query = "casino barriere lyon";
  e.found = true;
  e.latitude = 45.7845;
  e.longitude = 4.8556;
  e.postcode = "69006";
  e.city = "Lyon";
  e.department = "Rhône";
  e.department_code = "69";
  e.region = "Auvergne-Rhône-Alpes";
  e.provider = "nominatim";
  e.fetched_at = utc(2026, 11, 1);
  ASSERT_TRUE(store_->putGeocode(e));
  auto got = store_->getGeocode(e.query);
  ASSERT_TRUE(got && got->has_value());
  EXPECT_TRUE((*got)->found);
  EXPECT_DOUBLE_EQ((*got)->latitude, 45.7845);
  EXPECT_DOUBLE_EQ((*got)->longitude, 4.8556);
  EXPECT_EQ((*got)->postcode, "69006");
  EXPECT_EQ((*got)->department, "Rhône");
  EXPECT_EQ((*got)->department_code, "69");
  EXPECT_EQ((*got)->region, "Auvergne-Rhône-Alpes");
  EXPECT_EQ((*got)->provider, "nominatim");
  EXPECT_EQ((*got)->fetched_at, utc(2026, 11, 1));

  e.postcode = "69003";
  e.fetched_at = utc(2026, 11, 5);
  ASSERT_TRUE(store_->putGeocode(e));
  got = store_->getGeocode(e.query);
  ASSERT_TRUE(got && got->has_value());
  EXPECT_EQ((*got)->postcode, "69003");
  EXPECT_EQ((*got)->fetched_at, utc(2026, 11, 5));

  GeocodeEntry miss;
  miss.query = "nowhere at all";
  miss.found = false;
  miss.provider = "nominatim";
  miss.fetched_at = utc(2026, 11, 2);
  ASSERT_TRUE(store_->putGeocode(miss));
  got = store_->getGeocode("nowhere at all");
  ASSERT_TRUE(got && got->has_value());
  EXPECT_FALSE((*got)->found);
}

TEST_P(StoreContract, RunLockIsExclusive) {
  auto other = openAnother();
  ASSERT_NE(other, nullptr);
  auto a = store_->tryAcquireRunLock();
  ASSERT_TRUE(a) << a.error().describe();
  EXPECT_TRUE(*a);
  auto a_again = store_->tryAcquireRunLock();
  ASSERT_TRUE(a_again);
  EXPECT_FALSE(*a_again);
  auto b = other->tryAcquireRunLock();
  ASSERT_TRUE(b) << b.error().describe();
  EXPECT_FALSE(*b);
  ASSERT_TRUE(store_->releaseRunLock());
  auto b2 = other->tryAcquireRunLock();
  ASSERT_TRUE(b2);
  EXPECT_TRUE(*b2);
  auto a2 = store_->tryAcquireRunLock();
  ASSERT_TRUE(a2);
  EXPECT_FALSE(*a2);
  ASSERT_TRUE(other->releaseRunLock());
  auto a3 = store_->tryAcquireRunLock();
  ASSERT_TRUE(a3);
  EXPECT_TRUE(*a3);
  EXPECT_TRUE(store_->releaseRunLock());
}

TEST_P(StoreContract, ConcurrentReadersAndWriterAgree) {
  // Several threads share one Store (the pool on PostgreSQL, the mutex on SQLite).
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int w = 0; w < 4; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < 10; ++i) {
        auto t = tournament("T" + std::to_string(w) + "-" + std::to_string(i), venue("Casino Barrière", "Lyon"),
                            utc(2026, 12, 5, 19));
        if (!store_->upsertTournaments({t}, utc(2026, 11, 1))) ++failures;
        TournamentFilter f;
        f.include_past = true;
        if (!store_->countTournaments(f)) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(all().size(), 40u);
  auto venues = store_->listVenues();
  ASSERT_TRUE(venues);
  EXPECT_EQ(venues->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

TEST(StoreUnit, SqliteCreatesItsParentFolder) {
  fs::path dir = fs::temp_directory_path() / ("pft-store-mkdir-" + uniqueSuffix());
  auto url = parseDatabaseUrl("sqlite:" + (dir / "a" / "b" / "pft.sqlite").string());
  ASSERT_TRUE(url);
  auto store = openMigratedStore(*url);
  ASSERT_TRUE(store) << store.error().describe();
  EXPECT_TRUE(fs::exists(dir / "a" / "b" / "pft.sqlite"));
  store->reset();
  fs::remove_all(dir);
}

TEST(StoreUnit, InMemorySqliteWorksAndLocksInProcess) {
  auto url = parseDatabaseUrl("sqlite::memory:");
  ASSERT_TRUE(url) << url.error().describe();
  auto store = openMigratedStore(*url);
  ASSERT_TRUE(store) << store.error().describe();
  auto counts = (*store)->upsertTournaments(
      {tournament("Main Event", venue("Casino Barrière", "Lyon"), utc(2026, 12, 5, 19))}, utc(2026, 11, 1));
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->inserted, 1);
  auto a = (*store)->tryAcquireRunLock();
  ASSERT_TRUE(a);
  EXPECT_TRUE(*a);
  auto b = (*store)->tryAcquireRunLock();
  ASSERT_TRUE(b);
  EXPECT_FALSE(*b);
  ASSERT_TRUE((*store)->releaseRunLock());
  auto c = (*store)->tryAcquireRunLock();
  ASSERT_TRUE(c);
  EXPECT_TRUE(*c);
}

TEST(StoreUnit, UnreachablePostgresIsADatabaseErrorWithTheMaskedUrl) {
  // Port 1 on loopback: nothing listens, the connection is refused at once.
  auto url = parseDatabaseUrl("postgresql://pft:s3cret@127.0.0.1:1/pft");
  ASSERT_TRUE(url) << url.error().describe();
  auto store = openStore(*url);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kDatabase);
  std::string text = store.error().describe();
  EXPECT_EQ(text.find("s3cret"), std::string::npos) << text;
  EXPECT_NE(text.find("127.0.0.1:1"), std::string::npos) << text;
}

// Reconnection after a server restart, on a private server (started here) so
// that restarting it cannot disturb the other tests sharing pg_server.
// Runs `sql` on `url`; returns "" when it succeeded, else its SQLSTATE and message.
std::string sqlFailure(const std::string& url, const std::string& sql) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string e = PQerrorMessage(c);
    PQfinish(c);
    return "connection: " + e;
  }
  PGresult* r = PQexec(c, sql.c_str());
  std::string out;
  auto status = PQresultStatus(r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    out = std::string(state != nullptr ? state : "?????") + " " + PQresultErrorMessage(r);
  }
  PQclear(r);
  PQfinish(c);
  return out;
}

// Migration 0002 replaced the row-by-row foreign key tournaments.venue_id ->
// venues.id with statement-level checks: the guarantees must be the same.
TEST(StorePostgres, EveryTournamentKeepsItsVenue) {
  const char* url_file = std::getenv("PFT_TEST_DATABASE_URL_FILE");
  if (url_file == nullptr) GTEST_FAIL() << "PostgreSQL test without its server: PFT_TEST_DATABASE_URL_FILE is not set; run it through ctest, which starts the pg_server fixture";
  const std::string server = readFirstLine(url_file);
  const std::string db = "pft_store_ref_" + uniqueSuffix();
  adminExec(server, "CREATE DATABASE " + db);
  struct Drop {
    std::string server, db;
    ~Drop() { adminExec(server, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)"); }
  } drop{server, db};
  const std::string url = withDatabase(server, db);
  auto parsed = parseDatabaseUrl(url);
  ASSERT_TRUE(parsed) << parsed.error().describe();
  auto opened = openMigratedStore(*parsed);
  ASSERT_TRUE(opened) << opened.error().describe();
  Store& store = **opened;
  ASSERT_TRUE(store.upsertTournaments({tournament("Main Event", venue("Casino Barrière", "Lyon"), utc(2026, 12, 5, 19)),
                                      tournament("Side", venue("Club Nantais", "Nantes"), utc(2026, 12, 6, 19))},
                                     utc(2026, 11, 1)));
  const std::string lyon = "(SELECT id FROM venues WHERE city = 'Lyon')";
  const std::string insert_for = "INSERT INTO tournaments (venue_id, title, title_key, start_datetime, content_hash, "
                                 "first_seen_at, last_seen_at, created_at, updated_at) VALUES ";
  auto row = [](const std::string& venue_id, const std::string& title) {
    return "(" + venue_id + ", '" + title + "', '" + title + "', 1, 'h', 1, 1, 1, 1)";
  };

  // Inserts: one missing venue among good rows fails the whole statement.
  std::string e = sqlFailure(url, insert_for + row(lyon, "ok a") + ", " + row("987654", "orphan"));
  EXPECT_EQ(e.substr(0, 5), "23503") << e;
  EXPECT_NE(e.find("987654"), std::string::npos) << e;
  EXPECT_EQ(sqlFailure(url, insert_for + row(lyon, "ok b")), "");
  // Updates of venue_id are checked; other columns are not even looked at.
  e = sqlFailure(url, "UPDATE tournaments SET venue_id = 987654 WHERE title = 'ok b'");
  EXPECT_EQ(e.substr(0, 5), "23503") << e;
  EXPECT_EQ(sqlFailure(url, "UPDATE tournaments SET venue_id = (SELECT id FROM venues WHERE city = 'Nantes') "
                            "WHERE title = 'ok b'"),
            "");
  EXPECT_EQ(sqlFailure(url, "UPDATE tournaments SET description = 'x'"), "");
  // Venues in use cannot go away, by DELETE, TRUNCATE or a new id.
  for (const std::string sql : {"DELETE FROM venues WHERE city = 'Lyon'", "TRUNCATE venues",
                                "UPDATE venues SET id = id + 1000 WHERE city = 'Nantes'"}) {
    e = sqlFailure(url, sql);
    EXPECT_EQ(e.substr(0, 5), "23503") << sql << ": " << e;
  }
  // An unused venue can.
  EXPECT_EQ(sqlFailure(url, "INSERT INTO venues (name, name_key, created_at, updated_at) VALUES ('Vide', 'vide', 1, 1)"),
            "");
  EXPECT_EQ(sqlFailure(url, "DELETE FROM venues WHERE name = 'Vide'"), "");
  auto venues = store.listVenues();
  ASSERT_TRUE(venues);
  EXPECT_EQ(venues->size(), 2u);
}

TEST(StorePostgres, ReconnectsAfterTheServerRestarts) {
  const char* url_file = std::getenv("PFT_TEST_DATABASE_URL_FILE");
  if (url_file == nullptr) GTEST_FAIL() << "PostgreSQL test without its server: PFT_TEST_DATABASE_URL_FILE is not set; run it through ctest, which starts the pg_server fixture";
  // <build>/pg/database_url -> <build>/pg-restart (pg_stop stops it too).
  std::string dir = (fs::absolute(url_file).parent_path().parent_path() / "pg-restart").string();
  std::string pgctl = std::string(PFT_SOURCE_DIR) + "/tests/pg/pgctl";
  auto sh = [&](const std::string& verb) {
    std::string cmd = std::string("'") + pgctl + "' " + verb + " '" + dir + "' >/dev/null";
    return std::system(cmd.c_str());
  };
  ASSERT_EQ(sh("start"), 0);
  struct Stop {
    std::function<int(const std::string&)> sh;
    ~Stop() { sh("stop"); }
  } stop{sh};

  auto url = parseDatabaseUrl(readFirstLine(dir + "/database_url"));
  ASSERT_TRUE(url) << url.error().describe();
  auto opened = openMigratedStore(*url);
  ASSERT_TRUE(opened) << opened.error().describe();
  Store& store = **opened;
  auto t = tournament("Main Event", venue("Casino Barrière", "Lyon"), utc(2026, 12, 5, 19));
  ASSERT_TRUE(store.upsertTournaments({t}, utc(2026, 11, 1)));
  // Fill the pool with several connections, all of which the restart kills.
  {
    std::vector<std::thread> readers;
    for (int i = 0; i < 4; ++i) readers.emplace_back([&] { (void)store.ping(); });
    for (auto& r : readers) r.join();
  }

  ASSERT_EQ(sh("restart"), 0);
  TournamentFilter f;
  f.include_past = true;
  auto n = store.countTournaments(f);
  ASSERT_TRUE(n) << n.error().describe();
  EXPECT_EQ(*n, 1);

  ASSERT_EQ(sh("restart"), 0);
  auto t2 = tournament("Deepstack", venue("Casino Barrière", "Lyon"), utc(2026, 12, 6, 19));
  auto counts = store.upsertTournaments({t, t2}, utc(2026, 11, 2));
  ASSERT_TRUE(counts) << counts.error().describe();
  EXPECT_EQ(counts->inserted, 1);
  EXPECT_EQ(counts->unchanged, 1);

  ASSERT_EQ(sh("restart"), 0);
  auto lock = store.tryAcquireRunLock();
  ASSERT_TRUE(lock) << lock.error().describe();
  EXPECT_TRUE(*lock);
  EXPECT_TRUE(store.releaseRunLock());
  auto runs = store.listRuns(5);
  ASSERT_TRUE(runs) << runs.error().describe();
}

}  // namespace
}  // namespace pft::store
