#include "pft/monitoring/notify.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>

#include "pft/ingestion/curl_http.hpp"
#include "testing/loopback_server.hpp"

namespace pft::monitoring {
namespace {

using pft::testing::closedLoopbackPort;
using pft::testing::httpReply;
using pft::testing::LoopbackRequest;
using pft::testing::LoopbackServer;

MonitorReport alerting() {
  MonitorReport r;
  r.monitor = "freshness";
  r.findings.push_back(alertFinding("upcoming", "No upcoming tournaments found"));
  r.findings.push_back(okFinding("last_run", "Last successful run #3 finished 5h ago (at most 36h)"));
  r.findings.push_back(alertFinding("sources", "Source x failed or returned nothing in its last 3 runs (latest: 0 events)"));
  return r;
}

NotifyOptions fast() {
  NotifyOptions o;
  o.backoff = std::chrono::milliseconds{10};
  o.timeout = std::chrono::milliseconds{3000};
  o.heading = "pft monitor freshness (test-host)";
  return o;
}

TEST(Notify, PostsTheAlertLinesAsSlackJson) {
  LoopbackServer hook([](const LoopbackRequest&) { return httpReply(200, "ok", "text/plain"); });
  ingestion::CurlHttpGet http("pft-test");
  auto sent = notifyAlerts(http, hook.url() + "/services/T000/B000/secret", alerting(), fast());
  ASSERT_TRUE(sent.has_value()) << sent.error().describe();
  EXPECT_EQ(*sent, 1);
  auto reqs = hook.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].method, "POST");
  EXPECT_EQ(reqs[0].target, "/services/T000/B000/secret");
  EXPECT_NE(reqs[0].headers.find("Content-Type: application/json"), std::string::npos) << reqs[0].headers;
  auto body = nlohmann::json::parse(reqs[0].body);
  EXPECT_EQ(body, nlohmann::json({{"text",
                                   "pft monitor freshness (test-host)\n"
                                   "ALERT: No upcoming tournaments found\n"
                                   "ALERT: Source x failed or returned nothing in its last 3 runs (latest: 0 events)"}}));
}

TEST(Notify, RetriesServerErrorsThenSucceeds) {
  std::atomic<int> calls{0};
  LoopbackServer hook([&](const LoopbackRequest&) {
    return ++calls < 3 ? httpReply(503, "busy", "text/plain") : httpReply(200, "ok", "text/plain");
  });
  ingestion::CurlHttpGet http("pft-test");
  auto sent = notifyAlerts(http, hook.url() + "/hook", alerting(), fast());
  ASSERT_TRUE(sent.has_value()) << sent.error().describe();
  EXPECT_EQ(*sent, 3);
  EXPECT_EQ(hook.requests().size(), 3u);
}

TEST(Notify, GivesUpAfterTheLastAttemptWithoutLeakingTheSecret) {
  LoopbackServer hook([](const LoopbackRequest&) { return httpReply(500, "no", "text/plain"); });
  ingestion::CurlHttpGet http("pft-test");
  auto sent = notifyAlerts(http, hook.url() + "/services/SECRET", alerting(), fast());
  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().code, ErrorCode::kNetwork);
  EXPECT_EQ(sent.error().message,
            "could not post the alert to 127.0.0.1:" + std::to_string(hook.port()) + " after 3 attempts (HTTP 500)");
  EXPECT_EQ(sent.error().describe().find("SECRET"), std::string::npos);
  EXPECT_EQ(hook.requests().size(), 3u);
}

TEST(Notify, ClientErrorIsNotRetried) {
  LoopbackServer hook([](const LoopbackRequest&) { return httpReply(404, "no_service", "text/plain"); });
  ingestion::CurlHttpGet http("pft-test");
  auto sent = notifyAlerts(http, hook.url() + "/x", alerting(), fast());
  ASSERT_FALSE(sent.has_value());
  EXPECT_NE(sent.error().message.find("refused the alert (HTTP 404)"), std::string::npos) << sent.error().message;
  EXPECT_EQ(hook.requests().size(), 1u);
}

TEST(Notify, ReceiverDownIsAnErrorAfterRetries) {
  ingestion::CurlHttpGet http("pft-test");
  auto sent =
      notifyAlerts(http, "http://127.0.0.1:" + std::to_string(closedLoopbackPort()) + "/hook", alerting(), fast());
  ASSERT_FALSE(sent.has_value());
  EXPECT_NE(sent.error().message.find("after 3 attempts"), std::string::npos) << sent.error().message;
}

TEST(Notify, NothingToSayPostsNothing) {
  LoopbackServer hook([](const LoopbackRequest&) { return httpReply(200, "ok", "text/plain"); });
  ingestion::CurlHttpGet http("pft-test");
  MonitorReport clean;
  clean.findings.push_back(okFinding("anomalies", "No anomalies detected"));
  auto sent = notifyAlerts(http, hook.url(), clean, fast());
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(*sent, 0);
  EXPECT_TRUE(hook.requests().empty());
}

TEST(Notify, CannotCheckIsPostedToo) {
  EXPECT_EQ(slackPayload(cannotCheckReport("endpoints", "API unreachable at http://x"), ""),
            R"({"text":"ALERT: Cannot check: API unreachable at http://x"})");
}

TEST(Notify, UnsetWebhookIsAConfigurationError) {
  ingestion::CurlHttpGet http("pft-test");
  auto sent = notifyAlerts(http, "", alerting(), fast());
  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().code, ErrorCode::kInvalidConfig);
  EXPECT_EQ(sent.error().where, "SLACK_WEBHOOK_URL");
}

}  // namespace
}  // namespace pft::monitoring
