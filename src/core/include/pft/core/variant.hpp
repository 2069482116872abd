#pragma once
// The variant vocabulary of pft, in one place: the codes normalize writes
// (Tournament::variant), in the order the site lists them, with the French
// label shown to players, and the spellings a user may type for a code (the
// API's ?variant=). normalize decides which code an event has
// (normalize/classify.hpp); everyone else reads the code through here.
// Pure, no state: thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pft {

struct VariantName {
  std::string_view code;   // as stored and served: "NLHE", "PLO Hi-Lo"
  std::string_view label;  // French, for pages: "Texas Hold'em No Limit"
};

// The codes, by name (what normalize's classifier returns).
inline constexpr std::string_view kVariantNlhe = "NLHE";
inline constexpr std::string_view kVariantPlo = "PLO";
inline constexpr std::string_view kVariantPlo5 = "PLO5";
inline constexpr std::string_view kVariantPlo6 = "PLO6";
inline constexpr std::string_view kVariantPloHiLo = "PLO Hi-Lo";
inline constexpr std::string_view kVariantShortDeck = "Short Deck";
inline constexpr std::string_view kVariantStud = "Stud";
inline constexpr std::string_view kVariantRazz = "Razz";
inline constexpr std::string_view kVariantMixed = "Mixed";
inline constexpr std::string_view kVariantOther = "Other";  // a game none of the others names (Badugi, OFC…)

// Every variant code, in the order the site lists them, with its label.
inline constexpr VariantName kVariants[] = {
    {kVariantNlhe, "Texas Hold'em No Limit"},
    {kVariantPlo, "Omaha Pot Limit"},
    {kVariantPlo5, "Omaha 5 cartes Pot Limit"},
    {kVariantPlo6, "Omaha 6 cartes Pot Limit"},
    {kVariantPloHiLo, "Omaha Hi-Lo Pot Limit"},
    {kVariantShortDeck, "Short Deck (6+)"},
    {kVariantStud, "Stud"},
    {kVariantRazz, "Razz"},
    {kVariantMixed, "Jeux mixtes"},
    {kVariantOther, "Autre variante"},
};

// True when `code` is one of kVariants' codes (exact, case included).
bool isVariantCode(std::string_view code);

// The French label of `code`, or nullopt when it is not a known code (a row
// written by another tool: show the code itself).
std::optional<std::string_view> variantLabel(std::string_view code);

// The codes of kVariants, in order, as strings (what the API lists in its
// unknown_variant error and accepts).
const std::vector<std::string>& knownVariants();

// The code a user means by `text`: a code in any case and spacing or
// punctuation ("plo hi-lo", "short_deck"), or an everyday or prototype
// spelling ("No Limit Hold'em", "hold'em", "omaha", "Omaha Hi/Lo", "PLO8",
// "mixte", "mixed games", "6 plus"; the table is in variant.cpp); matched on
// text::foldKey, whole text only. nullopt when it names no code (empty or
// blank text included).
std::optional<std::string> normaliseVariant(std::string_view text);

}  // namespace pft
