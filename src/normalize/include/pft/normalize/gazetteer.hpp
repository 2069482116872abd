#pragma once
// Gazetteer: the bundled list of French communes (data/gazetteer/, built by
// scripts/build-gazetteer from INSEE/La Poste and GeoNames data) used to turn
// the city a source wrote ("PARIS", "Paris 8e", "75008 Paris", "St Amand les
// Eaux") into one commune with its postcode, department, region and centre,
// offline. Loaded once (about 37,000 rows, ~10 MB in memory); afterwards
// immutable, so one Gazetteer may be shared by any number of threads.
//
// Matching rules (documented here because sources depend on them):
// - names are compared on text::foldKey (no accents, no case, hyphens and
//   apostrophes as spaces) with "st"/"ste" read as "saint"/"sainte";
// - a 5-digit postcode written in the city text is used as the postcode;
// - "Paris 8e", "Paris 08", "Lyon 3ème", "Marseille 1er arrondissement" give
//   the city (Paris, Lyon, Marseille) with the arrondissement's postcode;
// - homonyms (Saint-Denis 93 and 974): a candidate whose postcodes contain the
//   given postcode wins, else one in the given postcode's department, else
//   metropolitan France before overseas, then the most populous;
// - usage names: organisers write "Forges", "Saint-Amand", "Bagnoles",
//   "Évian", "Aix" for Forges-les-Eaux, Saint-Amand-les-Eaux, Bagnoles de
//   l'Orne Normandie, Évian-les-Bains, Aix-en-Provence. The candidates for a
//   name are the communes named exactly so and those whose official name
//   starts with it as whole words ("forges" -> Forges (17), Forges (77),
//   Forges-les-Eaux, Forges-la-Forêt…). They are ranked by: the postcode
//   (a candidate having it), the postcode's department, a department named
//   in the texts ("Aix (73)", "Saint-Gilles, Vendée"), a region named, the
//   venue name or address writing the candidate's longer official name
//   ("Casino de Forges-les-Eaux" with city "Forges"), metropolitan France
//   before overseas, a commune before a former commune, then population
//   (a homonym village of a few hundred people is not where the casino is);
// - a city name that matches nothing falls back to the postcode alone (the
//   most populous commune having it);
// - a former commune merged into a new one ("commune déléguée") resolves to
//   the commune it now belongs to.

#include <cstdint>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "pft/core/result.hpp"

namespace pft::normalize {

struct Commune {
  std::string insee;            // INSEE code of the commune ("75056")
  std::string city;             // official name ("Saint-Amand-les-Eaux", "Paris")
  std::string postcode;         // the matching postcode; the only one when the commune has one; else ""
  std::string department;       // "Seine-Maritime"
  std::string department_code;  // "76", "2A", "974"
  std::string region;           // "Normandie"
  std::optional<double> latitude;   // city (or arrondissement) centre, GeoNames; may be absent
  std::optional<double> longitude;
  std::int64_t population = 0;
};

class Gazetteer {
 public:
  // Loads `dir`/communes.tsv and `dir`/departements.tsv. A missing or
  // malformed file is kIo / kParse naming the file (and line).
  static Result<Gazetteer> load(const std::string& dir);

  Gazetteer(Gazetteer&&) noexcept;
  Gazetteer& operator=(Gazetteer&&) noexcept;
  ~Gazetteer();

  // The commune that `city` (free text, may hold a postcode, an
  // arrondissement, or a department after the name: "Aix (73)", "Aix,
  // Savoie") and `postcode` (may be empty) name, or nullopt.
  std::optional<Commune> lookup(std::string_view city, std::string_view postcode = {}) const;

  // What else the source wrote about the place, to choose among the
  // candidates of a usage name (see the rules above).
  struct PlaceHints {
    std::string_view postcode;    // may be empty
    std::string_view venue_name;  // may be empty
    std::string_view address;     // may be empty
  };
  // lookup() with the venue's name and address as hints.
  std::optional<Commune> lookup(std::string_view city, const PlaceHints& hints) const;

  // The commune a venue name alone names, when nothing else locates the
  // venue: a postcode in the name ("Lyon Poker Club 12 rue X 69002 Lyon")
  // as findInText does; else the town in the name only when it is
  // unambiguous — one commune has that exact name ("Poker Club de
  // Deauville"), or none has and one official name starts with it ("Club
  // d'Évian") — or when the venue is a casino ("Casino de Forges"), which
  // takes the usage-name ranking. "Poker Club Saint-Amand" names no city
  // (Saint-Amand is a commune of the Creuse and of the Pas-de-Calais).
  std::optional<Commune> findInVenueName(std::string_view venue_name) const;

  // A commune named inside a longer text: an address ("12 rue X, 76440
  // Forges-les-Eaux") or a venue name ("Casino de Forges-les-Eaux"). Tries a
  // postcode followed by a name, then comma-separated parts from the last,
  // then the longest run of words that is a commune name (generic venue words
  // such as "casino", "club", "poker" never count as a commune on their own).
  std::optional<Commune> findInText(std::string_view text) const;

  // Number of rows loaded (communes, arrondissements, former communes).
  std::size_t size() const;

 private:
  struct Impl;
  explicit Gazetteer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Where the gazetteer is when no --gazetteer is given: the first of
// $PFT_GAZETTEER_DIR, ./data/gazetteer (a checkout), <exe>/../share/pft/gazetteer
// (an install) and <exe>/../../data/gazetteer (a build folder inside the
// checkout) that holds communes.tsv; "data/gazetteer" when none does (load()
// then names it in its error).
std::string defaultGazetteerDir();

// "st"->"saint", "ste"->"sainte" on a foldKey'd string ("st amand les eaux" ->
// "saint amand les eaux"). Exposed for the venue key and tests.
std::string expandSaints(std::string_view folded);

}  // namespace pft::normalize
