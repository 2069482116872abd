#pragma once
// A loopback HTTP/1.1 server for the fetcher's tests and benchmark (never
// linked into pft). POSIX sockets; one accept thread polls every listening
// port and each connection is served on its own thread, so slow scripted
// responses overlap like a real server's. Responses are scripted per path:
// a queue consumed in order whose last entry repeats. Every request is
// recorded (path, headers, arrival time). Thread-safe.

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace pft::ingestion::testing {

struct ScriptedResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds delay{0};  // wait before answering
  bool omit_content_length = false;    // send the body then close (no Content-Length)
  bool drop_connection = false;        // close without answering
};

struct RecordedRequest {
  std::string method;
  std::string path;  // path and query as sent
  std::map<std::string, std::string> headers;  // lower-case names
  std::chrono::steady_clock::time_point at;
  int port = 0;
};

class LoopbackHttpServer {
 public:
  // Starts listening on 127.0.0.1 on `ports` ephemeral ports (at least one).
  explicit LoopbackHttpServer(int ports = 1);
  ~LoopbackHttpServer();
  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

  int port(size_t i = 0) const { return ports_.at(i); }
  size_t portCount() const { return ports_.size(); }
  // "http://127.0.0.1:<port(i)>" + path
  std::string url(const std::string& path, size_t i = 0) const;

  // Replaces the script of `path` (exact path and query; "*" = any path
  // without its own script). Unscripted paths answer 404.
  void script(const std::string& path, std::vector<ScriptedResponse> responses);
  void respond(const std::string& path, ScriptedResponse response) { script(path, {std::move(response)}); }

  std::vector<RecordedRequest> requests() const;
  size_t requestCount(const std::string& path) const;

 private:
  void acceptLoop();
  void serve(int fd, int port);
  ScriptedResponse next(const std::string& path);

  std::vector<int> listen_fds_;
  std::vector<int> ports_;
  std::atomic<bool> stop_{false};
  std::thread acceptor_;
  mutable std::mutex mu_;
  std::map<std::string, std::vector<ScriptedResponse>> scripts_;
  std::map<std::string, size_t> served_;
  std::vector<RecordedRequest> requests_;
  std::vector<std::thread> workers_;
};

// A port on 127.0.0.1 where nothing listens (bound, then closed).
int closedLoopbackPort();

}  // namespace pft::ingestion::testing
