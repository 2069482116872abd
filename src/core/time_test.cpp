#include "pft/core/time.hpp"

#include <gtest/gtest.h>

#include <optional>

#include "pft/core/clock.hpp"

namespace pft {
namespace {

using namespace std::chrono;

LocalSeconds local(int y, unsigned m, unsigned d, int h, int mi) {
  return LocalSeconds{local_days{year{y} / month{m} / day{d}}.time_since_epoch() + hours{h} + minutes{mi}};
}

TEST(ParisTime, WinterAndSummerOffsets) {
  auto winter = localToInstant(local(2026, 12, 5, 20, 0));
  ASSERT_TRUE(winter);
  EXPECT_EQ(formatLocalIso(*winter), "2026-12-05T20:00:00+01:00");
  EXPECT_EQ(formatUtcIso(*winter), "2026-12-05T19:00:00Z");
  auto summer = localToInstant(local(2026, 7, 14, 21, 30));
  ASSERT_TRUE(summer);
  EXPECT_EQ(formatLocalIso(*summer), "2026-07-14T21:30:00+02:00");
}

TEST(ParisTime, SpringGapMovesForward) {
  auto t = localToInstant(local(2026, 3, 29, 2, 30));
  ASSERT_TRUE(t);
  EXPECT_EQ(formatLocalIso(*t), "2026-03-29T03:30:00+02:00");
}

TEST(ParisTime, AutumnRepeatTakesFirstOccurrence) {
  auto t = localToInstant(local(2026, 10, 25, 2, 30));
  ASSERT_TRUE(t);
  EXPECT_EQ(formatLocalIso(*t), "2026-10-25T02:30:00+02:00");
}

TEST(ParisTime, UnknownZoneIsAnError) {
  auto t = localToInstant(local(2026, 1, 1, 0, 0), "Mars/Olympus");
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::kInvalidArgument);
}

TEST(IsoInstant, ParsesOffsetsZuluAndLocal) {
  auto a = parseIsoInstant("2025-09-25T20:00:00+02:00");
  ASSERT_TRUE(a);
  EXPECT_EQ(formatUtcIso(*a), "2025-09-25T18:00:00Z");
  auto b = parseIsoInstant("2017-06-12T20:00:00+0100");
  ASSERT_TRUE(b);
  EXPECT_EQ(formatUtcIso(*b), "2017-06-12T19:00:00Z");
  auto c = parseIsoInstant("2026-12-05T19:00:00.123Z");
  ASSERT_TRUE(c);
  EXPECT_EQ(formatLocalIso(*c), "2026-12-05T20:00:00+01:00");
  auto d = parseIsoInstant("2026-12-05 20:00");
  ASSERT_TRUE(d);
  EXPECT_EQ(formatLocalIso(*d), "2026-12-05T20:00:00+01:00");
}

TEST(IsoInstant, RejectsDateOnlyAndGarbage) {
  EXPECT_FALSE(parseIsoInstant("2026-12-05"));
  EXPECT_FALSE(parseIsoInstant("yesterday"));
  EXPECT_FALSE(parseIsoInstant("2026-02-30T10:00:00Z"));
  EXPECT_FALSE(parseIsoInstant("2026-12-05T20:00:00+01:00 trailing"));
}

TEST(IsoDate, ParsesAndValidates) {
  auto d = parseIsoDate("2026-12-05");
  ASSERT_TRUE(d);
  EXPECT_EQ(formatLocalDate(Instant{d->time_since_epoch()} + hours{12}), "2026-12-05");
  EXPECT_FALSE(parseIsoDate("2026-13-01"));
  EXPECT_FALSE(parseIsoDate("05/12/2026"));
}

// The one multi-day rule (normalize's multi_day, the site's "jusqu'au").
TEST(SpansSeveralDays, ANightEndingBeforeSixIsOneEvening) {
  struct Case {
    LocalSeconds start;
    std::optional<LocalSeconds> end;
    bool start_time_known;
    bool end_time_known;
    bool expected;
    const char* why;
  };
  const Case cases[] = {
      {local(2026, 12, 5, 20, 0), local(2026, 12, 6, 2, 0), true, true, false, "20h to 2h: one evening"},
      {local(2026, 12, 5, 20, 0), local(2026, 12, 6, 0, 0), true, true, false, "ends at midnight"},
      {local(2026, 12, 5, 20, 0), local(2026, 12, 6, 5, 59), true, true, false, "05:59 still the night"},
      {local(2026, 12, 5, 20, 0), local(2026, 12, 6, 6, 0), true, true, true, "06:00: a second day"},
      {local(2026, 12, 5, 12, 0), local(2026, 12, 6, 18, 0), true, true, true, "day 2 in the evening"},
      {local(2026, 12, 5, 20, 0), local(2026, 12, 7, 1, 0), true, true, true, "two days later"},
      {local(2026, 12, 5, 14, 0), local(2026, 12, 5, 23, 0), true, true, false, "same day"},
      {local(2026, 12, 5, 19, 0), local(2026, 12, 6, 0, 0), true, false, true, "« les 5 et 6 à 19h »: the end is a day"},
      {local(2026, 12, 5, 0, 0), local(2026, 12, 6, 0, 0), false, false, true, "dates only: the 5th and 6th"},
      {local(2026, 12, 5, 0, 0), local(2026, 12, 6, 3, 0), false, true, true, "start time unknown"},
      {local(2026, 12, 5, 0, 0), local(2026, 12, 5, 0, 0), false, false, false, "one date"},
      {local(2026, 12, 5, 20, 0), std::nullopt, true, true, false, "no end"},
      {local(2026, 3, 28, 20, 0), local(2026, 3, 29, 4, 0), true, true, false, "across the spring change"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.why);
    EXPECT_EQ(spansSeveralDays(c.start, c.end, c.start_time_known, c.end_time_known), c.expected);
    std::optional<Instant> end;
    if (c.end) end = *localToInstant(*c.end);
    EXPECT_EQ(spansSeveralDays(*localToInstant(c.start), end, c.start_time_known, c.end_time_known), c.expected);
  }
  // Read in the tournament's zone: 20:00 to 02:00 in Tokyo is 12:00 to 18:00 in Paris.
  const auto start = *localToInstant(local(2026, 12, 5, 20, 0), "Asia/Tokyo");
  const auto end = *localToInstant(local(2026, 12, 6, 2, 0), "Asia/Tokyo");
  EXPECT_FALSE(spansSeveralDays(start, end, true, true, "Asia/Tokyo"));
  EXPECT_FALSE(spansSeveralDays(start, end, true, true));  // same day in Paris
}

TEST(Clock, FixedClockReturnsItsInstant) {
  auto t = parseIsoInstant("2026-11-30T09:00:00+01:00");
  ASSERT_TRUE(t);
  FixedClock clock(*t);
  EXPECT_EQ(clock.now(), *t);
  SystemClock system;
  EXPECT_GT(system.now(), *t - hours{24 * 365 * 10});
}

}  // namespace
}  // namespace pft
