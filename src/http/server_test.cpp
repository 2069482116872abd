// The RESTinio transport on its own: stopping a server while clients keep
// connections open. Run under ASan (make asan-unit) this is where a
// connection outliving the server's connection counter shows up.
#include "pft/http/server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "pft/http/handler.hpp"

namespace pft::http {
namespace {

class Hello final : public Handler {
 public:
  void handle(Request, Responder respond) noexcept override {
    Response r;
    r.status = 200;
    r.content_type = "text/plain";
    r.body = std::make_shared<const std::string>("bonjour");
    respond(std::move(r));
  }
};

int connectTo(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

// Sends one keep-alive request and reads its whole answer (ends with the body).
bool askOnce(int fd) {
  const std::string req = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size())) return false;
  std::string got;
  char buf[4096];
  while (got.find("bonjour") == std::string::npos) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    got.append(buf, static_cast<std::size_t>(n));
  }
  return got.rfind("HTTP/1.1 200", 0) == 0;
}

// Keep-alive connections left idle (one request answered, or none sent)
// when the server stops and is destroyed: each is dropped, nothing it owns
// outlives the server (under ASan: no use after free).
TEST(Server, StopsWithIdleConnectionsOpen) {
  for (int round = 0; round < 5; ++round) {
    Hello hello;
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    auto server = std::make_unique<Server>(hello, options);
    ASSERT_TRUE(server->start());
    std::vector<int> fds;
    for (int i = 0; i < 8; ++i) {
      int fd = connectTo(server->port());
      ASSERT_GE(fd, 0);
      if (i % 2 == 0) {
        EXPECT_TRUE(askOnce(fd)) << "connection " << i;
      }
      fds.push_back(fd);
    }
    server->stop(std::chrono::milliseconds{2000});
    server.reset();
    for (int fd : fds) {
      char c;
      EXPECT_LE(::recv(fd, &c, 1, 0), 0) << "the connection was closed by the server";
      ::close(fd);
    }
  }
}

}  // namespace
}  // namespace pft::http
