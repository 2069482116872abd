#pragma once
// Test-only loopback HTTP/1.1 server on 127.0.0.1 (POSIX sockets, one
// thread, one connection at a time): each request is recorded and answered
// by a handler that returns the raw reply and an optional delay. Good enough
// to play a slow, failing or garbage-speaking API or a webhook receiver.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace pft::testing {

struct LoopbackRequest {
  std::string method;
  std::string target;
  std::string headers;  // raw header block
  std::string body;
};

struct LoopbackReply {
  std::string raw;                       // full HTTP response bytes
  std::chrono::milliseconds delay{0};    // wait before answering
  bool close_without_answer = false;
};

inline LoopbackReply httpReply(int status, const std::string& body,
                               const std::string& content_type = "application/json") {
  std::string raw = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + content_type +
                    "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  return LoopbackReply{raw, std::chrono::milliseconds{0}, false};
}

class LoopbackServer {
 public:
  using Handler = std::function<LoopbackReply(const LoopbackRequest&)>;

  explicit LoopbackServer(Handler handler) : handler_(std::move(handler)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket");
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("bind");
    if (::listen(fd_, 16) != 0) throw std::runtime_error("listen");
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { loop(); });
  }
  ~LoopbackServer() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<LoopbackRequest> requests() const {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

 private:
  void loop() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      serve(c);
      ::close(c);
    }
  }

  void serve(int c) {
    std::string data;
    char buf[4096];
    std::size_t header_end = std::string::npos;
    std::size_t want = 0;
    while (true) {
      pollfd p{c, POLLIN, 0};
      if (::poll(&p, 1, 2000) <= 0) return;
      ssize_t n = ::recv(c, buf, sizeof buf, 0);
      if (n <= 0) return;
      data.append(buf, static_cast<std::size_t>(n));
      if (header_end == std::string::npos) {
        header_end = data.find("\r\n\r\n");
        if (header_end == std::string::npos) continue;
        want = header_end + 4 + contentLength(data.substr(0, header_end));
      }
      if (data.size() >= want) break;
    }
    LoopbackRequest req;
    std::string head = data.substr(0, header_end);
    auto line_end = head.find("\r\n");
    std::string first = head.substr(0, line_end);
    auto sp1 = first.find(' ');
    auto sp2 = first.find(' ', sp1 + 1);
    req.method = first.substr(0, sp1);
    req.target = first.substr(sp1 + 1, sp2 - sp1 - 1);
    req.headers = line_end == std::string::npos ? "" : head.substr(line_end + 2);
    req.body = data.substr(header_end + 4);
    {
      std::lock_guard<std::mutex> lock(mu_);
      requests_.push_back(req);
    }
    LoopbackReply reply = handler_(req);
    auto until = std::chrono::steady_clock::now() + reply.delay;
    while (!stop_ && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds{10});
    }
    if (reply.close_without_answer) return;
    std::size_t sent = 0;
    while (sent < reply.raw.size()) {
      ssize_t n = ::send(c, reply.raw.data() + sent, reply.raw.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<std::size_t>(n);
    }
    ::shutdown(c, SHUT_WR);
  }

  static std::size_t contentLength(const std::string& head) {
    std::string lower;
    for (char ch : head) lower += static_cast<char>((ch >= 'A' && ch <= 'Z') ? ch - 'A' + 'a' : ch);
    auto pos = lower.find("content-length:");
    if (pos == std::string::npos) return 0;
    return static_cast<std::size_t>(std::strtoul(lower.c_str() + pos + 15, nullptr, 10));
  }

  Handler handler_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  mutable std::mutex mu_;
  std::vector<LoopbackRequest> requests_;
};

// A port on 127.0.0.1 where nothing listens (bound, then closed).
inline int closedLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

}  // namespace pft::testing
