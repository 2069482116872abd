#pragma once
// Private to normalize: the module's one named logger, "normalize" (stderr,
// key=value lines; its level comes from the command's configuration).
// Thread-safe.

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>

namespace pft::normalize::detail {

inline std::shared_ptr<spdlog::logger> logger() {
  auto l = spdlog::get("normalize");
  if (l) return l;
  try {
    return spdlog::stderr_logger_mt("normalize");
  } catch (const spdlog::spdlog_ex&) {  // created meanwhile by another thread
    return spdlog::get("normalize");
  }
}

}  // namespace pft::normalize::detail
