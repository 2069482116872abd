#include "metrics.hpp"

#include <fmt/format.h>

namespace pft::api {

void Metrics::record(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  auto it = routes_.find(std::string_view{route});
  if (it == routes_.end()) it = routes_.emplace(route, RouteStats{}).first;
  ++it->second.by_status[status];
  Histogram& h = it->second.latency;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::render(const Gauges& g) const {
  std::string out;
  out += "# HELP pft_http_requests_total HTTP requests by route pattern and status.\n";
  out += "# TYPE pft_http_requests_total counter\n";
  std::lock_guard lock(mutex_);
  for (const auto& [route, stats] : routes_) {
    for (const auto& [status, n] : stats.by_status) {
      out += fmt::format("pft_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", route, status, n);
    }
  }
  out += "# HELP pft_http_request_duration_seconds Time to answer a request, by route pattern.\n";
  out += "# TYPE pft_http_request_duration_seconds histogram\n";
  for (const auto& [route, stats] : routes_) {
    const Histogram& h = stats.latency;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out += fmt::format("pft_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", route,
                         kBuckets[i], h.buckets[i]);
    }
    out += fmt::format("pft_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", route, h.count);
    out += fmt::format("pft_http_request_duration_seconds_sum{{route=\"{}\"}} {:.6f}\n", route, h.sum);
    out += fmt::format("pft_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", route, h.count);
  }
  out += "# HELP pft_tournaments_upcoming Tournaments not finished, in the served snapshot.\n";
  out += "# TYPE pft_tournaments_upcoming gauge\n";
  out += fmt::format("pft_tournaments_upcoming {}\n", g.tournaments_upcoming);
  out += "# HELP pft_last_successful_ingest_timestamp_seconds End of the last ok/partial run (unix time, 0 = none).\n";
  out += "# TYPE pft_last_successful_ingest_timestamp_seconds gauge\n";
  out += fmt::format("pft_last_successful_ingest_timestamp_seconds {:.0f}\n", g.last_successful_ingest_seconds);
  out += "# HELP pft_database_up 1 when the last database check succeeded.\n";
  out += "# TYPE pft_database_up gauge\n";
  out += fmt::format("pft_database_up {}\n", g.database_up ? 1 : 0);
  out += "# HELP pft_snapshot_data_version Data version of the served snapshot.\n";
  out += "# TYPE pft_snapshot_data_version gauge\n";
  out += fmt::format("pft_snapshot_data_version {}\n", g.snapshot_data_version);
  out += "# HELP pft_snapshot_loaded_timestamp_seconds When the served snapshot was loaded (unix time).\n";
  out += "# TYPE pft_snapshot_loaded_timestamp_seconds gauge\n";
  out += fmt::format("pft_snapshot_loaded_timestamp_seconds {:.0f}\n", g.snapshot_loaded_seconds);
  out += "# HELP pft_http_requests_in_flight Requests being answered.\n";
  out += "# TYPE pft_http_requests_in_flight gauge\n";
  out += fmt::format("pft_http_requests_in_flight {}\n", g.in_flight);
  return out;
}

}  // namespace pft::api
