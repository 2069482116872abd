#pragma once
// HttpGet: the small HTTP client interface shared by the fetcher (ingestion)
// and the Nominatim geocoder (normalize). Its libcurl implementation lives in
// ingestion; `app` wires it. Implementations must be safe to call from
// several threads at once.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "pft/core/result.hpp"

namespace pft {

struct HttpRequest {
  std::string url;
  std::string method = "GET";
  std::vector<std::pair<std::string, std::string>> headers;  // extra request headers
  std::string body;  // for POST
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds total_timeout{20000};
  std::int64_t max_body_bytes = 10 * 1024 * 1024;
  int max_redirects = 5;
};

struct HttpResponse {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names; last value wins
  std::string effective_url;                  // after redirects
};

class HttpGet {
 public:
  virtual ~HttpGet() = default;
  // Performs one request. Transport failures (refused, timeout, too large,
  // redirect loop) are a kNetwork Error naming the URL; any HTTP status,
  // 4xx and 5xx included, is a response.
  virtual Result<HttpResponse> fetch(const HttpRequest& request) = 0;
};

}  // namespace pft
