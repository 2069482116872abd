// CurlHttpGet against the loopback server: real HTTP, scripted faults.

#include "pft/ingestion/curl_http.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "fetch_test_server.hpp"

namespace pft::ingestion {
namespace {

using testing::LoopbackHttpServer;
using testing::ScriptedResponse;
using namespace std::chrono_literals;

HttpRequest get(const std::string& url) {
  HttpRequest r;
  r.url = url;
  r.connect_timeout = 2000ms;
  r.total_timeout = 5000ms;
  return r;
}

std::string gzipText(const std::string& text) {
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(text.size() + 128, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

TEST(CurlHttpGet, ReturnsStatusBodyAndLowerCasedHeaders) {
  LoopbackHttpServer server;
  server.respond("/page", ScriptedResponse{200, {{"Content-Type", "text/html; charset=UTF-8"}, {"ETag", "\"v1\""}},
                                           "<p>Tournoi</p>"});
  CurlHttpGet http("pft-test/1.0");
  auto r = http.fetch(get(server.url("/page")));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "<p>Tournoi</p>");
  EXPECT_EQ(r->headers.at("content-type"), "text/html; charset=UTF-8");
  EXPECT_EQ(r->headers.at("etag"), "\"v1\"");
  EXPECT_EQ(r->effective_url, server.url("/page"));
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].headers.at("user-agent"), "pft-test/1.0");
  EXPECT_NE(server.requests()[0].headers.at("accept-encoding").find("gzip"), std::string::npos);
}

TEST(CurlHttpGet, DecodesGzipBodies) {
  LoopbackHttpServer server;
  const std::string text(5000, 'x');
  server.respond("/gz", ScriptedResponse{200, {{"Content-Encoding", "gzip"}}, gzipText(text)});
  CurlHttpGet http("pft-test");
  auto r = http.fetch(get(server.url("/gz")));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  EXPECT_EQ(r->body, text);
}

TEST(CurlHttpGet, AnyHttpStatusIsAResponse) {
  LoopbackHttpServer server;
  server.respond("/missing", ScriptedResponse{404, {}, "nope"});
  CurlHttpGet http("pft-test");
  auto r = http.fetch(get(server.url("/missing")));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body, "nope");
}

TEST(CurlHttpGet, TimeoutIsATransientNetworkError) {
  LoopbackHttpServer server;
  ScriptedResponse slow{200, {}, "late"};
  slow.delay = 2000ms;
  server.respond("/slow", slow);
  CurlHttpGet http("pft-test");
  auto req = get(server.url("/slow"));
  req.total_timeout = 300ms;
  auto r = http.fetch(req);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kNetwork);
  EXPECT_EQ(r.error().message.rfind("timed out (connect timeout 2000 ms, total timeout 300 ms)", 0), 0u)
      << r.error().message;
  EXPECT_EQ(r.error().where, server.url("/slow"));
  EXPECT_TRUE(isTransientNetworkError(r.error()));
}

TEST(CurlHttpGet, ConnectionRefusedIsNotTransient) {
  const std::string url = "http://127.0.0.1:" + std::to_string(testing::closedLoopbackPort()) + "/";
  CurlHttpGet http("pft-test");
  auto r = http.fetch(get(url));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kNetwork);
  EXPECT_EQ(r.error().message.rfind("connection refused or host unreachable", 0), 0u) << r.error().message;
  EXPECT_FALSE(isTransientNetworkError(r.error()));
}

TEST(CurlHttpGet, BodyOverTheLimitWithContentLength) {
  LoopbackHttpServer server;
  server.respond("/big", ScriptedResponse{200, {}, std::string(200000, 'a')});
  CurlHttpGet http("pft-test");
  auto req = get(server.url("/big"));
  req.max_body_bytes = 100000;
  auto r = http.fetch(req);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "body larger than the limit of 100000 bytes (Content-Length)");
}

TEST(CurlHttpGet, BodyOverTheLimitWhileReceiving) {
  LoopbackHttpServer server;
  ScriptedResponse big{200, {}, std::string(300000, 'a')};
  big.omit_content_length = true;
  server.respond("/stream", big);
  CurlHttpGet http("pft-test");
  auto req = get(server.url("/stream"));
  req.max_body_bytes = 100000;
  auto r = http.fetch(req);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "body larger than the limit of 100000 bytes; transfer stopped");
  EXPECT_FALSE(isTransientNetworkError(r.error()));
}

TEST(CurlHttpGet, FollowsRedirects) {
  LoopbackHttpServer server;
  server.respond("/old", ScriptedResponse{301, {{"Location", "/new"}}, ""});
  server.respond("/new", ScriptedResponse{200, {}, "moved here"});
  CurlHttpGet http("pft-test");
  auto r = http.fetch(get(server.url("/old")));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "moved here");
  EXPECT_EQ(r->effective_url, server.url("/new"));
}

TEST(CurlHttpGet, RedirectLoopIsDetected) {
  LoopbackHttpServer server;
  server.respond("/a", ScriptedResponse{302, {{"Location", "/b"}}, ""});
  server.respond("/b", ScriptedResponse{302, {{"Location", "/a"}}, ""});
  CurlHttpGet http("pft-test");
  auto r = http.fetch(get(server.url("/a")));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message,
            "redirect loop: " + server.url("/a") + " -> " + server.url("/b") + " -> " + server.url("/a"));
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST(CurlHttpGet, AtMostFiveRedirects) {
  LoopbackHttpServer server;
  for (int i = 0; i < 7; ++i) {
    server.respond("/r" + std::to_string(i), ScriptedResponse{302, {{"Location", "/r" + std::to_string(i + 1)}}, ""});
  }
  CurlHttpGet http("pft-test");
  auto r = http.fetch(get(server.url("/r0")));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "too many redirects (more than 5); last location " + server.url("/r6"));
  EXPECT_EQ(server.requests().size(), 6u);
}

TEST(CurlHttpGet, ReadsFileUrls) {
  const auto dir = std::filesystem::temp_directory_path() / ("pft_curl_file_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "cal.ics") << "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
  }
  CurlHttpGet http("pft-test");
  auto r = http.fetch(get("file://" + (dir / "cal.ics").string()));
  ASSERT_TRUE(r.has_value()) << r.error().describe();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");

  auto missing = http.fetch(get("file://" + (dir / "absent.ics").string()));
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace pft::ingestion
