// CSV connector: French club export and The Events Calendar export headers,
// delimiter sniffed (tests/fuzz/README.md).
#include "fuzz_connector.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const pft::ingestion::SourceConfig config = [] {
    auto c = pft::fuzz::connectorConfig("fuzz-csv", pft::ingestion::SourceType::kCsv);
    c.csv.field_map = {{"Titre", "title"},          {"Date", "start"},          {"Heure", "start"},
                       {"Prix", "buy_in"},          {"Lieu", "venue_name"},     {"Ville", "city"},
                       {"Lien", "url"},             {"Notes", "description"},   {"EVENT NAME", "title"},
                       {"START DATE", "start"},     {"START TIME", "start"},    {"END DATE", "end"},
                       {"EVENT COST", "buy_in"},    {"EVENT WEBSITE", "event_url"}};
    return c;
  }();
  return pft::fuzz::runConnector(config, data, size);
}
