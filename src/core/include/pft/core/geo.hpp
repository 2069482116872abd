#pragma once
// Distances on the globe (WGS84 degrees), for `near` searches. Pure.

#include "pft/core/types.hpp"

namespace pft {

// Great-circle distance in kilometres (haversine, mean Earth radius).
double haversineKm(double lat1, double lon1, double lat2, double lon2);

// The smallest latitude/longitude box that holds every point within
// `near.radius_km` of its centre (clamped to the globe; the whole longitude
// range near the poles). Used to narrow a near search before the exact test.
BoundingBox boundingBoxOf(const Near& near);

}  // namespace pft
