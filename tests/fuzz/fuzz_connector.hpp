#pragma once
// The connector targets (fuzz_connector_*.cpp): one fixed source
// configuration per document type, the fuzzed body as the fetched document.
// Property: parseDocument returns a value or an error, never crashes; every
// event it gives has a source hash; the same body gives the same events.

#include <string>

#include "fuzz_input.hpp"
#include "pft/core/time.hpp"
#include "pft/ingestion/connectors.hpp"

namespace pft::fuzz {

inline ingestion::SourceConfig connectorConfig(const std::string& name, ingestion::SourceType type) {
  ingestion::SourceConfig c;
  c.name = name;
  c.type = type;
  c.url = "https://example.test/" + name;
  c.default_venue = {"Casino de Test", "1 rue du Test", "Rouen", "76000"};
  return c;
}

inline ingestion::ParseContext connectorContext() {
  // 2026-11-30T11:00:00Z: a fixed fetch time, so that a run is reproducible.
  return ingestion::ParseContext{"https://example.test/agenda/page.html", Instant{std::chrono::seconds{1796036400}},
                                 "text/html; charset=utf-8"};
}

inline int runConnector(const ingestion::SourceConfig& config, const std::uint8_t* data, std::size_t size) {
  const std::string_view body = asText(data, size);
  auto out = ingestion::parseDocument(config, body, connectorContext());
  if (!out) return 0;
  for (const RawEvent& e : out->events) {
    if (e.source_hash.empty()) violated("event without a source hash", e.title);
  }
  // A listing's detail page: the same body merged into its first event.
  if (!out->events.empty() && config.type == ingestion::SourceType::kHtml) {
    (void)ingestion::mergeDetailPage(config, out->events.front(), body, connectorContext());
  }
  return 0;
}

}  // namespace pft::fuzz
