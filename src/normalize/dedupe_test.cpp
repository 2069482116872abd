#include "pft/normalize/dedupe.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace pft::normalize {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

const Instant kT0{std::chrono::seconds(1'796'000'000)};

DedupeItem item(std::uint32_t venue, const char* title, Instant start, int priority = 0, bool time_known = true) {
  DedupeItem d;
  d.venue = venue;
  d.title_key = title;
  d.start = start;
  d.time_known = time_known;
  d.local_day = static_cast<std::int32_t>(std::chrono::floor<std::chrono::days>(start).time_since_epoch().count());
  d.priority = priority;
  return d;
}

TEST(FindDuplicates, ExactKeyWithinARun) {
  std::vector<DedupeItem> items = {item(1, "deepstack", kT0), item(1, "deepstack", kT0)};
  auto d = findDuplicates(items);
  EXPECT_EQ(d[0], kNotDuplicate);
  EXPECT_EQ(d[1], 0u);
}

TEST(FindDuplicates, AcrossSourcesHigherPriorityWinsEvenWhenLater) {
  // aggregator first (priority 0), the organiser's own site later (priority 10)
  std::vector<DedupeItem> items = {item(7, "tournoi deepstack du samedi", kT0, 0),
                                   item(7, "tournoi deep stack du samedi", kT0 + minutes(30), 10)};
  auto d = findDuplicates(items);
  EXPECT_EQ(d[0], 1u);
  EXPECT_EQ(d[1], kNotDuplicate);
}

TEST(FindDuplicates, RicherWinsAtEqualPriorityThenFirst) {
  std::vector<DedupeItem> items = {item(1, "bounty", kT0), item(1, "bounty", kT0), item(1, "bounty", kT0)};
  items[2].richness = 5;
  auto d = findDuplicates(items);
  EXPECT_EQ(d[0], 2u);
  EXPECT_EQ(d[1], 2u);
  EXPECT_EQ(d[2], kNotDuplicate);
}

TEST(FindDuplicates, NearDuplicatesNeedSameVenueTwoHoursAndSimilarTitles) {
  std::vector<DedupeItem> items = {
      item(1, "main event", kT0),
      item(2, "main event", kT0),                          // other venue
      item(1, "main event", kT0 - hours(2) - minutes(1)),  // too early
      item(1, "high roller", kT0 + minutes(10)),           // other title
      item(1, "main events", kT0 + hours(1) + minutes(59)),  // near duplicate
  };
  auto d = findDuplicates(items);
  EXPECT_EQ(d[0], kNotDuplicate);
  EXPECT_EQ(d[1], kNotDuplicate);
  EXPECT_EQ(d[2], kNotDuplicate);
  EXPECT_EQ(d[3], kNotDuplicate);
  EXPECT_EQ(d[4], 0u);
}

TEST(FindDuplicates, DateOnlyMatchesTheSameLocalDay) {
  Instant midnight = std::chrono::floor<std::chrono::days>(kT0);
  std::vector<DedupeItem> items = {item(3, "super stack", midnight, 0, false),
                                   item(3, "super stack", midnight + hours(20), 5, true),
                                   item(3, "super stack", midnight + hours(44), 0, true)};
  auto d = findDuplicates(items);
  EXPECT_EQ(d[0], 1u);
  EXPECT_EQ(d[1], kNotDuplicate);
  EXPECT_EQ(d[2], kNotDuplicate);
}

TEST(MergeInto, KeepsTheRichestFields) {
  Tournament kept;
  kept.title = "Deepstack";
  kept.time_known = false;
  kept.start = kT0;
  kept.tags = {"deepstack"};
  Tournament dup;
  dup.title = "Deep stack";
  dup.time_known = true;
  dup.start = kT0 + hours(20);
  dup.buy_in_cents = 15000;
  dup.description = "Structure 30 min";
  dup.tags = {"deepstack", "bounty"};
  dup.venue.address = "1 rue X";
  dup.venue.latitude = 49.0;
  dup.venue.longitude = 1.0;
  mergeInto(kept, dup);
  EXPECT_EQ(kept.title, "Deepstack");
  EXPECT_TRUE(kept.time_known);
  EXPECT_EQ(kept.start, kT0 + hours(20));
  EXPECT_EQ(kept.buy_in_cents, 15000);
  EXPECT_EQ(kept.description, "Structure 30 min");
  EXPECT_EQ(kept.tags, (std::vector<std::string>{"deepstack", "bounty"}));
  EXPECT_EQ(kept.venue.address, "1 rue X");
  EXPECT_EQ(kept.venue.latitude, 49.0);
  EXPECT_GT(richness(kept), richness(Tournament{}));
}

// A day-only event with an end "2h" (02:00 that day) merged with the same
// tournament at 20:00: the start moves, the old end would come before it
// (the store refuses that). Found by the French bench data.
TEST(Dedupe, MergedStartNeverPassesTheEnd) {
  Tournament kept;
  kept.start = kT0;
  kept.time_known = false;
  kept.end = kT0 + hours(2);
  Tournament dup;
  dup.start = kT0 + hours(20);
  dup.time_known = true;
  mergeInto(kept, dup);
  EXPECT_EQ(kept.start, kT0 + hours(20));
  EXPECT_FALSE(kept.end.has_value());
  EXPECT_FALSE(kept.multi_day);

  Tournament kept2 = Tournament{};
  kept2.start = kT0;
  kept2.time_known = false;
  kept2.end = kT0 + hours(2);
  dup.end = kT0 + hours(26);  // 02:00 the next night
  mergeInto(kept2, dup);
  EXPECT_EQ(kept2.end, kT0 + hours(26));
  EXPECT_FALSE(kept2.multi_day);

  Tournament kept3;  // no end: takes the duplicate's, with its multi_day
  kept3.start = kT0 + hours(20);
  kept3.time_known = true;
  Tournament dup3 = dup;
  dup3.end = kT0 + hours(44);
  dup3.multi_day = true;
  mergeInto(kept3, dup3);
  EXPECT_EQ(kept3.end, kT0 + hours(44));
  EXPECT_TRUE(kept3.multi_day);
}

}  // namespace
}  // namespace pft::normalize
