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
  // One event per page: the tournament's page on the site, also the offer's URL.
  EXPECT_EQ(ld["url"], "https://example.fr/tournois/7-deepstack-150");
  EXPECT_EQ(ld["offers"]["url"], ld["url"]);
  EXPECT_EQ(ld["offers"]["availability"], "https://schema.org/Discontinued");
  t.status = TournamentStatus::kUpdated;  // no previousStartDate known: not "rescheduled"
  EXPECT_EQ(tournamentJsonLd(t, "https://example.fr")["eventStatus"], "https://schema.org/EventScheduled");
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
