#pragma once
// Clock: the only way code learns "now" (STYLE.md §7). SystemClock reads the
// real clock; FixedClock returns what it was given (replays with --now, tests).
// Both are thread-safe.

#include "pft/core/time.hpp"

namespace pft {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant now() const override;
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(Instant t) : t_(t) {}
  Instant now() const override { return t_; }

 private:
  Instant t_;
};

}  // namespace pft
