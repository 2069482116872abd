#pragma once
// Server: the HTTP transport (RESTinio underneath, hidden behind a pimpl:
// this is the only part of pft that includes RESTinio/asio). It parses
// requests within the limits below, hands each to a Handler, and writes the
// Response back (HEAD without body). It knows nothing of the application.
//
// Ownership: borrows the Handler, which must outlive it.
// Thread safety: start()/stop() from one controlling thread; requests are
// handled on `threads` I/O threads.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "pft/core/result.hpp"
#include "pft/http/handler.hpp"

namespace pft::http {

struct ServerOptions {
  std::string host = "127.0.0.1";  // address to bind
  std::uint16_t port = 8080;       // 0 = any free port (tests; read it back with port())
  unsigned threads = 0;            // I/O threads; 0 = one per core
  std::size_t max_connections = 2048;  // parallel connections; more wait in the accept queue
  std::size_t max_url_bytes = 8 * 1024;
  std::size_t max_field_bytes = 8 * 1024;  // one header value
  std::size_t max_header_fields = 100;
  std::size_t max_body_bytes = 16 * 1024;
  std::chrono::milliseconds read_timeout{10000};   // whole request (slow clients are cut)
  std::chrono::milliseconds write_timeout{10000};  // whole response
  std::chrono::milliseconds handle_timeout{10000};  // a handler's longest answer (admin waits)
};

class Server {
 public:
  Server(Handler& handler, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the I/O threads. kIo naming --host/--port when the
  // address cannot be bound; kInternal when already started.
  Result<void> start();
  // The bound port (after start()).
  std::uint16_t port() const;
  // Graceful stop: stops accepting, lets in-flight requests finish (up to
  // `grace`), then stops the threads. Idempotent.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds{10000});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Blocks SIGTERM and SIGINT in the calling thread and every thread it starts
// from then on; call it before any thread exists.
void blockStopSignals();
// Waits for SIGTERM or SIGINT (blocked first with blockStopSignals) and
// returns its name.
const char* waitForStopSignal();

}  // namespace pft::http
