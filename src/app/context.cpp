#include "context.hpp"

#include <spdlog/spdlog.h>

#include "pft/core/time.hpp"

namespace pft::app {

Context loadContext(const GlobalOptions& options) {
  auto dotenv = readDotEnv(options.env_file);
  if (!dotenv) throw ExitError(kExitUsage, dotenv.error().describe());
  EnvMap env = mergeEnv(*dotenv, processEnvironment());
  if (!options.now.empty()) env["PFT_NOW"] = options.now;
  if (!options.log_level.empty()) env["LOG_LEVEL"] = options.log_level;
  auto config = loadConfig(env);
  if (!config) {
    const auto& e = config.error();
    // --now and --log-level are reported under the flag the user typed.
    std::string where = e.where;
    if (where == "PFT_NOW" && !options.now.empty()) where = "--now";
    if (where == "LOG_LEVEL" && !options.log_level.empty()) where = "--log-level";
    throw ExitError(kExitUsage, where + ": " + e.message);
  }
  Context ctx;
  ctx.config = std::move(*config);
  spdlog::set_level(spdlog::level::from_str(ctx.config.log_level));
  // One event per line, key=value, on stderr (library code never writes stdout).
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S%z level=%l logger=%n %v");
  if (!ctx.config.pft_now.empty()) {
    ctx.clock = std::make_unique<FixedClock>(*parseIsoInstant(ctx.config.pft_now));
  } else {
    ctx.clock = std::make_unique<SystemClock>();
  }
  return ctx;
}

}  // namespace pft::app
