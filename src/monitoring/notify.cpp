#include "pft/monitoring/notify.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <thread>

namespace pft::monitoring {

namespace {

// "https://hooks.slack.com/services/T/B/secret" -> "hooks.slack.com": the
// path of a webhook is its secret, never print it.
std::string hostOf(const std::string& url) {
  auto scheme = url.find("://");
  std::size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  auto end = url.find_first_of("/?#", start);
  std::string host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  auto at = host.rfind('@');
  if (at != std::string::npos) host = host.substr(at + 1);
  return host;
}

}  // namespace

std::string slackPayload(const MonitorReport& report, const std::string& heading) {
  std::string text = heading;
  for (const auto& line : alertLines(report)) {
    if (!text.empty()) text += '\n';
    text += line;
  }
  nlohmann::json j = {{"text", text}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<int> notifyAlerts(HttpGet& http, const std::string& webhook_url, const MonitorReport& report,
                         const NotifyOptions& options) {
  if (alertLines(report).empty()) return 0;
  if (webhook_url.empty()) {
    return makeError(ErrorCode::kInvalidConfig, "SLACK_WEBHOOK_URL is not set: alerts were not posted",
                     "SLACK_WEBHOOK_URL");
  }
  HttpRequest req;
  req.url = webhook_url;
  req.method = "POST";
  req.headers.emplace_back("Content-Type", "application/json");
  req.body = slackPayload(report, options.heading);
  req.total_timeout = options.timeout;
  req.connect_timeout = std::min(options.timeout, std::chrono::milliseconds{5000});
  req.max_redirects = 0;
  const int attempts = std::max(1, options.attempts);
  std::string last;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    if (attempt > 1) std::this_thread::sleep_for(options.backoff * (attempt - 1));
    auto answer = http.fetch(req);
    if (!answer) {
      last = answer.error().message;
      continue;
    }
    if (answer->status >= 200 && answer->status < 300) return attempt;
    last = fmt::format("HTTP {}", answer->status);
    if (answer->status != 429 && answer->status < 500) {
      return makeError(ErrorCode::kNetwork,
                       fmt::format("webhook at {} refused the alert ({}); check SLACK_WEBHOOK_URL", hostOf(webhook_url),
                                   last),
                       "SLACK_WEBHOOK_URL");
    }
  }
  return makeError(ErrorCode::kNetwork,
                   fmt::format("could not post the alert to {} after {} ({})", hostOf(webhook_url),
                               attempts == 1 ? std::string("1 attempt") : std::to_string(attempts) + " attempts", last),
                   "SLACK_WEBHOOK_URL");
}

}  // namespace pft::monitoring
