// `pft purge --past --older-than 30d [--dry-run]`: deletes past tournaments
// that ended before now - age, in one transaction; venues stay. Exit 0 done,
// 1 database failure, 2 bad flags.

#include <cstdio>
#include <string>

#include "context.hpp"
#include "pft/monitoring/duration.hpp"
#include "pft/monitoring/purge.hpp"
#include "pft/store/store.hpp"

namespace pft::app {

void registerPurge(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  struct Opts {
    bool past = false;
    std::string older_than;
    bool dry_run = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "purge",
      "Delete past tournaments that ended more than --older-than ago (one transaction; venues stay).\n"
      "Example: pft purge --past --older-than 30d --dry-run");
  cmd->add_flag("--past", o->past, "Purge past tournaments (required: the only kind of purge)");
  cmd->add_option("--older-than", o->older_than, "Age threshold: 30d, 12h, 2w, 1d12h (required)")->required();
  cmd->add_flag("--dry-run", o->dry_run, "Count what would be deleted; change nothing");
  cmd->callback([&g, &exit_code, o] {
    if (!o->past) throw ExitError(kExitUsage, "purge: say what to purge: --past (past tournaments)");
    auto age = monitoring::parseDuration(o->older_than);
    if (!age) throw ExitError(kExitUsage, "--older-than: " + age.error().message);
    Context ctx = loadContext(g);
    auto store = store::openMigratedStore(ctx.config.database);
    if (!store) throw ExitError(kExitFailure, "DATABASE_URL: " + store.error().describe());
    auto outcome = monitoring::purgePast(**store, ctx.clock->now(), *age, o->dry_run);
    if (!outcome) throw ExitError(kExitFailure, "purge: " + outcome.error().describe());
    std::printf("%s\n", monitoring::describePurge(*outcome, *age).c_str());
    exit_code = kExitOk;
  });
}

}  // namespace pft::app
