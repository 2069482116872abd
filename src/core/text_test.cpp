#include "pft/core/text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

// Unicode's table of well-formed byte sequences (Table 3-7), written
// plainly, against isValidUtf8 (eight ASCII bytes at a time, then one
// sequence): every 1- to 3-byte string over bytes that sit on the table's
// edges, after ASCII runs of 0 to 9 bytes, and a set of 4-byte ones.
bool wellFormedReference(std::string_view s) {
  std::size_t i = 0;
  auto in = [&](std::size_t k, unsigned lo, unsigned hi) {
    return i + k < s.size() && static_cast<unsigned char>(s[i + k]) >= lo && static_cast<unsigned char>(s[i + k]) <= hi;
  };
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c <= 0x7F) { i += 1; continue; }
    if (c >= 0xC2 && c <= 0xDF && in(1, 0x80, 0xBF)) { i += 2; continue; }
    if (c == 0xE0 && in(1, 0xA0, 0xBF) && in(2, 0x80, 0xBF)) { i += 3; continue; }
    if (((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) && in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF)) { i += 3; continue; }
    if (c == 0xED && in(1, 0x80, 0x9F) && in(2, 0x80, 0xBF)) { i += 3; continue; }
    if (c == 0xF0 && in(1, 0x90, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF)) { i += 4; continue; }
    if (c >= 0xF1 && c <= 0xF3 && in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF)) { i += 4; continue; }
    if (c == 0xF4 && in(1, 0x80, 0x8F) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF)) { i += 4; continue; }
    return false;
  }
  return true;
}

TEST(Utf8, AgreesWithTheTableOfWellFormedSequences) {
  const std::vector<unsigned char> edges = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1,
                                            0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3,
                                            0xF4, 0xF5, 0xF8, 0xFF};
  std::vector<std::string> cases;
  for (auto a : edges) {
    cases.emplace_back(1, static_cast<char>(a));
    for (auto b : edges) {
      cases.push_back({static_cast<char>(a), static_cast<char>(b)});
      for (auto c : edges) cases.push_back({static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)});
    }
  }
  for (auto a : {0xF0, 0xF1, 0xF4, 0xF5}) {
    for (auto b : {0x80, 0x8F, 0x90, 0xBF, 0xC0}) {
      for (auto d : {0x41, 0x80, 0xBF}) {
        cases.push_back({static_cast<char>(a), static_cast<char>(b), static_cast<char>(0x80), static_cast<char>(d)});
      }
    }
  }
  int valid = 0;
  for (const auto& c : cases) {
    for (std::size_t ascii = 0; ascii < 10; ++ascii) {
      const std::string s = std::string(ascii, 'a') + c + "bc";
      ASSERT_EQ(isValidUtf8(s), wellFormedReference(s)) << "after " << ascii << " ASCII bytes";
      valid += wellFormedReference(s) ? 1 : 0;
    }
  }
  EXPECT_GT(valid, 1000);  // both answers are exercised
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

TEST(Slugify, AsciiWordsJoinedByHyphensCutAtAWord) {
  EXPECT_EQ(slugify("Deepstack du Léman — 150 €"), "deepstack-du-leman-150");
  EXPECT_EQ(slugify("  Évian-les-Bains  "), "evian-les-bains");
  EXPECT_EQ(slugify("<script>alert(1)</script>"), "script-alert-1-script");
  EXPECT_EQ(slugify("北京"), "");
  EXPECT_EQ(slugify("aaaa bbbb cccc", 11), "aaaa-bbbb");
  EXPECT_EQ(slugify(std::string(80, 'x'), 60), std::string(60, 'x'));
}

TEST(BidiControls, AreStrippedAndNothingElse) {
  // U+202E RIGHT-TO-LEFT OVERRIDE, U+2066 LRI, U+2069 PDI, U+200E LRM, U+200F RLM, U+202A LRE.
  EXPECT_EQ(stripBidiControls("Tournoi \u202Egnp.exe\u202C fin"), "Tournoi gnp.exe fin");
  EXPECT_EQ(stripBidiControls("a\u2066b\u2069c\u200Ed\u200Fe\u202Af"), "abcdef");
  // Neighbours are kept: U+2010 hyphen, U+2028 line separator, U+2060 word joiner, U+206A.
  const std::string kept = "\u2010\u2028\u2060\u206A é € \xE2\x80";
  EXPECT_EQ(stripBidiControls(kept), kept);
}

}  // namespace
}  // namespace pft::text

namespace pft::text {
namespace {

TEST(ClipForEcho, ReplacesBadBytesAndCapsLength) {
  EXPECT_EQ(clipForEcho("near"), "near");
  EXPECT_EQ(clipForEcho("\xC3\xA9t\xE9"), "\xC3\xA9t\xEF\xBF\xBD");
  EXPECT_EQ(clipForEcho("ab\xC3"), "ab\xEF\xBF\xBD");                              // truncated sequence
  EXPECT_EQ(clipForEcho("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(clipForEcho(std::string(5000, 'a'), 3), "aaa\xE2\x80\xA6");
  EXPECT_EQ(clipForEcho("\xC3\xA9\xC3\xA9\xC3\xA9", 3), "\xC3\xA9\xC3\xA9\xC3\xA9");  // counts characters
  EXPECT_EQ(clipForEcho("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 3), "\xC3\xA9\xC3\xA9\xC3\xA9\xE2\x80\xA6");
  EXPECT_TRUE(isValidUtf8(clipForEcho(std::string(300, '\xFF'))));
  EXPECT_LE(clipForEcho(std::string(300, '\xFF')).size(), 200u * 3 + 3);
}

}  // namespace
}  // namespace pft::text
