#pragma once
// The public health of the catalog's sources: what players and partners may
// know about each source (GET /sources, the page /sources), recorded in the
// database at every run because api and web cannot read the catalog.
//
// Only public facts travel here: the source's name and type, the organiser's
// public name and home page, when it was last fetched, how many events it
// gave, and, when it fails, the kind of failure (an HTTP status, a timeout…)
// and since when. Never a URL with credentials, an operator's note or an
// error body: the pipeline classifies the error (SourceFailureKind) and
// drops its text.
//
// Plain values and pure functions; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pft/core/time.hpp"

namespace pft {

// Why a source failed, in words a player can read. Names are stable (stored
// and served): "http", "timeout", "network", "robots", "parse", "other".
enum class SourceFailureKind { kHttp, kTimeout, kNetwork, kRobots, kParse, kOther };
const char* sourceFailureKindName(SourceFailureKind kind);
std::optional<SourceFailureKind> parseSourceFailureKind(std::string_view name);

// What one run tells about one catalog source (pipeline -> store).
struct SourceReport {
  std::string name;       // catalog name (unique)
  std::string type;       // "html", "ics", …
  std::string organiser;  // public name of the organiser; may be empty
  std::string homepage;   // public http(s) page of the organiser; may be empty
  bool enabled = true;
  // Set when the source was fetched in this run (an enabled source, or one
  // named with --source); false: only its facts above are refreshed.
  bool ran = false;
  std::string status;  // "ok", "not_modified", "failed" (when ran)
  std::int64_t events = 0;
  std::optional<SourceFailureKind> failure;  // when status is "failed"
  int http_status = 0;                       // the failing HTTP status, 0 when none
};

// What the store remembers about one source across runs (store -> readers).
struct SourceStatus {
  std::string name;
  std::string type;
  std::string organiser;
  std::string homepage;
  bool enabled = true;
  std::optional<std::int64_t> last_run_id;
  std::optional<Instant> last_run_at;  // when the last run that fetched it happened
  std::string last_status;            // "ok", "not_modified", "failed"; "" = never fetched
  std::int64_t last_events = 0;       // events in the last run that fetched it
  std::optional<Instant> last_success_at;  // last ok / not_modified run
  std::optional<Instant> failing_since;    // first failure of the current streak; empty when not failing
  std::optional<SourceFailureKind> failure;
  int failure_http_status = 0;
  std::int64_t consecutive_failures = 0;
};

// The fragment id of a source's line on /sources ("source-casino-lyon"):
// lower-case ASCII letters, digits and '-', other bytes replaced by '-'.
std::string sourceAnchor(std::string_view source_name);

// The failure in one French line: "HTTP 503", "délai dépassé", "site
// injoignable", "refusé par robots.txt", "document illisible", "erreur".
std::string sourceFailureLabel(SourceFailureKind kind, int http_status);

// How long ago, in French: "depuis moins d'une heure", "depuis 5 heures",
// "depuis 1 jour", "depuis 3 jours" (whole hours / days, rounded down; an
// instant after `now` counts as now).
std::string frenchDurationSince(Instant since, Instant now);

// « HTTP 503 depuis 3 jours »: the label and the duration of the streak.
// Empty when the source is not failing.
std::string describeSourceFailure(const SourceStatus& status, Instant now);

}  // namespace pft
