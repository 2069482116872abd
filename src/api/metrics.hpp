#pragma once
// Request metrics for /metrics (Prometheus text format 0.0.4): requests by
// route and status, a latency histogram by route, and gauges filled at
// scrape time. Thread-safe; recording is one short mutex section.

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace pft::api {

struct Gauges {
  std::int64_t tournaments_upcoming = 0;
  double last_successful_ingest_seconds = 0;  // unix time; 0 = none
  bool database_up = false;
  std::int64_t snapshot_data_version = 0;
  double snapshot_loaded_seconds = 0;
  std::int64_t in_flight = 0;
};

class Metrics {
 public:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  void record(const std::string& route, int status, double seconds);
  std::string render(const Gauges& g) const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  struct RouteStats {
    std::map<int, std::uint64_t> by_status;
    Histogram latency;
  };
  std::map<std::string, RouteStats, std::less<>> routes_;  // transparent: no allocation on lookup
};

}  // namespace pft::api
