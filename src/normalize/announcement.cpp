#include "pft/normalize/announcement.hpp"

#include <array>
#include <vector>

#include "pft/core/text.hpp"
#include "pft/normalize/date_fr.hpp"

namespace pft::normalize {
namespace {

// True when the first letter of `word` is upper case (accents included):
// folding changes it and it is a letter.
bool capitalised(std::string_view word) {
  if (word.empty()) return false;
  const auto c = static_cast<unsigned char>(word[0]);
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  std::size_t len = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  const std::string first(word.substr(0, len));
  return text::foldCase(first) != first && !text::foldKey(first).empty();
}

bool isConnector(std::string_view folded) {
  static constexpr std::array<std::string_view, 9> kConnectors = {"de", "du", "des", "d", "la", "le", "les", "l", "en"};
  for (auto c : kConnectors) {
    if (folded == c) return true;
  }
  return false;
}

bool isVenueWord(std::string_view folded) {
  static constexpr std::array<std::string_view, 6> kWords = {"casino", "club", "cercle", "pasino", "salle", "complexe"};
  for (auto w : kWords) {
    if (folded == w) return true;
  }
  return false;
}

struct Token {
  std::string text;  // as written, without trailing punctuation
  bool ends_clause = false;  // followed by , . ; : ! ? or a closing bracket
};

std::vector<Token> tokens(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r')) ++i;
    std::size_t j = i;
    while (j < s.size() && !(s[j] == ' ' || s[j] == '\n' || s[j] == '\t' || s[j] == '\r')) ++j;
    if (j > i) {
      std::string word(s.substr(i, j - i));
      Token t;
      while (!word.empty() && std::string_view(",.;:!?)»\"").find(word.back()) != std::string_view::npos) {
        word.pop_back();
        t.ends_clause = true;
      }
      while (!word.empty() && std::string_view("(«\"").find(word.front()) != std::string_view::npos) word.erase(0, 1);
      // "l'Hôtel", "d'Évian": the elided article is a connector of its own.
      if (word.size() > 2 && (word[1] == '\'' || word.compare(1, 3, "\xE2\x80\x99") == 0) &&
          (word[0] == 'l' || word[0] == 'd' || word[0] == 'L' || word[0] == 'D')) {
        const std::size_t cut = word[1] == '\'' ? 2 : 4;
        out.push_back(Token{word.substr(0, cut), false});
        word = word.substr(cut);
      }
      t.text = std::move(word);
      if (!t.text.empty()) out.push_back(std::move(t));
    }
    i = j;
  }
  return out;
}

// "casino de Forges-les-Eaux" from the tokens after a venue word; "" when
// no capitalised word follows.
std::string venueNameAt(const std::vector<Token>& t, std::size_t at) {
  std::string name = t[at].text;
  name[0] = static_cast<char>(name[0] >= 'a' && name[0] <= 'z' ? name[0] - 'a' + 'A' : name[0]);
  if (t[at].ends_clause) return {};
  std::vector<std::string> pending;  // connectors kept only when a capitalised word follows
  bool named = false;
  for (std::size_t k = at + 1; k < t.size() && k < at + 8; ++k) {
    const std::string folded = text::foldKey(t[k].text);
    if (isConnector(folded) && !capitalised(t[k].text)) {
      pending.push_back(t[k].text);
    } else if (capitalised(t[k].text) && !folded.empty()) {
      for (const auto& p : pending) name += " " + p;
      pending.clear();
      name += " " + t[k].text;
      named = true;
    } else {
      break;
    }
    if (t[k].ends_clause) break;
  }
  if (!named) return {};
  // Elided articles join the next word: "Casino d' Évian" -> "Casino d'Évian".
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    out += name[i];
    const bool apostrophe = name[i] == '\'' || (i >= 2 && name.compare(i - 2, 3, "\xE2\x80\x99") == 0);
    if (apostrophe && i + 1 < name.size() && name[i + 1] == ' ') ++i;
  }
  return out;
}

// Every venue named in `text` ("Casino de X" …), in order.
std::vector<std::string> venueNamesIn(std::string_view text) {
  std::vector<std::string> out;
  const auto t = tokens(text);
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!isVenueWord(text::foldKey(t[i].text))) continue;
    std::string name = venueNameAt(t, i);
    if (!name.empty()) out.push_back(std::move(name));
  }
  return out;
}

// Runs of capitalised words ("Club Circus Paris", "Saint-Amand-les-Eaux",
// "Aix en Provence"): where free text names places. Lower-case words are
// never read as towns ("son festival" is not Son, Ardennes).
std::vector<std::string> capitalisedRuns(std::string_view text) {
  std::vector<std::string> out;
  const auto t = tokens(text);
  std::string run;
  std::vector<std::string> pending;
  for (const Token& tok : t) {
    const std::string folded = text::foldKey(tok.text);
    if (capitalised(tok.text) && !folded.empty()) {
      for (const auto& p : pending) run += " " + p;
      pending.clear();
      run += (run.empty() ? "" : " ") + tok.text;
    } else if (!run.empty() && isConnector(folded)) {
      pending.push_back(tok.text);
      continue;
    } else {
      if (!run.empty()) out.push_back(run);
      run.clear();
      pending.clear();
      continue;
    }
    if (tok.ends_clause) {
      out.push_back(run);
      run.clear();
    }
  }
  if (!run.empty()) out.push_back(run);
  return out;
}

std::string townIn(std::string_view text, const Gazetteer& gazetteer) {
  for (const auto& run : capitalisedRuns(text)) {
    if (auto c = gazetteer.findInText(run)) return c->city;
  }
  return {};
}

}  // namespace

std::optional<NamedVenue> findVenueInText(std::string_view title, std::string_view description,
                                          const Gazetteer& gazetteer) {
  std::vector<NamedVenue> candidates;
  for (std::string_view text : {title, description}) {
    for (auto& name : venueNamesIn(text)) {
      NamedVenue v;
      if (auto c = gazetteer.findInVenueName(name)) {
        v.city = c->city;
      } else if (auto d = gazetteer.findInText(name)) {
        v.city = d->city;
      }
      v.name = std::move(name);
      candidates.push_back(std::move(v));
    }
  }
  // The first venue whose name locates it; else the first one, located by
  // a town the text names.
  for (const auto& v : candidates) {
    if (!v.city.empty()) return v;
  }
  std::string town = townIn(title, gazetteer);
  if (town.empty()) town = townIn(description, gazetteer);
  if (!candidates.empty()) {
    NamedVenue v = candidates.front();
    v.city = town;
    return v;
  }
  if (!town.empty()) return NamedVenue{"", town};
  return std::nullopt;
}

std::optional<std::string> whyNotAnnouncement(std::string_view title, std::string_view description) {
  std::string joined(title);
  joined += '\n';
  joined += description;
  if (readDateClues(joined).coverage) {
    return "the article reads as a report on a finished event, not an announcement";
  }
  const std::string folded = " " + text::foldKey(joined) + " ";
  static constexpr std::array<std::string_view, 24> kWords = {
      " tournoi ",      " tournois ",   " tournament ", " freeroll ",  " freerolls ",  " deepstack ",
      " deep stack ",   " bounty ",     " main event ", " satellite ", " satellites ", " side event ",
      " festival ",     " championnat ", " manche ",    " buy in ",    " sit go ",     " sit and go ",
      " poker tour ",   " series ",     " open ",       " knock out ", " re entry ",   " day 1 "};
  for (auto w : kWords) {
    if (folded.find(w) != std::string::npos) return std::nullopt;
  }
  return "the article names no tournament (tournoi, freeroll, deepstack, main event, festival…)";
}

}  // namespace pft::normalize
