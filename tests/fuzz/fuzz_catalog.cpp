// The catalog YAML parser (ingestion/catalog: parseCatalog) on the fuzzed
// file. Property: a value or an error, never a crash or an escaping
// exception; an accepted catalog formats back to entries that parse again.
#include <string>

#include "fuzz_input.hpp"
#include "pft/ingestion/catalog.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view yaml = pft::fuzz::asText(data, size);
  auto catalog = pft::ingestion::parseCatalog(yaml, "fuzz.yml", "/nonexistent/fuzz");
  if (!catalog) return 0;
  for (const auto& source : catalog->sources) {
    std::string entry = pft::ingestion::formatCatalogEntry(source);
    std::string again = "sources:\n" + entry;
    if (!pft::ingestion::parseCatalog(again, "fuzz.yml", "/nonexistent/fuzz"))
      pft::fuzz::violated("a formatted catalog entry does not parse", entry);
  }
  return 0;
}
