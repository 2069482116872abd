#pragma once
// Transport-neutral HTTP request and response, the only types the
// application modules (api, web) see of HTTP: the RESTinio transport
// (server.cpp) fills a Request and writes a Response back. Plain values.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pft::http {

struct CachedResponse;

struct Request {
  std::string method;  // upper case: GET, HEAD, POST, ...
  std::string path;    // raw path, no query
  std::string query;   // raw query string without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names lower case
  std::string remote_address;
  std::string body;  // POST bodies (bounded by ServerOptions::max_body_bytes)

  // First header named `lower_name`, if any.
  std::optional<std::string_view> header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
      if (name == lower_name) return std::string_view{value};
    }
    return std::nullopt;
  }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::shared_ptr<const std::string> body;  // may be null (no body)
  bool head_only = false;  // HEAD: headers (Content-Length of the body) without the body
  std::string route = "unmatched";  // route pattern, for metrics and the access log
  // Set by a handler whose answer depends only on the request target and
  // the data (not on headers): the router keeps it under the raw target, so
  // the next identical request skips routing and validation.
  std::shared_ptr<const CachedResponse> reusable;
};

// Called exactly once per request with its response, from any thread.
using Responder = std::function<void(Response)>;

// Path parameters by name ("{id}" -> "42").
using PathParams = std::map<std::string, std::string, std::less<>>;

inline std::shared_ptr<const std::string> makeBody(std::string s) {
  return std::make_shared<const std::string>(std::move(s));
}

// True when an Accept header prefers HTML (a browser): "text/html" is listed
// before any JSON type, or JSON is absent.
bool acceptsHtml(std::optional<std::string_view> accept);

}  // namespace pft::http
