// pft_bench_api_serve: ApiServer on a database, without the rest of `pft`
// (no pipeline runner), so that the API can be benchmarked while other
// modules are being changed. Usage: pft_bench_api_serve DATABASE_URL PORT
// Stops on SIGTERM / SIGINT.

#include <cstdio>
#include <cstdlib>

#include "pft/api/server.hpp"
#include "pft/core/clock.hpp"
#include "pft/core/config.hpp"
#include "pft/store/store.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s DATABASE_URL PORT\n", argv[0]);
    return 2;
  }
  auto url = pft::parseDatabaseUrl(argv[1]);
  if (!url) {
    std::fprintf(stderr, "%s\n", url.error().describe().c_str());
    return 2;
  }
  auto store = pft::store::openMigratedStore(*url);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().describe().c_str());
    return 1;
  }
  pft::SystemClock clock;
  pft::api::ServerOptions options;
  options.port = static_cast<std::uint16_t>(std::atoi(argv[2]));
  pft::api::ApiServer server(**store, clock, nullptr, options);
  auto r = server.runUntilSignal();
  if (!r) {
    std::fprintf(stderr, "%s\n", r.error().describe().c_str());
    return 1;
  }
  return 0;
}
