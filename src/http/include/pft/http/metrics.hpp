#pragma once
// Request metrics for /metrics (Prometheus text format 0.0.4): requests by
// route and status and a latency histogram by route, recorded by the
// Router, plus gauges the application fills at scrape time. Thread-safe;
// recording is one short mutex section.

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace pft::http {

// One gauge line: `name value`, with its HELP text. `value` is written as is.
struct Gauge {
  std::string name;
  std::string help;
  std::string value;
};

class Metrics {
 public:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  void record(const std::string& route, int status, double seconds);
  // Counters and histograms, then `gauges` in their order.
  std::string render(const std::vector<Gauge>& gauges) const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  struct RouteStats {
    std::map<int, std::uint64_t> by_status;
    Histogram latency;
  };
  mutable std::mutex mutex_;
  std::map<std::string, RouteStats, std::less<>> routes_;  // transparent: no allocation on lookup
};

}  // namespace pft::http
