#include <gtest/gtest.h>

#include <string>

#include "connectors/test_util.hpp"
#include "pft/core/text.hpp"
#include "pft/ingestion/connectors.hpp"

namespace pft::ingestion {
namespace {

using testing::makeConfig;
using testing::makeContext;

SourceConfig prototypeHtmlConfig() {
  // The prototype's demo page, by configuration alone.
  SourceConfig cfg = makeConfig("demo_html", SourceType::kHtml);
  cfg.html.item = ".event-item";
  cfg.html.fields = {{"title", parseFieldSelector(".event-title")},
                     {"start", parseFieldSelector(".event-date")},
                     {"venue_name", parseFieldSelector(".event-venue")},
                     {"buy_in", parseFieldSelector(".event-buyin")}};
  return cfg;
}

SourceConfig rouenConfig() {
  SourceConfig cfg = makeConfig("casino-rouen", SourceType::kHtml);
  cfg.priority = 10;
  cfg.default_venue = {"Casino Barrière de Rouen", "3 place du Boulingrin", "Rouen", "76000"};
  cfg.html.item = "section#agenda > article.tournoi";
  cfg.html.fields = {{"title", parseFieldSelector("h3.titre")},
                     {"start", parseFieldSelector("time@datetime")},
                     {"buy_in", parseFieldSelector("td[data-label=\"Prix d'entrée\"]")},
                     {"variant", parseFieldSelector("./table//td[2]")},
                     {"description", parseFieldSelector(".infos")},
                     {"url", parseFieldSelector("a.details@href")},
                     {"status", parseFieldSelector(".statut")}};
  cfg.html.next_page = parseFieldSelector("a[rel=next]");
  return cfg;
}

TEST(HtmlConnector, PrototypeDemoPageGivesTwoEvents) {
  auto r = parseDocument(prototypeHtmlConfig(), testing::sharedFixture("prototype/demo_html.html"),
                         makeContext("https://poker-demo.local/index.html"));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->events.size(), 2u);
  const RawEvent& a = r->events[0];
  EXPECT_EQ(a.title, "Deepstack Demo");
  EXPECT_EQ(a.start, "25/09/2025 20:00");
  EXPECT_EQ(a.venue_name, "Casino Test");
  EXPECT_EQ(a.buy_in, "100 €");
  EXPECT_EQ(a.source_name, "demo_html");
  EXPECT_EQ(a.source_url, "https://poker-demo.local/index.html");
  EXPECT_EQ(a.timezone, "Europe/Paris");
  EXPECT_EQ(a.source_hash.size(), 64u);
  const RawEvent& b = r->events[1];
  EXPECT_EQ(b.title, "Omaha Demo");
  EXPECT_EQ(b.start, "26/09/2025 18:00");
  EXPECT_EQ(b.venue_name, "Pasino Test");
  EXPECT_EQ(b.buy_in, "50 €");
  EXPECT_NE(a.source_hash, b.source_hash);
  EXPECT_TRUE(r->next_urls.empty());
  EXPECT_TRUE(r->follow_urls.empty());
}

TEST(HtmlConnector, Windows1252PageDeclaredByMetaIsConverted) {
  auto r = parseDocument(rouenConfig(), testing::dataFile("casino_rouen_cp1252.html"),
                         makeContext("https://www.casino-rouen.example/poker/agenda"));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->events.size(), 3u);
  const RawEvent& a = r->events[0];
  EXPECT_EQ(a.title, "Deepstack de l\u2019Hiver");
  EXPECT_EQ(a.start, "2026-12-05T20:00");
  EXPECT_EQ(a.buy_in, "150 € (130+20)");
  EXPECT_EQ(a.variant, "No Limit Hold'em");
  EXPECT_EQ(a.description, "Tapis de départ 30 000 Niveaux de 20 minutes");
  // Relative link resolved against <base href>.
  EXPECT_EQ(a.event_url, "https://www.casino-rouen.example/poker/tournois/deepstack-hiver");
  EXPECT_EQ(a.venue_name, "Casino Barrière de Rouen");
  EXPECT_EQ(a.postcode, "76000");
  EXPECT_EQ(a.priority, 10);
  EXPECT_TRUE(text::isValidUtf8(a.title));
  EXPECT_EQ(r->events[1].title, "Omaha PLO – Spécial Noël");
  EXPECT_EQ(r->events[2].status_text, "Annulé");
  EXPECT_EQ(r->events[2].event_url, "");
  ASSERT_EQ(r->next_urls.size(), 1u);
  EXPECT_EQ(r->next_urls[0], "https://www.casino-rouen.example/poker/?page=2");
}

TEST(HtmlConnector, ContentTypeCharsetWinsAndEncodingOverrideWinsOverAll) {
  std::string body = "<html><body><div class=e><h3>Tournoi de l'\xC9t\xE9</h3></div></body></html>";
  SourceConfig cfg = makeConfig("x", SourceType::kHtml);
  cfg.html.item = "div.e";
  cfg.html.fields = {{"title", parseFieldSelector("h3")}};
  auto r = parseDocument(cfg, body, makeContext("https://x.test/", "2026-11-30T12:00:00+01:00",
                                                "text/html; charset=ISO-8859-1"));
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->events.size(), 1u);
  EXPECT_EQ(r->events[0].title, "Tournoi de l'Été");
  // Undeclared and invalid as UTF-8: read as Windows-1252 as well.
  auto undeclared = parseDocument(cfg, body, makeContext("https://x.test/"));
  ASSERT_TRUE(undeclared.has_value());
  EXPECT_EQ(undeclared->events[0].title, "Tournoi de l'Été");
  // A UTF-8 page wrongly served as Latin-1 is fixed by the catalog override.
  std::string utf8 = "<html><body><div class=e><h3>Tournoi de l'Été</h3></div></body></html>";
  cfg.encoding = "utf-8";
  auto fixed = parseDocument(cfg, utf8, makeContext("https://x.test/", "2026-11-30T12:00:00+01:00",
                                                    "text/html; charset=ISO-8859-1"));
  ASSERT_TRUE(fixed.has_value());
  EXPECT_EQ(fixed->events[0].title, "Tournoi de l'Été");
}

struct SelectorCase {
  const char* item;
  const char* title;
};

class HtmlSelectorVariants : public ::testing::TestWithParam<SelectorCase> {};

TEST_P(HtmlSelectorVariants, FindTheSameThreeItems) {
  SourceConfig cfg = makeConfig("casino-rouen", SourceType::kHtml);
  cfg.html.item = GetParam().item;
  cfg.html.fields = {{"title", parseFieldSelector(GetParam().title)}};
  auto r = parseDocument(cfg, testing::dataFile("casino_rouen_cp1252.html"), makeContext("https://x.test/"));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->events.size(), 3u) << GetParam().item;
  EXPECT_EQ(r->events[0].title, "Deepstack de l\u2019Hiver");
  EXPECT_EQ(r->events[2].title, "Freeroll du Réveillon");
}

INSTANTIATE_TEST_SUITE_P(
    CssAndXPath, HtmlSelectorVariants,
    ::testing::Values(SelectorCase{"article.tournoi", "h3"}, SelectorCase{".tournoi", ".titre"},
                      SelectorCase{"#agenda > article", "h3.titre"}, SelectorCase{"[data-id]", "[class=titre]"},
                      SelectorCase{"section article[data-id]", "h3"}, SelectorCase{"article", ".titre"},
                      SelectorCase{"//article[contains(@class, 'tournoi')]", "./h3"},
                      SelectorCase{"//section[@id='agenda']/article", "string(./h3)"}));

TEST(HtmlConnector, FollowLinksAndMergeDetailPage) {
  SourceConfig cfg = rouenConfig();
  cfg.default_venue = {};
  cfg.html.follow = parseFieldSelector("a.details");
  cfg.html.detail_fields = {{"description", parseFieldSelector(".description")},
                            {"address", parseFieldSelector(".rue")},
                            {"postcode", parseFieldSelector(".cp")},
                            {"city", parseFieldSelector(".ville")}};
  auto r = parseDocument(cfg, testing::dataFile("casino_rouen_cp1252.html"),
                         makeContext("https://www.casino-rouen.example/poker/agenda"));
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->follow_urls.size(), 3u);
  EXPECT_EQ(r->follow_urls[0], "https://www.casino-rouen.example/poker/tournois/deepstack-hiver");
  EXPECT_EQ(r->follow_urls[1], "https://www.casino-rouen.example/poker/tournois/omaha-noel");
  EXPECT_EQ(r->follow_urls[2], "");

  RawEvent listing = r->events[0];
  listing.description.clear();
  auto merged = mergeDetailPage(cfg, listing, testing::dataFile("casino_rouen_detail.html"),
                                makeContext(r->follow_urls[0]));
  ASSERT_TRUE(merged.has_value()) << merged.error().describe();
  EXPECT_EQ(merged->title, "Deepstack de l\u2019Hiver");  // the listing's value is kept
  EXPECT_EQ(merged->description,
            "Le grand deepstack de décembre : 30 000 jetons, niveaux de 20 minutes. Réservation conseillée.");
  EXPECT_EQ(merged->address, "3 place du Boulingrin");
  EXPECT_EQ(merged->postcode, "76000");
  EXPECT_EQ(merged->city, "Rouen");
  EXPECT_NE(merged->source_hash, listing.source_hash);
  EXPECT_EQ(merged->source_hash, computeSourceHash(*merged));
}

TEST(HtmlConnector, EachArticleCarriesItsPublicationDate) {
  SourceConfig cfg = makeConfig("club-caen", SourceType::kHtml);
  cfg.html.item = "article.post";
  cfg.html.fields = {{"title", parseFieldSelector(".entry-title")},
                     {"description", parseFieldSelector(".entry-content")},
                     {"url", parseFieldSelector(".entry-title a@href")}};
  auto r = parseDocument(cfg, testing::dataFile("club_blog_articles.html"), makeContext("https://pcc.example/actus/"));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->events.size(), 3u);
  // The post's publication time, not its update and not the tournament's
  // own <time datetime="2026-03-15"> in the text.
  EXPECT_EQ(r->events[0].published_at, "2026-03-12T18:04:11+01:00");
  EXPECT_EQ(r->events[1].published_at, "2026-03-02");
  EXPECT_EQ(r->events[2].published_at, "") << "no date for the post, none for the page";
  EXPECT_EQ(r->events[0].start, "");

  // A `published` field chooses for itself.
  cfg.html.fields["published"] = parseFieldSelector("time.updated@datetime");
  auto mapped = parseDocument(cfg, testing::dataFile("club_blog_articles.html"), makeContext("https://pcc.example/"));
  ASSERT_TRUE(mapped.has_value());
  EXPECT_EQ(mapped->events[0].published_at, "2026-03-13T09:00:00+01:00");
  EXPECT_EQ(mapped->events[1].published_at, "2026-03-02") << "field empty: the article's date";
}

TEST(HtmlConnector, PressArticlePageDate) {
  SourceConfig cfg = makeConfig("presse", SourceType::kHtml);
  cfg.html.item = "article";
  cfg.html.fields = {{"title", parseFieldSelector("h1")},
                     {"start", parseFieldSelector(".chapo")},
                     {"description", parseFieldSelector(".article-body")}};
  cfg.default_venue = {"Casino de Forges", "", "Forges", ""};
  auto r = parseDocument(cfg, testing::dataFile("article_presse.html"), makeContext("https://presse.example/a"));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->events.size(), 1u);
  EXPECT_EQ(r->events[0].published_at, "2026-03-11T17:42:00+01:00") << "article:published_time, not modified_time";
  // A listing whose items mark the tournament's date with <time> has no
  // publication date: the event's date is never taken for one.
  auto rouen = parseDocument(rouenConfig(), testing::dataFile("casino_rouen_cp1252.html"),
                             makeContext("https://www.casino-rouen.example/poker/agenda"));
  ASSERT_TRUE(rouen.has_value());
  for (const auto& e : rouen->events) EXPECT_EQ(e.published_at, "") << e.title;
  // A detail page (html follow) gives its publication date to the event.
  RawEvent listing = r->events[0];
  listing.published_at.clear();
  auto merged = mergeDetailPage(cfg, listing, testing::dataFile("article_presse.html"),
                                makeContext("https://presse.example/a"));
  ASSERT_TRUE(merged.has_value());
  EXPECT_EQ(merged->published_at, "2026-03-11T17:42:00+01:00");
  RawEvent without_date = *merged;
  without_date.published_at.clear();
  EXPECT_EQ(merged->source_hash, computeSourceHash(without_date)) << "the publication date is not content";
}

TEST(HtmlConnector, TruncatedPageRecoversTheCompleteItems) {
  SourceConfig cfg = rouenConfig();
  auto r = parseDocument(cfg, testing::dataFile("truncated.html"), makeContext("https://x.test/"));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->events.size(), 2u);
  EXPECT_EQ(r->events[0].title, "Deepstack de l\u2019Hiver");
  EXPECT_EQ(r->events[1].buy_in, "80 €");
}

TEST(HtmlConnector, BadSelectorOrEmptyDocumentIsAClearError) {
  SourceConfig cfg = prototypeHtmlConfig();
  cfg.html.item = "div:nth-child(2)";
  auto r = parseDocument(cfg, "<html><body></body></html>", makeContext("https://x.test/"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().where, "demo_html: item");

  cfg = prototypeHtmlConfig();
  cfg.html.fields["title"] = parseFieldSelector("//div[");
  r = parseDocument(cfg, "<html><body></body></html>", makeContext("https://x.test/"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().where, "demo_html: fields.title");

  cfg = prototypeHtmlConfig();
  cfg.html.fields["prix"] = parseFieldSelector(".x");
  r = parseDocument(cfg, "<html><body></body></html>", makeContext("https://x.test/"));
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("unknown field 'prix'"), std::string::npos);

  r = parseDocument(prototypeHtmlConfig(), "", makeContext("https://x.test/"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kParse);
  EXPECT_EQ(r.error().where, "demo_html: byte 0");
}

TEST(HtmlConnector, NoMatchingItemIsAWarningNotAnError) {
  auto r = parseDocument(prototypeHtmlConfig(), "<html><body><p>Aucun tournoi</p></body></html>",
                         makeContext("https://x.test/"));
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->events.empty());
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find(".event-item"), std::string::npos);
}

TEST(HtmlConnector, BinaryGarbageDoesNotCrash) {
  std::string junk;
  for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 7919) % 256);
  auto r = parseDocument(prototypeHtmlConfig(), junk, makeContext("https://x.test/"));
  if (r.has_value()) {
    EXPECT_TRUE(r->events.empty());
  } else {
    EXPECT_EQ(r.error().code, ErrorCode::kParse);
  }
}

}  // namespace
}  // namespace pft::ingestion
