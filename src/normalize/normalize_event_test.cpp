// normalizeEvent and its EventContext: the caches only save work. Events
// chosen to share what the caches are keyed on (a start text, a buy-in
// text, a title, a venue) while differing in what else decides the answer
// (zone, reference year, title, description) must give, in a context that
// has seen all the others, exactly what they give in a fresh one.
#include "pft/normalize/normalize_event.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "parse_test_tsv.hpp"
#include "pft/core/json.hpp"
#include "test_gazetteer.hpp"

namespace pft::normalize {
namespace {

const Gazetteer& gazetteer() { return testing::bundledGazetteer(); }

// 2026-11-20T10:00:00Z.
const Instant kNow{std::chrono::seconds(1795168800)};

RawEvent raw(std::string title, std::string start, std::string buy_in = "150 €") {
  RawEvent r;
  r.source_name = "club";
  r.source_url = "https://example.org/club";
  r.title = std::move(title);
  r.start = std::move(start);
  r.buy_in = std::move(buy_in);
  r.venue_name = "Casino Barrière";
  r.city = "Deauville";
  r.fetched_at = "2026-11-20T10:00:00+01:00";
  r.source_hash = "h";
  return r;
}

std::vector<RawEvent> collidingEvents() {
  std::vector<RawEvent> v;
  v.push_back(raw("Deepstack", "samedi 12 décembre 2026 à 14h"));
  auto other_zone = raw("Deepstack", "samedi 12 décembre 2026 à 14h");
  other_zone.timezone = "America/New_York";  // same start text, other instant
  v.push_back(other_zone);
  auto next_year = raw("Deepstack", "12 décembre 19h");
  next_year.fetched_at = "2027-11-20T10:00:00+01:00";  // the year comes from the reference
  v.push_back(raw("Deepstack", "12 décembre 19h"));
  v.push_back(next_year);
  v.push_back(raw("Deepstack 20h", "12/12/2026"));  // the time comes from the title
  v.push_back(raw("Deepstack 21h", "12/12/2026"));
  auto described = raw("Deepstack", "12/12/2026");
  described.description = "Début du tournoi à 18h30, 100 € (90+10)";
  v.push_back(described);
  v.push_back(raw("Tournoi 50 €", "12/12/2026 20h", ""));  // the buy-in comes from the title
  v.push_back(raw("Tournoi 80 €", "12/12/2026 20h", ""));
  v.push_back(raw("Freeroll PLO", "12/12/2026 20h", "gratuit"));
  auto cancelled = raw("Freeroll PLO", "12/12/2026 20h", "gratuit");
  cancelled.status_text = "annulé";
  v.push_back(cancelled);
  auto elsewhere = raw("Deepstack", "12/12/2026 20h");
  elsewhere.venue_name = "Club de Rouen";
  elsewhere.city = "Rouen";
  elsewhere.priority = 5;
  v.push_back(elsewhere);
  auto bad_zone = raw("Deepstack", "12/12/2026 20h");
  bad_zone.timezone = "Mars/Olympus";
  v.push_back(bad_zone);
  v.push_back(raw("", "12/12/2026 20h"));
  v.push_back(raw("Deepstack", "le 31 février"));
  v.push_back(raw("Deepstack", "12/12/2026 20h", "100 € + 10"));
  return v;
}

// What an outcome shows: the tournament's JSON with its venue, or the error.
std::string outcome(const Result<NormalizedEvent>& r, const EventContext& context) {
  if (!r) return std::string("!") + errorCodeName(r.error().code) + " " + r.error().describe();
  Tournament t;
  context.materialize(*r, t);
  t.venue = context.venueSlots()[r->venue_slot].resolved.venue;
  return tournamentToJson(t, false).dump() + " priority=" + std::to_string(r->priority) +
         " identity=" + t.identity_key;
}

TEST(NormalizeEvent, IdentityIsTheSourceIdElseVenueLocalDayAndFoldedTitle) {
  // 2026-12-10 23:30 UTC is the 11th in Paris: the day is the local one.
  const Instant late{std::chrono::seconds(1796945400)};
  struct Case {
    std::string source_id, venue_key, zone, title, want;
  };
  const std::vector<Case> cases = {
      {"uid-42@club.example", "casino|deauville", "Europe/Paris", "deepstack", "id:uid-42@club.example"},
      {"  https://club.example/t/7  ", "v", "Europe/Paris", "x", "id:https://club.example/t/7"},
      {"", "casino|deauville", "Europe/Paris", "deepstack du jeudi", "k:casino|deauville|2026-12-11|deepstack du jeudi"},
      {"   ", "v", "UTC", "t", "k:v|2026-12-10|t"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(identityKey(c.source_id, c.venue_key, late, c.zone, c.title), c.want) << c.source_id << c.title;
  }
  // Long texts are cut at a character boundary and end with a hash of the whole.
  const std::string long_title(300, 'e');
  std::string a = identityKey("", "v", late, "Europe/Paris", long_title + "a");
  std::string b = identityKey("", "v", late, "Europe/Paris", long_title + "b");
  EXPECT_LE(a.size(), kMaxIdentityText);
  EXPECT_NE(a, b);
  EXPECT_EQ(a, identityKey("", "v", late, "Europe/Paris", long_title + "a"));
  std::string accents;
  for (int i = 0; i < 150; ++i) accents += "é";
  std::string cut = identityKey(accents, "", late, "UTC", "");
  EXPECT_LE(cut.size(), kMaxIdentityText);
  EXPECT_EQ(cut.substr(0, 3), "id:");
  EXPECT_EQ((cut.size() - 3 - 17) % 2, 0u) << cut;  // whole two-byte characters before "#<16 hex>"
}

TEST(NormalizeEvent, CachedAnswersEqualFreshOnes) {
  const auto events = collidingEvents();
  std::vector<std::string> fresh;
  for (const auto& e : events) {
    EventContext context(gazetteer(), kNow);
    fresh.push_back(outcome(normalizeEvent(e, context), context));
  }
  EventContext shared(gazetteer(), kNow);
  for (int round = 0; round < 2; ++round) {
    for (std::size_t i = 0; i < events.size(); ++i) {
      EXPECT_EQ(outcome(normalizeEvent(events[i], shared), shared), fresh[i]) << "event " << i << " round " << round;
    }
  }
  // The cases do differ where the caches could confuse them.
  EXPECT_NE(fresh[0], fresh[1]);
  EXPECT_NE(fresh[2], fresh[3]);
  EXPECT_NE(fresh[4], fresh[5]);
  EXPECT_NE(fresh[7], fresh[8]);
  EXPECT_NE(fresh[9], fresh[10]);
}

TEST(NormalizeEvent, RejectionsAndVenuePriority) {
  EventContext context(gazetteer(), kNow);
  auto missing_title = normalizeEvent(raw("  ", "12/12/2026 20h"), context);
  ASSERT_FALSE(missing_title);
  EXPECT_EQ(missing_title.error().code, ErrorCode::kMissingField);
  auto no_venue = raw("Deepstack", "12/12/2026 20h");
  no_venue.venue_name.clear();
  no_venue.city.clear();
  auto rejected = normalizeEvent(no_venue, context);
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().code, ErrorCode::kMissingField);
  EXPECT_EQ(rejected.error().where, "venue_name");
  auto bad_date = raw("Deepstack", "le 31 février");
  auto invalid = normalizeEvent(bad_date, context);
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().code, ErrorCode::kInvalidDate);
  // A rejected event leaves no venue slot; accepted ones record their priority.
  EXPECT_TRUE(context.venueSlots().empty());
  auto low = raw("Deepstack", "12/12/2026 20h");
  auto high = low;
  high.title = "Main Event";
  high.priority = 7;
  auto a = normalizeEvent(low, context);
  auto b = normalizeEvent(high, context);
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_EQ(a->venue_slot, b->venue_slot);
  ASSERT_EQ(context.venueSlots().size(), 1u);
  EXPECT_EQ(context.venueSlots()[0].best_priority, 7);
  EXPECT_EQ(context.text(a->title), "Deepstack");
  EXPECT_EQ(context.text(a->variant), "NLHE");
  EXPECT_EQ(a->buy_in, 15000);
}

// Two contexts merged read as one that saw both halves, in order.
TEST(NormalizeEvent, AbsorbedContextReadsAsOne) {
  const auto events = collidingEvents();
  const std::size_t half = events.size() / 2;
  EventContext one(gazetteer(), kNow);
  std::vector<std::string> expected;
  for (const auto& e : events) expected.push_back(outcome(normalizeEvent(e, one), one));

  EventContext first(gazetteer(), kNow);
  EventContext second(gazetteer(), kNow);
  std::vector<Result<NormalizedEvent>> got;
  for (std::size_t i = 0; i < events.size(); ++i) got.push_back(normalizeEvent(events[i], i < half ? first : second));
  ContextMerge merge = first.absorb(second);
  for (std::size_t i = half; i < events.size(); ++i) {
    if (got[i]) merge.apply(*got[i]);
  }
  first.releaseCaches();
  for (std::size_t i = 0; i < events.size(); ++i) EXPECT_EQ(outcome(got[i], first), expected[i]) << "event " << i;
  ASSERT_EQ(first.venueSlots().size(), one.venueSlots().size());
  for (std::size_t i = 0; i < one.venueSlots().size(); ++i) {
    EXPECT_EQ(first.venueSlots()[i].resolved.venue.name, one.venueSlots()[i].resolved.venue.name);
    EXPECT_EQ(first.venueSlots()[i].best_priority, one.venueSlots()[i].best_priority);
  }
}

// Event URLs, source hashes and identities are stored in chunks: what a
// context stored reads back the same after it grew past one chunk (4 MiB)
// and after another context, itself past one chunk, was absorbed.
TEST(NormalizeEvent, BlobsReadBackAcrossChunksAndAbsorb) {
  auto text = [](char side, int i) {
    std::string s = std::string(1, side) + std::to_string(i) + ":";
    s.resize(1000 + static_cast<std::size_t>(i % 1500), static_cast<char>('a' + i % 26));
    return s;
  };
  EventContext first(gazetteer(), kNow);
  EventContext second(gazetteer(), kNow);
  std::vector<std::uint64_t> refs_first;
  std::vector<NormalizedEvent> events_second;
  // A real event of `second` (its texts, tags and venue ids are what the merge maps).
  auto model = normalizeEvent(raw("Deepstack", "12/12/2026 20h"), second);
  ASSERT_TRUE(model);
  for (int i = 0; i < 6000; ++i) refs_first.push_back(first.addBlob(text('A', i)));  // ~10 MB: three chunks
  for (int i = 0; i < 5000; ++i) {
    NormalizedEvent e = *model;
    e.event_url = second.addBlob(text('B', i));
    e.source_hash = second.addBlob(i % 3 == 0 ? std::string{} : "h" + std::to_string(i));
    e.identity = second.addBlob("id:" + std::to_string(i));
    events_second.push_back(e);
  }
  ContextMerge merge = first.absorb(second);
  for (auto& e : events_second) merge.apply(e);
  const std::uint64_t after = first.addBlob("après");
  for (int i = 0; i < 6000; ++i) ASSERT_EQ(first.blob(refs_first[i]), text('A', i)) << i;
  for (int i = 0; i < 5000; ++i) {
    const auto& e = events_second[static_cast<std::size_t>(i)];
    ASSERT_EQ(first.blob(e.event_url), text('B', i)) << i;
    ASSERT_EQ(first.blob(e.source_hash), i % 3 == 0 ? std::string{} : "h" + std::to_string(i)) << i;
    ASSERT_EQ(first.blob(e.identity), "id:" + std::to_string(i)) << i;
  }
  EXPECT_EQ(first.blob(after), "après");
  EXPECT_EQ(first.addBlob(""), 0u);
  EXPECT_EQ(first.blob(0), "");
}

// Lose nothing (issue 12 §2), table-driven: an unreadable buy-in or end
// keeps the tournament with that field null and a warning naming the
// field; only a missing or impossible start (or no title) rejects. Each row
// is read twice: in a fresh context, then in one that has read every row
// (the warnings come from the caches too).
TEST(NormalizeEvent, LoseNothingKeepsUnreadableFieldsAsWarnings) {
  const auto rows = testing::readTable("lose_nothing.tsv");
  ASSERT_GE(rows.size(), 20u);
  EventContext shared(gazetteer(), kNow);
  for (int round = 0; round < 2; ++round) {
    for (const auto& row : rows) {
      SCOPED_TRACE("lose_nothing.tsv:" + std::to_string(row.line) + " (" + row.at(11) + ")");
      RawEvent r = raw(row.at(4), row.at(1), row.at(3));
      r.fetched_at = row.at(0) + "T10:00:00+01:00";
      r.end = row.at(2);
      r.description = row.at(5);
      EventContext fresh(gazetteer(), kNow);
      EventContext& context = round == 0 ? fresh : shared;
      std::vector<Error> warnings;
      auto e = normalizeEvent(r, context, &warnings);
      const std::string& expected_start = row.at(6);
      if (expected_start[0] == '!') {
        ASSERT_FALSE(e) << "kept";
        EXPECT_EQ(errorCodeName(e.error().code), expected_start.substr(1));
        continue;
      }
      ASSERT_TRUE(e) << e.error().describe();
      Tournament t;
      context.materialize(*e, t);
      const auto j = tournamentToJson(t, false);
      EXPECT_EQ(j["start_datetime_local"], expected_start);
      EXPECT_EQ(j["end_datetime_local"].is_null() ? "null" : j["end_datetime_local"].get<std::string>(), row.at(7));
      EXPECT_EQ(j["buy_in_cents"].dump(), row.at(8));
      EXPECT_EQ(t.multi_day, row.at(9) == "1");
      std::string got;
      for (const auto& w : warnings) {
        if (!got.empty()) got += ',';
        got += std::string(errorCodeName(w.code)) + ":" + w.where;
        EXPECT_FALSE(w.message.empty());
      }
      EXPECT_EQ(got.empty() ? "-" : got, row.at(10));
    }
  }
}

}  // namespace
}  // namespace pft::normalize
