#include "pft/core/variant.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace pft {
namespace {

struct SpellingCase {
  const char* text;
  const char* expected;  // "" = not a variant
  const char* why;
};

// What users type for ?variant= (the API) and the code it means.
constexpr SpellingCase kSpellings[] = {
    {"NLHE", "NLHE", "a code"},
    {"nlhe", "NLHE", "a code in lower case"},
    {"plo", "PLO", "a code in lower case"},
    {"PLO5", "PLO5", "a code with a digit"},
    {"plo6", "PLO6", "a code with a digit, lower case"},
    {"plo hi-lo", "PLO Hi-Lo", "a code with a space and a hyphen"},
    {"PLO_Hi_Lo", "PLO Hi-Lo", "underscores fold to spaces"},
    {"short_deck", "Short Deck", "underscore"},
    {"Short Deck", "Short Deck", "a code with a space"},
    {"stud", "Stud", "Stud"},
    {"RAZZ", "Razz", "Razz in upper case"},
    {"Mixed", "Mixed", "Mixed"},
    {"other", "Other", "Other"},
    {"No Limit Hold'em", "NLHE", "the prototype's spelling"},
    {"No Limit Holdem", "NLHE", "without the apostrophe"},
    {"NL Hold'em", "NLHE", "NL"},
    {"Texas Hold’em", "NLHE", "typographic apostrophe"},
    {"hold'em", "NLHE", "hold'em alone"},
    {"Holdem", "NLHE", "holdem"},
    {"Pot Limit Omaha", "PLO", "pot limit omaha"},
    {"Omaha", "PLO", "omaha alone"},
    {"Omaha Hi/Lo", "PLO Hi-Lo", "hi/lo"},
    {"PLO8", "PLO Hi-Lo", "PLO8"},
    {"mixte", "Mixed", "French"},
    {"Mixed Games", "Mixed", "mixed games"},
    {"6 plus", "Short Deck", "6 plus"},
    {"ShortDeck", "Short Deck", "one word"},
    {"  plo  ", "PLO", "spaces around"},
    {"canasta", "", "not poker"},
    {"", "", "empty"},
    {"   ", "", "blank"},
    {"6+", "", "'+' survives folding: not an accepted spelling"},
    {"Texas Hold'em No Limit", "", "the French label is not a spelling"},
    {"omaha 5", "", "no alias for Omaha 5"},
};

TEST(Variant, SpellingsMapToCodes) {
  for (const auto& c : kSpellings) {
    auto got = normaliseVariant(c.text);
    if (*c.expected == '\0') {
      EXPECT_FALSE(got) << "'" << c.text << "' (" << c.why << ") gave " << got.value_or("");
    } else {
      ASSERT_TRUE(got) << "'" << c.text << "' (" << c.why << ")";
      EXPECT_EQ(*got, c.expected) << "'" << c.text << "' (" << c.why << ")";
    }
  }
}

TEST(Variant, EveryCodeHasOneFrenchLabelAndReadsBackAsItself) {
  std::set<std::string_view> labels;
  ASSERT_EQ(knownVariants().size(), std::size(kVariants));
  for (std::size_t i = 0; i < std::size(kVariants); ++i) {
    const auto& v = kVariants[i];
    EXPECT_EQ(knownVariants()[i], v.code);
    EXPECT_TRUE(isVariantCode(v.code));
    ASSERT_TRUE(variantLabel(v.code));
    EXPECT_EQ(*variantLabel(v.code), v.label);
    EXPECT_FALSE(v.label.empty());
    EXPECT_TRUE(labels.insert(v.label).second) << v.label << " is the label of two codes";
    auto back = normaliseVariant(v.code);
    ASSERT_TRUE(back) << v.code;
    EXPECT_EQ(*back, v.code);
  }
  EXPECT_EQ(*variantLabel("NLHE"), "Texas Hold'em No Limit");
  EXPECT_EQ(*variantLabel("PLO"), "Omaha Pot Limit");
  EXPECT_FALSE(variantLabel("nlhe"));  // codes are exact
  EXPECT_FALSE(isVariantCode("Badugi"));
}

}  // namespace
}  // namespace pft
