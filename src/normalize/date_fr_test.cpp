#include "pft/normalize/date_fr.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>

#include "parse_test_tsv.hpp"

namespace pft::normalize {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::local_days;
using std::chrono::minutes;
using std::chrono::sys_days;
using std::chrono::year_month_day;

year_month_day ymd(int y, unsigned m, unsigned d) {
  return year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

// "2026-12-12" -> local midnight; "2026-12-12T20:00" -> that wall clock.
LocalSeconds parseLocal(const std::string& s) {
  const int y = std::stoi(s.substr(0, 4));
  const auto m = static_cast<unsigned>(std::stoi(s.substr(5, 2)));
  const auto d = static_cast<unsigned>(std::stoi(s.substr(8, 2)));
  LocalSeconds t{local_days{ymd(y, m, d)}};
  if (s.size() >= 16) t += hours{std::stoi(s.substr(11, 2))} + minutes{std::stoi(s.substr(14, 2))};
  return t;
}

std::string formatLocal(LocalSeconds t, bool with_time) {
  const auto d = std::chrono::floor<days>(t);
  const year_month_day date{d};
  char buf[32];
  const auto mins = std::chrono::duration_cast<minutes>(t - d).count();
  if (with_time) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(mins / 60), static_cast<int>(mins % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  }
  return buf;
}

// The table's notation for a result: "START[ -> END][ +multi]".
std::string describe(const ParsedWhen& w) {
  std::string s = formatLocal(w.start, w.time_known);
  if (w.end) s += " -> " + formatLocal(*w.end, w.end_time_known);
  if (w.multi_day) s += " +multi";
  return s;
}

// One table's rows: parseWhen(start, end, title/description, reference).
void checkTable(const std::string& name, std::size_t min_rows) {
  const auto rows = testing::readTable(name);
  ASSERT_GE(rows.size(), min_rows) << name;
  for (const auto& r : rows) {
    SCOPED_TRACE(name + ":" + std::to_string(r.line) + " " + r.at(0) + " | " + r.at(2) + " (" + r.at(5) + ")");
    const auto got = parseWhen(r.at(0), r.at(1), r.at(2), parseLocal(r.at(3)));
    const std::string& want = r.at(4);
    if (!want.empty() && want[0] == '!') {
      ASSERT_FALSE(got.has_value()) << "expected an error, got " << describe(*got);
      EXPECT_EQ(want.substr(1), errorCodeName(got.error().code)) << got.error().message;
      EXPECT_FALSE(got.error().message.empty());
      continue;
    }
    ASSERT_TRUE(got.has_value()) << got.error().message;
    EXPECT_EQ(want, describe(*got));
  }
}

TEST(FrenchDate, TableOfOrganiserForms) { checkTable("dates_fr.tsv", 60); }
TEST(FrenchDate, RelativeDaysAnchoredOnTheReference) { checkTable("dates_relative.tsv", 60); }
TEST(FrenchDate, MissingYearClosestAfterTheReference) { checkTable("dates_year.tsv", 40); }
TEST(FrenchDate, StartFieldDecidesAndDurationsAreNoTimes) { checkTable("dates_start_field.tsv", 30); }

TEST(FrenchDate, DateWithoutTimeIsFlaggedNotMidnight) {
  const auto w = parseWhen("samedi 12 décembre 2026", "", "", parseLocal("2026-11-20"));
  ASSERT_TRUE(w.has_value());
  EXPECT_FALSE(w->time_known);
  EXPECT_EQ(parseLocal("2026-12-12"), w->start);
  EXPECT_FALSE(w->end.has_value());
  EXPECT_FALSE(w->multi_day);
}

TEST(FrenchDate, WeekdayContradictionSaysSo) {
  const auto w = parseWhen("vendredi 12 décembre 2026 20h", "", "", parseLocal("2026-11-20"));
  ASSERT_FALSE(w.has_value());
  EXPECT_EQ(ErrorCode::kInvalidDate, w.error().code);
  EXPECT_NE(std::string::npos, w.error().message.find("samedi")) << w.error().message;
  EXPECT_NE(std::string::npos, w.error().message.find("vendredi")) << w.error().message;
}

TEST(FrenchDate, UnreadableEndIsReportedNotFatal) {
  const auto w = parseWhen("12/12/2026 20h", "plus tard", "", parseLocal("2026-11-20"));
  ASSERT_TRUE(w.has_value());
  EXPECT_FALSE(w->end.has_value());
  EXPECT_NE(std::string::npos, w->warning.find("plus tard")) << w->warning;
}

TEST(FrenchDate, OffsetTextKeepsExactInstant) {
  // 02:30+01:00 on 25 October 2026 is the second 02:30 (after the clocks go
  // back): the exact instant must survive the wall-clock round trip.
  const auto w = parseWhen("2026-10-25T02:30:00+01:00", "", "", parseLocal("2026-10-01"));
  ASSERT_TRUE(w.has_value());
  ASSERT_TRUE(w->start_instant.has_value());
  EXPECT_EQ(Instant{sys_days{ymd(2026, 10, 25)}} + hours{1} + minutes{30}, *w->start_instant);
  const auto at = startInstant(*w);
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(*w->start_instant, *at);
}

TEST(FrenchDate, SpringGapMovesForward) {
  // 02:30 on 29 March 2026 does not exist in Paris: 03:30+02:00 = 01:30Z.
  const auto w = parseWhen("29/03/2026 02:30", "", "", parseLocal("2026-03-01"));
  ASSERT_TRUE(w.has_value());
  const auto at = startInstant(*w);
  ASSERT_TRUE(at.has_value()) << at.error().message;
  EXPECT_EQ(Instant{sys_days{ymd(2026, 3, 29)}} + hours{1} + minutes{30}, *at);
  EXPECT_EQ("2026-03-29T03:30:00+02:00", formatLocalIso(*at));
}

TEST(FrenchDate, AutumnAmbiguityTakesFirstOccurrence) {
  // 02:30 on 25 October 2026 happens twice: the first one, +02:00 = 00:30Z.
  const auto w = parseWhen("dimanche 25 octobre 2026 à 2h30", "", "", parseLocal("2026-10-01"));
  ASSERT_TRUE(w.has_value()) << w.error().message;
  const auto at = startInstant(*w);
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(Instant{sys_days{ymd(2026, 10, 25)}} + minutes{30}, *at);
  EXPECT_EQ("2026-10-25T02:30:00+02:00", formatLocalIso(*at));
}

TEST(FrenchDate, OffsetsFollowEachDatesRule) {
  const auto winter = parseWhen("12/12/2026 20h", "", "", parseLocal("2026-11-20"));
  const auto summer = parseWhen("12/07/2026 20h", "", "", parseLocal("2026-06-20"));
  ASSERT_TRUE(winter.has_value());
  ASSERT_TRUE(summer.has_value());
  EXPECT_EQ("2026-12-12T20:00:00+01:00", formatLocalIso(*startInstant(*winter)));
  EXPECT_EQ("2026-07-12T20:00:00+02:00", formatLocalIso(*startInstant(*summer)));
}

TEST(FrenchDate, EndInstantOfRangeAndNone) {
  const auto w = parseWhen("12/12/2026 20h", "23h", "", parseLocal("2026-11-20"));
  ASSERT_TRUE(w.has_value());
  const auto end = endInstant(*w);
  ASSERT_TRUE(end.has_value());
  ASSERT_TRUE(end->has_value());
  EXPECT_EQ("2026-12-12T23:00:00+01:00", formatLocalIso(**end));
  const auto none = parseWhen("12/12/2026 20h", "", "", parseLocal("2026-11-20"));
  ASSERT_TRUE(none.has_value());
  const auto no_end = endInstant(*none);
  ASSERT_TRUE(no_end.has_value());
  EXPECT_FALSE(no_end->has_value());
}

TEST(FrenchDate, OtherZoneOffsetsConvertToThatZone) {
  const auto w = parseWhen("2026-12-05T19:00:00Z", "", "", parseLocal("2026-11-20"), "Europe/London");
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(parseLocal("2026-12-05T19:00"), w->start);
}

TEST(FrenchDateParts, ParseFrenchDate) {
  const auto d = parseFrenchDate("1er mars", ymd(2026, 2, 20));
  ASSERT_TRUE(d.has_value()) << d.error().message;
  EXPECT_EQ(ymd(2026, 3, 1), *d);
  // 1 March 2026 is a Sunday: the written Saturday names 1 March 2025.
  const auto sat = parseFrenchDate("sam. 1er mars", ymd(2026, 2, 20));
  ASSERT_TRUE(sat.has_value()) << sat.error().message;
  EXPECT_EQ(ymd(2025, 3, 1), *sat);
  const auto bad = parseFrenchDate("31/02", ymd(2026, 1, 10));
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(ErrorCode::kInvalidDate, bad.error().code);
  const auto none = parseFrenchDate("bientôt", ymd(2026, 1, 10));
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(ErrorCode::kInvalidDate, none.error().code);
}

TEST(FrenchDateParts, ParseFrenchTime) {
  struct Case {
    const char* text;
    int minutes;
  };
  for (const Case c : {Case{"14h", 840}, Case{"19h30", 1170}, Case{"20H00", 1200}, Case{"19:30", 1170},
                       Case{"20 heures", 1200}, Case{"portes 18h30, début 19h30", 1170},
                       Case{"ouverture des portes 18h, début du tournoi 19h", 1140},
                       Case{"start 21h15", 1275}, Case{"midi", 720}}) {
    SCOPED_TRACE(c.text);
    const auto t = parseFrenchTime(c.text);
    ASSERT_TRUE(t.has_value()) << t.error().message;
    EXPECT_EQ(c.minutes, t->count());
  }
  EXPECT_FALSE(parseFrenchTime("12 décembre").has_value());
  EXPECT_FALSE(parseFrenchTime("portes 18h30").has_value());
  EXPECT_FALSE(parseFrenchTime("24h00").has_value());
}

TEST(FrenchDateClues, YearsAndCoverage) {
  const DateClues c = readDateClues("Saison 2027/2026 — WPO 2026, étape 3 ; fondé en 2019. Publié le 02/01/2025");
  EXPECT_EQ((std::array<std::int16_t, 4>{2019, 2026, 2027, 0}), c.years) << "sorted, distinct, no page date";
  EXPECT_FALSE(c.coverage);
  EXPECT_TRUE(readDateClues("Dimanche, Paul a remporté le Main Event").coverage);
  EXPECT_TRUE(readDateClues("Le tournoi s’est déroulé au casino").coverage) << "curly apostrophe";
  EXPECT_TRUE(readDateClues("Les phases finales ont eu lieu samedi").coverage);
  EXPECT_FALSE(readDateClues("Le vainqueur remportera un ticket").coverage);
  EXPECT_FALSE(readDateClues("Garantie 2026 € et 2027 jetons").years[0] != 0) << "amounts are no years";
  EXPECT_TRUE(readDateClues("").empty());
  const DateClues five = readDateClues("2021 2022 2023 2024 2025");
  EXPECT_EQ((std::array<std::int16_t, 4>{2021, 2022, 2023, 2024}), five.years) << "the first four kept";
  const DateClues merged = mergeDateClues(readDateClues("Open 2027"), readDateClues("retour sur l'édition 2026"));
  EXPECT_EQ((std::array<std::int16_t, 4>{2026, 2027, 0, 0}), merged.years);
  EXPECT_TRUE(merged.coverage);
}

TEST(FrenchDateParts, AnnouncementReference) {
  const Instant fetched = Instant{sys_days{ymd(2026, 3, 20)}} + hours{9};
  const Instant clock = Instant{sys_days{ymd(2026, 6, 1)}};
  // RFC 2822 (RSS pubDate), ISO 8601 (Atom, JSON-LD), a date alone, French.
  EXPECT_EQ(Instant{sys_days{ymd(2026, 3, 12)}} + hours{7},
            announcementReference("Thu, 12 Mar 2026 08:00:00 +0100", fetched, clock));
  EXPECT_EQ(Instant{sys_days{ymd(2026, 3, 12)}} + hours{7},
            announcementReference("2026-03-12T08:00:00+01:00", fetched, clock));
  EXPECT_EQ(Instant{sys_days{ymd(2026, 3, 11)}} + hours{23}, announcementReference("2026-03-12", fetched, clock))
      << "a date alone: Paris midnight";
  EXPECT_EQ(Instant{sys_days{ymd(2026, 3, 11)}} + hours{23},
            announcementReference("publié le 12 mars 2026", fetched, clock));
  EXPECT_EQ(Instant{sys_days{ymd(2025, 12, 11)}} + hours{23}, announcementReference("12 décembre", fetched, clock))
      << "without a year: the last one before the fetch";
  EXPECT_EQ(fetched, announcementReference("", fetched, clock));
  EXPECT_EQ(fetched, announcementReference("bientôt", fetched, clock)) << "unreadable: fetched_at";
  EXPECT_EQ(fetched, announcementReference("2026-04-30T10:00:00+02:00", fetched, clock)) << "after the fetch";
  EXPECT_EQ(clock, announcementReference("", std::nullopt, clock)) << "neither: the run's clock";
}

TEST(FrenchDateParts, NeverThrowsOnOddInput) {
  for (const char* s : {"", " ", "\xff\xfe", "1/", "/1", "12/", "du au", "du 10 au", "10-", "h", "99h99",
                        "2026-13-45T99:99", "Mon, 99 Sep 2025 12:00:00 +0200", "1er", "à 20h le",
                        "€€€", "0/0/0000", "31 31 31"}) {
    EXPECT_NO_THROW({
      const auto w = parseWhen(s, s, s, parseLocal("2026-11-20"));
      (void)w;
    }) << s;
  }
}

}  // namespace
}  // namespace pft::normalize
