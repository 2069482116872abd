#include "pft/normalize/venue.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "parse_test_tsv.hpp"
#include "pft/normalize/gazetteer.hpp"
#include "test_gazetteer.hpp"

namespace pft::normalize {
namespace {

const Gazetteer& gazetteer() { return testing::bundledGazetteer(); }

TEST(ResolveVenue, OneFieldLocationTable) {
  const auto rows = testing::readTable("venue_location.tsv");
  ASSERT_GE(rows.size(), 20u);
  for (const auto& row : rows) {
    SCOPED_TRACE("venue_location.tsv:" + std::to_string(row.line) + " " + row.at(0) + " (" + row.at(6) + ")");
    RawEvent raw;
    raw.venue_name = row.at(0);
    auto v = resolveVenue(raw, gazetteer()).venue;
    EXPECT_EQ(v.name, row.at(1));
    EXPECT_EQ(v.address, row.at(2));
    EXPECT_EQ(v.postcode, row.at(3));
    EXPECT_EQ(v.city, row.at(4));
    EXPECT_EQ(v.department_code, row.at(5));
  }
}

// Usage names of towns, the hints that choose among homonyms, and the rule
// for a club name alone (tests/data/normalize/cities_usage.tsv).
TEST(ResolveVenue, CitiesAsTheStateNamesThem) {
  const auto rows = testing::readTable("cities_usage.tsv");
  ASSERT_GE(rows.size(), 60u);
  auto cell = [](const std::string& s) { return s == "-" ? std::string() : s; };
  for (const auto& row : rows) {
    SCOPED_TRACE("cities_usage.tsv:" + std::to_string(row.line) + " " + row.at(0) + " | " + row.at(2) + " (" +
                 row.at(7) + ")");
    RawEvent raw;
    raw.city = cell(row.at(0));
    raw.postcode = cell(row.at(1));
    raw.venue_name = cell(row.at(2));
    raw.address = cell(row.at(3));
    const ResolvedVenue r = resolveVenue(raw, gazetteer());
    EXPECT_EQ(cell(row.at(4)), r.venue.city);
    EXPECT_EQ(cell(row.at(5)), r.venue.department_code);
    EXPECT_EQ(cell(row.at(6)), r.venue.region);
    EXPECT_EQ(r.commune.has_value(), !cell(row.at(5)).empty());
  }
}

TEST(ResolveVenue, ClubNameTownMustAgreeWithTheCoordinates) {
  RawEvent raw;
  raw.venue_name = "Poker Club de Deauville";
  raw.latitude = 49.36;  // Deauville
  raw.longitude = 0.07;
  auto near = resolveVenue(raw, gazetteer());
  ASSERT_TRUE(near.commune);
  EXPECT_EQ(near.venue.city, "Deauville");
  raw.latitude = 48.85;  // Paris: the club is not where its name says
  raw.longitude = 2.35;
  auto far = resolveVenue(raw, gazetteer());
  EXPECT_FALSE(far.commune);
  EXPECT_EQ(far.venue.city, "");
  EXPECT_EQ(far.venue.geocode_source, "source");
}

TEST(ResolveVenue, OneFieldLocationIsNotSplitWhenAnotherFieldIsGiven) {
  RawEvent raw;
  raw.venue_name = "Lyon Poker Club, 12 rue de la Charité, 69002 Lyon";
  raw.city = "Villeurbanne";
  auto v = resolveVenue(raw, gazetteer()).venue;
  EXPECT_EQ(v.name, raw.venue_name);
  EXPECT_EQ(v.address, "");
  EXPECT_EQ(v.city, "Villeurbanne");
}

TEST(SplitLocation, SinglePartOrNothingRecognisedIsNullopt) {
  EXPECT_FALSE(splitLocation("Lyon", gazetteer()));
  EXPECT_FALSE(splitLocation("Lyon Poker Club 12 rue de la Charité 69002 Lyon", gazetteer()));
  EXPECT_FALSE(splitLocation("Poker Club, Salle B", gazetteer()));
  EXPECT_FALSE(splitLocation(", ,", gazetteer()));
  auto p = splitLocation("Lyon Poker Club, 12 rue de la Charité, 69002 Lyon", gazetteer());
  ASSERT_TRUE(p);
  EXPECT_EQ(p->name, "Lyon Poker Club");
  EXPECT_EQ(p->address, "12 rue de la Charité");
  EXPECT_EQ(p->postcode, "69002");
  EXPECT_EQ(p->city, "Lyon");
}

TEST(ResolveVenue, PostcodeReadFromTheAddressWhenTheCityFieldHasNone) {
  RawEvent raw;
  raw.venue_name = "Club Barrière Paris";
  raw.address = "104 avenue des Champs-Élysées, 75008 Paris";
  raw.city = "Paris";
  auto v = resolveVenue(raw, gazetteer()).venue;
  EXPECT_EQ(v.city, "Paris");
  EXPECT_EQ(v.postcode, "75008");
  EXPECT_EQ(v.address, raw.address);
  // Homonyms: the address's postcode picks the commune.
  raw.venue_name = "Club";
  raw.address = "1 rue de Paris, 97400 Saint-Denis";
  raw.city = "Saint-Denis";
  v = resolveVenue(raw, gazetteer()).venue;
  EXPECT_EQ(v.department_code, "974");
  EXPECT_EQ(v.postcode, "97400");
  // A postcode of another commune is not taken.
  raw.address = "BP 75008, rue X";
  raw.city = "Lyon";
  v = resolveVenue(raw, gazetteer()).venue;
  EXPECT_EQ(v.city, "Lyon");
  EXPECT_EQ(v.postcode, "");
}

// Every word of the input is somewhere in the output: splitting never loses text.
TEST(SplitLocation, NeverLosesText) {
  const auto rows = testing::readTable("venue_location.tsv");
  for (const auto& row : rows) {
    auto p = splitLocation(row.at(0), gazetteer());
    if (!p) continue;
    std::string all = p->name + " " + p->address + " " + p->postcode + " " + p->city;
    std::string in = row.at(0);
    for (size_t i = 0; i < in.size();) {
      size_t j = in.find_first_of(" ,;\n", i);
      if (j == std::string::npos) j = in.size();
      std::string word = in.substr(i, j - i);
      if (!word.empty() && word != "France" && word.find('&') == std::string::npos) {
        EXPECT_NE(all.find(word), std::string::npos) << row.at(0) << " lost " << word;
      }
      i = j + 1;
    }
  }
}

}  // namespace
}  // namespace pft::normalize
