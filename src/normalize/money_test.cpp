#include "pft/normalize/money.hpp"

#include <gtest/gtest.h>

#include <string>

#include "parse_test_tsv.hpp"

namespace pft::normalize {
namespace {

// The table's notation: "buy=15000 fee=1500 gtd=1000000 free qual" (buy=- when unknown).
std::string describe(const BuyIn& b) {
  std::string s = "buy=" + (b.buy_in_cents ? std::to_string(*b.buy_in_cents) : std::string("-"));
  if (b.fee_cents) s += " fee=" + std::to_string(*b.fee_cents);
  if (b.guarantee_cents) s += " gtd=" + std::to_string(*b.guarantee_cents);
  if (b.freeroll) s += " free";
  if (b.qualifiers) s += " qual";
  return s;
}

TEST(BuyIn, TableOfOrganiserForms) {
  const auto rows = testing::readTable("buyins.tsv");
  ASSERT_GE(rows.size(), 40u);
  for (const auto& r : rows) {
    SCOPED_TRACE("buyins.tsv:" + std::to_string(r.line) + " " + r.at(0) + " | " + r.at(1) + " | " + r.at(2) +
                 " (" + r.at(4) + ")");
    const auto got = parseBuyIn(r.at(0), r.at(1), r.at(2));
    const std::string& want = r.at(3);
    if (!want.empty() && want[0] == '!') {
      ASSERT_FALSE(got.has_value()) << "expected an error, got " << describe(*got);
      EXPECT_EQ(want.substr(1), errorCodeName(got.error().code));
      continue;
    }
    ASSERT_TRUE(got.has_value()) << got.error().message;
    EXPECT_EQ(want, describe(*got));
  }
}

// The overload with a reader (used by the run to cache each text's reading)
// answers as parseBuyIn on every table row, and asks for each text with its
// own source.
TEST(BuyIn, CachedReadingsGiveTheSameAnswers) {
  const auto rows = testing::readTable("buyins.tsv");
  for (const auto& r : rows) {
    SCOPED_TRACE("buyins.tsv:" + std::to_string(r.line) + " " + r.at(0));
    int calls = 0;
    auto read = [&](std::string_view text, BuyInSource where) {
      ++calls;
      const std::string& expected = where == BuyInSource::kField   ? r.at(0)
                                    : where == BuyInSource::kTitle ? r.at(1)
                                                                   : r.at(2);
      EXPECT_EQ(text, expected);
      return readBuyIn(text, where);
    };
    const auto direct = parseBuyIn(r.at(0), r.at(1), r.at(2));
    const auto cached = parseBuyIn(r.at(0), r.at(1), r.at(2), read);
    EXPECT_LE(calls, 3);
    ASSERT_EQ(direct.has_value(), cached.has_value());
    if (direct) {
      EXPECT_EQ(describe(*direct), describe(*cached));
    } else {
      EXPECT_EQ(direct.error().message, cached.error().message);
    }
  }
}

TEST(BuyIn, UnreadableFieldMessageQuotesItAndShowsForms) {
  const auto got = parseBuyIn("Deepstack", "", "");
  ASSERT_FALSE(got.has_value());
  EXPECT_EQ(ErrorCode::kInvalidBuyIn, got.error().code);
  EXPECT_NE(std::string::npos, got.error().message.find("'Deepstack'")) << got.error().message;
  EXPECT_NE(std::string::npos, got.error().message.find("150 €")) << got.error().message;
}

TEST(BuyIn, FieldWinsOverTitleAndDescription) {
  const auto got = parseBuyIn("80 €", "Deepstack 150€", "Buy-in: 200 €");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(8000, got->buy_in_cents);
}

TEST(EuroCents, FirstAmount) {
  EXPECT_EQ(3750, *parseEuroCents("37,50 €"));
  EXPECT_EQ(5000, *parseEuroCents("50"));
  EXPECT_EQ(100000, *parseEuroCents("1 000"));
  EXPECT_EQ(250000, *parseEuroCents("2,5k"));
  EXPECT_FALSE(parseEuroCents("gratuit").has_value());
}

TEST(BuyIn, NeverThrowsOnOddInput) {
  for (const char* s : {"", "+", "++1", "(", "1 (", "1 + ", "€", "k€", "99999999999999999999 €", "1.2.3.4",
                        "\xff\xfe", "dont", "150 € dont", "(1 000 + )", ",50 €"}) {
    EXPECT_NO_THROW({
      const auto b = parseBuyIn(s, s, s);
      (void)b;
    }) << s;
  }
}

}  // namespace
}  // namespace pft::normalize
