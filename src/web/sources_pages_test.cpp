// The site's /sources page and the /proposer forms over the router, on
// SQLite (label unit) and PostgreSQL (label integration, pg_server): what
// a run recorded is shown, what a visitor submits is stored pending and
// never shown.

#include <gtest/gtest.h>

#include <regex>

#include "pft/http/rate_limit.hpp"
#include "pft/http/router.hpp"
#include "pft/readmodel/holder.hpp"
#include "pft/testing/test_store.hpp"
#include "pft/web/site.hpp"

namespace pft::web {
namespace {

using namespace std::chrono;

// Friday 4 December 2026, 17:00 in Paris.
const Instant kNow = *parseIsoInstant("2026-12-04T17:00:00+01:00");

Tournament tournament(const std::string& title, const std::string& source, Instant start) {
  Tournament t;
  t.title = title;
  t.venue.name = "Lyon Poker Club";
  t.venue.city = "Lyon";
  t.venue.department_code = "69";
  t.start = start;
  t.buy_in_cents = 2000;
  t.source_name = source;
  t.source_url = "https://organiser.test/agenda";
  return t;
}

SourceReport report(const std::string& name, const std::string& status, std::int64_t events) {
  SourceReport r;
  r.name = name;
  r.type = "html";
  r.ran = true;
  r.status = status;
  r.events = events;
  if (status == "failed") {
    r.failure = SourceFailureKind::kHttp;
    r.http_status = 503;
  }
  return r;
}

struct Reply {
  http::Response r;
  std::string body() const { return r.body ? *r.body : std::string{}; }
  std::string header(const std::string& name) const {
    for (const auto& [n, v] : r.headers) {
      if (n == name) return v;
    }
    return {};
  }
};

class SourcesPages : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db_.ok());
    std::vector<Tournament> batch;
    for (int i = 0; i < 3; ++i) batch.push_back(tournament("Hebdo " + std::to_string(i), "club-lyon", kNow + days{i + 1}));
    batch.push_back(tournament("Passé", "club-lyon", kNow - days{3}));
    batch.push_back(tournament("Deepstack", "casino-down", kNow + days{2}));
    ASSERT_TRUE(db_.store().upsertTournaments(batch, kNow - hours{30}));
    SourceReport club = report("club-lyon", "ok", 4);
    club.organiser = "Lyon <b>Poker</b> Club";
    club.homepage = "https://club-lyon.test/";
    SourceReport down = report("casino-down", "ok", 1);
    down.organiser = "Casino du Lac";
    down.homepage = "javascript:alert(1)";
    SourceReport never = report("new-feed", "failed", 0);
    never.type = "rss";
    SourceReport off = report("off", "", 0);
    off.ran = false;
    off.enabled = false;
    ASSERT_TRUE(db_.store().recordSourceReports({club, down, never, off}, 1, kNow - hours{50}));
    // The next night: the club answers 304, the casino 503.
    club.status = "not_modified";
    down.status = "failed";
    down.events = 0;
    down.failure = SourceFailureKind::kHttp;
    down.http_status = 503;
    ASSERT_TRUE(db_.store().recordSourceReports({club, down, never, off}, 2, kNow - hours{26}));

    model_ = std::make_unique<readmodel::SnapshotHolder>(db_.store(), clock_);
    ASSERT_TRUE(model_->init());
    cache_ = std::make_unique<http::ResponseCache>(8 << 20);
    router_ = std::make_unique<http::Router>(http::RouterOptions{}, *cache_);
    SiteOptions options;
    options.site_url = "https://site.test";
    options.submissions = &db_.store();
    options.submission_limiter = &limiter_;
    auto site = Site::create(*model_, clock_, *cache_, options);
    ASSERT_TRUE(site) << site.error().describe();
    site_ = std::move(*site);
    site_->install(*router_);
  }

  Reply send(http::Request req) {
    Reply out;
    router_->handle(std::move(req), [&](http::Response r) { out.r = std::move(r); });
    return out;
  }
  Reply get(const std::string& path) {
    http::Request req;
    req.method = "GET";
    req.path = path;
    req.headers = {{"accept", "text/html"}};
    return send(std::move(req));
  }
  Reply post(const std::string& body, const std::string& from = "203.0.113.7",
             const std::string& type = "application/x-www-form-urlencoded") {
    http::Request req;
    req.method = "POST";
    req.path = "/proposer";
    req.body = body;
    req.remote_address = from;
    req.headers = {{"accept", "text/html"}, {"content-type", type}};
    return send(std::move(req));
  }
  std::vector<Submission> pending() {
    auto r = db_.store().listSubmissions(SubmissionStatus::kPending, -1);
    EXPECT_TRUE(r) << r.error().describe();
    return r ? *r : std::vector<Submission>{};
  }

  testing::TestStore db_{GetParam()};
  FixedClock clock_{kNow};
  http::RateLimiter limiter_{3, std::chrono::seconds{3600}};
  std::unique_ptr<readmodel::SnapshotHolder> model_;
  std::unique_ptr<http::ResponseCache> cache_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<Site> site_;
};

// The <tr> of a source, from its id to its end.
std::string rowOf(const std::string& body, const std::string& anchor) {
  auto at = body.find("<tr id=\"" + anchor + "\"");
  if (at == std::string::npos) return {};
  return body.substr(at, body.find("</tr>", at) - at);
}

TEST_P(SourcesPages, EachEnabledSourceHasItsLine) {
  Reply r = get("/sources");
  ASSERT_EQ(r.r.status, 200) << r.body();
  EXPECT_EQ(r.r.content_type, "text/html; charset=utf-8");
  EXPECT_FALSE(r.header("Content-Security-Policy").empty());
  const std::string body = r.body();
  EXPECT_NE(body.find("3 sources · 2 sources en échec"), std::string::npos);

  const std::string down = rowOf(body, "source-casino-down");
  ASSERT_FALSE(down.empty()) << body;
  EXPECT_NE(down.find("class=\"failing\""), std::string::npos);
  EXPECT_NE(down.find("HTTP 503 depuis 1 jour"), std::string::npos) << down;
  EXPECT_NE(down.find("Casino du Lac"), std::string::npos);
  EXPECT_EQ(down.find("javascript:"), std::string::npos) << "only http(s) home pages are linked";
  EXPECT_NE(down.find("1 tournoi"), std::string::npos) << "its tournament stays listed while it fails";
  EXPECT_NE(down.find("0 événements"), std::string::npos);

  const std::string club = rowOf(body, "source-club-lyon");
  ASSERT_FALSE(club.empty());
  EXPECT_NE(club.find("<a href=\"https://club-lyon.test/\""), std::string::npos) << club;
  EXPECT_NE(club.find("Lyon &lt;b&gt;Poker&lt;/b&gt; Club"), std::string::npos) << "escaped";
  EXPECT_NE(club.find(">OK<"), std::string::npos);
  EXPECT_NE(club.find("3 tournois"), std::string::npos) << "upcoming only";
  EXPECT_NE(club.find("4 événements"), std::string::npos);
  EXPECT_NE(club.find("datetime=\"2026-12-03T15:00:00+01:00\""), std::string::npos) << club;

  const std::string never = rowOf(body, "source-new-feed");
  ASSERT_FALSE(never.empty());
  EXPECT_NE(never.find("jamais"), std::string::npos);
  EXPECT_NE(never.find("Flux RSS ou Atom"), std::string::npos);
  EXPECT_NE(never.find("HTTP 503 depuis 2 jours"), std::string::npos) << never;

  EXPECT_TRUE(rowOf(body, "source-off").empty()) << "a disabled source is not shown";
}

TEST_P(SourcesPages, ATournamentLinksToItsSourceLine) {
  std::int64_t id = 0;
  for (const auto& t : model_->current()->tournaments) {
    if (t.title == "Deepstack") id = t.id;
  }
  ASSERT_GT(id, 0);
  Reply r = get("/tournois/" + std::to_string(id) + "-deepstack");
  ASSERT_EQ(r.r.status, 200) << r.body();
  EXPECT_NE(r.body().find("<a href=\"/sources#source-casino-down\">état de la source</a>"), std::string::npos);
}

TEST_P(SourcesPages, TheFormWorksWithoutJavaScriptAndStoresPending) {
  Reply form = get("/proposer");
  ASSERT_EQ(form.r.status, 200);
  const std::string page = form.body();
  EXPECT_NE(page.find("<form class=\"proposal\" method=\"post\" action=\"/proposer\""), std::string::npos);
  EXPECT_NE(page.find("name=\"site_web\""), std::string::npos) << "the honeypot";
  EXPECT_EQ(page.find("<script>"), std::string::npos) << "no inline script (CSP)";
  EXPECT_NE(form.header("Content-Security-Policy").find("form-action 'self'"), std::string::npos);
  const auto version = db_.store().dataVersion();

  Reply ok = post("formulaire=tournoi&title=Deepstack+de+No%C3%ABl&date=2026-12-20&time=19%3A30&venue_name=Cercle+"
                  "Lyon&address=&postcode=69002&city=Lyon&buy_in=50+%E2%82%AC&variant=PLO&contact_email=orga%40cercle."
                  "test&message=Merci%0D%0A%C3%A0+vous&site_web=");
  EXPECT_EQ(ok.r.status, 303) << ok.body();
  EXPECT_EQ(ok.header("Location"), "/proposer/merci");
  auto stored = pending();
  ASSERT_EQ(stored.size(), 1u);
  const Submission& s = stored[0];
  EXPECT_EQ(s.kind, SubmissionKind::kTournament);
  EXPECT_EQ(s.title, "Deepstack de Noël");
  EXPECT_EQ(s.date, "2026-12-20");
  EXPECT_EQ(s.time, "19:30");
  EXPECT_EQ(s.venue_name, "Cercle Lyon");
  EXPECT_EQ(s.postcode, "69002");
  EXPECT_EQ(s.buy_in, "50 €");
  EXPECT_EQ(s.variant, "PLO");
  EXPECT_EQ(s.contact_email, "orga@cercle.test");
  EXPECT_EQ(s.message, "Merci\r\nà vous");
  EXPECT_EQ(s.origin, "form");
  EXPECT_EQ(get("/proposer/merci").r.status, 200);

  Reply page_ok = post("formulaire=page&url=https%3A%2F%2Fcercle.test%2Ftournois&contact_email=&message=");
  EXPECT_EQ(page_ok.r.status, 303);
  stored = pending();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[1].kind, SubmissionKind::kUrl);
  EXPECT_EQ(stored[1].url, "https://cercle.test/tournois");

  // Nothing submitted is public.
  EXPECT_EQ(*db_.store().dataVersion(), *version);
  for (const auto& t : model_->current()->tournaments) EXPECT_NE(t.title, "Deepstack de Noël");
}

TEST_P(SourcesPages, MistakesAreShownAgainInFrenchAndEscaped) {
  Reply r = post("formulaire=tournoi&title=%3Cscript%3Ealert(1)%3C%2Fscript%3E&date=2026-12-01&time=25%3A00&"
                 "venue_name=Club&city=&contact_email=pas-un-email&variant=canasta");
  EXPECT_EQ(r.r.status, 400);
  const std::string body = r.body();
  EXPECT_NE(body.find("5 champs à corriger"), std::string::npos) << body;
  EXPECT_NE(body.find("Cette date est passée."), std::string::npos);
  EXPECT_NE(body.find("Indiquez l&apos;heure au format HH:MM."), std::string::npos);
  EXPECT_NE(body.find("Ce champ est obligatoire."), std::string::npos);
  EXPECT_NE(body.find("Cette adresse e-mail n&apos;est pas valide."), std::string::npos);
  EXPECT_NE(body.find("Choisissez une variante de la liste."), std::string::npos);
  EXPECT_EQ(body.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(body.find("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""), std::string::npos) << "echoed, escaped";
  EXPECT_NE(body.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
  EXPECT_TRUE(pending().empty());
}

TEST_P(SourcesPages, RobotsAndFloodsStoreNothing) {
  const std::string valid = "formulaire=page&url=https%3A%2F%2Fa.test%2F";
  Reply bot = post(valid + "&site_web=http%3A%2F%2Fspam.test");
  EXPECT_EQ(bot.r.status, 303) << "a robot is thanked";
  EXPECT_TRUE(pending().empty()) << "and forgotten";

  EXPECT_EQ(post(valid, "198.51.100.1", "multipart/form-data; boundary=x").r.status, 415);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(post(valid, "198.51.100.1").r.status, 303);
  Reply limited = post(valid, "198.51.100.1");
  EXPECT_EQ(limited.r.status, 429);
  EXPECT_FALSE(limited.header("Retry-After").empty());
  EXPECT_NE(limited.body().find("Trop de propositions"), std::string::npos);
  EXPECT_EQ(post(valid, "198.51.100.2").r.status, 303) << "per address";
  EXPECT_EQ(pending().size(), 4u);
}

INSTANTIATE_TEST_SUITE_P(Backends, SourcesPages, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace pft::web
