// Geocoder against a loopback fake Nominatim (a thread answering fixed JSON
// over a POSIX socket) through a minimal HttpGet over a POSIX socket, both
// private to this test; the cache is a real SQLite store.
#include "pft/normalize/geocoder.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "pft/core/clock.hpp"
#include "pft/store/store.hpp"
#include "test_gazetteer.hpp"

namespace pft::normalize {
namespace {

using Steady = std::chrono::steady_clock;

// Answers every request with the current `body`/`status` after `delay`.
class FakeNominatim {
 public:
  FakeNominatim() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("bind");
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    ::listen(fd_, 16);
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeNominatim() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void answer(int status, std::string body, std::chrono::milliseconds delay = {}) {
    std::lock_guard<std::mutex> lock(mutex_);
    status_ = status;
    body_ = std::move(body);
    delay_ = delay;
  }
  struct Seen {
    std::string request;  // request line and headers
    Steady::time_point at;
  };
  std::vector<Seen> seen() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return seen_;
  }

 private:
  void serve() {
    while (!stop_) {
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      std::string req;
      char buf[4096];
      while (req.find("\r\n\r\n") == std::string::npos) {
        auto n = ::recv(c, buf, sizeof buf, 0);
        if (n <= 0) break;
        req.append(buf, static_cast<size_t>(n));
      }
      int status;
      std::string body;
      std::chrono::milliseconds delay;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        seen_.push_back(Seen{req, Steady::now()});
        status = status_;
        body = body_;
        delay = delay_;
      }
      std::this_thread::sleep_for(delay);
      std::string resp = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: application/json\r\n" +
                         "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
      ::send(c, resp.data(), resp.size(), MSG_NOSIGNAL);
      ::close(c);
    }
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  int status_ = 200;
  std::string body_ = "[]";
  std::chrono::milliseconds delay_{0};
  std::vector<Seen> seen_;
};

// Plain HTTP/1.1 GET over a socket to 127.0.0.1 (the only thing these tests need).
class SocketHttpGet final : public HttpGet {
 public:
  Result<HttpResponse> fetch(const HttpRequest& request) override {
    const std::string prefix = "http://127.0.0.1:";
    if (request.url.rfind(prefix, 0) != 0) return makeError(ErrorCode::kNetwork, "only loopback", request.url);
    size_t slash = request.url.find('/', prefix.size());
    int port = std::stoi(request.url.substr(prefix.size(), slash - prefix.size()));
    std::string target = slash == std::string::npos ? "/" : request.url.substr(slash);
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(request.total_timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((request.total_timeout.count() % 1000) * 1000);
    ::setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    if (::connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(s);
      return makeError(ErrorCode::kNetwork, "connection refused", request.url);
    }
    std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    for (const auto& [k, v] : request.headers) req += k + ": " + v + "\r\n";
    req += "\r\n";
    ::send(s, req.data(), req.size(), MSG_NOSIGNAL);
    std::string raw;
    char buf[4096];
    for (;;) {
      auto n = ::recv(s, buf, sizeof buf, 0);
      if (n < 0) {
        ::close(s);
        return makeError(ErrorCode::kNetwork, "timeout", request.url);
      }
      if (n == 0) break;
      raw.append(buf, static_cast<size_t>(n));
    }
    ::close(s);
    size_t head_end = raw.find("\r\n\r\n");
    if (raw.size() < 12 || head_end == std::string::npos) return makeError(ErrorCode::kNetwork, "bad answer", request.url);
    HttpResponse resp;
    resp.status = std::stoi(raw.substr(9, 3));
    resp.body = raw.substr(head_end + 4);
    resp.effective_url = request.url;
    return resp;
  }
};

const Gazetteer& gazetteer() { return testing::bundledGazetteer(); }

std::unique_ptr<store::Store> memoryStore() {
  DatabaseUrl url;
  url.kind = DatabaseKind::kSqlite;
  url.sqlite_path = ":memory:";
  url.original = "sqlite::memory:";
  auto s = store::openMigratedStore(url);
  if (!s) throw std::runtime_error(s.error().describe());
  return std::move(*s);
}

Venue venueIn(const std::string& name, const std::string& city) {
  Venue v;
  v.name = name;
  v.city = city;
  return v;
}

constexpr const char* kDeauvilleAnswer =
    R"([{"place_id":1,"lat":"49.3581","lon":"0.0725","display_name":"Casino Barrière, Deauville",)"
    R"("address":{"town":"Deauville","postcode":"14800","country_code":"fr"}}])";

GeocoderOptions nominatimOptions(const FakeNominatim& server, double min_delay) {
  GeocoderOptions o;
  o.user_agent = "pft-test/1.0 (tests@example.org)";
  o.nominatim_url = server.url() + "/";
  o.min_delay_seconds = min_delay;
  o.timeout = std::chrono::milliseconds(2000);
  return o;
}

TEST(Geocoder, AsksNominatimWithUserAgentAndFillsDepartmentFromGazetteer) {
  FakeNominatim server;
  server.answer(200, kDeauvilleAnswer);
  SocketHttpGet http;
  FixedClock clock(Instant{std::chrono::seconds(1'800'000'000)});
  Geocoder geocoder(gazetteer(), nominatimOptions(server, 0), &http, nullptr, clock);
  Venue v = venueIn("Casino Barrière", "Deauville");
  geocoder.geocode(v, gazetteer().lookup("Deauville"));
  EXPECT_EQ(v.geocode_source, "nominatim");
  ASSERT_TRUE(v.latitude);
  EXPECT_DOUBLE_EQ(*v.latitude, 49.3581);
  EXPECT_DOUBLE_EQ(*v.longitude, 0.0725);
  EXPECT_EQ(v.department, "Calvados");
  EXPECT_EQ(v.region, "Normandie");
  auto seen = server.seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_NE(seen[0].request.find("GET /search?format=jsonv2&countrycodes=fr"), std::string::npos) << seen[0].request;
  EXPECT_NE(seen[0].request.find("q=Casino%20Barri%C3%A8re%2C%20Deauville"), std::string::npos) << seen[0].request;
  EXPECT_NE(seen[0].request.find("User-Agent: pft-test/1.0 (tests@example.org)"), std::string::npos);
}

// The real socket client, stamping when each request leaves the geocoder:
// the limiter promises the spacing of requests sent, and the fake server's
// own arrival times also carry its thread's scheduling delays (a loaded
// 2-core machine showed 0.37 s between arrivals for 0.4 s of spacing). The
// 20 ms of slack left covers a preemption between the limiter and the send;
// without the limiter the two requests leave a few milliseconds apart.
class SendTimes final : public HttpGet {
 public:
  Result<HttpResponse> fetch(const HttpRequest& request) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      sent_.push_back(std::chrono::steady_clock::now());
    }
    return http_.fetch(request);
  }
  std::vector<std::chrono::steady_clock::time_point> sent() {
    std::lock_guard<std::mutex> lock(mutex_);
    return sent_;
  }

 private:
  SocketHttpGet http_;
  std::mutex mutex_;
  std::vector<std::chrono::steady_clock::time_point> sent_;
};

double secondsBetween(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

TEST(Geocoder, RateLimitSpacesTwoRequestsByTheMinimumDelay) {
  FakeNominatim server;
  server.answer(200, kDeauvilleAnswer);
  SendTimes http;
  SystemClock clock;
  const double delay = 0.4;
  Geocoder geocoder(gazetteer(), nominatimOptions(server, delay), &http, nullptr, clock);
  Venue a = venueIn("Casino A", "Deauville");
  Venue b = venueIn("Casino B", "Deauville");
  geocoder.geocode(a, std::nullopt);
  geocoder.geocode(b, std::nullopt);
  ASSERT_EQ(server.seen().size(), 2u);
  auto sent = http.sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_GE(secondsBetween(sent[0], sent[1]), delay - 0.02);
  EXPECT_EQ(geocoder.nominatimRequests(), 2);
}

TEST(Geocoder, RateLimitIsSharedByAllGeocodersOfTheProcess) {
  FakeNominatim server;
  server.answer(200, kDeauvilleAnswer);
  SendTimes http;
  SystemClock clock;
  Geocoder first(gazetteer(), nominatimOptions(server, 0.3), &http, nullptr, clock);
  Geocoder second(gazetteer(), nominatimOptions(server, 0.3), &http, nullptr, clock);
  Venue a = venueIn("Casino A", "Deauville");
  Venue b = venueIn("Casino B", "Deauville");
  std::thread t1([&] { first.geocode(a, std::nullopt); });
  std::thread t2([&] { second.geocode(b, std::nullopt); });
  t1.join();
  t2.join();
  ASSERT_EQ(server.seen().size(), 2u);
  auto sent = http.sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_GE(secondsBetween(sent[0], sent[1]), 0.3 - 0.02);
}

TEST(Geocoder, CacheHitSendsNoSecondRequest) {
  FakeNominatim server;
  server.answer(200, kDeauvilleAnswer);
  SocketHttpGet http;
  FixedClock clock(Instant{std::chrono::seconds(1'800'000'000)});
  auto store = memoryStore();
  {
    Geocoder geocoder(gazetteer(), nominatimOptions(server, 0), &http, store.get(), clock);
    Venue v = venueIn("Casino Barrière", "Deauville");
    geocoder.geocode(v, gazetteer().lookup("Deauville"));
    EXPECT_EQ(v.geocode_source, "nominatim");
  }
  Geocoder geocoder(gazetteer(), nominatimOptions(server, 0), &http, store.get(), clock);
  Venue again = venueIn("Casino Barrière", "Deauville");
  geocoder.geocode(again, gazetteer().lookup("Deauville"));
  EXPECT_EQ(again.geocode_source, "cache");
  EXPECT_DOUBLE_EQ(*again.latitude, 49.3581);
  EXPECT_EQ(again.department_code, "14");
  EXPECT_EQ(server.seen().size(), 1u);
  EXPECT_EQ(geocoder.nominatimRequests(), 0);
  auto cached = store->getGeocode(Geocoder::cacheKey(Geocoder::queryText(venueIn("Casino Barrière", "Deauville"))));
  ASSERT_TRUE(cached && cached->has_value());
  EXPECT_TRUE((*cached)->found);
  EXPECT_EQ((*cached)->provider, "nominatim");
}

TEST(Geocoder, NotFoundIsCachedAndTheGazetteerAnswers) {
  FakeNominatim server;
  server.answer(200, "[]");
  SocketHttpGet http;
  FixedClock clock(Instant{std::chrono::seconds(1'800'000'000)});
  auto store = memoryStore();
  Geocoder geocoder(gazetteer(), nominatimOptions(server, 0), &http, store.get(), clock);
  for (int i = 0; i < 2; ++i) {
    Venue v = venueIn("Club Introuvable", "Forges-les-Eaux");
    auto commune = gazetteer().lookup("Forges-les-Eaux");
    geocoder.geocode(v, commune);
    EXPECT_EQ(v.geocode_source, "gazetteer");
    ASSERT_TRUE(v.latitude);
    EXPECT_DOUBLE_EQ(*v.latitude, *commune->latitude);
    EXPECT_EQ(v.department, "Seine-Maritime");
  }
  EXPECT_EQ(server.seen().size(), 1u);
}

TEST(Geocoder, ServerDownFallsBackToTheGazetteer) {
  int port = 0;
  {
    FakeNominatim closed;  // bound then closed: nothing listens on its port any more
    port = std::stoi(closed.url().substr(std::string("http://127.0.0.1:").size()));
  }
  SocketHttpGet http;
  FixedClock clock(Instant{std::chrono::seconds(1'800'000'000)});
  GeocoderOptions o;
  o.user_agent = "pft-test";
  o.nominatim_url = "http://127.0.0.1:" + std::to_string(port);
  o.min_delay_seconds = 0;
  Geocoder geocoder(gazetteer(), o, &http, nullptr, clock);
  Venue v = venueIn("Casino", "Saint-Amand-les-Eaux");
  geocoder.geocode(v, gazetteer().lookup("Saint-Amand-les-Eaux"));
  EXPECT_EQ(v.geocode_source, "gazetteer");
  ASSERT_TRUE(v.latitude);
  EXPECT_NEAR(*v.latitude, 50.45, 0.05);
  EXPECT_EQ(v.department_code, "59");
  EXPECT_EQ(v.region, "Hauts-de-France");
}

TEST(Geocoder, GarbageAndErrorsFallBackAreNotCachedAndStopAfterThreeFailures) {
  FakeNominatim server;
  server.answer(200, "<html>Bad gateway</html>");
  SocketHttpGet http;
  FixedClock clock(Instant{std::chrono::seconds(1'800'000'000)});
  auto store = memoryStore();
  Geocoder geocoder(gazetteer(), nominatimOptions(server, 0), &http, store.get(), clock);
  const char* names[] = {"Club A", "Club B", "Club C", "Club D", "Club E"};
  for (int i = 0; i < 5; ++i) {
    if (i == 1) server.answer(503, "{}");
    if (i == 2) server.answer(200, R"([{"lat":"north","lon":"east"}])");
    Venue v = venueIn(names[i], "Rouen");
    geocoder.geocode(v, gazetteer().lookup("Rouen"));
    EXPECT_EQ(v.geocode_source, "gazetteer") << i;
    EXPECT_EQ(v.department, "Seine-Maritime");
  }
  EXPECT_EQ(server.seen().size(), 3u);  // disabled after three failures in a row
  auto cached = store->getGeocode(Geocoder::cacheKey(Geocoder::queryText(venueIn("Club A", "Rouen"))));
  ASSERT_TRUE(cached);
  EXPECT_FALSE(cached->has_value());
}

TEST(Geocoder, SlowServerTimesOutAndTheGazetteerAnswers) {
  FakeNominatim server;
  server.answer(200, kDeauvilleAnswer, std::chrono::milliseconds(1500));
  SocketHttpGet http;
  FixedClock clock(Instant{std::chrono::seconds(1'800'000'000)});
  GeocoderOptions o = nominatimOptions(server, 0);
  o.timeout = std::chrono::milliseconds(200);
  Geocoder geocoder(gazetteer(), o, &http, nullptr, clock);
  Venue v = venueIn("Casino Barrière", "Deauville");
  auto started = Steady::now();
  geocoder.geocode(v, gazetteer().lookup("Deauville"));
  EXPECT_LT(std::chrono::duration<double>(Steady::now() - started).count(), 1.2);
  EXPECT_EQ(v.geocode_source, "gazetteer");
}

TEST(Geocoder, SourceCoordinatesWinAndNoUserAgentMeansNoRequest) {
  FakeNominatim server;
  server.answer(200, kDeauvilleAnswer);
  SocketHttpGet http;
  FixedClock clock(Instant{std::chrono::seconds(1'800'000'000)});
  Geocoder with_agent(gazetteer(), nominatimOptions(server, 0), &http, nullptr, clock);
  Venue v = venueIn("Casino Barrière", "Deauville");
  v.latitude = 49.1;
  v.longitude = 0.1;
  with_agent.geocode(v, gazetteer().lookup("Deauville"));
  EXPECT_EQ(v.geocode_source, "source");
  EXPECT_DOUBLE_EQ(*v.latitude, 49.1);
  EXPECT_EQ(v.department, "Calvados");

  GeocoderOptions no_agent = nominatimOptions(server, 0);
  no_agent.user_agent.clear();
  Geocoder offline(gazetteer(), no_agent, &http, nullptr, clock);
  Venue w = venueIn("Casino Barrière", "Deauville");
  offline.geocode(w, gazetteer().lookup("Deauville"));
  EXPECT_EQ(w.geocode_source, "gazetteer");
  EXPECT_EQ(server.seen().size(), 0u);
  EXPECT_EQ(offline.countsByProvider().at("gazetteer"), 1);
}

TEST(Geocoder, UnknownPlaceHasNoCoordinates) {
  FixedClock clock(Instant{std::chrono::seconds(1'800'000'000)});
  Geocoder geocoder(gazetteer(), GeocoderOptions{}, nullptr, nullptr, clock);
  Venue v = venueIn("Club X", "Atlantis");
  geocoder.geocode(v, std::nullopt);
  EXPECT_EQ(v.geocode_source, "");
  EXPECT_FALSE(v.latitude);
  EXPECT_EQ(geocoder.countsByProvider().at("none"), 1);
}

}  // namespace
}  // namespace pft::normalize
