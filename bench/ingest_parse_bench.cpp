// Connector throughput (issue #3 performance targets): a generated
// 100,000-row CSV and a 10,000-occurrence iCalendar source, each parsed (and
// serialised to JSON lines, as the runner writes them) in under 1 s with a
// peak resident set under 100 MB. peak_rss_MB is the process's peak so far:
// run one benchmark per process to read its own, e.g.
//   ingest_parse_bench --benchmark_filter='Csv100kRows/mode:2'
//
// Not listed in bench/CMakeLists.txt yet (the lead wires benchmarks).

#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <nlohmann/json.hpp>

#include <string>

#include "pft/core/json.hpp"
#include "pft/core/time.hpp"
#include "pft/ingestion/connectors.hpp"

namespace {

using pft::ingestion::ParseContext;
using pft::ingestion::SourceConfig;
using pft::ingestion::SourceType;

constexpr int kCsvRows = 100000;
constexpr int kIcsDailyMasters = 50;    // 50 x 120 daily occurrences
constexpr int kIcsSingles = 4000;       // + 4,000 single events
constexpr int kIcsOccurrences = kIcsDailyMasters * 120 + kIcsSingles;

double peakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

std::string makeCsv() {
  const char* cities[] = {"Rouen", "Évreux", "Lyon", "Lille", "Deauville", "Nice", "Bordeaux", "Toulouse"};
  std::string out = "Titre;Date;Heure;Prix;Lieu;Ville;Lien;Notes\r\n";
  out.reserve(static_cast<std::size_t>(kCsvRows) * 160);
  for (int i = 0; i < kCsvRows; ++i) {
    int day = 1 + i % 28;
    int month = 1 + (i / 28) % 12;
    out += "\"Tournoi n°" + std::to_string(i) + " – Deepstack\";" + (day < 10 ? "0" : "") + std::to_string(day) + "/" +
           (month < 10 ? "0" : "") + std::to_string(month) + "/2027;20h00;\"" + std::to_string(20 + i % 200) +
           " €\";\"Club de poker " + std::to_string(i % 300) + "\";" + cities[i % 8] +
           ";/t/" + std::to_string(i) + ";\"Places limitées; inscription \"\"obligatoire\"\"\"\r\n";
  }
  return out;
}

std::string makeIcs() {
  std::string out =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//pft//bench//FR\r\nX-WR-TIMEZONE:Europe/Paris\r\n";
  for (int i = 0; i < kIcsDailyMasters; ++i) {
    out += "BEGIN:VEVENT\r\nUID:daily-" + std::to_string(i) +
           "@bench\r\nDTSTART;TZID=Europe/Paris:20261001T200000\r\nDTEND;TZID=Europe/Paris:20261001T233000\r\n"
           "RRULE:FREQ=DAILY\r\nSUMMARY:Tournoi quotidien " +
           std::to_string(i) + "\r\nLOCATION:Cercle " + std::to_string(i) + "\\, Paris\r\nEND:VEVENT\r\n";
  }
  for (int i = 0; i < kIcsSingles; ++i) {
    int day = 2 + i % 110;  // 2 Dec 2026 + up to 109 days: inside the horizon
    std::chrono::sys_days d = std::chrono::sys_days{std::chrono::year{2026} / 12 / 2} + std::chrono::days{day - 2};
    std::chrono::year_month_day ymd{d};
    char date[16];
    std::snprintf(date, sizeof date, "%04d%02u%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    out += "BEGIN:VEVENT\r\nUID:single-" + std::to_string(i) + "@bench\r\nDTSTART;TZID=Europe/Paris:" + date +
           "T190000\r\nSUMMARY:Tournoi " + std::to_string(i) + " – 50 €\r\nDESCRIPTION:Deepstack\\, 20 000 jetons\r\n"
           "LOCATION:Casino " + std::to_string(i % 40) + "\r\nURL:https://club.example/t/" + std::to_string(i) +
           "\r\nEND:VEVENT\r\n";
  }
  out += "END:VCALENDAR\r\n";
  return out;
}

ParseContext context(const std::string& url) {
  return ParseContext{url, *pft::parseIsoInstant("2026-12-01T00:00:00+01:00"), ""};
}

std::size_t writeJsonLines(const std::vector<pft::RawEvent>& events) {
  std::string lines;
  for (const auto& e : events) {
    pft::appendRawEventJsonLine(lines, e);
  }
  return lines.size();
}

// mode 0: parse into ParseOutput::events; 1: same, then serialise every
// event to a JSON line; 2: streaming parse (EventSink), each event serialised
// as it arrives into a 1 MB buffer that is then dropped, as a runner writing
// straight to its temporary file would.
void run(benchmark::State& state, const SourceConfig& cfg, const std::string& body, std::size_t expected) {
  const auto mode = state.range(0);
  std::size_t events = 0;
  for (auto _ : state) {
    if (mode == 2) {
      std::string buffer;
      std::size_t written = 0;
      events = 0;
      auto r = pft::ingestion::parseDocument(cfg, body, context(cfg.url), [&](pft::RawEvent&& e) {
        ++events;
        pft::appendRawEventJsonLine(buffer, e);
        if (buffer.size() > (1u << 20)) {
          written += buffer.size();
          buffer.clear();
        }
      });
      if (!r) {
        state.SkipWithError(r.error().describe().c_str());
        return;
      }
      benchmark::DoNotOptimize(written += buffer.size());
      continue;
    }
    auto r = pft::ingestion::parseDocument(cfg, body, context(cfg.url));
    if (!r) {
      state.SkipWithError(r.error().describe().c_str());
      return;
    }
    events = r->events.size();
    if (mode == 1) benchmark::DoNotOptimize(writeJsonLines(r->events));
    benchmark::DoNotOptimize(r->events.data());
  }
  if (events != expected) state.SkipWithError(("wrong event count " + std::to_string(events)).c_str());
  state.counters["events"] = static_cast<double>(events);
  state.counters["body_MB"] = static_cast<double>(body.size()) / 1e6;
  state.counters["peak_rss_MB"] = peakRssMb();
}

SourceConfig csvConfig() {
  SourceConfig cfg;
  cfg.name = "bench-csv";
  cfg.type = SourceType::kCsv;
  cfg.url = "https://club.example/agenda.csv";
  cfg.csv.field_map = {{"Titre", "title"}, {"Date", "start"},  {"Heure", "start"}, {"Prix", "buy_in"},
                       {"Lieu", "venue_name"}, {"Ville", "city"}, {"Lien", "url"}, {"Notes", "description"}};
  return cfg;
}

SourceConfig icsConfig() {
  SourceConfig cfg;
  cfg.name = "bench-ics";
  cfg.type = SourceType::kIcs;
  cfg.url = "https://club.example/agenda.ics";
  return cfg;
}

void BM_Csv100kRows(benchmark::State& state) {
  static const std::string body = makeCsv();
  run(state, csvConfig(), body, kCsvRows);
}
BENCHMARK(BM_Csv100kRows)->Arg(0)->Arg(1)->Arg(2)->ArgName("mode")->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_Ics10kOccurrences(benchmark::State& state) {
  static const std::string body = makeIcs();
  run(state, icsConfig(), body, kIcsOccurrences);
}
BENCHMARK(BM_Ics10kOccurrences)->Arg(0)->Arg(1)->Arg(2)->ArgName("mode")->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
