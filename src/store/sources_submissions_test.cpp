// Source health and submissions (migration 0005), one behaviour on both back
// ends: SQLite (label unit) and PostgreSQL (label integration, pg_server).

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "pft/store/store.hpp"
#include "pft/testing/test_store.hpp"

namespace pft::store {
namespace {

const Instant kDay1 = *parseIsoInstant("2026-12-01T02:00:00+01:00");
const Instant kDay2 = kDay1 + std::chrono::hours(24);
const Instant kDay3 = kDay2 + std::chrono::hours(24);

SourceReport report(const std::string& name, const std::string& status, std::int64_t events = 0) {
  SourceReport r;
  r.name = name;
  r.type = "html";
  r.organiser = "Casino " + name;
  r.homepage = "https://" + name + ".example/";
  r.ran = !status.empty();
  r.status = status;
  r.events = events;
  if (status == "failed") {
    r.failure = SourceFailureKind::kHttp;
    r.http_status = 503;
  }
  return r;
}

class SourcesAndSubmissions : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { ASSERT_TRUE(db_.ok()); }
  Store& store() { return db_.store(); }

  std::vector<SourceStatus> sources() {
    auto r = store().listSourceStatuses();
    EXPECT_TRUE(r) << r.error().describe();
    return r ? *r : std::vector<SourceStatus>{};
  }
  const SourceStatus* find(const std::vector<SourceStatus>& all, const std::string& name) {
    for (const auto& s : all) {
      if (s.name == name) return &s;
    }
    ADD_FAILURE() << "no source " << name;
    return nullptr;
  }

  testing::TestStore db_{GetParam()};
};

TEST_P(SourcesAndSubmissions, AFailureStreakStartsOnceAndEndsOnSuccess) {
  auto v0 = store().dataVersion();
  ASSERT_TRUE(store().recordSourceReports({report("a", "ok", 12), report("b", "failed")}, 1, kDay1));
  auto v1 = store().dataVersion();
  ASSERT_TRUE(v0 && v1);
  EXPECT_GT(*v1, *v0) << "the served /sources changes: readers must reload";

  auto all = sources();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "a") << "ordered by name";
  const SourceStatus* a = find(all, "a");
  const SourceStatus* b = find(all, "b");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->type, "html");
  EXPECT_EQ(a->organiser, "Casino a");
  EXPECT_EQ(a->homepage, "https://a.example/");
  EXPECT_EQ(a->last_status, "ok");
  EXPECT_EQ(a->last_events, 12);
  EXPECT_EQ(a->last_run_id, 1);
  EXPECT_EQ(a->last_success_at, kDay1);
  EXPECT_FALSE(a->failing_since);
  EXPECT_EQ(b->failing_since, kDay1);
  EXPECT_EQ(b->failure, SourceFailureKind::kHttp);
  EXPECT_EQ(b->failure_http_status, 503);
  EXPECT_EQ(b->consecutive_failures, 1);
  EXPECT_FALSE(b->last_success_at);

  // Day 2: b fails again (the streak keeps its start), a fails for the first time.
  ASSERT_TRUE(store().recordSourceReports({report("a", "failed"), report("b", "failed")}, 2, kDay2));
  all = sources();
  a = find(all, "a");
  b = find(all, "b");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(b->failing_since, kDay1);
  EXPECT_EQ(b->consecutive_failures, 2);
  EXPECT_EQ(a->failing_since, kDay2);
  EXPECT_EQ(a->last_success_at, kDay1) << "the last success stays";
  EXPECT_EQ(a->last_events, 0);
  EXPECT_EQ(describeSourceFailure(*b, kDay3 + std::chrono::hours(1)), "HTTP 503 depuis 2 jours");

  // Day 3: b answers 304 (not modified): a success.
  ASSERT_TRUE(store().recordSourceReports({report("a", "failed"), report("b", "not_modified", 7)}, 3, kDay3));
  all = sources();
  b = find(all, "b");
  ASSERT_TRUE(b);
  EXPECT_FALSE(b->failing_since);
  EXPECT_FALSE(b->failure);
  EXPECT_EQ(b->failure_http_status, 0);
  EXPECT_EQ(b->consecutive_failures, 0);
  EXPECT_EQ(b->last_success_at, kDay3);
  EXPECT_EQ(b->last_status, "not_modified");
  EXPECT_EQ(b->last_events, 7);
}

TEST_P(SourcesAndSubmissions, FactsRefreshWithoutARunAndLeaversAreDisabled) {
  ASSERT_TRUE(store().recordSourceReports({report("a", "ok", 3), report("b", "ok", 4)}, 1, kDay1));
  // A --source a run: b is reported (catalog facts) but did not run; c is new
  // and disabled; nothing reports "gone".
  SourceReport b = report("b", "");
  b.organiser = "Casino B (new name)";
  SourceReport c = report("c", "");
  c.enabled = false;
  ASSERT_TRUE(store().recordSourceReports({report("a", "ok", 5), b, c}, 2, kDay2));
  auto all = sources();
  ASSERT_EQ(all.size(), 3u);
  const SourceStatus* sb = find(all, "b");
  const SourceStatus* sc = find(all, "c");
  ASSERT_TRUE(sb && sc);
  EXPECT_EQ(sb->organiser, "Casino B (new name)");
  EXPECT_EQ(sb->last_run_id, 1) << "b did not run in run 2";
  EXPECT_EQ(sb->last_events, 4);
  EXPECT_FALSE(sc->enabled);
  EXPECT_EQ(sc->last_status, "");
  EXPECT_FALSE(sc->last_run_at);

  // The catalog lost b: it is kept, disabled.
  ASSERT_TRUE(store().recordSourceReports({report("a", "ok", 5), c}, 3, kDay3));
  all = sources();
  sb = find(all, "b");
  ASSERT_TRUE(sb);
  EXPECT_FALSE(sb->enabled);
  EXPECT_EQ(sb->last_events, 4) << "history kept";
}

TEST_P(SourcesAndSubmissions, BadReportsAreRefusedWhole) {
  SourceReport bad = report("x", "exploded");
  auto r = store().recordSourceReports({report("a", "ok"), bad}, 1, kDay1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().where.find("x"), std::string::npos);
  EXPECT_TRUE(sources().empty()) << "nothing written";
  r = store().recordSourceReports({report("", "ok")}, 1, kDay1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

Submission tournamentSubmission() {
  Submission s;
  s.kind = SubmissionKind::kTournament;
  s.title = "Deepstack « Noël » 100 €";
  s.date = "2026-12-20";
  s.time = "19:30";
  s.venue_name = "Poker Club de Lyon";
  s.address = "12 rue de la Charité";
  s.city = "Lyon";
  s.postcode = "69002";
  s.buy_in = "100 €";
  s.variant = "PLO";
  s.contact_email = "orga@club.example";
  s.message = "Bonjour,\nmerci !";
  s.origin = "form";
  s.created_at = kDay1;
  return s;
}

TEST_P(SourcesAndSubmissions, SubmissionsArePendingUntilDecided) {
  Submission url;
  url.kind = SubmissionKind::kUrl;
  url.url = "https://club.example/tournois";
  url.origin = "api";
  url.created_at = kDay1;
  url.status = SubmissionStatus::kAccepted;  // ignored: every new submission is pending
  auto first = store().addSubmission(url);
  ASSERT_TRUE(first) << first.error().describe();
  auto second = store().addSubmission(tournamentSubmission());
  ASSERT_TRUE(second) << second.error().describe();
  EXPECT_GT(*second, *first);

  auto pending = store().listSubmissions(SubmissionStatus::kPending, -1);
  ASSERT_TRUE(pending) << pending.error().describe();
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].id, *first) << "oldest first";
  EXPECT_EQ((*pending)[0].status, SubmissionStatus::kPending);
  EXPECT_EQ((*pending)[0].url, "https://club.example/tournois");
  const Submission& t = (*pending)[1];
  Submission expected = tournamentSubmission();
  EXPECT_EQ(t.kind, SubmissionKind::kTournament);
  EXPECT_EQ(t.title, expected.title);
  EXPECT_EQ(t.date, expected.date);
  EXPECT_EQ(t.time, expected.time);
  EXPECT_EQ(t.venue_name, expected.venue_name);
  EXPECT_EQ(t.address, expected.address);
  EXPECT_EQ(t.city, expected.city);
  EXPECT_EQ(t.postcode, expected.postcode);
  EXPECT_EQ(t.buy_in, expected.buy_in);
  EXPECT_EQ(t.variant, expected.variant);
  EXPECT_EQ(t.contact_email, expected.contact_email);
  EXPECT_EQ(t.message, expected.message);
  EXPECT_EQ(t.origin, "form");
  EXPECT_EQ(t.created_at, kDay1);
  EXPECT_FALSE(t.decided_at);

  auto limited = store().listSubmissions(std::nullopt, 1);
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->size(), 1u);

  ASSERT_TRUE(store().decideSubmission(*second, SubmissionStatus::kAccepted, "manual:2", kDay2));
  auto again = store().decideSubmission(*second, SubmissionStatus::kRejected, "changed my mind", kDay3);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_NE(again.error().message.find("already accepted"), std::string::npos) << again.error().message;
  EXPECT_NE(again.error().message.find("manual:2"), std::string::npos) << again.error().message;

  auto got = store().getSubmission(*second);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->status, SubmissionStatus::kAccepted);
  EXPECT_EQ((*got)->decision_note, "manual:2");
  EXPECT_EQ((*got)->decided_at, kDay2);

  pending = store().listSubmissions(SubmissionStatus::kPending, -1);
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].id, *first);

  auto missing = store().decideSubmission(999999, SubmissionStatus::kRejected, "", kDay2);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  auto none = store().getSubmission(999999);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  auto pending_decision = store().decideSubmission(*first, SubmissionStatus::kPending, "", kDay2);
  ASSERT_FALSE(pending_decision);
  EXPECT_EQ(pending_decision.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(SourcesAndSubmissions, SubmissionsNeverMoveTheDataVersion) {
  // Nothing submitted is public: the served snapshot must not even reload.
  auto before = store().dataVersion();
  ASSERT_TRUE(store().addSubmission(tournamentSubmission()));
  auto after = store().dataVersion();
  ASSERT_TRUE(before && after);
  EXPECT_EQ(*before, *after);
}

INSTANTIATE_TEST_SUITE_P(Backends, SourcesAndSubmissions, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace pft::store
