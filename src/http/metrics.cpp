#include "pft/http/metrics.hpp"

#include <fmt/format.h>

namespace pft::http {

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

std::string Metrics::render(const std::vector<Gauge>& gauges) const {
  std::string out;
  out += "# HELP pft_http_requests_total HTTP requests by route pattern and status.\n";
  out += "# TYPE pft_http_requests_total counter\n";
  {
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
  }
  for (const auto& g : gauges) {
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", g.name, g.help, g.name, g.name, g.value);
  }
  return out;
}

}  // namespace pft::http
