// One filter, two paths: every TournamentFilter field is run against the
// store's SQL (SQLite: label unit; PostgreSQL: label integration) and
// against the in-memory rules (readmodel::matches) on the same data; both
// must give the same tournaments. `near` is exact in memory and narrowed
// to its bounding box by SQL, so there SQL must hold every memory answer
// and memory over SQL's rows must equal memory over all rows.

#include <algorithm>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pft/core/text.hpp"
#include "pft/readmodel/filter.hpp"
#include "pft/readmodel/snapshot.hpp"
#include "pft/testing/test_store.hpp"

namespace pft::readmodel {
namespace {

using namespace std::chrono;

Instant utc(int y, unsigned m, unsigned d, int h = 0, int min = 0) {
  return Instant{sys_days{year{y} / month{m} / day{d}}} + hours{h} + minutes{min};
}

const Instant kNow = utc(2026, 12, 4, 17);

Venue venue(std::string name, std::string city, std::string dep, std::string code, std::string region,
            std::optional<double> lat, std::optional<double> lon) {
  Venue v;
  v.name = std::move(name);
  v.city = std::move(city);
  v.department = std::move(dep);
  v.department_code = std::move(code);
  v.region = std::move(region);
  v.latitude = lat;
  v.longitude = lon;
  return v;
}

std::vector<Tournament> dataset() {
  const std::vector<Venue> venues = {
      venue("Casino Barrière", "Lyon", "Rhône", "69", "Auvergne-Rhône-Alpes", 45.7676, 4.8344),
      venue("Lyon Poker Club", "Villeurbanne", "Rhône", "69", "Auvergne-Rhône-Alpes", 45.7719, 4.8902),
      venue("Cercle Clichy Montmartre", "Paris", "Paris", "75", "Île-de-France", 48.8841, 2.3322),
      venue("Casino d'Ajaccio", "Ajaccio", "Corse-du-Sud", "2A", "Corse", 41.9192, 8.7386),
      venue("Club des Bords du Lac", "Évian-les-Bains", "Haute-Savoie", "74", "Auvergne-Rhône-Alpes", std::nullopt,
            std::nullopt),
      venue("Casino de Saint-Amand", "Saint-Amand-les-Eaux", "Nord", "59", "Hauts-de-France", 50.4478, 3.4264),
  };
  const std::vector<std::string> titles = {"Deepstack du jeudi", "PLO Night",          "Main Event Day 1A",
                                           "Bounty Hunter",      "Freeroll des fêtes", "Short Deck Série",
                                           "Omaha Hi-Lo",        "Tournoi Barrière"};
  const std::vector<std::string> variants = {"NLHE", "PLO", "NLHE", "NLHE", "NLHE", "Short Deck", "PLO Hi-Lo", "NLHE"};
  const std::vector<std::vector<std::string>> tags = {
      {"deepstack"}, {}, {"main-event", "flight:1A", "re-entry"}, {"bounty", "re-entry"}, {"freeroll"}, {"turbo"},
      {}, {"bounty", "deepstack"}};
  const std::vector<std::optional<std::int64_t>> buy_ins = {5000, 15000, 50000, std::nullopt, 0, 10000, 30000, 20000};
  const std::vector<TournamentStatus> statuses = {TournamentStatus::kScheduled, TournamentStatus::kCancelled,
                                                  TournamentStatus::kScheduled, TournamentStatus::kPostponed,
                                                  TournamentStatus::kScheduled, TournamentStatus::kUpdated,
                                                  TournamentStatus::kRemoved};
  std::vector<Tournament> out;
  int n = 0;
  for (std::size_t v = 0; v < venues.size(); ++v) {
    for (std::size_t k = 0; k < titles.size(); ++k, ++n) {
      if ((v + k) % 3 == 2) continue;  // not every venue has every title
      Tournament t;
      t.venue = venues[v];
      t.title = titles[k];
      t.variant = variants[k];
      t.tags = tags[k];
      t.buy_in_cents = buy_ins[k];
      t.status = statuses[static_cast<std::size_t>(n) % statuses.size()];
      // From ten days ago to three weeks ahead, some with an end, some date-only.
      t.start = kNow + hours{static_cast<int>((n * 37) % 744) - 240};
      if (n % 4 == 1) t.end = t.start + hours{n % 3 == 0 ? 30 : 5};
      if (n % 5 == 3) {
        t.time_known = false;
        t.start = floor<days>(t.start);
      }
      if (t.status == TournamentStatus::kRemoved) t.removed_at = kNow - hours{n % 48};
      t.source_name = "parity";
      out.push_back(std::move(t));
    }
  }
  return out;
}

struct Case {
  std::string name;
  std::string query;  // as a client writes it
};

const std::vector<Case> kCases = {
    {"nothing", ""},
    {"past too", "include_past=true"},
    {"city", "city=lyon&include_past=true"},
    {"city accents", "city=%C3%89VIAN&include_past=true"},
    {"city inside a name", "city=amand&include_past=true"},
    {"department code", "department=69&include_past=true"},
    {"department code 2A", "department=2a&include_past=true"},
    {"department name", "department=Rh%C3%B4ne&include_past=true"},
    {"department part of a name", "department=savoie&include_past=true"},
    {"region", "region=auvergne&include_past=true"},
    {"q one word", "q=deepstack&include_past=true"},
    {"q two words over fields", "q=barriere+lyon&include_past=true"},
    {"q words in any order", "q=lyon+casino"},
    {"q matches the city", "q=villeurbanne"},
    {"q no match", "q=zzz"},
    {"variant", "variant=PLO&include_past=true"},
    {"variant spelled", "variant=short+deck"},
    {"status", "status=cancelled&include_past=true"},
    {"hide cancelled", "hide_cancelled=true&include_past=true"},
    {"withdrawn", "status=removed&include_past=true"},
    {"withdrawn upcoming", "status=removed"},
    {"dates", "date_from=2026-12-05&date_to=2026-12-12"},
    {"dates past", "date_from=2026-11-26&date_to=2026-12-03&include_past=true"},
    {"buy-in min", "buy_in_min=15000&include_past=true"},
    {"buy-in max", "buy_in_max=0&include_past=true"},
    {"buy-in range", "buy_in_min=5000&buy_in_max=20000"},
    {"tag", "tags=bounty&include_past=true"},
    {"tags all", "tags=re-entry,bounty&include_past=true"},
    {"tag any case", "tags=FLIGHT:1a&include_past=true"},
    {"tag unknown", "tags=ladies"},
    {"near lyon", "near=45.76,4.84&radius_km=10&include_past=true"},
    {"near lyon tight", "near=45.7676,4.8344&radius_km=2"},
    {"near paris", "near=48.85,2.35&radius_km=5&include_past=true"},
    {"near everything", "near=46.5,3&radius_km=1000&include_past=true"},
    {"mixed", "region=auvergne&variant=NLHE&buy_in_max=20000&tags=deepstack"},
    // The second upsert (kLater, 19:00 UTC) changes every third tournament.
    {"changed since", "changed_since=2026-12-04T18:00:00Z"},
    {"changed since, past too", "changed_since=2026-12-04T19:30:00%2B01:00&include_past=true"},
    {"changed since, exact instant", "changed_since=2026-12-04T19:00:00Z&include_past=true"},
    {"changed since, withdrawn", "changed_since=2026-12-04T18:00:00Z&status=removed&include_past=true"},
    {"changed since, cancelled hidden", "changed_since=2026-12-04T18:00:00Z&hide_cancelled=true"},
    {"changed since a Paris day", "changed_since=2026-12-04&include_past=true&buy_in_min=10000"},
};

const Instant kLater = kNow + hours{2};

// Every third tournament of dataset() with a new buy-in: what the second run sees.
std::vector<Tournament> changedDataset() {
  std::vector<Tournament> out = dataset();
  for (std::size_t i = 0; i < out.size(); i += 3) out[i].buy_in_cents = out[i].buy_in_cents.value_or(0) + 100;
  return out;
}

class Parity : public ::testing::TestWithParam<std::string> {};

TEST_P(Parity, SqlAndMemoryAnswerTheSameForEveryFilter) {
  testing::TestStore db(GetParam());
  ASSERT_TRUE(db.ok());
  auto counts = db.store().upsertTournaments(dataset(), kNow);
  ASSERT_TRUE(counts) << counts.error().describe();
  ASSERT_GT(counts->inserted, 30);
  // A second run: a third changed (updated_at moves), the rest only seen.
  auto again = db.store().upsertTournaments(changedDataset(), kLater);
  ASSERT_TRUE(again) << again.error().describe();
  ASSERT_GT(again->updated, 10);
  ASSERT_GT(again->unchanged, 20);

  // Memory: every tournament (past ones too) in one snapshot.
  TournamentFilter all;
  all.include_past = true;
  all.include_removed = true;  // withdrawn ones too: every filter must leave them out unless asked
  all.limit = -1;
  all.now = kNow;
  auto rows = db.store().queryTournaments(all);
  ASSERT_TRUE(rows) << rows.error().describe();
  auto venues = db.store().listVenues();
  ASSERT_TRUE(venues);
  Snapshot snap;
  snap.venues = *venues;
  snap.tournaments = *rows;
  indexSnapshot(snap);

  for (const Case& c : kCases) {
    auto parsed = parseFilter(parseQueryString(c.query), ListLimits{20, 100, &snap.variants});
    ASSERT_TRUE(std::holds_alternative<TournamentFilter>(parsed)) << c.name;
    TournamentFilter f = std::get<TournamentFilter>(parsed);
    f.now = kNow;
    f.limit = std::numeric_limits<int>::max();

    std::set<std::int64_t> memory;
    for (std::size_t i : listTournaments(snap, f).items) memory.insert(snap.tournaments[i].id);

    TournamentFilter sql_filter = f;
    sql_filter.limit = -1;
    auto sql_rows = db.store().queryTournaments(sql_filter);
    ASSERT_TRUE(sql_rows) << c.name << ": " << sql_rows.error().describe();
    std::set<std::int64_t> sql;
    for (const auto& t : *sql_rows) sql.insert(t.id);

    if (f.near) {
      EXPECT_TRUE(std::includes(sql.begin(), sql.end(), memory.begin(), memory.end())) << c.name;
      Snapshot narrowed;
      narrowed.venues = *venues;
      narrowed.tournaments = *sql_rows;
      indexSnapshot(narrowed);
      std::set<std::int64_t> again;
      for (std::size_t i : listTournaments(narrowed, f).items) again.insert(narrowed.tournaments[i].id);
      EXPECT_EQ(again, memory) << c.name;
    } else {
      EXPECT_EQ(sql, memory) << c.name << " (" << c.query << ")";
    }
    // A filter that selects nothing or everything proves little: the
    // table is built so that most select some but not all.
    if (c.name != "q no match" && c.name != "tag unknown" && c.name != "near everything" && c.name != "past too") {
      EXPECT_GT(memory.size(), 0u) << c.name;
      EXPECT_LT(memory.size(), snap.tournaments.size()) << c.name;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, Parity, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace pft::readmodel
