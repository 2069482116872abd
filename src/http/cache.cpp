#include "pft/http/cache.hpp"

#include <zlib.h>

#include <algorithm>

#include <fmt/format.h>

#include "pft/core/text.hpp"

namespace pft::http {
namespace {

std::string gzipEtag(const std::string& etag) {
  // "abc" -> "abc-gz": a different representation needs a different strong tag.
  return etag.substr(0, etag.size() - 1) + "-gz\"";
}

}  // namespace

std::shared_ptr<const CachedResponse> ResponseCache::find(std::int64_t generation, const std::string& key) const {
  std::shared_lock lock(mutex_);
  if (generation != generation_) return nullptr;
  auto it = map_.find(key);
  return it == map_.end() ? nullptr : it->second;
}

void ResponseCache::put(std::int64_t generation, const std::string& key, std::shared_ptr<const CachedResponse> value) {
  std::size_t size = key.size() + (value->body ? value->body->size() : 0) + 256;
  std::unique_lock lock(mutex_);
  if (generation < generation_) return;  // rendered from a snapshot already replaced
  if (generation > generation_ || bytes_ + size > max_bytes_) {
    map_.clear();
    bytes_ = 0;
    generation_ = generation;
  }
  if (map_.emplace(key, std::move(value)).second) bytes_ += size;
}

std::uint64_t hashText(std::string_view s, std::uint64_t h) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string gzipCompress(const std::string& in) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(in.size())) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  std::size_t produced = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return {};
  out.resize(produced);
  return out;
}

bool acceptsGzip(std::optional<std::string_view> header) {
  if (!header) return false;
  std::string_view h = *header;
  while (!h.empty()) {
    auto comma = h.find(',');
    std::string_view item = text::trim(h.substr(0, comma));
    h = comma == std::string_view::npos ? std::string_view{} : h.substr(comma + 1);
    auto semi = item.find(';');
    std::string_view token = text::trim(item.substr(0, semi));
    if (token != "gzip" && token != "x-gzip" && token != "*") continue;
    if (semi != std::string_view::npos) {
      std::string params = text::foldKey(item.substr(semi + 1));  // "q 0" / "q 0 000" / "q 0 5"
      if (params.rfind("q 0", 0) == 0 && params.find_first_not_of("q0 ") == std::string::npos) return false;
    }
    return true;
  }
  return false;
}

bool etagMatches(std::optional<std::string_view> header, std::string_view etag) {
  if (!header) return false;
  std::string_view h = *header;
  if (text::trim(h) == "*") return true;
  while (!h.empty()) {
    auto comma = h.find(',');
    std::string_view tag = text::trim(h.substr(0, comma));
    h = comma == std::string_view::npos ? std::string_view{} : h.substr(comma + 1);
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == etag) return true;
  }
  return false;
}

Response serveCached(const CachedResponse& c, const Request& req) {
  Response r;
  r.status = c.status;
  r.content_type = c.content_type;
  r.route = c.route.empty() ? r.route : c.route;
  r.headers = c.headers;
  r.headers.emplace_back("Vary", "Accept-Encoding");
  bool has_cache_control = std::any_of(r.headers.begin(), r.headers.end(),
                                       [](const auto& h) { return h.first == "Cache-Control"; });
  if (!has_cache_control) r.headers.emplace_back("Cache-Control", "no-cache");
  bool gzip = c.body && c.body->size() >= 256 && acceptsGzip(req.header("accept-encoding"));
  std::string etag = gzip ? gzipEtag(c.etag) : c.etag;
  r.headers.emplace_back("ETag", etag);
  auto inm = req.header("if-none-match");
  if (c.status == 200 && (etagMatches(inm, etag) || etagMatches(inm, c.etag))) {
    r.status = 304;
    r.body = nullptr;
    r.content_type.clear();
    return r;
  }
  if (gzip) {
    std::call_once(c.gzip_once, [&c] {
      std::string z = gzipCompress(*c.body);
      if (!z.empty()) c.gzip_body = std::make_shared<const std::string>(std::move(z));
    });
    if (c.gzip_body) {
      r.body = c.gzip_body;
      r.headers.emplace_back("Content-Encoding", "gzip");
      return r;
    }
    r.headers.back().second = c.etag;  // compression failed: identity
  }
  r.body = c.body;
  return r;
}

Response serveFresh(int status, std::string content_type, std::string body, const Request& req,
                    const char* cache_control) {
  CachedResponse c;
  c.status = status;
  c.headers.emplace_back("Cache-Control", cache_control);
  c.content_type = std::move(content_type);
  c.etag = fmt::format("\"b{:016x}\"", hashText(body));
  c.body = makeBody(std::move(body));
  return serveCached(c, req);
}

}  // namespace pft::http
