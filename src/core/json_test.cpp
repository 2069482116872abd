#include "pft/core/json.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "pft/core/text.hpp"

namespace pft {
namespace {

using nlohmann::json;

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

// Time unknown: the end has the start's shape (a date), in the API, the
// dry-run writer and JSON-LD alike (issue 12 §2).
TEST(TournamentJson, DateOnlyEndHasTheStartsShape) {
  auto t = sample();
  t.time_known = false;
  t.end = t.start + std::chrono::days{1};
  const auto j = tournamentToJson(t);
  EXPECT_EQ(j["start_datetime_local"], "2026-12-05");
  EXPECT_EQ(j["end_datetime_local"], "2026-12-06");
  EXPECT_EQ(tournamentJsonLd(t, "https://example.org")["endDate"], "2026-12-06");
  json venue = venueToJson(t.venue);
  venue.erase("id");
  std::string fast;
  appendTournamentJson(fast, t, venue.dump(), std::nullopt);
  EXPECT_EQ(fast, tournamentToJson(t, false).dump());
  t.time_known = true;
  EXPECT_EQ(tournamentToJson(t)["end_datetime_local"], "2026-12-06T20:00:00+01:00");
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

// Issue 15: bidi controls in a title or description would make the event
// read differently in search results; they are left out of JSON-LD.
TEST(JsonLd, NameAndDescriptionWithoutBidiControls) {
  auto t = sample();
  t.title = "Deepstack \u202Eexe.\u202C 150";
  t.description = "\u2066Structure\u2069 lente\u200F";
  t.venue.name = "Casino\u200E X";
  t.venue.website = "javascript:alert(1)";
  auto ld = tournamentJsonLd(t, "https://example.fr");
  EXPECT_EQ(ld["name"], "Deepstack exe. 150");
  EXPECT_EQ(ld["description"], "Structure lente");
  EXPECT_EQ(ld["location"]["name"], "Casino X");
  EXPECT_EQ(ld["organizer"]["name"], "Casino X");
  EXPECT_FALSE(ld["organizer"].contains("url"));
  t.venue.website = "https://casino.test/";
  EXPECT_EQ(tournamentJsonLd(t, "https://example.fr")["organizer"]["url"], "https://casino.test/");
}

// Issue 15 item 5: rows stored before normalize checked URLs are filtered
// as they are served.
TEST(TournamentJson, ServesOnlyLinksAndRelativeProvenance) {
  auto t = sample();
  for (std::string bad : {"javascript:alert(1)", "data:text/html,x", "file:///etc/passwd",
                          "https://organiser.test/e\r\nEND:VEVENT"}) {
    t.event_url = bad;
    t.source_url = bad;
    auto j = tournamentToJson(t);
    EXPECT_TRUE(j["event_url"].is_null()) << bad;
    EXPECT_TRUE(j["source_url"].is_null()) << bad;
  }
  t.source_url = "/home/pft/sources/demo/club-lyon.ics";
  EXPECT_TRUE(tournamentToJson(t)["source_url"].is_null());
  t.source_url = "demo/club-lyon.ics";
  EXPECT_EQ(tournamentToJson(t)["source_url"], "demo/club-lyon.ics");
  t.event_url = "https://organiser.test/e/1";
  EXPECT_EQ(tournamentToJson(t)["event_url"], "https://organiser.test/e/1");
}

// Bounds of untrusted JSON: nesting is counted without parsing, strings skipped.
TEST(JsonDepth, CountsBracketsOutsideStrings) {
  EXPECT_TRUE(checkJsonDepth("{\"a\":[[1]]}", 3));
  EXPECT_FALSE(checkJsonDepth("{\"a\":[[[1]]]}", 3));
  EXPECT_TRUE(checkJsonDepth("{\"a\":\"[[[[[[\\\"[[[[\"}", 1));
  EXPECT_TRUE(checkJsonDepth(std::string(64, '[') + std::string(64, ']')));
  auto deep = checkJsonDepth(std::string(70000, '[') + std::string(70000, ']'));
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(deep.error().message, "JSON nested deeper than 64 levels (at byte 64)");
  // Siblings do not add up.
  std::string wide = "[";
  for (int i = 0; i < 1000; ++i) wide += "[[1]],";
  EXPECT_TRUE(checkJsonDepth(wide + "0]", 3));
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
  EXPECT_EQ(line.find("\"kind\""), std::string::npos) << "absent when empty";
  e.kind = "announcement";
  e.latitude = 49.5;
  e.longitude = 1.5;
  line.clear();
  appendRawEventJsonLine(line, e);
  EXPECT_EQ(line, rawEventToJson(e).dump() + "\n") << "sorted between fetched_at and latitude";
  RawEvent fast;
  ASSERT_TRUE(parseRawEventJsonLine(line, fast));
  EXPECT_EQ(fast.kind, "announcement");
  back = rawEventFromJson(nlohmann::json::parse(line));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->kind, "announcement");
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

TEST(RawEventJson, SourceIdIsWrittenOnlyWhenSetAndReadBackByBothReaders) {
  RawEvent e;
  e.source_name = "casino-x";
  e.title = "Deepstack";
  std::string line;
  appendRawEventJsonLine(line, e);
  EXPECT_EQ(line.find("source_id"), std::string::npos) << "absent when empty: older lines stay byte for byte";
  e.source_id = "uid-42@casino.example/2026-12-05";
  line.clear();
  appendRawEventJsonLine(line, e);
  EXPECT_EQ(line, rawEventToJson(e).dump() + "\n");
  EXPECT_NE(line.find(R"("source_hash":"","source_id":"uid-42@casino.example/2026-12-05","source_name")"),
            std::string::npos)
      << line;
  auto slow = rawEventFromJson(nlohmann::json::parse(line));
  ASSERT_TRUE(slow);
  EXPECT_EQ(slow->source_id, e.source_id);
  RawEvent fast;
  fast.source_id = "left over";
  line.pop_back();
  ASSERT_TRUE(parseRawEventJsonLine(line, fast));
  EXPECT_EQ(fast.source_id, e.source_id);
  ASSERT_TRUE(parseRawEventJsonLine(R"({"title":"x"})", fast));
  EXPECT_EQ(fast.source_id, "") << "every field is overwritten";
}

TEST(TournamentJson, RemovedAtIsIsoWhenWithdrawnAndNullOtherwise) {
  auto t = sample();
  auto j = tournamentToJson(t);
  ASSERT_TRUE(j.contains("removed_at"));
  EXPECT_TRUE(j["removed_at"].is_null());
  t.status = TournamentStatus::kRemoved;
  t.removed_at = *parseIsoInstant("2026-12-02T03:00:00+01:00");
  j = tournamentToJson(t);
  EXPECT_EQ(j["status"], "removed");
  EXPECT_EQ(j["removed_at"], "2026-12-02T03:00:00+01:00");
  EXPECT_FALSE(tournamentToJson(t, false).contains("removed_at")) << "dry-run lines keep their shape";
  auto ld = tournamentJsonLd(t, "https://example.fr");
  EXPECT_EQ(ld["eventStatus"], "https://schema.org/EventCancelled");
  EXPECT_EQ(ld["offers"]["availability"], "https://schema.org/Discontinued");
  EXPECT_EQ(parseStatusName("removed"), TournamentStatus::kRemoved);
}

TEST(IngestManifest, RoundTripsAndRejectsWhatItCannotTrust) {
  IngestManifest m;
  m.bytes = 1234;
  m.lines = 7;
  m.written_at = "2026-12-01T12:00:00+01:00";
  SourceRun ok;
  ok.name = "casino-x";
  ok.status = "ok";
  ok.complete = true;
  ok.events = 5;
  SourceRun failed;
  failed.name = "club-y";
  failed.status = "failed";
  failed.error = "HTTP 500 \xC3(";
  m.sources = {ok, failed};
  auto back = parseIngestManifest(ingestManifestToJson(m));
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(back->bytes, 1234);
  EXPECT_EQ(back->lines, 7);
  ASSERT_EQ(back->sources.size(), 2u);
  EXPECT_TRUE(back->sources[0].complete);
  EXPECT_EQ(back->sources[0].events, 5);
  EXPECT_FALSE(back->sources[1].complete);
  EXPECT_EQ(back->sources[1].status, "failed");
  EXPECT_EQ(ingestManifestPath("var/raw_events.jsonl"), "var/raw_events.jsonl.manifest.json");
  for (const char* bad : {"", "[]", R"({"bytes":1})", R"({"manifest":2,"bytes":1,"lines":1,"sources":[]})",
                          R"({"manifest":1,"bytes":1,"lines":1,"sources":[{"name":"x"}]})"}) {
    EXPECT_FALSE(parseIngestManifest(bad)) << bad;
  }
}

TEST(IngestRunJson, CarriesRemovedAndPerSourceCompleteness) {
  IngestRun run;
  run.removed = 3;
  SourceRun s;
  s.name = "casino-x";
  s.complete = true;
  s.removed = 3;
  run.sources = {s};
  auto j = ingestRunToJson(run);
  EXPECT_EQ(j["removed"], 3);
  EXPECT_EQ(j["sources"][0]["complete"], true);
  EXPECT_EQ(j["sources"][0]["removed"], 3);
}

// The fast line reader agrees with rawEventFromJson on what it accepts, and
// leaves everything else to it.
TEST(RawEventJson, FastLineReaderAgreesWithRawEventFromJson) {
  const std::vector<std::string> accepted = {
      R"({"source_name":"a","title":"Tournoi \"Deep\" \u00e9t\u00E9 \ud83c\udccf","start":"12/12/2026 20h",)"
      R"("latitude":49.5,"longitude":-1.25e0,"priority":7,"extra":true,"n":12})",
      R"({ "title" : "Paris\/Nord\n\t\r\b\f" , "city" : null , "other" : "x" })",
      R"({"title":"Éte à Évian","buy_in":"150 €","priority":-3,"latitude":null})",
      R"({"title":"Deepstack ce dimanche","fetched_at":"2026-03-12T09:00:00+01:00","published_at":"2026-03-10"})",
      R"({"title":"Un deepstack samedi","kind":"announcement"})",
      R"({})",
      // Keys written with escapes (read through the slow path of the key reader).
      R"({"\u0074itle":"Deepstack","city\u0022":"x","venue_name":"Casino \"Le Lyon\"","\u0070riority":4})",
  };
  for (const auto& line : accepted) {
    SCOPED_TRACE(line);
    auto expected = rawEventFromJson(json::parse(line));
    ASSERT_TRUE(expected);
    RawEvent fast;
    fast.title = "left over from the previous line";
    fast.priority = 99;
    ASSERT_TRUE(parseRawEventJsonLine(line, fast));
    EXPECT_EQ(rawEventToJson(fast), rawEventToJson(*expected));
    EXPECT_EQ(fast.latitude, expected->latitude);
    EXPECT_EQ(fast.priority, expected->priority);
    EXPECT_EQ(fast.published_at, expected->published_at);
    EXPECT_EQ(fast.kind, expected->kind);
  }
  RawEvent e;
  ASSERT_TRUE(parseRawEventJsonLine(accepted[0], e));
  EXPECT_EQ(e.title, "Tournoi \"Deep\" \u00e9t\u00e9 \U0001F0CF");
  EXPECT_EQ(e.latitude, 49.5);
  EXPECT_EQ(e.longitude, -1.25);
  EXPECT_EQ(e.priority, 7);

  const std::vector<std::string> left_to_nlohmann = {
      R"({"title":"x",})", R"({"title":150})", R"({"latitude":"49.1"})", R"({"title":"a"} trailing)",
      R"({"title":"\ud800"})", "{\"title\":\"bad \xC3\x28 utf8\"}", R"([1,2])", R"({"priority":1.5})",
      "{\"title\":\"raw\ttab\"}", R"({"title":"x")", R"({"title":"x","nested":{"a":1}})",
      R"({"title":"x","list":[1]})",
  };
  for (const auto& line : left_to_nlohmann) {
    RawEvent out;
    EXPECT_FALSE(parseRawEventJsonLine(line, out)) << line;
  }
}

// The fast (dry-run) writer gives byte for byte what tournamentToJson(t, false) gives.
TEST(TournamentJson, FastWriterMatchesTheTreeDump) {
  Tournament t;
  t.title = "Deepstack \"été\" \\ 150€\n\x01";
  t.description = "";
  t.start = Instant{std::chrono::seconds(1796497200)};  // 2026-12-05T19:00:00Z
  t.time_known = true;
  t.end = Instant{std::chrono::seconds(1796508000)};
  t.buy_in_cents = 15000;
  t.guarantee_cents = 1000000;
  t.tags = {"bounty", "flight:1A"};
  t.status = TournamentStatus::kCancelled;
  t.source_name = "club";
  t.source_hash = "abc";
  t.venue.name = "Casino";
  t.venue.city = "Deauville";
  t.venue.latitude = 49.0;
  t.venue.longitude = 0.07194;
  std::vector<Tournament> cases = {t};
  t.time_known = false;
  t.end.reset();
  t.buy_in_cents.reset();
  t.fee_cents = 0;
  t.tags.clear();
  t.description = "Structure lente";
  t.source_url = "https://example.org/a?b=1&c=2";
  t.event_url = "https://example.org/e/1";
  t.multi_day = true;
  t.start = Instant{std::chrono::seconds(1782856800)};  // summer time
  t.venue.latitude.reset();
  t.venue.longitude.reset();
  cases.push_back(t);
  for (const auto& c : cases) {
    json venue = venueToJson(c.venue);
    venue.erase("id");
    std::string fast;
    appendTournamentJson(fast, c, venue.dump(), std::nullopt);
    EXPECT_EQ(fast, tournamentToJson(c, false).dump());
    json with_dup = tournamentToJson(c, false);
    with_dup["duplicate_of"] = 42;
    fast.clear();
    appendTournamentJson(fast, c, venue.dump(), 42);
    EXPECT_EQ(fast, with_dup.dump());
  }
}

// The writer remembers time-zone offsets per instant: the same instant in
// another zone, and instants on both sides of a DST change, must still be
// written as tournamentToJson writes them; strings with characters to escape
// at every position of an eight-byte block too.
TEST(TournamentJson, FastWriterOffsetCacheAndEscapesAtEveryPosition) {
  Tournament t;
  t.source_name = "club";
  t.source_hash = "abc";
  t.venue.name = "Casino";
  t.time_known = true;
  json venue = venueToJson(t.venue);
  venue.erase("id");
  const std::vector<std::string> zones = {"Europe/Paris", "America/New_York", "Europe/Paris", "Asia/Tokyo"};
  // 2026-03-29 00:30Z and 01:30Z: either side of the Paris spring change.
  const std::vector<std::int64_t> instants = {1774744200, 1774747800, 1774744200, 1796497200};
  for (int round = 0; round < 2; ++round) {
    for (const auto& zone : zones) {
      for (auto secs : instants) {
        t.timezone = zone;
        t.start = Instant{std::chrono::seconds(secs)};
        t.end = Instant{std::chrono::seconds(secs + 3600)};
        std::string fast;
        appendTournamentJson(fast, t, venue.dump(), std::nullopt);
        ASSERT_EQ(fast, tournamentToJson(t, false).dump()) << zone << " " << secs;
      }
    }
  }
  for (std::size_t at = 0; at < 20; ++at) {
    for (const char* special : {"\"", "\\", "\n", "\x01", "é"}) {
      t.title = std::string(at, 'a') + special + std::string(20 - at, 'b');
      std::string fast;
      appendTournamentJson(fast, t, venue.dump(), std::nullopt);
      ASSERT_EQ(fast, tournamentToJson(t, false).dump()) << at;
    }
  }
}

// The one escaper writes what nlohmann writes: every ASCII byte at every
// position of an eight-byte block, multi-byte UTF-8, and invalid UTF-8
// repaired as text::repairUtf8 repairs it.
TEST(JsonString, MatchesNlohmannDump) {
  for (int c = 0; c < 0x80; ++c) {
    for (std::size_t at = 0; at < 10; ++at) {
      std::string s = std::string(at, 'a') + static_cast<char>(c) + "é€🃏";
      std::string out;
      appendJsonString(out, s);
      ASSERT_EQ(out, json(s).dump()) << c << " at " << at;
    }
  }
  for (std::string bad : {"Caf\xE9", "\xC0\xAF \"x\"", "ok\x80\n"}) {
    std::string out;
    appendJsonString(out, bad);
    EXPECT_EQ(out, json(text::repairUtf8(bad)).dump());
    EXPECT_FALSE(json::parse(out, nullptr, false).is_discarded());
  }
}

// Every key the writer writes, the fast reader reads back.
TEST(RawEventJson, FastLineReaderReadsEveryKeyTheWriterWrites) {
  RawEvent e;
  for (std::string* f : {&e.source_name, &e.source_url, &e.title, &e.description, &e.start, &e.end, &e.buy_in,
                         &e.variant, &e.venue_name, &e.address, &e.city, &e.postcode, &e.event_url, &e.status_text,
                         &e.timezone, &e.fetched_at, &e.published_at, &e.source_hash, &e.source_id}) {
    *f = "value " + std::to_string(reinterpret_cast<std::uintptr_t>(f) % 9973) + " \"é\"";
  }
  e.latitude = 43.7;
  e.longitude = 7.25;
  e.priority = 3;
  std::string line;
  appendRawEventJsonLine(line, e);
  line.pop_back();  // the newline
  RawEvent back;
  ASSERT_TRUE(parseRawEventJsonLine(line, back));
  EXPECT_EQ(rawEventToJson(back), rawEventToJson(e));
  EXPECT_EQ(back.priority, 3);
}

}  // namespace
}  // namespace pft

namespace pft {
namespace {

// The body writer never throws on invalid UTF-8, whatever the path it came
// by (a key, a value, nested), and writes no "</".
TEST(DumpJson, ReplacesInvalidUtf8AndEscapesClosingTags) {
  nlohmann::json j;
  j["detail"] = "limit '\xFF\xC3' is not a whole number";
  j["nested"] = {{"k\xE9y", {"</script>", "a</b</c", "<\\/ok"}}};
  EXPECT_THROW((void)j.dump(), nlohmann::json::type_error);  // what it replaces
  std::string text;
  ASSERT_NO_THROW(text = dumpJson(j));
  EXPECT_EQ(text.find("</"), std::string::npos) << text;
  EXPECT_TRUE(text::isValidUtf8(text));
  auto back = nlohmann::json::parse(text);
  EXPECT_EQ(back["detail"], "limit '\xEF\xBF\xBD\xEF\xBF\xBD' is not a whole number");
  EXPECT_EQ(back["nested"]["k\xEF\xBF\xBDy"][0], "</script>");
  EXPECT_EQ(back["nested"]["k\xEF\xBF\xBDy"][1], "a</b</c");
  EXPECT_EQ(back["nested"]["k\xEF\xBF\xBDy"][2], "<\\/ok");
  const nlohmann::json plain = {{"a", 1}, {"b", "<b>é</"}};
  EXPECT_EQ(dumpJson(plain), "{\"a\":1,\"b\":\"<b>é<\\/\"}");
  const nlohmann::json indented = {{"a", "x</y"}};
  EXPECT_EQ(dumpJson(indented, 2), "{\n  \"a\": \"x<\\/y\"\n}");
}

}  // namespace
}  // namespace pft
