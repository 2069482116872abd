#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "connectors/common.hpp"
#include "connectors/test_util.hpp"
#include "pft/core/text.hpp"
#include "pft/ingestion/connectors.hpp"

namespace pft::ingestion {
namespace {

using testing::makeConfig;
using testing::makeContext;

TEST(Charset, FromContentTypeAndDocument) {
  EXPECT_EQ(detail::charsetFromContentType("text/html; charset=ISO-8859-1"), "iso-8859-1");
  EXPECT_EQ(detail::charsetFromContentType("text/html;charset=\"utf-8\""), "utf-8");
  EXPECT_EQ(detail::charsetFromContentType("text/html"), "");
  EXPECT_EQ(detail::charsetDeclaredInDocument("<html><head><meta charset=\"windows-1252\">"), "windows-1252");
  EXPECT_EQ(detail::charsetDeclaredInDocument(
                "<head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=iso-8859-15\"></head>"),
            "iso-8859-15");
  EXPECT_EQ(detail::charsetDeclaredInDocument("<?xml version=\"1.0\" encoding='ISO-8859-1'?><rss/>"), "iso-8859-1");
  EXPECT_EQ(detail::charsetDeclaredInDocument("<?xml version=\"1.0\"?><rss/>"), "");
}

TEST(Charset, ConversionToUtf8) {
  std::vector<std::string> warnings;
  EXPECT_EQ(detail::toUtf8("\xef\xbb\xbf" "Caf\xc3\xa9", "", warnings), "Café");
  EXPECT_EQ(detail::toUtf8("Caf\xe9 \x80", "", warnings), "Café €");
  EXPECT_EQ(detail::toUtf8("Caf\xe9 \x80", "windows-1252", warnings), "Café €");
  // ISO-8859-15 has the euro at 0xA4: through iconv.
  EXPECT_EQ(detail::toUtf8("10 \xa4", "iso-8859-15", warnings), "10 €");
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(detail::toUtf8("Caf\xc3\xa9", "x-unknown-charset", warnings), "Café");
  EXPECT_EQ(warnings.size(), 1u);
}

TEST(SourceHash, StableAndSensitiveToContentOnly) {
  RawEvent e;
  e.source_name = "casino-rouen";
  e.title = "Deepstack";
  e.start = "2026-12-05T20:00";
  std::string h = computeSourceHash(e);
  EXPECT_EQ(h.size(), 64u);
  EXPECT_EQ(h, computeSourceHash(e));
  RawEvent later = e;
  later.fetched_at = "2026-12-01T03:00:00+01:00";
  later.source_url = "https://other.test/";
  EXPECT_EQ(computeSourceHash(later), h);
  RawEvent other = e;
  other.buy_in = "50 €";
  EXPECT_NE(computeSourceHash(other), h);
  // Field boundaries matter: moving text between fields changes the hash.
  RawEvent a = e, b = e;
  a.title = "AB";
  a.description = "";
  b.title = "A";
  b.description = "B";
  EXPECT_NE(computeSourceHash(a), computeSourceHash(b));
  // Pinned: the digest must not change across versions and machines.
  RawEvent pinned;
  pinned.source_name = "demo";
  pinned.title = "Tournoi";
  // SHA-256 of "10:pft-raw-v1\n4:demo\n7:Tournoi\n" followed by eleven "0:\n".
  EXPECT_EQ(computeSourceHash(pinned), "75b42cc33b5b3a397b42bd601dc86e6c758488da3bfec15bbab62d3f33db1248");
}

TEST(SourceType, NamesRoundTrip) {
  for (SourceType t : {SourceType::kHtml, SourceType::kJsonLd, SourceType::kIcs, SourceType::kRss, SourceType::kCsv,
                       SourceType::kJson}) {
    auto back = parseSourceType(sourceTypeName(t));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, t);
  }
  EXPECT_FALSE(parseSourceType("xml").has_value());
  EXPECT_FALSE(parseSourceType("HTML").has_value());
}

TEST(RawFields, KnownNamesOnly) {
  RawEvent e;
  EXPECT_TRUE(setRawField(e, "url", "https://x.test/"));
  EXPECT_EQ(e.event_url, "https://x.test/");
  EXPECT_TRUE(setRawField(e, "status", "Annulé"));
  EXPECT_EQ(e.status_text, "Annulé");
  EXPECT_FALSE(setRawField(e, "prix", "10"));
  EXPECT_TRUE(isRawFieldName("venue_name"));
  EXPECT_FALSE(isRawFieldName("fetched_at"));
}

TEST(ParseDocument, DefaultVenueFillsOnlyEmptyFields) {
  SourceConfig cfg = makeConfig("casino", SourceType::kCsv);
  cfg.default_venue = {"Casino de Dieppe", "3 boulevard de Verdun", "Dieppe", "76200"};
  cfg.timezone = "Europe/Paris";
  auto r = parseDocument(cfg, "title;city\nA;\nB;Rouen\n", makeContext("https://casino.test/a.csv"));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_EQ(r->events.size(), 2u);
  EXPECT_EQ(r->events[0].venue_name, "Casino de Dieppe");
  EXPECT_EQ(r->events[0].city, "Dieppe");
  EXPECT_EQ(r->events[1].city, "Rouen");
  EXPECT_EQ(r->events[1].postcode, "76200");
  EXPECT_EQ(r->events[1].source_url, "https://casino.test/a.csv");
  EXPECT_EQ(r->events[1].fetched_at, "");  // the runner sets it
}

// The documents both robustness tests below cut and mutate: one or more of
// every connector's fixtures.
struct CorpusDoc {
  SourceType type;
  std::string body;
};
std::vector<CorpusDoc> robustnessCorpus() {
  return {
      {SourceType::kHtml, testing::dataFile("casino_rouen_cp1252.html")},
      {SourceType::kJsonLd, testing::dataFile("jsonld_graph.html")},
      {SourceType::kRss, testing::dataFile("atom_association.xml")},
      {SourceType::kRss, testing::dataFile("rss_event_module.xml")},
      {SourceType::kRss, testing::sharedFixture("prototype/demo_rss.xml")},
      {SourceType::kIcs, testing::dataFile("club_weekly.ics")},
      {SourceType::kIcs, testing::sharedFixture("real/ics/issue_18_cancel_status.ics")},
      {SourceType::kCsv, testing::dataFile("club_cp1252.csv")},
      {SourceType::kJson, testing::dataFile("tec_page1.json")},
  };
}

// Every prefix of every fixture, in every connector: a clear error or
// events, never a crash (run under ASan in CI).
TEST(ParseDocument, TruncatedFixturesNeverCrash) {
  const std::vector<CorpusDoc> docs = robustnessCorpus();
  int outcomes = 0;
  for (const CorpusDoc& doc : docs) {
    SourceConfig cfg = makeConfig("fuzz", doc.type);
    cfg.html.item = "article";
    cfg.html.fields = {{"title", parseFieldSelector("h3")}};
    cfg.csv.field_map = {{"Titre", "title"}};
    for (std::size_t cut = 0; cut <= doc.body.size(); cut += 1 + doc.body.size() / 97) {
      auto r = parseDocument(cfg, std::string_view(doc.body).substr(0, cut),
                             makeContext("https://x.test/", "2026-12-01T00:00:00+01:00"));
      if (r.has_value()) {
        for (const auto& e : r->events) EXPECT_EQ(e.source_name, "fuzz");
      } else {
        EXPECT_FALSE(r.error().message.empty());
        EXPECT_NE(r.error().code, ErrorCode::kInternal) << r.error().describe();
      }
      ++outcomes;
    }
  }
  EXPECT_GT(outcomes, 600);
}

}  // namespace
}  // namespace pft::ingestion

namespace pft::ingestion {
namespace {

// Deterministic mutations (byte flips, inserted delimiters, cut ranges) of
// every fixture: events or a kParse error, never a crash (a small fuzzer
// that runs in every build; run under ASan with the asan preset).
TEST(ParseDocument, MutatedFixturesNeverCrash) {
  const std::vector<CorpusDoc> docs = robustnessCorpus();
  const char kSpecial[] = {'<', '>', '"', '\'', '\n', ';', ',', ':', '{', '}', '[', ']', '&', '\0', '\xff', '\\'};
  std::uint64_t seed = 0x9E3779B97F4A7C15ull;
  auto next = [&seed]() {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
  };
  int parsed = 0;
  for (const CorpusDoc& doc : docs) {
    SourceConfig cfg = makeConfig("mut", doc.type);
    cfg.html.item = "article";
    cfg.html.fields = {{"title", parseFieldSelector("h3")}, {"url", parseFieldSelector("a@href")}};
    cfg.csv.field_map = {{"Titre", "title"}, {"Lien", "url"}};
    for (int round = 0; round < 60; ++round) {
      std::string body = doc.body;
      int edits = 1 + static_cast<int>(next() % 8);
      for (int k = 0; k < edits && !body.empty(); ++k) {
        std::size_t pos = next() % body.size();
        switch (next() % 4) {
          case 0: body[pos] = static_cast<char>(next() & 0xff); break;
          case 1: body.insert(pos, 1, kSpecial[next() % sizeof kSpecial]); break;
          case 2: body.erase(pos, next() % 64); break;
          default: body.insert(pos, body.substr(next() % body.size(), next() % 128)); break;
        }
      }
      auto r = parseDocument(cfg, body, makeContext("https://x.test/", "2026-12-01T00:00:00+01:00"));
      if (r.has_value()) {
        for (const auto& e : r->events) {
          EXPECT_TRUE(text::isValidUtf8(e.title)) << e.title;
          EXPECT_EQ(e.source_hash.size(), 64u);
        }
      } else {
        EXPECT_NE(r.error().code, ErrorCode::kInternal) << r.error().describe();
      }
      ++parsed;
    }
  }
  EXPECT_EQ(parsed, static_cast<int>(docs.size()) * 60);
}

}  // namespace
}  // namespace pft::ingestion
