// Issue 15: raw event lines an attacker could craft (a line nested tens of
// thousands of levels deep, a line of megabytes, URLs that are not links)
// are rejected or cleaned with a precise reason, and the run goes on.
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "pft/core/clock.hpp"
#include "pft/core/json.hpp"
#include "pft/normalize/geocoder.hpp"
#include "pft/normalize/normalizer.hpp"
#include "test_gazetteer.hpp"

namespace pft::normalize {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// 2026-11-20T10:00:00Z
const FixedClock kClock(Instant{std::chrono::seconds(1795168800)});

class HostileInput : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("pft-hostile-test-" + std::to_string(std::random_device{}()) + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Dry-runs `lines`; returns the output lines, fills the report and the rejects file's lines.
  std::vector<json> dryRun(const std::vector<std::string>& lines, NormalizeReport& report) {
    const std::string in = (dir_ / "raw_events.jsonl").string();
    {
      std::ofstream out(in, std::ios::binary);
      for (const auto& l : lines) out << l << '\n';
    }
    NormalizeOptions o;
    o.in_path = in;
    o.rejects_path = (dir_ / "rejects.jsonl").string();
    o.dry_run = true;
    Geocoder geocoder(testing::bundledGazetteer(), GeocoderOptions{}, nullptr, nullptr, kClock);
    std::ostringstream out;
    auto r = runNormalize(o, nullptr, geocoder, kClock, &out);
    EXPECT_TRUE(r) << r.error().describe();
    if (r) report = *r;
    std::vector<json> result;
    std::istringstream text(out.str());
    for (std::string line; std::getline(text, line);) result.push_back(json::parse(line));
    std::ifstream rej(o.rejects_path);
    rejects_.clear();
    for (std::string line; std::getline(rej, line);) rejects_.push_back(json::parse(line));
    return result;
  }

  fs::path dir_;
  std::vector<json> rejects_;
};

json event(const std::string& title) {
  return json{{"source_name", "club-a"},       {"source_url", "https://example.org/agenda"},
              {"title", title},                {"start", "12/12/2026 19h30"},
              {"buy_in", "150 €"},             {"venue_name", "Casino de Forges-les-Eaux"},
              {"city", "Forges-les-Eaux"},     {"fetched_at", "2026-11-20T10:00:00+01:00"}};
}

// ~70,000 levels crashed `pft normalize` (the rejection's raw value was
// written by a recursive dump).
TEST_F(HostileInput, DeeplyNestedLineIsRejectedAndTheRunGoesOn) {
  const std::size_t depth = 70000;
  std::string deep = "{\"title\":\"x\",\"a\":" + std::string(depth, '[') + std::string(depth, ']') + "}";
  std::string deep_object = "{\"title\":\"y\",\"b\":";
  for (int i = 0; i < 100; ++i) deep_object += "{\"k\":";
  deep_object += "1" + std::string(100, '}') + "}";
  NormalizeReport report;
  auto out = dryRun({event("Avant").dump(), deep, deep_object, event("Après").dump()}, report);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0]["title"], "Avant");
  for (int i : {1, 2}) {
    SCOPED_TRACE(i);
    EXPECT_EQ(out[i]["rejected"], true);
    EXPECT_EQ(out[i]["reason"], "LimitExceeded");
    EXPECT_NE(out[i]["message"].get<std::string>().find("nested deeper than 64 levels"), std::string::npos)
        << out[i]["message"];
  }
  EXPECT_EQ(out[3]["title"], "Après");
  EXPECT_EQ(report.rejected_by_reason.at("LimitExceeded"), 2);
  ASSERT_EQ(rejects_.size(), 2u);
  // The raw line is kept as text, cut at kRawExcerptBytes, never re-parsed.
  ASSERT_TRUE(rejects_[0]["raw"].is_string());
  EXPECT_EQ(rejects_[0]["raw"].get<std::string>().rfind("{\"title\":\"x\",\"a\":[[[", 0), 0u);
  EXPECT_LT(rejects_[0]["raw"].get<std::string>().size(), 2000u);
  EXPECT_EQ(rejects_[0]["line"], 2);
}

// A line over kMaxRawEventLineBytes is skipped as it is read (never held
// whole, never parsed), with its length in the message.
TEST_F(HostileInput, OverLongLineIsSkippedWithItsLength) {
  json big = event("Énorme");
  big["description"] = std::string(kMaxRawEventLineBytes + 10, 'a');
  const std::string big_line = big.dump();
  json fits = event("Juste");
  fits["description"] = std::string(kMaxRawEventLineBytes - 400, 'b');
  ASSERT_LE(fits.dump().size(), kMaxRawEventLineBytes);
  NormalizeReport report;
  auto out = dryRun({event("Avant").dump(), big_line, fits.dump(), event("Après").dump()}, report);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0]["title"], "Avant");
  EXPECT_EQ(out[1]["rejected"], true);
  EXPECT_EQ(out[1]["reason"], "LimitExceeded");
  EXPECT_EQ(out[1]["line"], 2);
  EXPECT_NE(out[1]["message"].get<std::string>().find(std::to_string(big_line.size()) + " bytes"), std::string::npos)
      << out[1]["message"];
  EXPECT_EQ(out[2]["title"], "Juste");
  EXPECT_EQ(out[3]["title"], "Après");
  EXPECT_EQ(out[3]["start_datetime_local"], "2026-12-12T19:30:00+01:00");
  ASSERT_EQ(rejects_.size(), 1u);
  EXPECT_TRUE(rejects_[0]["raw"].is_string());
  EXPECT_LT(rejects_[0]["raw"].get<std::string>().size(), 2000u);
  EXPECT_EQ(report.lines, 4);
  EXPECT_EQ(report.rejected(), 1);
}

// Items 4 and 5: event_url and source_url are stored only when they may be
// served as links (source_url: or a catalog-relative path); anything else
// is dropped with an InvalidUrl warning and the tournament kept.
TEST_F(HostileInput, UrlsThatAreNotLinksAreDroppedWithAWarning) {
  struct Case {
    std::string event_url, source_url;
    std::string want_event_url, want_source_url;  // "" = null
    std::vector<std::string> warned;              // fields
  };
  const std::vector<Case> cases = {
      {"https://organiser.test/e/1", "https://organiser.test/agenda", "https://organiser.test/e/1",
       "https://organiser.test/agenda", {}},
      {"javascript:alert(document.cookie)", "https://organiser.test/agenda", "", "https://organiser.test/agenda",
       {"event_url"}},
      {"data:text/html;base64,PHNjcmlwdD4=", "data:text/html,x", "", "", {"event_url", "source_url"}},
      {"https://organiser.test/e\r\nEND:VEVENT\r\nBEGIN:VEVENT", "demo/club-lyon.ics", "", "demo/club-lyon.ics",
       {"event_url"}},
      {" https://organiser.test/e/2 ", "file:///home/pft/sources/demo/club-lyon.ics", "https://organiser.test/e/2", "",
       {"source_url"}},
      {"/tournoi/3", "/home/pft/sources/demo/club-lyon.ics", "", "", {"event_url", "source_url"}},
  };
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    json e = event("Tournoi " + std::to_string(i));
    e["event_url"] = cases[i].event_url;
    e["source_url"] = cases[i].source_url;
    lines.push_back(e.dump());
  }
  NormalizeReport report;
  auto out = dryRun(lines, report);
  ASSERT_EQ(out.size(), cases.size());
  std::map<std::int64_t, std::vector<std::string>> warned;
  for (const json& r : rejects_) {
    EXPECT_EQ(r["warning"], true);
    EXPECT_EQ(r["reason"], "InvalidUrl");
    warned[r["line"].get<std::int64_t>()].push_back(r["field"]);
  }
  for (std::size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(i);
    const Case& c = cases[i];
    EXPECT_FALSE(out[i].contains("rejected"));
    auto expect = [](const json& v, const std::string& want) {
      if (want.empty()) {
        EXPECT_TRUE(v.is_null()) << v;
      } else {
        EXPECT_EQ(v, want);
      }
    };
    expect(out[i]["event_url"], c.want_event_url);
    expect(out[i]["source_url"], c.want_source_url);
    EXPECT_EQ(warned[static_cast<std::int64_t>(i + 1)], c.warned);
  }
  EXPECT_EQ(report.warned_by_reason.at("InvalidUrl"), 7);
  EXPECT_EQ(report.warned_lines, 5);
  EXPECT_EQ(report.rejected(), 0);
}

// Tail note of issue 15: a timed start with an end known by its day only
// is served with a bare-date end, never a made-up midnight.
TEST_F(HostileInput, EndWithoutItsTimeIsADate) {
  json two_days = event("Festival");
  two_days["start"] = "les 12 et 13 décembre à 19 h";
  json timed = event("Soirée");
  timed["start"] = "12/12/2026 20h";
  timed["end"] = "13/12/2026 2h";
  NormalizeReport report;
  auto out = dryRun({two_days.dump(), timed.dump()}, report);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0]["start_datetime_local"], "2026-12-12T19:00:00+01:00");
  EXPECT_EQ(out[0]["end_datetime_local"], "2026-12-13");
  EXPECT_EQ(out[0]["multi_day"], true);
  EXPECT_EQ(out[1]["end_datetime_local"], "2026-12-13T02:00:00+01:00");
}

}  // namespace
}  // namespace pft::normalize
