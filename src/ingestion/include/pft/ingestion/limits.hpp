#pragma once
// What one source may produce, whatever its documents hold (docs/api.md
// « Limits », Ingestion). Each bound is checked where the text is made, so a
// small hostile document (an XML entity referenced thousands of times, a
// 9 MB CSV header) never turns into hundreds of MB of memory or output.

#include <cstddef>
#include <string>
#include <string_view>

namespace pft::ingestion {

// Per raw field, in characters (UTF-8 code points); longer text is cut at a
// character boundary and the document gets a warning.
inline constexpr std::size_t kMaxTitleChars = 500;
inline constexpr std::size_t kMaxDescriptionChars = 20'000;
inline constexpr std::size_t kMaxOtherFieldChars = 2'000;
// Text one document may yield in all (fields of all its events, and text
// gathered from markup while reading them): 10 times the document's size,
// at least kMinDocumentTextBytes. Past it, the events already read are kept
// and the document is marked partial.
inline constexpr std::size_t kDocumentTextFactor = 10;
inline constexpr std::size_t kMinDocumentTextBytes = 1 << 20;
// One raw JSON line (an event); a longer one is not written (counted in the
// source's notes). Fields capped as above stay far below it.
inline constexpr std::size_t kMaxRawLineBytes = 256 * 1024;
// Error messages and notes (the run table, logs, ingest_runs.sources).
inline constexpr std::size_t kMaxMessageChars = 500;

// `text` cut to at most `max_chars` UTF-8 characters, at a character
// boundary. `cut` (optional) is set to whether anything was removed.
std::string truncateUtf8(std::string_view text, std::size_t max_chars, bool* cut = nullptr);

// `message` when it has at most `max_chars` characters; otherwise its first
// `max_chars` characters followed by " … (N more)", N counting the
// characters left out. Reads the message once; never copies more than the kept part.
std::string capMessage(std::string_view message, std::size_t max_chars = kMaxMessageChars);

}  // namespace pft::ingestion
