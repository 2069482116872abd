#pragma once
// GeocodeCache: remembered geocoding answers, "not found" included, so that
// the geocoder (normalize) asks Nominatim about a place once. The role
// `normalize` needs of the database's geocode_cache table; store::Store
// implements it and `app` hands the Store over as the cache.
//
// Thread safety: implementations must be safe to call from several threads
// at once (Geocoder::geocode may be).

#include <optional>
#include <string>

#include "pft/core/result.hpp"
#include "pft/core/types.hpp"

namespace pft {

class GeocodeCache {
 public:
  virtual ~GeocodeCache() = default;

  // The entry stored under `query` (GeocodeEntry::query, a folded key), or
  // nullopt when none is. Errors: kDatabase when the cache cannot be read.
  virtual Result<std::optional<GeocodeEntry>> getGeocode(const std::string& query) = 0;

  // Stores `entry` under entry.query, replacing any entry there.
  // Errors: kDatabase when the cache cannot be written.
  virtual Result<void> putGeocode(const GeocodeEntry& entry) = 0;
};

}  // namespace pft
