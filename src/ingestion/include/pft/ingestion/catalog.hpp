#pragma once
// The source catalog (sources/catalog.yml): which sources `pft ingest`
// fetches and how each is read. Loading validates everything before anything
// is fetched: an unknown key, an unknown type, a missing url, a duplicate name
// or a bad value is an Error naming the source and the catalog line, so the
// operator fixes the file, not the night's run. Plain values; thread-safe to
// share read-only.
//
//   sources:
//     - name: casino-lyon            # unique; required
//       type: html                   # html | jsonld | ics | rss | csv | json; required
//       url: https://…               # http(s)://, file://, or a path relative to the catalog
//       enabled: true                # default true
//       priority: 10                 # default 0 (an organiser's own site beats an aggregator)
//       timezone: Europe/Paris       # default Europe/Paris
//       max_pages: 10                # listing / REST pages, first one included
//       ignore_robots: false         # only for sources that allowed us in writing
//       withdraw_absent: true        # false: a tournament missing from a complete fetch is NOT withdrawn
//                                    # (a feed that shows only its latest posts)
//       encoding: windows-1252       # utf-8 | windows-1252 | iso-8859-1; default: detected
//       default_venue: {name, address, city, postcode}
//       demo_dates: false            # DEMO ONLY: replace {{DATE+N}} tokens (demo_dates.hpp)
//       organiser: Casino de Lyon    # public name shown on /sources (default: default_venue.name)
//       homepage: https://…          # public page of the organiser, linked from /sources
//       notes: "…"                   # for operators only: never leaves the catalog
//       # html: item, fields, next_page, follow, max_follow, detail_fields
//       # csv:  field_map, delimiter
//       # json: mode (tec | mapping), items, fields, next
//       # ics:  horizon_days
//       # rss:  announcements (the items are articles: read them as announcements)

#include <string>
#include <string_view>
#include <vector>

#include "pft/core/result.hpp"
#include "pft/ingestion/source_config.hpp"

namespace pft::ingestion {

struct CatalogSource {
  SourceConfig config;      // url is absolute (file:// paths resolved)
  bool demo_dates = false;  // demo-only date templates, see demo_dates.hpp
  int line = 0;             // 1-based line of the entry in the catalog file
  // `url:` exactly as the catalog wrote it ("demo/club-lyon.ics"): the
  // provenance served for a file:// source's events, never the absolute
  // local path of config.url (which shows the server's directory layout).
  std::string url_as_written;
  // Public facts recorded for /sources at each run (never the url, which
  // may hold a token, nor the notes).
  std::string organiser;  // `organiser:`; empty = default_venue.name
  std::string homepage;   // `homepage:` an http(s) URL without credentials
  std::string notes;      // `notes:` for operators only
};

struct Catalog {
  std::string path;  // as given to loadCatalog
  std::vector<CatalogSource> sources;  // in file order, disabled ones included
};

// Reads and validates the catalog at `path`. Relative file paths in `url`
// resolve against the catalog's folder. Errors: kNotFound (no such file), kIo,
// kInvalidConfig with where = "<path>:<line>" and a message that starts with
// `source "<name>": ` when the problem is inside an entry.
Result<Catalog> loadCatalog(const std::string& path);

// Same, from text already read; `path` is used in messages and `base_dir`
// to resolve relative file paths.
Result<Catalog> parseCatalog(std::string_view yaml, const std::string& path, const std::string& base_dir);

// One catalog entry as YAML text, ready to paste under `sources:` (two-space
// indent, "  - name: …"), keys in the catalog's usual order, strings quoted
// when YAML needs it. `comment` (may be empty, may hold several lines)
// becomes "# …" lines above the entry. parseCatalog of the entry gives back
// `source` (tested). file:// URLs are written as given.
std::string formatCatalogEntry(const CatalogSource& source, std::string_view comment = {});

// Appends `entry_yaml` (formatCatalogEntry's text) at the end of the catalog
// text `catalog_yaml`, leaving every existing line and comment as it was,
// and checks the result with parseCatalog. Returns the new text, or the
// parse error (a duplicate name, an unknown key…) with nothing changed.
Result<std::string> appendCatalogEntry(std::string_view catalog_yaml, std::string_view entry_yaml,
                                       const std::string& path, const std::string& base_dir);

// appendCatalogEntry on the file at `path`, written back atomically
// (temporary file + rename). Errors: kNotFound, kIo, and parseCatalog's.
Result<void> appendCatalogEntryToFile(const std::string& path, std::string_view entry_yaml);

}  // namespace pft::ingestion
