#pragma once
// Rendered responses kept for reuse, and the conditional-GET / gzip logic
// that serves them: strong ETags, If-None-Match -> 304, gzip for bodies of
// 256 bytes or more when Accept-Encoding admits it (compressed once, on
// first use, with its own ETag), Vary: Accept-Encoding.
//
// ResponseCache is bounded and generational: entries belong to one data
// generation (the read model's data version); a put for a newer generation
// empties it first, and lookups for another generation miss. Thread-safe.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pft/http/message.hpp"

namespace pft::http {

// A rendered response: body, its gzip form (made on first use), validators
// and extra headers (X-Total-Count, Link, Cache-Control, ...).
struct CachedResponse {
  int status = 200;
  std::string route;  // route pattern, for metrics when served from the raw-target cache
  std::string content_type;
  std::shared_ptr<const std::string> body;
  std::string etag;  // with quotes
  std::vector<std::pair<std::string, std::string>> headers;
  mutable std::once_flag gzip_once;
  mutable std::shared_ptr<const std::string> gzip_body;
};

class ResponseCache {
 public:
  explicit ResponseCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}
  std::shared_ptr<const CachedResponse> find(std::int64_t generation, const std::string& key) const;
  // Keeps `value`; dropped when `generation` is older than the cache's. When
  // full, the cache is emptied as a whole (hot entries come back at once).
  void put(std::int64_t generation, const std::string& key, std::shared_ptr<const CachedResponse> value);

 private:
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const CachedResponse>> map_;
  std::int64_t generation_ = -1;
  std::size_t bytes_ = 0;
  std::size_t max_bytes_;
};

// FNV-1a, for ETags built from keys and bodies.
std::uint64_t hashText(std::string_view s, std::uint64_t seed = 1469598103934665603ULL);

// Answers `request` from `c`: 304 when If-None-Match matches, gzip when
// accepted, else the body. Adds ETag, Vary and Cache-Control (no-cache
// unless `c` names one).
Response serveCached(const CachedResponse& c, const Request& request);
// serveCached of a one-off body whose ETag is the hash of the body.
Response serveFresh(int status, std::string content_type, std::string body, const Request& request,
                    const char* cache_control = "no-cache");

// Accept-Encoding admits gzip (a "gzip" or "*" token without q=0).
bool acceptsGzip(std::optional<std::string_view> header);
// If-None-Match: "*" or a list of entity tags (weak ones compared weakly).
bool etagMatches(std::optional<std::string_view> header, std::string_view etag);
// gzip (RFC 1952) of `in`; empty on failure.
std::string gzipCompress(const std::string& in);

}  // namespace pft::http
