#include "pft/ingestion/fetch_policy.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstdio>
#include <random>
#include <thread>
#include <vector>

#include "logger.hpp"
#include "pft/core/text.hpp"
#include "pft/ingestion/curl_http.hpp"
#include "pft/ingestion/limits.hpp"

namespace pft::ingestion {
namespace {

using detail::logger;

std::string lowerAscii(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::string headerOr(const HttpResponse& r, const std::string& name) {
  const auto it = r.headers.find(name);
  return it == r.headers.end() ? std::string() : it->second;
}

// Retry-After: delta-seconds or an HTTP date. nullopt when absent or unreadable.
std::optional<std::chrono::milliseconds> parseRetryAfter(const std::string& value) {
  const std::string_view v = text::trim(value);
  if (v.empty()) return std::nullopt;
  if (std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (v.size() > 9) return std::chrono::hours(24);
    return std::chrono::seconds(std::stol(std::string(v)));
  }
  // IMF-fixdate, the only HTTP date form servers send today: "Sun, 06 Nov 1994 08:49:37 GMT".
  static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char month_name[4] = {0};
  int day = 0, year = 0, hh = 0, mm = 0, ss = 0;
  const std::string text(v);
  if (std::sscanf(text.c_str(), "%*3s, %2d %3s %4d %2d:%2d:%2d GMT", &day, month_name, &year, &hh, &mm, &ss) != 6) {
    return std::nullopt;
  }
  const auto month = std::find(kMonths.begin(), kMonths.end(), std::string_view(month_name));
  if (month == kMonths.end()) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{year},
                                        std::chrono::month{static_cast<unsigned>(month - kMonths.begin() + 1)},
                                        std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;
  const auto when = std::chrono::sys_days{ymd} + std::chrono::hours{hh} + std::chrono::minutes{mm} +
                    std::chrono::seconds{ss};
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto delta = when - now;
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::max(delta, decltype(delta){0}));
}

}  // namespace

std::pair<std::string, std::string> splitHttpUrl(const std::string& url) {
  const std::string lower = lowerAscii(url.substr(0, 8));
  if (lower.rfind("http://", 0) != 0 && lower.rfind("https://", 0) != 0) return {"", ""};
  const size_t scheme_end = url.find("://") + 3;
  size_t path_start = url.find_first_of("/?#", scheme_end);
  if (path_start == std::string::npos) path_start = url.size();
  std::string origin = lowerAscii(url.substr(0, path_start));
  std::string path = url.substr(path_start);
  if (const size_t hash = path.find('#'); hash != std::string::npos) path.resize(hash);
  if (path.empty() || path[0] != '/') path = "/" + path;
  return {origin, path};
}

namespace {

// Host of an http(s) origin ("https://www.x.fr:8443" -> "www.x.fr").
std::string hostOfOrigin(const std::string& origin) {
  std::string host = origin.substr(origin.find("://") + 3);
  if (const size_t at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
  if (!host.empty() && host[0] == '[') return host.substr(0, host.find(']') + 1);  // IPv6 literal
  if (const size_t colon = host.find(':'); colon != std::string::npos) host.resize(colon);
  while (!host.empty() && host.back() == '.') host.pop_back();
  return host;
}

bool isIpLiteral(const std::string& host) {
  return host.empty() || host[0] == '[' ||
         std::all_of(host.begin(), host.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

// The registrable part of a host name: the last two labels, or three when
// the second-level label is a common public suffix (co.uk, gouv.fr, asso.fr).
std::string registrableDomain(const std::string& host) {
  std::vector<std::string> labels;
  size_t start = 0;
  while (true) {
    const size_t dot = host.find('.', start);
    labels.push_back(host.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (labels.size() <= 2) return host;
  static constexpr std::array<std::string_view, 10> kSecondLevel = {"co", "com", "org", "net", "gouv",
                                                                    "asso", "ac", "gov", "edu", "nom"};
  const std::string& second = labels[labels.size() - 2];
  const bool suffix = std::find(kSecondLevel.begin(), kSecondLevel.end(), second) != kSecondLevel.end();
  const size_t keep = suffix ? 3 : 2;
  std::string out;
  for (size_t i = labels.size() - keep; i < labels.size(); ++i) out += (out.empty() ? "" : ".") + labels[i];
  return out;
}

// The folder of a file:// URL, with its trailing '/' ("file:///a/b/c.html" -> "file:///a/b/").
std::string fileFolder(const std::string& url) { return url.substr(0, url.rfind('/') + 1); }

}  // namespace

std::optional<std::string> linkRefusal(const std::string& source_url, const std::string& link) {
  const std::string scheme = lowerAscii(link.substr(0, link.find(':') == std::string::npos ? 0 : link.find(':')));
  const std::string shown = capMessage(link, 200);
  if (lowerAscii(source_url.substr(0, 7)) == "file://") {
    if (scheme != "file") return fmt::format("link {} refused: a file:// source follows file:// links only", shown);
    const std::string folder = fileFolder(source_url);
    // No "..", no encoded dots or slashes: the path is compared as written.
    const std::string rest = link.size() >= folder.size() ? link.substr(folder.size()) : std::string();
    if (link.compare(0, folder.size(), folder) != 0 || rest.find("..") != std::string::npos ||
        lowerAscii(rest).find("%2e") != std::string::npos || lowerAscii(rest).find("%2f") != std::string::npos) {
      return fmt::format("link {} refused: outside the folder of the source's file", shown);
    }
    return std::nullopt;
  }
  const std::string link_origin = splitHttpUrl(link).first;
  if (link_origin.empty()) {
    return fmt::format("link {} refused: only http:// and https:// links are followed", shown);
  }
  const std::string source_origin = splitHttpUrl(source_url).first;
  if (source_origin.empty()) return fmt::format("link {} refused: the source is neither http(s) nor file://", shown);
  const std::string a = hostOfOrigin(source_origin);
  const std::string b = hostOfOrigin(link_origin);
  if (a == b) return std::nullopt;
  if (!isIpLiteral(a) && !isIpLiteral(b) && registrableDomain(a) == registrableDomain(b)) return std::nullopt;
  return fmt::format("link {} refused: it leaves the source's site ({})", shown, a);
}

// Admits at most `global` requests in flight, and `per_host` per origin.
class PoliteFetcher::Gate {
 public:
  Gate(int global, int per_host) : global_(std::max(1, global)), per_host_(std::max(1, per_host)) {}

  void acquire(const std::string& origin) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return in_flight_ < global_ && (origin.empty() || per_origin_[origin] < per_host_); });
    ++in_flight_;
    if (!origin.empty()) ++per_origin_[origin];
  }
  void release(const std::string& origin) {
    {
      std::lock_guard lock(mu_);
      --in_flight_;
      if (!origin.empty()) --per_origin_[origin];
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int global_;
  int per_host_;
  int in_flight_ = 0;
  std::map<std::string, int> per_origin_;
};

PoliteFetcher::PoliteFetcher(const IngestOptions& options, HttpGet& http)
    : options_(options),
      http_(http),
      gate_(std::make_shared<Gate>(options.global_limit, options.per_host_limit)),
      robots_token_(robotsProductToken(options.user_agent)) {}

HttpRequest PoliteFetcher::request(const std::string& url) const {
  HttpRequest r;
  r.url = url;
  r.connect_timeout = options_.connect_timeout;
  r.total_timeout = options_.total_timeout;
  r.max_body_bytes = options_.max_body_bytes;
  r.max_redirects = options_.max_redirects;
  r.headers.emplace_back("User-Agent", options_.user_agent);
  return r;
}

std::chrono::milliseconds PoliteFetcher::backoff(int attempt) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const auto base = options_.retry_base_delay * (1LL << std::min(attempt, 10));
  std::uniform_int_distribution<long long> jitter(0, std::max<long long>(0, base.count() / 2));
  return base + std::chrono::milliseconds(jitter(rng));
}

FetchOutcome PoliteFetcher::fetchWithRetry(HttpRequest request) {
  FetchOutcome out;
  const std::string origin = splitHttpUrl(request.url).first;
  for (int attempt = 0;; ++attempt) {
    out.attempts = attempt + 1;
    gate_->acquire(origin);
    try {
      out.response = http_.fetch(request);
    } catch (...) {
      gate_->release(origin);
      throw;
    }
    gate_->release(origin);
    const bool last = attempt >= options_.retries;
    std::chrono::milliseconds wait{0};
    if (!out.response) {
      if (last || !isTransientNetworkError(out.response.error())) return out;
      wait = backoff(attempt);
    } else {
      const int status = out.response->status;
      if (!(status >= 500 || status == 429) || last) return out;
      wait = backoff(attempt);
      if (status == 429 || status == 503) {
        if (auto after = parseRetryAfter(headerOr(*out.response, "retry-after"))) {
          wait = std::min(*after, options_.retry_after_cap);
        }
      }
    }
    logger()->info("url={} attempt={} retry_in_ms={} reason={}", request.url, attempt + 1, wait.count(),
                   out.response ? fmt::format("HTTP {}", out.response->status) : out.response.error().message);
    std::this_thread::sleep_for(wait);
  }
}

std::shared_future<PoliteFetcher::RobotsVerdict> PoliteFetcher::robotsFor(const std::string& origin) {
  std::promise<RobotsVerdict> promise;
  {
    std::lock_guard lock(robots_mu_);
    if (auto it = robots_.find(origin); it != robots_.end()) return it->second;
    robots_[origin] = promise.get_future().share();
  }
  RobotsVerdict verdict;
  HttpRequest req = request(origin + "/robots.txt");
  req.max_body_bytes = 512 * 1024;
  auto fetched = fetchWithRetry(req);
  if (!fetched.response) {
    verdict.reachable = false;
    verdict.error = fetched.response.error().message;
  } else if (fetched.response->status >= 200 && fetched.response->status < 300) {
    verdict.policy = parseRobotsTxt(fetched.response->body, robots_token_);
  } else if (fetched.response->status >= 500 || fetched.response->status == 429) {
    verdict.reachable = false;
    verdict.error = fmt::format("HTTP {}", fetched.response->status);
  }
  // Any other status (404, 403, 410 …): no robots.txt, everything allowed (RFC 9309 §2.3.1.3).
  promise.set_value(verdict);
  std::lock_guard lock(robots_mu_);
  return robots_[origin];
}

std::optional<std::string> PoliteFetcher::robotsRefusal(const std::string& url, bool ignore_robots) {
  if (ignore_robots) return std::nullopt;
  const auto [origin, path] = splitHttpUrl(url);
  if (origin.empty()) return std::nullopt;
  const RobotsVerdict& verdict = robotsFor(origin).get();
  if (!verdict.reachable) {
    return fmt::format("robots.txt of {} unreachable ({}); not fetching, as RFC 9309 asks", origin, verdict.error);
  }
  if (!robotsAllows(verdict.policy, path)) {
    return fmt::format("robots.txt of {} disallows {} for {}; ask the organiser, then set ignore_robots: true", origin,
                       path, robots_token_);
  }
  return std::nullopt;
}

Result<HttpResponse> PoliteFetcher::get(const std::string& url, bool ignore_robots) {
  if (auto refusal = robotsRefusal(url, ignore_robots)) return makeError(ErrorCode::kNetwork, *refusal, url);
  auto fetched = fetchWithRetry(request(url));
  if (!fetched.response) {
    Error e = fetched.response.error();
    if (fetched.attempts > 1) e.message += fmt::format(" (after {} attempts)", fetched.attempts);
    return e;
  }
  return std::move(fetched.response);
}

}  // namespace pft::ingestion
