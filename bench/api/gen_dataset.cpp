// pft_bench_api_gen: fills a database with a synthetic but plausible dataset
// for the API benchmark — 300 venues in French cities (Paris the largest
// share, so that ?city=Paris and ?near=48.85,2.35 have work to do) and
// 50,000 tournaments over the year after --now, through the real Store
// (upsertTournaments in batches). Deterministic for a given --seed.
//
// Usage: pft_bench_api_gen DATABASE_URL [--venues N] [--tournaments N] [--now ISO] [--seed N]

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "pft/core/config.hpp"
#include "pft/core/time.hpp"
#include "pft/store/store.hpp"

namespace {

struct City {
  const char* name;
  const char* postcode;
  const char* department;
  const char* code;
  const char* region;
  double lat, lon;
  int weight;
};

// Public facts (préfectures and their coordinates).
const City kCities[] = {
    {"Paris", "75001", "Paris", "75", "Île-de-France", 48.8566, 2.3522, 60},
    {"Lyon", "69001", "Rhône", "69", "Auvergne-Rhône-Alpes", 45.7640, 4.8357, 20},
    {"Marseille", "13001", "Bouches-du-Rhône", "13", "Provence-Alpes-Côte d'Azur", 43.2965, 5.3698, 20},
    {"Toulouse", "31000", "Haute-Garonne", "31", "Occitanie", 43.6047, 1.4442, 15},
    {"Nice", "06000", "Alpes-Maritimes", "06", "Provence-Alpes-Côte d'Azur", 43.7102, 7.2620, 15},
    {"Nantes", "44000", "Loire-Atlantique", "44", "Pays de la Loire", 47.2184, -1.5536, 12},
    {"Strasbourg", "67000", "Bas-Rhin", "67", "Grand Est", 48.5734, 7.7521, 12},
    {"Montpellier", "34000", "Hérault", "34", "Occitanie", 43.6108, 3.8767, 12},
    {"Bordeaux", "33000", "Gironde", "33", "Nouvelle-Aquitaine", 44.8378, -0.5792, 12},
    {"Lille", "59000", "Nord", "59", "Hauts-de-France", 50.6292, 3.0573, 12},
    {"Rennes", "35000", "Ille-et-Vilaine", "35", "Bretagne", 48.1173, -1.6778, 10},
    {"Reims", "51100", "Marne", "51", "Grand Est", 49.2583, 4.0317, 8},
    {"Évian-les-Bains", "74500", "Haute-Savoie", "74", "Auvergne-Rhône-Alpes", 46.4010, 6.5897, 6},
    {"Deauville", "14800", "Calvados", "14", "Normandie", 49.3575, 0.0750, 6},
    {"Enghien-les-Bains", "95880", "Val-d'Oise", "95", "Île-de-France", 48.9697, 2.3087, 6},
    {"Cannes", "06400", "Alpes-Maritimes", "06", "Provence-Alpes-Côte d'Azur", 43.5528, 7.0174, 8},
    {"Biarritz", "64200", "Pyrénées-Atlantiques", "64", "Nouvelle-Aquitaine", 43.4832, -1.5586, 6},
    {"Dijon", "21000", "Côte-d'Or", "21", "Bourgogne-Franche-Comté", 47.3220, 5.0415, 8},
    {"Ajaccio", "20000", "Corse-du-Sud", "2A", "Corse", 41.9192, 8.7386, 5},
    {"Clermont-Ferrand", "63000", "Puy-de-Dôme", "63", "Auvergne-Rhône-Alpes", 45.7772, 3.0870, 8},
};

const char* kKinds[] = {"Casino", "Club", "Cercle", "Association", "Poker Room"};
const char* kNames[] = {"Barrière", "Partouche", "Joa", "Tranchant", "du Lac", "des Princes", "Royal", "Impérial",
                        "de la Gare", "Saint-Michel", "Montmartre", "du Port", "des Arts", "Vauban", "Lumière"};
const char* kEvents[] = {"Deepstack", "Main Event", "Bounty", "Turbo", "Freezeout", "Super Stack", "High Roller",
                         "Mystery Bounty", "Ladies Event", "Seniors", "Satellite", "Monster Stack", "Sunday Special"};
const char* kVariants[] = {"NLHE", "NLHE", "NLHE", "NLHE", "NLHE", "PLO", "PLO5", "Mixed", "Short Deck", "Stud"};
const char* kTags[] = {"bounty", "turbo", "deepstack", "freezeout", "re-entry", "satellite", "main-event"};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DATABASE_URL [--venues N] [--tournaments N] [--now ISO] [--seed N]\n", argv[0]);
    return 2;
  }
  int venues = 300;
  int tournaments = 50000;
  std::string now_text = "2026-12-01T00:00:00Z";
  unsigned seed = 42;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--venues") venues = std::atoi(argv[i + 1]);
    else if (flag == "--tournaments") tournaments = std::atoi(argv[i + 1]);
    else if (flag == "--now") now_text = argv[i + 1];
    else if (flag == "--seed") seed = static_cast<unsigned>(std::atoi(argv[i + 1]));
    else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  auto url = pft::parseDatabaseUrl(argv[1]);
  if (!url) {
    std::fprintf(stderr, "%s\n", url.error().describe().c_str());
    return 2;
  }
  auto now = pft::parseIsoInstant(now_text);
  if (!now) {
    std::fprintf(stderr, "--now: %s\n", now.error().describe().c_str());
    return 2;
  }
  auto store = pft::store::openMigratedStore(*url);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().describe().c_str());
    return 1;
  }
  std::mt19937 rng(seed);
  auto pick = [&rng](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  std::uniform_real_distribution<double> jitter(-0.08, 0.08);

  int total_weight = 0;
  for (const auto& c : kCities) total_weight += c.weight;
  std::vector<pft::Venue> vs;
  for (int i = 0; i < venues; ++i) {
    int w = pick(total_weight);
    const City* city = &kCities[0];
    for (const auto& c : kCities) {
      if (w < c.weight) {
        city = &c;
        break;
      }
      w -= c.weight;
    }
    pft::Venue v;
    v.name = std::string{kKinds[pick(5)]} + " " + kNames[pick(15)] + " " + std::to_string(i + 1);
    v.address = std::to_string(1 + pick(120)) + " rue " + kNames[pick(15)];
    v.postcode = city->postcode;
    v.city = city->name;
    v.department = city->department;
    v.department_code = city->code;
    v.region = city->region;
    v.latitude = city->lat + jitter(rng);
    v.longitude = city->lon + jitter(rng);
    v.geocode_source = "source";
    vs.push_back(v);
  }
  constexpr int kBatch = 2000;
  std::vector<pft::Tournament> batch;
  for (int i = 0; i < tournaments; ++i) {
    pft::Tournament t;
    t.venue = vs[static_cast<std::size_t>(pick(venues))];
    int day = pick(365);
    int hour = 12 + pick(10);
    t.start = *now + std::chrono::hours{24 * day + hour} + std::chrono::minutes{pick(4) * 15};
    if (pick(3) == 0) t.end = t.start + std::chrono::hours{4 + pick(8)};
    t.title = std::string{kEvents[pick(13)]} + " #" + std::to_string(i + 1);
    t.description = "Tournoi " + t.title + " au " + t.venue.name + ". Structure et horaires sur le site de l'organisateur.";
    t.buy_in_cents = pick(20) == 0 ? 0 : (10 + pick(60) * 5) * 100;
    t.variant = kVariants[pick(10)];
    if (pick(2) == 0) t.tags.push_back(kTags[pick(7)]);
    if (pick(40) == 0) t.status = pft::TournamentStatus::kCancelled;
    t.source_name = "bench";
    t.source_url = "https://example.org/bench/" + std::to_string(i + 1);
    t.source_hash = "bench-" + std::to_string(i + 1);
    batch.push_back(std::move(t));
    if (static_cast<int>(batch.size()) == kBatch || i + 1 == tournaments) {
      auto r = (*store)->upsertTournaments(batch, *now);
      if (!r) {
        std::fprintf(stderr, "upsert: %s\n", r.error().describe().c_str());
        return 1;
      }
      batch.clear();
    }
  }
  std::fprintf(stderr, "generated %d venues, %d tournaments into %s\n", venues, tournaments, url->original.c_str());
  return 0;
}
