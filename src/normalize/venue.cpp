#include "pft/normalize/venue.hpp"

#include <algorithm>
#include <unordered_set>
#include <vector>

#include "pft/core/text.hpp"

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

ResolvedVenue resolveVenue(const RawEvent& raw, const Gazetteer& gazetteer) {
  ResolvedVenue out;
  Venue& v = out.venue;
  v.name = cleanField(raw.venue_name);
  v.address = cleanField(raw.address);
  std::string city = cleanField(raw.city);
  std::string postcode(text::trim(raw.postcode));

  if (!city.empty() || !postcode.empty()) out.commune = gazetteer.lookup(city, postcode);
  if (!out.commune && !v.address.empty()) out.commune = gazetteer.findInText(v.address);
  if (!out.commune && !v.name.empty()) out.commune = gazetteer.findInText(v.name);

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
