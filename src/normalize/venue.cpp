#include "pft/normalize/venue.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>
#include <vector>

#include "pft/core/text.hpp"
#include "words.hpp"

namespace pft::normalize {
namespace {

const std::unordered_set<std::string_view>& venueGenericWords() {
  static const std::unordered_set<std::string_view> kWords = {
      "casino", "club", "cercle", "poker", "de", "du", "des", "d", "la", "le", "les", "l",
      "et", "the", "salle", "room"};
  return kWords;
}

std::vector<std::string_view> tokens(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

std::string cleanField(std::string_view s) {
  if (s.empty()) return {};
  return text::nfc(text::stripHtml(s));
}

// --- One-field locations (splitLocation) ---------------------------------

bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool isPostcodeWord(std::string_view w) { return w.size() == 5 && std::all_of(w.begin(), w.end(), isDigit); }

// "12", "12b", "12bis", "12-14", "12/14", "3ter": at most 4 digits (a
// postcode is not a house number), then a second number or a few letters.
bool isHouseNumber(std::string_view w) {
  size_t i = 0;
  while (i < w.size() && isDigit(w[i])) ++i;
  if (i == 0 || i > 4) return false;
  if (i < w.size() && (w[i] == '-' || w[i] == '/')) {
    size_t j = ++i;
    while (i < w.size() && isDigit(w[i])) ++i;
    if (i == j || i - j > 4) return false;
  }
  size_t letters = 0;
  for (; i < w.size(); ++i, ++letters) {
    char c = w[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  }
  return letters <= 6;
}

bool isNumberSuffix(std::string_view folded) {
  return folded == "bis" || folded == "ter" || folded == "quater" || folded == "a" || folded == "b" ||
         folded == "c" || folded == "d";
}

bool isStreetWord(std::string_view folded) {
  static const std::unordered_set<std::string_view> kWords = {
      "rue",       "avenue",    "av",       "ave",     "bd",       "bld",       "blvd",      "boulevard",
      "place",     "pl",        "allee",    "allees",  "chemin",   "chem",      "route",     "rte",
      "quai",      "impasse",   "imp",      "cours",   "square",   "passage",   "promenade", "esplanade",
      "faubourg",  "fbg",       "voie",     "parvis",  "rond",     "sentier",   "ruelle",    "montee",
      "traverse",  "lotissement", "hameau", "residence", "zone",   "za",        "zi",        "zac"};
  return kWords.count(folded) > 0;
}

// Communes whose name is mostly something else: never a city on their own.
bool isCommonWordCommune(std::string_view folded) {
  static const std::unordered_set<std::string_view> kWords = {
      "bar", "cours", "le cours", "port", "le port", "rue", "salle", "la salle", "tour", "la tour",
      "halles", "les halles", "casino", "club", "cercle", "poker", "place", "gare", "plage", "centre"};
  return kWords.count(folded) > 0;
}

enum class PartKind { kText, kStreet, kNumber, kCity, kCountry };

struct LocationPart {
  std::string text;       // the part as written (cleaned)
  PartKind kind = PartKind::kText;
  std::string street;     // kStreet: the street (without a trailing postcode and city)
  std::string postcode;   // kStreet, kCity: the postcode written, or ""
  std::string city;       // kStreet, kCity: the city written, or ""
};

// "69002 Lyon", "Lyon 69002", "69002 Lyon Cedex 02", "69002", "Lyon",
// "Paris 8e": fills postcode and/or city when the gazetteer confirms them.
bool readPostcodeCity(const std::vector<std::string_view>& w, size_t from, const Gazetteer& gazetteer,
                      LocationPart& part) {
  if (from >= w.size()) return false;
  std::string pc;
  std::string rest;
  if (isPostcodeWord(w[from])) {
    pc = std::string(w[from]);
    rest = joinWords(w, from + 1, w.size());
  } else if (isPostcodeWord(w.back())) {
    pc = std::string(w.back());
    rest = joinWords(w, from, w.size() - 1);
  } else {
    rest = joinWords(w, from, w.size());
  }
  if (rest.empty()) {
    if (pc.empty() || !gazetteer.lookup({}, pc)) return false;
    part.postcode = std::move(pc);
    return true;
  }
  std::string folded = expandSaints(text::foldKey(rest));
  if (folded.empty() || isCommonWordCommune(folded)) return false;
  if (!gazetteer.lookup(rest)) return false;  // the name alone must be a commune
  part.postcode = std::move(pc);
  part.city = std::move(rest);
  return true;
}

LocationPart classifyPart(std::string text_in, bool first, const Gazetteer& gazetteer) {
  LocationPart part;
  part.text = std::move(text_in);
  auto w = splitWords(part.text);
  std::vector<std::string> folded;
  folded.reserve(w.size());
  for (auto x : w) folded.push_back(text::foldKey(x));
  std::string all = text::foldKey(part.text);
  if (all == "france") {
    part.kind = PartKind::kCountry;
    return part;
  }
  // A house number, maybe "bis", then a street word and its name.
  size_t k = 0;
  bool numbered = false;
  if (isHouseNumber(w[0])) {
    numbered = true;
    k = 1;
    if (k < w.size() && isNumberSuffix(folded[k])) ++k;
  }
  if (numbered && k == w.size()) {
    part.kind = PartKind::kNumber;
    return part;
  }
  if ((numbered || !first) && k + 1 < w.size() && isStreetWord(folded[k])) {
    part.kind = PartKind::kStreet;
    // "12 rue de la Charité 69002 Lyon": the street ends at a postcode the
    // gazetteer confirms with the words after it.
    for (size_t p = k + 2; p < w.size(); ++p) {
      if (!isPostcodeWord(w[p])) continue;
      LocationPart tail;
      std::vector<std::string_view> rest(w.begin() + static_cast<std::ptrdiff_t>(p), w.end());
      if (readPostcodeCity(rest, 0, gazetteer, tail) && (rest.size() == 1 || !tail.city.empty())) {
        part.street = joinWords(w, 0, p);
        part.postcode = std::move(tail.postcode);
        part.city = std::move(tail.city);
        return part;
      }
    }
    part.street = part.text;
    return part;
  }
  if (readPostcodeCity(w, 0, gazetteer, part)) {
    part.kind = PartKind::kCity;
    return part;
  }
  part.postcode.clear();
  part.city.clear();
  return part;
}

std::string cleanLocationText(std::string_view s) {
  std::string with_commas(s);
  for (char& c : with_commas) {
    if (c == '\n' || c == '\r') c = ',';
  }
  return text::nfc(text::stripHtml(with_commas));
}

std::string lastPostcodeWord(std::string_view s) {
  std::string found;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && !isDigit(s[i])) ++i;
    size_t j = i;
    while (j < s.size() && isDigit(s[j])) ++j;
    bool alone = (i == 0 || s[i - 1] == ' ' || s[i - 1] == ',') &&
                 (j == s.size() || s[j] == ' ' || s[j] == ',');
    if (j - i == 5 && alone) found.assign(s.substr(i, 5));
    i = j;
  }
  return found;
}

// The venue's coordinates within 30 km of the commune's centre (a commune
// without a centre in the gazetteer does not contradict them).
bool near(const Commune& c, double latitude, double longitude) {
  if (!c.latitude || !c.longitude) return true;
  constexpr double kPi = 3.14159265358979323846;
  constexpr double kEarthKm = 6371.0;
  const double dlat = (latitude - *c.latitude) * kPi / 180;
  const double dlon = (longitude - *c.longitude) * kPi / 180 * std::cos((latitude + *c.latitude) / 2 * kPi / 180);
  return std::sqrt(dlat * dlat + dlon * dlon) * kEarthKm <= 30.0;
}

bool validCoordinates(const RawEvent& raw) {
  return raw.latitude && raw.longitude && *raw.latitude >= -90 && *raw.latitude <= 90 &&
         *raw.longitude >= -180 && *raw.longitude <= 180 && !(*raw.latitude == 0 && *raw.longitude == 0);
}

}  // namespace

std::string venueKey(std::string_view name, std::string_view city) {
  std::string folded_name = expandSaints(text::foldKey(name));
  std::string folded_city = expandSaints(text::foldKey(city));
  auto city_tokens = tokens(folded_city);
  const auto& generic = venueGenericWords();
  std::string kept;
  for (auto t : tokens(folded_name)) {
    if (generic.count(t)) continue;
    if (std::find(city_tokens.begin(), city_tokens.end(), t) != city_tokens.end()) continue;
    if (!kept.empty()) kept.push_back(' ');
    kept.append(t);
  }
  if (kept.empty()) kept = folded_name;
  kept.push_back('|');
  kept += folded_city;
  return kept;
}

std::optional<LocationParts> splitLocation(std::string_view text_in, const Gazetteer& gazetteer) {
  if (text_in.find_first_of(",;\n") == std::string_view::npos) return std::nullopt;
  std::string cleaned = cleanLocationText(text_in);
  std::vector<LocationPart> parts;
  {
    size_t i = 0;
    for (;;) {
      size_t cut = cleaned.find_first_of(",;", i);
      auto piece = text::trim(std::string_view(cleaned).substr(i, cut == std::string::npos ? std::string::npos : cut - i));
      if (!piece.empty() && !text::foldKey(piece).empty()) {
        parts.push_back(classifyPart(std::string(piece), parts.empty(), gazetteer));
      }
      if (cut == std::string::npos) break;
      i = cut + 1;
    }
  }
  if (parts.size() < 2) return std::nullopt;

  LocationParts out;
  std::vector<std::string> address;
  bool recognised = false;
  bool name_open = true;
  auto addText = [&](const std::string& t) {
    if (name_open) {
      if (!out.name.empty()) out.name += ", ";
      out.name += t;
    } else {
      address.push_back(t);
    }
  };
  // The part's city and postcode, when they agree with those already read.
  auto takePlace = [&](const LocationPart& p) {
    if (!p.city.empty() && !out.city.empty() &&
        expandSaints(text::foldKey(p.city)) != expandSaints(text::foldKey(out.city))) {
      return false;
    }
    if (!p.postcode.empty() && !out.postcode.empty() && p.postcode != out.postcode) return false;
    if (out.city.empty()) out.city = p.city;
    if (out.postcode.empty()) out.postcode = p.postcode;
    return true;
  };
  for (size_t n = 0; n < parts.size(); ++n) {
    LocationPart& p = parts[n];
    switch (p.kind) {
      case PartKind::kCountry:
        continue;
      case PartKind::kNumber:
        // "12, rue de la Charité": the number belongs to the street after it.
        if (n + 1 < parts.size() && parts[n + 1].kind == PartKind::kStreet) {
          parts[n + 1].street = p.text + ", " + parts[n + 1].street;
          parts[n + 1].text = p.text + ", " + parts[n + 1].text;
          continue;
        }
        addText(p.text);
        continue;
      case PartKind::kText:
        addText(p.text);
        continue;
      case PartKind::kStreet:
        if (p.city.empty() && p.postcode.empty()) {
          address.push_back(p.street);
        } else if (takePlace(p)) {
          address.push_back(p.street);
        } else {
          address.push_back(p.text);
        }
        break;
      case PartKind::kCity:
        if (!takePlace(p)) {
          addText(p.text);
          continue;
        }
        break;
    }
    recognised = true;
    if (!out.name.empty()) name_open = false;
  }
  if (!recognised) return std::nullopt;
  for (const auto& a : address) {
    if (!out.address.empty()) out.address += ", ";
    out.address += a;
  }
  return out;
}

ResolvedVenue resolveVenue(const RawEvent& raw, const Gazetteer& gazetteer) {
  ResolvedVenue out;
  Venue& v = out.venue;
  v.name = cleanField(raw.venue_name);
  v.address = cleanField(raw.address);
  std::string city = cleanField(raw.city);
  std::string postcode(text::trim(raw.postcode));
  if (v.address.empty() && city.empty() && postcode.empty()) {
    if (auto parts = splitLocation(raw.venue_name, gazetteer)) {
      v.name = std::move(parts->name);
      v.address = std::move(parts->address);
      city = std::move(parts->city);
      postcode = std::move(parts->postcode);
    }
  }

  if (!city.empty() && postcode.empty() && !v.address.empty()) {
    // "104 avenue des Champs-Élysées, 75008 Paris" with city "Paris": the
    // address's postcode, when it belongs to the commune the city names.
    std::string in_address = lastPostcodeWord(v.address);
    if (!in_address.empty()) {
      auto c = gazetteer.lookup(city, in_address);
      if (c && c->postcode == in_address && gazetteer.lookup(city)) out.commune = std::move(c);
    }
  }
  if (!out.commune && (!city.empty() || !postcode.empty())) {
    // The venue's name and address help choose among the communes a usage
    // name may mean ("Forges" in "Casino de Forges-les-Eaux").
    out.commune = gazetteer.lookup(city, Gazetteer::PlaceHints{postcode, v.name, v.address});
  }
  if (!out.commune && !v.address.empty()) out.commune = gazetteer.findInText(v.address);
  // A club name that contains a town locates the venue only when nothing
  // else does (no city, postcode or address) and the town is certain
  // (Gazetteer::findInVenueName); coordinates, when given, must agree.
  if (!out.commune && city.empty() && postcode.empty() && v.address.empty() && !v.name.empty()) {
    out.commune = gazetteer.findInVenueName(v.name);
    if (out.commune && validCoordinates(raw) && !near(*out.commune, *raw.latitude, *raw.longitude)) {
      out.commune.reset();
    }
  }

  if (out.commune) {
    const Commune& c = *out.commune;
    v.city = c.city;
    v.postcode = c.postcode.empty() ? postcode : c.postcode;
    v.department = c.department;
    v.department_code = c.department_code;
    v.region = c.region;
  } else {
    v.city = city;
    v.postcode = postcode;
  }
  if (v.name.empty()) v.name = v.city;
  if (validCoordinates(raw)) {
    v.latitude = raw.latitude;
    v.longitude = raw.longitude;
    v.geocode_source = "source";
  }
  return out;
}

}  // namespace pft::normalize
