#include "stop_signals.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <memory>
#include <thread>

namespace pft::app {

namespace {

sigset_t stopSet() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

const char* signalName(int sig) { return sig == SIGTERM ? "SIGTERM" : "SIGINT"; }

extern "C" void onStopSignal(int sig) {
  // Only async-signal-safe calls here.
  const char* text = sig == SIGTERM ? "pft: stopped by SIGTERM\n" : "pft: stopped by SIGINT\n";
  ssize_t written = ::write(STDERR_FILENO, text, std::strlen(text));
  (void)written;
  // SA_RESETHAND restored the default action and SA_NODEFER left the signal
  // unblocked, so this ends the process with the signal, as if no handler
  // had been installed ...
  ::raise(sig);
  // ... except as PID 1, where the kernel drops a signal whose action is the
  // default: exit as a shell reports a process killed by it.
  ::_exit(128 + sig);
}

}  // namespace

void exitOnStopSignals() {
  struct sigaction action {};
  action.sa_handler = onStopSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND | SA_NODEFER;
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
}

void blockStopSignals() {
  sigset_t set = stopSet();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

bool waitForStopSignal(const std::function<void()>& stop, std::chrono::milliseconds deadline) {
  sigset_t set = stopSet();
  int sig = 0;
  while (sigwait(&set, &sig) != 0) {
  }
  spdlog::warn("event=shutdown signal={}", signalName(sig));

  // Shared with the helper, which may outlive this call when it is detached.
  auto done = std::make_shared<std::atomic<bool>>(false);
  std::thread stopper([stop, done] {
    stop();
    *done = true;
  });
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (!*done) {
    auto left = until - std::chrono::steady_clock::now();
    if (left <= std::chrono::milliseconds{0}) break;
    // Poll every 50 ms; a second signal means "now".
    auto step = std::min<std::chrono::nanoseconds>(left, std::chrono::milliseconds{50});
    timespec ts{0, static_cast<long>(step.count())};
    int again = sigtimedwait(&set, nullptr, &ts);
    if (again > 0) {
      spdlog::warn("event=shutdown_now signal={}", signalName(again));
      break;
    }
  }
  if (*done) {
    stopper.join();
    return true;
  }
  stopper.detach();  // the caller exits without waiting for it
  return false;
}

}  // namespace pft::app
