#include "pft/readmodel/series.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace pft::readmodel {
namespace {

struct Row {
  int line = 0;
  std::vector<std::string> cells;
  const std::string& at(std::size_t i) const {
    static const std::string kEmpty;
    return i < cells.size() ? cells[i] : kEmpty;
  }
};

// tests/data/readmodel/<name>: tab-separated, '#' comments; a missing table fails.
std::vector<Row> readTable(const std::string& name) {
  const std::string path = std::string(PFT_SOURCE_DIR) + "/tests/data/readmodel/" + name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<Row> rows;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    Row r;
    r.line = n;
    std::size_t b = 0;
    while (true) {
      std::size_t e = line.find('\t', b);
      r.cells.push_back(line.substr(b, e == std::string::npos ? std::string::npos : e - b));
      if (e == std::string::npos) break;
      b = e + 1;
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

std::string orEmpty(const std::string& s) { return s == "(empty)" ? "" : s; }

TEST(SeriesTitle, TableOfFrenchAndEnglishTitles) {
  const auto rows = readTable("series_titles.tsv");
  ASSERT_GE(rows.size(), 30u);
  for (const auto& r : rows) {
    SCOPED_TRACE("series_titles.tsv:" + std::to_string(r.line) + " " + r.at(0) + " (" + r.at(4) + ")");
    SeriesTitle t = readSeriesTitle(r.at(0));
    EXPECT_EQ(t.banner_key, orEmpty(r.at(1)));
    EXPECT_EQ(t.banner, orEmpty(r.at(2)));
    const std::string& kind = r.at(3);
    EXPECT_EQ(t.tagged, kind == "flight" || kind == "event");
    EXPECT_EQ(t.flight, kind == "flight");
  }
}

Instant parisInstant(int day, const std::string& hhmm) {
  using namespace std::chrono;
  // Day 0 is Monday 2026-12-07, Paris wall clock (UTC+1 in December).
  local_days d0 = local_days{year{2026} / December / 7};
  local_seconds local = d0 + days{day} + hours{std::stoi(hhmm.substr(0, 2))} + minutes{std::stoi(hhmm.substr(3, 2))};
  return Instant{local.time_since_epoch()} - hours{1};
}

TEST(SeriesGroups, TableOfFestivalsAndOneOffs) {
  const auto rows = readTable("series_groups.tsv");
  ASSERT_GE(rows.size(), 40u);
  std::map<std::string, std::vector<const Row*>> cases;
  for (const auto& r : rows) cases[r.at(0)].push_back(&r);
  for (const auto& [name, members] : cases) {
    SCOPED_TRACE("case " + name);
    std::vector<Tournament> ts;
    for (std::size_t k = 0; k < members.size(); ++k) {
      const Row& r = *members[k];
      Tournament t;
      t.id = static_cast<std::int64_t>(100 + k);
      t.venue_id = std::stoll(r.at(1));
      t.start = parisInstant(std::stoi(r.at(2)), r.at(3));
      if (!r.at(4).empty()) t.end = parisInstant(std::stoi(r.at(4)), "18:00");
      t.title = r.at(5);
      ts.push_back(t);
    }
    SeriesGrouping g = groupSeries(ts);
    ASSERT_EQ(g.of_tournament.size(), ts.size());
    std::map<std::string, std::size_t> series_of_group;
    std::set<std::size_t> seen;
    for (std::size_t k = 0; k < members.size(); ++k) {
      const Row& r = *members[k];
      SCOPED_TRACE("series_groups.tsv:" + std::to_string(r.line) + " " + r.at(5) + " (" + r.at(8) + ")");
      const std::string& group = r.at(6);
      std::size_t got = g.of_tournament[k];
      if (group == "-") {
        EXPECT_EQ(got, SIZE_MAX);
        continue;
      }
      ASSERT_LT(got, g.series.size());
      auto [it, inserted] = series_of_group.emplace(group, got);
      if (inserted) {
        EXPECT_EQ(seen.count(got), 0u) << "two groups in one series";
        seen.insert(got);
      } else {
        EXPECT_EQ(it->second, got) << "group " << group << " split";
      }
      if (!r.at(7).empty()) {
        EXPECT_EQ(g.series[got].name, r.at(7));
      }
      EXPECT_EQ(g.series[got].venue_id, ts[k].venue_id);
      bool member = false;
      for (std::size_t m : g.series[got].members) member = member || m == k;
      EXPECT_TRUE(member);
    }
    EXPECT_EQ(g.series.size(), series_of_group.size()) << "a series no row expects";
  }
}

std::vector<Tournament> festival() {
  std::vector<Tournament> ts;
  const char* titles[] = {"WPO Lyon - Main Event Day 1A", "WPO Lyon - Main Event Day 1B", "WPO Lyon - Main Event Day 2",
                          "WPO Lyon - Finale"};
  for (int k = 0; k < 4; ++k) {
    Tournament t;
    t.id = 10 + k;
    t.venue_id = 1;
    t.title = titles[k];
    t.start = parisInstant(k, "14:00");
    ts.push_back(t);
  }
  return ts;
}

TEST(SeriesGroups, IdStaysWhenFirstFlightsLeaveAndOrderChanges) {
  auto ts = festival();
  SeriesGrouping all = groupSeries(ts);
  ASSERT_EQ(all.series.size(), 1u);
  EXPECT_GT(all.series[0].id, 0);
  EXPECT_LT(all.series[0].id, std::int64_t{1} << 53);  // exact as a JavaScript number
  EXPECT_EQ(all.series[0].first_day + 3, all.series[0].last_day);

  // The first two flights finished and left the snapshot; input reversed.
  std::vector<Tournament> rest = {ts[3], ts[2]};
  SeriesGrouping later = groupSeries(rest);
  ASSERT_EQ(later.series.size(), 1u);
  EXPECT_EQ(later.series[0].id, all.series[0].id);
  ASSERT_EQ(later.series[0].members.size(), 2u);
  EXPECT_EQ(later.series[0].members[0], 1u);  // ordered by start: Day 2 (input index 1) first
}

TEST(SeriesGroups, IdChangesWhenTheSeriesDoes) {
  auto ts = festival();
  std::int64_t before = groupSeries(ts).series.at(0).id;
  auto other_venue = ts;
  for (auto& t : other_venue) t.venue_id = 2;
  EXPECT_NE(groupSeries(other_venue).series.at(0).id, before);
  auto longer = ts;
  Tournament extra = ts[3];
  extra.id = 99;
  extra.title = "WPO Lyon - Side event";
  extra.start = parisInstant(4, "14:00");
  longer.push_back(extra);
  EXPECT_NE(groupSeries(longer).series.at(0).id, before);
}

}  // namespace
}  // namespace pft::readmodel
