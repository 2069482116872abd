#pragma once
// The site's static files: every embedded web/static/ file, plus the France
// outline drawn as SVG (france.svg, made at start from france.geojson), each
// answered as a ready CachedResponse (content type, strong ETag, immutable
// caching, nosniff). URLs carry one fingerprint for the whole bundle
// (/static/<version>/<path>), so relative links between files (Leaflet's
// CSS and its images) keep working and any change makes new URLs.
// Immutable after construction: thread-safe.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "embedded.hpp"
#include "pft/http/cache.hpp"

namespace pft::web {

// Where a point of France falls on france.svg (viewBox coordinates).
struct MapPoint {
  double x = 0;
  double y = 0;
};

class AssetBundle {
 public:
  explicit AssetBundle(const std::vector<EmbeddedFile>& files);

  // "/static/<version>/<path>" (path relative to web/static/).
  std::string url(std::string_view path) const;
  const std::string& version() const { return version_; }
  // The response for `path` under the current version, or null.
  std::shared_ptr<const http::CachedResponse> find(std::string_view path) const;
  bool has(std::string_view path) const { return find(path) != nullptr; }

  // france.svg: its viewBox ("0 0 W H") and the projection of a point; empty
  // / nullopt when the outline is not bundled or the point is off the map.
  const std::string& outlineViewBox() const { return view_box_; }
  std::optional<MapPoint> project(double latitude, double longitude) const;

 private:
  void add(std::string path, std::string bytes);
  std::map<std::string, std::shared_ptr<const http::CachedResponse>, std::less<>> files_;
  std::string version_;
  std::string view_box_;
};

// Content type of a static file, from its extension.
std::string contentTypeOf(std::string_view path);

}  // namespace pft::web
