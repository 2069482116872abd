#pragma once
// CurlHttpGet: the libcurl implementation of pft::HttpGet, used by the ingest
// runner, the Nominatim geocoder and `pft` wiring. One easy handle per call,
// so a single CurlHttpGet may be shared by any number of threads.
//
// What it guarantees for every request:
//   - connect and total timeouts (the total covers every redirect hop);
//   - redirects followed by hand, at most HttpRequest::max_redirects, a loop
//     (a URL seen twice) reported as such, never a redirect from http(s) to
//     another scheme;
//   - the body limit enforced while receiving (the transfer is aborted as
//     soon as it is exceeded, Content-Length or not);
//   - gzip / deflate / br accepted and decoded;
//   - header names lower-cased (last value wins);
//   - http://, https:// and file:// URLs (a file read successfully answers
//     status 200; a missing file is a kNotFound error).
// Errors are kNetwork (kNotFound for a missing file) with `where` = the URL;
// isTransientNetworkError tells which are worth retrying.

#include <memory>
#include <string>

#include "pft/core/http.hpp"

namespace pft::ingestion {

class CurlHttpGet final : public HttpGet {
 public:
  // `user_agent` is sent unless the request carries its own User-Agent header.
  explicit CurlHttpGet(std::string user_agent);
  ~CurlHttpGet() override;
  CurlHttpGet(const CurlHttpGet&) = delete;
  CurlHttpGet& operator=(const CurlHttpGet&) = delete;

  Result<HttpResponse> fetch(const HttpRequest& request) override;

 private:
  std::string user_agent_;
};

// True for transport failures that may succeed on a second attempt: timeouts
// and connections dropped mid-transfer. False for refused connections, DNS
// failures, size limits, redirect loops and anything that is not kNetwork.
bool isTransientNetworkError(const Error& error);

}  // namespace pft::ingestion
