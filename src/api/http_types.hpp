#pragma once
// Transport-neutral request and response used between the RESTinio glue
// (server.cpp) and the application (app.cpp), so that only one source file
// includes RESTinio. Private to the api module.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pft::api {

struct HttpRequestIn {
  std::string method;  // upper case: GET, HEAD, POST, ...
  std::string path;    // raw path, no query
  std::string query;   // raw query string without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names lower case
  std::string remote_address;

  // First header named `lower_name`, if any.
  std::optional<std::string_view> header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
      if (name == lower_name) return std::string_view{value};
    }
    return std::nullopt;
  }
};

struct HttpResponseOut {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::shared_ptr<const std::string> body;  // may be null (no body)
  bool head_only = false;  // HEAD: headers (Content-Length of the body) without the body
  std::string route = "unmatched";  // route pattern, for metrics and the access log
};

// Called exactly once per request with its response, from any thread.
using Responder = std::function<void(HttpResponseOut)>;

inline std::shared_ptr<const std::string> makeBody(std::string s) {
  return std::make_shared<const std::string>(std::move(s));
}

}  // namespace pft::api
