#include "pft/monitoring/duration.hpp"
#include "pft/monitoring/report.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace pft::monitoring {
namespace {

std::vector<std::vector<std::string>> readTsv(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    while (cols.size() < 3) cols.emplace_back();
    rows.push_back(cols);
  }
  return rows;
}

TEST(Duration, TableOfAcceptedAndRejectedForms) {
  auto rows = readTsv(std::string(PFT_SOURCE_DIR) + "/tests/data/monitoring/durations.tsv");
  ASSERT_GE(rows.size(), 10u);
  for (const auto& row : rows) {
    auto d = parseDuration(row[0]);
    if (row[1] == "!") {
      EXPECT_FALSE(d.has_value()) << "'" << row[0] << "' should be rejected: " << row[2];
      if (!d) {
        EXPECT_EQ(d.error().code, ErrorCode::kInvalidArgument);
        EXPECT_NE(d.error().message.find("30d"), std::string::npos) << d.error().message;
      }
    } else {
      ASSERT_TRUE(d.has_value()) << row[0] << ": " << d.error().message;
      EXPECT_EQ(d->count(), std::stoll(row[1])) << row[0] << " (" << row[2] << ")";
    }
  }
}

TEST(Duration, FormatsCompactly) {
  using std::chrono::seconds;
  EXPECT_EQ(formatDuration(seconds{36 * 3600}), "36h");
  EXPECT_EQ(formatDuration(seconds{5400}), "1h30m");
  EXPECT_EQ(formatDuration(seconds{30 * 86400}), "30d");
  EXPECT_EQ(formatDuration(seconds{14 * 86400}), "2w");
  EXPECT_EQ(formatDuration(seconds{7 * 86400}), "7d");
  EXPECT_EQ(formatDuration(seconds{86400}), "1d");
  EXPECT_EQ(formatDuration(seconds{86400 + 3600}), "25h");
  EXPECT_EQ(formatDuration(seconds{2 * 86400 + 3 * 3600 + 59}), "2d3h");
  EXPECT_EQ(formatDuration(seconds{45}), "45s");
  EXPECT_EQ(formatDuration(seconds{0}), "0s");
  EXPECT_EQ(formatSeconds(0.0041, 3), "0.004s");
  EXPECT_EQ(formatSeconds(1.4249, 2), "1.42s");
}

TEST(Duration, LatencyInSecondsOrMilliseconds) {
  EXPECT_EQ(parseLatency("1")->count(), 1000);
  EXPECT_EQ(parseLatency("1s")->count(), 1000);
  EXPECT_EQ(parseLatency("0.5")->count(), 500);
  EXPECT_EQ(parseLatency("1.25s")->count(), 1250);
  EXPECT_EQ(parseLatency("500ms")->count(), 500);
  for (const char* bad : {"", "0", "-1", "1m", "abc", "1..2", "ms", "s"}) {
    EXPECT_FALSE(parseLatency(bad).has_value()) << bad;
  }
}

MonitorReport sample() {
  MonitorReport r;
  r.monitor = "anomalies";
  r.findings.push_back(okFinding("upcoming", "12 upcoming tournaments", 12));
  r.findings.push_back(alertFinding("duplicates", "1 duplicate event (same venue, title and date)", 1,
                                    {Example{7, "Deepstack", "Casino X (Lyon)", "2026-12-05T20:00:00+01:00", "src"},
                                     Example{0, "", "Club Y", "", ""}}));
  return r;
}

TEST(Report, ExitCodesFollowTheWorstFinding) {
  MonitorReport ok;
  ok.findings.push_back(okFinding("x", "fine"));
  EXPECT_EQ(exitCode(ok), 0);
  EXPECT_EQ(exitCode(sample()), 1);
  MonitorReport cannot = cannotCheckReport("freshness", "database unreachable: boom");
  EXPECT_EQ(exitCode(cannot), 2);
  cannot.findings.push_back(okFinding("x", "fine"));
  EXPECT_EQ(exitCode(cannot), 2) << "cannot check is never OK";
}

TEST(Report, TextHasOneLinePerFindingAndIndentedExamples) {
  EXPECT_EQ(formatText(sample()),
            "OK: 12 upcoming tournaments\n"
            "ALERT: 1 duplicate event (same venue, title and date)\n"
            "  - #7 Deepstack | Casino X (Lyon) | 2026-12-05T20:00:00+01:00 | src\n"
            "  - Club Y\n");
  EXPECT_EQ(formatText(cannotCheckReport("freshness", "database unreachable: x")),
            "ALERT: Cannot check: database unreachable: x\n");
}

TEST(Report, AlertLinesIncludeCannotCheck) {
  auto r = sample();
  r.cannot_check = true;
  r.error = "API unreachable at http://x";
  EXPECT_EQ(alertLines(r), (std::vector<std::string>{"ALERT: 1 duplicate event (same venue, title and date)",
                                                      "ALERT: Cannot check: API unreachable at http://x"}));
}

TEST(Report, JsonCarriesStatusCountsAndExamples) {
  auto j = nlohmann::json::parse(formatJson(sample()));
  EXPECT_EQ(j["monitor"], "anomalies");
  EXPECT_EQ(j["status"], "alert");
  EXPECT_EQ(j["exit_code"], 1);
  ASSERT_EQ(j["findings"].size(), 2u);
  EXPECT_EQ(j["findings"][1]["check"], "duplicates");
  EXPECT_EQ(j["findings"][1]["severity"], "ALERT");
  EXPECT_EQ(j["findings"][1]["count"], 1);
  EXPECT_EQ(j["findings"][1]["examples"][0]["id"], 7);
  EXPECT_EQ(j["findings"][1]["examples"][0]["venue"], "Casino X (Lyon)");
  auto c = nlohmann::json::parse(formatJson(cannotCheckReport("endpoints", "API unreachable")));
  EXPECT_EQ(c["status"], "cannot_check");
  EXPECT_EQ(c["exit_code"], 2);
}

TEST(Report, AlertFindingKeepsAtMostFiveExamples) {
  std::vector<Example> many(9, Example{1, "t", "v", "d", "s"});
  EXPECT_EQ(alertFinding("x", "y", 9, many).examples.size(), kMaxExamples);
}

}  // namespace
}  // namespace pft::monitoring
