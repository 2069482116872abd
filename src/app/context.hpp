#pragma once
// What every `pft` subcommand shares: global flags, the loaded configuration,
// the clock (system, or fixed by --now / PFT_NOW), and the exit codes.
// Private to src/app (wiring only).

#include <memory>
#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>

#include "pft/core/clock.hpp"
#include "pft/core/config.hpp"

namespace pft::app {

// Exit codes, listed in README.md.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;      // operational failure / ALERT found
inline constexpr int kExitUsage = 2;        // bad flag, variable or catalog; cannot check
inline constexpr int kExitConflict = 3;     // another run holds the pipeline lock

struct GlobalOptions {
  std::string env_file = ".env";  // --env-file
  std::string now;                // --now (overrides PFT_NOW)
  std::string log_level;          // --log-level (overrides LOG_LEVEL)
};

// Thrown by a command to end `pft` with `code` after printing `message`
// (one line, naming the flag, variable or file at fault) on stderr.
struct ExitError : std::runtime_error {
  ExitError(int code, const std::string& message) : std::runtime_error(message), exit_code(code) {}
  int exit_code;
};

struct Context {
  Config config;
  std::unique_ptr<Clock> clock;
};

// Loads .env + environment, applies global flags, sets the log level, builds
// the clock. Throws ExitError(kExitUsage) on a malformed value.
Context loadContext(const GlobalOptions& options);

// Each subcommand file registers itself; the callback stores the exit code in
// `exit_code`.
void registerMigrate(CLI::App& app, const GlobalOptions& g, int& exit_code);
void registerIngest(CLI::App& app, const GlobalOptions& g, int& exit_code);
void registerNormalize(CLI::App& app, const GlobalOptions& g, int& exit_code);
void registerRun(CLI::App& app, const GlobalOptions& g, int& exit_code);
void registerServe(CLI::App& app, const GlobalOptions& g, int& exit_code);
void registerMonitor(CLI::App& app, const GlobalOptions& g, int& exit_code);
void registerPurge(CLI::App& app, const GlobalOptions& g, int& exit_code);
void registerStatus(CLI::App& app, const GlobalOptions& g, int& exit_code);
void registerSources(CLI::App& app, const GlobalOptions& g, int& exit_code);

}  // namespace pft::app
