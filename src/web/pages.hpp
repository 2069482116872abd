#pragma once
// The site's view models: for each page, the nlohmann::json that its
// template renders. Pure functions of the snapshot, the request's
// parameters and the clock's `now`; every text taken from the data is
// cleaned for display (controls and bidirectional overrides removed) and
// left for the template to escape; every URL is built here from ids and
// codes, and organisers' links pass only when they are http(s).
// Private to the web module.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "assets.hpp"
#include "pft/core/submission.hpp"
#include "pft/core/types.hpp"
#include "pft/core/url.hpp"
#include "pft/readmodel/filter.hpp"
#include "pft/readmodel/snapshot.hpp"

namespace pft::web {

struct PageContext {
  const AssetBundle& assets;
  std::string site_url;  // no trailing slash
  Instant now{};
};

// URLs of the site's resources.
std::string tournamentPath(const Tournament& t);
std::string venuePath(const Venue& v);
std::string cityPath(std::string_view city);
std::string departmentPath(std::string_view code);
// "/festivals/{id}-{slug}": a series (the API holds /series/{id}).
std::string seriesPath(const readmodel::Series& s);

// `text` without control characters (but newlines) and without
// bidirectional embedding/override/isolate controls.
std::string displayText(std::string_view text);
// `url` when it is an absolute http(s) URL without spaces or controls; empty otherwise
// (core's safeLinkUrl, the one rule of every link pft serves).
std::string safeExternalUrl(std::string_view url);

// Choices the list form offers (from the data of one snapshot).
struct Facets {
  std::vector<std::string> cities;                          // sorted, distinct
  std::vector<std::pair<std::string, std::string>> departments;  // code, name; by code
  std::vector<std::string> regions;
  std::vector<std::string> variants;
  std::vector<std::string> tags;
};
Facets facetsOf(const readmodel::Snapshot& s, Instant now);

// The site's list parameters: the API's (city, department, region, q,
// date_from, date_to, buy_in_min, buy_in_max, variant, tags, near,
// radius_km, cursor) plus `quand` (ce-soir, ce-week-end, cette-semaine,
// resolved against now in Europe/Paris) and `annules` (1: show cancelled
// tournaments, hidden by default). Repeated `tags` (checkboxes) are joined.
struct ListRequest {
  QueryParams raw;  // as the client wrote them (echoed in the form)
  TournamentFilter filter;
  std::string quand;
  bool show_cancelled = false;
};
std::variant<ListRequest, readmodel::FilterError> parseListRequest(std::string_view query, Instant now,
                                                                   const readmodel::ListLimits& limits);
// The canonical query string of a list request (cache key, canonical URL).
std::string canonicalListQuery(const ListRequest& r);

// Common page fields: title, description, canonical URL, assets.
nlohmann::json pageBase(const PageContext& ctx, std::string title, std::string description, std::string path);

nlohmann::json tournamentCard(const Tournament& t, const PageContext& ctx);

// "/" and the landing pages: a list grouped by day, with its form and pagination.
struct ListPage {
  std::string path;       // "/", "/villes/lyon"
  std::string title;      // <title> and <h1>
  std::string heading;
  std::string description;
  std::string intro;      // optional paragraph under the heading
  bool with_form = true;
  std::string ics_query;  // filters of the subscribe link (webcal://…/tournaments.ics?…)
};
nlohmann::json listModel(const PageContext& ctx, const readmodel::Snapshot& source,
                         const readmodel::ListResult& list, const ListRequest& request, const Facets& facets,
                         const ListPage& page, const std::string& error);

// /tournois/{id}-{slug}.
// `changes`: its recorded changes, newest first (the « Modifications » block);
// `venues` (may be null) names the venues a change mentions.
nlohmann::json tournamentModel(const PageContext& ctx, const Tournament& t,
                               const std::vector<TournamentChange>& changes = {},
                               const std::vector<Venue>* venues = nullptr);
// /lieux/{id}-{slug}.
nlohmann::json venueModel(const PageContext& ctx, const Venue& v, const readmodel::Snapshot& s,
                          const readmodel::ListResult& upcoming);
// /festivals/{id}-{slug}: a series, its venue and its upcoming schedule day by day.
nlohmann::json seriesModel(const PageContext& ctx, const readmodel::Series& se, const readmodel::Snapshot& s,
                           const readmodel::ListResult& upcoming);
// Adds "series" {name, url} to a tournament page model when tournament `id`
// belongs to a series of `s`.
void addSeriesLink(nlohmann::json& model, const readmodel::Snapshot& s, std::int64_t id);
// /carte: the server-rendered venue list under the map.
nlohmann::json mapModel(const PageContext& ctx, const readmodel::Snapshot& s, const readmodel::ListResult& list,
                        const ListRequest& request, const Facets& facets, const std::string& tile_url,
                        const std::string& tile_attribution);
// /carte/lieux.json: venues with coordinates and their next tournaments.
nlohmann::json mapData(const readmodel::Snapshot& s, const readmodel::ListResult& list, const PageContext& ctx);

// /sources: one line per enabled source (id "source-<name>"): organiser,
// French type label, last successful fetch, events in the last run, state
// (« OK » or the failure on one line: « HTTP 503 depuis 3 jours »),
// upcoming tournaments. Public facts only (SourceStatus carries no more).
nlohmann::json sourcesModel(const PageContext& ctx, const readmodel::Snapshot& s);
// The French label of a source type (« Page web », « Calendrier iCalendar »…).
std::string sourceTypeLabel(std::string_view type);

// /proposer: the form « Proposer un tournoi » and the form that suggests a
// page. `kind` says which one was sent (its values and errors are shown
// again); `notice` is a message over the forms (a refusal).
struct ProposalForm {
  SubmissionKind kind = SubmissionKind::kTournament;
  Submission values;
  std::vector<SubmissionFieldError> errors;
  std::string notice;
};
nlohmann::json proposalModel(const PageContext& ctx, const ProposalForm& form);
// The French message of a field error (« Ce champ est obligatoire. »).
std::string submissionErrorText(const SubmissionFieldError& e);

// The webcal:// form of a site URL ("https://x/tournaments.ics" -> "webcal://x/tournaments.ics").
std::string webcalUrl(const std::string& site_url, const std::string& path_and_query);

// schema.org Event of a tournament as the text of a <script
// type="application/ld+json"> block: < > & written \u003c \u003e \u0026.
std::string jsonLdScript(const Tournament& t, const std::string& site_url);

}  // namespace pft::web
