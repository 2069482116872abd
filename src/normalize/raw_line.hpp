#pragma once
// Private to normalize: a fast reader for one raw_events.jsonl line, the hot
// path of `pft normalize` (nlohmann's DOM costs ~15 µs a line; this ~1 µs).
// It accepts exactly what pft::rawEventFromJson accepts for the common shape:
// one flat JSON object whose values are strings, null, or numbers for
// latitude/longitude/priority. Anything else (nested values, numbers in text
// fields, invalid UTF-8, syntax errors) returns false, and the caller falls
// back to nlohmann + rawEventFromJson, which gives the same result or the
// error message. Pure, thread-safe; `out` is overwritten (capacity reused).

#include <string_view>

#include "pft/core/types.hpp"

namespace pft::normalize::detail {

bool parseRawLineFast(std::string_view line, RawEvent& out);

}  // namespace pft::normalize::detail
