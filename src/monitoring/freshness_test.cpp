#include "pft/monitoring/freshness.hpp"

#include <gtest/gtest.h>

namespace pft::monitoring {
namespace {

Instant at(const char* iso) { return *parseIsoInstant(iso); }
const Instant kNow = at("2026-12-01T12:00:00Z");

IngestRun run(std::int64_t id, const char* started, const char* status, std::vector<SourceRun> sources) {
  IngestRun r;
  r.id = id;
  r.status = status;
  r.started_at = at(started);
  r.finished_at = r.started_at + std::chrono::minutes{2};
  r.sources = std::move(sources);
  return r;
}
SourceRun ok(const char* name, std::int64_t events) { return SourceRun{name, "ok", 200, 100, events, 0.1, ""}; }
SourceRun failed(const char* name, const char* error) { return SourceRun{name, "failed", 503, 0, 0, 0.1, error}; }

std::vector<std::string> lines(const MonitorReport& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.push_back(f.line);
  return out;
}

TEST(Freshness, HealthyDatabaseIsAllOk) {
  std::vector<IngestRun> runs = {run(3, "2026-12-01T03:00:00Z", "ok", {ok("a", 10), ok("b", 5)}),
                                 run(2, "2026-11-30T03:00:00Z", "ok", {ok("a", 10), ok("b", 5)})};
  auto r = buildFreshnessReport(1234, runs, kNow, {});
  EXPECT_EQ(lines(r), (std::vector<std::string>{
                          "OK: 1234 upcoming tournaments",
                          "OK: Last successful run #3 finished 8h58m ago (at most 36h)",
                          "OK: No source failed or returned nothing in all of its last 3 runs (2 sources checked)"}));
  EXPECT_EQ(exitCode(r), 0);
}

TEST(Freshness, NoUpcomingAndNoRunAreAlerts) {
  auto r = buildFreshnessReport(0, {}, kNow, {});
  EXPECT_EQ(lines(r), (std::vector<std::string>{
                          "ALERT: No upcoming tournaments found", "ALERT: No successful run recorded",
                          "OK: No source failed or returned nothing in all of its last 3 runs (0 sources checked)"}));
  EXPECT_EQ(exitCode(r), 1);
}

TEST(Freshness, FewerThanMinimumIsAnAlert) {
  FreshnessOptions o;
  o.min_upcoming = 10;
  auto r = buildFreshnessReport(3, {}, kNow, o);
  EXPECT_EQ(r.findings[0].line, "ALERT: Only 3 upcoming tournaments (expected at least 10)");
  o.min_upcoming = 3;
  EXPECT_EQ(buildFreshnessReport(3, {}, kNow, o).findings[0].line, "OK: 3 upcoming tournaments");
  EXPECT_EQ(buildFreshnessReport(1, {}, kNow, o).findings[0].line,
            "ALERT: Only 1 upcoming tournament (expected at least 3)");
}

TEST(Freshness, StaleLastRunAlertsAndFailedRunsDoNotCount) {
  std::vector<IngestRun> runs = {run(9, "2026-12-01T03:00:00Z", "failed", {failed("a", "HTTP 503")}),
                                 run(8, "2026-11-29T03:00:00Z", "partial", {ok("a", 4)})};
  auto r = buildFreshnessReport(5, runs, kNow, {});
  EXPECT_EQ(r.findings[1].line, "ALERT: Last successful run #8 finished 2d8h ago (> 36h)");
  EXPECT_EQ(r.findings[1].count, 2 * 86400 + 8 * 3600 + 58 * 60);
  EXPECT_EQ(exitCode(r), 1);
}

TEST(Freshness, MaxAgeBoundaryIsInclusive) {
  // Finished exactly 36 h before now: still fresh.
  IngestRun r0 = run(1, "2026-11-30T00:00:00Z", "ok", {});
  r0.finished_at = kNow - std::chrono::hours{36};
  EXPECT_EQ(buildFreshnessReport(5, {r0}, kNow, {}).findings[1].line,
            "OK: Last successful run #1 finished 36h ago (at most 36h)");
  r0.finished_at = kNow - std::chrono::hours{36} - std::chrono::seconds{1};
  EXPECT_EQ(buildFreshnessReport(5, {r0}, kNow, {}).findings[1].line,
            "ALERT: Last successful run #1 finished 36h ago (> 36h)");
}

TEST(Freshness, SourceFailingOrEmptyInItsLastThreeRunsAlerts) {
  std::vector<IngestRun> runs = {
      run(5, "2026-12-01T03:00:00Z", "partial", {ok("good", 3), failed("bad", "connection refused"), ok("empty", 0)}),
      run(4, "2026-11-30T03:00:00Z", "partial", {ok("good", 3), ok("bad", 0), ok("empty", 0)}),
      run(3, "2026-11-29T03:00:00Z", "running", {ok("good", 3), ok("bad", 9), ok("empty", 9)}),  // unfinished: ignored
      run(2, "2026-11-28T03:00:00Z", "partial", {ok("good", 0), failed("bad", "HTTP 500"), ok("empty", 0)}),
      run(1, "2026-11-27T03:00:00Z", "ok", {ok("good", 3), ok("bad", 2), ok("empty", 1), ok("young", 0)}),
  };
  auto r = buildFreshnessReport(5, runs, kNow, {});
  EXPECT_EQ(lines(r), (std::vector<std::string>{
                          "OK: 5 upcoming tournaments",
                          "OK: Last successful run #5 finished 8h58m ago (at most 36h)",
                          "ALERT: Source bad failed or returned nothing in its last 3 runs (latest: failed: "
                          "connection refused)",
                          "ALERT: Source empty failed or returned nothing in its last 3 runs (latest: 0 events)"}));
  ASSERT_EQ(r.findings[2].examples.size(), 3u);
  EXPECT_EQ(r.findings[2].examples[0].id, 5);
  EXPECT_EQ(r.findings[2].examples[0].source, "bad");
  EXPECT_EQ(r.findings[2].examples[1].title, "0 events");
  EXPECT_EQ(r.findings[2].examples[2].id, 2);
}

TEST(Freshness, NotModifiedIsNotEmpty) {
  SourceRun nm{"quiet", "not_modified", 304, 0, 0, 0.1, ""};
  std::vector<IngestRun> runs = {run(3, "2026-12-01T03:00:00Z", "ok", {nm}), run(2, "2026-11-30T03:00:00Z", "ok", {nm}),
                                 run(1, "2026-11-29T03:00:00Z", "ok", {nm})};
  EXPECT_EQ(exitCode(buildFreshnessReport(5, runs, kNow, {})), 0);
}

}  // namespace
}  // namespace pft::monitoring
