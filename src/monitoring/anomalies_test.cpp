#include "pft/monitoring/anomalies.hpp"

#include <gtest/gtest.h>

namespace pft::monitoring {
namespace {

Instant at(const char* iso) { return *parseIsoInstant(iso); }
const Instant kNow = at("2026-12-01T12:00:00+01:00");

Venue venue(std::int64_t id, const char* name, const char* city, bool coords = true, const char* dep = "Rhône") {
  Venue v;
  v.id = id;
  v.name = name;
  v.city = city;
  v.department = dep;
  if (coords) {
    v.latitude = 45.76;
    v.longitude = 4.83;
  }
  return v;
}

Tournament tour(std::int64_t id, const Venue& v, const char* title, const char* start, std::int64_t buy_in = 15000,
                const char* source = "src") {
  Tournament t;
  t.id = id;
  t.venue_id = v.id;
  t.venue = v;
  t.title = title;
  t.start = at(start);
  t.buy_in_cents = buy_in;
  t.source_name = source;
  return t;
}

std::vector<std::string> lines(const MonitorReport& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.push_back(f.line);
  return out;
}

const Venue kLyon = venue(1, "Casino Le Lyon Vert", "La Tour-de-Salvagny");
const Venue kClub = venue(2, "Club Lyon", "Lyon");

TEST(Anomalies, CleanDataSaysNoAnomalies) {
  Tournament freeroll = tour(3, kClub, "Freeroll du dimanche", "2026-12-06T15:00:00+01:00", 0);
  freeroll.tags = {"freeroll"};
  std::vector<Tournament> ts = {tour(1, kLyon, "Deepstack 150€", "2026-12-05T20:00:00+01:00"),
                                tour(2, kLyon, "Deepstack 150€", "2026-12-12T20:00:00+01:00"),  // a week later
                                tour(4, kLyon, "Main Event Day 1A", "2026-12-05T12:00:00+01:00"),
                                tour(5, kLyon, "High Roller", "2026-12-05T16:00:00+01:00", 2'500'000), freeroll};
  Tournament unknown_time = tour(6, kClub, "Tournoi mensuel", "2026-12-10T03:00:00+01:00");
  unknown_time.time_known = false;  // a date without time: not a night start
  ts.push_back(unknown_time);
  std::vector<IngestRun> runs(1);
  runs[0].id = 1;
  runs[0].status = "ok";
  runs[0].started_at = kNow - std::chrono::hours{9};
  runs[0].sources = {SourceRun{"src", "ok", 200, 10, 6, 0.1, ""}};
  auto r = buildAnomalyReport(ts, {kLyon, kClub}, runs, kNow, {});
  EXPECT_EQ(lines(r), std::vector<std::string>{"OK: No anomalies detected"});
  EXPECT_EQ(exitCode(r), 0);
}

TEST(Anomalies, EveryPlantedFaultIsReportedWithCountAndExamples) {
  Venue nowhere = venue(3, "Cercle Inconnu", "Paris", false, "");
  Tournament night = tour(20, kClub, "Late night turbo", "2026-12-05T03:30:00+01:00");
  Tournament dup_a = tour(10, kLyon, "Deepstack 150€", "2026-12-05T20:00:00+01:00");
  Tournament dup_b = tour(11, kLyon, "DEEPSTACK 150 €", "2026-12-05T21:00:00+01:00");
  Tournament near_a = tour(12, kClub, "Tournoi mensuel de Noel", "2026-12-20T19:00:00+01:00");
  Tournament near_b = tour(13, kClub, "Tournoi mensuel de Noëls", "2026-12-20T20:30:00+01:00");
  Tournament neg = tour(14, kClub, "Bad price", "2026-12-07T20:00:00+01:00", -500);
  Tournament zero = tour(15, kClub, "Zero price", "2026-12-08T20:00:00+01:00", 0);
  Tournament past = tour(16, kClub, "Old event", "2026-11-01T20:00:00+01:00");
  Tournament lost = tour(17, nowhere, "Somewhere", "2026-12-09T20:00:00+01:00");
  Tournament pricey = tour(18, kLyon, "Super High Roller", "2026-12-10T20:00:00+01:00", 2'500'001);
  Tournament html = tour(19, kLyon, "Omaha &amp; Hold&#39;em <b>KO</b>", "2026-12-11T20:00:00+01:00");
  std::vector<Tournament> ts = {night, dup_a, dup_b, near_a, near_b, neg, zero, past, lost, pricey, html};

  IngestRun latest;
  latest.id = 30;
  latest.status = "partial";
  latest.started_at = kNow - std::chrono::hours{9};
  latest.sources = {SourceRun{"src", "ok", 200, 10, 11, 0.1, ""}, SourceRun{"dead", "failed", 0, 0, 0, 0.1, "x"}};
  IngestRun old = latest;
  old.id = 20;
  old.status = "ok";
  old.started_at = kNow - std::chrono::hours{24 * 8};
  old.sources = {SourceRun{"src", "ok", 200, 10, 11, 0.1, ""}, SourceRun{"dead", "ok", 200, 10, 4, 0.1, ""}};

  auto r = buildAnomalyReport(ts, {kLyon, kClub, nowhere}, {latest, old}, kNow, {});
  EXPECT_EQ(lines(r), (std::vector<std::string>{
                          "ALERT: 1 duplicate event (same venue, title and date)",
                          "ALERT: 1 near-duplicate pair (same venue, starts within 2h, titles at least 90 % alike)",
                          "ALERT: 2 tournaments with a zero or negative buy-in (freerolls excluded)",
                          "ALERT: 1 past event still stored (remove with pft purge --past --older-than AGE)",
                          "ALERT: 1 tournament without coordinates",
                          "ALERT: 1 venue without department",
                          "ALERT: 1 tournament with a buy-in above 25000 €",
                          "ALERT: 1 tournament starting between 01:00 and 07:00 (Paris)",
                          "ALERT: 1 source without events for 7d: dead",
                          "ALERT: 1 title with leftover HTML or entities",
                      }));
  EXPECT_EQ(exitCode(r), 1);
  auto ids = [&](std::size_t i) {
    std::vector<std::int64_t> out;
    for (const auto& e : r.findings[i].examples) out.push_back(e.id);
    return out;
  };
  EXPECT_EQ(ids(0), (std::vector<std::int64_t>{10, 11}));
  EXPECT_EQ(ids(1), (std::vector<std::int64_t>{12, 13}));
  EXPECT_EQ(ids(2), (std::vector<std::int64_t>{14, 15}));
  EXPECT_EQ(ids(3), (std::vector<std::int64_t>{16}));
  EXPECT_EQ(ids(4), (std::vector<std::int64_t>{17}));
  EXPECT_EQ(ids(5), (std::vector<std::int64_t>{3}));
  EXPECT_EQ(ids(6), (std::vector<std::int64_t>{18}));
  EXPECT_EQ(ids(7), (std::vector<std::int64_t>{20}));
  EXPECT_EQ(ids(9), (std::vector<std::int64_t>{19}));
  const Example& e = r.findings[0].examples[0];
  EXPECT_EQ(e.title, "Deepstack 150€");
  EXPECT_EQ(e.venue, "Casino Le Lyon Vert (La Tour-de-Salvagny)");
  EXPECT_EQ(e.date, "2026-12-05T20:00:00+01:00");
  EXPECT_EQ(e.source, "src");
  EXPECT_EQ(r.findings[8].examples[0].source, "dead");
}

TEST(Anomalies, CountsAllButListsFiveExamples) {
  std::vector<Tournament> ts;
  for (int i = 0; i < 8; ++i) {
    ts.push_back(tour(100 + i, kClub, "Night owl", "2026-12-05T02:00:00+01:00", 1000));
    ts.back().start += std::chrono::hours{24 * i};
  }
  auto r = buildAnomalyReport(ts, {kClub}, {}, kNow, {});
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].line, "ALERT: 8 tournaments starting between 01:00 and 07:00 (Paris)");
  EXPECT_EQ(r.findings[0].count, 8);
  EXPECT_EQ(r.findings[0].examples.size(), 5u);
}

TEST(Anomalies, NightWindowBoundsAreOneInclusiveSevenExclusive) {
  auto check = [&](const char* start) {
    return buildAnomalyReport({tour(1, kClub, "T", start)}, {kClub}, {}, kNow, {}).findings[0].check;
  };
  EXPECT_EQ(check("2026-12-05T00:59:00+01:00"), "anomalies");
  EXPECT_EQ(check("2026-12-05T01:00:00+01:00"), "night_start");
  EXPECT_EQ(check("2027-06-05T06:59:00+02:00"), "night_start");  // summer time
  EXPECT_EQ(check("2026-12-05T07:00:00+01:00"), "anomalies");
}

TEST(Anomalies, PastGraceSparesRecentEvents) {
  AnomalyOptions o;
  o.past_grace = std::chrono::hours{24 * 30};
  Tournament recent = tour(1, kClub, "Yesterday", "2026-11-30T20:00:00+01:00");
  Tournament old = tour(2, kClub, "Long ago", "2026-10-01T20:00:00+02:00");
  auto r = buildAnomalyReport({recent, old}, {kClub}, {}, kNow, o);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].line, "ALERT: 1 past event ended more than 30d ago still stored");
  EXPECT_EQ(r.findings[0].examples[0].id, 2);
}

TEST(Anomalies, SilentSourceNeverProductiveForSevenDays) {
  IngestRun latest;
  latest.id = 2;
  latest.status = "ok";
  latest.started_at = kNow - std::chrono::hours{1};
  latest.sources = {SourceRun{"new", "ok", 200, 1, 0, 0.1, ""}};
  // Seen only for an hour: not yet silent.
  EXPECT_EQ(buildAnomalyReport({}, {}, {latest}, kNow, {}).findings[0].line, "OK: No anomalies detected");
  IngestRun first = latest;
  first.id = 1;
  first.started_at = kNow - std::chrono::hours{24 * 7};
  auto r = buildAnomalyReport({}, {}, {latest, first}, kNow, {});
  EXPECT_EQ(r.findings[0].line, "ALERT: 1 source without events for 7d: new");
  EXPECT_EQ(r.findings[0].examples[0].date, "never returned events");
}

TEST(Anomalies, SilentSourceFromStoredTournamentsAlone) {
  Tournament stale = tour(1, kClub, "Tournoi", "2026-12-05T20:00:00+01:00", 1000, "old-feed");
  stale.last_seen_at = kNow - std::chrono::hours{24 * 10};
  Tournament fresh = tour(2, kClub, "Autre", "2026-12-06T20:00:00+01:00", 1000, "live-feed");
  fresh.last_seen_at = kNow - std::chrono::hours{9};
  auto r = buildAnomalyReport({stale, fresh}, {kClub}, {}, kNow, {});
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].line, "ALERT: 1 source without events for 7d: old-feed");
  EXPECT_EQ(r.findings[0].examples[0].date, "last events 2026-11-21T12:00:00+01:00");
  // A run in which the source brought events is a sign of life too.
  IngestRun run;
  run.id = 4;
  run.status = "ok";
  run.started_at = kNow - std::chrono::hours{2};
  run.sources = {SourceRun{"old-feed", "ok", 200, 10, 1, 0.1, ""}};
  EXPECT_EQ(buildAnomalyReport({stale, fresh}, {kClub}, {run}, kNow, {}).findings[0].line,
            "OK: No anomalies detected");
}

TEST(Anomalies, FreerollByTitleIsNotAnAnomaly) {
  auto r = buildAnomalyReport({tour(1, kClub, "Freeroll du dimanche", "2026-12-06T15:00:00+01:00", 0),
                               tour(2, kClub, "Tournoi gratuit", "2026-12-07T15:00:00+01:00", 0),
                               tour(3, kClub, "Freerollers cup", "2026-12-08T15:00:00+01:00", 0)},
                              {kClub}, {}, kNow, {});
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].line, "ALERT: 1 tournament with a zero or negative buy-in (freerolls excluded)");
  EXPECT_EQ(r.findings[0].examples[0].id, 3);
}

TEST(Anomalies, LeftoverHtmlDetection) {
  EXPECT_TRUE(hasLeftoverHtml("Omaha &amp; Hold'em"));
  EXPECT_TRUE(hasLeftoverHtml("Hold&#39;em"));
  EXPECT_TRUE(hasLeftoverHtml("Hold&#x27;em"));
  EXPECT_TRUE(hasLeftoverHtml("<b>KO</b>"));
  EXPECT_TRUE(hasLeftoverHtml("Deepstack<br/>150"));
  EXPECT_FALSE(hasLeftoverHtml("Tom & Jerry; KO"));
  EXPECT_FALSE(hasLeftoverHtml("Stack < 100 BB > 50"));
  EXPECT_FALSE(hasLeftoverHtml("R&D; 3 < 5"));
  EXPECT_FALSE(hasLeftoverHtml("Bounty 50€ — Texas Hold'em"));
}

TEST(Anomalies, MassWithdrawalIsMoreThanHalfOfASourcesUpcomingInOneRun) {
  auto run = [](std::int64_t id, int hours_ago, std::int64_t removed, std::int64_t upcoming) {
    IngestRun r;
    r.id = id;
    r.status = "ok";
    r.started_at = kNow - std::chrono::hours{hours_ago};
    SourceRun s{"casino", "ok", 200, 10, 3, 0.1, ""};
    s.complete = true;
    s.removed = removed;
    s.upcoming_before = upcoming;
    SourceRun other{"club", "ok", 200, 10, 3, 0.1, ""};
    r.sources = {s, other};
    return r;
  };
  // Exactly half is not more than half; none withdrawn of none is nothing.
  EXPECT_EQ(buildAnomalyReport({}, {}, {run(2, 1, 5, 10), run(1, 2, 0, 0)}, kNow, {}).findings[0].line,
            "OK: No anomalies detected");
  // 6 of 10 in the older run: reported with that run, once per source.
  auto r = buildAnomalyReport({}, {}, {run(3, 1, 1, 10), run(2, 2, 6, 10), run(1, 3, 9, 12)}, kNow, {});
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].check, "mass_withdrawal");
  EXPECT_EQ(r.findings[0].line, "ALERT: 1 source withdrew more than half of its upcoming tournaments in one run: casino");
  EXPECT_EQ(r.findings[0].examples[0].date, "run #2 (2026-12-01T10:00:00+01:00) withdrew 6 of 10 upcoming");
  // Older than the window: no longer reported.
  for (const auto& f : buildAnomalyReport({}, {}, {run(1, 24 * 8, 9, 10)}, kNow, {}).findings) {
    EXPECT_NE(f.check, "mass_withdrawal") << f.line;
  }
}

}  // namespace
}  // namespace pft::monitoring
