#include <gtest/gtest.h>

#include "connectors/test_util.hpp"
#include "pft/ingestion/connectors.hpp"

namespace pft::ingestion {
namespace {

using testing::makeConfig;
using testing::makeContext;

Result<ParseOutput> parseFeed(const std::string& body, const std::string& url = "https://poker-demo.local/rss.xml") {
  return parseDocument(makeConfig("demo_rss", SourceType::kRss), body, makeContext(url));
}

TEST(RssConnector, PrototypeFeedGivesTwoItemsWithoutStart) {
  auto r = parseFeed(testing::sharedFixture("prototype/demo_rss.xml"));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->events.size(), 2u);
  EXPECT_EQ(r->events[0].title, "Deepstack Demo");
  EXPECT_EQ(r->events[0].event_url, "https://example.com/deepstack");
  EXPECT_EQ(r->events[0].description, "Tournoi Deepstack. Buy-in: 100 €");
  // pubDate is when the post was written, not the tournament's start: it
  // is the announcement's publication date.
  EXPECT_EQ(r->events[0].start, "");
  EXPECT_EQ(r->events[0].published_at, "Mon, 22 Sep 2025 12:00:00 +0200");
  EXPECT_EQ(r->events[1].published_at, "Tue, 23 Sep 2025 18:00:00 +0200");
  EXPECT_EQ(r->events[1].title, "Omaha Demo");
  EXPECT_EQ(r->events[1].description, "Tournoi Omaha. Buy in: 50 €");
  EXPECT_EQ(r->events[1].source_name, "demo_rss");
}

TEST(RssConnector, AnnouncementFeedsMarkTheirItems) {
  auto config = makeConfig("news", SourceType::kRss);
  auto plain = parseDocument(config, testing::sharedFixture("prototype/demo_rss.xml"), makeContext("https://x/rss"));
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->events[0].kind, "") << "items are events unless the catalog says otherwise";
  config.rss.announcements = true;
  auto marked = parseDocument(config, testing::sharedFixture("prototype/demo_rss.xml"), makeContext("https://x/rss"));
  ASSERT_TRUE(marked);
  ASSERT_EQ(marked->events.size(), 2u);
  EXPECT_EQ(marked->events[0].kind, "announcement");
  EXPECT_EQ(marked->events[1].kind, "announcement");
  EXPECT_EQ(marked->events[0].source_hash, plain->events[0].source_hash) << "the mark is not content";
}

TEST(RssConnector, AtomEntriesWithHtmlAndXhtmlContent) {
  auto r = parseFeed(testing::dataFile("atom_association.xml"), "https://pcn.example/feed.atom");
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->events.size(), 2u);
  EXPECT_EQ(r->events[0].title, "Tournoi mensuel – Décembre");
  EXPECT_EQ(r->events[0].event_url, "https://pcn.example/actus/tournoi-decembre");
  EXPECT_EQ(r->events[0].description, "Samedi 12 décembre à 14h, buy-in 40 €.");
  EXPECT_EQ(r->events[0].start, "");
  EXPECT_EQ(r->events[0].published_at, "2026-11-20T10:00:00+01:00") << "Atom <published>";
  EXPECT_EQ(r->events[1].published_at, "2026-11-18T10:00:00+01:00") << "no <published>: <updated>";
  EXPECT_EQ(r->events[1].event_url, "https://pcn.example/actus/freeroll");
  EXPECT_EQ(r->events[1].description, "Vendredi 18 décembre, gratuit pour les adhérents.");
}

TEST(RssConnector, EventModuleDatesAndLatin1Declaration) {
  auto r = parseFeed(testing::dataFile("rss_event_module.xml"));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->events.size(), 1u);
  const RawEvent& e = r->events[0];
  EXPECT_EQ(e.title, "Tournoi de l'Été Indien");
  EXPECT_EQ(e.start, "2026-12-12T20:00:00+01:00");
  EXPECT_EQ(e.end, "2026-12-13T02:00:00+01:00");
  EXPECT_EQ(e.venue_name, "Casino de Cabourg");
  EXPECT_EQ(e.description, "Buy-in 100€ – bounty.");
}

TEST(RssConnector, DublinCoreDateOfAnRss1Feed) {
  auto r = parseFeed(R"(<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <item rdf:about="https://club.example/tournoi">
    <title>Tournoi ce samedi</title>
    <link>https://club.example/tournoi</link>
    <description>Samedi à 20h, 20 €.</description>
    <dc:date>2026-03-12T08:00:00+01:00</dc:date>
  </item>
</rdf:RDF>)");
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->events.size(), 1u);
  EXPECT_EQ(r->events[0].published_at, "2026-03-12T08:00:00+01:00");
  EXPECT_EQ(r->events[0].start, "");
}

TEST(RssConnector, TruncatedFeedKeepsItsItemsWithAWarning) {
  auto r = parseFeed(testing::dataFile("truncated_rss.xml"));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->events.size(), 2u);
  EXPECT_EQ(r->events[1].title, "Omaha Demo");
  ASSERT_FALSE(r->warnings.empty());
  EXPECT_NE(r->warnings[0].find("not well-formed"), std::string::npos);
}

TEST(RssConnector, MalformedOrWrongDocumentIsAClearError) {
  auto r = parseFeed(testing::dataFile("malformed.xml"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kParse);
  EXPECT_EQ(r.error().where, "demo_rss: line 3");
  EXPECT_NE(r.error().message.find("not well-formed"), std::string::npos);

  auto html = parseFeed("<?xml version=\"1.0\"?><html><body>Maintenance</body></html>");
  ASSERT_FALSE(html.has_value());
  EXPECT_NE(html.error().message.find("found <html>"), std::string::npos);

  auto empty = parseFeed("   ");
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().code, ErrorCode::kParse);
}

}  // namespace
}  // namespace pft::ingestion
