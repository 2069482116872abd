// Catalog loading: every option read, every mistake reported with its line.

#include "pft/ingestion/catalog.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace pft::ingestion {
namespace {

namespace fs = std::filesystem;

const fs::path kDataDir = fs::path(PFT_SOURCE_DIR) / "tests/data/ingestion/runner/catalogs";

// Each bad_*.yml starts with "# expect: <line>: <message>".
TEST(Catalog, EveryBadCatalogIsRejectedWithItsLineAndMessage) {
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(kDataDir)) {
    const std::string file = entry.path().filename().string();
    if (file.rfind("bad_", 0) != 0) continue;
    std::ifstream in(entry.path());
    std::string first;
    std::getline(in, first);
    ASSERT_EQ(first.rfind("# expect: ", 0), 0u) << file;
    const std::string expect = first.substr(10);
    const auto colon = expect.find(": ");
    const std::string line = expect.substr(0, colon);
    const std::string message = expect.substr(colon + 2);

    auto catalog = loadCatalog(entry.path().string());
    ASSERT_FALSE(catalog.has_value()) << file;
    EXPECT_EQ(catalog.error().code, ErrorCode::kInvalidConfig) << file;
    EXPECT_EQ(catalog.error().where, entry.path().string() + ":" + line) << file;
    EXPECT_EQ(catalog.error().message, message) << file;
    ++checked;
  }
  EXPECT_GE(checked, 14);
}

TEST(Catalog, ReadsEveryOption) {
  const std::string yaml = R"(sources:
  - name: casino-lyon
    type: html
    url: https://www.casino-lyon.example/agenda
    enabled: false
    priority: 10
    timezone: Europe/Paris
    max_pages: 3
    ignore_robots: true
    encoding: CP1252
    default_venue: {name: Casino Le Lyon Vert, address: 200 avenue du Casino, city: La Tour-de-Salvagny, postcode: "69890"}
    item: .event-item
    fields:
      title: .event-title
      start: {selector: time, attr: datetime}
      url: a.more@href
    next_page: a.next@href
    follow: a.more@href
    max_follow: 7
    detail_fields: {description: .content}
  - name: club-csv
    type: csv
    url: data/club.csv
    delimiter: ";"
    field_map: {Nom: title, Date: start, "Prix d'entrée": buy_in}
  - name: tec
    type: json
    url: https://asso.example/wp-json/tribe/events/v1/events
  - name: mapped
    type: json
    url: https://feed.example/events.json
    mode: mapping
    items: /data/events
    fields: {title: /name, start: /when/start, city: /place/city}
    next: /links/next
  - name: weekly
    type: ics
    url: file://calendars/club.ics
    horizon_days: 60
    demo_dates: true
)";
  auto catalog = parseCatalog(yaml, "catalog.yml", "/srv/pft/sources");
  ASSERT_TRUE(catalog.has_value()) << catalog.error().describe();
  ASSERT_EQ(catalog->sources.size(), 5u);

  const auto& lyon = catalog->sources[0];
  EXPECT_EQ(lyon.line, 2);
  EXPECT_EQ(lyon.config.name, "casino-lyon");
  EXPECT_EQ(lyon.config.type, SourceType::kHtml);
  EXPECT_FALSE(lyon.config.enabled);
  EXPECT_EQ(lyon.config.priority, 10);
  EXPECT_EQ(lyon.config.max_pages, 3);
  EXPECT_TRUE(lyon.config.ignore_robots);
  EXPECT_EQ(lyon.config.encoding, "windows-1252");
  EXPECT_EQ(lyon.config.default_venue.name, "Casino Le Lyon Vert");
  EXPECT_EQ(lyon.config.default_venue.postcode, "69890");
  EXPECT_EQ(lyon.config.html.item, ".event-item");
  EXPECT_EQ(lyon.config.html.fields.at("title").selector, ".event-title");
  EXPECT_EQ(lyon.config.html.fields.at("start").selector, "time");
  EXPECT_EQ(lyon.config.html.fields.at("start").attr, "datetime");
  EXPECT_EQ(lyon.config.html.fields.at("url").selector, "a.more");
  EXPECT_EQ(lyon.config.html.fields.at("url").attr, "href");
  EXPECT_EQ(lyon.config.html.next_page.attr, "href");
  EXPECT_EQ(lyon.config.html.follow.selector, "a.more");
  EXPECT_EQ(lyon.config.html.max_follow, 7);
  EXPECT_EQ(lyon.config.html.detail_fields.at("description").selector, ".content");
  EXPECT_FALSE(lyon.demo_dates);

  const auto& csv = catalog->sources[1];
  EXPECT_EQ(csv.config.url, "file:///srv/pft/sources/data/club.csv");
  EXPECT_EQ(csv.config.csv.delimiter, ';');
  EXPECT_EQ(csv.config.csv.field_map.at("Prix d'entrée"), "buy_in");
  EXPECT_TRUE(csv.config.enabled);

  EXPECT_EQ(catalog->sources[2].config.json.mode, JsonMode::kTec);
  const auto& mapped = catalog->sources[3].config.json;
  EXPECT_EQ(mapped.mode, JsonMode::kMapping);
  EXPECT_EQ(mapped.items, "/data/events");
  EXPECT_EQ(mapped.fields.at("city"), "/place/city");
  EXPECT_EQ(mapped.next, "/links/next");

  const auto& weekly = catalog->sources[4];
  EXPECT_EQ(weekly.config.url, "file:///srv/pft/sources/calendars/club.ics");
  EXPECT_EQ(weekly.config.ics.horizon_days, 60);
  EXPECT_TRUE(weekly.demo_dates);
}

TEST(Catalog, RelativePathsResolveAgainstTheCatalogFolder) {
  const fs::path dir = fs::temp_directory_path() / "pft_catalog_rel";
  fs::create_directories(dir / "sub");
  {
    std::ofstream(dir / "sub" / "cat.yml") << "sources:\n"
                                               "  - {name: a, type: rss, url: demo/feed.xml}\n"
                                               "  - {name: b, type: rss, url: 'file://../x y.xml'}\n"
                                               "  - {name: c, type: rss, url: 'file:///abs/z.xml'}\n";
  }
  auto catalog = loadCatalog((dir / "sub" / "cat.yml").string());
  ASSERT_TRUE(catalog.has_value()) << catalog.error().describe();
  EXPECT_EQ(catalog->sources[0].config.url, "file://" + (dir / "sub/demo/feed.xml").string());
  EXPECT_EQ(catalog->sources[1].config.url, "file://" + (dir / "x%20y.xml").string());
  EXPECT_EQ(catalog->sources[2].config.url, "file:///abs/z.xml");
  fs::remove_all(dir);
}

TEST(Catalog, MissingFileIsNotFound) {
  auto catalog = loadCatalog("/nonexistent/catalog.yml");
  ASSERT_FALSE(catalog.has_value());
  EXPECT_EQ(catalog.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(catalog.error().where, "/nonexistent/catalog.yml");
}

TEST(Catalog, TheShippedCatalogsLoad) {
  for (const char* name : {"sources/catalog.yml", "sources/demo.yml"}) {
    auto catalog = loadCatalog((fs::path(PFT_SOURCE_DIR) / name).string());
    ASSERT_TRUE(catalog.has_value()) << name << ": " << catalog.error().describe();
    EXPECT_FALSE(catalog->sources.empty()) << name;
  }
}

}  // namespace
}  // namespace pft::ingestion
