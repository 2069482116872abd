#include "pft/core/text.hpp"

#include <gtest/gtest.h>

namespace pft::text {
namespace {

struct FoldCase {
  const char* input;
  const char* expected;
  const char* why;
};

void PrintTo(const FoldCase& c, std::ostream* os) { *os << c.why; }

class FoldKeyTest : public ::testing::TestWithParam<FoldCase> {};

TEST_P(FoldKeyTest, FoldsAccentsCaseAndPunctuation) {
  EXPECT_EQ(foldKey(GetParam().input), GetParam().expected) << GetParam().why;
}

INSTANTIATE_TEST_SUITE_P(
    Table, FoldKeyTest,
    ::testing::Values(FoldCase{"Évian-les-Bains", "evian les bains", "accents, hyphens"},
                      FoldCase{"EVIAN", "evian", "upper case"},
                      FoldCase{"Casino Barrière d’Enghien", "casino barriere d enghien", "typographic apostrophe"},
                      FoldCase{"  Aix   en Provence ", "aix en provence", "spaces squashed and trimmed"},
                      FoldCase{"Saint-Étienne", "saint etienne", "É"},
                      FoldCase{"Cœur de Lyon", "cœur de lyon", "œ kept as a letter"},
                      FoldCase{"NLHE 150€ — Day 1A", "nlhe 150 day 1a", "symbols dropped"},
                      FoldCase{"", "", "empty"},
                      FoldCase{"Ça", "ca", "cedilla"}));

TEST(FoldCase, KeepsPunctuationButRemovesMarks) {
  EXPECT_EQ(foldCase("Évian-les-Bains"), "evian-les-bains");
  EXPECT_EQ(foldCase("DÉCEMBRE"), "decembre");
}

TEST(Utf8, DetectsInvalidSequences) {
  EXPECT_TRUE(isValidUtf8("déjà"));
  EXPECT_FALSE(isValidUtf8("d\xE9j\xE0"));
  EXPECT_FALSE(isValidUtf8("\xC0\xAF"));  // overlong '/'
}

TEST(Utf8, RepairsLatin1BytesAsWindows1252) {
  EXPECT_EQ(repairUtf8("d\xE9j\xE0 \x80"), "déjà €");
  EXPECT_EQ(repairUtf8("déjà"), "déjà");
}

TEST(Utf8, ConvertsWindows1252) {
  EXPECT_EQ(windows1252ToUtf8("Tournoi \x93sp\xE9" "cial\x94 150\x80"), "Tournoi “spécial” 150€");
}

TEST(Nfc, ComposesDecomposedAccents) {
  EXPECT_EQ(nfc("E\xCC\x81vian"), "Évian");  // E + combining acute
}

TEST(Html, DecodesNamedAndNumericEntities) {
  EXPECT_EQ(decodeHtmlEntities("Caf&eacute; &amp; poker &#233;t&#xE9; &euro;"), "Café & poker été €");
  EXPECT_EQ(decodeHtmlEntities("&unknown; &amp"), "&unknown; &amp");
  EXPECT_EQ(decodeHtmlEntities("&#150;"), "–");  // Windows-1252 numeric reference
}

TEST(Html, StripsTagsWithoutMergingWords) {
  EXPECT_EQ(stripHtml("<p>Deepstack<br>150&nbsp;€</p>\n<b>NLHE</b>"), "Deepstack 150 € NLHE");
  EXPECT_EQ(stripHtml("prix < 100 €"), "prix < 100 €");
}

TEST(Spaces, SquashesUnicodeSpaces) {
  EXPECT_EQ(squashSpaces("1\xC2\xA0" "000\xE2\x80\xAF€  \n x"), "1 000 € x");
}

}  // namespace
}  // namespace pft::text
