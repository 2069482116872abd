#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "connectors/test_util.hpp"
#include "pft/ingestion/connectors.hpp"

namespace pft::ingestion {
namespace {

using testing::at;
using testing::makeConfig;
using testing::makeContext;

ParseOutput parseIcsFile(const std::string& body, const std::string& now) {
  SourceConfig cfg = makeConfig("cal", SourceType::kIcs);
  auto r = parseDocument(cfg, body, makeContext("https://example.test/cal.ics", now));
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().describe());
  return r ? std::move(*r) : ParseOutput{};
}

std::vector<std::string> starts(const ParseOutput& out) {
  std::vector<std::string> s;
  for (const auto& e : out.events) s.push_back(e.start);
  std::sort(s.begin(), s.end());
  return s;
}

TEST(IcsConnector, GoogleExportWithOverridesAndOrphans) {
  auto out = parseIcsFile(testing::sharedFixture("real/ics/issue_173_only_modifications_error.ics"),
                          "2024-03-01T00:00:00+01:00");
  EXPECT_EQ(out.events.size(), 285u);
  for (const auto& e : out.events) {
    EXPECT_EQ(e.title, "XXX");
    EXPECT_EQ(e.source_name, "cal");
    EXPECT_EQ(e.source_hash.size(), 64u);
  }
}

TEST(IcsConnector, ThunderbirdDailyRuleWithExdatesAndMovedOverrides) {
  auto out =
      parseIcsFile(testing::sharedFixture("real/ics/after_many_events_in_order.ics"), "2024-03-25T00:00:00+00:00");
  ASSERT_EQ(out.events.size(), 7u);
  auto s = starts(out);
  EXPECT_EQ(s.front(), "2024-03-26T01:00:00+00:00");
  EXPECT_NE(std::find(s.begin(), s.end(), "2024-03-28"), s.end());
  EXPECT_NE(std::find(s.begin(), s.end(), "2024-03-29"), s.end());
}

TEST(IcsConnector, CancelledOverrideCarriesStatus) {
  auto out = parseIcsFile(testing::sharedFixture("real/ics/issue_18_cancel_status.ics"), "2020-01-27T00:00:00+01:00");
  ASSERT_EQ(out.events.size(), 3u);
  std::map<std::string, std::string> status;
  for (const auto& e : out.events) status[e.start] = e.status_text;
  ASSERT_EQ(status.size(), 3u);
  EXPECT_EQ(status.at("2020-01-28T22:00:00+01:00"), "");
  EXPECT_EQ(status.at("2020-01-29T22:00:00+01:00"), "CANCELLED");
  EXPECT_EQ(status.at("2020-01-30T22:00:00+01:00"), "");
}

TEST(IcsConnector, TzidWithoutVtimezoneResolvedFromTzDatabase) {
  auto out = parseIcsFile(testing::sharedFixture("real/ics/agendadulibre-mp.ical"), "2013-10-01T00:00:00+02:00");
  EXPECT_EQ(out.events.size(), 29u);
  for (const auto& e : out.events) {
    EXPECT_FALSE(e.title.empty());
    EXPECT_FALSE(e.event_url.empty());
    // Paris wall clock: +02:00 before 27 October 2013, +01:00 after.
    EXPECT_TRUE(e.start.ends_with("+02:00") || e.start.ends_with("+01:00")) << e.start;
  }
}

TEST(IcsConnector, WeeklyClubTournamentWithExdateAndOverride) {
  auto out = parseIcsFile(testing::dataFile("club_weekly.ics"), "2026-12-01T00:00:00+01:00");
  // Tuesdays 20:00 from 1 Dec 2026 within 120 days: 18, minus the EXDATE of
  // 22 Dec; the 5 Jan occurrence is moved to 21:00 by an override.
  auto s = starts(out);
  ASSERT_EQ(s.size(), 18u);  // 18 Tuesdays - 1 EXDATE + 1 festival
  EXPECT_EQ(std::count(s.begin(), s.end(), "2026-12-22T20:00:00+01:00"), 0);
  EXPECT_EQ(std::count(s.begin(), s.end(), "2027-01-05T20:00:00+01:00"), 0);
  EXPECT_EQ(std::count(s.begin(), s.end(), "2027-01-05T21:00:00+01:00"), 1);
  // After the switch to summer time (28 March 2027) the wall clock stays 20:00.
  EXPECT_EQ(std::count(s.begin(), s.end(), "2027-03-30T20:00:00+02:00"), 1);
  const RawEvent* moved = nullptr;
  const RawEvent* festival = nullptr;
  for (const auto& e : out.events) {
    if (e.start == "2027-01-05T21:00:00+01:00") moved = &e;
    if (e.start == "2027-02-12") festival = &e;
  }
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(moved->title, "Tournoi du mardi (horaire décalé)");
  ASSERT_NE(festival, nullptr);
  EXPECT_EQ(festival->end, "2027-02-14");
  EXPECT_EQ(festival->venue_name, "Casino de Deauville, 2 rue Edmond Blanc, 14800 Deauville");
  EXPECT_EQ(out.events.front().description.find('<'), std::string::npos);
  const RawEvent& weekly = out.events.front();
  EXPECT_EQ(weekly.title, "Tournoi du mardi – Deepstack 30 €");
  EXPECT_EQ(weekly.end.substr(11, 5), "23:30");
  EXPECT_EQ(weekly.event_url, "https://club-poker-rouen.example/tournois");
}

TEST(IcsConnector, HorizonBoundsTheExpansion) {
  SourceConfig cfg = makeConfig("club", SourceType::kIcs);
  cfg.ics.horizon_days = 14;
  auto r = parseDocument(cfg, testing::dataFile("club_weekly.ics"),
                         makeContext("https://example.test/c.ics", "2026-12-01T00:00:00+01:00"));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->events.size(), 2u);  // 1 and 8 December
}

TEST(IcsConnector, TruncatedCalendarKeepsCompleteEvents) {
  auto r = parseDocument(makeConfig("club", SourceType::kIcs), testing::dataFile("truncated.ics"),
                         makeContext("https://example.test/t.ics", "2026-12-01T00:00:00+01:00"));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  ASSERT_GE(r->events.size(), 1u);
  EXPECT_EQ(r->events.front().title, "Freeroll de Noël");
  EXPECT_FALSE(r->warnings.empty());
}

TEST(IcsConnector, NotACalendarIsAClearError) {
  auto r = parseDocument(makeConfig("club", SourceType::kIcs), "<html><body>Erreur 404</body></html>",
                         makeContext("https://example.test/t.ics"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kParse);
  EXPECT_EQ(r.error().where, "club: line 1");
  auto empty = parseDocument(makeConfig("club", SourceType::kIcs), "", makeContext("https://example.test/t.ics"));
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().code, ErrorCode::kParse);
}

}  // namespace
}  // namespace pft::ingestion

namespace pft::ingestion {
namespace {

TEST(IcsConnector, HostileRulesAreBoundedWithAWarning) {
  std::string body =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:secondly\r\nDTSTART:20261130T225000Z\r\n"
      "RRULE:FREQ=SECONDLY\r\nSUMMARY:Spam\r\nEND:VEVENT\r\n"
      "BEGIN:VEVENT\r\nUID:counted\r\nDTSTART:18000101T000000Z\r\n"
      "RRULE:FREQ=DAILY;COUNT=100000000\r\nSUMMARY:Spam\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  auto r = parseDocument(testing::makeConfig("spam", SourceType::kIcs), body,
                         testing::makeContext("https://x.test/s.ics", "2026-12-01T00:00:00+01:00"));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  // SECONDLY is not expanded (its DTSTART is past); the DAILY rule with a
  // COUNT must iterate from 1800 and stops at the step limit before `now`.
  EXPECT_EQ(r->events.size(), 0u);
  ASSERT_EQ(r->warnings.size(), 2u);
  EXPECT_NE(r->warnings[0].find("more frequent than daily"), std::string::npos);
  EXPECT_NE(r->warnings[1].find("too dense"), std::string::npos);
  EXPECT_NE(r->warnings[1].find("UID counted"), std::string::npos);
}

}  // namespace
}  // namespace pft::ingestion
