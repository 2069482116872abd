#include "pft/http/rate_limit.hpp"

#include <gtest/gtest.h>

namespace pft::http {
namespace {

using namespace std::chrono_literals;

TEST(RateLimiter, RefusesBeyondTheLimitUntilTheWindowSlides) {
  RateLimiter limiter(3, 60s);
  const auto t0 = RateLimiter::Clock::time_point{} + 1000s;
  EXPECT_EQ(limiter.take("a", t0), 0s);
  EXPECT_EQ(limiter.take("a", t0 + 10s), 0s);
  EXPECT_EQ(limiter.take("a", t0 + 20s), 0s);
  EXPECT_EQ(limiter.take("a", t0 + 30s), 30s) << "the first event leaves the window at t0 + 60 s";
  EXPECT_EQ(limiter.take("b", t0 + 30s), 0s) << "per key";
  EXPECT_EQ(limiter.take("a", t0 + 59s), 1s);
  EXPECT_EQ(limiter.take("a", t0 + 60s), 0s) << "a refused attempt is not counted";
  EXPECT_EQ(limiter.take("a", t0 + 61s), 9s);
}

TEST(RateLimiter, MemoryStaysBounded) {
  RateLimiter limiter(1, 60s, 4);
  const auto t0 = RateLimiter::Clock::time_point{} + 1000s;
  for (int i = 0; i < 100; ++i) EXPECT_EQ(limiter.take("k" + std::to_string(i), t0 + std::chrono::seconds(i)), 0s);
  // The newest keys are still limited; the oldest were forgotten.
  EXPECT_GT(limiter.take("k99", t0 + 100s), 0s);
  EXPECT_EQ(limiter.take("k0", t0 + 100s), 0s);
}

}  // namespace
}  // namespace pft::http
