// The runner end to end: catalog -> real CurlHttpGet -> loopback server ->
// connectors -> raw_events.jsonl, with every fault the issue lists.

#include "pft/ingestion/ingest.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ctime>
#include <map>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "fetch_test_server.hpp"
#include "pft/core/json.hpp"
#include "pft/ingestion/curl_http.hpp"
#include "pft/ingestion/limits.hpp"

namespace pft::ingestion {
namespace {

namespace fs = std::filesystem;
using testing::LoopbackHttpServer;
using testing::ScriptedResponse;
using namespace std::chrono_literals;

const fs::path kData = fs::path(PFT_SOURCE_DIR) / "tests/data/ingestion/runner";
const fs::path kShared = fs::path(PFT_SHARED_DIR) / "fixtures";

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<RawEvent> readJsonl(const fs::path& p) {
  std::vector<RawEvent> out;
  std::ifstream in(p);
  std::string line;
  while (std::getline(in, line)) {
    auto e = rawEventFromJson(nlohmann::json::parse(line));
    EXPECT_TRUE(e.has_value());
    if (e) out.push_back(*e);
  }
  return out;
}

const SourceRun& runOf(const IngestReport& r, const std::string& name) {
  for (const auto& s : r.sources) {
    if (s.name == name) return s;
  }
  throw std::runtime_error("no run for " + name);
}

const std::string kRssHeader = "Content-Type: application/rss+xml";

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("pft_ingest_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    options_.catalog_path = (dir_ / "catalog.yml").string();
    options_.out_path = (dir_ / "out" / "raw_events.jsonl").string();
    options_.state_path = (dir_ / "state").string();
    options_.user_agent = "PokerFranceTournaments/test";
    options_.connect_timeout = 2000ms;
    options_.total_timeout = 5000ms;
    options_.retry_base_delay = 20ms;
    options_.retry_after_cap = 3000ms;
    server_.respond("/robots.txt", ScriptedResponse{404, {}, ""});
  }
  void TearDown() override { fs::remove_all(dir_); }

  void writeCatalog(const std::string& yaml) { std::ofstream(dir_ / "catalog.yml") << yaml; }

  // A catalog entry for the prototype's RSS feed at `path` on the server.
  std::string rssEntry(const std::string& name, const std::string& path, const std::string& extra = "") {
    return "  - name: " + name + "\n    type: rss\n    url: " + server_.url(path) + "\n" + extra;
  }
  ScriptedResponse rssResponse() const {
    return ScriptedResponse{200, {{"Content-Type", "application/rss+xml"}},
                            readFile(kShared / "prototype/demo_rss.xml")};
  }

  Result<IngestReport> run() { return runIngest(options_, http_, clock_); }

  fs::path dir_;
  LoopbackHttpServer server_;
  CurlHttpGet http_{"unused-default-agent"};
  FixedClock clock_{*parseIsoInstant("2026-11-30T09:00:00+01:00")};
  IngestOptions options_;
};

TEST_F(IngestTest, WritesOneJsonLinePerEventWithFetchedAt) {
  server_.respond("/rss.xml", rssResponse());
  writeCatalog("sources:\n" + rssEntry("demo_rss", "/rss.xml"));
  auto report = run();
  ASSERT_TRUE(report.has_value()) << report.error().describe();
  EXPECT_EQ(report->events, 2);
  EXPECT_EQ(report->failed(), 0);
  EXPECT_TRUE(report->output_written);
  const auto& s = runOf(*report, "demo_rss");
  EXPECT_EQ(s.status, "ok");
  EXPECT_EQ(s.http_status, 200);
  EXPECT_GT(s.bytes, 500);
  const auto events = readJsonl(options_.out_path);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].title, "Deepstack Demo");
  EXPECT_EQ(events[0].source_name, "demo_rss");
  EXPECT_EQ(events[0].fetched_at, "2026-11-30T09:00:00+01:00");
  EXPECT_EQ(events[0].source_hash.size(), 64u);
  // The catalog's user agent, not the HttpGet default.
  EXPECT_EQ(server_.requests().back().headers.at("user-agent"), "PokerFranceTournaments/test");
}

TEST_F(IngestTest, ServerErrorIsRetriedThenSucceeds) {
  server_.script("/rss.xml", {ScriptedResponse{500, {}, "oops"}, rssResponse()});
  writeCatalog("sources:\n" + rssEntry("flaky", "/rss.xml"));
  auto report = run();
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(runOf(*report, "flaky").status, "ok");
  EXPECT_EQ(runOf(*report, "flaky").events, 2);
  EXPECT_EQ(server_.requestCount("/rss.xml"), 2u);
}

TEST_F(IngestTest, ServerErrorEveryTimeFailsAfterFourAttempts) {
  server_.respond("/rss.xml", ScriptedResponse{503, {}, "down"});
  writeCatalog("sources:\n" + rssEntry("down", "/rss.xml"));
  auto report = run();
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(runOf(*report, "down").status, "failed");
  EXPECT_EQ(runOf(*report, "down").http_status, 503);
  EXPECT_EQ(runOf(*report, "down").error, "HTTP 503 after 4 attempts");
  EXPECT_EQ(server_.requestCount("/rss.xml"), 4u);
}

TEST_F(IngestTest, NotFoundIsNotRetried) {
  server_.respond("/gone.xml", ScriptedResponse{404, {}, "no"});
  writeCatalog("sources:\n" + rssEntry("gone", "/gone.xml"));
  auto report = run();
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(runOf(*report, "gone").status, "failed");
  EXPECT_EQ(runOf(*report, "gone").error, "HTTP 404; check the url in the catalog");
  EXPECT_EQ(server_.requestCount("/gone.xml"), 1u);
}

TEST_F(IngestTest, TooManyRequestsHonoursRetryAfter) {
  server_.script("/rss.xml", {ScriptedResponse{429, {{"Retry-After", "1"}}, ""}, rssResponse()});
  writeCatalog("sources:\n" + rssEntry("busy", "/rss.xml"));
  auto report = run();
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(runOf(*report, "busy").status, "ok");
  std::vector<std::chrono::steady_clock::time_point> times;
  for (const auto& r : server_.requests()) {
    if (r.path == "/rss.xml") times.push_back(r.at);
  }
  ASSERT_EQ(times.size(), 2u);
  // Retry-After: 1 second, not the 20 ms back-off.
  EXPECT_GE(times[1] - times[0], 950ms);
}

TEST_F(IngestTest, ServiceUnavailableHonoursRetryAfterAsAnHttpDate) {
  // Two seconds ahead, written as an IMF-fixdate; whole seconds, so the wait is 1 to 2 s.
  const std::time_t later = std::time(nullptr) + 2;
  std::tm tm{};
  ::gmtime_r(&later, &tm);
  char date[64];
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  server_.script("/rss.xml", {ScriptedResponse{503, {{"Retry-After", date}}, ""}, rssResponse()});
  writeCatalog("sources:\n" + rssEntry("maintenance", "/rss.xml"));
  auto report = run();
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(runOf(*report, "maintenance").status, "ok");
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 3u);  // robots.txt, 503, 200
  EXPECT_GE(requests[2].at - requests[1].at, 900ms);
  EXPECT_LE(requests[2].at - requests[1].at, 4000ms);  // not the 30 s cap; slack for a loaded machine
}

TEST_F(IngestTest, TimeoutIsRetriedThenReported) {
  ScriptedResponse slow = rssResponse();
  slow.delay = 1500ms;
  server_.respond("/slow.xml", slow);
  options_.total_timeout = 200ms;
  options_.retries = 1;
  // robots.txt would share the 200 ms budget; on a loaded machine it could time out first.
  writeCatalog("sources:\n" + rssEntry("slow", "/slow.xml", "    ignore_robots: true\n"));
  auto report = run();
  ASSERT_TRUE(report.has_value());
  const auto& s = runOf(*report, "slow");
  EXPECT_EQ(s.status, "failed");
  EXPECT_EQ(s.error.rfind("timed out (connect timeout 2000 ms, total timeout 200 ms)", 0), 0u) << s.error;
  EXPECT_NE(s.error.find("(after 2 attempts)"), std::string::npos) << s.error;
  EXPECT_EQ(server_.requestCount("/slow.xml"), 2u);
}

TEST_F(IngestTest, ConnectionRefusedFailsOneSourceAndTheOthersAreWritten) {
  server_.respond("/rss.xml", rssResponse());
  writeCatalog("sources:\n" + rssEntry("good", "/rss.xml") +
               "  - name: refused\n    type: rss\n    ignore_robots: true\n    url: http://127.0.0.1:" +
               std::to_string(testing::closedLoopbackPort()) + "/feed\n");
  auto report = run();
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->failed(), 1);
  EXPECT_EQ(runOf(*report, "refused").status, "failed");
  EXPECT_EQ(runOf(*report, "refused").error.rfind("connection refused or host unreachable", 0), 0u);
  EXPECT_EQ(runOf(*report, "good").status, "ok");
  EXPECT_EQ(readJsonl(options_.out_path).size(), 2u);
}

TEST_F(IngestTest, BodyOverTheLimitFails) {
  server_.respond("/huge.xml", ScriptedResponse{200, {}, std::string(5000, ' ')});
  options_.max_body_bytes = 1000;
  writeCatalog("sources:\n" + rssEntry("huge", "/huge.xml"));
  auto report = run();
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(runOf(*report, "huge").error, "body larger than the limit of 1000 bytes (Content-Length)");
  EXPECT_EQ(server_.requestCount("/huge.xml"), 1u);
}

TEST_F(IngestTest, RedirectLoopFails) {
  server_.respond("/a", ScriptedResponse{302, {{"Location", "/b"}}, ""});
  server_.respond("/b", ScriptedResponse{302, {{"Location", "/a"}}, ""});
  writeCatalog("sources:\n" + rssEntry("loop", "/a"));
  auto report = run();
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(runOf(*report, "loop").error,
            "redirect loop: " + server_.url("/a") + " -> " + server_.url("/b") + " -> " + server_.url("/a"));
}

TEST_F(IngestTest, RobotsDisallowIsRespectedUnlessIgnored) {
  server_.respond("/robots.txt",
                  ScriptedResponse{200, {}, "User-agent: *\nDisallow: /private/\n"});
  server_.respond("/private/rss.xml", rssResponse());
  writeCatalog("sources:\n" + rssEntry("polite", "/private/rss.xml") +
               rssEntry("allowed-in-writing", "/private/rss.xml", "    ignore_robots: true\n"));
  auto report = run();
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(runOf(*report, "polite").status, "failed");
  EXPECT_EQ(runOf(*report, "polite").error,
            "robots.txt of http://127.0.0.1:" + std::to_string(server_.port()) +
                " disallows /private/rss.xml for PokerFranceTournaments; ask the organiser, then set "
                "ignore_robots: true");
  EXPECT_EQ(runOf(*report, "allowed-in-writing").status, "ok");
  EXPECT_EQ(server_.requestCount("/private/rss.xml"), 1u);
  EXPECT_EQ(server_.requestCount("/robots.txt"), 1u);
}

TEST_F(IngestTest, UnreachableRobotsTxtMeansDisallow) {
  server_.respond("/robots.txt", ScriptedResponse{500, {}, ""});
  server_.respond("/rss.xml", rssResponse());
  options_.retries = 0;
  writeCatalog("sources:\n" + rssEntry("careful", "/rss.xml"));
  auto report = run();
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(runOf(*report, "careful").error,
            "robots.txt of http://127.0.0.1:" + std::to_string(server_.port()) +
                " unreachable (HTTP 500); not fetching, as RFC 9309 asks");
  EXPECT_EQ(server_.requestCount("/rss.xml"), 0u);
}

TEST_F(IngestTest, Windows1252PageIsConvertedToUtf8) {
  // "Tournoi d'été – 50 €" in Windows-1252: é = E9, – = 96, € = 80.
  const std::string title = "Tournoi d'\xE9t\xE9 \x96 50 \x80";
  server_.respond("/agenda.html",
                  ScriptedResponse{200,
                                   {{"Content-Type", "text/html; charset=windows-1252"}},
                                   "<html><body><div class=\"ev\"><h3>" + title +
                                       "</h3><span class=\"d\">05/12/2026 20:00</span></div></body></html>"});
  writeCatalog("sources:\n  - name: cp1252\n    type: html\n    url: " + server_.url("/agenda.html") +
               "\n    item: .ev\n    fields: {title: h3, start: .d}\n");
  auto report = run();
  ASSERT_TRUE(report.has_value());
  ASSERT_EQ(runOf(*report, "cp1252").status, "ok") << runOf(*report, "cp1252").error;
  const auto events = readJsonl(options_.out_path);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].title, "Tournoi d'été – 50 €");
  EXPECT_EQ(events[0].start, "05/12/2026 20:00");
}

TEST_F(IngestTest, NotModifiedWritesThePreviousEventsAgain) {
  ScriptedResponse first = rssResponse();
  first.headers.emplace_back("ETag", "\"v1\"");
  first.headers.emplace_back("Last-Modified", "Sun, 29 Nov 2026 10:00:00 GMT");
  server_.script("/rss.xml", {first, ScriptedResponse{304, {{"ETag", "\"v1\""}}, ""}});
  writeCatalog("sources:\n" + rssEntry("quiet", "/rss.xml"));
  auto r1 = run();
  ASSERT_TRUE(r1.has_value());
  EXPECT_EQ(runOf(*r1, "quiet").status, "ok");
  const std::string first_output = readFile(options_.out_path);
  EXPECT_FALSE(server_.requests().back().headers.count("if-none-match"));

  auto r2 = run();
  ASSERT_TRUE(r2.has_value());
  const auto& s = runOf(*r2, "quiet");
  EXPECT_EQ(s.status, "not_modified");
  EXPECT_EQ(s.http_status, 304);
  EXPECT_EQ(s.events, 2);
  const auto last = server_.requests().back();
  EXPECT_EQ(last.headers.at("if-none-match"), "\"v1\"");
  EXPECT_EQ(last.headers.at("if-modified-since"), "Sun, 29 Nov 2026 10:00:00 GMT");
  EXPECT_EQ(readFile(options_.out_path), first_output);
}

TEST_F(IngestTest, ChangedCatalogEntryDropsTheRememberedValidators) {
  ScriptedResponse first = rssResponse();
  first.headers.emplace_back("ETag", "\"v1\"");
  server_.respond("/rss.xml", first);
  writeCatalog("sources:\n" + rssEntry("s", "/rss.xml"));
  ASSERT_TRUE(run().has_value());
  writeCatalog("sources:\n" + rssEntry("s", "/rss.xml", "    priority: 5\n"));
  ASSERT_TRUE(run().has_value());
  EXPECT_FALSE(server_.requests().back().headers.count("if-none-match"));
}

TEST_F(IngestTest, EveryFailureKeepsThePreviousOutputAndLeavesNoTemporaryFile) {
  fs::create_directories(fs::path(options_.out_path).parent_path());
  std::ofstream(options_.out_path) << "{\"title\":\"yesterday\"}\n";
  server_.respond("/rss.xml", ScriptedResponse{404, {}, ""});
  writeCatalog("sources:\n" + rssEntry("broken", "/rss.xml"));
  auto report = run();
  ASSERT_TRUE(report.has_value());
  EXPECT_FALSE(report->output_written);
  EXPECT_EQ(report->failed(), 1);
  EXPECT_EQ(readFile(options_.out_path), "{\"title\":\"yesterday\"}\n");
  for (const auto& f : fs::directory_iterator(fs::path(options_.out_path).parent_path())) {
    EXPECT_EQ(f.path().filename(), "raw_events.jsonl");
  }
}

TEST_F(IngestTest, UnwritableOutputIsAnErrorAndLeavesNoTemporaryFile) {
  server_.respond("/rss.xml", rssResponse());
  writeCatalog("sources:\n" + rssEntry("s", "/rss.xml"));
  // The output path is an existing folder: the rename cannot replace it.
  fs::create_directories(options_.out_path);
  auto report = run();
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, ErrorCode::kIo);
  EXPECT_EQ(report.error().where, options_.out_path);
  for (const auto& f : fs::directory_iterator(fs::path(options_.out_path).parent_path())) {
    EXPECT_EQ(f.path().filename(), "raw_events.jsonl");
  }
}

TEST_F(IngestTest, BadCatalogFetchesNothing) {
  server_.respond("/rss.xml", rssResponse());
  writeCatalog("sources:\n" + rssEntry("a", "/rss.xml") + "  - name: b\n    type: podcast\n    url: x\n");
  auto report = run();
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, ErrorCode::kInvalidConfig);
  EXPECT_EQ(report.error().where, options_.catalog_path + ":6");
  EXPECT_TRUE(server_.requests().empty());
  EXPECT_FALSE(fs::exists(options_.out_path));
}

TEST_F(IngestTest, SelectedSourcesOnlyAndUnknownNamesRejected) {
  server_.respond("/rss.xml", rssResponse());
  writeCatalog("sources:\n" + rssEntry("a", "/rss.xml") + rssEntry("b", "/rss.xml", "    enabled: false\n") +
               rssEntry("c", "/rss.xml"));
  options_.only_sources = {"b"};
  auto report = run();
  ASSERT_TRUE(report.has_value());
  ASSERT_EQ(report->sources.size(), 1u);
  EXPECT_EQ(report->sources[0].name, "b");
  options_.only_sources = {"zzz"};
  auto bad = run();
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, "no source named \"zzz\" in " + options_.catalog_path);
}

TEST_F(IngestTest, FollowsNextPagesUpToMaxPages) {
  for (int i = 1; i <= 3; ++i) {
    std::string body = "<html><body><div class=\"ev\"><h3>Tournoi page " + std::to_string(i) + "</h3></div>";
    body += "<a class=\"next\" href=\"/p" + std::to_string(i + 1) + ".html\">suivant</a></body></html>";
    server_.respond("/p" + std::to_string(i) + ".html", ScriptedResponse{200, {{"Content-Type", "text/html"}}, body});
  }
  writeCatalog("sources:\n  - name: paged\n    type: html\n    url: " + server_.url("/p1.html") +
               "\n    item: .ev\n    fields: {title: h3}\n    next_page: a.next@href\n    max_pages: 2\n");
  auto report = run();
  ASSERT_TRUE(report.has_value());
  const auto& s = runOf(*report, "paged");
  EXPECT_EQ(s.status, "ok") << s.error;
  EXPECT_EQ(s.events, 2);
  EXPECT_EQ(s.error, "stopped at max_pages=2");
  EXPECT_EQ(server_.requestCount("/p3.html"), 0u);
  const auto events = readJsonl(options_.out_path);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].title, "Tournoi page 2");
}

// Which sources were fetched completely, in the report and in the manifest
// beside the output: only those may see their absent tournaments withdrawn.
TEST_F(IngestTest, CompletenessOfEachSourceIsReportedAndWrittenInTheManifest) {
  ScriptedResponse whole = rssResponse();
  whole.headers.emplace_back("ETag", "\"w1\"");
  server_.script("/whole.xml", {whole, ScriptedResponse{304, {{"ETag", "\"w1\""}}, ""}});
  server_.respond("/rolling.xml", rssResponse());
  server_.respond("/lossy.xml",
                  ScriptedResponse{200, {{"Content-Type", "application/rss+xml"}},
                                   "<rss version=\"2.0\"><channel><title>c</title><item><title>A</title></item>"
                                   "<item><link>https://x.example/</link></item></channel></rss>"});
  server_.respond("/broken.xml", ScriptedResponse{404, {}, ""});
  for (int i = 1; i <= 2; ++i) {
    server_.respond("/p" + std::to_string(i) + ".html",
                    ScriptedResponse{200, {{"Content-Type", "text/html"}},
                                     "<div class=\"ev\"><h3>T" + std::to_string(i) + "</h3></div><a class=\"next\" href=\"/p" +
                                         std::to_string(i + 1) + ".html\">+</a>"});
  }
  server_.respond("/p3.html", ScriptedResponse{500, {}, ""});
  writeCatalog("sources:\n" + rssEntry("whole", "/whole.xml") + rssEntry("rolling", "/rolling.xml",
                                                                         "    withdraw_absent: false\n") +
               rssEntry("lossy", "/lossy.xml") + rssEntry("broken", "/broken.xml") +
               "  - name: capped\n    type: html\n    url: " + server_.url("/p1.html") +
               "\n    item: .ev\n    fields: {title: h3}\n    next_page: a.next@href\n    max_pages: 1\n"
               "  - name: page-failed\n    type: html\n    url: " + server_.url("/p2.html") +
               "\n    item: .ev\n    fields: {title: h3}\n    next_page: a.next@href\n");
  options_.retries = 0;
  auto report = run();
  ASSERT_TRUE(report.has_value()) << report.error().describe();
  std::map<std::string, bool> complete;
  for (const auto& s : report->sources) complete[s.name] = s.complete;
  EXPECT_EQ(complete, (std::map<std::string, bool>{{"whole", true},
                                                   {"rolling", false},
                                                   {"lossy", false},
                                                   {"broken", false},
                                                   {"capped", false},
                                                   {"page-failed", false}}));
  auto manifest = parseIngestManifest(readFile(ingestManifestPath(options_.out_path)));
  ASSERT_TRUE(manifest) << manifest.error().describe();
  EXPECT_EQ(manifest->bytes, static_cast<std::int64_t>(fs::file_size(options_.out_path)));
  EXPECT_EQ(manifest->lines, report->events);
  ASSERT_EQ(manifest->sources.size(), 6u);
  EXPECT_EQ(manifest->sources[0].name, "whole");
  EXPECT_TRUE(manifest->sources[0].complete);
  EXPECT_EQ(manifest->sources[3].status, "failed");
  EXPECT_FALSE(manifest->sources[3].complete);

  // Not modified: as complete as the fetch it replays.
  auto again = run();
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(runOf(*again, "whole").status, "not_modified");
  EXPECT_TRUE(runOf(*again, "whole").complete);
}

TEST_F(IngestTest, MalformedDocumentFailsThatSourceOnly) {
  server_.respond("/events.json", ScriptedResponse{200, {{"Content-Type", "application/json"}}, "{\"events\": [{\"title\": "});
  server_.respond("/rss.xml", rssResponse());
  writeCatalog("sources:\n  - name: truncated\n    type: json\n    url: " + server_.url("/events.json") + "\n" +
               rssEntry("fine", "/rss.xml"));
  auto report = run();
  ASSERT_TRUE(report.has_value());
  const auto& bad = runOf(*report, "truncated");
  EXPECT_EQ(bad.status, "failed");
  EXPECT_EQ(bad.http_status, 200);
  EXPECT_EQ(bad.error.rfind("truncated: ", 0), 0u) << bad.error;
  EXPECT_EQ(runOf(*report, "fine").status, "ok");
  EXPECT_EQ(readJsonl(options_.out_path).size(), 2u);
}

TEST_F(IngestTest, DetailPagesFillEmptyFieldsUpToMaxFollow) {
  server_.respond("/list.html",
                  ScriptedResponse{200, {{"Content-Type", "text/html"}},
                                   "<html><body>"
                                   "<div class=\"ev\"><h3>Deepstack</h3><a class=\"more\" href=\"/d1.html\">+</a></div>"
                                   "<div class=\"ev\"><h3>Turbo</h3><a class=\"more\" href=\"/d2.html\">+</a></div>"
                                   "</body></html>"});
  server_.respond("/d1.html", ScriptedResponse{200, {{"Content-Type", "text/html"}},
                                               "<html><body><p class=\"desc\">Stack 40 000</p>"
                                               "<p class=\"prix\">150 €</p></body></html>"});
  server_.respond("/d2.html", ScriptedResponse{200, {{"Content-Type", "text/html"}},
                                               "<html><body><p class=\"desc\">Turbo</p></body></html>"});
  writeCatalog("sources:\n  - name: detailed\n    type: html\n    url: " + server_.url("/list.html") +
               "\n    item: .ev\n    fields: {title: h3}\n    follow: a.more@href\n    max_follow: 1\n"
               "    detail_fields: {description: .desc, buy_in: .prix}\n");
  auto report = run();
  ASSERT_TRUE(report.has_value());
  const auto& s = runOf(*report, "detailed");
  EXPECT_EQ(s.status, "ok") << s.error;
  EXPECT_EQ(s.error, "detail pages capped at max_follow=1");
  const auto events = readJsonl(options_.out_path);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].description, "Stack 40 000");
  EXPECT_EQ(events[0].buy_in, "150 €");
  EXPECT_EQ(events[0].event_url, server_.url("/d1.html"));
  EXPECT_EQ(events[1].description, "");
  EXPECT_EQ(server_.requestCount("/d2.html"), 0u);
}

TEST_F(IngestTest, ProgressIsReportedOncePerSource) {
  server_.respond("/rss.xml", rssResponse());
  writeCatalog("sources:\n" + rssEntry("a", "/rss.xml") + rssEntry("b", "/rss.xml") + rssEntry("c", "/rss.xml"));
  std::vector<std::pair<int, int>> calls;
  options_.progress = [&](int done, int total) { calls.emplace_back(done, total); };
  ASSERT_TRUE(run().has_value());
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls.back(), std::make_pair(3, 3));
}

TEST_F(IngestTest, PerHostLimitBoundsConcurrentRequests) {
  ScriptedResponse slow = rssResponse();
  slow.delay = 150ms;
  server_.respond("/rss.xml", slow);
  std::string yaml = "sources:\n";
  for (int i = 0; i < 6; ++i) yaml += rssEntry("s" + std::to_string(i), "/rss.xml");
  writeCatalog(yaml);
  options_.per_host_limit = 2;
  const auto started = std::chrono::steady_clock::now();
  auto report = run();
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->failed(), 0);
  // Six 150 ms answers, two at a time: at least three rounds.
  EXPECT_GE(elapsed, 440ms);
}

// The real-format documents of ../shared/fixtures/real served over loopback,
// each with the "now" and the count given in its SOURCES.md.
TEST_F(IngestTest, RealFormatDocumentsOverLoopbackGiveTheReferenceCounts) {
  struct Case {
    const char* file;
    const char* type;
    const char* content_type;
    const char* extra;
    const char* now;
    std::int64_t events;
  };
  const Case cases[] = {
      {"ics/issue_173_only_modifications_error.ics", "ics", "text/calendar", "", "2024-03-01T00:00:00+01:00", 285},
      {"ics/after_many_events_in_order.ics", "ics", "text/calendar", "", "2024-03-25T00:00:00+00:00", 7},
      {"ics/issue_18_cancel_status.ics", "ics", "text/calendar", "", "2020-01-27T00:00:00+01:00", 3},
      {"ics/agendadulibre-mp.ical", "ics", "text/calendar", "", "2013-10-01T00:00:00+02:00", 29},
      {"jsonld/songkick-tovestyrke.html", "jsonld", "text/html; charset=utf-8", "", "2026-11-30T09:00:00+01:00", 1},
      {"jsonld/songkick-maximo-park-gigography.html", "jsonld", "text/html", "", "2026-11-30T09:00:00+01:00", 49},
      {"json/tec-rest-v1-archive-snapshot.json", "json", "application/json", "", "2026-11-30T09:00:00+01:00", 5},
      {"csv/tec-reimport-behaviour-events.csv", "csv", "text/csv",
       "    field_map: {\"EVENT NAME\": title, \"START DATE\": start, \"END DATE\": end, \"VENUE NAME\": venue_name, "
       "\"EVENT COST\": buy_in, \"EVENT WEBSITE\": url, \"EVENT DESCRIPTION\": description}\n",
       "2026-11-30T09:00:00+01:00", 1},
  };
  for (const auto& c : cases) {
    const std::string path = std::string("/real/") + c.file;
    server_.respond(path, ScriptedResponse{200, {{"Content-Type", c.content_type}}, readFile(kShared / "real" / c.file)});
    writeCatalog(std::string("sources:\n  - name: real\n    type: ") + c.type + "\n    url: " + server_.url(path) +
                 "\n" + c.extra);
    FixedClock clock{*parseIsoInstant(c.now)};
    auto report = runIngest(options_, http_, clock);
    ASSERT_TRUE(report.has_value()) << c.file << ": " << report.error().describe();
    EXPECT_EQ(runOf(*report, "real").status, "ok") << c.file << ": " << runOf(*report, "real").error;
    EXPECT_EQ(runOf(*report, "real").events, c.events) << c.file;
    EXPECT_EQ(static_cast<std::int64_t>(readJsonl(options_.out_path).size()), c.events) << c.file;
  }
}

TEST_F(IngestTest, MalformedJsonLdScriptDoesNotAffectTheOtherSources) {
  server_.respond("/bad.html", ScriptedResponse{200, {{"Content-Type", "text/html"}},
                                                readFile(kShared / "real/jsonld/extruct-JoinAction.001-malformed.html")});
  server_.respond("/good.html", ScriptedResponse{200, {{"Content-Type", "text/html"}},
                                                 readFile(kShared / "real/jsonld/songkick-tovestyrke.html")});
  writeCatalog("sources:\n  - {name: malformed, type: jsonld, url: \"" + server_.url("/bad.html") +
               "\"}\n  - {name: good, type: jsonld, url: \"" + server_.url("/good.html") + "\"}\n");
  auto report = run();
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(runOf(*report, "malformed").events, 0);
  EXPECT_EQ(runOf(*report, "good").status, "ok");
  const auto events = readJsonl(options_.out_path);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].title, "Tove Styrke");
}

// The Events Calendar pages through next_rest_url; the runner follows it up
// to max_pages.
TEST_F(IngestTest, EventsCalendarNextRestUrlIsFollowedUpToMaxPages) {
  auto page1 = nlohmann::json::parse(readFile(kShared / "real/json/tec-rest-v1-archive-snapshot.json"));
  auto page2 = page1;
  page1["next_rest_url"] = server_.url("/wp-json/tribe/events/v1/events?page=2");
  page1["total_pages"] = 2;
  for (auto& e : page2["events"]) e["title"] = "Page 2 " + e["title"].get<std::string>();
  server_.respond("/wp-json/tribe/events/v1/events", ScriptedResponse{200, {{"Content-Type", "application/json"}}, page1.dump()});
  server_.respond("/wp-json/tribe/events/v1/events?page=2",
                  ScriptedResponse{200, {{"Content-Type", "application/json"}}, page2.dump()});
  writeCatalog("sources:\n  - {name: tec, type: json, url: \"" + server_.url("/wp-json/tribe/events/v1/events") + "\"}\n");
  auto report = run();
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(runOf(*report, "tec").events, 10) << runOf(*report, "tec").error;
  EXPECT_EQ(readJsonl(options_.out_path).back().title.rfind("Page 2 ", 0), 0u);

  writeCatalog("sources:\n  - {name: tec, type: json, max_pages: 1, url: \"" +
               server_.url("/wp-json/tribe/events/v1/events") + "\"}\n");
  auto bounded = run();
  ASSERT_TRUE(bounded.has_value());
  EXPECT_EQ(runOf(*bounded, "tec").events, 5);
  EXPECT_EQ(runOf(*bounded, "tec").error, "stopped at max_pages=1");
}

// The bundled demo catalog over file:// with a fixed "now": every source
// yields events, no template token survives, and the dated ones are upcoming.
TEST_F(IngestTest, DemoCatalogYieldsUpcomingEventsOfEveryType) {
  options_.catalog_path = (fs::path(PFT_SOURCE_DIR) / "sources/demo.yml").string();
  for (const char* now : {"2026-11-30T09:00:00+01:00", "2027-07-14T18:00:00+02:00"}) {
    FixedClock clock{*parseIsoInstant(now)};
    auto report = runIngest(options_, http_, clock);
    ASSERT_TRUE(report.has_value()) << report.error().describe();
    EXPECT_EQ(report->failed(), 0) << formatIngestTable(*report);
    for (const auto& s : report->sources) EXPECT_GT(s.events, 0) << s.name;
    const std::string text = readFile(options_.out_path);
    EXPECT_EQ(text.find("{{DATE"), std::string::npos);
    int dated = 0;
    int cancelled = 0;
    for (const auto& e : readJsonl(options_.out_path)) {
      if (auto start = parseIsoInstant(e.start, e.timezone.empty() ? kParisZone : e.timezone)) {
        EXPECT_GE(*start, clock.now()) << e.source_name << " " << e.title << " " << e.start;
        ++dated;
      }
      if (!e.status_text.empty()) ++cancelled;
    }
    EXPECT_GE(dated, 10);
    EXPECT_GE(cancelled, 1);
  }
}

}  // namespace
}  // namespace pft::ingestion

namespace pft::ingestion {
namespace {

// What /sources shows comes from these classes: each real failure of the
// runner lands in its own (the error text itself is never shown).
TEST_F(IngestTest, FailuresAreClassifiedForThePublicHealthPage) {
  server_.respond("/down.xml", ScriptedResponse{503, {}, "<html>Maintenance: contact jean@casino.fr</html>"});
  server_.respond("/gone.xml", ScriptedResponse{404, {}, "not here"});
  server_.respond("/garbage.xml", ScriptedResponse{200, {{"Content-Type", "application/rss+xml"}}, "{not a feed"});
  server_.respond("/ok.xml", rssResponse());
  const int closed = testing::closedLoopbackPort();
  options_.retries = 0;
  writeCatalog("sources:\n" + rssEntry("down", "/down.xml") + rssEntry("gone", "/gone.xml") +
               rssEntry("garbage", "/garbage.xml") + rssEntry("fine", "/ok.xml") +
               "  - name: refused\n    type: rss\n    url: http://127.0.0.1:" + std::to_string(closed) + "/x.xml\n" +
               "    ignore_robots: true\n");
  auto report = run();
  ASSERT_TRUE(report) << report.error().describe();
  struct Expect {
    const char* name;
    std::optional<SourceFailureKind> kind;
    int http;
  };
  for (const Expect& x : {Expect{"down", SourceFailureKind::kHttp, 503}, Expect{"gone", SourceFailureKind::kHttp, 404},
                          Expect{"garbage", SourceFailureKind::kParse, 0},
                          Expect{"refused", SourceFailureKind::kNetwork, 0}, Expect{"fine", std::nullopt, 0}}) {
    const SourceRun& s = runOf(*report, x.name);
    int http = -1;
    EXPECT_EQ(classifySourceFailure(s, http), x.kind) << x.name << ": " << s.error;
    EXPECT_EQ(http, x.http) << x.name;
  }
}

TEST_F(IngestTest, RobotsRefusalsAndTimeoutsAreClassified) {
  server_.respond("/robots.txt", ScriptedResponse{200, {}, "User-agent: *\nDisallow: /private/\n"});
  server_.respond("/private/feed.xml", rssResponse());
  ScriptedResponse slow = rssResponse();
  slow.delay = 1500ms;
  server_.respond("/slow.xml", slow);
  options_.retries = 0;
  options_.total_timeout = 300ms;
  writeCatalog("sources:\n" + rssEntry("private", "/private/feed.xml") + rssEntry("slow", "/slow.xml"));
  auto report = run();
  ASSERT_TRUE(report) << report.error().describe();
  int http = -1;
  EXPECT_EQ(classifySourceFailure(runOf(*report, "private"), http), SourceFailureKind::kRobots)
      << runOf(*report, "private").error;
  EXPECT_EQ(classifySourceFailure(runOf(*report, "slow"), http), SourceFailureKind::kTimeout)
      << runOf(*report, "slow").error;
}


// ---- Hostile sources (#15): bounded output, links, errors, control bytes, provenance.

// A 100 KB feed with one internal entity referenced thousands of times: on
// main it became a 200 MB line. Now every field is bounded, the feed's text
// is bounded to 10x its size, and the run says what was cut.
TEST_F(IngestTest, EntityAmplificationInAFeedIsBoundedAndReported) {
  std::string feed = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY x \"" + std::string(2000, 'A') + "\">]>\n"
                     "<rss version=\"2.0\"><channel><title>bomb</title>";
  std::string refs;
  for (int i = 0; i < 4000; ++i) refs += "&x;";
  for (int i = 0; i < 8; ++i) {
    feed += "<item><title>T" + std::to_string(i) + " &x;</title><description>" + refs + "</description></item>";
  }
  feed += "</channel></rss>\n";
  ASSERT_LT(feed.size(), 110'000u);
  server_.respond("/bomb.xml", ScriptedResponse{200, {{"Content-Type", "application/rss+xml"}}, feed});
  writeCatalog("sources:\n" + rssEntry("bomb", "/bomb.xml"));
  auto report = run();
  ASSERT_TRUE(report.has_value()) << report.error().describe();
  const auto& s = runOf(*report, "bomb");
  EXPECT_EQ(s.status, "ok") << s.error;
  EXPECT_FALSE(s.complete);
  EXPECT_NE(s.error.find("truncated"), std::string::npos) << s.error;
  const auto size = fs::file_size(options_.out_path);
  EXPECT_LT(size, 10 * std::max<std::uintmax_t>(feed.size(), 1 << 20)) << size;
  std::ifstream in(options_.out_path);
  std::string line;
  while (std::getline(in, line)) EXPECT_LE(line.size(), kMaxRawLineBytes);
  for (const auto& e : readJsonl(options_.out_path)) {
    EXPECT_LE(e.title.size(), kMaxTitleChars);
    EXPECT_LE(e.description.size(), kMaxDescriptionChars);
  }
}

// A remote page may not send us to file:// (or any other scheme, or another
// site) through next_page, follow links or TEC next_rest_url.
TEST_F(IngestTest, LinksToFilesOtherSchemesOrOtherSitesAreNeverFetched) {
  const fs::path secret = dir_ / "secret.txt";
  std::ofstream(secret) << "<html><body><p class=\"desc\">root:x:0:0:SECRET</p></body></html>";
  const std::string file_url = "file://" + secret.string();
  server_.respond("/list.html",
                  ScriptedResponse{200, {{"Content-Type", "text/html"}},
                                   "<html><body><div class=\"ev\"><h3>Deepstack</h3><a class=\"more\" href=\"" +
                                       file_url + "\">+</a></div>"
                                       "<div class=\"ev\"><h3>Turbo</h3><a class=\"more\" href=\"http://localhost:" +
                                       std::to_string(server_.port()) + "/d.html\">+</a></div>"
                                       "<a class=\"next\" href=\"" + file_url + "\">suivant</a></body></html>"});
  server_.respond("/d.html", ScriptedResponse{200, {{"Content-Type", "text/html"}},
                                              "<html><body><p class=\"desc\">other site</p></body></html>"});
  auto tec = nlohmann::json::parse(readFile(kShared / "real/json/tec-rest-v1-archive-snapshot.json"));
  tec["next_rest_url"] = file_url;
  tec["total_pages"] = 2;
  server_.respond("/tec", ScriptedResponse{200, {{"Content-Type", "application/json"}}, tec.dump()});
  writeCatalog("sources:\n  - name: hostile\n    type: html\n    url: " + server_.url("/list.html") +
               "\n    item: .ev\n    fields: {title: h3}\n    follow: a.more@href\n    next_page: a.next@href\n"
               "    detail_fields: {description: .desc}\n"
               "  - {name: tec, type: json, url: \"" + server_.url("/tec") + "\"}\n");
  auto report = run();
  ASSERT_TRUE(report.has_value());
  const auto& s = runOf(*report, "hostile");
  EXPECT_EQ(s.status, "ok");
  EXPECT_FALSE(s.complete);
  EXPECT_NE(s.error.find("page 2 failed: link " + file_url + " refused"), std::string::npos) << s.error;
  EXPECT_NE(s.error.find("leaves the source's site"), std::string::npos) << s.error;
  const auto& t = runOf(*report, "tec");
  EXPECT_EQ(t.events, 5);
  EXPECT_NE(t.error.find("refused: only http:// and https:// links are followed"), std::string::npos) << t.error;
  EXPECT_EQ(server_.requestCount("/d.html"), 0u);
  EXPECT_EQ(readFile(options_.out_path).find("SECRET"), std::string::npos);
  EXPECT_EQ(readFile(options_.out_path).find("other site"), std::string::npos);
}

// A 9 MB CSV header that fits no field_map: on main the error listed every
// column (a 23 MB message stored with every run).
TEST_F(IngestTest, AHugeCsvHeaderGivesAShortError) {
  std::string csv;
  csv.reserve(9'100'000);
  for (int i = 0; csv.size() < 9'000'000; ++i) csv += "colonne_" + std::to_string(i) + ",";
  csv += "x\n1,2\n";
  server_.respond("/wide.csv", ScriptedResponse{200, {{"Content-Type", "text/csv"}}, csv});
  writeCatalog("sources:\n  - {name: wide, type: csv, url: \"" + server_.url("/wide.csv") + "\"}\n");
  options_.max_body_bytes = 10 * 1024 * 1024;
  auto report = run();
  ASSERT_TRUE(report.has_value());
  const auto& s = runOf(*report, "wide");
  EXPECT_EQ(s.status, "failed");
  EXPECT_LE(s.error.size(), 2 * kMaxMessageChars) << s.error.size();
  EXPECT_NE(s.error.find("more columns)"), std::string::npos) << s.error.substr(0, 600);
  EXPECT_NE(formatIngestTable(*report).size(), 0u);
  EXPECT_LT(formatIngestTable(*report).size(), 2000u);
}

// One NUL byte in a calendar: on main the whole calendar was rejected with
// « no BEGIN:VCALENDAR ». Now the byte is removed, the events kept, and the
// warning says what happened.
TEST_F(IngestTest, ControlBytesInACalendarAreRemovedAndItsEventsKept) {
  std::string ics = readFile(fs::path(PFT_SOURCE_DIR) / "sources/demo/club-lyon.ics");
  ASSERT_FALSE(ics.empty());
  const auto at = ics.find("BEGIN:VEVENT");
  ASSERT_NE(at, std::string::npos);
  ics.insert(at + 3, std::string(1, '\0'));
  ics.insert(ics.find("SUMMARY:") + 8, "\x01\x7f");
  server_.respond("/cal.ics", ScriptedResponse{200, {{"Content-Type", "text/calendar"}}, ics});
  writeCatalog("sources:\n  - {name: cal, type: ics, url: \"" + server_.url("/cal.ics") + "\"}\n");
  auto report = run();
  ASSERT_TRUE(report.has_value());
  const auto& s = runOf(*report, "cal");
  EXPECT_EQ(s.status, "ok") << s.error;
  EXPECT_GT(s.events, 0);
  for (const auto& e : readJsonl(options_.out_path)) {
    EXPECT_EQ(e.title.find_first_of(std::string("\x01\x7f", 2)), std::string::npos);
  }
}

// A file:// source's events name the file as the catalog wrote it, never
// the server's absolute path.
TEST_F(IngestTest, AFileSourcesProvenanceIsTheUrlAsTheCatalogWroteIt) {
  fs::create_directories(dir_ / "local");
  fs::copy_file(kShared / "prototype/demo_rss.xml", dir_ / "local" / "feed.xml");
  writeCatalog("sources:\n  - {name: local, type: rss, url: local/feed.xml}\n"
               "  - {name: local2, type: rss, url: \"file://" + (dir_ / "local" / "feed.xml").string() + "\"}\n");
  auto report = run();
  ASSERT_TRUE(report.has_value());
  const auto events = readJsonl(options_.out_path);
  ASSERT_FALSE(events.empty());
  for (const auto& e : events) {
    if (e.source_name == "local") {
      EXPECT_EQ(e.source_url, "local/feed.xml");
    } else {
      // An absolute path in the catalog: the source's name, not the path.
      EXPECT_EQ(e.source_url, "local2");
    }
  }
}

}  // namespace
}  // namespace pft::ingestion
