#include "pft/monitoring/endpoints.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "pft/monitoring/duration.hpp"

namespace pft::monitoring {

namespace {

bool containsNoCase(std::string_view hay, std::string_view needle) {
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != hay.end();
}

// Why the body is not what the API promises; empty when it is.
std::string shapeProblem(std::string_view path, const std::string& body) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded()) return "not JSON";
  if (path == "/health") {
    if (!j.is_object()) return "not a JSON object";
    auto it = j.find("status");
    if (it == j.end() || !it->is_string()) return "no \"status\"";
    if (*it != "ok") return fmt::format("status is \"{}\"", it->get<std::string>());
    return {};
  }
  if (!j.is_array()) return "not a JSON array";
  if (!j.empty()) {
    const auto& first = j.front();
    if (!first.is_object() || !first.contains("id") || !first.contains("title") ||
        !first.contains("start_datetime_local")) {
      return "items lack id, title or start_datetime_local";
    }
  }
  return {};
}

// What an error body says, when it is JSON and says it: pft serve's /health
// gives a "reason" when degraded; problem+json bodies a "detail".
std::string errorReason(const std::string& body) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return {};
  for (const char* key : {"reason", "detail"}) {
    auto it = j.find(key);
    if (it != j.end() && it->is_string() && !it->get<std::string>().empty()) {
      std::string text = it->get<std::string>();
      if (text.size() > 200) text = text.substr(0, 200) + "…";
      return text;
    }
  }
  return {};
}

std::string joinUrl(const std::string& base, std::string_view path) {
  std::string b = base;
  while (!b.empty() && b.back() == '/') b.pop_back();
  return b + std::string(path);
}

}  // namespace

EndpointVerdict judgeEndpoint(std::string_view path, const std::string& url, const Result<HttpResponse>& answer,
                              double seconds, const EndpointOptions& options) {
  const std::string check(path);
  EndpointVerdict v;
  if (!answer) {
    const std::string& why = answer.error().message;
    v.unreachable = true;
    if (containsNoCase(why, "timed out") || containsNoCase(why, "timeout")) {
      v.finding = alertFinding(check, fmt::format("{} timed out after {:g}s ({})", path,
                                                  std::chrono::duration<double>(options.timeout).count(), url));
    } else if (containsNoCase(why, "refused") || containsNoCase(why, "couldn't connect") ||
               containsNoCase(why, "could not connect")) {
      v.finding = alertFinding(check, fmt::format("{} failed: connection refused ({})", path, url));
    } else {
      v.finding = alertFinding(check, fmt::format("{} failed: {}", path, answer.error().describe()));
    }
    return v;
  }
  const HttpResponse& r = *answer;
  if (r.status != 200) {
    std::string why = errorReason(r.body);
    v.finding = alertFinding(check, fmt::format("{} returned {}{}", path, r.status, why.empty() ? "" : " (" + why + ")"));
    return v;
  }
  std::string problem = shapeProblem(path, r.body);
  if (!problem.empty()) {
    v.finding = alertFinding(check, fmt::format("{} returned an unexpected body: {}", path, problem));
    return v;
  }
  const double max = std::chrono::duration<double>(options.max_latency).count();
  if (seconds > max) {
    v.finding = alertFinding(check, fmt::format("{} took {} (> {:g}s)", path, formatSeconds(seconds, seconds < 1.0 ? 3 : 2), max));
    return v;
  }
  v.finding = okFinding(check, fmt::format("{} responded in {}", path, formatSeconds(seconds, 3)));
  return v;
}

MonitorReport checkEndpoints(HttpGet& http, const EndpointOptions& options) {
  if (options.api_url.empty()) {
    return cannotCheckReport("endpoints", "no API URL: set API_URL or pass --api-url");
  }
  MonitorReport report;
  report.monitor = "endpoints";
  bool unreachable = false;
  for (std::string_view path : {std::string_view("/health"), std::string_view("/tournaments")}) {
    HttpRequest req;
    req.url = joinUrl(options.api_url, path);
    req.headers.emplace_back("Accept", "application/json");
    req.connect_timeout = std::min(options.timeout, std::chrono::milliseconds{5000});
    req.total_timeout = options.timeout;
    req.max_redirects = 3;
    auto t0 = std::chrono::steady_clock::now();
    Result<HttpResponse> answer = http.fetch(req);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EndpointVerdict v = judgeEndpoint(path, req.url, answer, seconds, options);
    unreachable = unreachable || v.unreachable;
    report.findings.push_back(std::move(v.finding));
  }
  if (unreachable) {
    report.cannot_check = true;
    report.error = "API unreachable at " + options.api_url;
  }
  return report;
}

}  // namespace pft::monitoring
