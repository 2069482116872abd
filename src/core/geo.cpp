#include "pft/core/geo.hpp"

#include <algorithm>
#include <cmath>

namespace pft {
namespace {

constexpr double kEarthKm = 6371.0088;
constexpr double kPi = 3.14159265358979323846;
constexpr double kRad = kPi / 180.0;

}  // namespace

double haversineKm(double lat1, double lon1, double lat2, double lon2) {
  double dlat = (lat2 - lat1) * kRad;
  double dlon = (lon2 - lon1) * kRad;
  double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthKm * std::asin(std::min(1.0, std::sqrt(a)));
}

BoundingBox boundingBoxOf(const Near& near) {
  // A little margin so that rounding never excludes a point on the circle.
  double dlat = near.radius_km / (kEarthKm * kRad) * 1.001 + 1e-6;
  BoundingBox box;
  box.south = std::max(-90.0, near.latitude - dlat);
  box.north = std::min(90.0, near.latitude + dlat);
  double cos_lat = std::min(std::cos(box.south * kRad), std::cos(box.north * kRad));
  if (box.south <= -90.0 || box.north >= 90.0 || cos_lat < 1e-6) {
    box.west = -180.0;
    box.east = 180.0;
    return box;
  }
  double dlon = dlat / cos_lat;
  if (dlon >= 180.0) {
    box.west = -180.0;
    box.east = 180.0;
    return box;
  }
  box.west = near.longitude - dlon;
  box.east = near.longitude + dlon;
  if (box.west < -180.0 || box.east > 180.0) {
    // The box crosses the antimeridian: take the whole longitude range
    // (France is far from it; correctness over tightness).
    box.west = -180.0;
    box.east = 180.0;
  }
  return box;
}

}  // namespace pft
