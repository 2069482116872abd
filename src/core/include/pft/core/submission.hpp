#pragma once
// Submissions: what the public proposes and an operator decides on.
//   - a URL suggestion ("here is the page of our tournaments"): POST
//     /sources/suggest, or the page form of /proposer;
//   - a tournament entered by hand by its organiser (the form « Proposer un
//     tournoi » of /proposer).
// Nothing submitted is public before an operator accepts it (`pft sources
// accept ID`): a tournament is then published under the source
// "manual:<id>", a URL's detected entry appended to the catalog.
//
// This header holds the value type, the one validation both entry points
// use (so the API and the form accept exactly the same things), and the
// role the entry points write through (SubmissionInbox, implemented by
// store::Store). Pure functions; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pft/core/result.hpp"
#include "pft/core/time.hpp"

namespace pft {

enum class SubmissionKind { kUrl, kTournament };
// "url", "tournament" (stored and served).
const char* submissionKindName(SubmissionKind kind);
std::optional<SubmissionKind> parseSubmissionKind(std::string_view name);

enum class SubmissionStatus { kPending, kAccepted, kRejected };
// "pending", "accepted", "rejected".
const char* submissionStatusName(SubmissionStatus status);
std::optional<SubmissionStatus> parseSubmissionStatus(std::string_view name);

// Field limits (bytes of UTF-8), checked by validateSubmission.
inline constexpr std::size_t kSubmissionUrlMax = 2000;
inline constexpr std::size_t kSubmissionTextMax = 200;     // title, venue name
inline constexpr std::size_t kSubmissionAddressMax = 300;
inline constexpr std::size_t kSubmissionShortMax = 100;    // city, buy-in, variant
inline constexpr std::size_t kSubmissionEmailMax = 254;
inline constexpr std::size_t kSubmissionMessageMax = 2000;

struct Submission {
  std::int64_t id = 0;
  SubmissionKind kind = SubmissionKind::kUrl;
  SubmissionStatus status = SubmissionStatus::kPending;
  std::string url;  // kUrl: the page that lists the organiser's tournaments
  // kTournament, as typed (normalised at acceptance like any source's event):
  std::string title;
  std::string date;  // "2026-12-05" (what <input type=date> sends)
  std::string time;  // "20:00"; may be empty (the day is known, not the hour)
  std::string venue_name;
  std::string address;
  std::string city;
  std::string postcode;
  std::string buy_in;   // "50", "50 €", "100+10 €", "gratuit"
  std::string variant;  // a variant code or spelling; may be empty
  // Both kinds:
  std::string contact_email;  // the organiser's; required for a tournament
  std::string message;        // a note for the operator; never public
  std::string origin;         // "api" or "form"
  Instant created_at{};
  std::optional<Instant> decided_at;
  std::string decision_note;  // "manual:12 published", "catalog entry casino-x", a rejection reason
};

// One field the submitter got wrong: the field's name (as in the form and
// the JSON body) and a stable code: "missing", "too_long", "invalid_url",
// "invalid_email", "invalid_date", "invalid_time", "past_date",
// "too_far_ahead", "invalid_postcode", "unknown_variant", "invalid_text".
struct SubmissionFieldError {
  std::string field;
  std::string code;
  bool operator==(const SubmissionFieldError&) const = default;
};

// Checks a new submission against the rules of its kind, with `now` for
// the date (a tournament's day is today or later in Paris, and at most two
// years ahead). Empty when it is acceptable. Rules: texts are valid UTF-8
// without control characters (the message may hold line breaks) and within
// the limits above; a URL is absolute http(s) with a host and no
// credentials; an e-mail is one "local@domain.tld" without spaces; a
// postcode is five digits; a variant is empty or one pft knows
// (normaliseVariant). kUrl: url required, e-mail optional. kTournament:
// title, date, venue_name, city and contact_email required.
std::vector<SubmissionFieldError> validateSubmission(const Submission& s, Instant now);

// The role the entry points (api, web) write through; store::Store
// implements it. Thread-safe implementations.
class SubmissionInbox {
 public:
  virtual ~SubmissionInbox() = default;
  // Stores `s` as pending (its id, status and decision are ignored) and
  // returns its id. Errors: kDatabase.
  virtual Result<std::int64_t> addSubmission(const Submission& s) = 0;
};

}  // namespace pft
