#include <gtest/gtest.h>

#include "connectors/test_util.hpp"
#include "pft/ingestion/connectors.hpp"

namespace pft::ingestion {
namespace {

using testing::makeConfig;
using testing::makeContext;

TEST(JsonConnector, TecSnapshotHasFiveEvents) {
  auto r = parseDocument(makeConfig("tec", SourceType::kJson),
                         testing::sharedFixture("real/json/tec-rest-v1-archive-snapshot.json"),
                         makeContext("http://wordpress.test/wp-json/tribe/events/v1/events"));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->events.size(), 5u);
  EXPECT_EQ(r->events[0].title, "Test Event 1");
  EXPECT_EQ(r->events[0].start, "2024-07-14T12:00:00+00:00");
  EXPECT_EQ(r->events[0].end, "2024-07-14T14:00:00+00:00");
  EXPECT_EQ(r->events[0].event_url, "http://wordpress.test/?tribe_events=test-event-1");
  EXPECT_EQ(r->events[0].venue_name, "");  // "venue": [] means none
  EXPECT_TRUE(r->next_urls.empty());
}

TEST(JsonConnector, TecFrenchPageWithVenueCostAndNextPage) {
  auto r = parseDocument(makeConfig("asso-lille", SourceType::kJson), testing::dataFile("tec_page1.json"),
                         makeContext("https://asso-poker-lille.example/wp-json/tribe/events/v1/events"));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->events.size(), 3u);
  const RawEvent& a = r->events[0];
  EXPECT_EQ(a.title, "Championnat d\u2019hiver – manche 3");
  EXPECT_EQ(a.description, "Manche 3 du championnat. Tapis 25 000.");
  EXPECT_EQ(a.start, "2027-01-09T14:00:00+01:00");
  EXPECT_EQ(a.end, "2027-01-09T23:30:00+01:00");
  EXPECT_EQ(a.buy_in, "25 €");
  EXPECT_EQ(a.venue_name, "Brasserie du Vieux-Lille");
  EXPECT_EQ(a.address, "8 rue de la Monnaie");
  EXPECT_EQ(a.city, "Lille");
  EXPECT_EQ(a.postcode, "59800");
  ASSERT_TRUE(a.latitude.has_value());
  EXPECT_DOUBLE_EQ(*a.longitude, 3.0632);
  EXPECT_EQ(a.event_url, "https://asso-poker-lille.example/evenement/championnat-hiver/");
  const RawEvent& festival = r->events[1];
  EXPECT_EQ(festival.start, "2027-02-05");
  EXPECT_EQ(festival.end, "2027-02-07");
  EXPECT_EQ(festival.buy_in, "150 EUR");
  const RawEvent& c = r->events[2];
  EXPECT_EQ(c.start, "2027-01-15T20:00:00+01:00");  // unknown "UTC+1": from utc_start_date
  EXPECT_EQ(c.buy_in, "Gratuit");
  ASSERT_EQ(r->next_urls.size(), 1u);
  EXPECT_EQ(r->next_urls[0], "https://asso-poker-lille.example/wp-json/tribe/events/v1/events?page=2");
}

TEST(JsonConnector, GenericMappingWithPointers) {
  SourceConfig cfg = makeConfig("api", SourceType::kJson);
  cfg.json.mode = JsonMode::kMapping;
  cfg.json.items = "/data/tournois";
  cfg.json.fields = {{"title", "/nom"},       {"start", "/debut"},     {"buy_in", "/prix"},  {"venue_name", "/salle/nom"},
                     {"city", "/salle/ville"}, {"postcode", "/salle/cp"}, {"url", "/lien"}};
  cfg.json.next = "/meta/next";
  auto r = parseDocument(cfg, testing::dataFile("mapping_feed.json"), makeContext("https://api.example/api/tournois"));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->events.size(), 2u);
  EXPECT_EQ(r->events[0].title, "Mardi Deepstack");
  EXPECT_EQ(r->events[0].buy_in, "40");
  EXPECT_EQ(r->events[0].postcode, "75009");
  EXPECT_EQ(r->events[0].event_url, "https://api.example/tournois/12");
  EXPECT_EQ(r->events[1].buy_in, "60 €");
  EXPECT_EQ(r->events[1].postcode, "");
  ASSERT_EQ(r->next_urls.size(), 1u);
  EXPECT_EQ(r->next_urls[0], "https://api.example/api/tournois?page=2");

  cfg.json.items = "data/tournois";  // missing leading '/'
  auto bad = parseDocument(cfg, testing::dataFile("mapping_feed.json"), makeContext("https://api.example/"));
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().where, "api: items");

  cfg.json.items = "/data/absent";
  auto absent = parseDocument(cfg, testing::dataFile("mapping_feed.json"), makeContext("https://api.example/"));
  ASSERT_FALSE(absent.has_value());
  EXPECT_EQ(absent.error().code, ErrorCode::kParse);
}

TEST(JsonConnector, MalformedOrUnexpectedJsonIsAClearError) {
  std::string body = testing::dataFile("tec_page1.json");
  auto truncated = parseDocument(makeConfig("tec", SourceType::kJson), body.substr(0, 300),
                                 makeContext("https://x.test/"));
  ASSERT_FALSE(truncated.has_value());
  EXPECT_EQ(truncated.error().code, ErrorCode::kParse);
  EXPECT_EQ(truncated.error().where, "tec: byte 301");
  EXPECT_NE(truncated.error().message.find("malformed JSON"), std::string::npos);

  auto wrong = parseDocument(makeConfig("tec", SourceType::kJson), "[1, 2, 3]", makeContext("https://x.test/"));
  ASSERT_FALSE(wrong.has_value());
  EXPECT_NE(wrong.error().message.find("'events' array"), std::string::npos);

  auto html = parseDocument(makeConfig("tec", SourceType::kJson), "<html>502 Bad Gateway</html>",
                            makeContext("https://x.test/"));
  ASSERT_FALSE(html.has_value());
  EXPECT_EQ(html.error().where, "tec: byte 1");
}

}  // namespace
}  // namespace pft::ingestion
