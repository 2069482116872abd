// The site over its router (no transport: handle() is called directly) on a
// real SQLite store with a fixed clock. The browser tests (tests/e2e) run
// the same pages in Chromium over real HTTP.

#include "pft/web/site.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>

#include "embedded.hpp"
#include "pft/core/json.hpp"
#include "pft/core/text.hpp"
#include "pft/http/router.hpp"
#include "pft/readmodel/holder.hpp"
#include "pft/testing/test_store.hpp"

namespace pft::web {
namespace {

using nlohmann::json;
using namespace std::chrono;

Instant paris(const char* iso) { return *parseIsoInstant(iso); }

// Friday 4 December 2026, 17:00 in Paris.
const Instant kNow = paris("2026-12-04T17:00:00+01:00");

Venue venue(std::string name, std::string city, std::string code, std::string dep, double lat, double lon) {
  Venue v;
  v.name = std::move(name);
  v.city = std::move(city);
  v.postcode = code + "000";
  v.department_code = std::move(code);
  v.department = std::move(dep);
  v.region = "Auvergne-Rhône-Alpes";
  v.address = "1 place du Casino";
  v.latitude = lat;
  v.longitude = lon;
  return v;
}

Tournament tournament(std::string title, const Venue& v, const char* start, std::optional<std::int64_t> buy_in) {
  Tournament t;
  t.title = std::move(title);
  t.venue = v;
  t.start = paris(start);
  t.buy_in_cents = buy_in;
  t.source_name = "test-source";
  t.source_url = "https://organiser.test/agenda";
  return t;
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

class SiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db_.ok());
    lyon_ = venue("Casino Le Lyon Vert", "La Tour-de-Salvagny", "69", "Rhône", 45.81, 4.72);
    club_ = venue("Lyon Poker Club", "Lyon", "69", "Rhône", 45.76, 4.84);
    evil_ = venue("\"><img src=x onerror=alert(1)>", "Évian-les-Bains", "74", "Haute-Savoie", 46.40, 6.59);
    evil_.website = "javascript:alert(document.cookie)";
    std::vector<Tournament> batch;
    // First, so that later ids are higher: a purged id below the highest is "gone".
    batch.push_back(tournament("Vieux tournoi", club_, "2026-11-01T20:00:00+01:00", 2000));
    batch.push_back(tournament("Deepstack du soir", club_, "2026-12-04T20:00:00+01:00", 6000));
    batch.back().fee_cents = 1000;
    batch.back().tags = {"deepstack", "re-entry"};
    batch.push_back(tournament("PLO Night", lyon_, "2026-12-05T21:00:00+01:00", 15000));
    batch.back().variant = "PLO";
    batch.push_back(tournament("Tournoi annulé", club_, "2026-12-06T20:00:00+01:00", 2000));
    batch.back().status = TournamentStatus::kCancelled;
    Tournament evil = tournament("<script>alert(1)</script> \u202Eevil", evil_, "2026-12-07T20:00:00+01:00", 5000);
    evil.description = "Bienvenue</script><script>alert(2)</script>\nLigne 2 & plus";
    evil.event_url = "javascript:alert(3)";
    batch.push_back(evil);
    for (int i = 0; i < 25; ++i) {
      batch.push_back(tournament("Hebdo " + std::to_string(i), club_,
                                 formatLocalIso(kNow + days{3} + hours{i * 24 + 3}).c_str(), 2000));
    }
    auto counts = db_.store().upsertTournaments(batch, kNow - hours{1});
    ASSERT_TRUE(counts) << counts.error().describe();
    start();
  }

  void start() {
    model_ = std::make_unique<readmodel::SnapshotHolder>(db_.store(), clock_);
    ASSERT_TRUE(model_->init());
    cache_ = std::make_unique<http::ResponseCache>(8 << 20);
    router_ = std::make_unique<http::Router>(http::RouterOptions{}, *cache_);
    SiteOptions options;
    options.site_url = "https://site.test/";
    auto site = Site::create(*model_, clock_, *cache_, options);
    ASSERT_TRUE(site) << site.error().describe();
    site_ = std::move(*site);
    site_->install(*router_);
    router_->setCacheScope([this] {
      auto s = model_->current();
      return http::CacheScope{s->data_version, s->epoch(clock_.now()), 0};
    });
  }

  Reply get(const std::string& target, std::vector<std::pair<std::string, std::string>> headers = {
                                           {"accept", "text/html,application/xhtml+xml,*/*;q=0.8"}}) {
    http::Request req;
    req.method = "GET";
    auto q = target.find('?');
    req.path = target.substr(0, q);
    req.query = q == std::string::npos ? "" : target.substr(q + 1);
    req.headers = std::move(headers);
    Reply out;
    router_->handle(req, [&](http::Response r) { out.r = std::move(r); });
    return out;
  }

  std::int64_t idOf(const std::string& title) {
    for (const auto& t : model_->current()->tournaments) {
      if (t.title == title) return t.id;
    }
    ADD_FAILURE() << "no tournament " << title;
    return 0;
  }

  testing::TestStore db_{"sqlite"};
  FixedClock clock_{kNow};
  Venue lyon_, club_, evil_;
  std::unique_ptr<readmodel::SnapshotHolder> model_;
  std::unique_ptr<http::ResponseCache> cache_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<Site> site_;
};

TEST_F(SiteTest, HomeListsUpcomingTournamentsByDayInFrench) {
  Reply r = get("/");
  ASSERT_EQ(r.r.status, 200) << r.body();
  EXPECT_EQ(r.r.content_type, "text/html; charset=utf-8");
  std::string b = r.body();
  EXPECT_NE(b.find("<html lang=\"fr\">"), std::string::npos);
  // 29 upcoming, one of them cancelled (hidden by default): 28.
  EXPECT_NE(b.find("<strong>28 tournois</strong>"), std::string::npos);
  EXPECT_NE(b.find("Aujourd&apos;hui</span> Vendredi 4 décembre"), std::string::npos);
  EXPECT_NE(b.find("Demain</span> Samedi 5 décembre"), std::string::npos);
  EXPECT_NE(b.find("20\u00a0h\u00a000"), std::string::npos);
  EXPECT_NE(b.find("50\u00a0€ + 10\u00a0€"), std::string::npos);
  EXPECT_EQ(b.find("Tournoi annulé"), std::string::npos);
  EXPECT_EQ(b.find("Vieux tournoi"), std::string::npos);
  // 20 a page, and a link to the next ones.
  EXPECT_EQ(std::count(b.begin(), b.end(), '\n') > 0, true);
  std::regex card("<li class=\"card");
  EXPECT_EQ(std::distance(std::sregex_iterator(b.begin(), b.end(), card), std::sregex_iterator()), 20);
  EXPECT_NE(b.find("rel=\"next\""), std::string::npos);
  EXPECT_NE(r.header("Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r.header("Referrer-Policy"), "strict-origin-when-cross-origin");
  EXPECT_EQ(r.header("Cache-Control"), "no-cache");
  EXPECT_FALSE(r.header("ETag").empty());
  EXPECT_LT(b.size(), 60u * 1024);
}

TEST_F(SiteTest, CursorPaginationReachesEveryTournamentOnce) {
  std::set<std::string> seen;
  std::string target = "/";
  for (int page = 0; page < 5 && !target.empty(); ++page) {
    Reply r = get(target);
    ASSERT_EQ(r.r.status, 200);
    std::string b = r.body();
    std::regex link("<h3 class=\"card-title\"><a href=\"(/tournois/[^\"]+)\"");
    for (std::sregex_iterator it(b.begin(), b.end(), link), end; it != end; ++it) {
      EXPECT_TRUE(seen.insert((*it)[1].str()).second) << (*it)[1].str() << " twice";
    }
    std::smatch next;
    std::regex next_link("<a class=\"button\" href=\"([^\"]+)\" rel=\"next\"");
    target = std::regex_search(b, next, next_link) ? std::regex_replace(next[1].str(), std::regex("&amp;"), "&") : "";
  }
  EXPECT_EQ(seen.size(), 28u);
}

TEST_F(SiteTest, FiltersUseTheApiNamesAndShowWhatIsActive) {
  std::string lyon = get("/?city=lyon").body();
  EXPECT_NE(lyon.find("<strong>26 tournois</strong>"), std::string::npos);
  EXPECT_NE(lyon.find("Ville : lyon"), std::string::npos);
  EXPECT_EQ(lyon.find("PLO Night"), std::string::npos);  // La Tour-de-Salvagny
  std::string tonight = get("/?quand=ce-soir").body();
  EXPECT_NE(tonight.find("<strong>1 tournoi</strong>"), std::string::npos);
  EXPECT_NE(tonight.find("Deepstack du soir"), std::string::npos);
  EXPECT_NE(tonight.find("id=\"quand-ce-soir\" name=\"quand\" value=\"ce-soir\" checked"), std::string::npos);
  std::string tags = get("/?tags=deepstack&tags=re-entry").body();
  EXPECT_NE(tags.find("<strong>1 tournoi</strong>"), std::string::npos);
  std::string cancelled = get("/?annules=1&date_from=2026-12-06&date_to=2026-12-06").body();
  EXPECT_NE(cancelled.find("ANNULÉ"), std::string::npos);
  std::string plo = get("/?variant=PLO").body();
  EXPECT_NE(plo.find("<strong>1 tournoi</strong>"), std::string::npos);
  EXPECT_NE(plo.find("Omaha Pot Limit"), std::string::npos);
  // A wrong value: 400, said in French beside the form, the full list below.
  Reply bad = get("/?buy_in_min=beaucoup");
  EXPECT_EQ(bad.r.status, 400);
  EXPECT_NE(bad.body().find("Le filtre « buy_in_min » n&apos;a pas été compris (valeur « beaucoup »)"), std::string::npos);
  EXPECT_NE(bad.body().find("<strong>28 tournois</strong>"), std::string::npos);
  EXPECT_EQ(get("/?quand=demain-soir").r.status, 400);
}

// The form as a browser submits it: every field, empty ones included, and
// the radius select's default without a position (found by tests/e2e).
TEST_F(SiteTest, TheSubmittedFormFiltersLikeItsShortUrl) {
  std::string form = "/?city=lyon&quand=&department=&region=&date_from=&date_to=&buy_in_min=&buy_in_max=&variant=&q="
                     "&near=&radius_km=25";
  Reply r = get(form);
  EXPECT_EQ(r.r.status, 200);
  EXPECT_EQ(r.body().find("notice-error"), std::string::npos);
  EXPECT_NE(r.body().find("<strong>26 tournois</strong>"), std::string::npos);
  // A radius with a position still counts.
  Reply near = get("/?near=45.76,4.84&radius_km=5");
  EXPECT_EQ(near.r.status, 200);
  EXPECT_NE(near.body().find("Autour de moi (5 km)"), std::string::npos);
}

TEST_F(SiteTest, HostileTextIsShownLiterallyAndNeverRunsOrLinks) {
  std::int64_t id = idOf("<script>alert(1)</script> \u202Eevil");
  Reply r = get("/tournois/" + std::to_string(id) + "-script-alert-1-script-evil");
  ASSERT_EQ(r.r.status, 200) << r.body();
  std::string b = r.body();
  EXPECT_EQ(b.find("<script>alert"), std::string::npos);
  EXPECT_EQ(b.find("<img src=x"), std::string::npos);
  EXPECT_EQ(b.find("javascript:"), std::string::npos);
  EXPECT_EQ(b.find("\u202E"), std::string::npos);
  EXPECT_NE(b.find("&lt;script&gt;alert(1)&lt;/script&gt; evil"), std::string::npos);
  EXPECT_NE(b.find("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  // The JSON-LD block cannot be closed by the data, and still parses.
  std::smatch ld;
  ASSERT_TRUE(std::regex_search(b, ld, std::regex("<script type=\"application/ld\\+json\">([^<]*)</script>")));
  EXPECT_NE(ld[1].str().find("\\u003c/script\\u003e"), std::string::npos);
  json parsed = json::parse(ld[1].str());
  EXPECT_EQ(parsed["description"], "Bienvenue</script><script>alert(2)</script>\nLigne 2 & plus");
  // Exactly two <script> elements: the module and the JSON-LD.
  std::regex script("<script");
  EXPECT_EQ(std::distance(std::sregex_iterator(b.begin(), b.end(), script), std::sregex_iterator()), 2);
  // Lists escape too.
  std::string list = get("/").body();
  EXPECT_EQ(list.find("<script>alert"), std::string::npos);
  EXPECT_EQ(list.find("<img src=x"), std::string::npos);
}

// Issue 14: the detail page lists what changed, newest first, escaped.
TEST_F(SiteTest, DetailPageListsChangesEscaped) {
  Tournament t = tournament("Avant", club_, "2026-12-10T19:00:00+01:00", 2000);
  t.identity_key = "id:changing";
  ASSERT_TRUE(db_.store().upsertTournaments({t}, kNow - hours{1}));
  t.title = "<script>alert(9)</script>";
  t.start = *parseIsoInstant("2026-12-10T20:00:00+01:00");
  ASSERT_TRUE(db_.store().upsertTournaments({t}, kNow - hours{1} + std::chrono::minutes{5}));
  start();  // a fresh snapshot
  std::int64_t id = idOf("<script>alert(9)</script>");
  std::string b = get("/tournois/" + std::to_string(id) + "-script-alert-9-script").body();
  EXPECT_EQ(b.find("<script>alert(9)"), std::string::npos);
  const auto title_at = b.find("titre « Avant » → « &lt;script&gt;alert(9)&lt;/script&gt; »");
  const auto start_at = b.find("début 19\u00a0h\u00a000 → 20\u00a0h\u00a000");
  ASSERT_NE(title_at, std::string::npos) << b;
  ASSERT_NE(start_at, std::string::npos);
  EXPECT_LT(title_at, start_at) << "newest first: the title was written after the start";
  EXPECT_NE(b.find("<h2 id=\"modifications\">Modifications</h2>"), std::string::npos);
  // A tournament never changed has no such block.
  Reply plo = get("/tournois/" + std::to_string(idOf("PLO Night")) + "-plo-night");
  ASSERT_EQ(plo.r.status, 200);
  EXPECT_EQ(plo.body().find("Modifications"), std::string::npos);
}

TEST_F(SiteTest, DetailPageHasEverythingAndGoogleEventData) {
  std::int64_t id = idOf("Deepstack du soir");
  Reply moved = get("/tournois/" + std::to_string(id) + "-ancien-titre");
  EXPECT_EQ(moved.r.status, 301);
  std::string canonical = "/tournois/" + std::to_string(id) + "-deepstack-du-soir";
  EXPECT_EQ(moved.header("Location"), canonical);
  EXPECT_EQ(get("/tournois/" + std::to_string(id)).header("Location"), canonical);
  Reply r = get(canonical);
  ASSERT_EQ(r.r.status, 200);
  std::string b = r.body();
  EXPECT_NE(b.find("<link rel=\"canonical\" href=\"https://site.test" + canonical + "\">"), std::string::npos);
  EXPECT_NE(b.find("Vendredi 4 décembre 2026"), std::string::npos);
  EXPECT_NE(b.find("50\u00a0€ + 10\u00a0€"), std::string::npos);
  EXPECT_NE(b.find("href=\"/tournaments/" + std::to_string(id) + ".ics\""), std::string::npos);
  EXPECT_NE(b.find("Source : <a href=\"https://organiser.test/agenda\""), std::string::npos);
  EXPECT_NE(b.find("og:title"), std::string::npos);
  EXPECT_NE(b.find("Deepstack"), std::string::npos);
  std::smatch ld;
  ASSERT_TRUE(std::regex_search(b, ld, std::regex("<script type=\"application/ld\\+json\">([^<]*)</script>")));
  json e = json::parse(ld[1].str());
  EXPECT_EQ(e["@type"], "Event");
  EXPECT_EQ(e["name"], "Deepstack du soir");
  EXPECT_EQ(e["startDate"], "2026-12-04T20:00:00+01:00");
  EXPECT_EQ(e["eventStatus"], "https://schema.org/EventScheduled");
  EXPECT_EQ(e["eventAttendanceMode"], "https://schema.org/OfflineEventAttendanceMode");
  EXPECT_EQ(e["location"]["@type"], "Place");
  EXPECT_EQ(e["location"]["address"]["@type"], "PostalAddress");
  EXPECT_EQ(e["location"]["geo"]["@type"], "GeoCoordinates");
  EXPECT_EQ(e["offers"]["price"], "60.00");
  EXPECT_EQ(e["offers"]["priceCurrency"], "EUR");
  EXPECT_EQ(e["offers"]["url"], "https://site.test" + canonical);
  EXPECT_EQ(e["url"], "https://site.test" + canonical);
  EXPECT_EQ(e["organizer"]["name"], "Lyon Poker Club");
}

TEST_F(SiteTest, PastUnknownAndPurgedTournamentsGetFrenchPages) {
  std::int64_t old_id = idOf("Deepstack du soir");
  Reply past = get("/tournois/" + std::to_string(idOf("Hebdo 3")));
  EXPECT_EQ(past.r.status, 301);
  // A finished tournament is still there, and says so.
  TournamentFilter all;
  all.include_past = true;
  all.limit = -1;
  auto rows = db_.store().queryTournaments(all);
  ASSERT_TRUE(rows);
  std::int64_t finished = 0, max_id = 0;
  for (const auto& t : *rows) {
    if (t.title == "Vieux tournoi") finished = t.id;
    max_id = std::max(max_id, t.id);
  }
  Reply old = get("/tournois/" + std::to_string(finished) + "-vieux-tournoi");
  EXPECT_EQ(old.r.status, 200);
  EXPECT_NE(old.body().find("Ce tournoi a eu lieu"), std::string::npos);
  EXPECT_NE(old.body().find("noindex"), std::string::npos);
  Reply unknown = get("/tournois/" + std::to_string(max_id + 100) + "-x");
  EXPECT_EQ(unknown.r.status, 404);
  EXPECT_EQ(unknown.r.content_type, "text/html; charset=utf-8");
  EXPECT_NE(unknown.body().find("Page introuvable"), std::string::npos);
  ASSERT_TRUE(db_.store().purgeBefore(kNow + days{365}, false));
  ASSERT_TRUE(model_->refresh(true));
  Reply gone = get("/tournois/" + std::to_string(old_id) + "-deepstack-du-soir");
  EXPECT_EQ(gone.r.status, 404);  // nothing left to compare with: never a crash
  EXPECT_EQ(get("/tournois/abc").r.status, 404);
}

TEST_F(SiteTest, PurgedIdBelowTheHighestIsGone) {
  std::int64_t finished = 0;
  TournamentFilter all;
  all.include_past = true;
  all.limit = -1;
  auto rows = db_.store().queryTournaments(all);
  ASSERT_TRUE(rows);
  for (const auto& t : *rows) {
    if (t.title == "Vieux tournoi") finished = t.id;
  }
  ASSERT_TRUE(db_.store().purgeBefore(kNow - days{10}, false));
  ASSERT_TRUE(model_->refresh(true));
  Reply gone = get("/tournois/" + std::to_string(finished) + "-vieux-tournoi");
  EXPECT_EQ(gone.r.status, 410);
  // The highest served id is kept with the snapshot (no scan per request).
  auto snap = model_->current();
  std::int64_t highest = 0;
  for (const auto& t : snap->tournaments) highest = std::max(highest, t.id);
  EXPECT_EQ(snap->max_tournament_id, highest);
  EXPECT_EQ(get("/tournois/" + std::to_string(highest + 1)).r.status, 404);
  EXPECT_NE(gone.body().find("n&apos;est plus en ligne"), std::string::npos);
}

TEST_F(SiteTest, VenueCityAndDepartmentPages) {
  auto snap = model_->current();
  std::int64_t venue_id = 0;
  for (const auto& v : snap->venues) {
    if (v.name == "Lyon Poker Club") venue_id = v.id;
  }
  Reply moved = get("/lieux/" + std::to_string(venue_id));
  ASSERT_EQ(moved.r.status, 301);
  Reply venue = get(moved.header("Location"));
  ASSERT_EQ(venue.r.status, 200);
  EXPECT_NE(venue.body().find("webcal://site.test/tournaments.ics?venue_id=" + std::to_string(venue_id)),
            std::string::npos);
  EXPECT_NE(venue.body().find("Lyon Poker Club"), std::string::npos);
  Reply city = get("/villes/lyon");
  ASSERT_EQ(city.r.status, 200);
  EXPECT_NE(city.body().find("Tournois de poker à Lyon"), std::string::npos);
  EXPECT_NE(city.body().find("<strong>26 tournois</strong>"), std::string::npos);
  EXPECT_EQ(get("/villes/la-tour-de-salvagny").r.status, 200);
  EXPECT_EQ(get("/villes/atlantis").r.status, 404);
  Reply dep = get("/departements/74");
  ASSERT_EQ(dep.r.status, 200);
  EXPECT_NE(dep.body().find("Haute-Savoie (74)"), std::string::npos);
  EXPECT_EQ(get("/departements/99").r.status, 404);
}

TEST_F(SiteTest, SeriesPageListsTheFestivalDayByDayAndEscapesScrapedText) {
  Venue casino = venue("Casino <b>Ruhl</b>", "Nice", "06", "Alpes-Maritimes", 43.69, 7.26);
  std::vector<Tournament> fest = {
      tournament("<script>alert(1)</script> Festival - Jour 1A", casino, "2026-12-10T14:00:00+01:00", 30000),
      tournament("<script>alert(1)</script> Festival - Jour 1B", casino, "2026-12-10T20:00:00+01:00", 30000),
      tournament("<script>alert(1)</script> Festival - Side event", casino, "2026-12-11T18:00:00+01:00", 10000),
      tournament("<script>alert(1)</script> Festival - Finale", casino, "2026-12-12T14:00:00+01:00", 30000),
  };
  ASSERT_TRUE(db_.store().upsertTournaments(fest, kNow - hours{1}));
  ASSERT_TRUE(model_->refresh(true));
  auto snap = model_->current();
  // The weekly and daily tournaments of the fixture are no series.
  ASSERT_EQ(snap->series.size(), 1u);
  std::string sid = std::to_string(snap->series[0].id);
  Reply moved = get("/festivals/" + sid);
  ASSERT_EQ(moved.r.status, 301);
  std::string canonical = "/festivals/" + sid + "-script-alert-1-script-festival";
  EXPECT_EQ(moved.header("Location"), canonical);
  Reply r = get(canonical);
  ASSERT_EQ(r.r.status, 200) << r.body();
  std::string b = r.body();
  EXPECT_EQ(b.find("<script>alert"), std::string::npos);
  EXPECT_EQ(b.find("<b>Ruhl"), std::string::npos);
  EXPECT_NE(b.find("<h1>script&gt;alert(1)&lt;/script&gt; Festival</h1>"), std::string::npos);
  EXPECT_NE(b.find("Casino &lt;b&gt;Ruhl&lt;/b&gt;"), std::string::npos);
  // Day by day, through the list's partials: three days, four cards.
  for (const char* day : {"jour-2026-12-10", "jour-2026-12-11", "jour-2026-12-12"}) {
    EXPECT_NE(b.find(day), std::string::npos) << day;
  }
  std::regex card("<h3 class=\"card-title\">");
  EXPECT_EQ(std::distance(std::sregex_iterator(b.begin(), b.end(), card), std::sregex_iterator()), 4);
  EXPECT_NE(b.find("webcal://site.test/tournaments.ics?series_id=" + sid), std::string::npos);
  // Each member's page links to it; other tournaments' pages do not.
  Reply member = get("/tournois/" + std::to_string(idOf("<script>alert(1)</script> Festival - Finale")));
  Reply member_page = get(member.header("Location"));
  ASSERT_EQ(member_page.r.status, 200);
  EXPECT_NE(member_page.body().find("href=\"" + canonical + "\""), std::string::npos);
  Reply other = get("/tournois/" + std::to_string(idOf("Deepstack du soir")));
  EXPECT_EQ(get(other.header("Location")).body().find("/festivals/"), std::string::npos);
  EXPECT_NE(get("/sitemaps/pages.xml").body().find("<loc>https://site.test" + canonical + "</loc>"), std::string::npos);
  EXPECT_EQ(get("/festivals/12345-nope").r.status, 404);
  EXPECT_EQ(get("/festivals/abc").r.status, 404);
}

TEST_F(SiteTest, EveryTemplateEscapesButTheJsonLdBlock) {
  int raw_blocks = 0;
  for (const auto& f : embeddedFiles()) {
    if (f.path.rfind("templates/", 0) != 0) continue;
    std::string text{f.bytes};
    EXPECT_EQ(text.find("{{&"), std::string::npos) << f.path;
    for (auto pos = text.find("{{{"); pos != std::string::npos; pos = text.find("{{{", pos + 3)) {
      EXPECT_EQ(f.path, "templates/tournament.mustache");
      EXPECT_EQ(text.compare(pos, 15, "{{{json_ld}}}</"), 0) << f.path;
      EXPECT_EQ(text.rfind("<script type=\"application/ld+json\">", pos), pos - 35) << f.path;
      ++raw_blocks;
    }
    EXPECT_EQ(text.find("{{=", 0), std::string::npos) << f.path << ": no delimiter changes";
  }
  EXPECT_EQ(raw_blocks, 1);
}

TEST_F(SiteTest, StaticFilesAreFingerprintedAndImmutable) {
  std::string home = get("/").body();
  std::smatch css;
  ASSERT_TRUE(std::regex_search(home, css, std::regex("href=\"(/static/[0-9a-f]+/site.css)\"")));
  Reply r = get(css[1].str());
  ASSERT_EQ(r.r.status, 200);
  EXPECT_EQ(r.r.content_type, "text/css; charset=utf-8");
  EXPECT_EQ(r.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(get("/static/000000000000/site.css").r.status, 404);
  EXPECT_EQ(get(std::regex_replace(css[1].str(), std::regex("site.css"), "nothing.css")).r.status, 404);
}

TEST_F(SiteTest, ErrorsAreHtmlForBrowsersAndJsonForClients) {
  Reply page = get("/nulle-part");
  EXPECT_EQ(page.r.status, 404);
  EXPECT_EQ(page.r.content_type, "text/html; charset=utf-8");
  Reply api = get("/nulle-part", {{"accept", "application/json"}});
  EXPECT_EQ(api.r.content_type, "application/problem+json");
  Reply api_path = get("/tournaments/abc/def");
  EXPECT_EQ(api_path.r.content_type, "application/problem+json");
}

// A query value that is not UTF-8 once percent-decoded: a French 400 page
// for browsers (list pages, the form's routes), a 400 problem for clients;
// never a 500.
TEST_F(SiteTest, InvalidUtf8InTheQueryIsAFrench400) {
  for (const char* target : {"/?near=%FF,2", "/?variant=%C3", "/villes/lyon?date_from=%E9t%E9", "/?%FF=1",
                             "/departements/69?q=%ED%A0%80", "/carte?city=%FF"}) {
    Reply page = get(target);
    EXPECT_EQ(page.r.status, 400) << target;
    EXPECT_EQ(page.r.content_type, "text/html; charset=utf-8") << target;
    EXPECT_NE(page.body().find("Adresse non comprise"), std::string::npos) << target;
    EXPECT_TRUE(text::isValidUtf8(page.body())) << target;
    Reply api = get(target, {{"accept", "application/json"}});
    EXPECT_EQ(api.r.status, 400) << target;
    EXPECT_EQ(api.r.content_type, "application/problem+json") << target;
    EXPECT_EQ(json::parse(*api.r.body)["code"], "invalid_encoding") << target;
  }
  Reply map = get("/carte/lieux.json?variant=%FF", {{"accept", "application/json"}});
  EXPECT_EQ(map.r.status, 400);
  EXPECT_EQ(json::parse(*map.r.body)["parameter"], "variant");
  // A long value the filter cannot read is quoted short.
  Reply long_value = get("/?near=" + std::string(5000, '9'));
  EXPECT_EQ(long_value.r.status, 400);
  EXPECT_EQ(long_value.body().find(std::string(100, '9')), std::string::npos);
}

TEST_F(SiteTest, SitemapAndRobots) {
  std::string index = get("/sitemap.xml").body();
  EXPECT_NE(index.find("<loc>https://site.test/sitemaps/pages.xml</loc>"), std::string::npos);
  EXPECT_NE(index.find("<loc>https://site.test/sitemaps/tournois-1.xml</loc>"), std::string::npos);
  std::string pages = get("/sitemaps/pages.xml").body();
  EXPECT_NE(pages.find("https://site.test/villes/lyon</loc>"), std::string::npos);
  EXPECT_NE(pages.find("https://site.test/departements/69</loc>"), std::string::npos);
  EXPECT_NE(pages.find("https://site.test/lieux/"), std::string::npos);
  std::string part = get("/sitemaps/tournois-1.xml").body();
  EXPECT_NE(part.find("deepstack-du-soir</loc><lastmod>"), std::string::npos);
  EXPECT_EQ(part.find("vieux-tournoi"), std::string::npos);
  EXPECT_EQ(get("/sitemaps/tournois-9.xml").r.status, 404);
  EXPECT_NE(get("/robots.txt").body().find("Sitemap: https://site.test/sitemap.xml"), std::string::npos);
}

TEST_F(SiteTest, MapPageListsVenuesWithoutScriptAndItsDataFile) {
  std::string map = get("/carte").body();
  EXPECT_NE(map.find("id=\"map\""), std::string::npos);
  EXPECT_NE(map.find("Lyon Poker Club"), std::string::npos);
  Reply data = get("/carte/lieux.json?city=lyon");
  ASSERT_EQ(data.r.status, 200);
  json venues = json::parse(data.body());
  ASSERT_EQ(venues.size(), 1u);
  EXPECT_EQ(venues[0]["name"], "Lyon Poker Club");
  EXPECT_EQ(venues[0]["count"], 26);
  EXPECT_EQ(venues[0]["next"].size(), 3u);
}

TEST(SiteOptions, ABadTileUrlIsRefusedWithItsName) {
  testing::TestStore db("sqlite");
  FixedClock clock{kNow};
  readmodel::SnapshotHolder model(db.store(), clock);
  http::ResponseCache cache(1 << 20);
  SiteOptions o;
  o.map_tile_url = "javascript:alert(1)";
  auto site = Site::create(model, clock, cache, o);
  ASSERT_FALSE(site);
  EXPECT_EQ(site.error().where, "MAP_TILE_URL");
}

}  // namespace
}  // namespace pft::web
