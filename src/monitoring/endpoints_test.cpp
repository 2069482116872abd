#include "pft/monitoring/endpoints.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "pft/ingestion/curl_http.hpp"
#include "testing/loopback_server.hpp"

namespace pft::monitoring {
namespace {

using pft::testing::closedLoopbackPort;
using pft::testing::httpReply;
using pft::testing::LoopbackReply;
using pft::testing::LoopbackRequest;
using pft::testing::LoopbackServer;

const char* kHealthy = R"({"status": "ok", "timestamp": "2026-12-01T12:00:00+01:00"})";
const char* kTournaments =
    R"([{"id": 1, "title": "Deepstack", "start_datetime_local": "2026-12-05T20:00:00+01:00", "venue": {}}])";

std::vector<std::string> lines(const MonitorReport& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.push_back(f.line);
  return out;
}

MonitorReport check(const std::string& url, std::chrono::milliseconds max_latency = std::chrono::milliseconds{1000},
                    std::chrono::milliseconds timeout = std::chrono::milliseconds{5000}) {
  ingestion::CurlHttpGet http("pft-test");
  EndpointOptions o;
  o.api_url = url;
  o.max_latency = max_latency;
  o.timeout = timeout;
  return checkEndpoints(http, o);
}

TEST(Endpoints, HealthyApiIsOkWithLatencies) {
  LoopbackServer api([](const LoopbackRequest& r) {
    return r.target == "/health" ? httpReply(200, kHealthy) : httpReply(200, kTournaments);
  });
  auto r = check(api.url() + "/");
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_TRUE(std::regex_match(r.findings[0].line, std::regex(R"(OK: /health responded in 0\.\d{3}s)")))
      << r.findings[0].line;
  EXPECT_TRUE(std::regex_match(r.findings[1].line, std::regex(R"(OK: /tournaments responded in 0\.\d{3}s)")))
      << r.findings[1].line;
  EXPECT_EQ(exitCode(r), 0);
  auto reqs = api.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].target, "/health");
  EXPECT_EQ(reqs[1].target, "/tournaments");
}

TEST(Endpoints, EmptyTournamentListIsTheRightShape) {
  LoopbackServer api([](const LoopbackRequest& r) {
    return r.target == "/health" ? httpReply(200, kHealthy) : httpReply(200, "[]");
  });
  EXPECT_EQ(exitCode(check(api.url())), 0);
}

TEST(Endpoints, ServerErrorsAreReportedWithTheirStatus) {
  LoopbackServer api([](const LoopbackRequest& r) {
    return r.target == "/health" ? httpReply(500, R"({"detail":"boom"})") : httpReply(503, "busy", "text/plain");
  });
  auto r = check(api.url());
  EXPECT_EQ(lines(r),
            (std::vector<std::string>{"ALERT: /health returned 500 (boom)", "ALERT: /tournaments returned 503"}));
  EXPECT_EQ(exitCode(r), 1);
  EXPECT_FALSE(r.cannot_check);
}

TEST(Endpoints, DegradedHealthSaysWhy) {
  LoopbackServer api([](const LoopbackRequest& r) {
    return r.target == "/health"
               ? httpReply(503, R"({"status":"degraded","database":"unreachable","reason":"connection refused"})")
               : httpReply(200, "[]");
  });
  auto r = check(api.url());
  EXPECT_EQ(r.findings[0].line, "ALERT: /health returned 503 (connection refused)");
  EXPECT_EQ(exitCode(r), 1);
}

TEST(Endpoints, GarbageBodiesAreWrongShape) {
  LoopbackServer api([](const LoopbackRequest& r) {
    return r.target == "/health" ? httpReply(200, "<html>It works!</html>", "text/html")
                                 : httpReply(200, R"({"items": []})");
  });
  auto r = check(api.url());
  EXPECT_EQ(lines(r), (std::vector<std::string>{"ALERT: /health returned an unexpected body: not JSON",
                                                "ALERT: /tournaments returned an unexpected body: not a JSON array"}));
  EXPECT_EQ(exitCode(r), 1);
}

TEST(Endpoints, HealthNotOkAndItemsWithoutKeysAreWrongShape) {
  LoopbackServer api([](const LoopbackRequest& r) {
    return r.target == "/health" ? httpReply(200, R"({"status": "degraded"})") : httpReply(200, R"([{"x": 1}])");
  });
  EXPECT_EQ(lines(check(api.url())),
            (std::vector<std::string>{
                "ALERT: /health returned an unexpected body: status is \"degraded\"",
                "ALERT: /tournaments returned an unexpected body: items lack id, title or start_datetime_local"}));
}

TEST(Endpoints, SlowAnswerIsAnAlertWithItsTime) {
  LoopbackServer api([](const LoopbackRequest& r) {
    LoopbackReply reply = r.target == "/health" ? httpReply(200, kHealthy) : httpReply(200, kTournaments);
    if (r.target == "/tournaments") reply.delay = std::chrono::milliseconds{450};
    return reply;
  });
  auto r = check(api.url(), std::chrono::milliseconds{300});
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].severity, Severity::kOk);
  EXPECT_TRUE(std::regex_match(r.findings[1].line, std::regex(R"(ALERT: /tournaments took 0\.[45]\d\ds \(> 0\.3s\))")))
      << r.findings[1].line;
  EXPECT_EQ(exitCode(r), 1);
}

TEST(Endpoints, ClosedPortIsConnectionRefusedAndCannotCheck) {
  const std::string url = "http://127.0.0.1:" + std::to_string(closedLoopbackPort());
  auto r = check(url);
  EXPECT_EQ(lines(r), (std::vector<std::string>{"ALERT: /health failed: connection refused (" + url + "/health)",
                                                "ALERT: /tournaments failed: connection refused (" + url +
                                                    "/tournaments)"}));
  EXPECT_TRUE(r.cannot_check);
  EXPECT_EQ(r.error, "API unreachable at " + url);
  EXPECT_EQ(exitCode(r), 2);
}

TEST(Endpoints, NoAnswerWithinTheTimeoutIsSaidAsTimedOut) {
  LoopbackServer api([](const LoopbackRequest&) {
    LoopbackReply reply = httpReply(200, kHealthy);
    reply.delay = std::chrono::milliseconds{1500};
    return reply;
  });
  auto r = check(api.url(), std::chrono::milliseconds{300}, std::chrono::milliseconds{400});
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].line, "ALERT: /health timed out after 0.4s (" + api.url() + "/health)");
  EXPECT_EQ(exitCode(r), 2);
}

TEST(Endpoints, MissingApiUrlCannotCheck) {
  auto r = check("");
  EXPECT_EQ(exitCode(r), 2);
  EXPECT_EQ(r.error, "no API URL: set API_URL or pass --api-url");
}

TEST(Endpoints, JudgeFormatsTimesLikeTheRunbook) {
  EndpointOptions o;
  HttpResponse ok_health{200, kHealthy, {}, ""};
  EXPECT_EQ(judgeEndpoint("/health", "u", ok_health, 0.0041, o).finding.line, "OK: /health responded in 0.004s");
  HttpResponse ok_list{200, "[]", {}, ""};
  EXPECT_EQ(judgeEndpoint("/tournaments", "u", ok_list, 1.4249, o).finding.line,
            "ALERT: /tournaments took 1.42s (> 1s)");
  EndpointOptions tight;
  tight.max_latency = std::chrono::milliseconds{1};
  EXPECT_EQ(judgeEndpoint("/tournaments", "u", ok_list, 0.0104, tight).finding.line,
            "ALERT: /tournaments took 0.010s (> 0.001s)");
  EXPECT_EQ(judgeEndpoint("/tournaments", "u", ok_list, 1.0, o).finding.line,
            "OK: /tournaments responded in 1.000s");
  Result<HttpResponse> dns = makeError(ErrorCode::kNetwork, "host name not found: x; check the url", "http://x/health");
  auto v = judgeEndpoint("/health", "http://x/health", dns, 0.1, o);
  EXPECT_TRUE(v.unreachable);
  EXPECT_EQ(v.finding.line, "ALERT: /health failed: http://x/health: host name not found: x; check the url");
}

}  // namespace
}  // namespace pft::monitoring
