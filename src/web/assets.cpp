#include "assets.hpp"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace pft::web {
namespace {

constexpr std::string_view kStatic = "static/";
constexpr std::string_view kOutline = "france.geojson";

// Metropolitan France and Corsica, in degrees: what france.svg shows.
constexpr double kWest = -5.6, kEast = 10.0, kSouth = 41.2, kNorth = 51.3;
constexpr double kScale = 100.0;  // viewBox units per degree of latitude
const double kLonFactor = std::cos(46.5 * 3.14159265358979323846 / 180.0);  // equirectangular at France's middle

double width() { return (kEast - kWest) * kLonFactor * kScale; }
double height() { return (kNorth - kSouth) * kScale; }

void appendRing(std::string& d, const nlohmann::json& ring) {
  bool first = true;
  for (const auto& pt : ring) {
    if (!pt.is_array() || pt.size() < 2 || !pt[0].is_number() || !pt[1].is_number()) continue;
    double lon = pt[0].get<double>(), lat = pt[1].get<double>();
    d += fmt::format("{}{:.1f} {:.1f}", first ? "M" : "L", (lon - kWest) * kLonFactor * kScale, (kNorth - lat) * kScale);
    first = false;
  }
  if (!first) d += "Z";
}

bool inWindow(const nlohmann::json& polygon) {
  // A polygon belongs to the map when its first point does (overseas
  // departments are left out).
  if (!polygon.is_array() || polygon.empty() || !polygon[0].is_array() || polygon[0].empty()) return false;
  const auto& pt = polygon[0][0];
  if (!pt.is_array() || pt.size() < 2 || !pt[0].is_number() || !pt[1].is_number()) return false;
  double lon = pt[0].get<double>(), lat = pt[1].get<double>();
  return lon >= kWest && lon <= kEast && lat >= kSouth && lat <= kNorth;
}

void appendGeometry(std::string& d, const nlohmann::json& g) {
  if (!g.is_object()) return;
  std::string type = g.value("type", "");
  const auto& coords = g.contains("coordinates") ? g["coordinates"] : nlohmann::json();
  if (type == "Polygon" && inWindow(coords)) {
    for (const auto& ring : coords) appendRing(d, ring);
  } else if (type == "MultiPolygon" && coords.is_array()) {
    for (const auto& polygon : coords) {
      if (!inWindow(polygon)) continue;
      for (const auto& ring : polygon) appendRing(d, ring);
    }
  } else if (type == "Feature") {
    appendGeometry(d, g.value("geometry", nlohmann::json()));
  } else if (type == "FeatureCollection" && g.contains("features")) {
    for (const auto& f : g["features"]) appendGeometry(d, f);
  } else if (type == "GeometryCollection" && g.contains("geometries")) {
    for (const auto& sub : g["geometries"]) appendGeometry(d, sub);
  }
}

}  // namespace

std::string contentTypeOf(std::string_view path) {
  auto dot = path.rfind('.');
  std::string_view ext = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "json") return "application/json";
  if (ext == "geojson") return "application/geo+json";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  return "text/plain; charset=utf-8";  // LICENSE, README, SHA256SUMS, *.md
}

AssetBundle::AssetBundle(const std::vector<EmbeddedFile>& files) {
  std::vector<std::pair<std::string, std::string>> items;
  for (const auto& f : files) {
    if (f.path.rfind(kStatic, 0) != 0) continue;
    items.emplace_back(std::string{f.path.substr(kStatic.size())}, std::string{f.bytes});
  }
  for (const auto& [path, bytes] : items) {
    if (path != kOutline) continue;
    auto geo = nlohmann::json::parse(bytes, nullptr, false);
    std::string d;
    if (!geo.is_discarded()) appendGeometry(d, geo);
    if (!d.empty()) {
      view_box_ = fmt::format("0 0 {:.0f} {:.0f}", width(), height());
      items.emplace_back("france.svg",
                         fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{}\">"
                                     "<path id=\"fr\" d=\"{}\"/></svg>\n",
                                     view_box_, d));
    }
    break;
  }
  std::uint64_t h = 1469598103934665603ULL;
  for (const auto& [path, bytes] : items) h = http::hashText(bytes, http::hashText(path, h));
  version_ = fmt::format("{:012x}", h & 0xffffffffffffULL);
  for (auto& [path, bytes] : items) add(path, std::move(bytes));
}

void AssetBundle::add(std::string path, std::string bytes) {
  auto c = std::make_shared<http::CachedResponse>();
  c->status = 200;
  c->route = "/static/{version}/{path...}";
  c->content_type = contentTypeOf(path);
  c->etag = fmt::format("\"{}-{:016x}\"", version_, http::hashText(bytes));
  c->headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  c->headers.emplace_back("X-Content-Type-Options", "nosniff");
  c->body = http::makeBody(std::move(bytes));
  files_[std::move(path)] = std::move(c);
}

std::string AssetBundle::url(std::string_view path) const { return fmt::format("/static/{}/{}", version_, path); }

std::shared_ptr<const http::CachedResponse> AssetBundle::find(std::string_view path) const {
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : it->second;
}

std::optional<MapPoint> AssetBundle::project(double latitude, double longitude) const {
  if (view_box_.empty()) return std::nullopt;
  if (longitude < kWest || longitude > kEast || latitude < kSouth || latitude > kNorth) return std::nullopt;
  return MapPoint{(longitude - kWest) * kLonFactor * kScale, (kNorth - latitude) * kScale};
}

}  // namespace pft::web
