#pragma once
// Geocoder: gives a resolved venue its coordinates. Order:
//   1. coordinates the source gave (geocode_source "source");
//   2. the GeocodeCache, when one is given ("cache"; a cached "not found"
//      skips Nominatim; `app` gives the store's geocode_cache table);
//   3. Nominatim, when a user agent and an HttpGet are given ("nominatim"):
//      GET <base>/search?format=jsonv2&countrycodes=fr&limit=1&q=<query> with
//      the User-Agent header; at most one request per min_delay_seconds
//      across the whole process; every answer, "not found" included, is put
//      in the cache;
//   4. the gazetteer's commune centre ("gazetteer").
// Nominatim down, slow or answering garbage never fails: the gazetteer
// answers and the reason is logged (logger "normalize"); after
// `max_consecutive_failures` failures in a row Nominatim is no longer asked
// for the rest of this Geocoder's life (one warning).
// Department, region and postcode come from the gazetteer's commune whenever
// the commune is known, whatever gave the coordinates.
//
// Thread-safe: geocode() may be called from several threads.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "pft/core/clock.hpp"
#include "pft/core/geocode_cache.hpp"
#include "pft/core/http.hpp"
#include "pft/core/types.hpp"
#include "pft/normalize/gazetteer.hpp"

namespace pft::normalize {

struct GeocoderOptions {
  std::string user_agent;  // GEOCODER_USER_AGENT; empty = Nominatim never asked
  std::string nominatim_url = "https://nominatim.openstreetmap.org";  // NOMINATIM_URL (base, no trailing /search)
  double min_delay_seconds = 1.0;  // GEOCODER_MIN_DELAY_SECONDS, process-wide spacing of requests
  std::chrono::milliseconds timeout{10000};  // per request, connect included
  int max_consecutive_failures = 3;
};

class Geocoder {
 public:
  // `http` may be null (no Nominatim), `cache` may be null (dry-run: no
  // database). References must outlive the Geocoder.
  Geocoder(const Gazetteer& gazetteer, GeocoderOptions options, HttpGet* http, GeocodeCache* cache,
           const Clock& clock);
  ~Geocoder();
  Geocoder(const Geocoder&) = delete;
  Geocoder& operator=(const Geocoder&) = delete;

  // Fills venue.latitude/longitude and venue.geocode_source ("source",
  // "cache", "nominatim", "gazetteer", or "" when nothing knows the place),
  // and department/region/postcode from `commune`. Never fails.
  void geocode(Venue& venue, const std::optional<Commune>& commune);

  // The text sent to Nominatim for a venue ("12 rue X, 76440 Forges-les-Eaux"
  // or "Casino de Forges-les-Eaux, Forges-les-Eaux") and its cache key
  // (text::foldKey of it, prefixed "nominatim:").
  static std::string queryText(const Venue& venue);
  static std::string cacheKey(const std::string& query_text);

  // How many geocode() calls each provider answered ("source", "cache",
  // "nominatim", "gazetteer", "none").
  std::map<std::string, std::int64_t> countsByProvider() const;
  // Requests actually sent to Nominatim.
  std::int64_t nominatimRequests() const;

  const Gazetteer& gazetteer() const { return gazetteer_; }

 private:
  struct State;
  const Gazetteer& gazetteer_;
  GeocoderOptions options_;
  HttpGet* http_;
  GeocodeCache* cache_;
  const Clock& clock_;
  std::unique_ptr<State> state_;
};

}  // namespace pft::normalize
