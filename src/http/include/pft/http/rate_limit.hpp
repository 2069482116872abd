#pragma once
// RateLimiter: at most `max_events` accepted events per key (a client
// address) within a sliding window; the ones beyond are refused with the
// time until the oldest leaves the window. In memory, per process: with
// several replicas each counts its own (the limit is a brake on a flood
// from one address, not an accounting). Memory is bounded: past
// `max_keys` keys, the keys whose window is empty are dropped, then the
// oldest ones.
// Thread-safe.

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace pft::http {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  RateLimiter(int max_events, std::chrono::seconds window, std::size_t max_keys = 100000);

  // Records an event of `key` at `now` when the key is under its limit and
  // returns 0; otherwise records nothing and returns how long until it may
  // try again (at least 1 s).
  std::chrono::seconds take(const std::string& key, Clock::time_point now);

  int maxEvents() const { return max_events_; }
  std::chrono::seconds window() const { return window_; }

 private:
  void prune(Clock::time_point now);

  int max_events_;
  std::chrono::seconds window_;
  std::size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> events_;
};

}  // namespace pft::http
