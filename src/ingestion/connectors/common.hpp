#pragma once
// Private helpers shared by the connectors: charset detection and conversion,
// text cleaning, URL resolution, event finishing, and the per-format parse
// functions that parseDocument dispatches to. Pure and thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "pft/core/result.hpp"
#include "pft/ingestion/connectors.hpp"
#include "pft/ingestion/source_config.hpp"

namespace pft::ingestion::detail {

// Lower-case charset named by a Content-Type header ("text/html; charset=ISO-8859-1"
// -> "iso-8859-1"); "" when absent.
std::string charsetFromContentType(std::string_view content_type);
// Charset declared inside the document: <meta charset>, <meta http-equiv
// content="...charset=...">, or <?xml ... encoding="..."?> (first 8 KB). "".
std::string charsetDeclaredInDocument(std::string_view body);

// Converts `body` to valid UTF-8. `charset` "" = UTF-8 expected (invalid bytes
// read as Windows-1252, which is what French sites without a declaration use).
// A leading UTF-8 BOM is removed. An unknown charset adds a warning and falls
// back to the repair.
std::string toUtf8(std::string_view body, std::string_view charset, std::vector<std::string>& warnings);

// A document as valid UTF-8: a view of the original bytes when they already
// are (no copy of a large body), else the converted text.
struct Utf8Text {
  std::string converted;
  std::string_view original;
  bool was_converted = false;
  std::string_view view() const { return was_converted ? std::string_view(converted) : original; }
};

// The document as UTF-8, the charset chosen by: config.encoding, then the
// Content-Type charset, then the in-document declaration, then auto.
// `body` must outlive the result.
Utf8Text decodeDocument(const SourceConfig& config, std::string_view body, const ParseContext& ctx,
                        std::vector<std::string>& warnings);

// Text for a raw field from a source that may hold markup: tags removed,
// entities decoded, whitespace squashed.
std::string cleanText(std::string_view s);

// `href` resolved against `base` (RFC 3986); `href` itself (trimmed,
// entities decoded) when it cannot be resolved.
std::string resolveUrl(std::string_view base, std::string_view href);

// Fills source_name, source_url, timezone, priority, the default venue for
// empty venue fields, and source_hash; trims source_id and, when it is
// empty and urlIsTheId(config), sets it to event_url.
void finishEvent(RawEvent& event, const SourceConfig& config, const ParseContext& ctx);

// Whether an item's `url` field stands for its id when it has no `id`
// field: the types whose fields the catalog maps (html, csv, json mapping).
// The others read their id from the format (UID, @id, guid, TEC id).
bool urlIsTheId(const SourceConfig& config);

// kParse Error with where = "<source name>: <position>".
Error parseError(const SourceConfig& config, std::string_view position, std::string message);

// One parser per type; `text` is already valid UTF-8. They fill events'
// content fields (finishEvent is applied by parseDocument).
Result<ParseOutput> parseHtml(const SourceConfig& config, std::string_view text, const ParseContext& ctx);
Result<ParseOutput> parseJsonLd(const SourceConfig& config, std::string_view text, const ParseContext& ctx);
Result<ParseOutput> parseRss(const SourceConfig& config, std::string_view text, const ParseContext& ctx);
Result<ParseOutput> parseIcs(const SourceConfig& config, std::string_view text, const ParseContext& ctx);
// `sink` non-null: each finished event goes to it instead of out.events.
Result<ParseOutput> parseCsv(const SourceConfig& config, std::string_view text, const ParseContext& ctx,
                             const EventSink* sink = nullptr);
Result<ParseOutput> parseJson(const SourceConfig& config, std::string_view text, const ParseContext& ctx);

// html follow: fields of a detail page (relative to its root).
Result<RawEvent> parseHtmlDetail(const SourceConfig& config, std::string_view text, const ParseContext& ctx);

}  // namespace pft::ingestion::detail
