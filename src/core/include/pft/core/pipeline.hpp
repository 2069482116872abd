#pragma once
// PipelineRunner: "ingest then normalize as one recorded run" (pft run), as
// an interface so that `api` (POST /admin/ingest) can start it without
// linking ingestion and normalize. `app` implements it. Implementations must
// be callable from any thread; runs are exclusive database-wide.

#include <cstdint>
#include <functional>
#include <string>

#include "pft/core/result.hpp"
#include "pft/core/types.hpp"

namespace pft {

class PipelineRunner {
 public:
  virtual ~PipelineRunner() = default;
  // Runs the pipeline with `trigger` ("cli", "admin", "schedule").
  // `on_started` is called with the run id once the lock is taken and the run
  // recorded (before any fetching). Returns the finished run (status "ok",
  // "partial" or "failed"), or kConflict when another run holds the lock
  // (message names the running run's id when known).
  virtual Result<IngestRun> runPipeline(const std::string& trigger,
                                        const std::function<void(std::int64_t run_id)>& on_started) = 0;
};

}  // namespace pft
