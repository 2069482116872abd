// The API over real HTTP on loopback (libcurl client), on SQLite (unit) and
// PostgreSQL (integration, fixture pg_server), with a fixed clock. The only
// double is the pipeline: LatchRunner records a real run in the store and
// waits on a latch, so admin runs can be held open.

#include <arpa/inet.h>
#include <curl/curl.h>
#include <libical/ical.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <spdlog/spdlog.h>

#include "pft/api/server.hpp"
#include "pft/core/config.hpp"
#include "pft/core/time.hpp"
#include "pft/store/store.hpp"
#include "routes.hpp"

namespace pft::api {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// ---------------------------------------------------------------- client

struct Reply {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names, last wins
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string{} : it->second;
  }
  json js() const { return json::parse(body); }
};

size_t onBody(char* p, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(p, size * n);
  return size * n;
}

size_t onHeader(char* p, size_t size, size_t n, void* user) {
  std::string line(p, size * n);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.pop_back();
    (*static_cast<std::map<std::string, std::string>*>(user))[name] = value;
  }
  return size * n;
}

Reply request(const std::string& method, const std::string& url, const std::vector<std::string>& headers = {},
              const std::string& userpwd = {}, long timeout_ms = 20000) {
  Reply r;
  CURL* c = curl_easy_init();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, onBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, onHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &r.headers);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  if (method == "HEAD") {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else if (method == "POST") {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
  } else if (method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  struct curl_slist* list = nullptr;
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  if (list) curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  if (!userpwd.empty()) {
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(c, CURLOPT_USERPWD, userpwd.c_str());
  }
  CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  curl_slist_free_all(list);
  curl_easy_cleanup(c);
  return r;
}

std::string gunzip(const std::string& in) {
  z_stream zs{};
  inflateInit2(&zs, 15 + 16);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buf[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
  }
  inflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string{"<bad gzip>"};
}

// ---------------------------------------------------------------- pipeline double

class LatchRunner : public PipelineRunner {
 public:
  LatchRunner(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  Result<IngestRun> runPipeline(const std::string& trigger,
                                const std::function<void(std::int64_t)>& on_started) override {
    auto lock = store_.tryAcquireRunLock();
    if (!lock) return lock.error();
    if (!*lock) return makeError(ErrorCode::kConflict, "another run holds the pipeline lock");
    IngestRun run;
    run.trigger = trigger;
    run.started_at = clock_.now();
    run.host = "test:1";
    auto id = store_.startRun(run);
    if (!id) {
      (void)store_.releaseRunLock();
      return id.error();
    }
    run.id = *id;
    on_started(run.id);
    ++started_;
    {
      std::unique_lock l(m_);
      cv_.wait(l, [this] { return released_; });
      released_ = false;
    }
    run.status = "ok";
    run.finished_at = clock_.now() + 5s;
    run.sources.push_back(SourceRun{"fixture", "ok", 200, 1234, 2, 0.5, ""});
    run.events_fetched = 2;
    run.inserted = 1;
    auto fin = store_.finishRun(run);
    (void)store_.releaseRunLock();
    if (!fin) return fin.error();
    return run;
  }

  void release() {
    std::lock_guard l(m_);
    released_ = true;
    cv_.notify_all();
  }
  int started() const { return started_.load(); }

 private:
  store::Store& store_;
  const Clock& clock_;
  std::mutex m_;
  std::condition_variable cv_;
  bool released_ = false;
  std::atomic<int> started_{0};
};

// ---------------------------------------------------------------- data

Instant at(const char* iso) { return *parseIsoInstant(iso); }

const Instant kNow = at("2026-12-01T12:00:00Z");

Venue venue(const char* name, const char* city, const char* dept, const char* code, const char* region, double lat,
            double lon) {
  Venue v;
  v.name = name;
  v.city = city;
  v.address = std::string{"1 rue de "} + city;
  v.department = dept;
  v.department_code = code;
  v.region = region;
  v.latitude = lat;
  v.longitude = lon;
  return v;
}

Tournament tournament(const Venue& v, const char* title, const char* start, std::optional<std::int64_t> buy_in,
                      const char* variant) {
  Tournament t;
  t.venue = v;
  t.title = title;
  t.description = std::string{"Description of "} + title;
  t.start = at(start);
  t.buy_in_cents = buy_in;
  t.variant = variant;
  t.source_name = "fixture";
  t.source_url = "https://example.test/source";
  t.source_hash = std::string{"hash-"} + title;
  return t;
}

std::vector<Tournament> seed() {
  Venue paris = venue("Club Montmartre", "Paris", "Paris", "75", "Île-de-France", 48.885, 2.34);
  Venue evian = venue("Casino d'Évian", "Évian-les-Bains", "Haute-Savoie", "74", "Auvergne-Rhône-Alpes", 46.40, 6.59);
  Venue lyon = venue("Casino Le Lyon Vert", "La Tour-de-Salvagny", "Rhône", "69", "Auvergne-Rhône-Alpes", 45.80, 4.72);
  std::vector<Tournament> ts;
  ts.push_back(tournament(paris, "Paris Deepstack", "2026-12-05T20:00:00+01:00", 10000, "NLHE"));
  ts.back().tags = {"deepstack"};
  ts.push_back(tournament(evian, "Omaha Night", "2026-12-03T19:00:00+01:00", 5000, "PLO"));
  ts.back().end = at("2026-12-03T23:00:00+01:00");
  ts.push_back(tournament(lyon, "Lyon Bounty", "2026-12-10T14:00:00+01:00", 25000, "NLHE"));
  ts.back().status = TournamentStatus::kCancelled;
  ts.back().tags = {"bounty"};
  ts.push_back(tournament(paris, "Old Paris Game", "2026-11-20T20:00:00+01:00", 3000, "NLHE"));
  ts.push_back(tournament(paris, "Mixed Freeroll", "2026-12-05T21:00:00+01:00", 0, "Mixed"));
  ts.push_back(tournament(evian, "Evian Twin A", "2026-12-24T20:00:00+01:00", 2000, "NLHE"));
  ts.push_back(tournament(evian, "Evian Twin B", "2026-12-24T20:00:00+01:00", 2000, "NLHE"));
  ts.push_back(tournament(lyon, "Lyon Sunday", "2026-12-20T00:00:00+01:00", std::nullopt, "NLHE"));
  ts.back().time_known = false;
  return ts;
}

// ---------------------------------------------------------------- fixture

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

class Api : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    spdlog::set_level(spdlog::level::warn);
    if (GetParam() == "postgresql") {
      std::string server = serverUrl();
      if (server.empty()) GTEST_FAIL() << "PostgreSQL test without its server: PFT_TEST_DATABASE_URL_FILE is not set; run it through ctest, which starts the pg_server fixture";
      // The fixture's server is shared: each test gets its own database.
      pg_server_ = server;
      pg_db_ = "pft_api_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++);
      ASSERT_EQ(psql(pg_server_, "CREATE DATABASE " + pg_db_), 0);
      url_text_ = pg_server_.substr(0, pg_server_.rfind('/') + 1) + pg_db_;
    } else {
      dir_ = std::filesystem::temp_directory_path() /
             ("pft-api-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
      std::filesystem::create_directories(dir_);
      url_text_ = "sqlite:///" + (dir_ / "api.sqlite").string().substr(1);
    }
    openStore();
  }

  void openStore() {
    auto url = parseDatabaseUrl(url_text_);
    ASSERT_TRUE(url) << url.error().describe();
    url_ = *url;
    auto s = store::openMigratedStore(url_);
    ASSERT_TRUE(s) << s.error().describe();
    store_ = std::move(*s);
  }

  void TearDown() override {
    server_.reset();
    runner_.reset();
    store_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    if (!pg_db_.empty()) (void)psql(pg_server_, "DROP DATABASE IF EXISTS " + pg_db_ + " WITH (FORCE)");
  }

  static std::string serverUrl() {
    const char* file = std::getenv("PFT_TEST_DATABASE_URL_FILE");
    return file ? readFile(file) : std::string{};
  }

  static int psql(const std::string& url, const std::string& sql) {
    return std::system(("psql -q -X -v ON_ERROR_STOP=1 '" + url + "' -c '" + sql + "' >/dev/null").c_str());
  }

  void seedData() {
    auto r = store_->upsertTournaments(seed(), kNow);
    ASSERT_TRUE(r) << r.error().describe();
  }

  void startServer(ServerOptions o = {}, bool with_runner = false) {
    o.host = "127.0.0.1";
    o.port = 0;
    o.threads = 2;
    o.poll_interval = 200ms;
    o.site_url = "https://site.test";
    if (with_runner) runner_ = std::make_unique<LatchRunner>(*store_, clock_);
    server_ = std::make_unique<ApiServer>(*store_, clock_, runner_.get(), o);
    auto r = server_->start();
    ASSERT_TRUE(r) << r.error().describe();
    base_ = "http://127.0.0.1:" + std::to_string(server_->port());
  }

  Reply get(const std::string& path, const std::vector<std::string>& headers = {}) {
    return request("GET", base_ + path, headers);
  }

  void expectProblem(const std::string& path, long status, const std::string& parameter, const std::string& code) {
    Reply r = get(path);
    EXPECT_EQ(r.status, status) << path << " " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << path;
    json j = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << path << " " << r.body;
    EXPECT_EQ(j["status"], status);
    EXPECT_TRUE(j["title"].is_string());
    EXPECT_EQ(j["code"], code) << path;
    if (!parameter.empty()) {
      EXPECT_EQ(j["parameter"], parameter) << path;
      if (status == 400) {
        EXPECT_NE(j["detail"].get<std::string>().find(parameter), std::string::npos) << j["detail"];
      }
    }
  }

  std::vector<std::string> titles(const Reply& r) {
    std::vector<std::string> out;
    for (const auto& t : json::parse(r.body)) out.push_back(t["title"]);
    return out;
  }

  static inline int counter_ = 0;
  std::filesystem::path dir_;
  std::string url_text_;
  std::string pg_server_;
  std::string pg_db_;
  DatabaseUrl url_;
  FixedClock clock_{kNow};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<LatchRunner> runner_;
  std::unique_ptr<ApiServer> server_;
  std::string base_;
};

// ---------------------------------------------------------------- tests

TEST_P(Api, EmptyDatabaseAnswersEmptyArraysAndHealthOk) {
  startServer();
  Reply t = get("/tournaments");
  EXPECT_EQ(t.status, 200);
  EXPECT_EQ(t.body, "[]");
  EXPECT_EQ(t.header("x-total-count"), "0");
  EXPECT_EQ(t.header("content-type"), "application/json");
  EXPECT_EQ(get("/venues").body, "[]");
  Reply h = get("/health");
  EXPECT_EQ(h.status, 200);
  json j = h.js();
  EXPECT_EQ(j["status"], "ok");
  EXPECT_EQ(j["database"], "ok");
  EXPECT_EQ(j["tournaments_upcoming"], 0);
  EXPECT_TRUE(j["timestamp"].is_string());
  EXPECT_TRUE(j.contains("last_ingest"));
}

TEST_P(Api, TournamentsHaveThePrototypeShapeAndOrder) {
  seedData();
  startServer();
  Reply r = get("/tournaments");
  ASSERT_EQ(r.status, 200) << r.body;
  auto got = titles(r);
  ASSERT_EQ(got.size(), 7u);
  EXPECT_EQ(std::vector<std::string>(got.begin(), got.begin() + 5),
            (std::vector<std::string>{"Omaha Night", "Paris Deepstack", "Mixed Freeroll", "Lyon Bounty", "Lyon Sunday"}));
  EXPECT_EQ(std::set<std::string>(got.begin() + 5, got.end()), (std::set<std::string>{"Evian Twin A", "Evian Twin B"}));
  EXPECT_EQ(r.header("x-total-count"), "7");
  json arr = r.js();
  for (const auto& t : arr) {
    for (const char* key : {"id", "title", "description", "start_datetime_local", "end_datetime_local", "timezone",
                            "buy_in_cents", "currency", "variant", "status", "source_url", "venue"}) {
      EXPECT_TRUE(t.contains(key)) << key;
    }
    EXPECT_TRUE(t["id"].is_number_integer());
    EXPECT_TRUE(t["start_datetime_local"].is_string());
    for (const char* key : {"id", "name", "address", "city", "department", "region", "latitude", "longitude"}) {
      EXPECT_TRUE(t["venue"].contains(key)) << key;
    }
  }
  EXPECT_EQ(arr[1]["start_datetime_local"], "2026-12-05T20:00:00+01:00");
  EXPECT_EQ(arr[1]["buy_in_cents"], 10000);
  EXPECT_EQ(arr[1]["currency"], "EUR");
  EXPECT_EQ(arr[3]["status"], "cancelled");
  // Ordered by start, then id (the twins share their start).
  for (std::size_t i = 1; i < arr.size(); ++i) {
    auto key = [](const json& t) {
      std::string text = t["start_datetime_local"];
      Instant start = text.size() == 10 ? Instant{*parseIsoDate(text)} : *parseIsoInstant(text);  // date-only events
      return std::make_pair(start, t["id"].get<std::int64_t>());
    };
    EXPECT_LT(key(arr[i - 1]), key(arr[i])) << i;
  }
}

TEST_P(Api, FiltersNarrowTheList) {
  seedData();
  startServer();
  using V = std::vector<std::string>;
  EXPECT_EQ(titles(get("/tournaments?city=evian&limit=1")), V{"Omaha Night"});
  EXPECT_EQ(get("/tournaments?city=evian").header("x-total-count"), "3");
  EXPECT_EQ(titles(get("/tournaments?city=%C3%89VIAN-LES&limit=1")), V{"Omaha Night"});
  EXPECT_EQ(get("/tournaments?department=74").header("x-total-count"), "3");
  EXPECT_EQ(get("/tournaments?city=evian&department=75").header("x-total-count"), "0");
  EXPECT_EQ(titles(get("/tournaments?department=rhone")), (V{"Lyon Bounty", "Lyon Sunday"}));
  EXPECT_EQ(titles(get("/tournaments?region=ile-de-france")), (V{"Paris Deepstack", "Mixed Freeroll"}));
  EXPECT_EQ(titles(get("/tournaments?q=montmartre")), (V{"Paris Deepstack", "Mixed Freeroll"}));
  EXPECT_EQ(titles(get("/tournaments?q=bounty")), V{"Lyon Bounty"});
  EXPECT_EQ(titles(get("/tournaments?date_from=2026-12-05&date_to=2026-12-05")),
            (V{"Paris Deepstack", "Mixed Freeroll"}));
  EXPECT_EQ(titles(get("/tournaments?date_to=2026-12-05T19:59:59%2B01:00")), V{"Omaha Night"});
  EXPECT_EQ(titles(get("/tournaments?buy_in_min=5000&buy_in_max=10000")), (V{"Omaha Night", "Paris Deepstack"}));
  EXPECT_EQ(titles(get("/tournaments?buy_in_max=0")), V{"Mixed Freeroll"});
  EXPECT_EQ(titles(get("/tournaments?variant=plo")), V{"Omaha Night"});
  EXPECT_EQ(titles(get("/tournaments?variant=Mixed")), V{"Mixed Freeroll"});
  EXPECT_EQ(titles(get("/tournaments?variant=stud")), V{});
  EXPECT_EQ(titles(get("/tournaments?status=cancelled")), V{"Lyon Bounty"});
  EXPECT_EQ(titles(get("/tournaments?tags=DeepStack")), V{"Paris Deepstack"});
  EXPECT_EQ(titles(get("/tournaments?near=48.85,2.35&radius_km=50")), (V{"Paris Deepstack", "Mixed Freeroll"}));
  EXPECT_EQ(titles(get("/tournaments?near=45.76,4.83")), (V{"Lyon Bounty", "Lyon Sunday"}));
  EXPECT_EQ(titles(get("/tournaments?include_past=true&city=paris")),
            (V{"Old Paris Game", "Paris Deepstack", "Mixed Freeroll"}));
  EXPECT_EQ(titles(get("/tournaments?offset=1&limit=2")), (V{"Paris Deepstack", "Mixed Freeroll"}));
}

TEST_P(Api, BadParametersAre400ProblemsNamingTheParameter) {
  seedData();
  startServer();
  expectProblem("/tournaments?limit=abc", 400, "limit", "invalid_integer");
  expectProblem("/tournaments?limit=1000", 400, "limit", "out_of_range");
  expectProblem("/tournaments?date_from=yesterday", 400, "date_from", "invalid_date");
  expectProblem("/tournaments?near=999,0", 400, "near", "invalid_near");
  expectProblem("/tournaments?buy_in_min=-5", 400, "buy_in_min", "out_of_range");
  expectProblem("/tournaments?variant=canasta", 400, "variant", "unknown_variant");
  expectProblem("/tournaments.ics?limit=zz", 400, "limit", "invalid_integer");
  expectProblem("/tournaments/abc", 400, "id", "invalid_id");
  expectProblem("/tournaments/99999999999999999999", 400, "id", "invalid_id");
  expectProblem("/venues/-3", 400, "id", "invalid_id");
  expectProblem("/tournaments/424242", 404, "id", "not_found");
  EXPECT_EQ(get("/tournaments/424242").js()["detail"], "Tournament not found");
  expectProblem("/venues/424242", 404, "id", "not_found");
  expectProblem("/no/such/route", 404, "", "not_found");
  Reply r = request("POST", base_ + "/tournaments");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "GET, HEAD, OPTIONS");
  EXPECT_EQ(json::parse(r.body)["code"], "method_not_allowed");
  EXPECT_EQ(request("DELETE", base_ + "/venues/1").status, 405);
  EXPECT_EQ(request("GET", base_ + "/admin/ingest").header("allow"), "POST, OPTIONS");
  // Garbage never produces a 500.
  for (const char* path : {"/tournaments?%%%", "/tournaments?near=%00,%00", "/tournaments?city=%FF%FE",
                           "/tournaments?date_from=2026-02-30", "/tournaments?tags=,,,", "/tournaments?limit=",
                           "/tournaments?cursor=c1.-1.-1", "/tournaments/0.ics", "/venues/1e9"}) {
    Reply g = get(path);
    EXPECT_GT(g.status, 0) << path;
    EXPECT_LT(g.status, 500) << path << " " << g.body;
  }
}

TEST_P(Api, CursorPaginationFollowsLinkHeaders) {
  seedData();
  startServer();
  std::vector<std::string> seen;
  std::string path = "/tournaments?limit=2";
  int pages = 0;
  while (!path.empty() && pages < 10) {
    Reply r = get(path);
    ASSERT_EQ(r.status, 200) << path << " " << r.body;
    EXPECT_EQ(r.header("x-total-count"), "7");
    for (auto& t : titles(r)) seen.push_back(t);
    std::string link = r.header("link");
    path.clear();
    if (!link.empty()) {
      ASSERT_EQ(link.front(), '<');
      path = link.substr(1, link.find('>') - 1);
      EXPECT_NE(link.find("rel=\"next\""), std::string::npos);
    }
    ++pages;
  }
  EXPECT_EQ(pages, 4);
  ASSERT_EQ(seen.size(), 7u);
  EXPECT_EQ(std::vector<std::string>(seen.begin(), seen.begin() + 5),
            (std::vector<std::string>{"Omaha Night", "Paris Deepstack", "Mixed Freeroll", "Lyon Bounty", "Lyon Sunday"}));
  EXPECT_EQ(std::set<std::string>(seen.begin() + 5, seen.end()), (std::set<std::string>{"Evian Twin A", "Evian Twin B"}));
}

TEST_P(Api, DetailHasJsonLdEventAndVenueHasItsTournaments) {
  seedData();
  startServer();
  json list = get("/tournaments?q=deepstack").js();
  ASSERT_EQ(list.size(), 1u);
  std::int64_t id = list[0]["id"];
  Reply r = get("/tournaments/" + std::to_string(id));
  ASSERT_EQ(r.status, 200) << r.body;
  json j = r.js();
  EXPECT_EQ(j["tournament"], list[0]);
  json ld = j["json_ld"];
  EXPECT_EQ(ld["@type"], "Event");
  EXPECT_EQ(ld["name"], "Paris Deepstack");
  EXPECT_EQ(ld["startDate"], "2026-12-05T20:00:00+01:00");
  EXPECT_EQ(ld["location"]["@type"], "Place");
  EXPECT_EQ(ld["location"]["address"]["@type"], "PostalAddress");
  EXPECT_EQ(ld["location"]["address"]["addressLocality"], "Paris");
  EXPECT_EQ(ld["location"]["geo"]["@type"], "GeoCoordinates");
  EXPECT_EQ(ld["offers"]["priceCurrency"], "EUR");
  EXPECT_TRUE(ld.contains("eventStatus"));
  // A finished tournament is still found (through the store).
  json past = get("/tournaments?include_past=true&q=old").js();
  ASSERT_EQ(past.size(), 1u);
  EXPECT_EQ(get("/tournaments/" + std::to_string(past[0]["id"].get<std::int64_t>())).status, 200);

  std::int64_t venue_id = list[0]["venue"]["id"];
  json v = get("/venues/" + std::to_string(venue_id)).js();
  EXPECT_EQ(v["venue"]["name"], "Club Montmartre");
  ASSERT_EQ(v["upcoming_tournaments"].size(), 2u);
  EXPECT_EQ(v["upcoming_tournaments"][0]["title"], "Paris Deepstack");
  json venues = get("/venues").js();
  EXPECT_EQ(venues.size(), 3u);
}

TEST_P(Api, IcsFeedsParseWithLibical) {
  seedData();
  startServer();
  Reply r = get("/tournaments.ics?q=lyon");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "text/calendar; charset=utf-8");
  icalcomponent* cal = icalparser_parse_string(r.body.c_str());
  ASSERT_NE(cal, nullptr);
  int events = 0;
  bool cancelled = false;
  for (icalcomponent* ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
       ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
    ++events;
    EXPECT_NE(std::string{icalcomponent_get_uid(ev)}.find("@pokerfrancetournaments"), std::string::npos);
    if (icalcomponent_get_status(ev) == ICAL_STATUS_CANCELLED) cancelled = true;
  }
  EXPECT_EQ(events, 2);
  EXPECT_TRUE(cancelled);
  icalcomponent_free(cal);
  json one = get("/tournaments?q=lyon&limit=1").js();
  std::string id = std::to_string(one[0]["id"].get<std::int64_t>());
  Reply single = get("/tournaments/" + id + ".ics");
  ASSERT_EQ(single.status, 200);
  EXPECT_NE(single.body.find("UID:" + id + "@pokerfrancetournaments\r\n"), std::string::npos);
  EXPECT_NE(single.body.find("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris"), std::string::npos);
}

// A tournament its source withdrew (status removed): out of every listing,
// answered by id with its status and date, and in the calendar feed as a
// cancellation on the UID subscribers already have.
TEST_P(Api, WithdrawnTournamentIsHiddenAnsweredByIdAndCancelledInFeeds) {
  using V = std::vector<std::string>;
  std::vector<Tournament> ts = seed();
  ASSERT_TRUE(store_->upsertTournaments(ts, kNow));
  TournamentFilter f;
  f.q = "deepstack";
  f.now = kNow;
  auto rows = store_->queryTournaments(f);
  ASSERT_TRUE(rows && rows->size() == 1u);
  const std::string id = std::to_string((*rows)[0].id);
  Tournament withdrawn = ts[0];
  ASSERT_EQ(withdrawn.title, "Paris Deepstack");
  withdrawn.status = TournamentStatus::kRemoved;
  withdrawn.removed_at = kNow;
  auto updated = store_->upsertTournaments({withdrawn}, kNow);
  ASSERT_TRUE(updated) << updated.error().describe();
  EXPECT_EQ(updated->updated, 1);
  startServer();

  for (const char* path : {"/tournaments", "/tournaments?q=deepstack", "/tournaments?include_past=true&q=paris",
                           "/tournaments?tags=deepstack"}) {
    Reply r = get(path);
    for (const auto& t : titles(r)) EXPECT_NE(t, "Paris Deepstack") << path;
  }
  EXPECT_EQ(get("/tournaments?q=deepstack").header("x-total-count"), "0");
  EXPECT_EQ(titles(get("/tournaments?status=removed")), V{"Paris Deepstack"});
  EXPECT_EQ(titles(get("/tournaments?status=removed&include_past=true")), V{"Paris Deepstack"});

  Reply one = get("/tournaments/" + id);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.js()["tournament"]["status"], "removed");
  EXPECT_EQ(one.js()["tournament"]["removed_at"], "2026-12-01T13:00:00+01:00");

  auto vevents = [](const std::string& body) {
    std::vector<std::pair<std::string, icalproperty_status>> out;
    icalcomponent* cal = icalparser_parse_string(body.c_str());
    if (cal == nullptr) return out;
    for (icalcomponent* ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
      out.emplace_back(icalcomponent_get_uid(ev), icalcomponent_get_status(ev));
    }
    icalcomponent_free(cal);
    return out;
  };
  const std::string uid = id + "@pokerfrancetournaments";
  auto feed = vevents(get("/tournaments.ics?city=paris").body);
  ASSERT_EQ(feed.size(), 2u) << "Mixed Freeroll, then the withdrawn one";
  EXPECT_EQ(feed[1].first, uid);
  EXPECT_EQ(feed[1].second, ICAL_STATUS_CANCELLED);
  EXPECT_EQ(feed[0].second, ICAL_STATUS_CONFIRMED);
  // Asked for one status, or without cancellations: not there.
  EXPECT_EQ(vevents(get("/tournaments.ics?city=paris&status=scheduled").body).size(), 1u);
  EXPECT_EQ(vevents(get("/tournaments.ics?city=paris&hide_cancelled=true").body).size(), 1u);
  EXPECT_EQ(vevents(get("/tournaments.ics?q=lyon").body).size(), 2u) << "other filters: not added";
  auto single = vevents(get("/tournaments/" + id + ".ics").body);
  ASSERT_EQ(single.size(), 1u);
  EXPECT_EQ(single[0].first, uid);
  EXPECT_EQ(single[0].second, ICAL_STATUS_CANCELLED);
}

// Issue 14: a tournament's changes, newest first, and the calendar event
// that a changed start replaces (same UID, higher SEQUENCE).
TEST_P(Api, HistoryListsChangesAndTheFeedRaisesSequence) {
  std::vector<Tournament> ts = seed();
  ts[0].identity_key = "id:paris-deep";
  ASSERT_TRUE(store_->upsertTournaments(ts, kNow));
  Tournament moved = ts[0];
  moved.start = at("2026-12-05T21:00:00+01:00");
  moved.buy_in_cents = 12000;
  auto updated = store_->upsertTournaments({moved}, kNow + std::chrono::hours{1});
  ASSERT_TRUE(updated) << updated.error().describe();
  ASSERT_EQ(updated->updated, 1);
  startServer();

  json list = get("/tournaments?q=deepstack").js();
  ASSERT_EQ(list.size(), 1u);
  const std::string id = std::to_string(list[0]["id"].get<std::int64_t>());
  Reply h = get("/tournaments/" + id + "/history");
  ASSERT_EQ(h.status, 200) << h.body;
  json changes = h.js()["changes"];
  ASSERT_EQ(changes.size(), 2u) << h.body;
  EXPECT_EQ(changes[0]["field"], "buy_in");
  EXPECT_EQ(changes[0]["old"], 10000);
  EXPECT_EQ(changes[0]["new"], 12000);
  EXPECT_EQ(changes[1]["field"], "start");
  EXPECT_EQ(changes[1]["old"], "2026-12-05T20:00:00+01:00");
  EXPECT_EQ(changes[1]["new"], "2026-12-05T21:00:00+01:00");
  EXPECT_EQ(changes[1]["changed_at"], "2026-12-01T14:00:00+01:00");
  EXPECT_EQ(changes[1]["source_name"], "fixture");
  json other = get("/tournaments?q=omaha").js();
  EXPECT_EQ(get("/tournaments/" + std::to_string(other[0]["id"].get<std::int64_t>()) + "/history").js()["changes"],
            json::array());
  expectProblem("/tournaments/424242/history", 404, "id", "not_found");
  expectProblem("/tournaments/abc/history", 400, "id", "invalid_id");

  // The feed: same UID, SEQUENCE 2 (two changes), the new start; libical reads it back.
  for (const std::string& path : std::vector<std::string>{"/tournaments.ics?q=deepstack", "/tournaments/" + id + ".ics"}) {
    Reply r = get(path);
    ASSERT_EQ(r.status, 200) << path;
    icalcomponent* cal = icalparser_parse_string(r.body.c_str());
    ASSERT_NE(cal, nullptr) << path;
    icalcomponent* ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
    ASSERT_NE(ev, nullptr) << path;
    EXPECT_EQ(std::string(icalcomponent_get_uid(ev)), id + "@pokerfrancetournaments") << path;
    EXPECT_EQ(icalcomponent_get_sequence(ev), 2) << path;
    icaltimetype start = icalcomponent_get_dtstart(ev);
    EXPECT_EQ(start.hour, 21) << path;
    EXPECT_EQ(start.day, 5) << path;
    icalcomponent_free(cal);
  }
  Reply lyon = get("/tournaments.ics?q=lyon");
  EXPECT_NE(lyon.body.find("SEQUENCE:0\r\n"), std::string::npos) << "unchanged events: 0";
}

// Issue 14: changed_since for partners who sync: new, changed and withdrawn
// tournaments since an instant; an unchanged re-run moves nothing.
TEST_P(Api, ChangedSinceListsNewChangedAndWithdrawnTournaments) {
  using V = std::vector<std::string>;
  std::vector<Tournament> ts = seed();
  ASSERT_TRUE(store_->upsertTournaments(ts, kNow));
  // One hour later (14:00 Paris) a run sees everything again: one new
  // buy-in, one withdrawn, one new tournament, the others unchanged.
  ts[0].buy_in_cents = 12000;
  ASSERT_EQ(ts[1].title, "Omaha Night");
  ts[1].status = TournamentStatus::kRemoved;
  ts[1].removed_at = kNow + std::chrono::hours{1};
  ts.push_back(tournament(ts[0].venue, "Nice Newcomer", "2026-12-12T20:00:00+01:00", 4000, "NLHE"));
  auto second = store_->upsertTournaments(ts, kNow + std::chrono::hours{1});
  ASSERT_TRUE(second) << second.error().describe();
  EXPECT_EQ(second->inserted, 1);
  EXPECT_EQ(second->updated, 2);
  startServer();

  Reply r = get("/tournaments?changed_since=2026-12-01T13:30:00%2B01:00");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(titles(r), (V{"Omaha Night", "Paris Deepstack", "Nice Newcomer"}));
  EXPECT_EQ(r.header("x-total-count"), "3");
  EXPECT_EQ(r.js()[0]["status"], "removed") << "a partner learns the withdrawal";
  // At or after: the run's instant itself is included; a second later, nothing.
  EXPECT_EQ(titles(get("/tournaments?changed_since=2026-12-01T13:00:00Z")).size(), 3u);
  EXPECT_EQ(get("/tournaments?changed_since=2026-12-01T14:00:01%2B01:00").header("x-total-count"), "0");
  // A bare date is Paris midnight: everything upcoming, withdrawn included.
  EXPECT_EQ(get("/tournaments?changed_since=2026-12-01").header("x-total-count"), "8");
  // Other filters still apply; a status leaves the withdrawn one out unless it is `removed`.
  EXPECT_EQ(titles(get("/tournaments?changed_since=2026-12-01T13:30:00%2B01:00&status=scheduled")),
            (V{"Paris Deepstack", "Nice Newcomer"}));
  EXPECT_EQ(titles(get("/tournaments?changed_since=2026-12-01T13:30:00%2B01:00&status=removed")), V{"Omaha Night"});
  EXPECT_EQ(titles(get("/tournaments?changed_since=2026-12-01T13:30:00%2B01:00&city=paris")),
            (V{"Paris Deepstack", "Nice Newcomer"}));
  EXPECT_EQ(titles(get("/tournaments?changed_since=2026-12-01T13:30:00%2B01:00&include_past=true")),
            (V{"Omaha Night", "Paris Deepstack", "Nice Newcomer"}));
  // Pages: the Link keeps the filter.
  Reply p1 = get("/tournaments?changed_since=2026-12-01T13:30:00%2B01:00&limit=2");
  EXPECT_EQ(titles(p1), (V{"Omaha Night", "Paris Deepstack"}));
  std::string link = p1.header("link");
  ASSERT_NE(link.find("changed_since=2026-12-01T12"), std::string::npos) << link;
  EXPECT_EQ(titles(get(link.substr(1, link.find('>') - 1))), V{"Nice Newcomer"});

  // The feed: the three, the withdrawn one once, as a cancellation.
  Reply ics = get("/tournaments.ics?changed_since=2026-12-01T13:30:00%2B01:00");
  ASSERT_EQ(ics.status, 200) << ics.body;
  icalcomponent* cal = icalparser_parse_string(ics.body.c_str());
  ASSERT_NE(cal, nullptr);
  std::vector<std::pair<std::string, icalproperty_status>> events;
  for (icalcomponent* ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
       ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
    events.emplace_back(icalcomponent_get_summary(ev), icalcomponent_get_status(ev));
  }
  icalcomponent_free(cal);
  ASSERT_EQ(events.size(), 3u) << ics.body;
  EXPECT_EQ(events[0].second, ICAL_STATUS_CANCELLED);
  EXPECT_EQ(events[1].second, ICAL_STATUS_CONFIRMED);

  expectProblem("/tournaments?changed_since=last-week", 400, "changed_since", "invalid_date");
  expectProblem("/tournaments?changed_since=2026-02-30", 400, "changed_since", "invalid_date");
  expectProblem("/tournaments.ics?changed_since=1733000000", 400, "changed_since", "invalid_date");
  EXPECT_NE(
      get("/tournaments?changed_since=x").js()["detail"].get<std::string>().find("changed_since 'x' is not a date"),
      std::string::npos);
}

TEST_P(Api, ETagGivesNotModifiedAndGzipAndHeadAndCors) {
  seedData();
  startServer();
  Reply r = get("/tournaments");
  std::string etag = r.header("etag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(etag.front(), '"');
  Reply again = get("/tournaments", {"If-None-Match: " + etag});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(get("/tournaments", {"If-None-Match: \"other\""}).status, 200);
  EXPECT_NE(get("/tournaments?city=paris").header("etag"), etag);

  Reply z = get("/tournaments", {"Accept-Encoding: gzip"});
  EXPECT_EQ(z.status, 200);
  EXPECT_EQ(z.header("content-encoding"), "gzip");
  EXPECT_EQ(gunzip(z.body), r.body);
  EXPECT_NE(z.header("etag"), etag);
  EXPECT_EQ(get("/tournaments", {"Accept-Encoding: gzip", "If-None-Match: " + z.header("etag")}).status, 304);
  EXPECT_EQ(get("/tournaments", {"Accept-Encoding: gzip;q=0"}).header("content-encoding"), "");

  Reply h = request("HEAD", base_ + "/tournaments");
  EXPECT_EQ(h.status, 200);
  EXPECT_TRUE(h.body.empty());
  EXPECT_EQ(h.header("content-length"), std::to_string(r.body.size()));
  EXPECT_EQ(h.header("etag"), etag);

  EXPECT_EQ(r.header("access-control-allow-origin"), "*");
  EXPECT_EQ(r.header("access-control-allow-credentials"), "");
  Reply pre = request("OPTIONS", base_ + "/tournaments", {"Origin: https://a.test", "Access-Control-Request-Method: GET"});
  EXPECT_EQ(pre.status, 204);
  EXPECT_EQ(pre.header("access-control-allow-methods"), "GET, HEAD, OPTIONS");
}

TEST_P(Api, CorsListEchoesOnlyKnownOrigins) {
  ServerOptions o;
  o.cors_origins = "https://a.test, https://b.test";
  startServer(o);
  EXPECT_EQ(get("/venues", {"Origin: https://b.test"}).header("access-control-allow-origin"), "https://b.test");
  EXPECT_EQ(get("/venues", {"Origin: https://evil.test"}).header("access-control-allow-origin"), "");
}

TEST_P(Api, OpenApiDocumentMatchesTheRouter) {
  seedData();
  startServer();
  Reply r = get("/openapi.json");
  ASSERT_EQ(r.status, 200);
  json doc = r.js();
  EXPECT_EQ(doc["openapi"], "3.1.0");
  std::size_t operations = 0;
  std::string tid = std::to_string(get("/tournaments?limit=1").js()[0]["id"].get<std::int64_t>());
  std::string vid = std::to_string(get("/venues").js()[0]["id"].get<std::int64_t>());
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      ++operations;
      std::string concrete = path;
      auto brace = concrete.find("{id}");
      if (brace != std::string::npos) concrete.replace(brace, 4, path.rfind("/venues", 0) == 0 ? vid : tid);
      std::string m = method == "get" ? "GET" : "POST";
      Reply reply = request(m, base_ + concrete);
      // Every documented operation is routed: neither an unknown route nor a wrong method.
      EXPECT_NE(reply.status, 405) << m << " " << concrete;
      EXPECT_EQ(reply.body.find("no endpoint at"), std::string::npos) << m << " " << concrete;
      // Documented query parameters are the route's.
      std::set<std::string> documented;
      if (op.contains("parameters")) {
        for (const auto& p : op["parameters"]) documented.insert(p["name"]);
      }
      bool found = false;
      for (const auto& route : routeTable()) {
        if (route.pattern == path && route.method == m) {
          found = true;
          std::set<std::string> expected;
          for (const auto& p : route.params) expected.insert(p.name);
          EXPECT_EQ(documented, expected) << path;
        }
      }
      EXPECT_TRUE(found) << path;
    }
  }
  EXPECT_EQ(operations, routeTable().size());
}

TEST_P(Api, MetricsCountRequestsByRouteAndStatus) {
  seedData();
  startServer();
  get("/tournaments");
  get("/tournaments?limit=abc");
  get("/nope");
  Reply m = get("/metrics");
  ASSERT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("pft_http_requests_total{route=\"/tournaments\",status=\"200\"} 1"), std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find("pft_http_requests_total{route=\"/tournaments\",status=\"400\"} 1"), std::string::npos);
  EXPECT_NE(m.body.find("pft_http_requests_total{route=\"unmatched\",status=\"404\"} 1"), std::string::npos);
  EXPECT_NE(m.body.find("pft_http_request_duration_seconds_bucket{route=\"/tournaments\",le=\"+Inf\"} 2"),
            std::string::npos);
  EXPECT_NE(m.body.find("pft_tournaments_upcoming 7"), std::string::npos);
  EXPECT_NE(m.body.find("pft_database_up 1"), std::string::npos);
}

TEST_P(Api, NewDataIsServedAfterTheDataVersionMoves) {
  seedData();
  startServer();
  EXPECT_EQ(get("/tournaments").header("x-total-count"), "7");
  Venue v = venue("Cercle Neuf", "Nice", "Alpes-Maritimes", "06", "Provence-Alpes-Côte d'Azur", 43.7, 7.26);
  ASSERT_TRUE(store_->upsertTournaments({tournament(v, "Nice Opening", "2026-12-12T20:00:00+01:00", 2000, "NLHE")},
                                        kNow));
  // The poller (200 ms here) picks the new data version up by itself.
  std::string total;
  for (int i = 0; i < 50 && total != "8"; ++i) {
    std::this_thread::sleep_for(100ms);
    total = get("/tournaments").header("x-total-count");
  }
  EXPECT_EQ(total, "8");
  EXPECT_EQ(get("/tournaments?city=nice").js()[0]["title"], "Nice Opening");
}

// kNow is 2026-12-01 at noon: a tournament of that day known only by its
// date is listed (and counted upcoming) all day; a timed one of that morning
// without an end is not.
TEST_P(Api, TodaysDateOnlyTournamentIsStillListed) {
  Venue v = venue("Cercle Neuf", "Nice", "Alpes-Maritimes", "06", "Provence-Alpes-Côte d'Azur", 43.7, 7.26);
  auto today = tournament(v, "Nice Today", "2026-12-01T00:00:00+01:00", 2000, "NLHE");
  today.time_known = false;
  auto morning = tournament(v, "Nice Morning", "2026-12-01T10:00:00+01:00", 2000, "NLHE");
  ASSERT_TRUE(store_->upsertTournaments({today, morning}, kNow));
  startServer();
  auto listed = get("/tournaments?city=nice").js();
  ASSERT_EQ(listed.size(), 1u) << listed.dump();
  EXPECT_EQ(listed[0]["title"], "Nice Today");
  EXPECT_EQ(listed[0]["time_known"], false);
  EXPECT_EQ(get("/health").js()["tournaments_upcoming"], 1);
}

// Series (docs/api.md): a festival's flights at one venue are one series with
// a stable id, never merged with the same name at another venue; its one
// calendar feed goes through the list filter.
TEST_P(Api, SeriesGroupAFestivalAndServeItsFeed) {
  Venue lyon = venue("Casino Le Lyon Vert", "La Tour-de-Salvagny", "Rhône", "69", "Auvergne-Rhône-Alpes", 45.80, 4.72);
  Venue nice = venue("Casino Ruhl", "Nice", "Alpes-Maritimes", "06", "Provence-Alpes-Côte d'Azur", 43.69, 7.26);
  std::vector<Tournament> ts = {
      tournament(lyon, "WPO Lyon - Main Event Day 1A", "2026-12-07T12:00:00+01:00", 55000, "NLHE"),
      tournament(lyon, "WPO Lyon - Main Event Day 1B", "2026-12-08T12:00:00+01:00", 55000, "NLHE"),
      tournament(lyon, "WPO Lyon - High Roller", "2026-12-08T20:00:00+01:00", 150000, "NLHE"),
      tournament(lyon, "WPO Lyon - Finale", "2026-12-09T14:00:00+01:00", 55000, "NLHE"),
      tournament(lyon, "Deepstack du mardi", "2026-12-08T20:00:00+01:00", 5000, "NLHE"),
      tournament(nice, "WPO Lyon - Main Event Day 1A", "2026-12-07T12:00:00+01:00", 55000, "NLHE"),
      tournament(nice, "WPO Lyon - Main Event Day 2", "2026-12-08T12:00:00+01:00", 55000, "NLHE"),
  };
  ASSERT_TRUE(store_->upsertTournaments(ts, kNow));
  startServer();
  Reply list = get("/series");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.header("x-total-count"), "2");
  json series = list.js();
  ASSERT_EQ(series.size(), 2u);
  std::map<std::string, json> by_city;
  for (const auto& s : series) by_city[s["venue"]["city"]] = s;
  ASSERT_EQ(by_city.size(), 2u) << "two venues, two series";
  json lyon_series = by_city["La Tour-de-Salvagny"];
  EXPECT_EQ(lyon_series["name"], "WPO Lyon");
  EXPECT_EQ(lyon_series["first_day"], "2026-12-07");
  EXPECT_EQ(lyon_series["last_day"], "2026-12-09");
  EXPECT_EQ(lyon_series["tournament_count"], 4);
  EXPECT_EQ(lyon_series["url"], "https://site.test/festivals/" + std::to_string(lyon_series["id"].get<std::int64_t>()) +
                                    "-wpo-lyon");
  EXPECT_EQ(by_city["Nice"]["tournament_count"], 2);
  std::int64_t id = lyon_series["id"];
  EXPECT_GT(id, 0);
  EXPECT_LT(id, std::int64_t{1} << 53);
  EXPECT_NE(id, by_city["Nice"]["id"].get<std::int64_t>());

  Reply page = get("/series?limit=1");
  EXPECT_EQ(page.js().size(), 1u);
  EXPECT_EQ(page.header("link"), "</series?limit=1&offset=1>; rel=\"next\"");
  EXPECT_EQ(get("/series?limit=1&offset=1").js()[0]["id"], series[1]["id"]);

  Reply one = get("/series/" + std::to_string(id));
  ASSERT_EQ(one.status, 200) << one.body;
  std::vector<std::string> titles;
  const json detail = one.js();
  EXPECT_EQ(detail["series"]["id"], id);
  for (const auto& t : detail["tournaments"]) {
    titles.push_back(t["title"]);
    EXPECT_EQ(t["series_id"], id);
  }
  EXPECT_EQ(titles, (std::vector<std::string>{"WPO Lyon - Main Event Day 1A", "WPO Lyon - Main Event Day 1B",
                                               "WPO Lyon - High Roller", "WPO Lyon - Finale"}));
  json weekly = get("/tournaments?q=deepstack").js();
  ASSERT_EQ(weekly.size(), 1u);
  EXPECT_TRUE(weekly[0]["series_id"].is_null());
  std::int64_t flight_id = detail["tournaments"][0]["id"];
  EXPECT_EQ(get("/tournaments/" + std::to_string(flight_id)).js()["tournament"]["series_id"], id);
  EXPECT_EQ(get("/tournaments?series_id=" + std::to_string(id)).header("x-total-count"), "4");

  Reply ics = get("/tournaments.ics?series_id=" + std::to_string(id));
  ASSERT_EQ(ics.status, 200) << ics.body;
  icalcomponent* cal = icalparser_parse_string(ics.body.c_str());
  ASSERT_NE(cal, nullptr);
  int events = 0;
  for (icalcomponent* ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
       ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
    ++events;
    EXPECT_EQ(std::string{icalcomponent_get_summary(ev)}.rfind("WPO Lyon - ", 0), 0u);
  }
  icalcomponent_free(cal);
  EXPECT_EQ(events, 4);

  expectProblem("/series/12345", 404, "id", "not_found");
  expectProblem("/series/abc", 400, "id", "invalid_id");
  expectProblem("/series?limit=0", 400, "limit", "out_of_range");
  expectProblem("/tournaments?series_id=x", 400, "series_id", "invalid_integer");
  expectProblem("/tournaments.ics?series_id=" + std::to_string(id) + "&include_past=true", 400, "series_id",
                "invalid_combination");

  // Two days later (Day 1A and 1B over), a new server loads a smaller
  // series: same id, the finished flights gone.
  server_.reset();
  clock_ = FixedClock{at("2026-12-09T08:00:00+01:00")};
  startServer();
  Reply later = get("/series/" + std::to_string(id));
  ASSERT_EQ(later.status, 200) << later.body;
  EXPECT_EQ(later.js()["series"]["tournament_count"], 1);
  EXPECT_EQ(later.js()["tournaments"][0]["title"], "WPO Lyon - Finale");
}

TEST_P(Api, AdminIsDisabledWithoutPassword) {
  startServer({}, true);
  Reply r = request("POST", base_ + "/admin/ingest", {}, "admin:admin");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(json::parse(r.body)["code"], "admin_disabled");
  EXPECT_EQ(request("GET", base_ + "/admin/runs", {}, "admin:admin").status, 503);
}

TEST_P(Api, AdminWithoutRunnerSaysSo) {
  ServerOptions o;
  o.admin_password = "s3cret";
  startServer(o, false);
  Reply r = request("POST", base_ + "/admin/ingest", {}, "admin:s3cret");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(json::parse(r.body)["code"], "pipeline_unavailable");
}

TEST_P(Api, AdminAuthRunsConflictsAndRateLimit) {
  ServerOptions o;
  o.admin_username = "ops";
  o.admin_password = "s3cret";
  o.auth_max_failures = 3;
  startServer(o, true);
  Reply none = request("POST", base_ + "/admin/ingest");
  EXPECT_EQ(none.status, 401);
  EXPECT_NE(none.header("www-authenticate").find("Basic"), std::string::npos);
  Reply wrong = request("POST", base_ + "/admin/ingest", {}, "ops:wrong");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(json::parse(wrong.body)["code"], "unauthorized");

  Reply started = request("POST", base_ + "/admin/ingest", {}, "ops:s3cret");
  ASSERT_EQ(started.status, 202) << started.body;
  std::int64_t run_id = json::parse(started.body)["run_id"];
  EXPECT_EQ(started.header("location"), "/admin/runs/" + std::to_string(run_id));

  Reply second = request("POST", base_ + "/admin/ingest", {}, "ops:s3cret");
  EXPECT_EQ(second.status, 409) << second.body;
  EXPECT_EQ(json::parse(second.body)["running_id"], run_id);

  Reply running = request("GET", base_ + "/admin/runs/" + std::to_string(run_id), {}, "ops:s3cret");
  EXPECT_EQ(running.status, 200);
  EXPECT_EQ(json::parse(running.body)["status"], "running");
  runner_->release();
  std::string status;
  for (int i = 0; i < 100 && status != "ok"; ++i) {
    std::this_thread::sleep_for(50ms);
    status = json::parse(request("GET", base_ + "/admin/runs/" + std::to_string(run_id), {}, "ops:s3cret").body)
                 .value("status", "");
  }
  EXPECT_EQ(status, "ok");
  json runs = json::parse(request("GET", base_ + "/admin/runs", {}, "ops:s3cret").body);
  ASSERT_FALSE(runs.empty());
  EXPECT_EQ(runs[0]["id"], run_id);
  EXPECT_EQ(runs[0]["sources"][0]["name"], "fixture");

  // wait=true answers the finished run.
  auto waited = std::async(std::launch::async, [&] {
    return request("POST", base_ + "/admin/ingest?wait=true", {}, "ops:s3cret");
  });
  for (int i = 0; i < 100 && runner_->started() < 2; ++i) std::this_thread::sleep_for(20ms);
  runner_->release();
  Reply w = waited.get();
  EXPECT_EQ(w.status, 200) << w.body;
  EXPECT_EQ(json::parse(w.body)["status"], "ok");

  // A run held by another process (another Store on the same database).
  auto other = store::openStore(url_);
  ASSERT_TRUE(other);
  auto held = (*other)->tryAcquireRunLock();
  ASSERT_TRUE(held && *held);
  Reply blocked = request("POST", base_ + "/admin/ingest", {}, "ops:s3cret");
  EXPECT_EQ(blocked.status, 409) << blocked.body;
  ASSERT_TRUE((*other)->releaseRunLock());

  // Repeated failures: 429, even with the right password, with Retry-After.
  EXPECT_EQ(request("POST", base_ + "/admin/ingest", {}, "ops:bad1").status, 401);
  EXPECT_EQ(request("POST", base_ + "/admin/ingest", {}, "ops:bad2").status, 401);
  EXPECT_EQ(request("POST", base_ + "/admin/ingest", {}, "ops:bad3").status, 401);
  Reply limited = request("GET", base_ + "/admin/runs", {}, "ops:s3cret");
  EXPECT_EQ(limited.status, 429);
  EXPECT_FALSE(limited.header("retry-after").empty());
}

// Opens a TCP connection to the server.
int connectTo(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

TEST_P(Api, SlowClientsDoNotBlockOthersAndAreCutOff) {
  seedData();
  ServerOptions o;
  o.read_timeout = 1500ms;
  startServer(o);
  std::atomic<bool> slow_done{false};
  std::atomic<bool> cut{false};
  std::vector<std::thread> slow;
  for (int k = 0; k < 4; ++k) {
    slow.emplace_back([&] {
      int fd = connectTo(server_->port());
      ASSERT_GE(fd, 0);
      const std::string req = "GET /tournaments HTTP/1.1\r\nHost: x\r\nX-Slow: 1111111111111111111111111111\r\n\r\n";
      for (char c : req) {
        if (::send(fd, &c, 1, MSG_NOSIGNAL) != 1) {
          cut = true;
          break;
        }
        std::this_thread::sleep_for(100ms);
        if (slow_done) break;
      }
      ::close(fd);
    });
  }
  std::this_thread::sleep_for(200ms);
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) EXPECT_EQ(get("/tournaments?limit=1").status, 200);
  auto elapsed = std::chrono::steady_clock::now() - t0;
  EXPECT_LT(elapsed, 1s);
  std::this_thread::sleep_for(2500ms);  // past the read timeout: the server closed them
  slow_done = true;
  for (auto& t : slow) t.join();
  EXPECT_TRUE(cut.load());
}

TEST_P(Api, OversizedHeadersAreRefusedWithoutHurtingOthers) {
  startServer();
  std::string big(64 * 1024, 'a');
  Reply r = get("/tournaments", {"X-Big: " + big});
  EXPECT_NE(r.status, 200);
  EXPECT_EQ(get("/tournaments").status, 200);
}

TEST_P(Api, GracefulStopFinishesInFlightRequests) {
  ServerOptions o;
  o.admin_password = "pw";
  startServer(o, true);
  auto waited = std::async(std::launch::async, [&] {
    return request("POST", base_ + "/admin/ingest?wait=true", {}, "admin:pw");
  });
  for (int i = 0; i < 100 && runner_->started() < 1; ++i) std::this_thread::sleep_for(20ms);
  ASSERT_EQ(runner_->started(), 1);
  auto stopping = std::async(std::launch::async, [&] { server_->stop(); });
  std::this_thread::sleep_for(200ms);
  // New connections are refused once stopping began.
  EXPECT_EQ(request("GET", base_ + "/health", {}, {}, 1000).status, 0);
  runner_->release();
  Reply w = waited.get();
  EXPECT_EQ(w.status, 200) << w.body;
  stopping.get();
}

// ---------------------------------------------------------------- sources

Reply post(const std::string& url, const std::string& body, const std::string& content_type) {
  Reply r;
  CURL* c = curl_easy_init();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, onBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, onHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &r.headers);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 20000L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  struct curl_slist* list = curl_slist_append(nullptr, ("Content-Type: " + content_type).c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  if (curl_easy_perform(c) == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  curl_slist_free_all(list);
  curl_easy_cleanup(c);
  return r;
}

SourceReport sourceReport(const std::string& name, const std::string& status, std::int64_t events) {
  SourceReport r;
  r.name = name;
  r.type = "html";
  r.organiser = "Casino " + name;
  r.ran = true;
  r.status = status;
  r.events = events;
  if (status == "failed") {
    r.failure = SourceFailureKind::kHttp;
    r.http_status = 503;
  }
  return r;
}

TEST_P(Api, SourcesShowEachEnabledSourceHealthAndUpcomingCount) {
  seedData();  // 8 tournaments of source "fixture", 7 upcoming at kNow
  // Run 1, two days ago: both fine. Run 2, yesterday: "down" starts failing.
  ASSERT_TRUE(store_->recordSourceReports({sourceReport("fixture", "ok", 8), sourceReport("down", "ok", 4)}, 1,
                                          kNow - 48h));
  SourceReport off = sourceReport("off", "", 0);
  off.ran = false;
  off.enabled = false;
  ASSERT_TRUE(store_->recordSourceReports(
      {sourceReport("fixture", "not_modified", 8), sourceReport("down", "failed", 0), off}, 2, kNow - 25h));
  startServer();
  Reply r = get("/sources");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("x-total-count"), "2");
  json arr = r.js();
  ASSERT_EQ(arr.size(), 2u) << "the disabled source is not listed: " << r.body;
  const json& down = arr[0];
  const json& fixture = arr[1];
  EXPECT_EQ(down["name"], "down");
  EXPECT_EQ(down["type"], "html");
  EXPECT_EQ(down["organiser"], "Casino down");
  EXPECT_TRUE(down["homepage"].is_null());
  EXPECT_EQ(down["anchor"], "source-down");
  EXPECT_EQ(down["failing"], true);
  EXPECT_EQ(down["last_status"], "failed");
  EXPECT_EQ(down["events_last_run"], 0);
  EXPECT_EQ(down["last_success_at"], formatLocalIso(kNow - 48h));
  EXPECT_EQ(down["failing_since"], formatLocalIso(kNow - 25h));
  EXPECT_EQ(down["failure"]["kind"], "http");
  EXPECT_EQ(down["failure"]["http_status"], 503);
  EXPECT_EQ(down["failure"]["summary"], "HTTP 503 depuis 1 jour");
  EXPECT_EQ(down["upcoming_tournaments"], 0);
  EXPECT_EQ(fixture["failing"], false);
  EXPECT_TRUE(fixture["failure"].is_null());
  EXPECT_EQ(fixture["last_status"], "not_modified");
  EXPECT_EQ(fixture["events_last_run"], 8);
  EXPECT_EQ(fixture["last_success_at"], formatLocalIso(kNow - 25h));
  EXPECT_EQ(fixture["upcoming_tournaments"], 7);
  // One path, two representations: caches must keep them apart.
  EXPECT_NE(r.header("vary").find("Accept"), std::string::npos) << r.header("vary");
  Reply again = get("/sources", {"If-None-Match: " + r.header("etag")});
  EXPECT_EQ(again.status, 304);
}

TEST_P(Api, SuggestionsArePendingAndNeverPublic) {
  seedData();
  ServerOptions o;
  o.submission_max_per_window = 2;
  startServer(o);
  const std::string before = get("/tournaments?limit=100").body;
  const auto version = store_->dataVersion();

  Reply ok = post(base_ + "/sources/suggest",
                  R"({"url": "https://club.example/tournois", "contact_email": "orga@club.example", "message": "Bonjour"})",
                  "application/json");
  ASSERT_EQ(ok.status, 202) << ok.body;
  json receipt = ok.js();
  EXPECT_EQ(receipt["status"], "pending");
  auto stored = store_->getSubmission(receipt["id"].get<std::int64_t>());
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->kind, SubmissionKind::kUrl);
  EXPECT_EQ((*stored)->status, SubmissionStatus::kPending);
  EXPECT_EQ((*stored)->url, "https://club.example/tournois");
  EXPECT_EQ((*stored)->contact_email, "orga@club.example");
  EXPECT_EQ((*stored)->origin, "api");
  EXPECT_EQ((*stored)->created_at, kNow);

  // Mistakes are 400 naming the field; a wrong media type 415; none counts.
  Reply bad = post(base_ + "/sources/suggest", R"j({"url": "javascript:alert(1)"})j", "application/json");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.js()["code"], "invalid_field");
  EXPECT_EQ(bad.js()["parameter"], "url");
  Reply unknown = post(base_ + "/sources/suggest", R"({"url": "https://a.example/", "token": "x"})", "application/json");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.js()["parameter"], "token");
  Reply not_json = post(base_ + "/sources/suggest", "{url: ", "application/json");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(not_json.js()["code"], "invalid_json");
  Reply form = post(base_ + "/sources/suggest", "url=https%3A%2F%2Fa.example%2F", "application/x-www-form-urlencoded");
  EXPECT_EQ(form.status, 415);
  EXPECT_EQ(form.js()["code"], "unsupported_media_type");

  // The limit is per address: the second is accepted, the third refused.
  EXPECT_EQ(post(base_ + "/sources/suggest", R"({"url": "https://b.example/"})", "application/json").status, 202);
  Reply limited = post(base_ + "/sources/suggest", R"({"url": "https://c.example/"})", "application/json");
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(limited.js()["code"], "too_many_submissions");
  EXPECT_FALSE(limited.header("retry-after").empty());

  auto pending = store_->listSubmissions(SubmissionStatus::kPending, -1);
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->size(), 2u);
  // Nothing submitted is public, nor even reloads the snapshot.
  EXPECT_EQ(get("/tournaments?limit=100").body, before);
  EXPECT_EQ(*store_->dataVersion(), *version);
}

// ---------------------------------------------------------------- hardening (#15)

// Writes all of `data` to `fd`.
bool sendAll(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

struct RawReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

// Reads up to `count` HTTP/1.1 responses (Content-Length framed) from `fd`,
// until the peer closes or `timeout` passes. `is_head[i]`: response i answers
// a HEAD (no body whatever its Content-Length).
std::vector<RawReply> readReplies(int fd, std::size_t count, const std::vector<bool>& is_head = {},
                                  std::chrono::milliseconds timeout = 10000ms) {
  std::vector<RawReply> out;
  std::string buf;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  timeval tv{0, 100000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  bool closed = false;
  while (out.size() < count && std::chrono::steady_clock::now() < deadline) {
    // Parse every complete response in the buffer.
    for (;;) {
      auto end = buf.find("\r\n\r\n");
      if (end == std::string::npos) break;
      RawReply r;
      std::string head = buf.substr(0, end);
      r.status = std::atoi(head.substr(9, 3).c_str());
      std::size_t pos = head.find("\r\n");
      while (pos != std::string::npos) {
        std::size_t next = head.find("\r\n", pos + 2);
        std::string line = head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
        auto colon = line.find(':');
        if (colon != std::string::npos) {
          std::string name = line.substr(0, colon);
          for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          r.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
        }
        pos = next;
      }
      std::size_t length = r.headers.count("content-length") ? std::stoul(r.headers["content-length"]) : 0;
      if (out.size() < is_head.size() && is_head[out.size()]) length = 0;
      if (buf.size() < end + 4 + length) break;
      r.body = buf.substr(end + 4, length);
      buf.erase(0, end + 4 + length);
      out.push_back(std::move(r));
    }
    if (out.size() >= count || closed) break;
    char chunk[65536];
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n == 0) closed = true;
    if (n > 0) buf.append(chunk, static_cast<std::size_t>(n));
  }
  return out;
}

// Every documented query parameter of /tournaments and /tournaments.ics,
// plus one the API does not know, given a percent-escaped value that is not
// UTF-8, is a 400 problem naming it: never a 500.
TEST_P(Api, InvalidUtf8InAnyQueryValueIs400NamingTheParameter) {
  seedData();
  startServer();
  for (const RouteSpec& spec : routeTable()) {
    if (spec.method != "GET" || spec.pattern.find('{') != std::string::npos) continue;
    std::vector<std::string> names = {"foo"};
    for (const ParamSpec& p : spec.params) {
      if (p.in == "query") names.push_back(p.name);
    }
    if (spec.admin) continue;  // AdminQueriesWithInvalidUtf8Are400
    for (const std::string& name : names) {
      for (const char* value : {"%FF", "12%C3", "%E9t%E9", "%C3%A9%ED%A0%80"}) {
        std::string path = spec.pattern + "?" + name + "=" + value;
        Reply r = get(path);
        EXPECT_EQ(r.status, 400) << path << " " << r.body;
        EXPECT_EQ(r.header("content-type"), "application/problem+json") << path;
        json j = json::parse(r.body, nullptr, false);
        ASSERT_TRUE(j.is_object()) << path << " " << r.body;
        EXPECT_EQ(j["parameter"], name) << path;
        EXPECT_EQ(j["code"], "invalid_encoding") << path;
      }
    }
  }
  // The site's list forms share the parser; the same request with another
  // parameter name is still refused.
  expectProblem("/tournaments?near=%FF,2&radius_km=5", 400, "near", "invalid_encoding");
}

TEST_P(Api, AdminQueriesWithInvalidUtf8Are400) {
  ServerOptions o;
  o.admin_username = "ops";
  o.admin_password = "s3cret";
  startServer(o, true);
  for (const char* path : {"/admin/runs?limit=%FF", "/admin/runs?x=%C3"}) {
    Reply r = request("GET", base_ + path, {}, "ops:s3cret");
    EXPECT_EQ(r.status, 400) << path << " " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
    EXPECT_TRUE(json::parse(r.body, nullptr, false).is_object()) << r.body;
  }
  Reply w = request("POST", base_ + "/admin/ingest?wait=%FF", {}, "ops:s3cret");
  EXPECT_EQ(w.status, 400) << w.body;
  EXPECT_EQ(json::parse(w.body, nullptr, false)["parameter"], "wait");
  EXPECT_EQ(runner_->started(), 0);
  Reply denied = request("GET", base_ + "/admin/runs", {}, "ops:nope");
  EXPECT_EQ(denied.status, 401);
  EXPECT_EQ(denied.header("x-content-type-options"), "nosniff");
}

// A value echoed in a problem's detail is valid UTF-8 (bad bytes become
// U+FFFD) and at most ~200 characters long, ending with « … ».
TEST_P(Api, EchoedValuesAreSanitisedAndCapped) {
  seedData();
  startServer();
  Reply long_limit = get("/tournaments?limit=" + std::string(5000, '7'));
  EXPECT_EQ(long_limit.status, 400);
  std::string detail = long_limit.js()["detail"];
  EXPECT_LT(detail.size(), 400u) << detail;
  EXPECT_NE(detail.find("…"), std::string::npos) << detail;
  Reply long_variant = get("/tournaments.ics?variant=" + std::string(3000, 'x'));
  EXPECT_EQ(long_variant.status, 400);
  EXPECT_EQ(long_variant.js()["code"], "unknown_variant");
  EXPECT_EQ(long_variant.js()["detail"].get<std::string>().find(std::string(300, 'x')), std::string::npos);
  // Bad bytes in the parameter's name are replaced too.
  Reply bad_name = get("/tournaments?%FFname=1");
  EXPECT_EQ(bad_name.status, 400) << bad_name.body;
  json j = json::parse(bad_name.body, nullptr, false);
  ASSERT_TRUE(j.is_object()) << bad_name.body;
  EXPECT_NE(j["parameter"].get<std::string>().find("\xEF\xBF\xBD"), std::string::npos) << bad_name.body;
  // The 404 page echoes the path: escaped bytes in it never break the JSON.
  Reply no_route = get("/nothing-%FF-" + std::string(2000, 'p'));
  EXPECT_EQ(no_route.status, 404);
  json nj = json::parse(no_route.body, nullptr, false);
  ASSERT_TRUE(nj.is_object()) << no_route.body;
  EXPECT_LT(nj["detail"].get<std::string>().size(), 400u);
}

// Every API answer says nosniff, and no JSON body holds "</" (JSON-LD in a
// page can never close its <script>); the text still reads back the same.
TEST_P(Api, NosniffEverywhereAndNoClosingTagInJson) {
  auto ts = seed();
  ts[0].title = "Deep </script><script>alert(1)</script> stack";
  ts[0].description = "<!-- </SCRIPT> -->";
  ASSERT_TRUE(store_->upsertTournaments(ts, kNow));
  startServer();
  Reply list = get("/tournaments");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find("</"), std::string::npos) << list.body.substr(0, 400);
  std::int64_t id = 0;
  for (const auto& t : list.js()) {
    if (t["title"] == ts[0].title) id = t["id"];
  }
  ASSERT_GT(id, 0) << "the title reads back unchanged";
  Reply one = get("/tournaments/" + std::to_string(id));
  EXPECT_EQ(one.body.find("</"), std::string::npos);
  EXPECT_EQ(one.js()["tournament"]["description"], ts[0].description);
  EXPECT_EQ(one.js()["json_ld"]["name"], ts[0].title);
  Reply etagged = get("/tournaments/" + std::to_string(id), {"If-None-Match: " + one.header("etag")});
  EXPECT_EQ(etagged.status, 304);
  for (const std::string& path :
       {std::string("/tournaments"), "/tournaments/" + std::to_string(id), std::string("/tournaments.ics"),
        std::string("/venues"), std::string("/health"), std::string("/openapi.json"), std::string("/series"),
        std::string("/tournaments?limit=x"), std::string("/no/such"), std::string("/tournaments/424242")}) {
    EXPECT_EQ(get(path).header("x-content-type-options"), "nosniff") << path;
    EXPECT_EQ(get(path).header("x-content-type-options"), "nosniff") << path << " (cached)";
  }
  EXPECT_EQ(etagged.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(request("OPTIONS", base_ + "/tournaments").header("x-content-type-options"), "nosniff");
}

// HTTP/1.1 pipelining: requests written at once on one connection are all
// answered, in order.
TEST_P(Api, PipelinedRequestsAreAllAnsweredInOrder) {
  seedData();
  startServer();
  for (std::size_t n : {8u, 100u}) {
    int fd = connectTo(server_->port());
    ASSERT_GE(fd, 0);
    std::string batch;
    std::vector<bool> head(n, false);
    for (std::size_t i = 0; i < n; ++i) {
      head[i] = i % 3 == 2;
      // Mixed: answered from the cache, freshly, and not found (naming the path).
      if (i % 3 == 0) {
        batch += "GET /tournaments?limit=1 HTTP/1.1\r\nHost: x\r\n\r\n";
      } else if (i % 3 == 1) {
        batch += "GET /missing-" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n\r\n";
      } else {
        batch += "HEAD /venues HTTP/1.1\r\nHost: x\r\n\r\n";
      }
    }
    ASSERT_TRUE(sendAll(fd, batch));
    auto replies = readReplies(fd, n, head);
    ::close(fd);
    ASSERT_EQ(replies.size(), n) << "pipelined " << n << " requests";
    for (std::size_t i = 0; i < n; ++i) {
      if (i % 3 == 0) {
        EXPECT_EQ(replies[i].status, 200) << i;
        EXPECT_EQ(json::parse(replies[i].body, nullptr, false).size(), 1u) << i << " " << replies[i].body;
      } else if (i % 3 == 1) {
        EXPECT_EQ(replies[i].status, 404) << i;
        EXPECT_NE(replies[i].body.find("/missing-" + std::to_string(i) + ";"), std::string::npos) << i;
      } else {
        EXPECT_EQ(replies[i].status, 200) << i;
        EXPECT_TRUE(replies[i].body.empty()) << i;
        EXPECT_EQ(replies[i].headers["x-total-count"], "3") << i;
      }
    }
  }
}

// Over-long request line or headers get an answer, not a closed connection.
TEST_P(Api, OverlongRequestLineIs414AndOverlongHeadersAre431) {
  seedData();
  startServer();
  struct Case {
    std::string request;
    int status;
    std::string code;
  };
  std::vector<Case> cases = {
      {"GET /tournaments?q=" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri_too_long"},
      {"GET /tournaments HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(9000, 'b') + "\r\n\r\n", 431,
       "header_too_large"},
      {"GET /tournaments HTTP/1.1\r\nHost: x\r\nX-" + std::string(300, 'n') + ": 1\r\n\r\n", 431, "header_too_large"},
  };
  std::string many = "GET /tournaments HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 120; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
  cases.push_back({many + "\r\n", 431, "header_too_large"});
  for (const Case& c : cases) {
    int fd = connectTo(server_->port());
    ASSERT_GE(fd, 0);
    // The connection stays usable: a good request after the bad one is served.
    ASSERT_TRUE(sendAll(fd, c.request + "GET /tournaments?limit=1 HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto replies = readReplies(fd, 2);
    ::close(fd);
    ASSERT_EQ(replies.size(), 2u) << c.code;
    EXPECT_EQ(replies[1].status, 200) << c.code;
    EXPECT_EQ(replies[0].status, c.status);
    EXPECT_EQ(replies[0].headers["content-type"], "application/problem+json");
    EXPECT_EQ(replies[0].headers["x-content-type-options"], "nosniff");
    json j = json::parse(replies[0].body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << replies[0].body;
    EXPECT_EQ(j["code"], c.code);
    EXPECT_EQ(j["status"], c.status);
  }
  // Under the limits, the same requests are served.
  EXPECT_EQ(get("/tournaments?q=" + std::string(7000, 'a')).status, 200);
  EXPECT_EQ(get("/tournaments", {"X-Big: " + std::string(7000, 'b')}).status, 200);
  // Refused requests are counted like any other (the handler never saw them).
  Reply m = get("/metrics");
  EXPECT_NE(m.body.find("pft_http_requests_total{route=\"refused\",status=\"414\"} 1\n"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("pft_http_requests_total{route=\"refused\",status=\"431\"} 3\n"), std::string::npos) << m.body;
}

// The tournament JSON says when the row last changed.
TEST_P(Api, TournamentsCarryUpdatedAt) {
  seedData();
  startServer();
  Reply list = get("/tournaments");
  ASSERT_EQ(list.status, 200);
  for (const auto& t : list.js()) {
    ASSERT_TRUE(t.contains("updated_at")) << t.dump();
    auto when = parseIsoInstant(t["updated_at"].get<std::string>());
    ASSERT_TRUE(when) << t["updated_at"];
    EXPECT_EQ(*when, kNow);  // stored at kNow by seedData
  }
  std::int64_t id = list.js()[0]["id"];
  EXPECT_EQ(get("/tournaments/" + std::to_string(id)).js()["tournament"]["updated_at"], list.js()[0]["updated_at"]);
}

INSTANTIATE_TEST_SUITE_P(Backends, Api, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

// PostgreSQL stopped while serving: reads keep coming from the snapshot,
// /health says degraded, and everything recovers when it is back.
class ApiPostgresOutage : public Api {
 protected:
  // A private server (the fixture's is shared and must not be stopped):
  // <build>/pg-api-outage, started with tests/pg/pgctl, stopped and started
  // again with pg_ctl so that its data survives, removed at the end.
  void SetUp() override {
    spdlog::set_level(spdlog::level::warn);
    // <build>/pg/database_url -> <build>/pg-api-outage; pgctl from the sources.
    const char* url_file = std::getenv("PFT_TEST_DATABASE_URL_FILE");
    if (!url_file) GTEST_FAIL() << "PostgreSQL test without its server: PFT_TEST_DATABASE_URL_FILE is not set; run it through ctest, which starts the pg_server fixture";
    const char* pgctl = std::getenv("PFT_TEST_PGCTL");
    pgctl_ = pgctl ? pgctl : std::string{PFT_SOURCE_DIR} + "/tests/pg/pgctl";
    dir_pg_ = (std::filesystem::absolute(url_file).parent_path().parent_path() / "pg-api-outage").string();
    ASSERT_EQ(std::system((pgctl_ + " start " + dir_pg_ + " >/dev/null").c_str()), 0);
    url_text_ = readFile(dir_pg_ + "/database_url");
    openStore();
  }
  void TearDown() override {
    Api::TearDown();
    if (!dir_pg_.empty()) (void)std::system((pgctl_ + " stop " + dir_pg_ + " >/dev/null").c_str());
  }
  int pgCtl(const std::string& action) {
    // pgctl keeps the cluster (data, log) where DIR/cluster points.
    std::string cluster = std::filesystem::canonical(dir_pg_ + "/cluster").string();
    std::string as_pg = ::getuid() == 0 ? "runuser -u postgres -- " : "";
    std::string cmd = as_pg + "/usr/lib/postgresql/15/bin/pg_ctl -D " + cluster + "/data -l " + cluster +
                      "/server.log -m fast -w -t 60 " + action + " >/dev/null";
    return std::system(cmd.c_str());
  }
  std::string pgctl_;
  std::string dir_pg_;
};

TEST_P(ApiPostgresOutage, ReadsSurviveADatabaseRestart) {
  seedData();
  startServer();
  ASSERT_EQ(get("/health").status, 200);
  std::string body = get("/tournaments").body;
  ASSERT_EQ(pgCtl("stop"), 0);
  Reply h;
  for (int i = 0; i < 100; ++i) {
    h = get("/health");
    if (h.status == 503) break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(h.status, 503);
  EXPECT_EQ(h.js()["status"], "degraded");
  EXPECT_FALSE(h.js()["reason"].get<std::string>().empty());
  Reply t = get("/tournaments");
  EXPECT_EQ(t.status, 200);
  EXPECT_EQ(t.body, body);
  EXPECT_EQ(get("/tournaments?city=paris").status, 200);  // a new query, answered from memory
  EXPECT_EQ(get("/tournaments?include_past=true").status, 503);  // needs the database: says so
  ASSERT_EQ(pgCtl("start"), 0);
  for (int i = 0; i < 150; ++i) {
    h = get("/health");
    if (h.status == 200) break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.js()["status"], "ok");
  EXPECT_EQ(get("/tournaments?include_past=true").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiPostgresOutage, ::testing::Values("postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace pft::api
