// store_upsert: times Store::upsertTournaments on a real database.
//
//   store_upsert DATABASE_URL [COUNT [BATCH]]
//
// COUNT defaults to 100000; BATCH (tournaments per call, i.e. per
// transaction, as `pft normalize` does with 5000) defaults to COUNT.
// Generates COUNT tournaments over 500 venues, then times, in calls of
// BATCH: the first upsert (all inserted), the same batch again
// (all unchanged), the batch with every tenth tournament changed (updated),
// and a first page of a filtered query. The database should be empty.
// Build: add_executable(store_upsert store_upsert.cpp) linked to pft::store.

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <dirent.h>
#include <fstream>
#include <sstream>
#include <cstdlib>
#include <unistd.h>
#include <string>
#include <vector>

#include "pft/core/config.hpp"
#include "pft/store/store.hpp"

namespace {

using Seconds = std::chrono::duration<double>;

std::vector<pft::Tournament> makeBatch(int count) {
  static const char* const kCities[] = {"Paris", "Lyon", "Marseille", "Toulouse", "Nice",
                                        "Nantes", "Bordeaux", "Lille", "Rennes", "Évian-les-Bains"};
  std::vector<pft::Tournament> batch;
  batch.reserve(static_cast<std::size_t>(count));
  const pft::Instant base{std::chrono::seconds{1796000000}};  // late 2026
  for (int i = 0; i < count; ++i) {
    pft::Tournament t;
    int venue = i % 500;
    t.venue.name = "Casino Barrière n°" + std::to_string(venue);
    t.venue.city = kCities[venue % 10];
    t.venue.department = "Département " + std::to_string(venue % 95);
    t.venue.department_code = std::to_string(venue % 95 + 1);
    t.venue.region = "Région " + std::to_string(venue % 13);
    t.venue.latitude = 43.0 + (venue % 60) * 0.1;
    t.venue.longitude = 1.0 + (venue % 50) * 0.1;
    t.title = "Tournoi hebdomadaire №" + std::to_string(i / 500);
    t.description = "Deepstack, structure de 30 minutes, re-entry illimitée jusqu'au niveau 8.";
    t.start = base + std::chrono::hours{i / 500};
    t.end = t.start + std::chrono::hours{6};
    t.buy_in_cents = 5000 + (i % 20) * 1000;
    t.fee_cents = 500;
    t.variant = i % 7 == 0 ? "PLO" : "NLHE";
    t.tags = {"deepstack"};
    if (i % 3 == 0) t.tags.push_back("bounty");
    t.source_name = "bench";
    t.source_url = "https://example.test/agenda";
    t.source_hash = std::to_string(i);
    batch.push_back(std::move(t));
  }
  return batch;
}

// CPU seconds (user + system) of this process.
double selfCpu() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// CPU seconds of every process named "postgres" on this machine (the local
// test server): the machine is shared, so wall time alone says little.
double postgresCpu() {
  double total = 0;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return 0;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  while (dirent* e = readdir(proc)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    std::ifstream in(std::string("/proc/") + e->d_name + "/stat");
    std::string line;
    if (!std::getline(in, line)) continue;
    auto open = line.find('('), close = line.rfind(')');
    if (open == std::string::npos || close == std::string::npos) continue;
    if (line.substr(open + 1, close - open - 1) != "postgres") continue;
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    double utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
      if (i == 14) utime = std::stod(field);
      if (i == 15) stime = std::stod(field);
    }
    total += (utime + stime) / ticks;
  }
  closedir(proc);
  return total;
}

struct Timing {
  double wall, client_cpu, server_cpu;
};

template <typename Fn>
Timing timed(Fn&& fn) {
  double c0 = selfCpu(), s0 = postgresCpu();
  auto t0 = std::chrono::steady_clock::now();
  fn();
  double wall = Seconds(std::chrono::steady_clock::now() - t0).count();
  return {wall, selfCpu() - c0, postgresCpu() - s0};
}

void die(const pft::Error& e) {
  std::fprintf(stderr, "store_upsert: %s\n", e.describe().c_str());
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: store_upsert DATABASE_URL [COUNT]\n");
    return 2;
  }
  int count = argc > 2 ? std::atoi(argv[2]) : 100000;
  std::size_t per_call = argc > 3 ? static_cast<std::size_t>(std::atoi(argv[3])) : static_cast<std::size_t>(count);
  if (count <= 0 || per_call == 0) {
    std::fprintf(stderr, "store_upsert: COUNT and BATCH must be positive\n");
    return 2;
  }
  auto url = pft::parseDatabaseUrl(argv[1]);
  if (!url) die(url.error());
  auto store = pft::store::openMigratedStore(*url);
  if (!store) die(store.error());
  auto batch = makeBatch(count);
  const pft::Instant seen{std::chrono::seconds{1795000000}};

  auto run = [&](const char* what, pft::Instant at) {
    pft::UpsertCounts c;
    // Split outside the timing: only the upserts are measured.
    std::vector<std::vector<pft::Tournament>> parts;
    for (std::size_t from = 0; from < batch.size(); from += per_call) {
      auto last = std::min(batch.size(), from + per_call);
      parts.emplace_back(batch.begin() + static_cast<std::ptrdiff_t>(from),
                         batch.begin() + static_cast<std::ptrdiff_t>(last));
    }
    Timing s = timed([&] {
      for (const auto& part : parts) {
        auto r = (*store)->upsertTournaments(part, at);
        if (!r) die(r.error());
        c.inserted += r->inserted;
        c.updated += r->updated;
        c.unchanged += r->unchanged;
        c.venues_inserted += r->venues_inserted;
      }
    });
    std::printf("%-10s %-10s %d tournaments in calls of %zu: wall %.3f s, cpu client %.3f s + server %.3f s; "
                "inserted=%lld updated=%lld unchanged=%lld venues_inserted=%lld\n",
                (*store)->backendName().c_str(), what, count, per_call, s.wall, s.client_cpu, s.server_cpu,
                static_cast<long long>(c.inserted),
                static_cast<long long>(c.updated), static_cast<long long>(c.unchanged),
                static_cast<long long>(c.venues_inserted));
  };
  run("insert", seen);
  run("unchanged", seen + std::chrono::hours{24});
  for (std::size_t i = 0; i < batch.size(); i += 10) *batch[i].buy_in_cents += 100;
  run("update10%", seen + std::chrono::hours{48});

  pft::TournamentFilter f;
  f.city = "lyon";
  f.tags = {"bounty"};
  f.now = seen;
  f.limit = 20;
  std::size_t rows = 0;
  std::int64_t total = 0;
  Timing q = timed([&] {
    auto r = (*store)->queryTournaments(f);
    if (!r) die(r.error());
    rows = r->size();
    auto n = (*store)->countTournaments(f);
    if (!n) die(n.error());
    total = *n;
  });
  std::printf("%-10s %-10s page of %zu + count %lld: wall %.3f s, cpu client %.3f s + server %.3f s\n",
              (*store)->backendName().c_str(), "query", rows, static_cast<long long>(total), q.wall, q.client_cpu,
              q.server_cpu);
  return 0;
}
