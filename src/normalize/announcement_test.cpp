// Articles of an announcement feed through normalizeEvent (announcement.hpp),
// table tests/data/normalize/announcements_feed.tsv.

#include "pft/normalize/announcement.hpp"

#include <gtest/gtest.h>

#include "parse_test_tsv.hpp"
#include "pft/normalize/normalize_event.hpp"
#include "test_gazetteer.hpp"

namespace pft::normalize {
namespace {

const Instant kFetched = *parseIsoInstant("2026-12-02T18:00:00+01:00");

TEST(Announcement, FeedArticlesAreReadOrSkippedWithAReason) {
  const auto rows = testing::readTable("announcements_feed.tsv");
  ASSERT_GE(rows.size(), 8u);
  for (const auto& r : rows) {
    SCOPED_TRACE("announcements_feed.tsv:" + std::to_string(r.line) + " (" + r.at(7) + ")");
    RawEvent raw;
    raw.kind = "announcement";
    raw.source_name = "news";
    raw.source_url = "https://news.example/feed/";
    raw.title = r.at(0);
    raw.description = r.at(1);
    raw.published_at = r.at(2);
    raw.fetched_at = formatLocalIso(kFetched);
    raw.source_hash = "h" + std::to_string(r.line);
    EventContext context(testing::bundledGazetteer(), kFetched);
    auto e = normalizeEvent(raw, context);
    const std::string& expected = r.at(3);
    if (expected[0] == '!') {
      ASSERT_FALSE(e) << "normalised to " << (e ? formatLocalIso(e->start) : "");
      EXPECT_EQ(errorCodeName(e.error().code), expected.substr(1)) << e.error().describe();
      continue;
    }
    ASSERT_TRUE(e) << e.error().describe();
    Tournament t;
    context.materialize(*e, t);
    EXPECT_EQ(e->time_known ? formatLocalIso(e->start) : formatLocalDate(e->start), expected);
    const Venue& v = context.venueSlots()[e->venue_slot].resolved.venue;
    EXPECT_EQ(v.city, r.at(5) == "-" ? "" : r.at(5));
    if (r.at(4) != "-") {
      EXPECT_EQ(v.name, r.at(4));
    }
    if (r.at(6) == "-") {
      EXPECT_FALSE(e->buy_in);
    } else {
      ASSERT_TRUE(e->buy_in);
      EXPECT_EQ(*e->buy_in, std::stoll(r.at(6)));
    }
  }
}

TEST(Announcement, StructuredEventsAreNotTouched) {
  // The same report as an ordinary event (no kind) keeps its old reading:
  // coverage is read as a past date, not skipped.
  RawEvent raw;
  raw.source_name = "presse";
  raw.title = "Kader Slila a remporté le Main Event";
  raw.description = "Au Pasino de Saint-Amand, dimanche.";
  raw.venue_name = "Pasino";
  raw.city = "Saint-Amand-les-Eaux";
  raw.published_at = "Mon, 30 Nov 2026 09:12:44 +0000";
  raw.fetched_at = formatLocalIso(kFetched);
  EventContext context(testing::bundledGazetteer(), kFetched);
  auto e = normalizeEvent(raw, context);
  ASSERT_TRUE(e) << e.error().describe();
  EXPECT_EQ(formatLocalDate(e->start), "2026-11-29");
}

TEST(Announcement, VenueWords) {
  const Gazetteer& g = testing::bundledGazetteer();
  auto v = findVenueInText("", "Rendez-vous au Casino d'Évian samedi.", g);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->name, "Casino d'Évian");
  EXPECT_EQ(v->city, "Évian-les-Bains");
  v = findVenueInText("", "le club organise un tournoi", g);
  EXPECT_FALSE(v) << "no name after the venue word, no town";
  EXPECT_FALSE(whyNotAnnouncement("Deepstack samedi", ""));
  EXPECT_TRUE(whyNotAnnouncement("Résultats", "Il a remporté le tournoi dimanche."));
}

}  // namespace
}  // namespace pft::normalize
