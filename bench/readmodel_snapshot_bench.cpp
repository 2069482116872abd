// Snapshot indexing with and without series (issue 14 §2): indexSnapshot
// (sort, folded keys, finish instants, series) and groupSeries alone, on
// 50,000 synthetic tournaments over a year at 300 venues, one in ten a
// festival flight or side event. Run: build/bench/readmodel_snapshot_bench.

#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "pft/readmodel/series.hpp"
#include "pft/readmodel/snapshot.hpp"

namespace {

pft::readmodel::Snapshot makeSnapshot(int tournaments) {
  pft::readmodel::Snapshot s;
  std::mt19937 rng(42);
  for (int v = 1; v <= 300; ++v) {
    pft::Venue venue;
    venue.id = v;
    venue.name = "Casino " + std::to_string(v);
    venue.city = "Ville " + std::to_string(v % 40);
    venue.department = "Département";
    venue.department_code = std::to_string(1 + v % 95);
    venue.region = "Région";
    s.venues.push_back(venue);
  }
  const char* weekly[] = {"Deepstack du mardi", "Tournoi du soir - 20 €", "PLO Night", "Bounty Hunter",
                          "Freeroll du dimanche", "Turbo Hebdo"};
  const char* flights[] = {"Main Event Day 1A", "Main Event Day 1B", "Jour 2", "Finale", "Side event PLO",
                           "Satellite Main Event", "High Roller"};
  const pft::Instant t0{std::chrono::seconds{1796083200}};  // 2026-12-01
  for (int i = 0; i < tournaments; ++i) {
    pft::Tournament t;
    t.id = i + 1;
    t.venue_id = 1 + static_cast<int>(rng() % 300);
    int day = static_cast<int>(rng() % 365);
    t.start = t0 + std::chrono::days{day} + std::chrono::hours{12 + rng() % 10};
    if (rng() % 10 == 0) {
      t.title = "Festival " + std::to_string(t.venue_id) + " - " + flights[rng() % 7];
    } else {
      t.title = weekly[rng() % 6];
    }
    s.tournaments.push_back(std::move(t));
  }
  return s;
}

void BM_IndexSnapshot(benchmark::State& state) {
  const auto base = makeSnapshot(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    state.PauseTiming();
    auto s = base;
    state.ResumeTiming();
    pft::readmodel::indexSnapshot(s);
    benchmark::DoNotOptimize(s.series.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_IndexSnapshot)->Arg(50000)->Unit(benchmark::kMillisecond);

// What indexSnapshot spends on series: its tournaments are sorted by then.
void BM_GroupSeries(benchmark::State& state) {
  auto s = makeSnapshot(static_cast<int>(state.range(0)));
  pft::readmodel::indexSnapshot(s);
  for (auto _ : state) {
    auto g = pft::readmodel::groupSeries(s.tournaments);
    benchmark::DoNotOptimize(g.series.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_GroupSeries)->Arg(50000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
