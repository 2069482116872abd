#include "pft/monitoring/report.hpp"

#include <nlohmann/json.hpp>

#include <utility>

namespace pft::monitoring {

Finding okFinding(std::string check, const std::string& message, std::int64_t count) {
  Finding f;
  f.check = std::move(check);
  f.severity = Severity::kOk;
  f.line = "OK: " + message;
  f.count = count;
  return f;
}

Finding alertFinding(std::string check, const std::string& message, std::int64_t count,
                     std::vector<Example> examples) {
  Finding f;
  f.check = std::move(check);
  f.severity = Severity::kAlert;
  f.line = "ALERT: " + message;
  f.count = count;
  if (examples.size() > kMaxExamples) examples.resize(kMaxExamples);
  f.examples = std::move(examples);
  return f;
}

MonitorReport cannotCheckReport(std::string monitor, std::string error) {
  MonitorReport r;
  r.monitor = std::move(monitor);
  r.cannot_check = true;
  r.error = std::move(error);
  return r;
}

int exitCode(const MonitorReport& report) {
  if (report.cannot_check) return 2;
  for (const auto& f : report.findings) {
    if (f.severity == Severity::kAlert) return 1;
  }
  return 0;
}

std::vector<std::string> alertLines(const MonitorReport& report) {
  std::vector<std::string> lines;
  for (const auto& f : report.findings) {
    if (f.severity == Severity::kAlert) lines.push_back(f.line);
  }
  if (report.cannot_check) lines.push_back("ALERT: Cannot check: " + report.error);
  return lines;
}

namespace {

std::string exampleLine(const Example& e) {
  std::string s = "  -";
  if (e.id != 0) s += " #" + std::to_string(e.id);
  auto add = [&s](const std::string& part, bool first) {
    if (part.empty()) return;
    s += first ? " " : " | ";
    s += part;
  };
  bool first = true;
  for (const std::string* part : {&e.title, &e.venue, &e.date, &e.source}) {
    if (part->empty()) continue;
    add(*part, first);
    first = false;
  }
  return s;
}

}  // namespace

std::string formatText(const MonitorReport& report) {
  std::string out;
  for (const auto& f : report.findings) {
    out += f.line;
    out += '\n';
    if (f.severity != Severity::kAlert) continue;
    for (const auto& e : f.examples) {
      out += exampleLine(e);
      out += '\n';
    }
  }
  if (report.cannot_check) out += "ALERT: Cannot check: " + report.error + "\n";
  return out;
}

std::string formatJson(const MonitorReport& report) {
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : report.findings) {
    nlohmann::json examples = nlohmann::json::array();
    for (const auto& e : f.examples) {
      examples.push_back({{"id", e.id}, {"title", e.title}, {"venue", e.venue}, {"date", e.date}, {"source", e.source}});
    }
    findings.push_back({{"check", f.check},
                        {"severity", f.severity == Severity::kAlert ? "ALERT" : "OK"},
                        {"line", f.line},
                        {"count", f.count},
                        {"examples", std::move(examples)}});
  }
  int code = exitCode(report);
  nlohmann::json j = {{"monitor", report.monitor},
                      {"status", code == 0 ? "ok" : code == 1 ? "alert" : "cannot_check"},
                      {"exit_code", code},
                      {"cannot_check", report.cannot_check},
                      {"error", report.error},
                      {"findings", std::move(findings)}};
  // Titles come from scraped pages: never let a stray byte abort the report.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string plural(std::int64_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

}  // namespace pft::monitoring
