#pragma once
// Helpers for the connector unit tests: fixture files and small configs.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "pft/core/time.hpp"
#include "pft/ingestion/connectors.hpp"

namespace pft::ingestion::testing {

inline std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string sharedFixture(const std::string& rel) { return readFile(std::string(PFT_SHARED_DIR) + "/fixtures/" + rel); }
inline std::string dataFile(const std::string& rel) {
  return readFile(std::string(PFT_SOURCE_DIR) + "/tests/data/ingestion/" + rel);
}

inline SourceConfig makeConfig(const std::string& name, SourceType type) {
  SourceConfig c;
  c.name = name;
  c.type = type;
  c.url = "https://example.test/" + name;
  return c;
}

inline Instant at(const std::string& iso) {
  auto r = parseIsoInstant(iso);
  EXPECT_TRUE(r.has_value()) << iso;
  return r ? *r : Instant{};
}

inline ParseContext makeContext(const std::string& url, const std::string& now = "2026-11-30T12:00:00+01:00",
                                const std::string& content_type = {}) {
  return ParseContext{url, at(now), content_type};
}

}  // namespace pft::ingestion::testing
