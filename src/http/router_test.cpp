// The router without the transport: handle() is called directly and the
// response captured (every responder in these tests answers synchronously).

#include "pft/http/router.hpp"


#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <stdexcept>

#include "pft/http/problem.hpp"

namespace pft::http {
namespace {

Request get(std::string path, std::string query = {}, std::vector<std::pair<std::string, std::string>> headers = {}) {
  Request r;
  r.method = "GET";
  r.path = std::move(path);
  r.query = std::move(query);
  r.headers = std::move(headers);
  return r;
}

Response call(Router& router, Request req) {
  Response out;
  bool answered = false;
  router.handle(std::move(req), [&](Response r) {
    out = std::move(r);
    answered = true;
  });
  EXPECT_TRUE(answered);
  return out;
}

std::string header(const Response& r, const std::string& name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return {};
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() : router_({"*", false}, cache_) {
    router_.add({
        {"GET", "/things", [this](const Request&, const PathParams&) {
           ++calls_;
           auto c = std::make_shared<CachedResponse>();
           c->content_type = "application/json";
           c->etag = "\"t1\"";
           c->body = makeBody(std::string(300, 'x'));
           Response r = serveCached(*c, Request{});
           r.reusable = c;
           return r;
         },
         nullptr},
        {"GET", "/things/{id}", [](const Request&, const PathParams& p) {
           Response r;
           r.body = makeBody("id=" + p.at("id"));
           return r;
         },
         nullptr},
        {"GET", "/things/{id}.ics", [](const Request&, const PathParams& p) {
           Response r;
           r.body = makeBody("ics=" + p.at("id"));
           return r;
         },
         nullptr},
        {"GET", "/files/{version}/{path...}",
         [](const Request&, const PathParams& p) {
           Response r;
           r.body = makeBody(p.at("version") + ":" + p.at("path"));
           return r;
         },
         nullptr},
        {"GET", "/boom", [](const Request&, const PathParams&) -> Response { throw std::runtime_error("boom"); }, nullptr},
        {"POST", "/private", [](const Request&, const PathParams&) { return Response{}; }, nullptr, false},
        {"GET", "/later", nullptr,
         [](const Request&, const PathParams&, Responder respond) {
           Response r;
           r.status = 202;
           respond(std::move(r));
         }},
    });
  }

  ResponseCache cache_{1 << 20};
  Router router_;
  int calls_ = 0;
};

TEST_F(RouterTest, MatchesParametersAndSuffixes) {
  EXPECT_EQ(*call(router_, get("/things/42")).body, "id=42");
  EXPECT_EQ(*call(router_, get("/things/42.ics")).body, "ics=42");
  EXPECT_EQ(*call(router_, get("/things/42/")).body, "id=42");
  EXPECT_EQ(*call(router_, get("/files/v1/a/b/c.css")).body, "v1:a/b/c.css");
  EXPECT_EQ(*call(router_, get("/files/v1/x.png")).body, "v1:x.png");
  EXPECT_EQ(call(router_, get("/files/v1")).status, 404);
  EXPECT_EQ(call(router_, get("/files/v1/../secret")).status, 404);
  Response r = call(router_, get("/things/42/extra"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/problem+json");
  EXPECT_EQ(r.route, "unmatched");
}

TEST_F(RouterTest, OptionsAndWrongMethodsListWhatIsAllowed) {
  Request opt = get("/private");
  opt.method = "OPTIONS";
  Response o = call(router_, opt);
  EXPECT_EQ(o.status, 204);
  EXPECT_EQ(header(o, "Allow"), "POST, OPTIONS");
  EXPECT_EQ(header(o, "Access-Control-Allow-Origin"), "");  // a non-CORS route
  Response bad = call(router_, get("/private"));
  EXPECT_EQ(bad.status, 405);
  EXPECT_EQ(nlohmann::json::parse(*bad.body)["code"], "method_not_allowed");
}

TEST_F(RouterTest, HeadIsGetWithoutBodyAndCorsIsAdded) {
  Request head = get("/things/1");
  head.method = "HEAD";
  Response h = call(router_, head);
  EXPECT_TRUE(h.head_only);
  EXPECT_EQ(header(h, "Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(h.route, "/things/{id}");
}

TEST_F(RouterTest, ExceptionsBecomeA500WithARequestId) {
  Response r = call(router_, get("/boom"));
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(nlohmann::json::parse(*r.body)["detail"].get<std::string>().find("req-"), std::string::npos);
  router_.setInternalError([](const Request&, const std::string& id) {
    Response page;
    page.status = 500;
    page.content_type = "text/html; charset=utf-8";
    page.body = makeBody("<p>" + id + "</p>");
    return page;
  });
  EXPECT_EQ(call(router_, get("/boom")).content_type, "text/html; charset=utf-8");
  EXPECT_EQ(call(router_, get("/later")).status, 202);
}

TEST_F(RouterTest, RawTargetCacheAnswersUntilTheScopeMoves) {
  CacheScope scope{1, 0};
  router_.setCacheScope([&] { return scope; });
  call(router_, get("/things", "a=1"));
  call(router_, get("/things", "a=1"));
  EXPECT_EQ(calls_, 1);
  call(router_, get("/things", "a=2"));
  EXPECT_EQ(calls_, 2);
  scope.epoch = 1;  // a served tournament finished
  call(router_, get("/things", "a=1"));
  EXPECT_EQ(calls_, 3);
  scope.generation = 2;  // new data
  Response r = call(router_, get("/things", "a=1"));
  EXPECT_EQ(calls_, 4);
  EXPECT_EQ(r.route, "/things");
  EXPECT_EQ(r.status, 200);
}

TEST(Cache, ConditionalGetAndGzip) {
  CachedResponse c;
  c.etag = "\"abc\"";
  c.content_type = "text/plain";
  c.body = makeBody(std::string(1000, 'a'));
  Request req = get("/");
  EXPECT_EQ(serveCached(c, req).status, 200);
  req.headers = {{"if-none-match", "W/\"abc\""}};
  Response not_modified = serveCached(c, req);
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_EQ(not_modified.body, nullptr);
  req.headers = {{"accept-encoding", "br, gzip;q=0.5"}};
  Response z = serveCached(c, req);
  EXPECT_EQ(header(z, "Content-Encoding"), "gzip");
  EXPECT_EQ(header(z, "ETag"), "\"abc-gz\"");
  EXPECT_LT(z.body->size(), 100u);
  req.headers = {{"accept-encoding", "gzip;q=0"}};
  EXPECT_EQ(header(serveCached(c, req), "Content-Encoding"), "");
}

TEST(Cache, GenerationsReplaceEachOther) {
  ResponseCache cache(1 << 20);
  auto v = std::make_shared<CachedResponse>();
  cache.put(1, "k", v);
  EXPECT_EQ(cache.find(1, "k"), v);
  EXPECT_EQ(cache.find(2, "k"), nullptr);
  cache.put(2, "j", v);
  EXPECT_EQ(cache.find(1, "k"), nullptr);
  cache.put(1, "old", v);  // rendered from a replaced snapshot: dropped
  EXPECT_EQ(cache.find(2, "old"), nullptr);
  EXPECT_EQ(cache.find(2, "j"), v);
}

TEST(AcceptsHtml, BrowsersYesApiClientsNo) {
  EXPECT_TRUE(acceptsHtml("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
  EXPECT_FALSE(acceptsHtml("application/json"));
  EXPECT_FALSE(acceptsHtml("application/json, text/html"));
  EXPECT_FALSE(acceptsHtml("*/*"));
  EXPECT_FALSE(acceptsHtml(std::nullopt));
}

// One path, two modules: the API's JSON and the site's page. Accept picks,
// the answer says so (Vary: Accept), and neither is served to the other
// from the raw-target cache.
TEST(RouterNegotiation, AcceptPicksTheHtmlTwinOrTheJson) {
  ResponseCache cache(1 << 20);
  Router router({"*", false}, cache);
  router.setCacheScope([] { return CacheScope{1, 0, 0}; });
  int json_calls = 0;
  int html_calls = 0;
  auto reusable = [](std::string type, std::string body) {
    auto c = std::make_shared<CachedResponse>();
    c->content_type = std::move(type);
    c->etag = "\"" + body + "\"";
    c->body = makeBody(std::move(body));
    Response r = serveCached(*c, Request{});
    r.reusable = c;
    return r;
  };
  Route json{"GET", "/sources", [&](const Request&, const PathParams&) {
               ++json_calls;
               return reusable("application/json", "[]");
             },
             nullptr};
  Route page{"GET", "/sources", [&](const Request&, const PathParams&) {
               ++html_calls;
               return reusable("text/html; charset=utf-8", "<p>page</p>");
             },
             nullptr, false, true};
  router.add({json});
  router.add({page});
  const std::vector<std::pair<std::string, std::string>> browser = {{"accept", "text/html,application/xhtml+xml"}};
  for (int round = 0; round < 2; ++round) {
    Response a = call(router, get("/sources", "", browser));
    EXPECT_EQ(*a.body, "<p>page</p>");
    EXPECT_EQ(header(a, "Vary"), "Accept-Encoding, Accept");
    Response b = call(router, get("/sources"));
    EXPECT_EQ(*b.body, "[]");
    EXPECT_EQ(header(b, "Vary"), "Accept-Encoding, Accept");
    EXPECT_EQ(header(b, "Access-Control-Allow-Origin"), "*") << "the JSON keeps CORS";
    Response c = call(router, get("/sources", "", {{"accept", "application/json"}}));
    EXPECT_EQ(*c.body, "[]");
  }
  EXPECT_EQ(html_calls, 2) << "never answered from the raw-target cache";
  EXPECT_EQ(json_calls, 4);
}

}  // namespace
}  // namespace pft::http
