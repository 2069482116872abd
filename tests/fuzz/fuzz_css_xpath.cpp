// CSS -> XPath translation of the HTML connector's selectors (catalog text).
// Property: no crash; an accepted selector translates the same way twice.
#include "fuzz_input.hpp"
#include "pft/ingestion/connectors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view css = pft::fuzz::asText(data, size);
  for (bool relative : {false, true}) {
    auto a = pft::ingestion::cssToXPath(css, relative);
    auto b = pft::ingestion::cssToXPath(css, relative);
    if (a.has_value() != b.has_value() || (a && *a != *b)) pft::fuzz::violated("cssToXPath is not deterministic");
  }
  (void)pft::ingestion::isXPathSelector(css);
  (void)pft::ingestion::parseFieldSelector(css);
  return 0;
}
