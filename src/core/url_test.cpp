#include "pft/core/url.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "pft/core/geo.hpp"

namespace pft {
namespace {

TEST(QueryString, DecodesPercentAndPlusAndKeepsLastValue) {
  auto p = parseQueryString("city=%C3%89vian+les+Bains&limit=5&limit=7&flag&bad=%zz&&=x");
  EXPECT_EQ(p["city"], "Évian les Bains");
  EXPECT_EQ(p["limit"], "7");
  EXPECT_EQ(p["flag"], "");
  EXPECT_EQ(p["bad"], "%zz");
  EXPECT_EQ(p[""], "x");
}

TEST(PercentEncode, KeepsUnreservedAndRoundTrips) {
  EXPECT_EQ(percentEncode("a-b_c.d~e"), "a-b_c.d~e");
  EXPECT_EQ(percentEncode("Évian & co"), "%C3%89vian%20%26%20co");
  for (std::string s : {"", "x=1&y=2", "<script>", "100 € + 20 €", "%41"}) {
    EXPECT_EQ(percentDecode(percentEncode(s)), s);
  }
}

TEST(Haversine, ParisToLyonIsAbout392Km) {
  EXPECT_NEAR(haversineKm(48.8566, 2.3522, 45.7640, 4.8357), 392, 2);
  EXPECT_DOUBLE_EQ(haversineKm(45, 5, 45, 5), 0);
}

TEST(BoundingBox, HoldsEveryPointOfTheCircle) {
  for (const Near& n : {Near{45.76, 4.84, 30}, Near{48.85, 2.35, 1}, Near{43.3, 5.4, 1000}, Near{-21.1, 55.5, 50}}) {
    BoundingBox b = boundingBoxOf(n);
    for (int deg = 0; deg < 360; deg += 5) {
      // Walk the circle: a point at the radius in direction `deg`.
      double bearing = deg * 3.14159265358979323846 / 180;
      double d = n.radius_km / 6371.0088;
      double lat1 = n.latitude * 3.14159265358979323846 / 180, lon1 = n.longitude * 3.14159265358979323846 / 180;
      double lat2 = std::asin(std::sin(lat1) * std::cos(d) + std::cos(lat1) * std::sin(d) * std::cos(bearing));
      double lon2 = lon1 + std::atan2(std::sin(bearing) * std::sin(d) * std::cos(lat1),
                                      std::cos(d) - std::sin(lat1) * std::sin(lat2));
      double lat = lat2 * 180 / 3.14159265358979323846, lon = lon2 * 180 / 3.14159265358979323846;
      EXPECT_GE(lat, b.south) << deg;
      EXPECT_LE(lat, b.north) << deg;
      EXPECT_GE(lon, b.west) << deg;
      EXPECT_LE(lon, b.east) << deg;
    }
  }
  BoundingBox polar = boundingBoxOf(Near{89.9, 0, 100});
  EXPECT_EQ(polar.west, -180);
  EXPECT_EQ(polar.east, 180);
}

}  // namespace
}  // namespace pft
