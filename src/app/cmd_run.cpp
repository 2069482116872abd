// `pft run`: delivered by issue #6. Until then it says so and exits 2.

#include <cstdio>

#include "context.hpp"

namespace pft::app {

void registerRun(CLI::App& app, const GlobalOptions&, int& exit_code) {
  auto* cmd = app.add_subcommand("run", "(not available yet: issue #6)");
  cmd->allow_extras();
  cmd->callback([&exit_code] {
    std::fprintf(stderr, "pft run: not available yet (issue #6)\n");
    exit_code = kExitUsage;
  });
}

}  // namespace pft::app
