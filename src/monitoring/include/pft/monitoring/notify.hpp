#pragma once
// Alert notification: posts a report's ALERT lines to a Slack-compatible
// incoming webhook ({"text": "..."}), retried. A failure to notify is
// returned as an Error for the caller to print; it never changes the
// report or its exit code.

#include <chrono>
#include <string>

#include "pft/core/http.hpp"
#include "pft/core/result.hpp"
#include "pft/monitoring/report.hpp"

namespace pft::monitoring {

struct NotifyOptions {
  int attempts = 3;                               // total tries
  std::chrono::milliseconds backoff{1000};        // wait before try k+1: backoff * k
  std::chrono::milliseconds timeout{10000};       // per try
  std::string heading;                            // first line, e.g. "pft monitor freshness (host)"
};

// {"text": "<heading>\nALERT: ...\nALERT: ..."} (heading omitted when empty).
std::string slackPayload(const MonitorReport& report, const std::string& heading);

// Posts when the report has ALERT lines (or cannot_check); returns the number
// of POSTs made (0 when there was nothing to say). Retries on transport
// errors, 429 and 5xx; any other non-2xx stops at once. Failure ->
// kNetwork naming the webhook host (never the full URL: it is a secret).
Result<int> notifyAlerts(HttpGet& http, const std::string& webhook_url, const MonitorReport& report,
                         const NotifyOptions& options);

}  // namespace pft::monitoring
