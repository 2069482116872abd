#include "pft/normalize/classify.hpp"

#include "pft/core/text.hpp"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "parse_tokens.hpp"

namespace pft::normalize {
namespace {

// What a phrase says. One bit each; a phrase may set several.
enum Feature : int {
  kMixed, kMixte, kShortDeck, kOmaha, kOmahaCore, kHoldem, kDraw, kBigO, kHiLo, kPlo6, kPlo5, kRazz, kStud,
  kMystery, kPko, kProgressiveKo, kBounty, kKo, kTurbo, kHyper, kDeep, kNoRebuy, kFreezeout, kReentry,
  kRebuy, kAddon, kSatellite, kMainEvent, kHighRoller, kLadies, kSeniors, kFreeroll, kCancelled, kPostponed,
};
using Mask = std::uint64_t;
constexpr Mask bit(Feature f) { return Mask{1} << f; }
constexpr bool has(Mask m, Feature f) { return (m & bit(f)) != 0; }

struct PhraseDef {
  std::string_view phrase;  // foldKey words, space-separated
  Mask mask;
  std::string_view not_after_a = {};  // ignored right after these words
  std::string_view not_after_b = {};
};

// Every phrase we look for, on foldKey words ("hold'em" -> "hold em").
const std::vector<PhraseDef>& phrases() {
  static const std::vector<PhraseDef> kPhrases = [] {
    std::vector<PhraseDef> v;
    auto add = [&](Mask m, std::initializer_list<std::string_view> list, std::string_view na = {},
                   std::string_view nb = {}) {
      for (auto p : list) v.push_back(PhraseDef{p, m, na, nb});
    };
    add(bit(kMixed), {"mixed", "mix", "horse", "h o r s e", "8 game", "8game", "8 games", "10 game", "9 game",
                      "dealer s choice", "dealers choice", "dealer choice", "choix du donneur"});
    add(bit(kMixte), {"mixte"});
    add(bit(kShortDeck), {"short deck", "shortdeck", "six plus", "6 plus"});
    add(bit(kOmaha) | bit(kOmahaCore), {"omaha", "plo"});
    add(bit(kOmaha), {"plo4", "omaha4"});
    add(bit(kOmaha) | bit(kPlo5), {"plo5", "omaha5", "courchevel", "5 cartes", "5 card", "5 cards"});
    add(bit(kOmaha) | bit(kPlo6), {"plo6", "omaha6", "6 cartes", "6 card", "6 cards"});
    add(bit(kOmaha) | bit(kBigO), {"big o", "bigo"});
    add(bit(kOmaha) | bit(kHiLo), {"plo8", "omaha8", "o8", "plohl"});
    add(bit(kPlo5), {"plo 5", "omaha 5"});
    add(bit(kPlo6), {"plo 6", "omaha 6"});
    add(bit(kHiLo), {"hi lo", "hilo", "hi low", "high low", "8 or better", "8ob", "omaha 8", "plo 8", "hl"});
    add(bit(kHoldem), {"nlhe", "nlh", "holdem", "hold em", "texas", "no limit", "nl", "nlholdem", "lhe"});
    add(bit(kDraw), {"draw", "badugi", "lowball", "2 7", "triple draw", "open face", "ofc", "pineapple",
                     "chinese", "badeucy", "badacey"});
    add(bit(kRazz), {"razz"});
    add(bit(kStud), {"stud"});
    add(bit(kMystery) | bit(kBounty), {"mystery", "mystere", "mysterybounty"});
    add(bit(kPko) | bit(kBounty), {"pko", "progressive knockout", "progressive knock out", "progressive bounty",
                                   "bounty progressif"});
    add(bit(kPko) | bit(kBounty) | bit(kProgressiveKo), {"progressive ko", "ko progressif"});
    add(bit(kBounty), {"bounty", "bounties", "bountys", "chasse aux primes"});
    add(bit(kKo), {"ko", "knockout", "knock out"});
    add(bit(kTurbo), {"turbo"}, "hyper");
    add(bit(kHyper), {"hyper", "hyperturbo"});
    add(bit(kDeep), {"deepstack", "deep stack", "deep", "deepstacks"});
    add(bit(kNoRebuy) | bit(kFreezeout), {"sans recave", "sans recaves", "no rebuy", "no rebuys", "sans rebuy"});
    add(bit(kFreezeout), {"freezeout", "freeze out", "freezout"});
    add(bit(kReentry), {"re entry", "reentry", "re entree", "reentree", "re entries", "multi entry",
                        "multi entree", "reentries"});
    add(bit(kRebuy), {"rebuy", "rebuys", "recave", "recaves", "re buy"}, "sans", "no");
    add(bit(kAddon), {"add on", "addon", "add ons", "addons"});
    add(bit(kSatellite), {"satellite", "satellites", "satellit", "qualif", "qualification", "qualificatif",
                          "qualifier"});
    add(bit(kMainEvent), {"main event", "mainevent", "tournoi principal", "event principal"});
    add(bit(kHighRoller), {"high roller", "highroller", "high rollers", "highrollers"});
    add(bit(kLadies), {"ladies", "lady", "dames", "feminin", "feminine", "femmes", "women", "womens"});
    add(bit(kSeniors), {"senior", "seniors"});
    add(bit(kFreeroll), {"freeroll", "freerolls"});
    add(bit(kCancelled), {"annule", "annulee", "annules", "annulees", "cancelled", "canceled", "eventcancelled"});
    add(bit(kPostponed), {"reporte", "reportee", "reportes", "reportees", "postponed", "eventpostponed"});
    return v;
  }();
  return kPhrases;
}

std::vector<std::string_view> splitWords(std::string_view key) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < key.size()) {
    std::size_t j = key.find(' ', i);
    if (j == std::string_view::npos) j = key.size();
    if (j > i) out.push_back(key.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

// The phrases indexed by their first word, built once (immutable afterwards,
// so safe to share between threads).
struct IndexedPhrase {
  std::vector<std::string_view> rest;
  Mask mask;
  std::string_view not_after_a;
  std::string_view not_after_b;
};
const std::unordered_map<std::string_view, std::vector<IndexedPhrase>>& phraseIndex() {
  static const auto kIndex = [] {
    std::unordered_map<std::string_view, std::vector<IndexedPhrase>> idx;
    for (const auto& p : phrases()) {
      auto words = splitWords(p.phrase);
      IndexedPhrase e{std::vector<std::string_view>(words.begin() + 1, words.end()), p.mask, p.not_after_a,
                      p.not_after_b};
      idx[words.front()].push_back(std::move(e));
    }
    return idx;
  }();
  return kIndex;
}

// One text, folded once: its words, the features they name, and its flight.
class Words {
 public:
  explicit Words(std::string_view s) : key_(detail::foldKeyText(s)), words_(splitWords(key_)) {
    const auto& idx = phraseIndex();
    for (std::size_t i = 0; i < words_.size(); ++i) {
      const auto it = idx.find(words_[i]);
      if (it == idx.end()) continue;
      for (const auto& e : it->second) {
        if (i > 0 && !e.not_after_a.empty() && (words_[i - 1] == e.not_after_a || words_[i - 1] == e.not_after_b)) {
          continue;
        }
        if (i + e.rest.size() >= words_.size()) continue;
        bool ok = true;
        for (std::size_t k = 0; k < e.rest.size() && ok; ++k) ok = words_[i + 1 + k] == e.rest[k];
        if (ok) mask_ |= e.mask;
      }
    }
  }
  Words(const Words&) = delete;
  Words& operator=(const Words&) = delete;

  Mask mask() const { return mask_; }

  // "Day 1A", "Jour 1B", "Day1A", "Flight B" -> "1A", "1B", "1A", "B"; empty if none.
  std::string flight() const {
    for (std::size_t i = 0; i < words_.size(); ++i) {
      std::string_view id;
      const std::string_view word = words_[i];
      const bool intro = word == "day" || word == "jour" || word == "flight";
      if (intro && i + 1 < words_.size()) {
        id = words_[i + 1];
      } else if (word.size() >= 4 && word.substr(0, 3) == "day") {
        id = word.substr(3);
      }
      const bool day_id = !id.empty() && id.size() <= 2 && id[0] >= '1' && id[0] <= '9' &&
                          (id.size() == 1 || (id[1] >= 'a' && id[1] <= 'z'));
      const bool letter_id = word == "flight" && id.size() == 1 && id[0] >= 'a' && id[0] <= 'z';
      if (day_id || letter_id) {
        std::string code(id);
        for (char& c : code) {
          if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        }
        return code;
      }
    }
    return {};
  }

 private:
  std::string key_;
  std::vector<std::string_view> words_;
  Mask mask_ = 0;
};

// "6+" (short deck), not "18+" nor "6+1". Digits and '+' survive folding,
// so the raw text is searched.
bool hasSixPlus(std::string_view s) {
  for (std::size_t i = s.find("6+"); i != std::string_view::npos; i = s.find("6+", i + 1)) {
    const bool digit_before = i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9';
    const bool digit_after = i + 2 < s.size() && s[i + 2] >= '0' && s[i + 2] <= '9';
    if (!digit_before && !digit_after) return true;
  }
  return false;
}

std::optional<std::string> variantOf(Mask m, bool six_plus, bool field_or_title) {
  const bool omaha = has(m, kOmaha);
  const bool holdem = has(m, kHoldem);
  if (has(m, kMixed) || (omaha && holdem && (field_or_title || has(m, kMixte)))) return std::string(kVariantMixed);
  if (has(m, kShortDeck) || six_plus) return std::string(kVariantShortDeck);
  const bool draw = has(m, kDraw);
  if (omaha && !(draw && !has(m, kOmahaCore))) {
    // Card count first: five-card Hi-Lo is Big O, which the site lists as PLO5.
    if (has(m, kBigO)) return std::string(kVariantPlo5);
    if (has(m, kPlo6)) return std::string(kVariantPlo6);
    if (has(m, kPlo5)) return std::string(kVariantPlo5);
    if (has(m, kHiLo)) return std::string(kVariantPloHiLo);
    return std::string(kVariantPlo);
  }
  if (has(m, kRazz)) return std::string(kVariantRazz);
  if (has(m, kStud)) return std::string(kVariantStud);
  if (holdem) return std::string(kVariantNlhe);
  if (draw) return std::string(kVariantOther);
  return std::nullopt;
}

std::optional<std::string> variantOf(Mask m, std::string_view raw, bool field_or_title) {
  return variantOf(m, hasSixPlus(raw), field_or_title);
}

std::string variantFrom(const Words& field, std::string_view field_raw, const Words& title,
                        std::string_view title_raw, const Words& description, std::string_view description_raw) {
  if (auto v = variantOf(field.mask(), field_raw, true)) return *v;
  if (auto v = variantOf(title.mask(), title_raw, true)) return *v;
  if (auto v = variantOf(description.mask(), description_raw, false)) return *v;
  return std::string(kVariantNlhe);
}

// The tags of a title and description by their masks and flights (the
// title's flight first).
std::vector<std::string> tagsOf(Mask m, const std::string& title_flight, const std::string& description_flight,
                                bool freeroll, bool qualifiers);

std::vector<std::string> tagsFrom(const Words& title, const Words& description, bool freeroll, bool qualifiers) {
  return tagsOf(title.mask() | description.mask(), title.flight(), description.flight(), freeroll, qualifiers);
}

std::vector<std::string> tagsOf(Mask m, const std::string& title_flight, const std::string& description_flight,
                                bool freeroll, bool qualifiers) {
  std::vector<std::string> tags;
  if (has(m, kBounty)) tags.emplace_back("bounty");
  if (has(m, kKo) && !has(m, kProgressiveKo)) tags.emplace_back("ko");
  if (has(m, kPko)) tags.emplace_back("pko");
  if (has(m, kMystery)) tags.emplace_back("mystery-bounty");
  if (has(m, kTurbo)) tags.emplace_back("turbo");
  if (has(m, kHyper)) tags.emplace_back("hyper-turbo");
  if (has(m, kDeep)) tags.emplace_back("deepstack");
  if (has(m, kFreezeout)) tags.emplace_back("freezeout");
  if (has(m, kReentry)) tags.emplace_back("re-entry");
  if (has(m, kRebuy)) tags.emplace_back("rebuy");
  if (has(m, kAddon)) tags.emplace_back("add-on");
  if (has(m, kSatellite)) tags.emplace_back("satellite");
  if (has(m, kMainEvent)) tags.emplace_back("main-event");
  if (has(m, kHighRoller)) tags.emplace_back("high-roller");
  if (has(m, kLadies)) tags.emplace_back("ladies");
  if (has(m, kSeniors)) tags.emplace_back("seniors");
  if (freeroll || has(m, kFreeroll)) tags.emplace_back("freeroll");
  if (qualifiers) tags.emplace_back("qualifiers");
  const std::string& flight = title_flight.empty() ? description_flight : title_flight;
  if (!flight.empty()) tags.push_back("flight:" + flight);
  return tags;
}

TournamentStatus statusOf(Mask m) {
  if (has(m, kCancelled)) return TournamentStatus::kCancelled;
  if (has(m, kPostponed)) return TournamentStatus::kPostponed;
  return TournamentStatus::kScheduled;
}

TournamentStatus statusFrom(const Words& status_text, const Words& title) {
  return statusOf(status_text.mask() | title.mask());
}

}  // namespace

TextKind readTextKind(std::string_view text) {
  const Words w(text);
  TextKind k;
  k.mask_ = w.mask();
  k.flight_ = w.flight();
  k.six_plus_ = hasSixPlus(text);
  return k;
}

Classification classify(const TextKind& variant_field, const TextKind& title, const TextKind& description,
                        const TextKind& status_text, bool freeroll, bool qualifiers) {
  Classification c;
  if (auto v = variantOf(variant_field.mask_, variant_field.six_plus_, true)) {
    c.variant = std::move(*v);
  } else if (auto vt = variantOf(title.mask_, title.six_plus_, true)) {
    c.variant = std::move(*vt);
  } else if (auto vd = variantOf(description.mask_, description.six_plus_, false)) {
    c.variant = std::move(*vd);
  } else {
    c.variant = std::string(kVariantNlhe);
  }
  c.tags = tagsOf(title.mask_ | description.mask_, title.flight_, description.flight_, freeroll, qualifiers);
  c.status = statusOf(status_text.mask_ | title.mask_);
  return c;
}

std::string classifyVariant(std::string_view variant_field, std::string_view title,
                            std::string_view description) {
  const Words f(variant_field);
  if (auto v = variantOf(f.mask(), variant_field, true)) return *v;
  const Words t(title);
  if (auto v = variantOf(t.mask(), title, true)) return *v;
  const Words d(description);
  if (auto v = variantOf(d.mask(), description, false)) return *v;
  return std::string(kVariantNlhe);
}

std::vector<std::string> extractTags(std::string_view title, std::string_view description, bool freeroll,
                                     bool qualifiers) {
  return tagsFrom(Words(title), Words(description), freeroll, qualifiers);
}

TournamentStatus classifyStatus(std::string_view status_text, std::string_view title) {
  return statusFrom(Words(status_text), Words(title));
}

Classification classify(std::string_view variant_field, std::string_view title, std::string_view description,
                        std::string_view status_text, bool freeroll, bool qualifiers) {
  const Words f(variant_field);
  const Words t(title);
  const Words d(description);
  const Words s(status_text);
  Classification c;
  c.variant = variantFrom(f, variant_field, t, title, d, description);
  c.tags = tagsFrom(t, d, freeroll, qualifiers);
  c.status = statusFrom(s, t);
  return c;
}

namespace {

// True when NFC leaves `s` unchanged because it holds no character that
// composes or decomposes: everything below U+0300 (ASCII, Latin-1 and
// Latin Extended, all precomposed), U+2002-U+203F punctuation and €.
bool nfcStable(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) continue;
    if (c >= 0xC2 && c <= 0xCB && i + 1 < s.size()) {
      ++i;
      continue;
    }
    const auto c1 = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0u;
    const auto c2 = i + 2 < s.size() ? static_cast<unsigned char>(s[i + 2]) : 0u;
    if (c == 0xE2 && ((c1 == 0x80 && c2 >= 0x82 && c2 <= 0xBF) || (c1 == 0x82 && c2 == 0xAC))) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

}  // namespace

std::string cleanText(std::string_view s) {
  std::string repaired;
  std::string_view valid = s;
  if (!text::isValidUtf8(s)) {
    repaired = text::repairUtf8(s);
    valid = repaired;
  }
  std::string stripped = text::stripHtml(valid);
  if (nfcStable(stripped)) return stripped;
  return text::nfc(stripped);
}

}  // namespace pft::normalize
