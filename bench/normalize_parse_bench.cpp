// Throughput of the pure normalize parsers (parseWhen, parseBuyIn, classify)
// on realistic raw-event strings. The --dry-run target of issue #4 is 100,000
// events per second on one core for the whole normaliser, so the parsers
// together must stay well under 10 µs per event.
//
// Build (not in bench/CMakeLists.txt yet; the lead wires it):
//   add_executable(normalize_parse_bench normalize_parse_bench.cpp)
//   target_link_libraries(normalize_parse_bench PRIVATE pft::normalize benchmark::benchmark)

#include <benchmark/benchmark.h>

#include <array>
#include <string_view>

#include "pft/normalize/classify.hpp"
#include "pft/normalize/date_fr.hpp"
#include "pft/normalize/money.hpp"

namespace {

struct Sample {
  std::string_view title;
  std::string_view description;
  std::string_view start;
  std::string_view end;
  std::string_view buy_in;
  std::string_view variant;
  std::string_view status;
};

// Shapes seen on French casino and club pages, feeds and calendars.
constexpr std::array<Sample, 12> kSamples{{
    {"Deepstack du samedi", "Tournoi NLHE, structure lente. Ouverture des portes 18h30, début 19h30.",
     "samedi 12 décembre 2026 à 19h30", "", "150 €", "No Limit Hold'em", ""},
    {"Main Event Day 1A - 50 000 € garantis", "Re-entry 1 fois. Buy-in : 500 € (450 + 50).",
     "12/12/2026 14h00", "13/12/2026 02h00", "", "", ""},
    {"PKO Turbo", "", "2026-12-05T20:00:00+01:00", "2026-12-05T23:30:00+01:00", "100+15", "NLHE", "CONFIRMED"},
    {"Tournoi mensuel du club", "Rendez-vous au club, buy-in: 30 €, recave possible jusqu'à 22h.",
     "Ven 5 Déc 19:30", "", "", "", ""},
    {"Omaha Hi-Lo", "", "Mon, 22 Sep 2025 12:00:00 +0200", "", "1 100€ (1 000 + 100)", "PLO Hi-Lo", ""},
    {"Festival d'hiver", "Du jeudi 4 au dimanche 7 décembre, 12 tournois.", "du 4 au 7 décembre 2026", "",
     "2,5k€", "", ""},
    {"Freeroll des membres", "Entrée gratuite, add-on 10 €.", "le 3 déc. à 20h", "", "Freeroll", "", ""},
    {"Ladies Event", "", "12.12.26 - 20H00", "", "150 € dont 15 € de frais", "", "ANNULÉ"},
    {"Satellite WSOPE", "Qualification pour le Main Event.", "", "", "", "", ""},
    {"Short Deck 6+", "", "25/09/2025 20:00", "", "37,50 €", "6+", ""},
    {"High Roller", "Tournoi 8-Game, 10 000 € garantis.", "1er janvier à 15h", "", "1 000 €", "", ""},
    {"Hyper Turbo Bounty", "<p>Début&nbsp;<b>21h</b></p>", "20 décembre 2026", "", "€50", "", "EventPostponed"},
}};

const pft::LocalSeconds kReference{std::chrono::local_days{
    std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{20}}}};

void BM_ParseWhen(benchmark::State& state) {
  std::size_t i = 0;
  for (auto _ : state) {
    const Sample& s = kSamples[i++ % kSamples.size()];
    auto w = pft::normalize::parseWhen(s.start, s.end, s.title, kReference);
    benchmark::DoNotOptimize(w);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseWhen);

void BM_ParseBuyIn(benchmark::State& state) {
  std::size_t i = 0;
  for (auto _ : state) {
    const Sample& s = kSamples[i++ % kSamples.size()];
    auto b = pft::normalize::parseBuyIn(s.buy_in, s.title, s.description);
    benchmark::DoNotOptimize(b);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseBuyIn);

void BM_Classify(benchmark::State& state) {
  std::size_t i = 0;
  for (auto _ : state) {
    const Sample& s = kSamples[i++ % kSamples.size()];
    auto c = pft::normalize::classify(s.variant, s.title, s.description, s.status);
    benchmark::DoNotOptimize(c);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Classify);

// What the normaliser runs per raw event: all three, with the title and
// description searched for the date as parseWhen does when the start is empty.
void BM_AllParsersPerEvent(benchmark::State& state) {
  std::size_t i = 0;
  std::string context;
  for (auto _ : state) {
    const Sample& s = kSamples[i++ % kSamples.size()];
    context.assign(s.title);
    context += ' ';
    context += s.description;
    auto w = pft::normalize::parseWhen(s.start, s.end, context, kReference);
    auto b = pft::normalize::parseBuyIn(s.buy_in, s.title, s.description);
    auto c = pft::normalize::classify(s.variant, s.title, s.description, s.status,
                                      b.has_value() && b->freeroll);
    benchmark::DoNotOptimize(w);
    benchmark::DoNotOptimize(b);
    benchmark::DoNotOptimize(c);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AllParsersPerEvent);

}  // namespace

BENCHMARK_MAIN();
