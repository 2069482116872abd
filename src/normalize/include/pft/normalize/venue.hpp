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

// Builds the venue of `raw`: text cleaned (HTML, entities, spaces, NFC); the
// commune found from city + postcode, else inside the address, else inside
// the venue name; the city replaced by the commune's official name. A raw
// event without any venue field gives a venue with an empty name (callers
// reject it). A venue without a name takes its city as name. Coordinates the
// source gave are copied (geocode_source "source").
ResolvedVenue resolveVenue(const RawEvent& raw, const Gazetteer& gazetteer);

}  // namespace pft::normalize
