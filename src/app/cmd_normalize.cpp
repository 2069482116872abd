// `pft normalize`: delivered by issue #4. Until then it says so and exits 2.

#include <cstdio>

#include "context.hpp"

namespace pft::app {

void registerNormalize(CLI::App& app, const GlobalOptions&, int& exit_code) {
  auto* cmd = app.add_subcommand("normalize", "(not available yet: issue #4)");
  cmd->allow_extras();
  cmd->callback([&exit_code] {
    std::fprintf(stderr, "pft normalize: not available yet (issue #4)\n");
    exit_code = kExitUsage;
  });
}

}  // namespace pft::app
