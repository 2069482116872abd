#pragma once
// How `pft` ends on SIGTERM and SIGINT, also as PID 1 in a container, where
// the kernel drops a signal whose action is the default: a one-shot command
// started as the container's command (`docker run IMAGE pft run`) would
// otherwise ignore the platform's SIGTERM and be killed after the grace
// period. Private to src/app (wiring only).

#include <chrono>
#include <functional>

namespace pft::app {

// For the one-shot commands (migrate, ingest, normalize, run, monitor,
// purge, status): SIGTERM or SIGINT prints one line on stderr and ends the
// process at once, with the signal itself, or, as PID 1, with exit code
// 128 + signal (143, 130). Nothing is left inconsistent: every write is a
// transaction that the database rolls back, the run lock is released by the
// kernel (flock) or the server (advisory lock), a run left "running" is
// marked failed by the next run, and ingest's output files are replaced
// atomically. Call once from main, before any thread starts. `pft serve`
// blocks both signals and waits for them instead (waitForStopSignal), which
// takes precedence over this handler.
void exitOnStopSignals();

// For `pft serve`: blocks SIGTERM and SIGINT in the calling thread and in
// every thread it starts afterwards. Call before any thread starts.
void blockStopSignals();

// Blocks until SIGTERM or SIGINT (blocked by blockStopSignals), then runs
// `stop` on a helper thread and waits for it at most `deadline`, or until a
// second signal. Returns true when `stop` finished in time; false when it was
// still running, which the caller ends by exiting without waiting further
// (an admin run in progress, say, left for the next run to mark failed).
// `stop` must not throw.
bool waitForStopSignal(const std::function<void()>& stop, std::chrono::milliseconds deadline);

}  // namespace pft::app
