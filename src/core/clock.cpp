#include "pft/core/clock.hpp"

namespace pft {

Instant SystemClock::now() const {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace pft
