// `pft ingest`: delivered by issue #3. Until then it says so and exits 2.

#include <cstdio>

#include "context.hpp"

namespace pft::app {

void registerIngest(CLI::App& app, const GlobalOptions&, int& exit_code) {
  auto* cmd = app.add_subcommand("ingest", "(not available yet: issue #3)");
  cmd->allow_extras();
  cmd->callback([&exit_code] {
    std::fprintf(stderr, "pft ingest: not available yet (issue #3)\n");
    exit_code = kExitUsage;
  });
}

}  // namespace pft::app
