#pragma once
// The ingestion module's spdlog logger "ingestion" (created on first use at
// the default logger's level, so LOG_LEVEL applies). Private to the module.

#include <memory>
#include <mutex>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace pft::ingestion::detail {

inline std::shared_ptr<spdlog::logger> logger() {
  static std::once_flag once;
  static std::shared_ptr<spdlog::logger> log;
  std::call_once(once, [] {
    log = spdlog::get("ingestion");
    if (!log) {
      log = spdlog::stderr_color_mt("ingestion");
      log->set_level(spdlog::default_logger()->level());
    }
  });
  return log;
}

}  // namespace pft::ingestion::detail
