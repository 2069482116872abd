#include "french.hpp"

#include <gtest/gtest.h>

namespace pft::web {
namespace {

Instant paris(const char* iso) { return *parseIsoInstant(iso); }

TEST(French, DaysAndTimesInParis) {
  Instant ref = paris("2026-12-04T10:00:00+01:00");
  EXPECT_EQ(frenchDay(paris("2026-12-12T20:00:00+01:00"), ref), "samedi 12 décembre");
  EXPECT_EQ(frenchDay(paris("2027-01-01T20:00:00+01:00"), ref), "vendredi 1er janvier 2027");
  // 23:30 UTC on 31 July is already 1 August in Paris (summer time).
  EXPECT_EQ(frenchDay(paris("2026-07-31T23:30:00Z"), paris("2026-07-01T10:00:00Z")), "samedi 1er août");
  EXPECT_EQ(frenchTime(paris("2026-12-12T20:00:00+01:00")), "20\u00a0h\u00a000");
  EXPECT_EQ(frenchTime(paris("2026-07-01T07:05:00Z")), "9\u00a0h\u00a005");
  Tournament t;
  t.start = paris("2026-12-12T20:00:00+01:00");
  EXPECT_EQ(frenchDateTime(t, ref), "samedi 12 décembre, 20\u00a0h\u00a000");
  t.time_known = false;
  EXPECT_EQ(frenchDateTime(t, ref), "samedi 12 décembre");
}

TEST(French, AmountsInEuros) {
  EXPECT_EQ(euros(15000), "150\u00a0€");
  EXPECT_EQ(euros(150000), "1\u202f500\u00a0€");
  EXPECT_EQ(euros(1250), "12,50\u00a0€");
  EXPECT_EQ(euros(0), "0\u00a0€");
  EXPECT_EQ(euros(0, true), "Gratuit");
  EXPECT_EQ(euros(100000000), "1\u202f000\u202f000\u00a0€");
  Tournament t;
  EXPECT_EQ(buyInText(t), "");
  t.buy_in_cents = 12000;
  t.fee_cents = 2000;
  EXPECT_EQ(buyInText(t), "100\u00a0€ + 20\u00a0€");
  t.fee_cents = 12000;  // a fee that is the whole amount is not a split
  EXPECT_EQ(buyInText(t), "120\u00a0€");
  t.buy_in_cents = 0;
  EXPECT_EQ(buyInText(t), "Gratuit");
}

TEST(French, LabelsAndBadges) {
  EXPECT_EQ(variantLabel("NLHE"), "Texas Hold'em No Limit");
  EXPECT_EQ(variantLabel("PLO"), "Omaha Pot Limit");
  EXPECT_EQ(variantLabel("Badugi"), "Badugi");
  EXPECT_EQ(tagLabel("flight:1A"), "Jour 1A");
  EXPECT_EQ(tagLabel("rebuy"), "Recave");
  EXPECT_EQ(statusBadge(TournamentStatus::kCancelled), "ANNULÉ");
  EXPECT_EQ(statusBadge(TournamentStatus::kPostponed), "REPORTÉ");
  EXPECT_EQ(statusBadge(TournamentStatus::kRemoved), "RETIRÉ");
  EXPECT_EQ(statusBadge(TournamentStatus::kScheduled), "");
}

}  // namespace
}  // namespace pft::web
