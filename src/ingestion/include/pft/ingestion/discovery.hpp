#pragma once
// Discovery: what an organiser's page offers to a reader of schedules, for
// `pft sources detect` (module onboarding). Pure functions over the fetched
// bytes (no network, no clock), thread-safe; the HTML is read with the same
// parser, charset rules and selector translation as the html connector, so
// a selector found here reads the same nodes in `pft ingest`.
//
//  - discoverPage: the page's title and site name, its text, and its links
//    to machine-readable schedules: iCalendar (<link rel=alternate
//    type=text/calendar>, webcal: links, .ics links), RSS/Atom (<link
//    rel=alternate type=application/rss+xml|atom+xml>), CSV (.csv links);
//    whether it is a WordPress site (its REST root, <link
//    rel="https://api.w.org/">) and shows The Events Calendar's markup.
//  - findRepeatedBlocks: groups of elements that repeat with the same tag
//    path (same tags and classes from the root: table rows, list items,
//    cards, even when spread over several containers), each with the
//    selector that picks exactly them, and each block's text.
//  - describeBlockFields: inside the blocks of one group, the elements and
//    attributes found in most blocks, each with a selector relative to the
//    block (CSS ".date" when a class names it once per block, else XPath
//    "./td[2]") and its value in every block.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "pft/core/result.hpp"
#include "pft/ingestion/connectors.hpp"

namespace pft::ingestion {

struct DiscoveredLink {
  std::string url;    // absolute (webcal:// read as https://)
  std::string how;    // how it was found, for the operator: "<link rel=alternate type=text/calendar>", "webcal: link"…
  std::string title;  // the link's title or text; may be empty
};

struct PageDiscovery {
  std::string title;      // <title>
  std::string site_name;  // og:site_name, else application-name; may be empty
  std::string text;       // the page's text as a reader sees it (at most 100 kB)
  std::vector<DiscoveredLink> calendars;  // iCalendar feeds
  std::vector<DiscoveredLink> feeds;      // RSS / Atom feeds
  std::vector<DiscoveredLink> csv_files;  // CSV files
  bool wordpress = false;        // WordPress markers (wp-content, wp-json, generator)
  std::string wordpress_api;     // its REST root ("https://site/wp-json/"), when declared
  bool tec_markers = false;      // The Events Calendar markup ("tribe-events")
};

// Reads the links and markers of an HTML page (ctx.source_url resolves
// relative links; ctx.content_type gives the charset). Errors: kParse when
// the body holds no HTML element.
Result<PageDiscovery> discoverPage(std::string_view body, const ParseContext& ctx);

struct BlockGroup {
  std::string item;                // document selector of exactly these blocks (CSS when it can, else XPath)
  std::string signature;           // the tag path they share ("html>body>main>section.day>article.card")
  std::vector<std::string> texts;  // each block's text, document order
};

struct BlockOptions {
  std::size_t min_blocks = 2;    // fewer is no list
  std::size_t max_groups = 200;  // the groups with the most blocks
};

// Groups of at least min_blocks elements (tr, li, article, div, section,
// p, dd, dt, a) sharing one tag path, most blocks first (then document
// order), at most max_groups. A group of table rows leaves out the rows
// without a <td> (headers). Errors: kParse as discoverPage.
Result<std::vector<BlockGroup>> findRepeatedBlocks(std::string_view body, const ParseContext& ctx,
                                                   const BlockOptions& options = {});

struct BlockField {
  std::string selector;  // relative to a block, as a catalog writes it: ".date", "./td[2]", "." (the whole block)
  std::string xpath;     // the same as XPath (to combine fields: concat(a, ' ', b))
  std::string attr;      // "" = the text; "href", "datetime", "content", "data-…"
  std::string tag;       // the element's name ("td", "h3", "a", "time"; "" for the block itself)
  std::vector<std::string> values;  // one per block (same order as the group's texts), "" when absent
};

// The fields of the blocks `item` selects (at most `max_blocks` of them are
// read): the block itself first ("." = its whole text), then every element
// or attribute (href, datetime, content, data-*) present in at least half
// the blocks, in document order of their first block, at most `max_fields`.
// Errors: kParse as discoverPage; kInvalidArgument for a bad `item`.
Result<std::vector<BlockField>> describeBlockFields(std::string_view body, const ParseContext& ctx,
                                                    const std::string& item, std::size_t max_blocks = 300,
                                                    std::size_t max_fields = 40);

}  // namespace pft::ingestion
