#pragma once
// The ingest runner: reads the catalog, fetches every enabled source
// concurrently through an HttpGet, hands each document to its connector and
// writes the raw events as JSON lines (pft::rawEventToJson), atomically.
//
// Concurrency: worker threads take sources from a queue; every HTTP request
// passes a gate that admits at most `global_limit` requests in flight and at
// most `per_host_limit` per host (scheme + host + port), so a slow host never
// holds the others back and back-off sleeps hold no slot. One bad source
// never stops the others: its error is in its SourceRun.
//
// Politeness and economy: robots.txt is read once per host per run and
// respected unless the source sets ignore_robots; ETag / Last-Modified are
// remembered per source under `state_path`, sent back as If-None-Match /
// If-Modified-Since, and on 304 the events written for that source last time
// are written again, so a quiet source never vanishes from the output.
//
// Completeness: a source's SourceRun::complete says its events are all it
// lists (every listing page fetched and read without damage, none left past
// max_pages, withdraw_absent not false; a 304 is as complete as the fetch it
// replays). Beside the output, "<out>.manifest.json" (core's
// ingestManifestToJson: the file's size and line count, each source's status
// and completeness) carries that to a later `pft normalize`, which withdraws
// only what a complete source no longer lists. The old manifest is removed
// before the output is replaced, the new one written after.
//
// runIngest is safe to call from one thread at a time per state_path / out_path.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "pft/core/clock.hpp"
#include "pft/core/http.hpp"
#include "pft/core/result.hpp"
#include "pft/core/source_status.hpp"
#include "pft/core/types.hpp"

namespace pft::ingestion {

struct IngestOptions {
  std::string catalog_path = "sources/catalog.yml";
  std::string out_path = "var/raw_events.jsonl";
  // Folder for per-source state (validators + last events); "" = no state:
  // no conditional requests.
  std::string state_path = "var/ingest_state";
  // Only these sources (by name); empty = every enabled source. A name that is
  // not in the catalog is a kInvalidArgument error.
  std::vector<std::string> only_sources;
  std::string user_agent = "PokerFranceTournaments/0.1 (+https://github.com/poker-france-tournaments)";
  // HTTP requests in flight, all hosts together. 16 rather than the 8 first
  // planned: politeness is the per-host limit; with 8, 200 sources answering
  // in 200 ms cannot finish under 5 s (measured 5.1 s), with 16 in 2.7 s.
  int global_limit = 16;
  int per_host_limit = 2;  // HTTP requests in flight per host
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds total_timeout{30000};
  int retries = 3;  // extra attempts on timeouts, dropped connections, 5xx and 429
  std::chrono::milliseconds retry_base_delay{500};  // back-off: base * 2^attempt, plus up to 50 % jitter
  std::chrono::milliseconds retry_after_cap{30000};  // longest Retry-After honoured
  std::int64_t max_body_bytes = 10 * 1024 * 1024;
  int max_redirects = 5;
  // Called after each source finishes (done, total), from worker threads but
  // never concurrently. For the terminal progress line; may be empty.
  std::function<void(int done, int total)> progress;
};

struct IngestReport {
  std::vector<SourceRun> sources;  // catalog order, enabled (and selected) sources only; `complete` set
  std::int64_t events = 0;         // lines written
  bool output_written = false;     // false when every source failed: the previous file was kept
  int failed() const;              // sources whose status is "failed"
};

// Runs one ingest. Returns an Error (nothing fetched) for a bad catalog or
// options (kInvalidConfig / kInvalidArgument / kNotFound), or when the output
// cannot be written (kIo; the previous file is left intact). Failed sources
// are not errors: see IngestReport::sources. When every selected source
// failed, the previous output file (and its manifest) is kept and
// output_written is false. A manifest that cannot be written is logged, not
// an error (without it nothing is withdrawn).
Result<IngestReport> runIngest(const IngestOptions& options, HttpGet& http, const Clock& clock);

// Why a failed source failed, in the public terms of /sources, read from the
// messages this runner writes (the error text itself never leaves the
// operators' tools): "HTTP 503 …" -> kHttp (status from the text, else
// run.http_status), "robots.txt …" -> kRobots, "timed out …" -> kTimeout,
// connection, DNS, redirect and body-limit failures -> kNetwork, a document
// its connector could not read ("<source>: <position>: …") -> kParse, the
// rest kOther. nullopt when the run did not fail. Sets `http_status` (0
// when none).
std::optional<SourceFailureKind> classifySourceFailure(const SourceRun& run, int& http_status);

// The end-of-run table: source, status, HTTP, bytes, events, seconds, error.
std::string formatIngestTable(const IngestReport& report);

}  // namespace pft::ingestion
