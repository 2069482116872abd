#pragma once
// Test-only: the bundled gazetteer (data/gazetteer), loaded once per test
// binary. Throws when it cannot be read (the test binary stops: every test
// that uses it needs it).

#include <stdexcept>
#include <string>

#include "pft/normalize/gazetteer.hpp"

namespace pft::normalize::testing {

inline const Gazetteer& bundledGazetteer() {
  static const Gazetteer g = [] {
    auto loaded = Gazetteer::load(std::string(PFT_SOURCE_DIR) + "/data/gazetteer");
    if (!loaded) throw std::runtime_error(loaded.error().describe());
    return std::move(*loaded);
  }();
  return g;
}

}  // namespace pft::normalize::testing
