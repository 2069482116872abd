#include <gtest/gtest.h>

#include "connectors/test_util.hpp"
#include "pft/ingestion/connectors.hpp"

namespace pft::ingestion {
namespace {

using testing::makeConfig;
using testing::makeContext;

Result<ParseOutput> parseJsonLdFile(const std::string& body, const std::string& url = "https://x.test/page") {
  return parseDocument(makeConfig("ld", SourceType::kJsonLd), body, makeContext(url));
}

TEST(JsonLdConnector, SongkickArrayWithOneMusicEvent) {
  auto r = parseJsonLdFile(testing::sharedFixture("real/jsonld/songkick-tovestyrke.html"));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->events.size(), 1u);
  const RawEvent& e = r->events[0];
  EXPECT_EQ(e.title, "Tove Styrke");
  EXPECT_EQ(e.start, "2017-06-12T20:00:00+0100");
  EXPECT_EQ(e.venue_name, "Hoxton Square Bar & Kitchen");
  EXPECT_EQ(e.address, "2-4 Hoxton Square");
  EXPECT_EQ(e.city, "London");
  EXPECT_EQ(e.postcode, "N1 6NU");
  ASSERT_TRUE(e.latitude.has_value());
  EXPECT_DOUBLE_EQ(*e.latitude, 51.527476);
  EXPECT_DOUBLE_EQ(*e.longitude, -0.081657);
  EXPECT_EQ(e.event_url.rfind("https://www.songkick.com/concerts/30166884", 0), 0u);
  EXPECT_NE(e.event_url.find("organic&utm_source"), std::string::npos);
}

TEST(JsonLdConnector, SongkickGigographyHas49Events) {
  auto r = parseJsonLdFile(testing::sharedFixture("real/jsonld/songkick-maximo-park-gigography.html"));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->events.size(), 49u);
  int date_only = 0;
  for (const auto& e : r->events) {
    EXPECT_FALSE(e.title.empty());
    EXPECT_FALSE(e.start.empty());
    if (e.start.size() == 10) ++date_only;
  }
  EXPECT_GT(date_only, 0);
}

TEST(JsonLdConnector, MalformedScriptFindsNothingAndDoesNotFail) {
  auto r = parseJsonLdFile(testing::sharedFixture("real/jsonld/extruct-JoinAction.001-malformed.html"));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  EXPECT_EQ(r->events.size(), 0u);
  ASSERT_FALSE(r->warnings.empty());
  EXPECT_NE(r->warnings[0].find("not valid JSON"), std::string::npos);
}

TEST(JsonLdConnector, GraphSubtypesOffersAndABrokenScript) {
  auto r = parseJsonLdFile(testing::dataFile("jsonld_graph.html"), "https://cercle-lyon.example/agenda");
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->events.size(), 3u);
  const RawEvent& main = r->events[0];
  EXPECT_EQ(main.title, "Championnat de Lyon & Région – Main Event");
  EXPECT_EQ(main.start, "2027-01-16T14:00:00+01:00");
  EXPECT_EQ(main.end, "2027-01-17T23:00:00+01:00");
  EXPECT_EQ(main.status_text, "EventScheduled");
  EXPECT_EQ(main.event_url, "https://cercle-lyon.example/tournois/championnat-2027");
  EXPECT_EQ(main.description, "Deux jours, 250 € (220+30).");
  EXPECT_EQ(main.venue_name, "Cercle de Jeux de Lyon");
  EXPECT_EQ(main.address, "14 quai Saint-Antoine");
  EXPECT_EQ(main.city, "Lyon");
  EXPECT_EQ(main.postcode, "69002");
  EXPECT_EQ(main.buy_in, "250 EUR");
  ASSERT_TRUE(main.latitude.has_value());
  EXPECT_DOUBLE_EQ(*main.latitude, 45.7627);
  const RawEvent& freeroll = r->events[1];
  EXPECT_EQ(freeroll.title, "Soirée Freeroll");
  EXPECT_EQ(freeroll.start, "2027-01-22");
  EXPECT_EQ(freeroll.status_text, "EventCancelled");
  EXPECT_EQ(freeroll.venue_name, "Lyon 7e");
  EXPECT_EQ(freeroll.buy_in, "0 EUR");
  const RawEvent& thursday = r->events[2];
  EXPECT_EQ(thursday.title, "Deepstack du jeudi");
  EXPECT_EQ(thursday.address, "14 quai Saint-Antoine, 69002 Lyon");
  EXPECT_EQ(thursday.buy_in, "60 EUR");
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find("script 2"), std::string::npos);
  EXPECT_EQ(main.published_at, "") << "no publication date anywhere in the page";
}

TEST(JsonLdConnector, PublicationDateOfTheEventElseOfItsPage) {
  auto r = parseJsonLdFile(testing::dataFile("jsonld_webpage_published.html"), "https://cercle-deauville.example/");
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->events.size(), 2u);
  EXPECT_EQ(r->events[0].title, "Deepstack du samedi");
  EXPECT_EQ(r->events[0].start, "samedi 14 mars 20h");
  EXPECT_EQ(r->events[0].published_at, "2026-03-01T09:30:00+01:00") << "the WebPage's datePublished";
  EXPECT_EQ(r->events[1].published_at, "2026-02-20") << "its own datePublished";
  // A news article without an Event gives no event; the page meta is the
  // last resort for events that have no datePublished of their own.
  auto press = parseJsonLdFile(testing::dataFile("article_presse.html"));
  ASSERT_TRUE(press.has_value());
  EXPECT_TRUE(press->events.empty());
  auto meta_only = parseJsonLdFile(R"(<html><head>
<meta property="article:published_time" content="2026-03-11T17:42:00+01:00">
<script type="application/ld+json">{"@type":"Event","name":"Tournoi ce dimanche","startDate":"dimanche 14h"}</script>
</head><body></body></html>)");
  ASSERT_TRUE(meta_only.has_value());
  ASSERT_EQ(meta_only->events.size(), 1u);
  EXPECT_EQ(meta_only->events[0].published_at, "2026-03-11T17:42:00+01:00");
}

TEST(JsonLdConnector, PageWithoutScriptsIsEmptyWithAWarning) {
  auto r = parseJsonLdFile("<html><body><p>Rien</p></body></html>");
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->events.empty());
  EXPECT_EQ(r->warnings.size(), 1u);
  auto empty = parseJsonLdFile("");
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().code, ErrorCode::kParse);
}

}  // namespace
}  // namespace pft::ingestion
