#include "pft/core/submission.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pft {
namespace {

// 2026-12-03 12:00 in Paris.
const Instant kNow = *parseIsoInstant("2026-12-03T12:00:00+01:00");

Submission validTournament() {
  Submission s;
  s.kind = SubmissionKind::kTournament;
  s.title = "Deepstack du jeudi";
  s.date = "2026-12-10";
  s.time = "20:00";
  s.venue_name = "Poker Club de Lyon";
  s.address = "12 rue de la Charité";
  s.city = "Lyon";
  s.postcode = "69002";
  s.buy_in = "50 €";
  s.variant = "NLHE";
  s.contact_email = "contact@pokerclub-lyon.fr";
  return s;
}

struct FieldCase {
  const char* field;
  const char* value;
  const char* expected;  // "" = accepted
  const char* why;
};

void setField(Submission& s, const std::string& field, const std::string& value) {
  if (field == "title") s.title = value;
  else if (field == "date") s.date = value;
  else if (field == "time") s.time = value;
  else if (field == "venue_name") s.venue_name = value;
  else if (field == "address") s.address = value;
  else if (field == "city") s.city = value;
  else if (field == "postcode") s.postcode = value;
  else if (field == "buy_in") s.buy_in = value;
  else if (field == "variant") s.variant = value;
  else if (field == "contact_email") s.contact_email = value;
  else if (field == "message") s.message = value;
  else if (field == "url") s.url = value;
  else FAIL() << "unknown field " << field;
}

// One field of an otherwise valid tournament, and what validation says.
constexpr FieldCase kTournamentCases[] = {
    {"title", "", "missing", "a title is required"},
    {"title", "   ", "missing", "blank is missing"},
    {"title", "!!!", "invalid_text", "no letters or digits"},
    {"title", "Tournoi\x01", "invalid_text", "a control character"},
    {"title", "Tournoi \xE2\x80\xAE" "ecnavA", "invalid_text", "a right-to-left override"},
    {"title", "Tournoi \xff", "invalid_text", "invalid UTF-8"},
    {"title", "Tournoi\nde Noël", "invalid_text", "a line break in a one-line field"},
    {"date", "", "missing", "a date is required"},
    {"date", "10/12/2026", "invalid_date", "the form sends ISO dates"},
    {"date", "2026-02-30", "invalid_date", "no 30 February"},
    {"date", "2026-12-02", "past_date", "yesterday in Paris"},
    {"date", "2026-12-03", "", "today is fine"},
    {"date", "2028-12-04", "too_far_ahead", "more than two years ahead"},
    {"time", "", "", "the hour may be unknown"},
    {"time", "24:00", "invalid_time", "no hour 24"},
    {"time", "20h", "invalid_time", "HH:MM only"},
    {"time", "09:30", "", "a morning start"},
    {"venue_name", "", "missing", "a venue is required"},
    {"city", "", "missing", "a city is required"},
    {"postcode", "6900", "invalid_postcode", "four digits"},
    {"postcode", "69OO2", "invalid_postcode", "letters"},
    {"postcode", "", "", "optional"},
    {"variant", "omaha", "", "a spelling of PLO"},
    {"variant", "canasta", "unknown_variant", "not poker"},
    {"variant", "", "", "optional"},
    {"contact_email", "", "missing", "the organiser's e-mail is required"},
    {"contact_email", "contact.pokerclub.fr", "invalid_email", "no @"},
    {"contact_email", "a@b", "invalid_email", "no dot in the domain"},
    {"contact_email", "a b@club.fr", "invalid_email", "a space"},
    {"contact_email", "a@@club.fr", "invalid_email", "two @"},
    {"message", "Bonjour,\nmerci !", "", "the message may hold line breaks"},
};

TEST(SubmissionValidation, TournamentFields) {
  EXPECT_TRUE(validateSubmission(validTournament(), kNow).empty());
  for (const auto& c : kTournamentCases) {
    Submission s = validTournament();
    setField(s, c.field, c.value);
    auto errors = validateSubmission(s, kNow);
    if (*c.expected == '\0') {
      EXPECT_TRUE(errors.empty()) << c.field << "='" << c.value << "' (" << c.why << ") gave "
                                  << (errors.empty() ? "" : errors[0].field + ":" + errors[0].code);
    } else {
      ASSERT_EQ(errors.size(), 1u) << c.field << "='" << c.value << "' (" << c.why << ")";
      EXPECT_EQ(errors[0], (SubmissionFieldError{c.field, c.expected})) << c.why;
    }
  }
}

TEST(SubmissionValidation, LimitsAreBytes) {
  Submission s = validTournament();
  s.title = std::string(kSubmissionTextMax, 'a');
  EXPECT_TRUE(validateSubmission(s, kNow).empty());
  s.title += "a";
  auto errors = validateSubmission(s, kNow);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], (SubmissionFieldError{"title", "too_long"}));
}

constexpr FieldCase kUrlCases[] = {
    {"url", "", "missing", "the URL is the suggestion"},
    {"url", "https://www.casino-exemple.fr/poker/agenda", "", "https"},
    {"url", "http://club.fr", "", "http without a path"},
    {"url", "HTTPS://club.fr/tournois?saison=2026", "", "upper-case scheme, query"},
    {"url", "ftp://club.fr/agenda", "invalid_url", "not http(s)"},
    {"url", "javascript:alert(1)", "invalid_url", "a script"},
    {"url", "https://", "invalid_url", "no host"},
    {"url", "https://user:secret@club.fr/", "invalid_url", "credentials"},
    {"url", "https://club.fr/a b", "invalid_url", "a space"},
    {"url", "https://club.fr/\"><script>", "invalid_url", "markup"},
    {"contact_email", "", "", "optional for a URL"},
    {"contact_email", "x", "invalid_email", "but checked when given"},
};

TEST(SubmissionValidation, UrlSuggestions) {
  for (const auto& c : kUrlCases) {
    Submission s;
    s.kind = SubmissionKind::kUrl;
    s.url = "https://club.fr/tournois";
    setField(s, c.field, c.value);
    auto errors = validateSubmission(s, kNow);
    if (*c.expected == '\0') {
      EXPECT_TRUE(errors.empty()) << c.value << " (" << c.why << ")";
    } else {
      ASSERT_EQ(errors.size(), 1u) << c.value << " (" << c.why << ")";
      EXPECT_EQ(errors[0], (SubmissionFieldError{c.field, c.expected})) << c.why;
    }
  }
}

TEST(SubmissionNames, RoundTrip) {
  for (auto k : {SubmissionKind::kUrl, SubmissionKind::kTournament}) {
    EXPECT_EQ(parseSubmissionKind(submissionKindName(k)), k);
  }
  for (auto st : {SubmissionStatus::kPending, SubmissionStatus::kAccepted, SubmissionStatus::kRejected}) {
    EXPECT_EQ(parseSubmissionStatus(submissionStatusName(st)), st);
  }
  EXPECT_FALSE(parseSubmissionKind("URL"));
  EXPECT_FALSE(parseSubmissionStatus(""));
}

}  // namespace
}  // namespace pft
