// iCalendar connector on the fuzzed document (tests/fuzz/README.md).
#include "fuzz_connector.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const pft::ingestion::SourceConfig config =
      pft::fuzz::connectorConfig("fuzz-ics", pft::ingestion::SourceType::kIcs);
  return pft::fuzz::runConnector(config, data, size);
}
