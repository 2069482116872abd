#pragma once
// The normalisation run (`pft normalize`): reads raw_events.jsonl, turns each
// line into a tournament or a rejection with its reason, resolves and
// geocodes venues, merges duplicates, then either upserts into a
// TournamentSink (the store, wired by `app`) in batches (one transaction
// each) or, in dry-run, prints exactly one JSON line per input line in input
// order.
//
// Per line (the JSONL reader, jsonl_reader.hpp): JSON -> RawEvent
// (pft::rawEventFromJson) -> normalizeEvent (normalize_event.hpp: title,
// dates read against published_at, else fetched_at, else the clock; buy-in, variant/tags/status, venue resolved). A line that cannot
// become a tournament is a rejection
// {"rejected": true, "line": N, "source_name": …, "reason": "<ErrorCode name>",
// "message": …} written to the rejects file (with the original text under
// "raw") and counted by reason; nothing is dropped silently. Only a missing
// title or venue, an unknown zone or no usable start reject a line; a line
// whose buy-in or end cannot be read is kept with that field null and written
// to the rejects file as a warning {"rejected": false, "warning": true,
// "line", "source_name", "reason", "field", "message", "file", "raw"}
// (normalize_event.hpp), counted apart (warned_by_reason).
// The run (normalizer.cpp) then does the rest:
// Venues: one per venue key (venue.hpp), geocoded once per run; the name kept
// is the one of the highest-priority source, then the longest.
// Duplicates: dedupe.hpp; the kept event absorbs what its duplicates know
// and keeps its own identity, theirs going with it as also_known_as; in
// dry-run a duplicate's line carries "duplicate_of": <line of the kept one>.
// Identities (normalize_event.hpp identityKey) are made distinct within each
// source: a source id shared by two kept events is not one (a listing whose
// `url` is its booking page): those take the venue/day/title form, and two
// of those alike get "@HH:MM" (their local start time), then "#n".
// Withdrawal: after the upserts, the sources that `manifest` says were
// fetched completely, and that had no rejected line this run, have their
// tournaments the run did not see withdrawn (TournamentSink::withdrawAbsent:
// status removed). No manifest, a manifest whose size or line count is not
// the file's, or a dry run: nothing is withdrawn.
//
// Not thread-safe: one run at a time per Geocoder.

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pft/core/clock.hpp"
#include "pft/core/result.hpp"
#include "pft/core/tournament_sink.hpp"
#include "pft/core/types.hpp"

namespace pft::normalize {

class Geocoder;

struct NormalizeOptions {
  std::string in_path = "var/raw_events.jsonl";  // --in
  std::string rejects_path = "var/rejects.jsonl";  // --rejects; empty = no rejects file
  bool dry_run = false;                           // --dry-run: print, touch no database
  std::size_t batch_size = 10000;                 // tournaments per upsert transaction
  bool progress = false;                          // progress line on stderr (callers set it when stderr is a TTY)
  // An input of at least this many bytes is read by two threads, one per
  // half; the result is the same as with one (tests lower it to check so).
  std::int64_t two_readers_from_bytes = 4 << 20;
  // What the ingest that wrote in_path knew of each source: `pft run` passes
  // its report (bytes and lines < 0: not checked), `pft normalize` the
  // manifest beside the file (core's ingestManifestPath). Empty: nothing is
  // withdrawn.
  std::optional<IngestManifest> manifest;
};

struct NormalizeReport {
  std::int64_t inserted = 0;
  std::int64_t updated = 0;
  std::int64_t unchanged = 0;
  std::int64_t duplicates = 0;  // lines merged into another line's tournament
  std::map<std::string, std::int64_t> rejected_by_reason;  // ErrorCode name -> lines
  std::map<std::string, std::int64_t> warned_by_reason;    // ErrorCode name -> warnings (kept lines)
  std::int64_t warned_lines = 0;  // kept lines with at least one warning
  std::map<std::string, std::int64_t> geocoded_by_provider;  // per distinct venue
  double seconds = 0;
  std::int64_t lines = 0;
  std::int64_t tournaments = 0;  // lines that became a tournament (duplicates included)
  std::int64_t venues = 0;       // distinct venues
  std::int64_t removed = 0;      // tournaments withdrawn (sum of withdrawals)
  std::vector<SourceWithdrawal> withdrawals;  // per complete source, in the manifest's order
  // Why nothing was withdrawn ("no manifest", "the manifest describes
  // another file", "dry run"), or the sources left out ("casino-x: 2
  // rejected lines"); empty when every complete source was considered.
  std::string withdrawal_note;

  std::int64_t rejected() const;
  // "lines=… inserted=… updated=… unchanged=… removed=… duplicates=…
  // rejected=… (InvalidDate=…) warned=… (InvalidBuyIn=…) venues=…
  // geocoded: gazetteer=… seconds=…": the one-line summary (warned: kept
  // lines with a field left null; the parentheses count warnings by reason).
  std::string summary() const;
};

// Runs one normalisation. `sink` is null in dry-run (and must not be null
// otherwise); `dry_run_out` receives the JSON lines in dry-run.
// Errors: kIo when the input file is missing or unreadable, or the rejects
// file cannot be written; the sink's error (kDatabase for a store) when an
// upsert batch fails (batches already written stay written).
Result<NormalizeReport> runNormalize(const NormalizeOptions& options, TournamentSink* sink, Geocoder& geocoder,
                                     const Clock& clock, std::ostream* dry_run_out);

}  // namespace pft::normalize
