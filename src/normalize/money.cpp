#include "pft/normalize/money.hpp"

#include "pft/core/text.hpp"

#include "parse_tokens.hpp"

#include <algorithm>
#include <array>
#include <forward_list>
#include <string>
#include <vector>

namespace pft::normalize {
namespace {

using detail::Token;
using detail::TokKind;
using Toks = std::vector<Token>;

// Amounts above this many euros are not buy-ins or guarantees a French
// tournament announces; reading them would only risk overflow.
constexpr std::int64_t kMaxEuros = 1'000'000'000;

enum class Kind {
  kPlain,      // an amount with nothing around it
  kLabeled,    // "Buy-in: 100 €", "droit d'entrée 50 €"
  kGuarantee,  // "10 000 € garantis"
  kPrize,      // prize pool, dotation
  kFee,        // "15 € de frais"
  kPart,       // "dont 50 € de bounty": part of another amount
  kExtra,      // add-on, rebuy, re-entry
  kChips,      // "30 000 jetons"
};

struct Amount {
  std::int64_t cents = 0;
  std::size_t begin = 0;  // tokens [begin, end)
  std::size_t end = 0;
  bool euro = false;     // a euro sign or word goes with it
  bool foreign = false;  // "$", "USD", "CHF"
  bool bounty = false;   // "… de bounty"
  Kind kind = Kind::kPlain;
};

bool glued(const Toks& t, std::size_t k) { return k < t.size() && !t[k].space_before; }
bool gluedPunct(const Toks& t, std::size_t k, char c) { return glued(t, k) && t[k].isPunct(c); }
bool gluedNumber(const Toks& t, std::size_t k) { return glued(t, k) && t[k].isNumber(); }

bool inList(std::string_view w, std::initializer_list<std::string_view> list) {
  for (auto s : list) {
    if (w == s) return true;
  }
  return false;
}

bool isEuroWord(const Token& t) {
  return t.kind == TokKind::kWord && inList(t.text, {"euros", "euro", "eur", "eu", "euro's"});
}
bool isForeign(const Token& t) {
  return t.isPunct('$') || (t.kind == TokKind::kWord && inList(t.text, {"usd", "chf", "dollars", "gbp"})) ||
         t.text == "\xC2\xA3";
}

// French numbers written in words, folded: units to seize, tens to
// soixante (septante/huitante/nonante of Belgium and Switzerland too),
// "vingt(s)", "cent(s)", "mille": the word's value; nullopt for any other
// token.
std::optional<std::int64_t> numberWordValue(const Token& w) {
  static constexpr std::array<std::pair<std::string_view, int>, 30> kWords{{
      {"zero", 0},      {"un", 1},        {"une", 1},      {"deux", 2},      {"trois", 3},      {"quatre", 4},
      {"cinq", 5},      {"six", 6},       {"sept", 7},     {"huit", 8},      {"neuf", 9},       {"dix", 10},
      {"onze", 11},     {"douze", 12},    {"treize", 13},  {"quatorze", 14}, {"quinze", 15},    {"seize", 16},
      {"vingt", 20},    {"vingts", 20},   {"trente", 30},  {"quarante", 40}, {"cinquante", 50}, {"soixante", 60},
      {"septante", 70}, {"huitante", 80}, {"nonante", 90}, {"cent", 100},    {"cents", 100},    {"mille", 1000},
  }};
  if (w.kind != TokKind::kWord) return std::nullopt;
  for (const auto& [word, value] : kWords) {
    if (w.text == word) return value;
  }
  return std::nullopt;
}

// "cinquante euros", "deux cents €", "quatre-vingt-dix euros", "vingt et un
// euros", "dix mille euros garantis": an amount in words just before a euro
// sign or word becomes one number token, its digits kept in `digits` (whose
// strings do not move). Words not followed by a currency stay words ("les
// deux tables", "trois cents joueurs").
void readNumberWords(Toks& t, std::forward_list<std::string>& digits) {
  auto isNumberWord = [](const Token& w) { return numberWordValue(w).has_value(); };
  for (std::size_t k = 1; k < t.size(); ++k) {
    if (!(t[k].isEuro() || isEuroWord(t[k])) || !isNumberWord(t[k - 1])) continue;
    // The run of number words ending at k-1, joined by glued '-' or "et".
    std::size_t s = k - 1;
    while (s > 0) {
      const Token& p = t[s - 1];
      if (isNumberWord(p)) {
        --s;
      } else if (s >= 2 && isNumberWord(t[s - 2]) &&
                 ((p.isPunct('-') && !p.space_before && !t[s].space_before) || p.isWord("et"))) {
        s -= 2;
      } else {
        break;
      }
    }
    std::int64_t total = 0, current = 0;
    std::string_view previous;
    for (std::size_t j = s; j < k; ++j) {
      const auto value = numberWordValue(t[j]);
      if (!value) continue;  // '-', "et"
      const std::int64_t v = *value;
      if (v == 1000) {
        total += (current == 0 ? 1 : current) * 1000;
        current = 0;
      } else if (v == 100) {
        current = (current == 0 ? 1 : current) * 100;
      } else if (v == 20 && previous == "quatre") {
        current += 76;  // quatre-vingt(s) = 80
      } else {
        current += v;
      }
      previous = t[j].text;
      // "cent cent cent …": past kMaxEuros the amount is refused (readAmount), never overflowed.
      total = std::min(total, kMaxEuros + 1);
      current = std::min(current, kMaxEuros + 1);
    }
    Token n;
    n.kind = TokKind::kNumber;
    n.value = total + current;
    n.text = digits.emplace_front(std::to_string(n.value));
    n.space_before = t[s].space_before;
    n.offset = t[s].offset;
    t.erase(t.begin() + static_cast<std::ptrdiff_t>(s) + 1, t.begin() + static_cast<std::ptrdiff_t>(k));
    t[s] = n;
    k = s + 1;
  }
}

// An amount whose first digit is token i, or nullopt when the number is part
// of a date, a time, a percentage or an ordinal.
std::optional<Amount> readAmount(const Toks& t, std::size_t i) {
  const std::size_t n = t.size();
  if (!t[i].isNumber() || t[i].digits() > 10) return std::nullopt;
  if (i > 0 && glued(t, i) && (t[i - 1].isPunct('/') || t[i - 1].isPunct(':') || t[i - 1].isWord("h"))) {
    return std::nullopt;
  }
  std::size_t k = i + 1;
  if (k < n && glued(t, k)) {
    const Token& nx = t[k];
    if (nx.isPunct('/') || nx.isPunct(':') || nx.isPunct('%') || nx.isWord("h") || nx.isWord("er") ||
        nx.isWord("e") || nx.isWord("eme") || nx.isWord("ieme") || nx.isWord("ere")) {
      return std::nullopt;
    }
    // "12.12.26": a date.
    if (nx.isPunct('.') && gluedNumber(t, k + 1) && t[k + 1].digits() <= 2 && gluedPunct(t, k + 2, '.')) {
      return std::nullopt;
    }
  }
  if (k < n && (t[k].isWord("h") || t[k].isWord("heures") || t[k].isWord("heure"))) return std::nullopt;
  std::int64_t whole = t[i].value;
  if (t[i].digits() <= 3) {
    // "1 000", "1 000 000": groups of exactly three digits after a space.
    // Stops once over kMaxEuros (the amount is refused below): more groups would overflow.
    while (whole <= kMaxEuros && k < n && t[k].isNumber() && t[k].space_before && t[k].digits() == 3 &&
           !(k + 1 < n && glued(t, k + 1) &&
             (t[k + 1].isPunct('/') || t[k + 1].isPunct(':') || t[k + 1].isWord("h")))) {
      whole = whole * 1000 + t[k].value;
      ++k;
    }
    if (k == i + 1) {
      for (const char sep : {'.', ','}) {
        while (whole <= kMaxEuros && gluedPunct(t, k, sep) && gluedNumber(t, k + 1) && t[k + 1].digits() == 3) {
          whole = whole * 1000 + t[k + 1].value;
          k += 2;
        }
      }
    }
  }
  if (whole > kMaxEuros) return std::nullopt;
  Amount a;
  a.begin = i;
  a.cents = whole * 100;
  if ((gluedPunct(t, k, ',') || gluedPunct(t, k, '.')) && gluedNumber(t, k + 1) && t[k + 1].digits() <= 2) {
    a.cents += t[k + 1].digits() == 1 ? t[k + 1].value * 10 : t[k + 1].value;
    k += 2;
  }
  bool thousand = false;
  if (k < n && glued(t, k) && (t[k].isWord("k") || t[k].isWord("ke") || t[k].isWord("keur"))) {
    thousand = true;
    a.euro = !t[k].isWord("k");
    a.cents *= 1000;
    ++k;
  }
  if (k < n && t[k].isEuro()) {
    a.euro = true;
    ++k;
    if (!thousand && gluedNumber(t, k) && t[k].digits() == 2) {  // "37€50"
      a.cents += t[k].value;
      ++k;
    }
  } else if (k < n && isEuroWord(t[k])) {
    a.euro = true;
    ++k;
  } else if (k < n && isForeign(t[k])) {
    a.foreign = true;
    ++k;
  }
  if (!a.euro && !a.foreign && i > 0) {
    // "€150", "€ 150", "EUR 150" — unless that sign ends the amount before.
    const Token& p = t[i - 1];
    if ((p.isEuro() || p.isWord("eur")) && (i < 2 || !t[i - 2].isNumber())) {
      a.euro = true;
      a.begin = i - 1;
    } else if (isForeign(p)) {
      a.foreign = true;
      a.begin = i - 1;
    }
  }
  a.end = k;
  return a;
}

bool stopsClause(const Token& t) {
  return t.isNumber() || t.isPunct(',') || t.isPunct(';') || t.isPunct('|') || t.isPunct('(') ||
         t.isPunct(')') || t.isPunct('!') || t.isPunct('?') || t.isPunct('/') || t.isPunct('.') ||
         t.isPunct('[') || t.isPunct(']') || t.isPunct('"');
}

// What the words around an amount make of it.
void classifyAmount(const Toks& t, Amount& a) {
  bool guarantee = false, prize = false, fee = false, part = false, extra = false, label = false,
       chips = false, fees_included = false;
  // Returns true when the word says something about the amount.
  auto look = [&](const Token& w, bool before) -> bool {
    if (w.kind != TokKind::kWord) return false;
    const std::string_view s = w.text;
    if (inList(s, {"garanti", "garantis", "garantie", "garanties", "gtd", "guaranteed", "guarantee",
                   "garantee"})) {
      guarantee = true;
    } else if (inList(s, {"prizepool", "prize", "pool", "dotation", "dotations", "gains", "cashprize", "valeur",
                          "valeurs", "gagner"})) {
      prize = true;
    } else if (inList(s, {"frais", "fee", "fees", "rake", "commission"})) {
      fee = true;
    } else if (!before && inList(s, {"inclus", "compris", "included", "incl", "ttc"})) {
      fees_included = true;  // "100 € frais inclus": the total, not a fee
    } else if (inList(s, {"bounty", "bounties", "ko", "prime", "primes"})) {
      if (before) return false;  // "Bounty 100 €" is a bounty tournament's buy-in
      a.bounty = true;
      part = true;
    } else if (inList(s, {"add", "addon", "addons", "rebuy", "rebuys", "recave", "recaves", "re", "reentry",
                          "reentree", "reentries", "rachat", "rachats"})) {
      extra = true;
    } else if (inList(s, {"jetons", "jeton", "chips", "pts", "points", "stack", "tapis"})) {
      chips = true;
    } else if (before && inList(s, {"dont", "including"})) {
      part = true;
    } else if (before && inList(s, {"buy", "buyin", "bi", "entree", "droit", "droits", "tarif", "tarifs",
                                    "inscription", "participation", "cout", "engagement", "cave",
                                    "paf", "entry", "price", "mise"})) {
      label = true;
    } else {
      return false;
    }
    return true;
  };
  // Before the amount the nearest telling word decides ("10K GTD - Buy-in
  // 250 €": "buy" is nearer than "gtd"); a spaced dash ends the clause.
  for (std::size_t j = a.begin, steps = 0; j > 0 && steps < 5; --j, ++steps) {
    const Token& w = t[j - 1];
    if (stopsClause(w) && !w.isEuro()) break;
    if (w.isPunct('-') && w.space_before && t[j].space_before) break;
    // "re-entry", "re entrée": an extra, not the "entrée" label.
    if ((w.isWord("entry") || w.isWord("entree")) && j >= 2 &&
        (t[j - 2].isWord("re") || (j >= 3 && t[j - 2].isPunct('-') && t[j - 3].isWord("re")))) {
      extra = true;
      break;
    }
    // "participation aux frais : 5 €" (PAF) is what the player pays.
    if (w.isWord("frais") && j >= 3 && t[j - 2].isWord("aux") && t[j - 3].isWord("participation")) {
      label = true;
      break;
    }
    if (look(w, true)) break;
  }
  // An add-on, re-entry or bounty word with its own number just after it
  // ("50 € Re-entry 50 €", "BI 100 € Bounty 20 €") starts the next item.
  auto startsNextItem = [&](std::size_t j) {
    const Token& w = t[j];
    if (w.kind != TokKind::kWord ||
        !inList(w.text, {"add", "addon", "addons", "rebuy", "rebuys", "recave", "recaves", "re", "reentry",
                         "reentree", "reentries", "rachat", "rachats", "bounty", "bounties", "ko", "prime",
                         "primes"})) {
      return false;
    }
    for (std::size_t k = j + 1; k < t.size() && k <= j + 4; ++k) {
      if (t[k].isNumber()) return true;
      if (stopsClause(t[k])) return false;
    }
    return false;
  };
  for (std::size_t j = a.end, steps = 0; j < t.size() && steps < 3; ++j, ++steps) {
    const Token& w = t[j];
    if (stopsClause(w) || w.isPunct('+')) break;
    if (w.isPunct('-') && w.space_before && j + 1 < t.size() && t[j + 1].space_before) break;
    if (startsNextItem(j)) break;
    look(w, false);
  }
  if (guarantee) a.kind = Kind::kGuarantee;
  else if (prize) a.kind = Kind::kPrize;
  else if (chips) a.kind = Kind::kChips;
  else if (fee && !fees_included) a.kind = Kind::kFee;
  else if (part) a.kind = Kind::kPart;
  else if (extra) a.kind = Kind::kExtra;
  else if (label) a.kind = Kind::kLabeled;
}

std::vector<Amount> scanAmounts(const Toks& t) {
  std::vector<Amount> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!t[i].isNumber()) continue;
    auto a = readAmount(t, i);
    if (!a) {
      // Skip the rest of a date or time so that "12/12" gives no "12".
      while (i + 1 < t.size() && glued(t, i + 1) && !t[i + 1].isEuro() && t[i + 1].kind != TokKind::kWord) ++i;
      continue;
    }
    classifyAmount(t, *a);
    out.push_back(*a);
    i = a->end - 1;
  }
  // "135 + 15 €": the currency written once covers the sum.
  for (std::size_t j = out.size(); j-- > 1;) {
    Amount& a = out[j - 1];
    const Amount& b = out[j];
    if (!a.euro && b.euro && a.end < t.size() && t[a.end].isPunct('+') && b.begin == a.end + 1) a.euro = true;
  }
  return out;
}

const Amount* amountAt(const std::vector<Amount>& v, std::size_t token) {
  for (const auto& a : v) {
    if (a.begin == token) return &a;
  }
  return nullptr;
}

using Pick = BuyInReading;

// The total and fee around the chosen amount: "A+B", "T (A + B)", "T dont F".
void combine(const Toks& t, const std::vector<Amount>& v, const Amount& m, Pick& p) {
  std::int64_t total = m.cents;
  std::optional<std::int64_t> fee;
  std::size_t k = m.end;
  while (k + 1 < t.size() && t[k].isPunct('+')) {
    const Amount* b = amountAt(v, k + 1);
    if (!b || b->kind == Kind::kExtra || b->kind == Kind::kGuarantee || b->kind == Kind::kPrize ||
        b->kind == Kind::kChips) {
      break;
    }
    total += b->cents;
    if (!b->bounty) fee = b->cents;
    k = b->end;
  }
  if (k + 1 < t.size() && t[k].isPunct('(')) {
    if (t[k + 1].isPunct('+')) {
      const Amount* b = amountAt(v, k + 2);
      if (b && (b->kind == Kind::kPlain || b->kind == Kind::kFee) && !b->bounty) {
        total += b->cents;
        fee = b->cents;
      }
    } else if (const Amount* x = amountAt(v, k + 1); x && x->end + 1 < t.size() && t[x->end].isPunct('+')) {
      if (const Amount* y = amountAt(v, x->end + 1)) {
        if (x->cents + y->cents == total) {
          if (!y->bounty) fee = y->cents;
        } else if (x->cents == total && !y->bounty && y->kind != Kind::kExtra) {
          total += y->cents;
          fee = y->cents;
        }
      }
    }
  }
  if (k + 2 < t.size() && t[k].isPunct('(') && t[k + 1].isWord("dont")) ++k;  // "80 (dont 8 de frais)"
  if (k + 1 < t.size() && t[k].isWord("dont")) {
    const Amount* f = amountAt(v, k + 1);
    if (f && !f->bounty && (f->kind == Kind::kFee || f->kind == Kind::kPart) && f->cents < total) fee = f->cents;
  }
  p.buy_in = total;
  p.fee = fee;
}

using Where = BuyInSource;

bool hasFreeWords(const Toks& t, Where where) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    const Token& w = t[i];
    if (w.kind != TokKind::kWord) continue;
    if (w.isWord("freeroll") || w.isWord("freerolls")) return true;
    if (where == Where::kField && (w.isWord("gratuit") || w.isWord("gratuite") || w.isWord("free") ||
                                   w.isWord("offert") || w.isWord("libre"))) {
      return true;
    }
    if (where == Where::kTitle && (w.isWord("gratuit") || w.isWord("gratuite"))) return true;
    if (where == Where::kDescription && (w.isWord("gratuit") || w.isWord("gratuite") || w.isWord("libre")) &&
        i > 0 && t[i - 1].kind == TokKind::kWord &&
        inList(t[i - 1].text, {"entree", "tournoi", "participation", "inscription", "acces"})) {
      return true;
    }
  }
  return false;
}

// Entry for qualified players or guests only (see money.hpp). In the buy-in
// field a single word says it ("Invitation", "Qualifiés").
bool hasQualifierWords(const Toks& t, Where where) {
  const std::size_t n = t.size();
  auto word = [&](std::size_t k, std::initializer_list<std::string_view> list) {
    return k < n && t[k].kind == TokKind::kWord && inList(t[k].text, list);
  };
  auto qualified = [&](std::size_t k) {
    return word(k, {"qualifie", "qualifies", "qualifiee", "qualifiees", "qualified", "qualifiers"});
  };
  for (std::size_t i = 0; i < n; ++i) {
    if (t[i].kind != TokKind::kWord) continue;
    const std::string_view w = t[i].text;
    if (where == Where::kField && (inList(w, {"invitation", "invitations", "qualification"}) || qualified(i))) {
      return true;
    }
    // "sur invitation", "par invitation", "invitation only", "invitation uniquement".
    if (w == "invitation" && ((i > 0 && word(i - 1, {"sur", "par", "uniquement"})) ||
                              word(i + 1, {"only", "uniquement", "seulement"}))) {
      return true;
    }
    // "réservé aux qualifiés", "réservée aux joueurs qualifiés", "ouvert aux seuls qualifiés".
    if (inList(w, {"reserve", "reservee", "reserves", "reservees", "ouvert", "ouverte", "accessible", "limite",
                   "limitee"}) &&
        word(i + 1, {"aux", "a", "au"})) {
      std::size_t k = i + 2;
      if (word(k, {"seuls", "seules", "les"})) ++k;
      if (word(k, {"joueurs", "joueuses", "participants"})) ++k;
      if (qualified(k)) return true;
    }
    // "qualifiés uniquement", "uniquement pour les qualifiés".
    if (qualified(i) && word(i + 1, {"uniquement", "seulement", "only"})) return true;
    // "entrée sur qualification", "accès par qualification", "accessible uniquement par qualification".
    if (w == "qualification" && i > 0 && word(i - 1, {"sur", "par", "via"})) return true;
    // "accès gratuit via les satellites en ligne", "entrée offerte aux vainqueurs des satellites".
    if (inList(w, {"gratuit", "gratuite", "gratuits", "gratuites", "offert", "offerte", "offerts", "offertes"}) &&
        i > 0 &&
        word(i - 1, {"acces", "entree", "inscription", "place", "places", "ticket", "tickets", "siege", "sieges"})) {
      for (std::size_t k = i + 1; k < n && k <= i + 6; ++k) {
        if (word(k, {"satellite", "satellites", "qualification", "qualifications", "qualificatif", "qualificatifs"}) ||
            qualified(k)) {
          return true;
        }
        if (t[k].kind == TokKind::kPunct && !t[k].isPunct('\'') && !t[k].isPunct('-')) break;
      }
    }
  }
  return false;
}

bool hasUnknownMarker(const Toks& t) {
  if (t.empty()) return true;
  for (const Token& w : t) {
    if (w.kind == TokKind::kWord &&
        inList(w.text, {"nc", "na", "tbd", "tba", "inconnu", "definir", "venir", "voir", "communique",
                        "communiquer", "consulter", "place", "variable", "selon", "confirmer", "preciser"})) {
      return true;
    }
  }
  // Only punctuation ("?", "-", "—").
  for (const Token& w : t) {
    if (w.kind != TokKind::kPunct) return false;
  }
  return true;
}

}  // namespace

BuyInReading readBuyIn(std::string_view raw, BuyInSource where) {
  Pick p;
  const std::string folded = detail::foldText(raw);
  Toks t = detail::tokenize(folded);
  std::forward_list<std::string> digits;
  readNumberWords(t, digits);
  const std::vector<Amount> amounts = scanAmounts(t);
  const bool bare_ok = where == Where::kField;
  for (const auto& a : amounts) {
    if (a.kind == Kind::kGuarantee && !a.foreign) {
      p.guarantee = a.cents;
      break;
    }
  }
  const Amount* chosen = nullptr;
  for (const auto& a : amounts) {
    if (a.kind == Kind::kLabeled && !a.foreign) {
      chosen = &a;
      break;
    }
  }
  if (!chosen) {
    for (const auto& a : amounts) {
      if (a.kind == Kind::kPlain && !a.foreign && (a.euro || bare_ok)) {
        chosen = &a;
        break;
      }
    }
  }
  if (chosen) combine(t, amounts, *chosen, p);
  if (!chosen) {
    for (const auto& a : amounts) {
      if (a.foreign && (a.kind == Kind::kPlain || a.kind == Kind::kLabeled)) p.foreign = true;
    }
  }
  // Qualified players or guests only: no amount is paid, but it is no
  // freeroll either ("accès gratuit via les satellites").
  p.qualifiers = !p.buy_in && !p.foreign && hasQualifierWords(t, where);
  p.freeroll = !p.qualifiers && hasFreeWords(t, where);
  if (p.buy_in && *p.buy_in == 0) p.freeroll = true;
  if (!p.buy_in && (p.freeroll || p.qualifiers)) p.buy_in = 0;
  if (where == Where::kField && !p.buy_in) {
    // Something was understood (an add-on price, a guarantee): not an error.
    bool understood = false;
    for (const auto& a : amounts) understood = understood || !a.foreign;
    p.unknown_marker = understood || hasUnknownMarker(t);
  }
  return p;
}

namespace {

std::string quote(std::string_view s) { return "'" + std::string(text::trim(s)) + "'"; }

}  // namespace

Result<BuyIn> parseBuyIn(std::string_view buy_in_field, std::string_view title, std::string_view description) {
  return parseBuyIn(buy_in_field, title, description,
                    [](std::string_view text, BuyInSource where) { return readBuyIn(text, where); });
}

Result<BuyIn> parseBuyIn(std::string_view buy_in_field, std::string_view title, std::string_view description,
                         const std::function<BuyInReading(std::string_view, BuyInSource)>& read) {
  BuyIn out;
  std::optional<std::int64_t> guarantee;
  auto take = [&](const Pick& p) {
    if (!guarantee) guarantee = p.guarantee;
    if (out.buy_in_cents || !p.buy_in) return;
    out.buy_in_cents = p.buy_in;
    out.fee_cents = p.fee;
    out.freeroll = p.freeroll && *p.buy_in == 0;
    out.qualifiers = p.qualifiers && *p.buy_in == 0;
  };
  if (!text::trim(buy_in_field).empty()) {
    const Pick f = read(buy_in_field, Where::kField);
    if (!f.buy_in && !f.guarantee && !f.unknown_marker) {
      if (f.foreign) {
        return makeError(ErrorCode::kInvalidBuyIn,
                         "buy-in " + quote(buy_in_field) +
                             " is not in euros; only euro amounts are understood (e.g. '150 €')");
      }
      return makeError(ErrorCode::kInvalidBuyIn, "buy-in " + quote(buy_in_field) +
                                                     " names no amount; write it e.g. '150 €', '100+15', 'cent euros', "
                                                     "'150 € dont 15 € de frais' or 'Freeroll'");
    }
    take(f);
  }
  // Once the buy-in is known a text is read only for a guarantee, which
  // needs a digit: most descriptions are skipped without folding them.
  auto worthReading = [&](std::string_view s) {
    if (s.empty()) return false;
    if (!out.buy_in_cents) return true;
    return !guarantee && s.find_first_of("0123456789") != std::string_view::npos;
  };
  if (worthReading(title)) take(read(title, Where::kTitle));
  if (worthReading(description)) take(read(description, Where::kDescription));
  out.guarantee_cents = guarantee;
  return out;
}

Result<std::int64_t> parseEuroCents(std::string_view text) {
  const std::string folded = detail::foldText(text);
  Toks t = detail::tokenize(folded);
  std::forward_list<std::string> digits;
  readNumberWords(t, digits);
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!t[i].isNumber()) continue;
    if (auto a = readAmount(t, i); a && !a->foreign) return a->cents;
  }
  return makeError(ErrorCode::kInvalidBuyIn,
                   "amount " + quote(text) + " names no euro amount; write e.g. '150 €' or '37,50'");
}

}  // namespace pft::normalize
