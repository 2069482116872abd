// HTML connector: CSS selectors (turned into XPath), attributes, next page,
// follow links and detail fields, on the fuzzed page (tests/fuzz/README.md).
#include "fuzz_connector.hpp"

namespace {
pft::ingestion::SourceConfig htmlConfig() {
  using pft::ingestion::parseFieldSelector;
  auto cfg = pft::fuzz::connectorConfig("fuzz-html", pft::ingestion::SourceType::kHtml);
  cfg.html.item = "section#agenda > article.tournoi, .event-item";
  cfg.html.fields = {{"title", parseFieldSelector("h3.titre, .event-title")},
                     {"start", parseFieldSelector("time@datetime")},
                     {"end", parseFieldSelector(".fin")},
                     {"buy_in", parseFieldSelector("td[data-label=\"Prix d'entrée\"]")},
                     {"variant", parseFieldSelector("./table//td[2]")},
                     {"description", parseFieldSelector(".infos p:nth-child(2)")},
                     {"url", parseFieldSelector("a.details@href")},
                     {"venue_name", parseFieldSelector(".event-venue")},
                     {"status", parseFieldSelector(".statut")},
                     {"published", parseFieldSelector("time.updated@datetime")}};
  cfg.html.next_page = parseFieldSelector("a[rel=next]@href");
  cfg.html.follow = parseFieldSelector("a.details@href");
  cfg.html.detail_fields = {{"description", parseFieldSelector(".description")},
                            {"buy_in", parseFieldSelector("li:first-child")}};
  return cfg;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const pft::ingestion::SourceConfig config = htmlConfig();
  return pft::fuzz::runConnector(config, data, size);
}
