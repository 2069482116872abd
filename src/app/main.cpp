// pft: the Poker France Tournaments command line. Wiring only: each
// subcommand lives in its cmd_*.cpp; exit codes are in context.hpp.

#include <malloc.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>

#include "context.hpp"
#include "stop_signals.hpp"

namespace {

// The subcommand named on the command line ("" when none): the first
// argument that is not an option or the value of a global option.
std::string commandOf(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--env-file" || arg == "--now" || arg == "--log-level") {
      ++i;  // skip the option's value
      continue;
    }
    if (!arg.empty() && arg[0] != '-') return arg;
  }
  return "";
}

// `pft normalize` (and `pft run`, which normalises) touches about 120 MB
// once for 100,000 lines; on virtual machines a page fault is dear (a
// tenth of the run on the development VM). glibc's malloc asks the kernel
// for transparent huge pages when GLIBC_TUNABLES says glibc.malloc.hugetlb=1,
// a setting it reads only when the process starts: these commands start
// themselves again once with it (same pid, same arguments). A
// GLIBC_TUNABLES already set, even empty, is left alone and disables this.
// 31,600 -> 13,800 page faults, 0.86 of the wall time (bench/README.md).
void restartWithHugePages(int argc, char** argv) {
  if (std::getenv("GLIBC_TUNABLES") != nullptr) return;
  const std::string command = commandOf(argc, argv);
  if (command != "normalize" && command != "run") return;
  char self[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return;
  self[n] = '\0';
  if (setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 0) != 0) return;
  execv(self, argv);
  unsetenv("GLIBC_TUNABLES");  // exec failed: carry on without
}

}  // namespace

int main(int argc, char** argv) {
  using namespace pft::app;
  restartWithHugePages(argc, argv);
  // Blocks of 1 MiB and more (batches of tournaments, COPY buffers, pages of
  // JSON) get their own mapping, returned to the system when freed. Left to
  // itself, glibc raises that threshold after the first such block is freed
  // and serves the next ones from the heap, where they stay: a 100,000-event
  // normalise peaked at 180 MB instead of 120 MB.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  // SIGTERM / SIGINT end every command, also as PID 1 in a container (`pft
  // serve` waits for them instead and stops gracefully).
  exitOnStopSignals();
  CLI::App app{
      "pft — Poker France Tournaments: ingest organisers' schedules, normalise them, serve them.\n"
      "Configuration comes from the environment and an optional .env file (see .env.example):\n"
      "  DATABASE_URL (default sqlite:var/pft.sqlite), GEOCODER_USER_AGENT, GEOCODER_MIN_DELAY_SECONDS,\n"
      "  NOMINATIM_URL, ADMIN_USERNAME, ADMIN_PASSWORD, API_URL, SLACK_WEBHOOK_URL, PORT/API_PORT, HOST,\n"
      "  CORS_ORIGINS, INGEST_USER_AGENT, LOG_LEVEL, PFT_NOW.\n"
      "Exit codes: 0 ok, 1 failure or ALERT, 2 usage/configuration error or cannot check, 3 run lock held.",
      "pft"};
  app.require_subcommand(1);
  GlobalOptions g;
  app.add_option("--env-file", g.env_file, "Read variables from this file (default .env; the environment wins)");
  app.add_option("--now", g.now, "ISO 8601 instant used as the current time (replays, tests); env PFT_NOW");
  app.add_option("--log-level", g.log_level, "trace|debug|info|warn|error|off (default warn); env LOG_LEVEL");

  int exit_code = kExitOk;
  registerMigrate(app, g, exit_code);
  registerIngest(app, g, exit_code);
  registerNormalize(app, g, exit_code);
  registerRun(app, g, exit_code);
  registerServe(app, g, exit_code);
  registerMonitor(app, g, exit_code);
  registerPurge(app, g, exit_code);
  registerStatus(app, g, exit_code);
  registerSources(app, g, exit_code);

  // CLI11 reports an unknown command as "A subcommand is required"; name it.
  if (const std::string command = commandOf(argc, argv); !command.empty()) {
    bool known = true;
    try {
      app.get_subcommand(command);
    } catch (const CLI::OptionNotFound&) {
      known = false;
    }
    if (!known) {
      std::fprintf(stderr, "pft: unknown command '%s'; see pft --help\n", command.c_str());
      return kExitUsage;
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  } catch (const ExitError& e) {
    if (e.what()[0] != '\0') std::fprintf(stderr, "pft: %s\n", e.what());
    return e.exit_code;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pft: unexpected error: %s\n", e.what());
    return kExitFailure;
  }
  return exit_code;
}
