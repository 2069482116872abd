// Demo date templates: relative to now, in Europe/Paris.

#include "pft/ingestion/demo_dates.hpp"

#include <gtest/gtest.h>

namespace pft::ingestion {
namespace {

Instant at(const char* iso) { return *parseIsoInstant(iso); }

TEST(DemoDates, ReplacesTokensRelativeToTodayInParis) {
  // 23:30 UTC on 30 Nov is already 1 December in Paris.
  const Instant now = at("2026-11-30T23:30:00Z");
  auto r = substituteDemoDates(
      "{{DATE+1:compact}} a {{DATE}} b {{DATE+14}} c {{DATE-1:dmy}} d {{DATE+4:fr}} e {{DATE+4:fr-short}} f {{DATE+5:rfc822}}", now);
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  EXPECT_EQ(*r,
            "20261202 a 2026-12-01 b 2026-12-15 c 30/11/2026 d samedi 5 décembre 2026 e sam. 5 déc. f Sun, 06 Dec 2026 "
            "10:00:00 +0100");
}

TEST(DemoDates, FirstOfTheMonthIsWrittenTheFrenchWay) {
  auto r = substituteDemoDates("{{DATE:fr}}", at("2026-06-30T22:30:00Z"));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, "mercredi 1er juillet 2026");
}

TEST(DemoDates, SummerOffsetInRfc822) {
  auto r = substituteDemoDates("{{DATE+0:rfc822}}", at("2026-07-10T12:00:00Z"));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, "Fri, 10 Jul 2026 10:00:00 +0200");
}

TEST(DemoDates, TextWithoutTokensIsUnchanged) {
  auto r = substituteDemoDates("{{ not a date }} {{DATEX", at("2026-07-10T12:00:00Z"));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, "{{ not a date }} {{DATEX");
}

TEST(DemoDates, BadTokensAreErrors) {
  auto unknown = substituteDemoDates("{{DATE+3:klingon}}", at("2026-07-10T12:00:00Z"));
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().message, "unknown demo date format in {{DATE+3:klingon}}; use iso, compact, dmy, fr, fr-short or rfc822");
  auto malformed = substituteDemoDates("{{DATE*3}}", at("2026-07-10T12:00:00Z"));
  ASSERT_FALSE(malformed.has_value());
  EXPECT_EQ(malformed.error().message, "malformed demo date {{DATE*3}}; write {{DATE+14}} or {{DATE-3:fr}}");
}

}  // namespace
}  // namespace pft::ingestion
