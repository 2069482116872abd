#pragma once
// The http module's spdlog logger "http" (created on first use, level from
// LOG_LEVEL like every logger). Private to the module.

#include <memory>
#include <mutex>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace pft::http::detail {

inline std::shared_ptr<spdlog::logger> logger() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (!spdlog::get("http")) spdlog::stderr_color_mt("http");
  });
  auto log = spdlog::get("http");
  return log ? log : spdlog::default_logger();
}

}  // namespace pft::http::detail
