#include "pft/normalize/classify.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "parse_test_tsv.hpp"
#include "parse_tokens.hpp"
#include "pft/core/text.hpp"

namespace pft::normalize {
namespace {

std::string joinTags(const std::vector<std::string>& tags) {
  if (tags.empty()) return "-";
  std::string s;
  for (const auto& t : tags) {
    if (!s.empty()) s += ",";
    s += t;
  }
  return s;
}

TEST(Classify, TableOfVariantsTagsStatusAndText) {
  const auto rows = testing::readTable("variants.tsv");
  ASSERT_GE(rows.size(), 30u);
  int checked = 0;
  for (const auto& r : rows) {
    SCOPED_TRACE("variants.tsv:" + std::to_string(r.line) + " " + r.at(1) + " | " + r.at(2) + " (" + r.at(5) + ")");
    const std::string& kind = r.at(0);
    const std::string& want = r.at(4);
    if (kind == "variant") {
      EXPECT_EQ(want, classifyVariant(r.at(1), r.at(2), r.at(3)));
    } else if (kind == "tags") {
      // Column 2: the buy-in's flags, "1" freeroll, "q" qualifiers.
      EXPECT_EQ(want, joinTags(extractTags(r.at(2), r.at(3), r.at(1).find('1') != std::string::npos,
                                           r.at(1).find('q') != std::string::npos)));
    } else if (kind == "status") {
      EXPECT_EQ(want, statusName(classifyStatus(r.at(1), r.at(2))));
    } else if (kind == "clean") {
      EXPECT_EQ(want, cleanText(r.at(2)));
    } else {
      ADD_FAILURE() << "unknown kind '" << kind << "'";
      continue;
    }
    ++checked;
  }
  EXPECT_EQ(static_cast<int>(rows.size()), checked);
}

TEST(Classify, EveryVariantIsAListedCode) {
  for (const char* text : {"NLHE", "PLO", "Big O", "Omaha Hi-Lo", "PLO6", "6+", "Stud", "Razz", "HORSE",
                           "Badugi", "", "rien"}) {
    const std::string v = classifyVariant(text, "", "");
    EXPECT_TRUE(isVariantCode(v))
        << text << " -> " << v;
  }
}

TEST(Classify, TagOrderIsFixedWhateverTheTextOrder) {
  EXPECT_EQ(extractTags("Turbo Bounty", ""), extractTags("Bounty Turbo", ""));
  EXPECT_EQ((std::vector<std::string>{"bounty", "turbo"}), extractTags("Turbo Bounty", ""));
}

TEST(Classify, FastFoldingAgreesWithCoreFolding) {
  for (const char* s : {"Samedi 12 DÉCEMBRE à 20h", "Hold’em", "Entrée\u00a0gratuite", "1\u202f000 €",
                        "ÀÁÂÃÄÅ ÇÈÉÊË ÌÍÎÏ ÑÒÓÔÕÖ ÙÚÛÜÝ àáâãäå çèéêë ìíîï ñòóôõö ùúûüýÿ", "Œuvre Straße",
                        "Cafe\u0301", "du 4 – 7 déc.", "« Deepstack »", "H.O.R.S.E.", "\xff\xfe"}) {
    SCOPED_TRACE(s);
    EXPECT_EQ(text::foldKey(s), detail::foldKeyText(s));
  }
  EXPECT_EQ(text::foldCase("DÉCEMBRE Août"), detail::foldText("DÉCEMBRE Août"));
}

TEST(CleanText, RepairsDecodesAndComposes) {
  EXPECT_EQ("été", cleanText("\xe9t\xe9"));  // Windows-1252 bytes
  EXPECT_EQ("Café & poker", cleanText("Caf&eacute; &amp;<br>poker"));
  EXPECT_EQ("Café", cleanText("Cafe\u0301"));
  EXPECT_EQ("Main Event – 1 000 €", cleanText("  Main\tEvent – 1\u00a0000 € "));
  EXPECT_EQ("", cleanText(""));
}

TEST(Classify, CombinedCallAgreesWithSeparateCalls) {
  const auto rows = testing::readTable("variants.tsv");
  for (const auto& r : rows) {
    SCOPED_TRACE("variants.tsv:" + std::to_string(r.line));
    const bool freeroll = r.at(0) == "tags" && r.at(1).find('1') != std::string::npos;
    const bool qualifiers = r.at(0) == "tags" && r.at(1).find('q') != std::string::npos;
    const auto c = classify(r.at(1), r.at(2), r.at(3), r.at(1), freeroll, qualifiers);
    EXPECT_EQ(classifyVariant(r.at(1), r.at(2), r.at(3)), c.variant);
    EXPECT_EQ(extractTags(r.at(2), r.at(3), freeroll, qualifiers), c.tags);
    EXPECT_EQ(classifyStatus(r.at(1), r.at(2)), c.status);
    // The same from texts read once (what the normaliser caches per text),
    // each row's texts also swapped around so that every text is tried in
    // every role.
    const std::string texts[] = {r.at(1), r.at(2), r.at(3)};
    for (int rot = 0; rot < 3; ++rot) {
      const std::string& v = texts[rot];
      const std::string& t = texts[(rot + 1) % 3];
      const std::string& d = texts[(rot + 2) % 3];
      const auto a = classify(v, t, d, v, freeroll, qualifiers);
      const auto b = classify(readTextKind(v), readTextKind(t), readTextKind(d), readTextKind(v), freeroll, qualifiers);
      EXPECT_EQ(a.variant, b.variant) << rot;
      EXPECT_EQ(a.tags, b.tags) << rot;
      EXPECT_EQ(a.status, b.status) << rot;
    }
  }
}

}  // namespace
}  // namespace pft::normalize
