#include <gtest/gtest.h>

#include "connectors/test_util.hpp"
#include "pft/core/text.hpp"
#include "pft/ingestion/connectors.hpp"

namespace pft::ingestion {
namespace {

using testing::makeConfig;
using testing::makeContext;

SourceConfig clubConfig() {
  SourceConfig cfg = makeConfig("club-evreux", SourceType::kCsv);
  cfg.csv.field_map = {{"Titre", "title"},  {"Date", "start"},      {"Heure", "start"}, {"Prix", "buy_in"},
                       {"Lieu", "venue_name"}, {"Ville", "city"},   {"Lien", "url"},    {"Notes", "description"}};
  return cfg;
}

TEST(CsvConnector, TheEventsCalendarExportOneRow) {
  SourceConfig cfg = makeConfig("tec-csv", SourceType::kCsv);
  cfg.csv.field_map = {{"EVENT NAME", "title"},        {"START DATE", "start"},   {"START TIME", "start"},
                       {"END DATE", "end"},            {"VENUE NAME", "venue_name"}, {"EVENT COST", "buy_in"},
                       {"EVENT WEBSITE", "event_url"}, {"EVENT DESCRIPTION", "description"}};
  auto r = parseDocument(cfg, testing::sharedFixture("real/csv/tec-reimport-behaviour-events.csv"),
                         makeContext("https://x.test/events.csv"));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->events.size(), 1u);
  const RawEvent& e = r->events[0];
  EXPECT_EQ(e.title, "Afslutning Minikonfirmand-dramagruppe- bob");
  EXPECT_EQ(e.start, "apr 19, 2016 12:30");
  EXPECT_EQ(e.end, "");
  EXPECT_EQ(e.venue_name, "Sankt Olai Kirke");
  EXPECT_EQ(e.buy_in, "");
  EXPECT_EQ(e.event_url, "http://sogn.dk/sanktolai-helsingoer/kalender/");
  EXPECT_EQ(e.description, "lorem dolor");
}

TEST(CsvConnector, SemicolonWindows1252QuotedFields) {
  auto r = parseDocument(clubConfig(), testing::dataFile("club_cp1252.csv"),
                         makeContext("https://club-evreux.example/agenda.csv"));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->events.size(), 3u);  // the empty row is not an event
  const RawEvent& a = r->events[0];
  EXPECT_EQ(a.title, "Tournoi du Comité des fêtes");
  EXPECT_EQ(a.start, "12/12/2026 20h00");
  EXPECT_EQ(a.buy_in, "30 €");
  EXPECT_EQ(a.city, "Évreux");
  EXPECT_EQ(a.event_url, "https://club-evreux.example/t/1");
  EXPECT_EQ(a.description, "Places limitées; inscription \"obligatoire\"");
  const RawEvent& b = r->events[1];
  EXPECT_EQ(b.venue_name, "Casino de Forges-les-Eaux");
  EXPECT_EQ(b.event_url, "https://club-evreux.example/t/2");
  EXPECT_EQ(b.description, "Multi-ligne : bounty 10 €");
  EXPECT_EQ(r->events[2].buy_in, "Gratuit");
  for (const auto& e : r->events) EXPECT_TRUE(text::isValidUtf8(e.title + e.city + e.description));
}

TEST(CsvConnector, ExplicitDelimiterAndHeaderNamedLikeRawKeys) {
  SourceConfig cfg = makeConfig("plain", SourceType::kCsv);
  cfg.csv.delimiter = ',';
  auto r = parseDocument(cfg, "title,start,buy_in,ignored\nTournoi A,2026-12-12 20:00,\"1 000 €\",x\n",
                         makeContext("https://x.test/a.csv"));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->events.size(), 1u);
  EXPECT_EQ(r->events[0].buy_in, "1 000 €");
  EXPECT_EQ(r->events[0].start, "2026-12-12 20:00");
}

TEST(CsvConnector, UnterminatedQuoteKeepsTheRowsBeforeIt) {
  SourceConfig cfg = makeConfig("trunc", SourceType::kCsv);
  auto r = parseDocument(cfg, testing::dataFile("truncated.csv"), makeContext("https://x.test/t.csv"));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->events.size(), 1u);
  EXPECT_EQ(r->events[0].title, "Tournoi complet");
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find("row 3"), std::string::npos);

  auto only = parseDocument(cfg, "title,start\n\"Coupé,2026", makeContext("https://x.test/t.csv"));
  ASSERT_FALSE(only.has_value());
  EXPECT_EQ(only.error().code, ErrorCode::kParse);
  EXPECT_EQ(only.error().where, "trunc: row 2");
}

TEST(CsvConnector, HeaderThatMatchesNothingIsAClearError) {
  auto r = parseDocument(clubConfig(), "Nom,Jour\nA,B\n", makeContext("https://x.test/a.csv"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kParse);
  EXPECT_EQ(r.error().where, "club-evreux: row 1");
  EXPECT_NE(r.error().message.find("'Nom', 'Jour'"), std::string::npos);
  auto empty = parseDocument(clubConfig(), "\n\n", makeContext("https://x.test/a.csv"));
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().code, ErrorCode::kParse);
}

}  // namespace
}  // namespace pft::ingestion

namespace pft::ingestion {
namespace {

TEST(CsvConnector, StreamingSinkReceivesFinishedEventsOneByOne) {
  std::vector<RawEvent> got;
  SourceConfig cfg = testing::makeConfig("stream", SourceType::kCsv);
  cfg.default_venue.city = "Caen";
  auto r = parseDocument(cfg, "title;start\nA;1\nB;2\n\"C;3\n", testing::makeContext("https://x.test/s.csv"),
                         [&](RawEvent&& e) { got.push_back(std::move(e)); });
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  EXPECT_TRUE(r->events.empty());
  ASSERT_EQ(got.size(), 2u);  // the unterminated third row is not an event
  EXPECT_EQ(got[1].title, "B");
  EXPECT_EQ(got[1].source_name, "stream");
  EXPECT_EQ(got[1].city, "Caen");
  EXPECT_EQ(got[1].source_hash, computeSourceHash(got[1]));
  EXPECT_EQ(r->warnings.size(), 1u);

  got.clear();
  auto bad = parseDocument(cfg, "Nom;Jour\nA;B\n", testing::makeContext("https://x.test/s.csv"),
                           [&](RawEvent&& e) { got.push_back(std::move(e)); });
  EXPECT_FALSE(bad.has_value());
  EXPECT_TRUE(got.empty());

  // Other types are parsed whole, then handed over.
  auto ics = parseDocument(testing::makeConfig("cal", SourceType::kIcs), testing::dataFile("club_weekly.ics"),
                           testing::makeContext("https://x.test/c.ics", "2026-12-01T00:00:00+01:00"),
                           [&](RawEvent&& e) { got.push_back(std::move(e)); });
  ASSERT_TRUE(ics.has_value());
  EXPECT_EQ(got.size(), 18u);
  EXPECT_TRUE(ics->events.empty());
}

}  // namespace
}  // namespace pft::ingestion
