#include "pft/http/rate_limit.hpp"

#include <algorithm>
#include <vector>

namespace pft::http {

RateLimiter::RateLimiter(int max_events, std::chrono::seconds window, std::size_t max_keys)
    : max_events_(std::max(1, max_events)), window_(window), max_keys_(std::max<std::size_t>(1, max_keys)) {}

std::chrono::seconds RateLimiter::take(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (events_.size() >= max_keys_ && events_.find(key) == events_.end()) prune(now);
  auto& times = events_[key];
  while (!times.empty() && now - times.front() >= window_) times.pop_front();
  if (static_cast<int>(times.size()) < max_events_) {
    times.push_back(now);
    return std::chrono::seconds{0};
  }
  const auto wait = std::chrono::ceil<std::chrono::seconds>(times.front() + window_ - now);
  return std::max(wait, std::chrono::seconds{1});
}

void RateLimiter::prune(Clock::time_point now) {
  for (auto it = events_.begin(); it != events_.end();) {
    if (it->second.empty() || now - it->second.back() >= window_) {
      it = events_.erase(it);
    } else {
      ++it;
    }
  }
  if (events_.size() < max_keys_) return;
  // Still full of active keys: drop the half whose last event is oldest.
  std::vector<std::pair<Clock::time_point, std::string>> by_age;
  by_age.reserve(events_.size());
  for (const auto& [k, v] : events_) by_age.emplace_back(v.back(), k);
  std::sort(by_age.begin(), by_age.end());
  for (std::size_t i = 0; i < by_age.size() / 2 + 1 && i < by_age.size(); ++i) events_.erase(by_age[i].second);
}

}  // namespace pft::http
