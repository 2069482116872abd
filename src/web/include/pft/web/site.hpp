#pragma once
// Site: the French web site of `pft serve`, for players. Server-rendered
// pages (mustache templates embedded in the binary) read the same in-memory
// snapshot as the API (readmodel::SnapshotHolder), take the API's filter
// parameters (so every filtered page is a shareable URL), are cached per
// data version in the shared http::ResponseCache, and carry strict security
// headers. Static files (CSS, the site's ES module, Leaflet, the France
// outline) are embedded and served at fingerprinted, immutable URLs.
//
// Pages: / (upcoming tournaments by day, filters, pagination),
// /tournois/{id}-{slug}, /lieux/{id}-{slug}, /villes/{slug},
// /departements/{code}, /carte (+ /carte/lieux.json), /a-propos,
// /mentions-legales, /confidentialite, /sitemap.xml, /robots.txt, and
// French 404/410/500 pages for browsers (install()); /sources (the health
// of each source: the HTML twin of the API's GET /sources, chosen by the
// Accept header), /proposer (GET the forms « Proposer un tournoi » and
// « proposer une page », POST them: stored pending through the
// SubmissionInbox, never published before an operator decides) and
// /proposer/merci.
//
// Ownership: borrows the holder, the clock and the cache; they must outlive it.
// Thread safety: handlers run on any I/O thread.

#include <memory>
#include <string>
#include <vector>

#include "pft/core/clock.hpp"
#include "pft/core/result.hpp"
#include "pft/http/cache.hpp"
#include "pft/http/router.hpp"

namespace pft::readmodel {
class SnapshotHolder;
}
namespace pft::http {
class RateLimiter;
}
namespace pft {
class SubmissionInbox;
}

namespace pft::web {

struct SiteOptions {
  // Public URL of the site: canonical links, sitemap, Open Graph, JSON-LD.
  std::string site_url = "https://pokerfrancetournaments.fr";
  // Map tiles ({z}/{x}/{y} URL template, MAP_TILE_URL); empty: the France
  // outline only, and the map says « Fond de carte indisponible ».
  std::string map_tile_url;
  // Attribution shown with the tiles (MAP_TILE_ATTRIBUTION).
  std::string map_tile_attribution;
  // Where /proposer stores what it receives, and the per-address limit it
  // shares with the API (ApiServer::submissionLimiter()). Borrowed; null:
  // the form answers 503 « indisponible ».
  SubmissionInbox* submissions = nullptr;
  http::RateLimiter* submission_limiter = nullptr;
};

class Site {
 public:
  // Parses the templates and prepares the static files. kInvalidArgument
  // naming the template when one is broken; kInvalidArgument naming
  // MAP_TILE_URL when it is not an http(s) URL template.
  static Result<std::unique_ptr<Site>> create(readmodel::SnapshotHolder& model, const Clock& clock,
                                              http::ResponseCache& cache, SiteOptions options);
  ~Site();

  // The site's route table.
  std::vector<http::Route> routes();
  // Adds routes() to `router` and makes its not-found and error pages
  // French HTML for browsers (Accept: text/html), keeping the router's
  // problem+json for everyone else and for the API's paths.
  void install(http::Router& router);

  // French HTML error pages.
  http::Response notFoundPage(const http::Request& req) const;
  http::Response errorPage(const http::Request& req, const std::string& request_id) const;

 private:
  struct Impl;
  explicit Site(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace pft::web
