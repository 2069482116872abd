// Every connector's reading of an item's own id (RawEvent::source_id), the
// key of a tournament's identity across runs (issue 11), and the `partial`
// flag that keeps a damaged fetch from withdrawing anything. One table:
// a document per row, the ids expected by start, and why.

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "connectors/test_util.hpp"
#include "pft/ingestion/connectors.hpp"

namespace pft::ingestion {
namespace {

using testing::makeConfig;
using testing::makeContext;

struct IdCase {
  std::string why;
  SourceType type;
  std::function<void(SourceConfig&)> configure;  // may be empty
  std::string body;
  std::map<std::string, std::string> id_by_start;  // expected source_id of the event starting so ("" = none)
  bool partial = false;
};

const char* kIcsRecurring =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
    "BEGIN:VEVENT\r\nUID:weekly@club.example\r\nDTSTART;TZID=Europe/Paris:20261201T200000\r\n"
    "RRULE:FREQ=WEEKLY;COUNT=3\r\nSUMMARY:Deepstack du mardi\r\nLOCATION:Club\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:weekly@club.example\r\nRECURRENCE-ID;TZID=Europe/Paris:20261208T200000\r\n"
    "DTSTART;TZID=Europe/Paris:20261208T213000\r\nSUMMARY:Deepstack du mardi (décalé)\r\nLOCATION:Club\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID: single@club.example \r\nDTSTART;TZID=Europe/Paris:20261205T190000\r\n"
    "SUMMARY:Main Event\r\nLOCATION:Club\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Paris:20261206T190000\r\nSUMMARY:Sans UID\r\nLOCATION:Club\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n";

const std::vector<IdCase>& cases() {
  static const std::vector<IdCase> kCases = {
      {"ics: UID; a recurrence adds the occurrence's day; an override keeps the day it replaces",
       SourceType::kIcs, {}, kIcsRecurring,
       {{"2026-12-01T20:00:00+01:00", "weekly@club.example/2026-12-01"},
        {"2026-12-08T21:30:00+01:00", "weekly@club.example/2026-12-08"},
        {"2026-12-15T20:00:00+01:00", "weekly@club.example/2026-12-15"},
        {"2026-12-05T19:00:00+01:00", "single@club.example"},
        {"2026-12-06T19:00:00+01:00", ""}}},
      {"ics: a truncated calendar is partial", SourceType::kIcs, {},
       "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20261205T190000Z\r\nSUMMARY:A\r\nEND:VEVENT\r\n"
       "BEGIN:VEVENT\r\nUID:b\r\n",
       {{"2026-12-05T20:00:00+01:00", "a"}}, true},
      {"jsonld: @id first, else url", SourceType::kJsonLd, {},
       R"(<html><head><script type="application/ld+json">[
         {"@type":"Event","@id":"https://casino.example/e/42#event","name":"Deepstack","startDate":"2026-12-05T20:00",
          "url":"https://casino.example/e/42","location":"Casino"},
         {"@type":"Event","@id":"#bounty","name":"Bounty","startDate":"2026-12-06T20:00","location":"Casino"},
         {"@type":"Event","name":"PLO","startDate":"2026-12-07T20:00","url":"/e/7","location":"Casino"},
         {"@type":"Event","name":"Nameless","startDate":"2026-12-08T20:00","location":"Casino"}]</script></head></html>)",
       {{"2026-12-05T20:00", "https://casino.example/e/42#event"},
        {"2026-12-06T20:00", "https://example.test/agenda#bounty"},
        {"2026-12-07T20:00", "https://example.test/e/7"},
        {"2026-12-08T20:00", ""}}},
      {"jsonld: a page without ld+json is partial (a changed layout looks the same)", SourceType::kJsonLd, {},
       "<html><body><p>Rien</p></body></html>", {}, true},
      {"tec: the event's id", SourceType::kJson, {},
       R"({"events":[{"id":1234,"title":"Deepstack","start_date":"2026-12-05 20:00:00","url":"https://c.example/e/x"},
                     {"title":"Sans id","start_date":"2026-12-06 20:00:00","url":"https://c.example/e/y"}]})",
       {{"2026-12-05 20:00:00", "1234"}, {"2026-12-06 20:00:00", ""}}},
      {"tec: an element that is not an object is skipped, so partial", SourceType::kJson, {},
       R"({"events":[7,{"id":1,"title":"A","start_date":"2026-12-05 20:00:00"}]})",
       {{"2026-12-05 20:00:00", "1"}}, true},
      {"json mapping: an id field, else the url field",
       SourceType::kJson,
       [](SourceConfig& c) {
         c.json.mode = JsonMode::kMapping;
         c.json.items = "/data";
         c.json.fields = {{"title", "/name"}, {"start", "/when"}, {"url", "/link"}, {"id", "/ref"}};
       },
       R"({"data":[{"name":"A","when":"5/12/2026 20h","link":"/a","ref":"A-1"},
                  {"name":"B","when":"6/12/2026 20h","link":"/b"},{"name":"C","when":"7/12/2026 20h"}]})",
       {{"5/12/2026 20h", "A-1"}, {"6/12/2026 20h", "https://example.test/b"}, {"7/12/2026 20h", ""}}},
      {"rss: guid; atom: id", SourceType::kRss, {},
       R"(<rss version="2.0"><channel><title>c</title>
         <item><title>Deepstack</title><guid isPermaLink="false"> club-42 </guid><ev:startdate xmlns:ev="http://purl.org/rss/1.0/modules/event/">2026-12-05T20:00</ev:startdate></item>
         <item><title>Sans guid</title><link>https://club.example/p</link><ev:startdate xmlns:ev="http://purl.org/rss/1.0/modules/event/">2026-12-06T20:00</ev:startdate></item>
         </channel></rss>)",
       {{"2026-12-05T20:00", "club-42"}, {"2026-12-06T20:00", ""}}},
      {"atom: the entry's id", SourceType::kRss, {},
       R"(<feed xmlns="http://www.w3.org/2005/Atom"><title>c</title>
         <entry><title>Deepstack</title><id>tag:club.example,2026:42</id><link href="https://club.example/42"/></entry>
         </feed>)",
       {{"", "tag:club.example,2026:42"}}},
      {"csv: the url column is the id; an id column wins",
       SourceType::kCsv,
       [](SourceConfig& c) {
         c.csv.field_map = {{"Tournoi", "title"}, {"Date", "start"}, {"Lien", "url"}, {"Ref", "id"}};
       },
       "Tournoi;Date;Lien;Ref\nDeepstack;05/12/2026 20:00;https://club.example/t/1;\n"
       "PLO;06/12/2026 20:00;/t/2;PLO-6\nSans;07/12/2026 20:00;;\n",
       {{"05/12/2026 20:00", "https://club.example/t/1"},
        {"06/12/2026 20:00", "PLO-6"},
        {"07/12/2026 20:00", ""}}},
      {"csv: a field_map column missing from the header makes the fetch partial",
       SourceType::kCsv,
       [](SourceConfig& c) { c.csv.field_map = {{"Tournoi", "title"}, {"Date", "start"}, {"Prix", "buy_in"}}; },
       "Tournoi;Date\nDeepstack;05/12/2026 20:00\n", {{"05/12/2026 20:00", ""}}, true},
      {"html: the url field is the id",
       SourceType::kHtml,
       [](SourceConfig& c) {
         c.html.item = "li.t";
         c.html.fields = {{"title", {"h3", ""}}, {"start", {"time", "datetime"}}, {"url", {"a", "href"}}};
       },
       R"(<ul><li class="t"><h3>Deepstack</h3><time datetime="2026-12-05T20:00"></time><a href="/t/1">+</a></li>
          <li class="t"><h3>PLO</h3><time datetime="2026-12-06T20:00"></time></li></ul>)",
       {{"2026-12-05T20:00", "https://example.test/t/1"}, {"2026-12-06T20:00", ""}}},
      {"html: an item selector that matches nothing is partial",
       SourceType::kHtml,
       [](SourceConfig& c) {
         c.html.item = "li.t";
         c.html.fields = {{"title", {"h3", ""}}};
       },
       "<ul><li class=\"other\">x</li></ul>", {}, true},
  };
  return kCases;
}

TEST(SourceId, EachConnectorReadsTheItemsOwnIdAndSaysWhenItsReadingIsPartial) {
  for (const IdCase& c : cases()) {
    SCOPED_TRACE(c.why);
    SourceConfig config = makeConfig("src", c.type);
    if (c.configure) c.configure(config);
    auto r = parseDocument(config, c.body, makeContext("https://example.test/agenda", "2026-11-30T12:00:00+01:00"));
    ASSERT_TRUE(r) << r.error().describe();
    std::map<std::string, std::string> got;
    for (const auto& e : r->events) got[e.start] = e.source_id;
    EXPECT_EQ(got, c.id_by_start);
    EXPECT_EQ(r->partial, c.partial);
  }
}

TEST(SourceId, ADetailPageGivesTheItemItsUrlAsIdWhenTheListingHadNone) {
  SourceConfig config = makeConfig("src", SourceType::kHtml);
  config.html.item = "li";
  config.html.fields = {{"title", {"h3", ""}}};
  RawEvent listed;
  listed.title = "Deepstack";
  auto merged = mergeDetailPage(config, listed, "<html><body><h3>Deepstack</h3></body></html>",
                                makeContext("https://club.example/tournois/deepstack"));
  ASSERT_TRUE(merged) << merged.error().describe();
  EXPECT_EQ(merged->source_id, "https://club.example/tournois/deepstack");
  listed.source_id = "own-7";
  merged = mergeDetailPage(config, listed, "<html><body><h3>Deepstack</h3></body></html>",
                           makeContext("https://club.example/tournois/deepstack"));
  ASSERT_TRUE(merged);
  EXPECT_EQ(merged->source_id, "own-7");
}

}  // namespace
}  // namespace pft::ingestion
