#include "pft/core/similarity.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace pft::text {
namespace {

TEST(TitleSimilarity, NormalisedLevenshtein) {
  EXPECT_DOUBLE_EQ(titleSimilarity("abc", "abc"), 1.0);
  EXPECT_DOUBLE_EQ(titleSimilarity("", ""), 1.0);
  EXPECT_DOUBLE_EQ(titleSimilarity("", "abc"), 0.0);
  EXPECT_NEAR(titleSimilarity("deepstack du dimanche", "deepstack du dimanch"), 1 - 1.0 / 21, 1e-9);
  EXPECT_NEAR(titleSimilarity("tournoi mensuel de noel", "tournoi mensuel de noels"), 1 - 1.0 / 24, 1e-9);
  EXPECT_NEAR(titleSimilarity("kitten", "sitting"), 1 - 3.0 / 7, 1e-9);
  EXPECT_LT(titleSimilarity("main event", "high roller"), 0.5);
  // Exact even far apart: ten edits over ten bytes, not a bound from the lengths.
  EXPECT_DOUBLE_EQ(titleSimilarity("aaaaaaaaaa", "bbb"), 0.0);
  EXPECT_DOUBLE_EQ(titleSimilarity("bbb", "aaaaaaaaaa"), 0.0);
}

TEST(SimilarTitles, NumbersMustAgree) {
  EXPECT_TRUE(similarTitles("main event day 1a", "main event day 1a"));
  EXPECT_FALSE(similarTitles("main event day 1a", "main event day 1b"));
  EXPECT_FALSE(similarTitles("deepstack 150", "deepstack 200"));
  EXPECT_TRUE(similarTitles("tournoi deepstack du samedi", "tournoi deep stack du samedi"));
  EXPECT_FALSE(similarTitles("", "deepstack"));
}

// similarTitles decides with a banded edit distance: it must agree with the
// full normalised Levenshtein on every pair (titles without digits here, so
// the numbers rule does not interfere), including the 0.9 boundary.
TEST(SimilarTitles, BandedDistanceAgreesWithFullLevenshtein) {
  std::mt19937 rng(42);
  const std::string alphabet = "ab cd";
  int similar = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string a;
    std::size_t len = rng() % 40;
    for (std::size_t i = 0; i < len; ++i) a += alphabet[rng() % alphabet.size()];
    std::string b = a;
    for (std::size_t edits = rng() % 6; edits > 0; --edits) {
      std::size_t op = rng() % 3;
      std::size_t at = b.empty() ? 0 : rng() % b.size();
      char c = alphabet[rng() % alphabet.size()];
      if (op == 0) b.insert(b.begin() + static_cast<std::ptrdiff_t>(at), c);
      else if (op == 1 && !b.empty()) b.erase(at, 1);
      else if (!b.empty()) b[at] = c;
    }
    bool expected = a == b || titleSimilarity(a, b) >= kSimilarTitleThreshold;
    ASSERT_EQ(similarTitles(a, b), expected) << "'" << a << "' vs '" << b << "'";
    similar += expected ? 1 : 0;
  }
  EXPECT_GT(similar, 2000);  // the boundary is exercised, not only far pairs
  EXPECT_LT(similar, 18000);
}

}  // namespace
}  // namespace pft::text
