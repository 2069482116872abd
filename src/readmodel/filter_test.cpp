#include "pft/readmodel/filter.hpp"

#include "pft/core/variant.hpp"

#include <gtest/gtest.h>

namespace pft::readmodel {
namespace {

std::variant<TournamentFilter, FilterError> parse(std::string_view qs) {
  return parseFilter(parseQueryString(qs), ListLimits{});
}

TEST(TournamentFilter, DefaultsAreThePrototypes) {
  auto r = parse("");
  ASSERT_TRUE(std::holds_alternative<TournamentFilter>(r));
  const auto& q = std::get<TournamentFilter>(r);
  EXPECT_EQ(q.limit, 20);
  EXPECT_EQ(q.offset, 0);
  EXPECT_FALSE(q.include_past);
  EXPECT_EQ(canonicalQuery(q), "limit=20");
}

struct BadCase {
  const char* query;
  const char* parameter;
  const char* code;
};

class TournamentFilterErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(TournamentFilterErrors, NameTheParameter) {
  auto r = parse(GetParam().query);
  ASSERT_TRUE(std::holds_alternative<FilterError>(r)) << GetParam().query;
  const auto& p = std::get<FilterError>(r);
    EXPECT_EQ(p.parameter, GetParam().parameter);
  EXPECT_EQ(p.code, GetParam().code);
  EXPECT_NE(p.detail.find(GetParam().parameter), std::string::npos) << p.detail;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, TournamentFilterErrors,
    ::testing::Values(BadCase{"limit=abc", "limit", "invalid_integer"}, BadCase{"limit=0", "limit", "out_of_range"},
                      BadCase{"limit=101", "limit", "out_of_range"}, BadCase{"limit=1e3", "limit", "invalid_integer"},
                      BadCase{"offset=-1", "offset", "out_of_range"},
                      BadCase{"date_from=yesterday", "date_from", "invalid_date"},
                      BadCase{"changed_since=last-week", "changed_since", "invalid_date"},
                      BadCase{"changed_since=1796500000", "changed_since", "invalid_date"},
                      BadCase{"date_to=2026-13-01", "date_to", "invalid_date"},
                      BadCase{"date_from=2026-12-05&date_to=2026-12-01", "date_to", "invalid_range"},
                      BadCase{"near=999,0", "near", "invalid_near"}, BadCase{"near=48.8", "near", "invalid_near"},
                      BadCase{"near=abc,def", "near", "invalid_near"},
                      BadCase{"near=48.8,2.3&radius_km=-1", "radius_km", "out_of_range"},
                      BadCase{"radius_km=10", "near", "missing_parameter"},
                      BadCase{"buy_in_min=-5", "buy_in_min", "out_of_range"},
                      BadCase{"buy_in_max=12.5", "buy_in_max", "invalid_integer"},
                      BadCase{"buy_in_min=500&buy_in_max=100", "buy_in_max", "invalid_range"},
                      BadCase{"variant=canasta", "variant", "unknown_variant"},
                      BadCase{"status=maybe", "status", "invalid_parameter"},
                      BadCase{"include_past=perhaps", "include_past", "invalid_boolean"},
                      BadCase{"cursor=xyz", "cursor", "invalid_cursor"},
                      BadCase{"offset=5&cursor=c1.100.3", "offset", "invalid_parameter"}));

TEST(TournamentFilter, FoldsTextAndMapsPrototypeVariants) {
  auto r = parse("city=%C3%89VIAN&variant=No+Limit+Hold%27em&q=Barri%C3%A8re&department=Haute-Savoie");
  ASSERT_TRUE(std::holds_alternative<TournamentFilter>(r));
  const auto& q = std::get<TournamentFilter>(r);
  EXPECT_EQ(*q.city, "evian");
  EXPECT_EQ(*q.variant, "NLHE");
  EXPECT_EQ(*q.q, "barriere");
  EXPECT_EQ(*q.department, "haute savoie");
  EXPECT_EQ(*normaliseVariant("plo"), "PLO");
  EXPECT_EQ(*normaliseVariant("Omaha"), "PLO");
  EXPECT_EQ(*normaliseVariant("Mixed"), "Mixed");
  EXPECT_EQ(*normaliseVariant("plo hi-lo"), "PLO Hi-Lo");
  EXPECT_EQ(*normaliseVariant("short_deck"), "Short Deck");
}

TEST(TournamentFilter, DateAloneCoversTheWholeParisDay) {
  auto r = parse("date_from=2026-12-05&date_to=2026-12-05");
  ASSERT_TRUE(std::holds_alternative<TournamentFilter>(r));
  const auto& q = std::get<TournamentFilter>(r);
  EXPECT_EQ(formatUtcIso(*q.date_from), "2026-12-04T23:00:00Z");
  EXPECT_EQ(formatUtcIso(*q.date_to), "2026-12-05T22:59:59Z");
  auto dt = std::get<TournamentFilter>(parse("date_from=2026-07-01T20:00:00%2B02:00"));
  EXPECT_EQ(formatUtcIso(*dt.date_from), "2026-07-01T18:00:00Z");
}

TEST(TournamentFilter, ChangedSinceIsAnInstantOrParisMidnight) {
  auto day = std::get<TournamentFilter>(parse("changed_since=2026-12-05"));
  ASSERT_TRUE(day.changed_since);
  EXPECT_EQ(formatUtcIso(*day.changed_since), "2026-12-04T23:00:00Z");
  auto summer = std::get<TournamentFilter>(parse("changed_since=2026-07-01"));
  EXPECT_EQ(formatUtcIso(*summer.changed_since), "2026-06-30T22:00:00Z");
  auto dt = std::get<TournamentFilter>(parse("changed_since=2026-12-03T14:05:09%2B01:00"));
  EXPECT_EQ(formatUtcIso(*dt.changed_since), "2026-12-03T13:05:09Z");
  auto utc = std::get<TournamentFilter>(parse("changed_since=2026-12-03T13:05:09Z"));
  EXPECT_EQ(canonicalQuery(dt), canonicalQuery(utc));
  EXPECT_NE(canonicalQuery(dt).find("changed_since=2026-12-03T13"), std::string::npos) << canonicalQuery(dt);
  EXPECT_FALSE(std::get<TournamentFilter>(parse("changed_since=")).changed_since);
}

TEST(TournamentFilter, EqualQueriesHaveEqualCanonicalText) {
  auto a = std::get<TournamentFilter>(parse("city=paris&limit=20&tags=Bounty,deepstack"));
  auto b = std::get<TournamentFilter>(parse("tags=deepstack,bounty&city=PARIS"));
  EXPECT_EQ(canonicalQuery(a), canonicalQuery(b));
  auto c = std::get<TournamentFilter>(parse("city=lyon"));
  EXPECT_NE(canonicalQuery(a), canonicalQuery(c));
}

TEST(Cursor, RoundTripsAndRejectsGarbage) {
  Cursor c{Instant{std::chrono::seconds{1796500000}}, 42};
  auto back = decodeCursor(encodeCursor(c));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->start, c.start);
  EXPECT_EQ(back->id, 42);
  EXPECT_FALSE(decodeCursor("c1.abc.4"));
  EXPECT_FALSE(decodeCursor("1796500000.42"));
}

}  // namespace
}  // namespace pft::readmodel
