// Deterministic mutation run over the parsers' own table inputs: every
// mutated string must be answered with a value or an Error (never a throw,
// never a crash — run it under the asan preset to catch memory errors), and
// the values must keep their invariants. Seeded, so a failure reproduces.

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "parse_test_tsv.hpp"
#include "pft/normalize/classify.hpp"
#include "pft/normalize/date_fr.hpp"
#include "pft/normalize/money.hpp"

namespace pft::normalize {
namespace {

std::vector<std::string> seeds() {
  std::vector<std::string> out;
  for (const char* table : {"dates_fr.tsv", "dates_relative.tsv", "dates_year.tsv", "dates_start_field.tsv",
                            "buyins.tsv", "variants.tsv"}) {
    for (const auto& row : testing::readTable(table)) {
      for (std::size_t i = 0; i + 1 < row.cells.size(); ++i) {
        if (!row.cells[i].empty()) out.push_back(row.cells[i]);
      }
    }
  }
  return out;
}

TEST(ParserMutation, ValuesKeepTheirInvariants) {
  const std::vector<std::string> corpus = seeds();
  ASSERT_GT(corpus.size(), 100u);
  // Bytes the parsers treat specially, UTF-8 pieces and cut sequences included.
  const std::string alphabet =
      "0123456789/.-:+h €()k,au du er dont et janv déc samedi ce veille depuis prochain week-end "
      "\xE2\x80\x93\xC2\xA0\xE2\x80\xAF\xFF&;#";
  std::mt19937 rng(20261130);
  const LocalSeconds reference{std::chrono::local_days{
      std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{20}}}};
  for (int it = 0; it < 4000; ++it) {
    std::string s = corpus[rng() % corpus.size()];
    const int mutations = 1 + static_cast<int>(rng() % 5);
    for (int m = 0; m < mutations; ++m) {
      const std::size_t pos = s.empty() ? 0 : rng() % (s.size() + 1);
      const char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0: s.insert(pos, 1, c); break;
        case 1: if (pos < s.size()) s.erase(pos, 1 + rng() % 3); break;
        default: if (pos < s.size()) s[pos] = c; break;
      }
    }
    SCOPED_TRACE(s);
    const auto when = parseWhen(s, s, s, reference);
    if (when.has_value()) {
      if (when->end) {
        EXPECT_GE(*when->end, when->start);
      } else {
        EXPECT_FALSE(when->multi_day);
      }
    } else {
      EXPECT_EQ(ErrorCode::kInvalidDate, when.error().code);
      EXPECT_FALSE(when.error().message.empty());
    }
    const auto buy = parseBuyIn(s, s, s);
    if (buy.has_value()) {
      if (buy->buy_in_cents) {
        EXPECT_GE(*buy->buy_in_cents, 0);
      }
      if (buy->fee_cents) {
        ASSERT_TRUE(buy->buy_in_cents.has_value());
        EXPECT_LE(*buy->fee_cents, *buy->buy_in_cents);
      }
      if (buy->freeroll) {
        EXPECT_EQ(0, buy->buy_in_cents.value_or(-1));
      }
    } else {
      EXPECT_EQ(ErrorCode::kInvalidBuyIn, buy.error().code);
    }
    const auto c = classify(s, s, s, s);
    EXPECT_TRUE(isVariantCode(c.variant)) << c.variant;
    EXPECT_NO_THROW((void)cleanText(s));
  }
}

}  // namespace
}  // namespace pft::normalize
