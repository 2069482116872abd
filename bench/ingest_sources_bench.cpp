// Whole-ingest wall time (issue #3 performance target): 200 sources on a
// loopback server that answers each after 200 ms, fetched with the real
// CurlHttpGet through runIngest, JSONL written. 100 hosts (ports) with two
// sources each, so both the global and the per-host limit are exercised;
// robots.txt answers 404 at once (one request per host).
//
// The argument is the global limit (per-host stays at its default, 2):
//   ingest_sources_bench                       # 8 and 16 (the default)
// Floor with limit L: 200 x 0.2 s / L (5.0 s for 8, 2.5 s for 16).
//
// Build (the lead wires it in bench/CMakeLists.txt):
//   add_executable(ingest_sources_bench ingest_sources_bench.cpp
//                  ${PROJECT_SOURCE_DIR}/src/ingestion/fetch_test_server.cpp)
//   target_include_directories(ingest_sources_bench PRIVATE ${PROJECT_SOURCE_DIR}/src/ingestion)
//   target_link_libraries(ingest_sources_bench PRIVATE pft::ingestion benchmark::benchmark spdlog::spdlog Threads::Threads)

#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "fetch_test_server.hpp"
#include "pft/core/clock.hpp"
#include "pft/core/time.hpp"
#include "pft/ingestion/curl_http.hpp"
#include "pft/ingestion/ingest.hpp"

namespace {

namespace fs = std::filesystem;
using pft::ingestion::testing::LoopbackHttpServer;
using pft::ingestion::testing::ScriptedResponse;

constexpr int kHosts = 100;
constexpr int kSourcesPerHost = 2;
constexpr auto kDelay = std::chrono::milliseconds(200);

std::string feed(int n) {
  std::string body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Club</title>";
  for (int i = 0; i < 5; ++i) {
    body += "<item><title>Tournoi " + std::to_string(n) + "-" + std::to_string(i) +
            "</title><link>https://club.example/t/" + std::to_string(i) +
            "</link><description>Samedi 12 décembre à 20h, buy-in 30 €</description></item>";
  }
  return body + "</channel></rss>";
}

void BM_IngestTwoHundredSlowSources(benchmark::State& state) {
  spdlog::set_level(spdlog::level::warn);  // one info line per source would drown the figures
  LoopbackHttpServer server(kHosts);
  server.respond("/robots.txt", ScriptedResponse{404, {}, ""});
  const fs::path dir = fs::temp_directory_path() / ("pft_ingest_bench_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    std::ofstream cat(dir / "catalog.yml");
    cat << "sources:\n";
    for (int h = 0; h < kHosts; ++h) {
      for (int s = 0; s < kSourcesPerHost; ++s) {
        const int n = h * kSourcesPerHost + s;
        const std::string path = "/feed" + std::to_string(n) + ".xml";
        ScriptedResponse r{200, {{"Content-Type", "application/rss+xml"}}, feed(n)};
        r.delay = kDelay;
        server.respond(path, r);
        cat << "  - {name: club-" << n << ", type: rss, url: \"" << server.url(path, static_cast<size_t>(h))
            << "\"}\n";
      }
    }
  }
  pft::ingestion::IngestOptions options;
  options.catalog_path = (dir / "catalog.yml").string();
  options.out_path = (dir / "raw_events.jsonl").string();
  options.state_path = "";
  options.global_limit = static_cast<int>(state.range(0));
  pft::ingestion::CurlHttpGet http(options.user_agent);
  pft::FixedClock clock(*pft::parseIsoInstant("2026-11-30T09:00:00+01:00"));

  std::int64_t events = 0;
  int failed = 0;
  for (auto _ : state) {
    auto report = pft::ingestion::runIngest(options, http, clock);
    if (!report) {
      state.SkipWithError(report.error().describe().c_str());
      break;
    }
    events = report->events;
    failed = report->failed();
  }
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  state.counters["sources"] = kHosts * kSourcesPerHost;
  state.counters["events"] = static_cast<double>(events);
  state.counters["failed"] = failed;
  state.counters["peak_rss_mb"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
  fs::remove_all(dir);
}

BENCHMARK(BM_IngestTwoHundredSlowSources)
    ->Arg(8)
    ->Arg(16)
    ->ArgName("global_limit")
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
