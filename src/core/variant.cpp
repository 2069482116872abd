#include "pft/core/variant.hpp"

#include <array>
#include <utility>

#include "pft/core/text.hpp"

namespace pft {

bool isVariantCode(std::string_view code) { return variantLabel(code).has_value(); }

std::optional<std::string_view> variantLabel(std::string_view code) {
  for (const auto& v : kVariants) {
    if (v.code == code) return v.label;
  }
  return std::nullopt;
}

const std::vector<std::string>& knownVariants() {
  static const std::vector<std::string> kCodes = [] {
    std::vector<std::string> codes;
    for (const auto& v : kVariants) codes.emplace_back(v.code);
    return codes;
  }();
  return kCodes;
}

std::optional<std::string> normaliseVariant(std::string_view text) {
  std::string folded = text::foldKey(text);
  if (folded.empty()) return std::nullopt;
  for (const auto& code : knownVariants()) {
    if (text::foldKey(code) == folded) return code;
  }
  // Prototype and everyday spellings, folded.
  static const std::array<std::pair<std::string_view, std::string_view>, 14> kAliases{{
      {"no limit hold em", "NLHE"},
      {"no limit holdem", "NLHE"},
      {"nl hold em", "NLHE"},
      {"texas hold em", "NLHE"},
      {"hold em", "NLHE"},
      {"holdem", "NLHE"},
      {"pot limit omaha", "PLO"},
      {"omaha", "PLO"},
      {"omaha hi lo", "PLO Hi-Lo"},
      {"plo8", "PLO Hi-Lo"},
      {"mixte", "Mixed"},
      {"mixed games", "Mixed"},
      {"6 plus", "Short Deck"},
      {"shortdeck", "Short Deck"},
  }};
  for (const auto& [alias, target] : kAliases) {
    if (folded == alias) return std::string{target};
  }
  return std::nullopt;
}

}  // namespace pft
