// Catalog loading: every option read, every mistake reported with its line.

#include "pft/ingestion/catalog.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

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

// formatCatalogEntry is what `pft sources detect` prints and `pft sources
// accept` appends: whatever it writes must read back as the same source.
TEST(Catalog, FormattedEntriesReadBackTheSame) {
  const std::string yaml = R"(sources:
  - name: casino-lyon
    type: html
    url: "https://www.casino-lyon.example/agenda?saison=2026&x=#top"
    enabled: false
    organiser: "Casino « Le Lyon Vert »: jeux"
    homepage: https://www.casino-lyon.example/
    notes: "contact: M. X, 06 00 00 00 00\nrappeler en janvier"
    priority: 10
    timezone: America/Martinique
    max_pages: 3
    ignore_robots: true
    encoding: CP1252
    default_venue: {name: "Casino Le Lyon Vert", address: "200, avenue du Casino", city: La Tour-de-Salvagny, postcode: "69890"}
    item: "//table[@id='agenda']//tr[td]"
    fields:
      title: "./td[2]"
      start: {selector: time, attr: datetime}
      url: a.more@href
      buy_in: "td.prix, td.price"
      venue_name: {selector: "./td[@class='lieu']", attr: title}
    next_page: a.next@href
    follow: a.more@href
    max_follow: 7
    detail_fields: {description: "#content > p"}
  - name: club-csv
    type: csv
    url: https://club.example/t.csv
    delimiter: "\t"
    field_map: {Nom: title, "Date: début": start, "Prix d'entrée": buy_in, "true": city}
  - name: tec
    type: json
    url: https://asso.example/wp-json/tribe/events/v1/events
  - name: mapped
    type: json
    url: https://feed.example/events.json
    mode: mapping
    items: ""
    fields: {title: /name, start: /when/start}
    next: /links/next
  - name: "2026"
    type: ics
    url: https://cal.example/basic.ics
    horizon_days: 60
  - name: yes
    type: rss
    url: https://news.example/feed/
    announcements: true
)";
  auto original = parseCatalog(yaml, "catalog.yml", "/srv");
  ASSERT_TRUE(original) << original.error().describe();
  ASSERT_EQ(original->sources.size(), 6u);
  std::string rebuilt = "sources:\n";
  for (const auto& src : original->sources) rebuilt += formatCatalogEntry(src, "seen on https://x.example\nline 2");
  auto again = parseCatalog(rebuilt, "rebuilt.yml", "/srv");
  ASSERT_TRUE(again) << again.error().describe() << "\n" << rebuilt;
  ASSERT_EQ(again->sources.size(), original->sources.size());
  for (std::size_t i = 0; i < again->sources.size(); ++i) {
    const CatalogSource& a = original->sources[i];
    const CatalogSource& b = again->sources[i];
    SCOPED_TRACE(a.config.name);
    EXPECT_EQ(b.config.name, a.config.name);
    EXPECT_EQ(b.config.type, a.config.type);
    EXPECT_EQ(b.config.url, a.config.url);
    EXPECT_EQ(b.config.enabled, a.config.enabled);
    EXPECT_EQ(b.config.priority, a.config.priority);
    EXPECT_EQ(b.config.timezone, a.config.timezone);
    EXPECT_EQ(b.config.max_pages, a.config.max_pages);
    EXPECT_EQ(b.config.ignore_robots, a.config.ignore_robots);
    EXPECT_EQ(b.config.encoding, a.config.encoding);
    EXPECT_EQ(b.organiser, a.organiser);
    EXPECT_EQ(b.homepage, a.homepage);
    EXPECT_EQ(b.notes, a.notes);
    EXPECT_EQ(b.config.default_venue.name, a.config.default_venue.name);
    EXPECT_EQ(b.config.default_venue.address, a.config.default_venue.address);
    EXPECT_EQ(b.config.default_venue.city, a.config.default_venue.city);
    EXPECT_EQ(b.config.default_venue.postcode, a.config.default_venue.postcode);
    EXPECT_EQ(b.config.html.item, a.config.html.item);
    ASSERT_EQ(b.config.html.fields.size(), a.config.html.fields.size());
    for (const auto& [k, sel] : a.config.html.fields) {
      EXPECT_EQ(b.config.html.fields.at(k).selector, sel.selector) << k;
      EXPECT_EQ(b.config.html.fields.at(k).attr, sel.attr) << k;
    }
    EXPECT_EQ(b.config.html.next_page.selector, a.config.html.next_page.selector);
    EXPECT_EQ(b.config.html.follow.attr, a.config.html.follow.attr);
    EXPECT_EQ(b.config.html.max_follow, a.config.html.max_follow);
    EXPECT_EQ(b.config.html.detail_fields.size(), a.config.html.detail_fields.size());
    EXPECT_EQ(b.config.csv.field_map, a.config.csv.field_map);
    EXPECT_EQ(b.config.csv.delimiter, a.config.csv.delimiter);
    EXPECT_EQ(b.config.json.mode, a.config.json.mode);
    EXPECT_EQ(b.config.json.items, a.config.json.items);
    EXPECT_EQ(b.config.json.fields, a.config.json.fields);
    EXPECT_EQ(b.config.json.next, a.config.json.next);
    EXPECT_EQ(b.config.ics.horizon_days, a.config.ics.horizon_days);
    EXPECT_EQ(b.config.rss.announcements, a.config.rss.announcements);
  }
  EXPECT_TRUE(again->sources[5].config.rss.announcements);
  EXPECT_NE(rebuilt.find("  # seen on https://x.example\n  # line 2\n  - name: casino-lyon"), std::string::npos)
      << rebuilt;
}

TEST(Catalog, AppendingKeepsEveryLineAndChecksTheResult) {
  const std::string catalog = "# Production catalog\nsources:\n  # the first one\n  - name: a\n    type: rss\n"
                              "    url: https://a.example/feed/   # seen on a.example\n";
  CatalogSource b;
  b.config.name = "b";
  b.config.type = SourceType::kRss;
  b.config.url = "https://b.example/feed/";
  b.config.enabled = false;
  auto appended = appendCatalogEntry(catalog, formatCatalogEntry(b, "proposed by submission #3"), "c.yml", "/srv");
  ASSERT_TRUE(appended) << appended.error().describe();
  EXPECT_EQ(appended->substr(0, catalog.size()), catalog) << "every existing line and comment kept";
  auto parsed = parseCatalog(*appended, "c.yml", "/srv");
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->sources.size(), 2u);
  EXPECT_EQ(parsed->sources[1].config.name, "b");
  EXPECT_FALSE(parsed->sources[1].config.enabled);

  // A second "a" would break the catalog: refused, nothing returned.
  CatalogSource dup = b;
  dup.config.name = "a";
  auto refused = appendCatalogEntry(catalog, formatCatalogEntry(dup), "c.yml", "/srv");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("duplicate name"), std::string::npos) << refused.error().message;

  // The file form writes atomically and only a valid catalog.
  const fs::path dir = fs::temp_directory_path() / ("pft_catalog_append_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / "catalog.yml";
  std::ofstream(file) << catalog.substr(0, catalog.size() - 1);  // no final newline
  ASSERT_TRUE(appendCatalogEntryToFile(file.string(), formatCatalogEntry(b)));
  auto loaded = loadCatalog(file.string());
  ASSERT_TRUE(loaded) << loaded.error().describe();
  EXPECT_EQ(loaded->sources.size(), 2u);
  auto again = appendCatalogEntryToFile(file.string(), formatCatalogEntry(b));
  ASSERT_FALSE(again);
  auto still = loadCatalog(file.string());
  ASSERT_TRUE(still);
  EXPECT_EQ(still->sources.size(), 2u) << "a refused append leaves the file as it was";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace pft::ingestion
