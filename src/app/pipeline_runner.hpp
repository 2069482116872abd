#pragma once
// makePipelineRunner: the one implementation of pft::PipelineRunner, "ingest
// then normalize as one recorded run", used by `pft run` and by `pft serve`
// (POST /admin/ingest). Kept small: no heavy includes.
//
// Each runPipeline() call opens its own database connection, takes the
// database-wide run lock (Store::tryAcquireRunLock: flock on SQLite, advisory
// lock on PostgreSQL, both released by the kernel / server if the process
// dies), marks runs left "running" by a dead process as failed, records the
// run in ingest_runs (startRun, then finishRun with per-source results and
// counts), runs ingest (pft::ingestion::runIngest) then normalize
// (pft::normalize::runNormalize), and releases the lock whatever happens.
// Safe to call from several threads: a second concurrent call gets kConflict.
//
// Errors: kConflict when another run holds the lock (the message names it);
// kInvalidConfig / kInvalidArgument / kNotFound for a bad catalog, gazetteer or
// option (the run is recorded as failed); kDatabase when the database cannot
// be opened or written. A finished run (even "failed" because every source
// failed) is a value: check IngestRun::status ("ok", "partial", "failed").

#include <memory>
#include <string>
#include <vector>

#include "pft/core/pipeline.hpp"

namespace pft::app {

struct Context;

struct RunSettings {
  std::string catalog_path = "sources/catalog.yml";    // --catalog
  std::string raw_events_path = "var/raw_events.jsonl";  // --out: ingest writes, normalize reads
  std::string rejects_path = "var/rejects.jsonl";      // --rejects
  std::string state_path = "var/ingest_state";         // --state: ETag / Last-Modified per source
  std::string gazetteer_dir;                           // --gazetteer; empty = normalize::defaultGazetteerDir()
  std::vector<std::string> only_sources;               // --source NAME (repeatable); empty = all enabled
  bool progress = false;                               // progress lines on stderr (a TTY)
};

// `ctx` (its Config is copied; its Clock is referenced) must outlive the runner.
std::unique_ptr<pft::PipelineRunner> makePipelineRunner(const Context& ctx, RunSettings settings);

}  // namespace pft::app
