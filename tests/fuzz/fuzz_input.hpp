#pragma once
// Shared by the fuzz targets (tests/fuzz/README.md): how a target reads its
// input, and how it reports a violated property. Header-only, no libFuzzer
// dependency: the same sources build the replay tests (replay_main.cpp).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace pft::fuzz {

inline std::string_view asText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Splits `text` at tabs into exactly `n` fields (as in tests/data/*.tsv
// rows): the last field takes the rest, missing fields are empty.
inline std::vector<std::string_view> fields(std::string_view text, std::size_t n) {
  std::vector<std::string_view> out;
  out.reserve(n);
  while (out.size() + 1 < n) {
    auto tab = text.find('\t');
    if (tab == std::string_view::npos) break;
    out.push_back(text.substr(0, tab));
    text.remove_prefix(tab + 1);
  }
  out.push_back(text);
  while (out.size() < n) out.emplace_back();
  return out;
}

// A property the target checks does not hold: print it and abort, so that
// libFuzzer saves the input and the replay test fails.
[[noreturn]] inline void violated(const char* what, std::string_view detail = "") {
  std::fprintf(stderr, "fuzz property violated: %s: %.*s\n", what, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

}  // namespace pft::fuzz
