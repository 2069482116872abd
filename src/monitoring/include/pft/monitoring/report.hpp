#pragma once
// MonitorReport: what every `pft monitor` check returns, and its two renderings
// (prototype-style text lines, JSON for machines). A report is a plain value:
// a list of findings, each OK or ALERT with a count and up to five examples,
// and a `cannot_check` flag for when the database or the API could not be
// reached (never reported as OK). Pure; thread-safe.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace pft::monitoring {

enum class Severity { kOk, kAlert };

// One thing a finding points at: a tournament (id, title, venue, start date,
// source), a venue (id, venue) or a source (source, date of its last run).
struct Example {
  std::int64_t id = 0;
  std::string title;
  std::string venue;
  std::string date;
  std::string source;
};

inline constexpr std::size_t kMaxExamples = 5;

struct Finding {
  std::string check;  // stable name for machines: "upcoming", "duplicates", "/health", ...
  Severity severity = Severity::kOk;
  std::string line;   // full line with its prefix: "OK: 12 upcoming tournaments"
  std::int64_t count = 0;
  std::vector<Example> examples;  // at most kMaxExamples
};

struct MonitorReport {
  std::string monitor;  // "freshness", "endpoints", "anomalies"
  std::vector<Finding> findings;
  bool cannot_check = false;
  std::string error;  // why it could not check (database or API unreachable)
};

// Builders used by the checks: `message` without prefix.
Finding okFinding(std::string check, const std::string& message, std::int64_t count = 0);
Finding alertFinding(std::string check, const std::string& message, std::int64_t count = 0,
                     std::vector<Example> examples = {});
MonitorReport cannotCheckReport(std::string monitor, std::string error);

// 0 when every finding is OK, 1 when at least one is ALERT, 2 when the
// monitor could not check (whatever the findings say).
int exitCode(const MonitorReport& report);

// The ALERT lines, plus "ALERT: Cannot check: <error>" when cannot_check:
// what --notify posts.
std::vector<std::string> alertLines(const MonitorReport& report);

// One line per finding, examples indented below their ALERT line
// ("  - #12 Title | Venue | 2026-12-05T20:00:00+01:00 | source"), then the
// cannot-check line. Every line ends with '\n'.
std::string formatText(const MonitorReport& report);

// {"monitor", "status": "ok"|"alert"|"cannot_check", "exit_code", "error",
//  "findings": [{"check", "severity": "OK"|"ALERT", "line", "count",
//                "examples": [{"id", "title", "venue", "date", "source"}]}]}
// on one line, followed by '\n'.
std::string formatJson(const MonitorReport& report);

// "1 tournament" / "3 tournaments": English plural with an s.
std::string plural(std::int64_t n, const std::string& noun);

}  // namespace pft::monitoring
