// The raw JSONL reader of `pft normalize` (normalize/jsonl_reader) on the
// fuzzed file, with the bundled gazetteer. Property: no crash; one outcome
// per line; two readers (one per half, as on a large file) give byte for
// byte what one reader gives.
#include <sstream>
#include <string>

#include "fuzz_input.hpp"
#include "jsonl_reader.hpp"
#include "pft/normalize/gazetteer.hpp"

namespace {

const pft::normalize::Gazetteer& gazetteer() {
  static const pft::normalize::Gazetteer g = [] {
    auto loaded = pft::normalize::Gazetteer::load(PFT_SOURCE_DIR "/data/gazetteer");
    if (!loaded) pft::fuzz::violated("cannot load the gazetteer", loaded.error().message);
    return std::move(*loaded);
  }();
  return g;
}

struct Read {
  std::string rejects;
  std::size_t events = 0;
  std::size_t lines = 0;
};

Read readOnce(std::string_view text, std::int64_t two_readers_from_bytes) {
  pft::normalize::NormalizeOptions options;
  options.in_path = "fuzz.jsonl";
  options.two_readers_from_bytes = two_readers_from_bytes;
  // 2026-11-30T11:00:00Z, fixed.
  pft::normalize::detail::JsonlReader reader(options, gazetteer(), pft::Instant{std::chrono::seconds{1796036400}});
  std::istringstream in{std::string{text}};
  std::ostringstream rejects;
  if (!reader.readAll(in, &rejects)) pft::fuzz::violated("readAll failed on a string stream");
  return {rejects.str(), reader.events().size(), reader.lines().size()};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = pft::fuzz::asText(data, size);
  Read one = readOnce(text, std::int64_t{1} << 40);
  std::size_t newlines = 0;
  for (char c : text) newlines += c == '\n' ? 1 : 0;
  const std::size_t expected_lines = newlines + (text.empty() || text.back() == '\n' ? 0 : 1);
  if (one.lines != expected_lines) pft::fuzz::violated("not one outcome per line");
  if (size >= 64) {
    Read two = readOnce(text, 32);
    if (two.rejects != one.rejects || two.events != one.events || two.lines != one.lines)
      pft::fuzz::violated("two readers differ from one");
  }
  return 0;
}
