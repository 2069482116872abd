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

TEST(French, ChangesAsTheDetailPageWritesThem) {
  const Instant ref = paris("2026-12-04T10:00:00+01:00");
  auto secs = [](const char* iso) { return std::to_string(paris(iso).time_since_epoch().count()); };
  auto change = [&](std::string field, std::optional<std::string> o, std::optional<std::string> n) {
    TournamentChange c;
    c.field = std::move(field);
    c.old_value = std::move(o);
    c.new_value = std::move(n);
    c.changed_at = paris("2026-12-03T02:00:00+01:00");
    return c;
  };
  auto venue = [](std::int64_t id) { return id == 7 ? std::string("Casino de Lyon") : std::string("Cercle Clichy"); };
  struct Case {
    TournamentChange c;
    std::string want;
  };
  const std::vector<Case> cases = {
      {change("start", secs("2026-12-10T19:00:00+01:00"), secs("2026-12-10T20:00:00+01:00")),
       "Modifié le 3 décembre : début 19\u00a0h\u00a000 → 20\u00a0h\u00a000"},
      {change("start", secs("2026-12-10T19:00:00+01:00"), secs("2026-12-11T19:00:00+01:00")),
       "Modifié le 3 décembre : début jeudi 10 décembre, 19\u00a0h\u00a000 → vendredi 11 décembre, 19\u00a0h\u00a000"},
      {change("end", std::nullopt, secs("2026-12-11T02:00:00+01:00")),
       "Modifié le 3 décembre : fin non communiqué → vendredi 11 décembre, 2\u00a0h\u00a000"},
      {change("buy_in", "10000", "15000"), "Modifié le 3 décembre : buy-in 100\u00a0€ → 150\u00a0€"},
      {change("buy_in", "0", "2000"), "Modifié le 3 décembre : buy-in Gratuit → 20\u00a0€"},
      {change("guarantee", std::nullopt, "1000000"), "Modifié le 3 décembre : garantie non communiqué → 10\u202f000\u00a0€"},
      {change("status", "scheduled", "cancelled"), "Modifié le 3 décembre : statut prévu → annulé"},
      {change("venue", "7", "9"), "Modifié le 3 décembre : lieu Casino de Lyon → Cercle Clichy"},
      {change("title", "Deepstack", "<b>Deepstack</b>"), "Modifié le 3 décembre : titre « Deepstack » → « <b>Deepstack</b> »"},
      {change("colour", "red", "blue"), ""},
  };
  for (const auto& c : cases) EXPECT_EQ(changeText(c.c, venue, ref), c.want) << c.c.field;
  auto first = change("fee", "100", "200");
  first.changed_at = paris("2027-01-01T12:00:00+01:00");
  EXPECT_EQ(changeText(first, venue, ref), "Modifié le 1er janvier 2027 : frais 1\u00a0€ → 2\u00a0€");
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
