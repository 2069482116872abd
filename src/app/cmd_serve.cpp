// `pft serve`: delivered by issue #5. Until then it says so and exits 2.

#include <cstdio>

#include "context.hpp"

namespace pft::app {

void registerServe(CLI::App& app, const GlobalOptions&, int& exit_code) {
  auto* cmd = app.add_subcommand("serve", "(not available yet: issue #5)");
  cmd->allow_extras();
  cmd->callback([&exit_code] {
    std::fprintf(stderr, "pft serve: not available yet (issue #5)\n");
    exit_code = kExitUsage;
  });
}

}  // namespace pft::app
