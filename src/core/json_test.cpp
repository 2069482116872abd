#include "pft/core/json.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace pft {
namespace {

Tournament sample() {
  Tournament t;
  t.id = 7;
  t.title = "Deepstack 150";
  t.start = *parseIsoInstant("2026-12-05T20:00:00+01:00");
  t.buy_in_cents = 15000;
  t.venue.id = 3;
  t.venue.name = "Casino Test";
  t.venue.city = "Paris";
  t.venue.postcode = "75008";
  t.venue.latitude = 48.87;
  t.venue.longitude = 2.31;
  return t;
}

TEST(TournamentJson, HasThePrototypeKeys) {
  auto j = tournamentToJson(sample());
  for (const char* key : {"id", "title", "description", "start_datetime_local", "end_datetime_local", "timezone",
                          "buy_in_cents", "currency", "variant", "status", "source_url", "venue"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  for (const char* key : {"id", "name", "address", "city", "department", "region", "latitude", "longitude"}) {
    EXPECT_TRUE(j["venue"].contains(key)) << key;
  }
  EXPECT_EQ(j["start_datetime_local"], "2026-12-05T20:00:00+01:00");
  EXPECT_EQ(j["buy_in_cents"], 15000);
  EXPECT_TRUE(j["end_datetime_local"].is_null());
  EXPECT_EQ(j["status"], "scheduled");
}

TEST(TournamentJson, DateOnlyStartHasNoInventedTime) {
  auto t = sample();
  t.time_known = false;
  EXPECT_EQ(tournamentToJson(t)["start_datetime_local"], "2026-12-05");
}

TEST(TournamentJson, DryRunShapeHasNoIds) {
  auto j = tournamentToJson(sample(), false);
  EXPECT_FALSE(j.contains("id"));
  EXPECT_FALSE(j["venue"].contains("id"));
}

TEST(JsonLd, IsASchemaOrgEventWithOffersAndGeo) {
  auto t = sample();
  t.status = TournamentStatus::kCancelled;
  auto ld = tournamentJsonLd(t, "https://example.fr");
  EXPECT_EQ(ld["@type"], "Event");
  EXPECT_EQ(ld["startDate"], "2026-12-05T20:00:00+01:00");
  EXPECT_EQ(ld["location"]["@type"], "Place");
  EXPECT_EQ(ld["location"]["address"]["addressLocality"], "Paris");
  EXPECT_DOUBLE_EQ(ld["location"]["geo"]["latitude"].get<double>(), 48.87);
  EXPECT_EQ(ld["offers"]["price"], "150.00");
  EXPECT_EQ(ld["offers"]["priceCurrency"], "EUR");
  EXPECT_EQ(ld["eventStatus"], "https://schema.org/EventCancelled");
  EXPECT_EQ(ld["url"], "https://example.fr/tournaments/7");
}

TEST(RawEventJson, RoundTrips) {
  RawEvent e;
  e.source_name = "demo";
  e.title = "Omaha Demo";
  e.buy_in = "50 €";
  e.latitude = 45.0;
  e.longitude = 5.0;
  auto back = rawEventFromJson(rawEventToJson(e));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->title, "Omaha Demo");
  EXPECT_EQ(back->buy_in, "50 €");
  EXPECT_EQ(back->latitude, 45.0);
}

TEST(RawEventJson, FastLineWriterMatchesTheTreeDump) {
  RawEvent e;
  e.source_name = "casino-évian";
  e.title = "Deepstack \"Noël\" \\ 150 €\tTurbo\n\x01";
  e.description = "<p>Buy-in : 1 000 €</p>\r\n";
  e.start = "2026-12-05T20:00:00+01:00";
  e.fetched_at = "2026-11-30T09:00:00+01:00";
  std::string line;
  appendRawEventJsonLine(line, e);
  EXPECT_EQ(line, rawEventToJson(e).dump() + "\n");
  e.latitude = 46.4;
  e.longitude = 6.59001;
  e.priority = 2;
  line.clear();
  appendRawEventJsonLine(line, e);
  EXPECT_EQ(line, rawEventToJson(e).dump() + "\n");
  auto back = rawEventFromJson(nlohmann::json::parse(line));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->title, e.title);
}

TEST(RawEventJson, PublishedAtIsWrittenOnlyWhenSetAndReadBack) {
  RawEvent e;
  e.title = "Deepstack ce dimanche";
  e.fetched_at = "2026-03-12T09:00:00+01:00";
  e.priority = 3;
  std::string line;
  appendRawEventJsonLine(line, e);
  EXPECT_EQ(line, rawEventToJson(e).dump() + "\n");
  EXPECT_EQ(line.find("published_at"), std::string::npos) << "absent when empty: older lines stay byte for byte";
  e.published_at = "Thu, 12 Mar 2026 08:00:00 +0100";
  line.clear();
  appendRawEventJsonLine(line, e);
  EXPECT_EQ(line, rawEventToJson(e).dump() + "\n");
  EXPECT_NE(line.find(R"("priority":3,"published_at":"Thu, 12 Mar 2026 08:00:00 +0100","source_hash")"),
            std::string::npos)
      << line;
  auto back = rawEventFromJson(nlohmann::json::parse(line));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->published_at, e.published_at);
}

TEST(RawEventJson, FastLineWriterRepairsInvalidUtf8) {
  RawEvent e;
  e.title = "Caf\xE9";
  std::string line;
  appendRawEventJsonLine(line, e);
  auto parsed = nlohmann::json::parse(line);
  EXPECT_EQ(parsed["title"], "Café");
}

TEST(RawEventJson, RejectsWrongTypes) {
  EXPECT_FALSE(rawEventFromJson(nlohmann::json::array()));
  auto r = rawEventFromJson(nlohmann::json{{"title", {1, 2}}});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("title"), std::string::npos);
  auto n = rawEventFromJson(nlohmann::json{{"buy_in", 150}});
  ASSERT_TRUE(n);
  EXPECT_EQ(n->buy_in, "150");
}

}  // namespace
}  // namespace pft
