// parseDocument / mergeDetailPage: charset handling, dispatch by type, and
// the fields every connector sets the same way.

#include <exception>

#include "connectors/common.hpp"
#include "pft/core/text.hpp"

namespace pft::ingestion {

Result<ParseOutput> parseDocument(const SourceConfig& config, std::string_view body, const ParseContext& ctx) {
  try {
    std::vector<std::string> warnings;
    detail::Utf8Text decoded = detail::decodeDocument(config, body, ctx, warnings);
    std::string_view text = decoded.view();
    Result<ParseOutput> parsed = [&]() -> Result<ParseOutput> {
      switch (config.type) {
        case SourceType::kHtml: return detail::parseHtml(config, text, ctx);
        case SourceType::kJsonLd: return detail::parseJsonLd(config, text, ctx);
        case SourceType::kIcs: return detail::parseIcs(config, text, ctx);
        case SourceType::kRss: return detail::parseRss(config, text, ctx);
        case SourceType::kCsv: return detail::parseCsv(config, text, ctx);
        case SourceType::kJson: return detail::parseJson(config, text, ctx);
      }
      return makeError(ErrorCode::kInvalidArgument, "unknown source type", config.name);
    }();
    if (!parsed) return parsed;
    ParseOutput& out = *parsed;
    for (RawEvent& e : out.events) detail::finishEvent(e, config, ctx);
    out.warnings.insert(out.warnings.begin(), warnings.begin(), warnings.end());
    return parsed;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    // Parsers do not throw on input; this is a bug, reported as a value so
    // that one source never stops the run.
    return makeError(ErrorCode::kInternal, std::string("connector failed: ") + e.what(), config.name);
  }
}

Result<ParseOutput> parseDocument(const SourceConfig& config, std::string_view body, const ParseContext& ctx,
                                  const EventSink& sink) {
  if (config.type != SourceType::kCsv) {
    // Documents of the other types are small (pages, feeds, calendars over
    // a horizon): parse whole, then hand the events over.
    auto parsed = parseDocument(config, body, ctx);
    if (!parsed) return parsed;
    for (RawEvent& e : parsed->events) sink(std::move(e));
    parsed->events.clear();
    return parsed;
  }
  try {
    std::vector<std::string> warnings;
    detail::Utf8Text decoded = detail::decodeDocument(config, body, ctx, warnings);
    auto parsed = detail::parseCsv(config, decoded.view(), ctx, &sink);
    if (!parsed) return parsed;
    parsed->warnings.insert(parsed->warnings.begin(), warnings.begin(), warnings.end());
    return parsed;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    return makeError(ErrorCode::kInternal, std::string("connector failed: ") + e.what(), config.name);
  }
}

Result<RawEvent> mergeDetailPage(const SourceConfig& config, const RawEvent& event, std::string_view body,
                                 const ParseContext& ctx) {
  try {
    std::vector<std::string> warnings;
    detail::Utf8Text decoded = detail::decodeDocument(config, body, ctx, warnings);
    auto detail_event = detail::parseHtmlDetail(config, decoded.view(), ctx);
    if (!detail_event) return detail_event.error();
    RawEvent merged = event;
    const RawEvent& d = *detail_event;
    auto fill = [](std::string& into, const std::string& from) {
      if (into.empty()) into = from;
    };
    fill(merged.title, d.title);
    fill(merged.description, d.description);
    fill(merged.start, d.start);
    fill(merged.end, d.end);
    fill(merged.buy_in, d.buy_in);
    fill(merged.variant, d.variant);
    fill(merged.venue_name, d.venue_name);
    fill(merged.address, d.address);
    fill(merged.city, d.city);
    fill(merged.postcode, d.postcode);
    fill(merged.status_text, d.status_text);
    fill(merged.event_url, d.event_url);
    fill(merged.published_at, d.published_at);
    fill(merged.event_url, ctx.source_url);
    fill(merged.source_id, std::string(pft::text::trim(d.source_id)));
    // The detail page's URL is the item's own when the listing gave none.
    if (detail::urlIsTheId(config)) fill(merged.source_id, merged.event_url);
    merged.source_hash = computeSourceHash(merged);
    return merged;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    return makeError(ErrorCode::kInternal, std::string("detail page failed: ") + e.what(), config.name);
  }
}

}  // namespace pft::ingestion
