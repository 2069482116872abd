#pragma once
// PoliteFetcher: how pft fetches an organiser's site, in one place, for the
// nightly ingest (ingest.cpp) and for `pft sources detect` alike: the
// User-Agent, timeouts, body limit and redirects of IngestOptions; a gate
// that admits at most `global_limit` requests in flight and
// `per_host_limit` per host (scheme + host + port), back-off sleeps holding
// no slot; retries on timeouts, dropped connections, 5xx and 429 with
// exponential back-off and jitter, or Retry-After (capped); robots.txt
// (RFC 9309) read once per host and fetcher, a host whose robots.txt is
// unreachable (5xx, network) being left alone.
//
// Ownership: borrows the options and the HttpGet; they must outlive it.
// Thread safety: every method may be called from several threads at once.

#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "pft/core/http.hpp"
#include "pft/core/result.hpp"
#include "pft/ingestion/ingest.hpp"
#include "pft/ingestion/robots.hpp"

namespace pft::ingestion {

// "https://Example.org:8443/a?b#c" -> {"https://example.org:8443", "/a?b"};
// {"", ""} for a URL that is not http(s).
std::pair<std::string, std::string> splitHttpUrl(const std::string& url);

// The one rule for a URL found in a fetched document (html next_page and
// follow links, TEC next_rest_url, mapping `next`, any other): why the
// runner must not fetch `link` for the source at `source_url`, or nullopt
// when it may.
// - An http(s) source's links must be http(s) and stay on the source's site:
//   the same host, or a host of the same registrable domain (the last two
//   labels, three under a second-level suffix such as co.uk or gouv.fr:
//   www.casino.fr -> agenda.casino.fr is allowed), any port. Never file://
//   or another scheme, never another site (a hostile page cannot make us
//   read local files nor reach hosts the catalog did not name).
// - A file:// source (named by the catalog itself) may follow file:// links
//   inside the folder of its file (subfolders included), nothing else.
std::optional<std::string> linkRefusal(const std::string& source_url, const std::string& link);

// What one fetchWithRetry gave: the last response or error, and how many
// attempts it took.
struct FetchOutcome {
  Result<HttpResponse> response = makeError(ErrorCode::kInternal, "not fetched");
  int attempts = 0;
};

class PoliteFetcher {
 public:
  PoliteFetcher(const IngestOptions& options, HttpGet& http);

  // A GET of `url` with the options' User-Agent, timeouts, body limit and
  // redirect limit (no extra header).
  HttpRequest request(const std::string& url) const;

  // Sends `request` through the gate, retrying as said above. The outcome
  // holds the last response (any status) or the last transport error.
  FetchOutcome fetchWithRetry(HttpRequest request);

  // Why robots.txt forbids fetching `url` for our User-Agent (one line for
  // the operator), or nullopt when it is allowed, when `ignore_robots`, or
  // for a non-HTTP URL.
  std::optional<std::string> robotsRefusal(const std::string& url, bool ignore_robots);

  // robotsRefusal, then fetchWithRetry(request(url)): the response of any
  // status, or kNetwork for a refusal or a transport failure (" (after N
  // attempts)" added when retried).
  Result<HttpResponse> get(const std::string& url, bool ignore_robots = false);

  const IngestOptions& options() const { return options_; }

 private:
  struct RobotsVerdict {
    bool reachable = true;
    RobotsPolicy policy;
    std::string error;
  };
  class Gate;

  std::chrono::milliseconds backoff(int attempt);
  std::shared_future<RobotsVerdict> robotsFor(const std::string& origin);

  const IngestOptions& options_;
  HttpGet& http_;
  std::shared_ptr<Gate> gate_;
  std::string robots_token_;
  std::mutex robots_mu_;
  std::map<std::string, std::shared_future<RobotsVerdict>> robots_;
};

}  // namespace pft::ingestion
