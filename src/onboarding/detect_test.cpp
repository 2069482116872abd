// detectSource over loopback HTTP, on the pages of tests/data/onboarding
// (README.md there): each real format gives the connector it should, and
// the events it would import; a page with nothing gives no entry.

#include "pft/onboarding/detect.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fetch_test_server.hpp"
#include "pft/ingestion/curl_http.hpp"
#include "test_gazetteer.hpp"

namespace pft::onboarding {
namespace {

using ingestion::testing::LoopbackHttpServer;
using ingestion::testing::ScriptedResponse;

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(PFT_SOURCE_DIR) + "/tests/data/onboarding/" + name, std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string replaceAll(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

class Detect : public ::testing::Test {
 protected:
  void serve(const std::string& path, const std::string& file, const std::string& type) {
    std::string body = fixture(file);
    body = replaceAll(body, "{{BASE}}", server_.url(""));
    body = replaceAll(body, "{{HOST}}", "127.0.0.1:" + std::to_string(server_.port()));
    server_.respond(path, ScriptedResponse{200, {{"Content-Type", type}}, body});
  }

  Result<Detection> detect(const std::string& path) {
    DetectOptions o;
    o.now = *parseIsoInstant("2026-12-01T10:00:00+01:00");
    o.gazetteer = &normalize::testing::bundledGazetteer();
    o.name = "new-source";
    return detectSource(server_.url(path), fetcher_, o);
  }

  LoopbackHttpServer server_;
  ingestion::IngestOptions ingest_options_ = [] {
    ingestion::IngestOptions o;
    o.retries = 0;
    o.total_timeout = std::chrono::milliseconds(2000);  // the webcal: link is read as https:// (no TLS here)
    return o;
  }();
  ingestion::CurlHttpGet http_{"pft-test"};
  ingestion::PoliteFetcher fetcher_{ingest_options_, http_};
};

constexpr const char* kHtml = "text/html; charset=UTF-8";

TEST_F(Detect, CasinoTableInfersRowSelectorsAndJoinsDateAndTime) {
  serve("/poker", "casino-table.html", kHtml);
  auto d = detect("/poker");
  ASSERT_TRUE(d) << d.error().describe();
  ASSERT_TRUE(d->usable) << formatDetection(*d);
  EXPECT_EQ(d->chosen.type, "html");
  EXPECT_EQ(d->chosen.items, 8u);
  EXPECT_GE(d->chosen.normalised, 7u) << formatDetection(*d);
  const auto& html = d->entry.config.html;
  EXPECT_NE(html.item.find("tr"), std::string::npos) << html.item;
  ASSERT_TRUE(html.fields.count("start"));
  EXPECT_EQ(html.fields.at("start").selector.rfind("concat(", 0), 0u) << html.fields.at("start").selector;
  ASSERT_FALSE(d->events.empty());
  EXPECT_EQ(d->events[0].title, "Deepstack du vendredi");
  EXPECT_EQ(d->events[0].start, "2026-12-04T20:00:00+01:00");
  EXPECT_EQ(d->events[0].buy_in, "60 €");
  EXPECT_NE(d->events[0].venue.find("Forges-les-Eaux"), std::string::npos) << d->events[0].venue;
  EXPECT_NE(d->yaml.find("enabled: false"), std::string::npos) << d->yaml;
  EXPECT_NE(d->yaml.find("type: html"), std::string::npos) << d->yaml;
  // The entry reads back through the catalog loader.
  auto back = ingestion::parseCatalog("sources:\n" + d->yaml, "catalog.yml", "/srv");
  ASSERT_TRUE(back) << back.error().describe() << "\n" << d->yaml;
  EXPECT_EQ(back->sources.at(0).config.html.item, html.item);
}

TEST_F(Detect, ClubCardsUseClassSelectors) {
  serve("/agenda", "club-cards.html", kHtml);
  auto d = detect("/agenda");
  ASSERT_TRUE(d) << d.error().describe();
  ASSERT_TRUE(d->usable) << formatDetection(*d);
  EXPECT_EQ(d->chosen.type, "html");
  EXPECT_GE(d->chosen.normalised, 3u) << formatDetection(*d);
  const auto& fields = d->entry.config.html.fields;
  ASSERT_TRUE(fields.count("title"));
  EXPECT_EQ(fields.at("title").selector, ".card-title");
  EXPECT_EQ(fields.at("start").selector, ".card-date");
  ASSERT_FALSE(d->events.empty());
  EXPECT_EQ(d->events[0].title, "Deepstack mensuel");
  EXPECT_EQ(d->events[0].start, "2026-12-05T14:00:00+01:00");
  EXPECT_NE(d->events[0].venue.find("Villeurbanne"), std::string::npos) << d->events[0].venue;
}

TEST_F(Detect, WordPressPageGivesTheEventsCalendarRest) {
  serve("/evenements/", "wordpress-tec.html", kHtml);
  serve("/wp-json/tribe/events/v1/events", "wordpress-tec-events.json", "application/json; charset=UTF-8");
  auto d = detect("/evenements/");
  ASSERT_TRUE(d) << d.error().describe();
  ASSERT_TRUE(d->usable) << formatDetection(*d);
  EXPECT_EQ(d->chosen.type, "json");
  EXPECT_EQ(d->chosen.url, server_.url("/wp-json/tribe/events/v1/events"));
  EXPECT_GE(d->chosen.normalised, 1u);
  EXPECT_EQ(d->entry.config.json.mode, ingestion::JsonMode::kTec);
  bool tried_ics = false;
  for (const auto& c : d->tried) tried_ics = tried_ics || (c.type == "ics" && !c.error.empty());
  EXPECT_TRUE(tried_ics) << "the page's ?ical=1 link was tried (404 here)";
}

TEST_F(Detect, JsonLdEvents) {
  serve("/agenda-poker", "jsonld-casino.html", kHtml);
  auto d = detect("/agenda-poker");
  ASSERT_TRUE(d) << d.error().describe();
  ASSERT_TRUE(d->usable) << formatDetection(*d);
  EXPECT_EQ(d->chosen.type, "jsonld");
  EXPECT_GE(d->chosen.normalised, 2u);
  EXPECT_EQ(d->events[0].title, "Winter Poker Series – Main Event");
  EXPECT_EQ(d->events[0].buy_in, "400 €");
}

TEST_F(Detect, PageLinkingACalendar) {
  serve("/tournois", "calendar-link.html", kHtml);
  serve("/agenda/club.ics", "club-calendar.ics", "text/calendar; charset=utf-8");
  auto d = detect("/tournois");
  ASSERT_TRUE(d) << d.error().describe();
  ASSERT_TRUE(d->usable) << formatDetection(*d);
  EXPECT_EQ(d->chosen.type, "ics");
  EXPECT_EQ(d->chosen.url, server_.url("/agenda/club.ics"));
  EXPECT_EQ(d->chosen.how, "<link rel=alternate type=text/calendar>");
  EXPECT_GE(d->chosen.normalised, 1u);
}

TEST_F(Detect, NewsFeedOfArticlesIsReadAsAnnouncements) {
  serve("/", "news-home.html", kHtml);
  serve("/feed/", "news-feed.xml", "application/rss+xml; charset=UTF-8");
  auto d = detect("/");
  ASSERT_TRUE(d) << d.error().describe();
  ASSERT_TRUE(d->usable) << formatDetection(*d);
  EXPECT_EQ(d->chosen.type, "rss");
  EXPECT_TRUE(d->entry.config.rss.announcements);
  EXPECT_NE(d->yaml.find("announcements: true"), std::string::npos) << d->yaml;
  EXPECT_EQ(d->chosen.items, 4u);
  EXPECT_LT(d->chosen.normalised, d->chosen.items);
  bool skipped = false;
  for (const auto& f : d->failures) skipped = skipped || f.reason.rfind("NotAnnouncement", 0) == 0;
  EXPECT_TRUE(skipped) << formatDetection(*d);
  ASSERT_FALSE(d->events.empty());
  EXPECT_EQ(d->events[0].start, "2026-12-05T19:30:00+01:00");
  // The comments feed is not a candidate.
  EXPECT_EQ(server_.requestCount("/comments/feed/"), 0u);
}

TEST_F(Detect, CsvLinkGetsAFieldMapFromItsHeader) {
  serve("/calendrier", "csv-link.html", kHtml);
  serve("/docs/tournois-2026.csv", "tournois.csv", "text/csv");
  auto d = detect("/calendrier");
  ASSERT_TRUE(d) << d.error().describe();
  ASSERT_TRUE(d->usable) << formatDetection(*d);
  EXPECT_EQ(d->chosen.type, "csv");
  EXPECT_EQ(d->chosen.normalised, 3u) << formatDetection(*d);
  EXPECT_EQ(d->entry.config.csv.field_map.at("Heure"), "start");
  EXPECT_EQ(d->entry.config.csv.field_map.at("Prix"), "buy_in");
  EXPECT_EQ(d->events[0].start, "2026-12-05T20:00:00+01:00");
}

TEST_F(Detect, PageWithNothingIsNotUsable) {
  serve("/mentions", "nothing.html", kHtml);
  auto d = detect("/mentions");
  ASSERT_TRUE(d) << d.error().describe();
  EXPECT_FALSE(d->usable) << formatDetection(*d);
  EXPECT_TRUE(d->yaml.empty());
  auto j = nlohmann::json::parse(detectionJson(*d));
  EXPECT_FALSE(j["usable"].get<bool>());
  EXPECT_FALSE(j.contains("catalog_entry"));
}

TEST_F(Detect, BadUrls) {
  auto d = detect("/missing");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kNetwork);
  EXPECT_NE(d.error().message.find("404"), std::string::npos) << d.error().describe();
  DetectOptions o;
  o.gazetteer = &normalize::testing::bundledGazetteer();
  auto ftp = detectSource("ftp://example.org/x", fetcher_, o);
  ASSERT_FALSE(ftp);
  EXPECT_EQ(ftp.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(Detect, RobotsTxtIsObeyed) {
  server_.respond("/robots.txt", ScriptedResponse{200, {{"Content-Type", "text/plain"}}, "User-agent: *\nDisallow: /\n"});
  serve("/poker", "casino-table.html", kHtml);
  auto d = detect("/poker");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kNetwork);
  EXPECT_EQ(server_.requestCount("/poker"), 0u);
}

}  // namespace
}  // namespace pft::onboarding
