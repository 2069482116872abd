#include "pft/core/url.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "pft/core/geo.hpp"
#include "pft/core/text.hpp"

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

// Issue 15 items 4 and 5: only absolute http(s) URLs without control
// characters are links; the reason names what is wrong.
TEST(LinkUrl, OnlyHttpAndHttpsWithAHostAndNoControlCharacters) {
  struct Case {
    std::string url;
    std::string problem;  // a part of the reason; empty: a link
  };
  const std::vector<Case> cases = {
      {"https://organiser.test/agenda?x=1#a", ""},
      {"HTTP://Organiser.test", ""},
      {"  https://organiser.test/a  ", ""},
      {"javascript:alert(1)", "scheme 'javascript' is not http or https"},
      {"JavaScript:alert(1)", "scheme 'javascript'"},
      {"data:text/html,<b>x</b>", "character '<'"},
      {"data:text/html;base64,PGI+", "scheme 'data'"},
      {"file:///etc/passwd", "scheme 'file'"},
      {"vbscript:x", "scheme 'vbscript'"},
      {"//organiser.test/a", "no scheme"},
      {"/tournaments/1", "no scheme"},
      {"demo/club-lyon.ics", "no scheme"},
      {"https:/organiser.test", "no '//'"},
      {"https:///path", "no host"},
      {"https://", "no host"},
      {"https://organiser.test/e\r\nEND:VEVENT", "control character 0x0D at byte 24"},
      {"https://organiser.test/a\tb", "control character 0x09"},
      {"https://organiser.test/a\x7f", "control character 0x7F"},
      {"https://organiser.test/a b", "character ' '"},
      {"https://organiser.test/\"onmouseover", "character '\"'"},
      {"https://organiser.test/" + std::string(2100, 'a'), "over the limit of 2048"},
      {"", "empty"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.url);
    const std::string problem = linkUrlProblem(c.url);
    if (c.problem.empty()) {
      EXPECT_EQ(problem, "");
      EXPECT_EQ(safeLinkUrl(c.url), std::string(text::trim(c.url)));
    } else {
      EXPECT_NE(problem.find(c.problem), std::string::npos) << problem;
      EXPECT_EQ(safeLinkUrl(c.url), "");
    }
  }
}

// A source_url is a link, or a local source's catalog-relative provenance.
TEST(SourceUrl, LinkOrRelativeProvenanceOnly) {
  for (std::string ok : {"https://organiser.test/agenda", "demo/club-lyon.ics", "sources/demo/club lyon.ics", "club-lyon"}) {
    EXPECT_EQ(sourceUrlProblem(ok), "") << ok;
    EXPECT_EQ(safeSourceUrl(ok), ok);
  }
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"file:///home/pft/sources/demo/club-lyon.ics", "scheme 'file'"},
      {"/home/pft/sources/demo/club-lyon.ics", "absolute local path"},
      {"javascript:alert(1)", "scheme 'javascript'"},
      {"data:text/plain,x", "scheme 'data'"},
      {"demo/a\r\nb.ics", "control character 0x0D"},
      {"", "empty"},
  };
  for (const auto& [url, problem] : bad) {
    EXPECT_NE(sourceUrlProblem(url).find(problem), std::string::npos) << url << ": " << sourceUrlProblem(url);
    EXPECT_EQ(safeSourceUrl(url), "") << url;
  }
}

}  // namespace
}  // namespace pft
