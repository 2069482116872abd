#pragma once
// Endpoint monitor: GET /health and /tournaments on the API, each must answer
// 200 with the right shape within the latency threshold. Uses the HttpGet
// interface (the app injects the libcurl one). Not thread-safe per call, but
// separate calls may run concurrently if the HttpGet allows it.

#include <chrono>
#include <string>
#include <string_view>

#include "pft/core/http.hpp"
#include "pft/core/result.hpp"
#include "pft/monitoring/report.hpp"

namespace pft::monitoring {

struct EndpointOptions {
  std::string api_url;                                // API_URL or --api-url
  std::chrono::milliseconds max_latency{1000};        // --max-latency
  std::chrono::milliseconds timeout{10000};           // --timeout: give up waiting
};

// Judges one answer (pure). `path` is "/health" or "/tournaments".
//   transport error -> ALERT "<path> failed: connection refused (<url>)" or
//                      "<path> timed out after 10s (<url>)", `unreachable` set
//   status != 200   -> ALERT "<path> returned 503", plus " (<reason>)" when the
//                      JSON body has a "reason" or "detail"
//   wrong shape     -> ALERT "<path> returned an unexpected body: <why>"
//   too slow        -> ALERT "<path> took 1.42s (> 1s)" (3 decimals below 1 s)
//   else            -> OK    "<path> responded in 0.004s"
struct EndpointVerdict {
  Finding finding;
  bool unreachable = false;
};
EndpointVerdict judgeEndpoint(std::string_view path, const std::string& url, const Result<HttpResponse>& answer,
                              double seconds, const EndpointOptions& options);

// Checks /health then /tournaments. When neither answered at the HTTP level
// or one could not be reached, the report is cannot_check ("API unreachable
// at <url>") with the per-endpoint lines kept. An empty api_url is
// cannot_check too.
MonitorReport checkEndpoints(HttpGet& http, const EndpointOptions& options);

}  // namespace pft::monitoring
