#include "pft/normalize/classify.hpp"

#include "pft/core/text.hpp"

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace pft::normalize {
namespace {

// The words of text::foldKey(s) ("No Limit Hold'em" -> no, limit, hold, em).
class Words {
 public:
  explicit Words(std::string_view s) : key_(text::foldKey(s)) {
    std::size_t i = 0;
    while (i < key_.size()) {
      const std::size_t j = key_.find(' ', i);
      const std::size_t e = j == std::string::npos ? key_.size() : j;
      if (e > i) words_.emplace_back(key_.data() + i, e - i);
      i = e + 1;
    }
  }
  Words(const Words&) = delete;
  Words& operator=(const Words&) = delete;

  std::size_t size() const { return words_.size(); }
  std::string_view operator[](std::size_t i) const { return words_[i]; }

  // True when the words of `phrase` (space-separated) appear in a row.
  bool has(std::string_view phrase) const { return find(phrase) != std::string::npos; }
  std::size_t find(std::string_view phrase, std::size_t from = 0) const {
    std::vector<std::string_view> p;
    std::size_t i = 0;
    while (i <= phrase.size()) {
      const std::size_t j = phrase.find(' ', i);
      const std::size_t e = j == std::string_view::npos ? phrase.size() : j;
      p.push_back(phrase.substr(i, e - i));
      i = e + 1;
    }
    for (std::size_t s = from; s + p.size() <= words_.size(); ++s) {
      bool ok = true;
      for (std::size_t k = 0; k < p.size() && ok; ++k) ok = words_[s + k] == p[k];
      if (ok) return s;
    }
    return std::string::npos;
  }
  bool any(std::initializer_list<std::string_view> phrases) const {
    for (auto p : phrases) {
      if (has(p)) return true;
    }
    return false;
  }

 private:
  std::string key_;
  std::vector<std::string_view> words_;
};

// "6+" (short deck) in folded text, not "18+" nor "6+1".
bool hasSixPlus(std::string_view folded) {
  for (std::size_t i = folded.find("6+"); i != std::string_view::npos; i = folded.find("6+", i + 1)) {
    const bool digit_before = i > 0 && folded[i - 1] >= '0' && folded[i - 1] <= '9';
    const bool digit_after = i + 2 < folded.size() && folded[i + 2] >= '0' && folded[i + 2] <= '9';
    if (!digit_before && !digit_after) return true;
  }
  return false;
}

bool namesHoldem(const Words& w) {
  return w.any({"nlhe", "nlh", "holdem", "hold em", "texas", "no limit", "nl", "nlholdem", "lhe"});
}

bool namesOmaha(const Words& w) {
  return w.any({"omaha", "plo", "plo4", "plo5", "plo6", "plo8", "big o", "bigo", "courchevel", "omaha8",
                "o8", "5 cartes", "6 cartes", "5 card", "6 card", "plohl"});
}

std::optional<std::string> variantOf(std::string_view text, bool field_or_title) {
  if (text.empty()) return std::nullopt;
  const Words w(text);
  const bool omaha = namesOmaha(w);
  const bool holdem = namesHoldem(w);
  if (w.any({"mixed", "mix", "horse", "h o r s e", "8 game", "8game", "8 games", "10 game", "9 game",
             "dealer s choice", "dealers choice", "dealer choice", "choix du donneur"}) ||
      (field_or_title && omaha && holdem) || (w.has("mixte") && omaha && holdem)) {
    return "Mixed";
  }
  if (w.any({"short deck", "shortdeck", "six plus", "6 plus"}) || hasSixPlus(text::foldCase(text))) {
    return "Short Deck";
  }
  const bool draw = w.any({"draw", "badugi", "lowball", "2 7", "triple draw", "open face", "ofc", "pineapple",
                           "chinese", "badeucy", "badacey"});
  if (omaha && !(draw && !w.any({"omaha", "plo"}))) {
    if (w.any({"big o", "bigo"})) return "PLO5";
    if (w.any({"hi lo", "hilo", "hi low", "high low", "8 or better", "8ob", "o8", "plo8", "omaha8", "omaha 8",
               "plo 8", "plohl", "hl"})) {
      return "PLO Hi-Lo";
    }
    if (w.any({"plo6", "plo 6", "omaha 6", "6 cartes", "6 card", "6 cards"})) return "PLO6";
    if (w.any({"plo5", "plo 5", "omaha 5", "5 cartes", "5 card", "5 cards", "courchevel"})) return "PLO5";
    return "PLO";
  }
  if (w.has("razz")) return "Razz";
  if (w.has("stud")) return "Stud";
  if (holdem) return "NLHE";
  if (draw) return "Other";
  return std::nullopt;
}

}  // namespace

std::string classifyVariant(std::string_view variant_field, std::string_view title,
                            std::string_view description) {
  if (auto v = variantOf(variant_field, true)) return *v;
  if (auto v = variantOf(title, true)) return *v;
  if (auto v = variantOf(description, false)) return *v;
  return "NLHE";
}

std::vector<std::string> extractTags(std::string_view title, std::string_view description, bool freeroll) {
  std::string all(title);
  all += " \n ";
  all += description;
  const Words w(all);
  std::vector<std::string> tags;
  const bool mystery = w.any({"mystery", "mystere", "mysterybounty"});
  const bool pko = w.any({"pko", "progressive ko", "progressive knockout", "progressive knock out",
                          "progressive bounty", "ko progressif", "bounty progressif"});
  const bool bounty = w.any({"bounty", "bounties", "bountys", "chasse aux primes"}) || mystery || pko;
  if (bounty) tags.emplace_back("bounty");
  if (w.any({"ko", "knockout", "knock out"}) && !w.any({"progressive ko", "ko progressif"})) tags.emplace_back("ko");
  if (pko) tags.emplace_back("pko");
  if (mystery) tags.emplace_back("mystery-bounty");
  // "turbo" on its own, not only as part of "hyper turbo".
  bool turbo = false;
  for (std::size_t i = w.find("turbo"); i != std::string::npos; i = w.find("turbo", i + 1)) {
    if (i == 0 || w[i - 1] != "hyper") turbo = true;
  }
  const bool hyper = w.any({"hyper", "hyperturbo"});
  if (turbo) tags.emplace_back("turbo");
  if (hyper) tags.emplace_back("hyper-turbo");
  if (w.any({"deepstack", "deep stack", "deep", "deepstacks"})) tags.emplace_back("deepstack");
  const bool no_rebuy = w.any({"sans recave", "sans recaves", "no rebuy", "no rebuys", "sans rebuy"});
  if (no_rebuy || w.any({"freezeout", "freeze out", "freezout"})) tags.emplace_back("freezeout");
  if (w.any({"re entry", "reentry", "re entree", "reentree", "re entries", "multi entry", "multi entree",
             "reentries"})) {
    tags.emplace_back("re-entry");
  }
  bool rebuy = false;
  for (const std::string_view word : {"rebuy", "rebuys", "recave", "recaves", "re buy"}) {
    for (std::size_t i = w.find(word); i != std::string::npos; i = w.find(word, i + 1)) {
      if (i == 0 || (w[i - 1] != "sans" && w[i - 1] != "no")) rebuy = true;
    }
  }
  if (rebuy) tags.emplace_back("rebuy");
  if (w.any({"add on", "addon", "add ons", "addons"})) tags.emplace_back("add-on");
  if (w.any({"satellite", "satellites", "satellit", "qualif", "qualification", "qualificatif", "qualifier"})) {
    tags.emplace_back("satellite");
  }
  if (w.any({"main event", "mainevent", "tournoi principal", "event principal"})) tags.emplace_back("main-event");
  if (w.any({"high roller", "highroller", "high rollers", "highrollers"})) tags.emplace_back("high-roller");
  if (w.any({"ladies", "lady", "dames", "feminin", "feminine", "femmes", "women", "womens"})) {
    tags.emplace_back("ladies");
  }
  if (w.any({"senior", "seniors"})) tags.emplace_back("seniors");
  if (freeroll || w.any({"freeroll", "freerolls"})) tags.emplace_back("freeroll");
  // Flights: "Day 1A", "Jour 1A", "Day1A", "Flight B".
  for (std::size_t i = 0; i < w.size(); ++i) {
    std::string_view id;
    const std::string_view word = w[i];
    const bool intro = word == "day" || word == "jour" || word == "flight";
    if (intro && i + 1 < w.size()) {
      id = w[i + 1];
    } else if (word.size() >= 4 && (word.substr(0, 3) == "day")) {
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
      tags.push_back("flight:" + code);
      break;
    }
  }
  return tags;
}

TournamentStatus classifyStatus(std::string_view status_text, std::string_view title) {
  std::string all(status_text);
  all += " ";
  all += title;
  const Words w(all);
  if (w.any({"annule", "annulee", "annules", "annulees", "cancelled", "canceled", "eventcancelled",
             "cancelled event"})) {
    return TournamentStatus::kCancelled;
  }
  if (w.any({"reporte", "reportee", "reportes", "reportees", "postponed", "eventpostponed"})) {
    return TournamentStatus::kPostponed;
  }
  return TournamentStatus::kScheduled;
}

std::string cleanText(std::string_view s) { return text::nfc(text::stripHtml(text::repairUtf8(s))); }

}  // namespace pft::normalize
