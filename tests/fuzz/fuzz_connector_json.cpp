// JSON connector: The Events Calendar REST (TEC) on even sizes, the generic
// pointer mapping on odd ones (tests/fuzz/README.md).
#include "fuzz_connector.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const pft::ingestion::SourceConfig tec =
      pft::fuzz::connectorConfig("fuzz-tec", pft::ingestion::SourceType::kJson);
  static const pft::ingestion::SourceConfig mapping = [] {
    auto c = pft::fuzz::connectorConfig("fuzz-json", pft::ingestion::SourceType::kJson);
    c.json.mode = pft::ingestion::JsonMode::kMapping;
    c.json.items = "/data/tournois";
    c.json.fields = {{"title", "/nom"},        {"start", "/debut"},      {"buy_in", "/prix"},
                     {"venue_name", "/salle/nom"}, {"city", "/salle/ville"}, {"url", "/lien"}};
    c.json.next = "/meta/next";
    return c;
  }();
  return pft::fuzz::runConnector(size % 2 == 0 ? tec : mapping, data, size);
}
