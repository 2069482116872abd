#pragma once
// `pft sources detect URL`: what an organiser's page offers, and a catalog
// entry that reads it. The page is fetched through the caller's
// PoliteFetcher (same User-Agent, robots.txt, limits and retries as `pft
// ingest`); then, in this order:
//   1. the document itself when it is a feed (iCalendar, RSS/Atom, CSV);
//   2. what the page links to or embeds: iCalendar (<link rel=alternate
//      type=text/calendar>, webcal:, .ics links), schema.org Event JSON-LD,
//      The Events Calendar REST (/wp-json/tribe/events/v1/events of a
//      WordPress page), RSS/Atom (<link rel=alternate>; read as
//      announcements when that makes more items normalise), CSV links
//      (field_map guessed from the French or English headers);
//      every candidate is fetched, parsed and normalised, the one with the
//      most normalised events wins (ties: the order above);
//   3. only when none normalises an event: HTML selector inference. Groups
//      of repeated blocks (discovery.hpp) whose text holds French dates are
//      tried with field selectors guessed from their cells (start: the field
//      whose values read as dates, joined with a time-only field; buy_in:
//      euro amounts or « gratuit »; title: a heading or the first other
//      text; venue/address; link), each variant is parsed and normalised,
//      and the item + fields that normalise the most blocks win. A page
//      whose blocks name no venue gets the page's own name (og:site_name,
//      else <title>) as default_venue when the gazetteer locates it.
// Pure apart from the fetches; thread-compatible (one call per fetcher).

#include <cstddef>
#include <string>
#include <vector>

#include "pft/core/result.hpp"
#include "pft/core/time.hpp"
#include "pft/ingestion/catalog.hpp"
#include "pft/ingestion/fetch_policy.hpp"
#include "pft/normalize/gazetteer.hpp"

namespace pft::onboarding {

struct DetectOptions {
  Instant now{};                          // fetch time (fetched_at of the events)
  const normalize::Gazetteer* gazetteer = nullptr;  // required
  std::string name;                       // catalog name of the entry; "" = from the host
  std::size_t preview = 10;               // events shown
};

// One event as it would be imported.
struct PreviewEvent {
  std::string title;
  std::string start;  // ISO 8601 local time, or the date alone when no time is known
  std::string buy_in; // "150 €", "gratuit", "" unknown
  std::string venue;  // venue name, city
};

// One item that does not normalise, and why.
struct PreviewFailure {
  std::string title;
  std::string reason;  // "InvalidDate: …"
};

// What was tried, for the operator.
struct Candidate {
  std::string type;    // "ics", "jsonld", "json", "rss", "csv", "html"
  std::string url;
  std::string how;     // "<link rel=alternate type=text/calendar>", "repeated blocks tr"…
  std::size_t items = 0;       // raw events read
  std::size_t normalised = 0;  // of which normalise
  std::string error;           // fetch or parse error; "" when read
};

struct Detection {
  std::string url;                     // the page asked for
  bool usable = false;                 // an entry normalises at least one event
  Candidate chosen;                    // when usable
  std::vector<Candidate> tried;        // every candidate, in the order tried
  ingestion::CatalogSource entry;      // when usable: enabled false (an operator confirms)
  std::string yaml;                    // formatCatalogEntry(entry, comment naming the page)
  std::vector<PreviewEvent> events;    // first `preview` normalised events
  std::vector<PreviewFailure> failures;  // first `preview` failures
};

// Errors: kInvalidArgument for a URL that is not http(s) (exit 2);
// kNetwork when the page cannot be fetched (refused by robots.txt,
// transport error, HTTP status other than 2xx; exit 2). A page that offers
// nothing usable is a Detection with usable == false (exit 1).
Result<Detection> detectSource(const std::string& url, ingestion::PoliteFetcher& fetcher,
                               const DetectOptions& options);

// The text report: what was found, the events, the failures, the YAML.
std::string formatDetection(const Detection& d);
// The same as one JSON object (for tooling).
std::string detectionJson(const Detection& d);

}  // namespace pft::onboarding
