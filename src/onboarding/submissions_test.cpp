// Operator decisions on submissions (submissions.hpp), on SQLite (unit) and
// PostgreSQL (integration, pg_server fixture) through TestStore: a hand-
// entered tournament is public only after acceptance, under
// "manual:<id>"; a URL suggestion's detected entry is appended to the
// catalog with its comments kept.

#include "pft/onboarding/submissions.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "fetch_test_server.hpp"
#include "pft/ingestion/catalog.hpp"
#include "pft/ingestion/curl_http.hpp"
#include "pft/testing/test_store.hpp"
#include "test_gazetteer.hpp"

namespace pft::onboarding {
namespace {

const Instant kNow = *parseIsoInstant("2026-12-01T10:00:00+01:00");

Submission tournament() {
  Submission s;
  s.kind = SubmissionKind::kTournament;
  s.title = "Deepstack de Noël";
  s.date = "2026-12-19";
  s.time = "19:30";
  s.venue_name = "Casino de Forges-les-Eaux";
  s.city = "Forges-les-Eaux";
  s.postcode = "76440";
  s.buy_in = "120 €";
  s.variant = "PLO";
  s.contact_email = "poker@casino.example";
  s.message = "Merci !";
  s.origin = "form";
  s.created_at = kNow;
  return s;
}

class Submissions : public ::testing::TestWithParam<std::string> {
 protected:
  testing::TestStore db_{GetParam()};
  FixedClock clock_{kNow};
  normalize::Geocoder geocoder_{normalize::testing::bundledGazetteer(), normalize::GeocoderOptions{}, nullptr,
                                &db_.store(), clock_};
};

TEST_P(Submissions, TournamentIsPublicOnlyAfterAcceptance) {
  ASSERT_TRUE(db_.ok());
  auto id = db_.store().addSubmission(tournament());
  ASSERT_TRUE(id) << id.error().describe();
  auto before = db_.store().queryTournaments(TournamentFilter{});
  ASSERT_TRUE(before);
  EXPECT_TRUE(before->empty()) << "nothing submitted is public before acceptance";

  auto pending = db_.store().listSubmissions(SubmissionStatus::kPending, -1);
  ASSERT_TRUE(pending);
  const std::string listed = formatSubmissions(*pending);
  EXPECT_NE(listed.find("Deepstack de Noël"), std::string::npos) << listed;
  EXPECT_NE(listed.find("poker@casino.example"), std::string::npos) << "the operator sees the contact";

  auto note = acceptTournament(db_.store(), *id, geocoder_, clock_);
  ASSERT_TRUE(note) << note.error().describe();
  EXPECT_EQ(*note, "manual:" + std::to_string(*id) + " published");
  auto after = db_.store().queryTournaments(TournamentFilter{});
  ASSERT_TRUE(after);
  ASSERT_EQ(after->size(), 1u);
  const Tournament& t = after->front();
  EXPECT_EQ(t.source_name, "manual:" + std::to_string(*id));
  EXPECT_EQ(t.title, "Deepstack de Noël");
  EXPECT_EQ(formatLocalIso(t.start), "2026-12-19T19:30:00+01:00");
  EXPECT_EQ(t.buy_in_cents, 12000);
  EXPECT_EQ(t.variant, "PLO");
  EXPECT_EQ(t.venue.city, "Forges-les-Eaux");
  EXPECT_EQ(t.description.find("poker@casino.example"), std::string::npos);

  auto again = acceptTournament(db_.store(), *id, geocoder_, clock_);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  auto stored = db_.store().getSubmission(*id);
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->status, SubmissionStatus::kAccepted);
}

TEST_P(Submissions, ATournamentThatDoesNotNormaliseStaysPending) {
  ASSERT_TRUE(db_.ok());
  Submission s = tournament();
  s.venue_name = "???";
  s.city = "???";
  s.postcode.clear();
  auto id = db_.store().addSubmission(s);
  ASSERT_TRUE(id);
  auto note = acceptTournament(db_.store(), *id, geocoder_, clock_);
  ASSERT_FALSE(note);
  EXPECT_EQ(note.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(note.error().message.find("stays pending"), std::string::npos) << note.error().describe();
  auto stored = db_.store().getSubmission(*id);
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->status, SubmissionStatus::kPending);
  auto none = db_.store().queryTournaments(TournamentFilter{});
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_P(Submissions, UrlSuggestionAppendsItsDetectedEntry) {
  ASSERT_TRUE(db_.ok());
  ingestion::testing::LoopbackHttpServer server;
  std::ifstream page(std::string(PFT_SOURCE_DIR) + "/tests/data/onboarding/club-cards.html");
  std::stringstream body;
  body << page.rdbuf();
  server.respond("/agenda", {200, {{"Content-Type", "text/html; charset=utf-8"}}, body.str()});

  Submission s;
  s.kind = SubmissionKind::kUrl;
  s.url = server.url("/agenda");
  s.origin = "api";
  s.created_at = kNow;
  auto id = db_.store().addSubmission(s);
  ASSERT_TRUE(id);

  ingestion::IngestOptions io;
  io.retries = 0;
  ingestion::CurlHttpGet http("pft-test");
  ingestion::PoliteFetcher fetcher(io, http);
  DetectOptions o;
  o.now = kNow;
  o.gazetteer = &normalize::testing::bundledGazetteer();
  o.name = "villeurbanne-poker-club";
  auto detection = detectSource(s.url, fetcher, o);
  ASSERT_TRUE(detection && detection->usable);

  const auto dir = std::filesystem::temp_directory_path() / ("pft-accept-test-" + testing::uniqueSuffix());
  std::filesystem::create_directories(dir);
  const std::string catalog = (dir / "catalog.yml").string();
  const std::string original =
      "# Sources (comments kept)\nsources:\n  # seen on https://casino.example/poker\n  - name: casino\n"
      "    type: jsonld\n    url: https://casino.example/poker\n";
  std::ofstream(catalog) << original;

  auto tourn = acceptTournament(db_.store(), *id, geocoder_, clock_);
  ASSERT_FALSE(tourn);
  EXPECT_EQ(tourn.error().code, ErrorCode::kInvalidArgument) << "a URL is not published as a tournament";

  auto note = acceptUrl(db_.store(), *id, *detection, catalog, kNow);
  ASSERT_TRUE(note) << note.error().describe();
  EXPECT_EQ(*note, "catalog entry villeurbanne-poker-club");
  std::ifstream in(catalog);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str().rfind(original, 0), 0u) << "existing lines and comments kept:\n" << text.str();
  auto parsed = ingestion::parseCatalog(text.str(), catalog, dir.string());
  ASSERT_TRUE(parsed) << parsed.error().describe();
  ASSERT_EQ(parsed->sources.size(), 2u);
  EXPECT_EQ(parsed->sources[1].config.name, "villeurbanne-poker-club");
  EXPECT_FALSE(parsed->sources[1].config.enabled) << "an operator confirms it online first";
  EXPECT_NE(text.str().find("# seen on " + s.url), std::string::npos) << text.str();

  // The same name twice: refused, the file unchanged, still pending.
  Submission s2 = s;
  auto id2 = db_.store().addSubmission(s2);
  ASSERT_TRUE(id2);
  auto dup = acceptUrl(db_.store(), *id2, *detection, catalog, kNow);
  ASSERT_FALSE(dup);
  auto still = db_.store().getSubmission(*id2);
  ASSERT_TRUE(still && *still);
  EXPECT_EQ((*still)->status, SubmissionStatus::kPending);
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Backends, Submissions, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace pft::onboarding
