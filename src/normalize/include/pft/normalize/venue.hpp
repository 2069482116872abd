#pragma once
// Venue resolution: from the raw venue fields a source wrote (venue_name,
// address, city, postcode, maybe coordinates) to one Venue with its commune
// (official city name, postcode, department, region) read in the gazetteer.
// Pure functions over an immutable Gazetteer: thread-safe.
//
// The venue key says when two spellings are one venue: within one city,
// "Casino Barrière de Deauville" and "Barrière Deauville" are the same place.
// It is the folded name (text::foldKey, "st"/"ste" expanded) without
//   - generic words: casino, club, cercle, poker, de, du, des, d, la, le, les,
//     l, et, the, salle, room;
//   - the words of the city's name (deauville);
// then "|" and the folded city. A name made only of such words ("Casino de
// Deauville") keeps its folded words, so that it does not merge with every
// other venue of the city.

#include <optional>
#include <string>
#include <string_view>

#include "pft/core/types.hpp"
#include "pft/normalize/gazetteer.hpp"

namespace pft::normalize {

std::string venueKey(std::string_view name, std::string_view city);

struct ResolvedVenue {
  Venue venue;                     // name, address, postcode, city, department, region filled
  std::optional<Commune> commune;  // the gazetteer's commune, when found
};

// A place written in one field (iCalendar LOCATION, some HTML pages):
// "Lyon Poker Club, 12 rue de la Charité, 69002 Lyon". The text is cut at
// commas, semicolons and line breaks, and each part is read as
//   - a street: a number ("12", "12 bis", "12-14", "3b") then a street word
//     (rue, avenue/av, boulevard/bd, place, allée, chemin, route, quai,
//     impasse, cours, square, passage, promenade, esplanade, faubourg, voie…);
//     after the first part the number may be missing ("…, Place Bellecour");
//     a part that is only a number followed by a street part ("12, rue X") is
//     one street; a street ending with "NNNNN City" gives the city too;
//   - "NNNNN City" or "City NNNNN" (also "… Cedex 02"): postcode and city,
//     when the gazetteer knows the city by that name; "NNNNN" alone: postcode;
//   - a known commune alone ("Lyon", "Paris 8e"): the city, except words that
//     are communes but mostly something else (Bar, Port, Cours, La Salle…);
//   - "France": dropped;
//   - anything else: text. The first text part, and the text parts right
//     after it, are the name; later text parts join the address, so that no
//     text is lost. A second, different city is text too.
// nullopt when no street, postcode or city is recognised (the caller keeps the
// field as written) or when the text has a single part.
struct LocationParts {
  std::string name;      // may be empty ("12 rue X, 69002 Lyon")
  std::string address;   // streets and leftover parts, joined by ", "
  std::string postcode;  // as written, 5 digits, or ""
  std::string city;      // as written (the gazetteer gives the official name)
};
std::optional<LocationParts> splitLocation(std::string_view text, const Gazetteer& gazetteer);

// Builds the venue of `raw`: text cleaned (HTML, entities, spaces, NFC); the
// commune found from city + postcode (the venue name and address as hints
// for usage names, Gazetteer::lookup), else inside the address, else — only
// when the source gives no city, postcode or address, and coordinates, if
// any, within 30 km — from the venue name (Gazetteer::findInVenueName: a
// club name sets the city only when its town is certain); the city replaced
// by the commune's official name. When the
// address, city and postcode are all empty and the venue name holds several
// comma-separated parts, it is split first (splitLocation). A raw
// event without any venue field gives a venue with an empty name (callers
// reject it). A venue without a name takes its city as name. Coordinates the
// source gave are copied (geocode_source "source").
ResolvedVenue resolveVenue(const RawEvent& raw, const Gazetteer& gazetteer);

}  // namespace pft::normalize
