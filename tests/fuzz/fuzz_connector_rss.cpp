// RSS/Atom connector on the fuzzed feed, in both modes (events, and
// announcements read from articles) (tests/fuzz/README.md).
#include "fuzz_connector.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const pft::ingestion::SourceConfig events =
      pft::fuzz::connectorConfig("fuzz-rss", pft::ingestion::SourceType::kRss);
  static const pft::ingestion::SourceConfig announcements = [] {
    auto c = pft::fuzz::connectorConfig("fuzz-rss-news", pft::ingestion::SourceType::kRss);
    c.rss.announcements = true;
    return c;
  }();
  return pft::fuzz::runConnector(size % 2 == 0 ? events : announcements, data, size);
}
