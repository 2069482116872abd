// The normalisation run end to end: dry-run output, rejects, duplicates
// across sources, and upserts into a real SQLite file and a real PostgreSQL
// (CTest fixture pg_server).
#include "pft/normalize/normalizer.hpp"

#include <libpq-fe.h>
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "parse_test_tsv.hpp"
#include "pft/core/clock.hpp"
#include "pft/core/config.hpp"
#include "pft/core/json.hpp"
#include "pft/core/time.hpp"
#include "pft/normalize/date_fr.hpp"
#include "pft/normalize/geocoder.hpp"
#include "pft/store/store.hpp"
#include "test_gazetteer.hpp"

namespace pft::normalize {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const Gazetteer& gazetteer() { return testing::bundledGazetteer(); }

std::string uniqueSuffix() {
  static std::mt19937_64 rng(std::random_device{}());
  return std::to_string(rng() % 1000000000ULL);
}

// 2026-11-20T10:00:00Z: "now" for every run here.
const FixedClock kClock(Instant{std::chrono::seconds(1795168800)});

class NormalizeRun : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("pft-normalize-test-" + uniqueSuffix());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string writeInput(const std::vector<std::string>& lines) {
    std::string path = (dir_ / "raw_events.jsonl").string();
    std::ofstream out(path);
    for (const auto& l : lines) out << l << '\n';
    return path;
  }

  NormalizeOptions dryRunOptions(const std::string& in) {
    NormalizeOptions o;
    o.in_path = in;
    o.rejects_path = (dir_ / "rejects.jsonl").string();
    o.dry_run = true;
    return o;
  }

  std::vector<json> dryRun(const std::vector<std::string>& lines, NormalizeReport* report = nullptr) {
    Geocoder geocoder(gazetteer(), GeocoderOptions{}, nullptr, nullptr, kClock);
    std::ostringstream out;
    auto r = runNormalize(dryRunOptions(writeInput(lines)), nullptr, geocoder, kClock, &out);
    EXPECT_TRUE(r) << r.error().describe();
    if (r && report != nullptr) *report = *r;
    std::vector<json> result;
    std::istringstream in(out.str());
    std::string line;
    while (std::getline(in, line)) result.push_back(json::parse(line));
    return result;
  }

  std::vector<json> readRejects() {
    std::ifstream in(dir_ / "rejects.jsonl");
    std::vector<json> out;
    std::string line;
    while (std::getline(in, line)) out.push_back(json::parse(line));
    return out;
  }

  fs::path dir_;
};

json event(const std::string& title, const std::string& start, const std::string& venue, const std::string& city,
           const std::string& buy_in = "150 €", const std::string& source = "club-a") {
  return json{{"source_name", source},
              {"source_url", "https://example.org/" + source},
              {"title", title},
              {"start", start},
              {"buy_in", buy_in},
              {"venue_name", venue},
              {"city", city},
              {"fetched_at", "2026-11-20T10:00:00+01:00"},
              {"source_hash", "h-" + title}};
}

TEST_F(NormalizeRun, PrototypeNormaliserExpectation) {
  json raw = {{"source_name", "test"},
              {"source_url", "https://example.org"},
              {"title", "Test Event"},
              {"start", "2025-09-25T20:00:00+02:00"},
              {"end", "2025-09-25T23:00:00+02:00"},
              {"buy_in", "100 €"},
              {"variant", "No Limit Hold'em"},
              {"venue_name", "Test Casino"},
              {"city", "Paris"}};
  auto out = dryRun({raw.dump()});
  ASSERT_EQ(out.size(), 1u);
  const json& t = out[0];
  EXPECT_EQ(t["title"], "Test Event");
  EXPECT_EQ(t["buy_in_cents"], 10000);
  EXPECT_EQ(t["variant"], "NLHE");
  EXPECT_EQ(t["start_datetime_local"], "2025-09-25T20:00:00+02:00");
  EXPECT_EQ(t["end_datetime_local"], "2025-09-25T23:00:00+02:00");
  EXPECT_EQ(t["timezone"], "Europe/Paris");
  EXPECT_EQ(t["time_known"], true);
  EXPECT_EQ(t["venue"]["name"], "Test Casino");
  EXPECT_EQ(t["venue"]["city"], "Paris");
  EXPECT_EQ(t["venue"]["department"], "Paris");
  EXPECT_EQ(t["venue"]["region"], "Île-de-France");
  EXPECT_FALSE(t.contains("duplicate_of"));
}

TEST_F(NormalizeRun, DryRunPrintsOneLinePerInputLineInOrderWithRejections) {
  std::vector<std::string> lines = {
      event("Deepstack", "12/12/2026 19h30", "Casino de Forges-les-Eaux", "").dump(),
      "{not json",
      event("", "12/12/2026 19h30", "Casino X", "Rouen").dump(),
      event("Sans date", "bientôt", "Casino X", "Rouen").dump(),
      "",
      "[1, 2]",
      event("Sans lieu", "12/12/2026 19h30", "", "").dump(),
      event("Samedi", "samedi 12 décembre 2026", "Cercle Y", "St Amand les Eaux", "").dump(),
  };
  NormalizeReport report;
  auto out = dryRun(lines, &report);
  ASSERT_EQ(out.size(), lines.size());
  EXPECT_EQ(out[0]["title"], "Deepstack");
  EXPECT_EQ(out[0]["start_datetime_local"], "2026-12-12T19:30:00+01:00");
  EXPECT_EQ(out[0]["buy_in_cents"], 15000);
  EXPECT_EQ(out[0]["venue"]["city"], "Forges-les-Eaux");
  EXPECT_EQ(out[0]["venue"]["postcode"], "76440");
  EXPECT_EQ(out[0]["venue"]["department"], "Seine-Maritime");
  EXPECT_TRUE(out[0]["venue"]["latitude"].is_number());

  auto rejected = [&](size_t i, const char* reason) {
    SCOPED_TRACE(i);
    EXPECT_EQ(out[i]["rejected"], true);
    EXPECT_EQ(out[i]["line"], static_cast<int>(i + 1));
    EXPECT_EQ(out[i]["reason"], reason);
  };
  rejected(1, "Parse");
  rejected(2, "MissingField");
  EXPECT_EQ(out[2]["source_name"], "club-a");
  rejected(3, "InvalidDate");
  rejected(4, "Parse");
  rejected(5, "Parse");
  rejected(6, "MissingField");

  EXPECT_EQ(out[7]["time_known"], false);
  EXPECT_EQ(out[7]["venue"]["city"], "Saint-Amand-les-Eaux");
  EXPECT_TRUE(out[7]["buy_in_cents"].is_null());

  EXPECT_EQ(report.lines, 8);
  EXPECT_EQ(report.rejected(), 6);
  EXPECT_EQ(report.rejected_by_reason.at("Parse"), 3);
  EXPECT_EQ(report.rejected_by_reason.at("MissingField"), 2);
  EXPECT_EQ(report.rejected_by_reason.at("InvalidDate"), 1);
  EXPECT_EQ(report.geocoded_by_provider.at("gazetteer"), 2);

  auto rejects = readRejects();
  ASSERT_EQ(rejects.size(), 6u);
  EXPECT_EQ(rejects[0]["line"], 2);
  EXPECT_EQ(rejects[0]["raw"], "{not json");
  EXPECT_EQ(rejects[2]["raw"]["title"], "Sans date");
  EXPECT_EQ(rejects[2]["reason"], "InvalidDate");
}

TEST_F(NormalizeRun, DuplicatesAcrossTwoSourcesMergeIntoTheHigherPriority) {
  json aggregator = event("Tournoi Deepstack du Samedi", "12/12/2026 19h30", "Barrière Deauville", "Deauville",
                          "", "agenda-poker");
  aggregator["priority"] = 0;
  aggregator["description"] = "Structure lente, 30 000 jetons";
  json organiser = event("Tournoi Deep Stack du samedi", "12/12/2026 20h00", "Casino Barrière de Deauville",
                         "DEAUVILLE", "150 €", "barriere-deauville");
  organiser["priority"] = 10;
  json other = event("Tournoi Deepstack du Samedi", "13/12/2026 19h30", "Barrière Deauville", "Deauville");
  NormalizeReport report;
  auto out = dryRun({aggregator.dump(), organiser.dump(), other.dump()}, &report);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0]["duplicate_of"], 2);
  EXPECT_FALSE(out[1].contains("duplicate_of"));
  EXPECT_FALSE(out[2].contains("duplicate_of"));
  EXPECT_EQ(out[1]["source_name"], "barriere-deauville");
  EXPECT_EQ(out[1]["description"], "Structure lente, 30 000 jetons");  // merged from the aggregator
  EXPECT_EQ(out[1]["buy_in_cents"], 15000);
  // One venue, named as the organiser writes it.
  for (const auto& t : out) EXPECT_EQ(t["venue"]["name"], "Casino Barrière de Deauville");
  EXPECT_EQ(report.duplicates, 1);
  EXPECT_EQ(report.venues, 1);
}

TEST_F(NormalizeRun, MissingInputIsAnIoError) {
  Geocoder geocoder(gazetteer(), GeocoderOptions{}, nullptr, nullptr, kClock);
  std::ostringstream out;
  auto r = runNormalize(dryRunOptions((dir_ / "absent.jsonl").string()), nullptr, geocoder, kClock, &out);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_TRUE(out.str().empty());
}

// A large input is read by two threads, one per half of the file, then
// merged: the outcome must be exactly what one reader gives, line numbers,
// duplicates across the halves, venues first seen in either half, rejects
// (in order), CRLF endings and a last line without its newline included.
TEST_F(NormalizeRun, TwoReadersGiveWhatOneReaderGives) {
  std::string text;
  for (int i = 0; i < 300; ++i) {
    const std::string day = std::to_string(1 + i % 28) + "/12/2026";
    std::string line;
    switch (i % 10) {
      case 0: line = "{not json"; break;
      case 1: line = event("Sans date " + std::to_string(i), "bientôt", "Casino X", "Rouen").dump(); break;
      case 2: {
        // The same tournament from an aggregator, early, and from the club, late.
        json e = event("Deepstack du samedi", "12/12/2026 19h30", "Barrière Deauville", "Deauville", "", "agg");
        e["priority"] = i < 150 ? 0 : 10;
        e["description"] = "ligne " + std::to_string(i);
        line = e.dump();
        break;
      }
      case 3:
        line = event("Club " + std::to_string(i / 40), day + " 20h", "Cercle " + std::to_string(i / 40),
                     i < 150 ? "Lyon" : "Marseille", "50+10")
                   .dump();
        break;
      default:
        line = event("Tournoi " + std::to_string(i), day + " 19h", "Casino de Forges-les-Eaux", "", "150 €").dump();
    }
    text += line;
    if (i % 7 == 0) text += '\r';
    if (i != 299) text += '\n';
  }
  const std::string in = (dir_ / "raw_events.jsonl").string();
  {
    std::ofstream out(in, std::ios::binary);
    out << text;
  }
  auto runWith = [&](std::int64_t two_readers_from, std::string& rejects) {
    NormalizeOptions o = dryRunOptions(in);
    o.two_readers_from_bytes = two_readers_from;
    Geocoder geocoder(gazetteer(), GeocoderOptions{}, nullptr, nullptr, kClock);
    std::ostringstream out;
    auto r = runNormalize(o, nullptr, geocoder, kClock, &out);
    EXPECT_TRUE(r) << r.error().describe();
    std::ifstream rej(o.rejects_path, std::ios::binary);
    rejects.assign(std::istreambuf_iterator<char>(rej), {});
    std::string summary = r ? r->summary() : "";
    return std::make_pair(out.str(), summary.substr(0, summary.find(" seconds=")));
  };
  std::string rejects_one;
  std::string rejects_two;
  auto one = runWith(INT64_MAX, rejects_one);
  auto two = runWith(1, rejects_two);
  EXPECT_EQ(two.second, one.second);
  EXPECT_NE(one.second.find("lines=300 "), std::string::npos) << one.second;
  EXPECT_EQ(rejects_two, rejects_one);
  EXPECT_NE(rejects_one.find("\"line\":291,"), std::string::npos) << "line numbers run across the halves";
  ASSERT_EQ(two.first, one.first);
  // The aggregator's copies in the first half are duplicates of the club's.
  std::istringstream lines(two.first);
  std::string line;
  int duplicates_of_late = 0;
  while (std::getline(lines, line)) {
    auto j = json::parse(line);
    if (j.contains("duplicate_of") && j["duplicate_of"].get<int>() > 150) ++duplicates_of_late;
  }
  EXPECT_GT(duplicates_of_late, 10);
}

// Upserting the same file twice changes nothing the second time.
void upsertTwice(store::Store& store, const std::string& in, const std::string& rejects) {
  NormalizeOptions o;
  o.in_path = in;
  o.rejects_path = rejects;
  o.batch_size = 2;  // several transactions
  Geocoder geocoder(gazetteer(), GeocoderOptions{}, nullptr, &store, kClock);
  auto first = runNormalize(o, &store, geocoder, kClock, nullptr);
  ASSERT_TRUE(first) << first.error().describe();
  EXPECT_EQ(first->inserted, 4);
  EXPECT_EQ(first->updated, 0);
  EXPECT_EQ(first->unchanged, 0);
  EXPECT_EQ(first->duplicates, 1);
  EXPECT_EQ(first->rejected(), 1);
  auto second = runNormalize(o, &store, geocoder, kClock, nullptr);
  ASSERT_TRUE(second) << second.error().describe();
  EXPECT_EQ(second->inserted, 0);
  EXPECT_EQ(second->updated, 0);
  EXPECT_EQ(second->unchanged, 4);
  EXPECT_EQ(second->duplicates, 1);

  TournamentFilter all;
  all.include_past = true;
  all.limit = -1;
  auto rows = store.queryTournaments(all);
  ASSERT_TRUE(rows) << rows.error().describe();
  ASSERT_EQ(rows->size(), 4u);
  auto venues = store.listVenues();
  ASSERT_TRUE(venues);
  EXPECT_EQ(venues->size(), 2u);
  for (const auto& t : *rows) {
    EXPECT_FALSE(t.venue.department.empty()) << t.title;
    EXPECT_TRUE(t.venue.latitude) << t.title;
  }
}

std::vector<std::string> upsertLines() {
  return {
      event("Deepstack", "12/12/2026 19h30", "Casino de Forges-les-Eaux", "Forges-les-Eaux").dump(),
      event("Deepstack", "12/12/2026 19h30", "Casino de Forges-les-Eaux", "Forges-les-Eaux").dump(),
      event("Bounty", "13/12/2026 20h", "Casino de Forges-les-Eaux", "Forges-les-Eaux", "50+10").dump(),
      event("Main Event Day 1A", "2026-12-18T12:00:00+01:00", "Cercle Clichy Montmartre", "Paris 9e", "1 100€").dump(),
      event("Main Event Day 1B", "2026-12-19T12:00:00+01:00", "Cercle Clichy Montmartre", "Paris 9e", "1 100€").dump(),
      "garbage",
  };
}

TEST_F(NormalizeRun, UpsertTwiceIntoSqliteChangesNothing) {
  DatabaseUrl url;
  url.kind = DatabaseKind::kSqlite;
  url.sqlite_path = (dir_ / "pft.sqlite").string();
  url.original = "sqlite:" + url.sqlite_path;
  auto store = store::openMigratedStore(url);
  ASSERT_TRUE(store) << store.error().describe();
  upsertTwice(**store, writeInput(upsertLines()), (dir_ / "rejects.jsonl").string());
}

std::string readFirstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

void adminExec(const std::string& url, const std::string& sql) {
  PGconn* c = PQconnectdb(url.c_str());
  ASSERT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
  PGresult* r = PQexec(c, sql.c_str());
  EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQerrorMessage(c);
  PQclear(r);
  PQfinish(c);
}

// A fresh database on the CTest fixture's server (test normalize.postgres,
// label integration), dropped with the object; `url` is empty (and the test
// failed) when there is no server.
struct TestDatabase {
  TestDatabase() {
    const char* file = std::getenv("PFT_TEST_DATABASE_URL_FILE");
    if (file == nullptr) {
      ADD_FAILURE() << "PostgreSQL test without its server: PFT_TEST_DATABASE_URL_FILE is not set; run it through "
                       "ctest, which starts the pg_server fixture";
      return;
    }
    server = readFirstLine(file);
    if (server.empty()) {
      ADD_FAILURE() << "no URL in " << file;
      return;
    }
    name = "pft_normalize_" + uniqueSuffix();
    adminExec(server, "CREATE DATABASE " + name);
    url = server.substr(0, server.rfind('/') + 1) + name;
  }
  ~TestDatabase() {
    if (!name.empty()) adminExec(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }
  std::string server, name, url;
};

TEST_F(NormalizeRun, PostgresUpsertTwiceChangesNothing) {
  TestDatabase db;
  ASSERT_FALSE(db.url.empty());
  auto url = parseDatabaseUrl(db.url);
  ASSERT_TRUE(url) << url.error().describe();
  auto store = store::openMigratedStore(*url);
  ASSERT_TRUE(store) << store.error().describe();
  upsertTwice(**store, writeInput(upsertLines()), (dir_ / "rejects.jsonl").string());
}

// A write that fails in the database (a trigger refusing one title, in the
// third batch) stops the run with the database's message; the batches before
// it stay written, and the preparing thread does not hang.
TEST_F(NormalizeRun, PostgresFailedWriteStopsTheRunKeepingEarlierBatches) {
  TestDatabase db;
  ASSERT_FALSE(db.url.empty());
  auto url = parseDatabaseUrl(db.url);
  ASSERT_TRUE(url) << url.error().describe();
  auto store = store::openMigratedStore(*url);
  ASSERT_TRUE(store) << store.error().describe();
  adminExec(db.url,
            "CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF NEW.title = 'Poison' THEN RAISE EXCEPTION 'poisoned row refused'; END IF; RETURN NEW; END $$; "
            "CREATE TRIGGER poison BEFORE INSERT ON tournaments FOR EACH ROW EXECUTE FUNCTION poison()");
  std::vector<std::string> lines;
  for (int i = 0; i < 20; ++i) {
    std::string title = i == 9 ? "Poison" : "Tournoi " + std::to_string(i);
    lines.push_back(event(title, std::to_string(i + 1) + "/12/2026 20h", "Casino de Forges-les-Eaux", "").dump());
  }
  NormalizeOptions o;
  o.in_path = writeInput(lines);
  o.rejects_path = (dir_ / "rejects.jsonl").string();
  o.batch_size = 4;  // the poison is in the third batch
  Geocoder geocoder(gazetteer(), GeocoderOptions{}, nullptr, store->get(), kClock);
  auto r = runNormalize(o, store->get(), geocoder, kClock, nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kDatabase);
  EXPECT_NE(r.error().describe().find("poisoned row refused"), std::string::npos) << r.error().describe();
  TournamentFilter all;
  all.include_past = true;
  all.limit = -1;
  auto rows = (*store)->queryTournaments(all);
  ASSERT_TRUE(rows) << rows.error().describe();
  EXPECT_EQ(rows->size(), 8u) << "the two batches before the failing one";
}

// The run caches parseWhen on the start text alone when it gives a date and
// a time (normalize_event.cpp): that is only right while parseWhen ignores the
// title and description in that case. This test fails if it stops doing so.
// The run caches parseWhen by the start field alone when it has a date and
// a time; the title and description may then only matter through their
// DateClues, and only when the day was inferred (ParsedWhen::inferred).
TEST(NormalizeCache, CompleteStartUsesTitleAndDescriptionOnlyThroughClues) {
  const LocalSeconds reference = instantToLocal(kClock.now());
  const std::vector<std::string> starts = {"12/12/2026 19h30", "samedi 12 décembre 2026 à 14h",
                                           "2026-12-05T20:00:00+01:00", "Ven 5 Déc 19:30", "12 novembre 20h",
                                           "ce dimanche à 14h", "du jeudi au samedi à 20h"};
  const std::vector<std::string> contexts = {"",
                                             "Deepstack\nPortes 18h, début 21h, fin vers 2h",
                                             "Tournoi du 20/12/2026 à 15h",
                                             "Main Event jusqu'à 23h",
                                             "Championnat 2026\nÉtape 3",
                                             "Retour sur le tournoi\nJean a remporté la finale"};
  for (const auto& start : starts) {
    auto alone = parseWhen(start, "", "", reference);
    ASSERT_TRUE(alone) << start;
    ASSERT_TRUE(alone->time_known) << start;
    for (const auto& context : contexts) {
      SCOPED_TRACE(start + " / " + context);
      auto with = parseWhen(start, "", context, reference);
      ASSERT_TRUE(with);
      // What the run computes: the start alone, with the context's clues.
      const auto newline = context.find('\n');
      const DateClues clues =
          newline == std::string::npos
              ? readDateClues(context)
              : mergeDateClues(readDateClues(context.substr(0, newline)), readDateClues(context.substr(newline + 1)));
      auto cached = parseWhen(start, "", "", clues, reference);
      ASSERT_TRUE(cached);
      EXPECT_EQ(with->start, cached->start);
      EXPECT_EQ(with->end, cached->end);
      EXPECT_EQ(with->time_known, cached->time_known);
      EXPECT_EQ(with->multi_day, cached->multi_day);
      EXPECT_EQ(with->start_instant, cached->start_instant);
      if (!alone->inferred) {
        EXPECT_EQ(with->start, alone->start);
        EXPECT_EQ(with->end, alone->end);
      }
    }
  }
}

// The reference is the publication date when the source gave one.
TEST_F(NormalizeRun, RelativeDatesReadAgainstThePublicationDate) {
  json published = event("Deepstack du dimanche", "ce dimanche à 14h", "Casino de Forges-les-Eaux", "");
  published["fetched_at"] = "2026-03-20T10:00:00+01:00";  // a Friday, eight days later
  published["published_at"] = "Thu, 12 Mar 2026 08:00:00 +0100";
  json fetched_only = published;
  fetched_only.erase("published_at");
  fetched_only["title"] = "Deepstack du dimanche (sans date de publication)";
  json future = published;
  future["published_at"] = "2026-04-30T10:00:00+02:00";  // after the fetch: a wrong date, ignored
  future["title"] = "Deepstack du dimanche (date de publication fausse)";
  json french = published;
  french["published_at"] = "publié le 12 mars 2026";
  french["title"] = "Deepstack du dimanche (date de publication en français)";
  auto out = dryRun({published.dump(), fetched_only.dump(), future.dump(), french.dump()});
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0]["start_datetime_local"], "2026-03-15T14:00:00+01:00");
  EXPECT_EQ(out[1]["start_datetime_local"], "2026-03-22T14:00:00+01:00");
  EXPECT_EQ(out[2]["start_datetime_local"], "2026-03-22T14:00:00+01:00");
  EXPECT_EQ(out[3]["start_datetime_local"], "2026-03-15T14:00:00+01:00");
}

// Real-style French announcements (press, club posts, casino pages): the
// dry-run reads each as the table says, and rejects only the lines without
// a usable start (issue 12 §2): an unclear buy-in or end keeps the line,
// with the field null and a warning in the rejects file.
TEST_F(NormalizeRun, FrenchAnnouncementsRejectOnlyLinesWithoutAUsableStart) {
  std::ifstream in(std::string(PFT_SOURCE_DIR) + "/tests/data/normalize/announcements_fr.jsonl");
  ASSERT_TRUE(in);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_GE(lines.size(), 40u);
  const auto rows = testing::readTable("announcements_fr.tsv");
  ASSERT_EQ(rows.size(), lines.size());
  NormalizeReport report;
  auto out = dryRun(lines, &report);
  ASSERT_EQ(out.size(), lines.size());
  // Warnings of the rejects file by line: "Reason:field,…".
  std::map<int, std::string> warned;
  int rejects_lines = 0;
  for (const json& r : readRejects()) {
    if (r["rejected"] == true) {
      ++rejects_lines;
      continue;
    }
    EXPECT_EQ(r["warning"], true) << r.dump();
    std::string& w = warned[r["line"].get<int>()];
    if (!w.empty()) w += ',';
    w += r["reason"].get<std::string>() + ":" + r["field"].get<std::string>();
  }
  int rejected = 0;
  int warned_lines = 0;
  for (const auto& r : rows) {
    const auto n = static_cast<std::size_t>(std::stoi(r.at(0)) - 1);
    SCOPED_TRACE("announcements_fr.tsv:" + std::to_string(r.line) + " (" + r.at(6) + ")");
    const json& t = out.at(n);
    if (r.at(1)[0] == '!') {
      ++rejected;
      EXPECT_EQ(t["rejected"], true);
      // Only a missing or impossible start rejects.
      EXPECT_EQ(t["reason"], "InvalidDate");
      EXPECT_EQ(t["reason"], r.at(1).substr(1));
      continue;
    }
    ASSERT_FALSE(t.contains("rejected")) << t.dump();
    EXPECT_EQ(t["start_datetime_local"], r.at(1));
    EXPECT_EQ(t["buy_in_cents"].dump(), r.at(2));
    EXPECT_EQ(t["venue"]["city"], r.at(3));
    if (r.at(4) != "-") {
      const auto tags = t["tags"].get<std::vector<std::string>>();
      EXPECT_NE(std::find(tags.begin(), tags.end(), r.at(4)), tags.end()) << t["tags"];
    }
    const auto it = warned.find(static_cast<int>(n + 1));
    EXPECT_EQ(it == warned.end() ? "-" : it->second, r.at(5));
    if (r.at(5) != "-") ++warned_lines;
  }
  EXPECT_EQ(report.rejected(), rejected);
  EXPECT_EQ(rejects_lines, rejected);
  EXPECT_EQ(report.warned_lines, warned_lines);
  EXPECT_GT(warned_lines, 0);
}

// Invitation-only and qualified-players-only entries are kept: buy-in 0,
// tagged, not rejected and not freerolls.
TEST_F(NormalizeRun, QualifiersOnlyEntryIsBuyInZeroWithItsTag) {
  json invitation = event("High Roller de fin d'année", "12/12/2026 19h30", "Casino de Forges-les-Eaux", "",
                          "Sur invitation");
  json satellites = event("Finale du championnat", "13/12/2026 14h", "Casino de Forges-les-Eaux", "", "");
  satellites["description"] = "Accès gratuit via les satellites en ligne.";
  json freeroll = event("Freeroll des membres", "14/12/2026 20h", "Casino de Forges-les-Eaux", "", "Gratuit");
  auto out = dryRun({invitation.dump(), satellites.dump(), freeroll.dump()});
  ASSERT_EQ(out.size(), 3u);
  for (int i : {0, 1}) {
    SCOPED_TRACE(i);
    EXPECT_FALSE(out[i].contains("rejected"));
    EXPECT_EQ(out[i]["buy_in_cents"], 0);
    const auto tags = out[i]["tags"].get<std::vector<std::string>>();
    EXPECT_NE(std::find(tags.begin(), tags.end(), "qualifiers"), tags.end()) << out[i]["tags"];
    EXPECT_EQ(std::find(tags.begin(), tags.end(), "freeroll"), tags.end()) << out[i]["tags"];
  }
  EXPECT_EQ(out[2]["buy_in_cents"], 0);
  EXPECT_EQ(out[2]["tags"], json::array({"freeroll"}));
}

// Two lines with the same start text but different descriptions: the cache
// keeps them apart when a written year changes the inferred day.
TEST_F(NormalizeRun, YearWrittenInTheDescriptionWinsPerLine) {
  json plain = event("Étape du championnat", "12 mars 20h", "Casino de Forges-les-Eaux", "");
  plain["fetched_at"] = "2026-03-20T10:00:00+01:00";
  json this_year = plain;
  this_year["title"] = "Étape du championnat régional";
  this_year["description"] = "Championnat de Normandie 2026, étape 3 : résultats";
  json next_year = plain;
  next_year["title"] = "WPO Rouen";
  next_year["description"] = "Édition 2027";
  json report = plain;
  report["title"] = "Compte rendu";
  report["description"] = "Jean Dupont a remporté l'étape devant 120 joueurs.";
  auto out = dryRun({plain.dump(), this_year.dump(), next_year.dump(), report.dump(), plain.dump()});
  ASSERT_EQ(out.size(), 5u);
  EXPECT_EQ(out[0]["start_datetime_local"], "2027-03-12T20:00:00+01:00") << "eight days back: next year";
  EXPECT_EQ(out[1]["start_datetime_local"], "2026-03-12T20:00:00+01:00") << "the written year";
  EXPECT_EQ(out[2]["start_datetime_local"], "2027-03-12T20:00:00+01:00");
  EXPECT_EQ(out[3]["start_datetime_local"], "2026-03-12T20:00:00+01:00") << "a report: the event just played";
  EXPECT_EQ(out[4]["start_datetime_local"], "2027-03-12T20:00:00+01:00");
}

// --- Identity across runs (issue 11) ------------------------------------
// Each case is a source of its own (its name), on a day of its own (so no
// two cases de-duplicate into each other), given three successive runs: the
// first list, the second list (complete or not), then the second again
// (or the first again: reappeared). After the last run its rows are
// compared, in id order, with `want`: "first#k" is the k-th row the first
// run made (same id, so same page URL), "new" a row made later.
struct IdentityItem {
  IdentityItem(std::string t, std::string at, std::string b = "150 €", std::string id = "", std::string st = "",
               std::string d = "")
      : title(std::move(t)), time(std::move(at)), buy_in(std::move(b)), source_id(std::move(id)),
        status_text(std::move(st)), day(std::move(d)) {}
  std::string title;
  std::string time;  // "19h00"
  std::string buy_in;
  std::string source_id;
  std::string status_text;
  std::string day;  // overrides the case's day ("le 31 février": rejected)
};

struct IdentityCase {
  std::string name;
  std::vector<IdentityItem> first, second;
  bool second_complete = true;
  bool third_is_first = false;
  std::string want;
};

const std::vector<IdentityCase> kIdentityCases = {
    {"moved-time", {{"Deepstack du jeudi", "19h00"}}, {{"Deepstack du jeudi", "20h30"}}, true, false,
     "first#1 Deepstack du jeudi 20:30 15000 scheduled"},
    {"moved-time-own-id", {{"Deepstack", "19h00", "150 €", "uid-1@club"}}, {{"Deepstack", "20h30", "150 €", "uid-1@club"}},
     true, false, "first#1 Deepstack 20:30 15000 scheduled"},
    {"changed-buy-in", {{"Deepstack", "19h00"}}, {{"Deepstack", "19h00", "200 €"}}, true, false,
     "first#1 Deepstack 19:00 20000 scheduled"},
    {"renamed-own-id", {{"Deepstack", "19h00", "150 €", "evt-7"}}, {{"Deepstack Bounty", "19h00", "150 €", "evt-7"}},
     true, false, "first#1 Deepstack Bounty 19:00 15000 scheduled"},
    // Without its own ids a new title is another tournament: the old one is withdrawn.
    {"renamed-no-id", {{"Deepstack", "19h00"}}, {{"Bounty Hunter", "19h00"}}, true, false,
     "first#1 Deepstack 19:00 15000 removed (removed_at); new Bounty Hunter 19:00 15000 scheduled"},
    {"cancelled", {{"Deepstack", "19h00"}}, {{"Deepstack", "19h00", "150 €", "", "annulé"}}, true, false,
     "first#1 Deepstack 19:00 15000 cancelled"},
    {"vanished", {{"Deepstack", "19h00"}, {"PLO Night", "21h00"}}, {{"PLO Night", "21h00"}}, true, false,
     "first#1 Deepstack 19:00 15000 removed (removed_at); first#2 PLO Night 21:00 15000 scheduled"},
    {"reappeared", {{"Deepstack", "19h00"}, {"PLO Night", "21h00"}}, {{"PLO Night", "21h00"}}, true, true,
     "first#1 Deepstack 19:00 15000 scheduled; first#2 PLO Night 21:00 15000 scheduled"},
    // The third run lists both again, completely: nothing was lost meanwhile.
    {"partial-fetch", {{"Deepstack", "19h00"}, {"PLO Night", "21h00"}}, {{"PLO Night", "21h00"}}, false, true,
     "first#1 Deepstack 19:00 15000 scheduled; first#2 PLO Night 21:00 15000 scheduled"},
    // A rejected line may be the very tournament that seems gone: nothing withdrawn.
    {"rejected-line", {{"Deepstack", "19h00"}, {"PLO Night", "21h00"}},
     {{"PLO Night", "21h00"}, {"Deepstack", "19h00", "150 €", "", "", "le 31 février"}}, true, false,
     "first#1 Deepstack 19:00 15000 scheduled; first#2 PLO Night 21:00 15000 scheduled"},
};

std::string identityLine(const IdentityCase& c, std::size_t index, const IdentityItem& item) {
  json j = event(item.title,
                 item.day.empty() ? std::to_string(index + 1) + "/12/2026 " + item.time : item.day,
                 "Casino de Forges-les-Eaux", "Forges-les-Eaux", item.buy_in, c.name);
  if (!item.source_id.empty()) j["source_id"] = item.source_id;
  j["status_text"] = item.status_text;
  return j.dump();
}

// The three runs into `store`, then each case's rows against its `want`.
void identityAcrossRuns(store::Store& store, const fs::path& dir) {
  Geocoder geocoder(gazetteer(), GeocoderOptions{}, nullptr, &store, kClock);
  const std::string in = (dir / "raw_events.jsonl").string();
  std::map<std::string, std::vector<std::int64_t>> first_ids;
  auto rowsBySource = [&] {
    TournamentFilter all;
    all.include_past = true;
    all.include_removed = true;
    all.limit = -1;
    auto rows = store.queryTournaments(all);
    EXPECT_TRUE(rows) << rows.error().describe();
    std::map<std::string, std::vector<Tournament>> by;
    if (!rows) return by;
    for (auto& t : *rows) by[t.source_name].push_back(std::move(t));
    for (auto& [name, list] : by) {
      std::sort(list.begin(), list.end(), [](const Tournament& a, const Tournament& b) { return a.id < b.id; });
    }
    return by;
  };
  std::vector<NormalizeReport> reports;
  for (int run = 0; run < 3; ++run) {
    std::vector<std::string> lines;
    IngestManifest manifest;
    for (std::size_t i = 0; i < kIdentityCases.size(); ++i) {
      const IdentityCase& c = kIdentityCases[i];
      const auto& items = run == 0 || (run == 2 && c.third_is_first) ? c.first : c.second;
      for (const auto& item : items) lines.push_back(identityLine(c, i, item));
      SourceRun s;
      s.name = c.name;
      s.status = "ok";
      s.complete = run != 1 || c.second_complete;
      manifest.sources.push_back(s);
    }
    {
      std::ofstream out(in, std::ios::trunc);
      for (const auto& l : lines) out << l << '\n';
    }
    NormalizeOptions o;
    o.in_path = in;
    o.rejects_path = (dir / "rejects.jsonl").string();
    o.batch_size = 3;
    o.manifest = manifest;
    auto r = runNormalize(o, &store, geocoder, kClock, nullptr);
    ASSERT_TRUE(r) << "run " << run << ": " << r.error().describe();
    reports.push_back(*r);
    if (run == 0) {
      for (const auto& [name, list] : rowsBySource()) {
        for (const auto& t : list) first_ids[name].push_back(t.id);
      }
    }
  }
  EXPECT_EQ(reports[0].inserted, 14);
  EXPECT_EQ(reports[0].removed, 0);
  EXPECT_EQ(reports[1].inserted, 1) << "only the renamed tournament without ids is new";
  EXPECT_EQ(reports[1].removed, 3) << reports[1].summary();  // renamed-no-id, vanished, reappeared
  EXPECT_NE(reports[1].withdrawal_note.find("rejected-line: 1 rejected line"), std::string::npos)
      << reports[1].withdrawal_note;
  EXPECT_EQ(reports[2].updated, 1) << "only the reappeared tournament changes: " << reports[2].summary();
  EXPECT_EQ(reports[2].inserted, 0);
  EXPECT_EQ(reports[2].removed, 0);

  auto by = rowsBySource();
  for (const auto& c : kIdentityCases) {
    std::string got;
    for (const auto& t : by[c.name]) {
      const auto& ids = first_ids[c.name];
      auto at = std::find(ids.begin(), ids.end(), t.id);
      if (!got.empty()) got += "; ";
      got += at == ids.end() ? std::string("new") : "first#" + std::to_string(at - ids.begin() + 1);
      got += " " + t.title + " " + formatLocalIso(t.start, "Europe/Paris").substr(11, 5) + " " +
             (t.buy_in_cents ? std::to_string(*t.buy_in_cents) : "-") + " " + statusName(t.status);
      if (t.removed_at) got += " (removed_at)";
    }
    EXPECT_EQ(got, c.want) << c.name;
  }
}

TEST_F(NormalizeRun, IdentityAcrossRunsSqlite) {
  DatabaseUrl url;
  url.kind = DatabaseKind::kSqlite;
  url.sqlite_path = (dir_ / "pft.sqlite").string();
  url.original = "sqlite:" + url.sqlite_path;
  auto store = store::openMigratedStore(url);
  ASSERT_TRUE(store) << store.error().describe();
  identityAcrossRuns(**store, dir_);
}

TEST_F(NormalizeRun, PostgresIdentityAcrossRuns) {
  TestDatabase db;
  ASSERT_FALSE(db.url.empty());
  auto url = parseDatabaseUrl(db.url);
  ASSERT_TRUE(url) << url.error().describe();
  auto store = store::openMigratedStore(*url);
  ASSERT_TRUE(store) << store.error().describe();
  identityAcrossRuns(**store, dir_);
}

}  // namespace
}  // namespace pft::normalize
