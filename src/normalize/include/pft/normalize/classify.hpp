#pragma once
// What kind of tournament an event is: its variant code, its tags and its
// status, read from the organiser's words; and cleanText() for the text we
// keep. Pure functions (no I/O, no locale, no globals), thread-safe. Matching
// is done on pft::text::foldKey words (no case, no accents, no punctuation),
// so "Hold'em", "HOLD EM" and "hold’em" are the same.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pft/core/types.hpp"
#include "pft/core/variant.hpp"

namespace pft::normalize {

// The variant code of an event (one of pft::kVariants, core/variant.hpp): the first of the variant field, the title and
// the description that names one decides. Within one text the most specific
// name wins ("Omaha Hi-Lo" -> PLO Hi-Lo, "PLO5" -> PLO5, "Big O" and "Omaha 5
// Hi-Lo" -> PLO5 (the card count decides before Hi-Lo),
// "6+" -> Short Deck, "HORSE" / "8-Game" / "Dealer's choice" / "Mixed" ->
// Mixed); a field or title naming both hold'em and Omaha is Mixed. A text
// naming an unlisted game (Badugi, 2-7 triple draw, OFC) is Other. Nothing
// named anywhere: NLHE, the French live default.
std::string classifyVariant(std::string_view variant_field, std::string_view title,
                            std::string_view description);

// Tags found in the title and description, lower-case codes in this fixed
// order: bounty, ko, pko, mystery-bounty, turbo, hyper-turbo, deepstack,
// freezeout, re-entry, rebuy, add-on, satellite, main-event, high-roller,
// ladies, seniors, freeroll, qualifiers, then "flight:<id>" from "Day 1A" /
// "Jour 1A" / "Flight B" (id upper-cased: "flight:1A"). PKO and mystery
// bounties also get "bounty"; "hyper turbo" is hyper-turbo only; "sans
// recave" / "no rebuy" is freezeout, not rebuy. `freeroll` adds the freeroll
// tag and `qualifiers` the qualifiers tag (both from the buy-in, money.hpp).
std::vector<std::string> extractTags(std::string_view title, std::string_view description,
                                     bool freeroll = false, bool qualifiers = false);

// kCancelled when the status text or the title says annulé(e) / cancelled /
// canceled / iCalendar STATUS:CANCELLED / schema.org EventCancelled;
// kPostponed for reporté(e) / postponed / EventPostponed; else kScheduled.
TournamentStatus classifyStatus(std::string_view status_text, std::string_view title);

// All three at once, each text folded once (what the normaliser calls per
// event; the functions above are equivalent when used one by one).
struct Classification {
  std::string variant{kVariantNlhe};
  std::vector<std::string> tags;
  TournamentStatus status = TournamentStatus::kScheduled;
};
Classification classify(std::string_view variant_field, std::string_view title,
                        std::string_view description, std::string_view status_text,
                        bool freeroll = false, bool qualifiers = false);

// What one text says to the classifiers (its words, as a compact summary),
// read once: callers that see the same titles and descriptions again and
// again cache it per text. Cheap to copy.
class TextKind {
 public:
  TextKind() = default;
  bool operator==(const TextKind&) const = default;

 private:
  friend TextKind readTextKind(std::string_view text);
  friend Classification classify(const TextKind&, const TextKind&, const TextKind&, const TextKind&, bool, bool);
  std::uint64_t mask_ = 0;
  std::string flight_;
  bool six_plus_ = false;
};
TextKind readTextKind(std::string_view text);

// classify() on texts already read:
// classify(readTextKind(v), readTextKind(t), readTextKind(d), readTextKind(s), f, q) == classify(v, t, d, s, f, q).
Classification classify(const TextKind& variant_field, const TextKind& title, const TextKind& description,
                        const TextKind& status_text, bool freeroll = false, bool qualifiers = false);

// Text as we keep and show it: tags removed, HTML entities decoded,
// whitespace collapsed and trimmed, invalid UTF-8 repaired, Unicode NFC.
std::string cleanText(std::string_view s);

}  // namespace pft::normalize
