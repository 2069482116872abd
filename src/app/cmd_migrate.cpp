// `pft migrate`: applies the schema migrations not yet applied. Idempotent.

#include <cstdio>

#include <fmt/format.h>

#include "context.hpp"
#include "pft/store/store.hpp"

namespace pft::app {

void registerMigrate(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "migrate",
      "Create or update the database schema (DATABASE_URL; default sqlite:var/pft.sqlite).\n"
      "Applies the migrations missing from schema_migrations; running it twice changes nothing.");
  cmd->callback([&g, &exit_code] {
    Context ctx = loadContext(g);
    auto store = store::openStore(ctx.config.database);
    if (!store) throw ExitError(kExitFailure, "DATABASE_URL: " + store.error().describe());
    auto applied = (*store)->migrate();
    if (!applied) throw ExitError(kExitFailure, "migrate: " + applied.error().describe());
    if (applied->empty()) {
      std::printf("Schema up to date (%s, %s)\n", (*store)->backendName().c_str(),
                  ctx.config.database.original.c_str());
    } else {
      std::string versions;
      for (int v : *applied) versions += (versions.empty() ? "" : ", ") + fmt::format("{:04}", v);
      std::printf("Applied migrations %s (%s, %s)\n", versions.c_str(), (*store)->backendName().c_str(),
                  ctx.config.database.original.c_str());
    }
    exit_code = kExitOk;
  });
}

}  // namespace pft::app
