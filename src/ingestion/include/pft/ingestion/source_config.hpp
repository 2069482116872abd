#pragma once
// SourceConfig: one entry of sources/catalog.yml, as the catalog loader fills
// it and the connectors read it. A plain value: copyable, no behaviour, no I/O,
// thread-safe to share read-only. Every field's default and meaning is written
// next to it; the YAML key is the field name unless stated otherwise.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace pft::ingestion {

// `type:` in the catalog.
enum class SourceType { kHtml, kJsonLd, kIcs, kRss, kCsv, kJson };

// "html", "jsonld", "ics", "rss", "csv", "json".
const char* sourceTypeName(SourceType type);
// Inverse of sourceTypeName (exact, lower case); nullopt for an unknown name.
std::optional<SourceType> parseSourceType(std::string_view name);

// `default_venue:` fills the venue fields a source leaves empty (a casino page
// that lists only its own tournaments). Empty strings = not set.
struct DefaultVenue {
  std::string name;
  std::string address;
  std::string city;
  std::string postcode;
};

// One HTML field selector. `selector` is XPath when it starts with '/', './',
// '(' or '.' followed by '/' — evaluated relative to the item node — and a
// simple CSS selector otherwise (see cssToXPath in connectors.hpp), also
// relative to the item. Empty `attr`: the node's text content (tags stripped,
// entities decoded, spaces squashed). Non-empty `attr`: that attribute's value
// (relative URLs in href/src are made absolute). An XPath that selects an
// attribute or a string (`./a/@href`, `string(...)`) is taken as is.
// In YAML a field is either a string — "sel" or "sel@attr", e.g. "a@href",
// "@data-date" (the item's own attribute) — or a map {selector, attr};
// parseFieldSelector turns the string form into this struct.
struct FieldSelector {
  std::string selector;
  std::string attr;
};

// Splits "a.more@href" into {"a.more", "href"}. An '@' inside [...] (CSS
// attribute tests) or any XPath selector is left alone: "./a/@href" stays
// {"./a/@href", ""}. "@href" alone is {"", "href"} (the item itself).
FieldSelector parseFieldSelector(std::string_view text);

// type: html
struct HtmlOptions {
  // `item:` selector of one event block (document-relative). Required.
  std::string item;
  // `fields:` raw key -> selector relative to the item. Keys: title, start,
  // end, buy_in, variant, venue_name, address, city, postcode, description,
  // url (-> RawEvent::event_url, and the item's id when there is no `id`),
  // id (-> RawEvent::source_id), status (-> status_text). At least title.
  std::map<std::string, FieldSelector> fields;
  // `next_page:` selector (document-relative) of the link to the next listing
  // page; its href (or the attribute given) becomes ParseOutput::next_urls.
  // Empty = single page. The runner bounds pages by SourceConfig::max_pages.
  FieldSelector next_page;
  // `follow:` selector relative to the item of the link to a detail page;
  // the runner fetches it and calls mergeDetailPage. Empty = no detail pages.
  FieldSelector follow;
  // `max_follow:` at most this many detail pages per source and run.
  int max_follow = 50;
  // `detail_fields:` selectors applied to a detail page (relative to its
  // document root). Empty = use `fields` on the detail page's root.
  std::map<std::string, FieldSelector> detail_fields;
};

// type: csv (the source-level `encoding` applies to CSV too)
struct CsvOptions {
  // `field_map:` CSV header (exact text, trimmed) -> raw key (same keys as
  // HtmlOptions::fields). Empty = columns whose header already is a raw key.
  std::map<std::string, std::string> field_map;
  // `delimiter:` ',' ';' '\t' or 0 = auto (the header line's most frequent
  // of , ; tab outside quotes). YAML: "auto" (default), ",", ";", "\t".
  char delimiter = 0;
};

// type: json
enum class JsonMode {
  kTec,      // The Events Calendar REST v1 (/wp-json/tribe/events/v1/events)
  kMapping,  // generic: `items` JSON pointer + `fields` pointers
};

struct JsonOptions {
  // `mode:` "tec" (default) or "mapping".
  JsonMode mode = JsonMode::kTec;
  // `items:` (mapping mode) RFC 6901 pointer to the array of events
  // ("/data/events"; "" = the document itself is the array).
  std::string items;
  // `fields:` (mapping mode) raw key -> pointer relative to one item
  // ("/name", "/venue/city"). Strings are taken as is, numbers written out,
  // other values ignored.
  std::map<std::string, std::string> fields;
  // `next:` (mapping mode) pointer (document-relative) to the next page's URL.
  std::string next;
};

// type: rss
struct RssOptions {
  // `announcements:` true when the feed's items are articles (a poker news
  // site, a club's posts) rather than events: each item is marked
  // RawEvent::kind = "announcement", and normalize reads the tournament it
  // announces (date anchored on the publication date, buy-in, venue named
  // in the text) or skips it with a reason.
  bool announcements = false;
};

// type: ics
struct IcsOptions {
  // `horizon_days:` occurrences starting in [now, now + horizon_days) are
  // emitted; recurrences are expanded over that window.
  int horizon_days = 120;
};

struct SourceConfig {
  std::string name;                     // unique in the catalog; required
  SourceType type = SourceType::kHtml;  // required
  std::string url;                      // http(s):// or file:// (absolute after loading); required
  bool enabled = true;
  int priority = 0;                     // copied to RawEvent::priority
  std::string timezone = "Europe/Paris";  // IANA zone of the organiser, copied to RawEvent::timezone
  int max_pages = 10;                   // listing pages / REST pages followed, first one included
  bool ignore_robots = false;           // only for sources that allowed us in writing
  // A tournament this source gave before and no longer lists, after a
  // complete fetch, is withdrawn (status removed). false for a source whose
  // absence means nothing: a feed of the latest posts only, a page showing
  // the next few events (SourceRun::complete is then always false).
  bool withdraw_absent = true;
  // `encoding:` override of the document charset ("windows-1252",
  // "iso-8859-1", "utf-8"); empty = HTTP header, then <meta charset> / XML
  // declaration, then UTF-8 with invalid bytes read as Windows-1252.
  std::string encoding;
  DefaultVenue default_venue;

  HtmlOptions html;  // type html (and the field selectors of follow pages)
  CsvOptions csv;    // type csv
  JsonOptions json;  // type json
  IcsOptions ics;    // type ics
  RssOptions rss;    // type rss
};

}  // namespace pft::ingestion
