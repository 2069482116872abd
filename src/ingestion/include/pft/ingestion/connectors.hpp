#pragma once
// Connectors: the pure half of ingestion. Each turns one fetched document
// (bytes + the source's SourceConfig + a ParseContext) into raw events, the
// text kept as the organiser wrote it (valid UTF-8, entities decoded, tags
// stripped). No network, no clock (`now` is a parameter), no files, no
// globals: every function here is pure and safe to call from several threads
// at once. Malformed input is a kParse Error whose `where` names the source
// and the position; recoverable damage (one bad JSON-LD script, one bad CSV
// row) becomes a warning and the other events are kept.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "pft/core/result.hpp"
#include "pft/core/time.hpp"
#include "pft/core/types.hpp"
#include "pft/ingestion/source_config.hpp"

namespace pft::ingestion {

struct ParseContext {
  std::string source_url;    // effective URL of the document (after redirects); base for relative links
  Instant now{};             // fetch time: start of the iCalendar horizon
  std::string content_type;  // HTTP Content-Type header (for its charset); may be empty
};

struct ParseOutput {
  std::vector<RawEvent> events;
  // Next listing / REST pages (html next_page, TEC next_rest_url, mapping
  // `next`), absolute. The runner fetches them, bounded by max_pages.
  std::vector<std::string> next_urls;
  // html `follow`: follow_urls[i] is the absolute detail-page URL of
  // events[i] ("" when that item has none). Empty when `follow` is not set.
  std::vector<std::string> follow_urls;
  // Recovered problems ("script 3: JSON error at byte 12 …"), for the log.
  std::vector<std::string> warnings;
  // Some of the document may be missing from `events`: a truncated
  // calendar, feed or CSV, an unreadable script, a skipped item, an item
  // selector that matched nothing. Such a fetch is not complete: normalize
  // withdraws nothing of the source on its account.
  bool partial = false;
};

// Parses `body` with the connector of `config.type`. Each connector also
// reads when the announcement was published, into `published_at` (rss:
// pubDate, Atom published else updated, dc:date; jsonld: the event's
// datePublished, else an Article/WebPage's of the page, else the page's
// meta; html: a `published` field, else the item's or the page's
// publication markup, see htmlPublishedAt). Every event gets
// source_name = config.name, source_url = ctx.source_url, timezone,
// priority, default_venue for empty venue fields, and source_hash
// (computeSourceHash). fetched_at is left empty: the runner sets it.
// Errors: kParse (where = "<name>: <position>") when the document is not of
// the expected format at all; kInvalidArgument for a bad selector or option.
Result<ParseOutput> parseDocument(const SourceConfig& config, std::string_view body, const ParseContext& ctx);

// Receives finished events one by one (see the streaming parseDocument).
using EventSink = std::function<void(RawEvent&&)>;

// Streaming form for large sources: every finished event (same fields as
// above) is handed to `sink` as soon as it is read, and the returned
// ParseOutput::events stays empty, so a 100,000-row CSV never sits in memory
// twice. CSV streams row by row; the other types are parsed whole, then
// handed over. On error the sink has received no event of this document.
Result<ParseOutput> parseDocument(const SourceConfig& config, std::string_view body, const ParseContext& ctx,
                                  const EventSink& sink);

// html `follow`: reads a detail page (ctx.source_url = its URL) with
// `html.detail_fields` (or `fields`) relative to the page root, and fills the
// fields of `event` that are empty; event_url becomes the page URL if it was
// empty. source_hash is recomputed. Errors as parseDocument.
Result<RawEvent> mergeDetailPage(const SourceConfig& config, const RawEvent& event, std::string_view body,
                                 const ParseContext& ctx);

// Stable digest of an event: SHA-256 (hex, 64 chars) of the source name and
// every content field (title, description, start, end, buy_in, variant,
// venue fields, event_url, status_text), independent of fetched_at and of
// the machine. Same input, same hash, across runs.
std::string computeSourceHash(const RawEvent& event);

// Sets the raw field named `key` (title, description, start, end, buy_in,
// variant, venue_name, address, city, postcode, url/event_url,
// status/status_text, published/published_at). Returns false, changing nothing, for an unknown key:
// the catalog loader uses it to reject unknown field names.
bool setRawField(RawEvent& event, std::string_view key, std::string value);
bool isRawFieldName(std::string_view key);

// True when `selector` is written as XPath (starts with '/', './', '../',
// '(' , or is a function call like "string(").
bool isXPathSelector(std::string_view selector);

// Translates a simple CSS selector to XPath 1.0. Supported: `tag`, `*`,
// `.class` (whole-word match in @class), `#id`, `[attr]`, `[attr=value]`
// (value quoted or not), `[attr~=v]`, `[attr^=v]`, `[attr*=v]`,
// combinations (`div.event-item[data-id]`), descendant (space) and child
// (`>`) combinators, and lists (`a, b`). `relative` true prefixes "./" (for a
// selector applied to an item node), false "//" (document). Anything else
// (pseudo-classes, `+`, `~`) is kInvalidArgument naming the selector and the
// offending character.
Result<std::string> cssToXPath(std::string_view css, bool relative);

}  // namespace pft::ingestion
