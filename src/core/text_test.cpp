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

// RFC 3986: only the unreserved characters stay; every other byte, UTF-8
// included, is %XX in upper case.
TEST(PercentEncode, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(percentEncode("Casino Barrière, 14800 Deauville"), "Casino%20Barri%C3%A8re%2C%2014800%20Deauville");
  EXPECT_EQ(percentEncode("a-b.c_d~e"), "a-b.c_d~e");
  EXPECT_EQ(percentEncode("&=+/?#%"), "%26%3D%2B%2F%3F%23%25");
  EXPECT_EQ(percentEncode(std::string_view("\x00\xFF", 2)), "%00%FF");
  EXPECT_EQ(percentEncode(""), "");
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    const bool kept = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || ch == '-' ||
                      ch == '.' || ch == '_' || ch == '~';
    EXPECT_EQ(percentEncode(std::string_view(&ch, 1)).size(), kept ? 1u : 3u) << c;
  }
}

}  // namespace
}  // namespace pft::text
