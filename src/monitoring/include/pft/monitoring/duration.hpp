#pragma once
// Durations as operators write them on the command line: "30d", "12h", "2w",
// "90m", "45s", and sums such as "1d12h". Pure; thread-safe.

#include <chrono>
#include <string>
#include <string_view>

#include "pft/core/result.hpp"

namespace pft::monitoring {

// Parses a non-negative duration; units s, m, h, d, w (lower case). An empty
// text, a number without unit, an unknown unit or an overflow is
// kInvalidArgument whose message shows the accepted forms.
Result<std::chrono::seconds> parseDuration(std::string_view text);

// A latency threshold: "1" or "1s" (seconds, decimals allowed: "0.5", "1.5s")
// or "500ms". Must be positive; else kInvalidArgument.
Result<std::chrono::milliseconds> parseLatency(std::string_view text);

// Compact rendering for messages: "36h", "1h30m", "45s", "1d", "3d", "2w", "0s".
// Whole days as days (whole weeks from two weeks on: 7d stays "7d"), other
// durations from two days on as days and hours, below that hours and minutes.
std::string formatDuration(std::chrono::seconds d);

// Seconds with `decimals` digits and an "s": formatSeconds(0.0041, 3) == "0.004s".
std::string formatSeconds(double seconds, int decimals);

}  // namespace pft::monitoring
