#include "pft/normalize/gazetteer.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "parse_tokens.hpp"
#include "pft/core/text.hpp"
#include "pft/normalize/venue.hpp"
#include "test_gazetteer.hpp"

namespace pft::normalize {
namespace {

const Gazetteer& gazetteer() { return testing::bundledGazetteer(); }

std::vector<std::vector<std::string>> readTable(const std::string& name) {
  std::ifstream in(std::string(PFT_SOURCE_DIR) + "/tests/data/normalize/" + name);
  EXPECT_TRUE(in) << name;
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string f;
    while (std::getline(ss, f, '\t')) fields.push_back(f == "-" ? std::string() : f);
    rows.push_back(fields);
  }
  return rows;
}

TEST(Gazetteer, LoadsEveryCommuneWithDepartmentsAndRegions) {
  EXPECT_GT(gazetteer().size(), 35000u);
  auto paris = gazetteer().lookup("Paris");
  ASSERT_TRUE(paris);
  EXPECT_EQ(paris->insee, "75056");
  EXPECT_EQ(paris->department, "Paris");
  EXPECT_EQ(paris->region, "Île-de-France");
  ASSERT_TRUE(paris->latitude);
  EXPECT_NEAR(*paris->latitude, 48.85, 0.05);
  EXPECT_NEAR(*paris->longitude, 2.35, 0.05);
}

// The loader folds names with the parsers' fast fold: it must equal
// text::foldKey on every name of the file.
TEST(Gazetteer, FastFoldAgreesWithFoldKeyOnEveryName) {
  std::ifstream in(std::string(PFT_SOURCE_DIR) + "/data/gazetteer/communes.tsv");
  ASSERT_TRUE(in);
  std::string line;
  int names = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t a = line.find('\t');
    size_t b = line.find('\t', a + 1);
    size_t c = line.find('\t', b + 1);
    ASSERT_NE(c, std::string::npos) << line;
    std::string name = line.substr(b + 1, c - b - 1);
    ASSERT_EQ(detail::foldKeyText(name), text::foldKey(name)) << name;
    ++names;
  }
  EXPECT_GT(names, 35000);
}

TEST(Gazetteer, MissingDirectoryIsAnIoError) {
  auto g = Gazetteer::load("/nonexistent/gazetteer");
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().code, ErrorCode::kIo);
  EXPECT_NE(g.error().where.find("departements.tsv"), std::string::npos);
}

TEST(Gazetteer, LookupTable) {
  auto rows = readTable("gazetteer_lookup.tsv");
  ASSERT_GT(rows.size(), 20u);
  for (const auto& r : rows) {
    ASSERT_GE(r.size(), 6u);
    SCOPED_TRACE(r[0] + " / " + r[1] + " (" + r[5] + ")");
    auto c = gazetteer().lookup(r[0], r[1]);
    if (r[2] == "!") {
      EXPECT_FALSE(c) << c->city;
      continue;
    }
    ASSERT_TRUE(c);
    EXPECT_EQ(c->city, r[2]);
    EXPECT_EQ(c->postcode, r[3]);
    EXPECT_EQ(c->department_code, r[4]);
    EXPECT_FALSE(c->department.empty());
    EXPECT_FALSE(c->region.empty());
  }
}

TEST(Gazetteer, FindInTextTable) {
  auto rows = readTable("gazetteer_in_text.tsv");
  ASSERT_GT(rows.size(), 5u);
  for (const auto& r : rows) {
    ASSERT_GE(r.size(), 4u);
    SCOPED_TRACE(r[0] + " (" + r[3] + ")");
    auto c = gazetteer().findInText(r[0]);
    if (r[1] == "!") {
      EXPECT_FALSE(c) << c->city;
      continue;
    }
    ASSERT_TRUE(c);
    EXPECT_EQ(c->city, r[1]);
    EXPECT_EQ(c->postcode, r[2]);
  }
}

// casinos.tsv is written by hand: every line must name a commune, or the
// load says which line does not.
TEST(Gazetteer, CasinoTownsMustNameCommunes) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("pft-gazetteer-casinos-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path source = std::string(PFT_SOURCE_DIR) + "/data/gazetteer";
  fs::copy_file(source / "communes.tsv", dir / "communes.tsv", fs::copy_options::overwrite_existing);
  fs::copy_file(source / "departements.tsv", dir / "departements.tsv", fs::copy_options::overwrite_existing);
  {
    auto without = Gazetteer::load(dir.string());
    ASSERT_TRUE(without) << without.error().describe();
    // Without the casino towns, "Forges" is the largest commune so named or
    // whose name starts so (Forges-les-Bains, Essonne).
    EXPECT_EQ(without->lookup("Forges")->city, "Forges-les-Bains");
  }
  {
    std::ofstream bad(dir / "casinos.tsv");
    bad << "# comment\n76\tForges-les-Eaux\n76\tForges-les-Bains\n";
  }
  auto broken = Gazetteer::load(dir.string());
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code, ErrorCode::kParse);
  EXPECT_NE(broken.error().where.find("casinos.tsv:3"), std::string::npos) << broken.error().where;
  fs::remove_all(dir);
  EXPECT_EQ(gazetteer().lookup("Forges")->city, "Forges-les-Eaux") << "with the bundled casinos.tsv";
}

TEST(Gazetteer, ArrondissementHasItsOwnCentre) {
  auto p8 = gazetteer().lookup("Paris 8e");
  auto p20 = gazetteer().lookup("75020 Paris");
  ASSERT_TRUE(p8 && p20 && p8->latitude && p20->latitude);
  EXPECT_NE(*p8->longitude, *p20->longitude);
  EXPECT_GT(*p20->longitude, *p8->longitude);  // the 20th is east of the 8th
}

TEST(Gazetteer, ExpandSaints) {
  EXPECT_EQ(expandSaints("st amand les eaux"), "saint amand les eaux");
  EXPECT_EQ(expandSaints("ste maxime"), "sainte maxime");
  EXPECT_EQ(expandSaints("stella plage"), "stella plage");
}

TEST(VenueKey, SameVenueWrittenTwoWaysInTheSameCity) {
  EXPECT_EQ(venueKey("Casino Barrière de Deauville", "Deauville"), venueKey("Barrière Deauville", "Deauville"));
  EXPECT_EQ(venueKey("CASINO BARRIERE DEAUVILLE", "Deauville"), venueKey("Barrière Deauville", "DEAUVILLE"));
  EXPECT_EQ(venueKey("Le Cercle Clichy Montmartre", "Paris"), venueKey("Clichy Montmartre", "Paris"));
}

TEST(VenueKey, DifferentVenuesOrCitiesStayApart) {
  EXPECT_NE(venueKey("Casino Barrière de Deauville", "Deauville"), venueKey("Casino Barrière", "Trouville-sur-Mer"));
  EXPECT_NE(venueKey("Barrière Deauville", "Deauville"), venueKey("Partouche Deauville", "Deauville"));
  // A name made only of generic words keeps them rather than matching any venue.
  EXPECT_NE(venueKey("Casino de Deauville", "Deauville"), venueKey("Barrière Deauville", "Deauville"));
}

TEST(ResolveVenue, CityFromTheVenueNameWhenTheCityFieldIsEmpty) {
  RawEvent raw;
  raw.venue_name = "Casino de Forges-les-Eaux";
  auto r = resolveVenue(raw, gazetteer());
  ASSERT_TRUE(r.commune);
  EXPECT_EQ(r.venue.city, "Forges-les-Eaux");
  EXPECT_EQ(r.venue.postcode, "76440");
  EXPECT_EQ(r.venue.department, "Seine-Maritime");
  EXPECT_EQ(r.venue.department_code, "76");
  EXPECT_EQ(r.venue.region, "Normandie");
  EXPECT_EQ(r.venue.name, "Casino de Forges-les-Eaux");
}

TEST(ResolveVenue, CityFieldNormalisedAndCoordinatesKept) {
  RawEvent raw;
  raw.venue_name = "Cercle &amp; Club";
  raw.city = "PARIS 8E";
  raw.latitude = 48.87;
  raw.longitude = 2.31;
  auto r = resolveVenue(raw, gazetteer());
  EXPECT_EQ(r.venue.name, "Cercle & Club");
  EXPECT_EQ(r.venue.city, "Paris");
  EXPECT_EQ(r.venue.postcode, "75008");
  EXPECT_EQ(r.venue.geocode_source, "source");
  EXPECT_DOUBLE_EQ(*r.venue.latitude, 48.87);
}

TEST(ResolveVenue, UnknownCityKeptAsWritten) {
  RawEvent raw;
  raw.venue_name = "Club X";
  raw.city = "Atlantis";
  auto r = resolveVenue(raw, gazetteer());
  EXPECT_FALSE(r.commune);
  EXPECT_EQ(r.venue.city, "Atlantis");
  EXPECT_TRUE(r.venue.department.empty());
}

}  // namespace
}  // namespace pft::normalize
