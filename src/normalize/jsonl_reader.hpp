#pragma once
// Private to normalize: the JSONL reader of `pft normalize`. Reads
// raw_events.jsonl (one raw event per line, as `pft ingest` writes it) into
// one outcome per line, in input order: a NormalizedEvent (normalizeEvent,
// normalize_event.hpp) or a Rejection with its reason.
//
// A line is read by core's fast line reader (pft::parseRawEventJsonLine),
// else by nlohmann::json + pft::rawEventFromJson, which give the precise
// error. A
// line that cannot become a tournament is counted by reason and, when a
// rejects stream is given, written to it as
// {"rejected": true, "line": N, "source_name", "reason", "message", "file", "raw"}.
// A CR before the LF is dropped; an empty line is a Parse rejection. A line
// over kMaxRawEventLineBytes is skipped as it is read (one buffer of that
// size per reader; the rest of the line is ignored, never stored) and a
// line nested deeper than kMaxJsonDepth is not parsed (json.hpp): both are
// LimitExceeded rejections whose "raw" is the line's first KiB as text.
// A line kept with an unreadable field (normalizeEvent's warnings) is counted
// by reason and written to the rejects stream as a warning:
// {"rejected": false, "warning": true, "line": N, "source_name", "reason",
// "field", "message", "file", "raw"}, one line per warning.
//
// An input of at least NormalizeOptions::two_readers_from_bytes is read by
// two threads when a second CPU is usable: the second half starts after the
// first newline at or past the middle, and the second reader is then merged
// into the first; the result (events, rejections, rejects lines, venue slot
// order) is byte for byte the one a single reader gives (tested).
//
// Not thread-safe: one JsonlReader per run (readAll runs its own second
// thread and joins it).

#include <atomic>
#include <cstdint>
#include <istream>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "pft/core/result.hpp"
#include "pft/core/types.hpp"
#include "pft/normalize/normalize_event.hpp"
#include "pft/normalize/normalizer.hpp"

namespace pft::normalize::detail {

struct Rejection {
  ErrorCode code = ErrorCode::kParse;
  std::string message;
  std::string source_name;
};

// One input line's outcome: exactly one of the two indexes is >= 0.
struct LineOutcome {
  std::int32_t event = -1;      // index into events(), or -1 when rejected
  std::int32_t rejection = -1;  // index into rejections()
};

// CPUs this process may run on (its affinity mask, e.g. under taskset or a
// container's cpuset): a second thread (reader, dry-run writer) only pays
// with a second CPU.
int usableCpus();

class JsonlReader {
 public:
  // `options` (in_path, two_readers_from_bytes, progress) and `gazetteer`
  // must outlive the reader; `now`: see EventContext.
  JsonlReader(const NormalizeOptions& options, const Gazetteer& gazetteer, Instant now);
  // Waits for the second reader's memory to be freed (see readAll).
  ~JsonlReader();
  JsonlReader(const JsonlReader&) = delete;
  JsonlReader& operator=(const JsonlReader&) = delete;

  // Reads every line of `in`, the file options.in_path opened by the
  // caller at its start. `rejects` (may be null) receives the rejection
  // lines. Then drops the parser caches (EventContext::releaseCaches).
  // Errors: kIo naming the file on a read error. Call once.
  Result<void> readAll(std::istream& in, std::ostream* rejects);

  // What readAll gave. The events' ids refer to context().
  EventContext& context() { return context_; }
  std::vector<NormalizedEvent>& events() { return events_; }
  const std::vector<LineOutcome>& lines() const { return lines_; }
  const std::vector<Rejection>& rejections() const { return rejections_; }
  const std::map<std::string, std::int64_t>& rejectedByReason() const { return rejected_by_reason_; }
  // Warnings (kept lines with a field left null), by reason; lines with one or more.
  const std::map<std::string, std::int64_t>& warnedByReason() const { return warned_by_reason_; }
  std::int64_t linesWithWarnings() const { return lines_with_warnings_; }

 private:
  // Reads `in` from its position up to byte `end` (or to its end when
  // `end` < 0), the first line being number `first_line`. `lines_read`
  // counts the lines of every reader, for the progress line. False on a
  // read error.
  bool readLines(std::istream& in, std::int64_t end, std::int64_t first_line, std::atomic<std::int64_t>& lines_read);
  void processLine(std::int64_t line_no, std::string_view line);
  // `raw_is_json`: the fast reader accepted the line (one JSON object, valid
  // UTF-8), so it is copied into the warning line as it is.
  void addWarning(std::int64_t line_no, const Error& warning, std::string_view raw_line, bool raw_is_json);
  void addRejection(std::int64_t line_no, ErrorCode code, std::string message, std::string source_name,
                    std::string_view raw_line);
  // Appends what `other` read (the lines after this reader's) to this one.
  void absorb(JsonlReader& other);

  const NormalizeOptions& options_;
  EventContext context_;
  std::ostream* rejects_out_ = nullptr;
  std::map<std::string, std::int64_t> rejected_by_reason_;
  std::map<std::string, std::int64_t> warned_by_reason_;
  std::int64_t lines_with_warnings_ = 0;
  std::vector<Error> warnings_;  // reused for every line
  std::string warning_line_;     // reused for every warning
  std::vector<LineOutcome> lines_;
  std::vector<NormalizedEvent> events_;
  std::vector<Rejection> rejections_;
  RawEvent raw_;  // reused for every line
  // Frees the absorbed second reader while the run goes on (its hash
  // tables and texts took a tenth of the single-threaded part of a large
  // run to free); joined by the destructor.
  std::thread releaser_;
};

}  // namespace pft::normalize::detail
