// `pft sources detect URL [--json]`: what an organiser's page offers and a
// ready catalog entry (exit 0 usable, 1 nothing usable, 2 bad URL).
// `pft sources pending [--all]`: the public's suggestions and submissions.
// `pft sources accept ID`: publishes a hand-entered tournament (source
// manual:<id>) or appends a suggested URL's detected entry to the catalog.
// `pft sources reject ID --reason TEXT`. Wiring only: the work is
// pft::onboarding (detect.hpp, submissions.hpp).

#include <cstdio>
#include <memory>
#include <string>

#include "context.hpp"
#include "pft/ingestion/curl_http.hpp"
#include "pft/ingestion/fetch_policy.hpp"
#include "pft/normalize/gazetteer.hpp"
#include "pft/normalize/geocoder.hpp"
#include "pft/onboarding/detect.hpp"
#include "pft/onboarding/submissions.hpp"
#include "pft/store/store.hpp"

namespace pft::app {
namespace {

struct SourcesFlags {
  std::string url;
  bool json = false;
  std::string name;
  std::string gazetteer;
  std::string catalog = "sources/catalog.yml";
  bool all = false;
  std::int64_t id = 0;
  std::string reason;
};

normalize::Gazetteer loadGazetteer(const SourcesFlags& f) {
  const std::string dir = f.gazetteer.empty() ? normalize::defaultGazetteerDir() : f.gazetteer;
  auto g = normalize::Gazetteer::load(dir);
  if (!g) throw ExitError(f.gazetteer.empty() ? kExitFailure : kExitUsage, "--gazetteer: " + g.error().describe());
  return std::move(*g);
}

// detectSource with the options of `pft ingest` (INGEST_USER_AGENT, limits).
Result<onboarding::Detection> detect(const Context& ctx, const SourcesFlags& f, const std::string& url,
                                     const normalize::Gazetteer& gazetteer) {
  ingestion::IngestOptions options;
  options.user_agent = ctx.config.ingest_user_agent;
  ingestion::CurlHttpGet http(ctx.config.ingest_user_agent);
  ingestion::PoliteFetcher fetcher(options, http);
  onboarding::DetectOptions o;
  o.now = ctx.clock->now();
  o.gazetteer = &gazetteer;
  o.name = f.name;
  return onboarding::detectSource(url, fetcher, o);
}

std::unique_ptr<store::Store> openStore(const Context& ctx) {
  auto store = store::openMigratedStore(ctx.config.database);
  if (!store) throw ExitError(kExitFailure, "DATABASE_URL: " + store.error().describe());
  return std::move(*store);
}

int exitCodeFor(const Error& e) {
  switch (e.code) {
    case ErrorCode::kNotFound:
    case ErrorCode::kConflict:
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kInvalidConfig:
      return kExitUsage;
    default:
      return kExitFailure;
  }
}

}  // namespace

void registerSources(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  auto f = std::make_shared<SourcesFlags>();
  auto* cmd = app.add_subcommand("sources", "Onboard organisers: detect a page, list and decide on submissions.");
  cmd->require_subcommand(1);

  auto* det = cmd->add_subcommand(
      "detect",
      "Fetch URL (same User-Agent, robots.txt and limits as ingest) and say what it offers: iCalendar, JSON-LD,\n"
      "The Events Calendar REST, RSS/Atom, CSV, else HTML selectors inferred from repeated dated blocks.\n"
      "Prints the first 10 events it would import, what fails, and a catalog entry (enabled: false).\n"
      "Exit 0 usable, 1 nothing usable, 2 bad or unreachable URL.");
  det->add_option("url", f->url, "The organiser's page (http or https)")->required();
  det->add_flag("--json", f->json, "One JSON object on stdout (for tooling)");
  det->add_option("--name", f->name, "Catalog name of the entry (default: from the host)");
  det->add_option("--gazetteer", f->gazetteer, "Gazetteer folder (default: the bundled one)");
  det->callback([&g, &exit_code, f] {
    Context ctx = loadContext(g);
    const auto gazetteer = loadGazetteer(*f);
    auto d = detect(ctx, *f, f->url, gazetteer);
    if (!d) throw ExitError(kExitUsage, "sources detect: " + d.error().describe());
    std::fputs((f->json ? onboarding::detectionJson(*d) : onboarding::formatDetection(*d)).c_str(), stdout);
    exit_code = d->usable ? kExitOk : kExitFailure;
  });

  auto* pend = cmd->add_subcommand("pending", "List pending URL suggestions and submitted tournaments (never public).");
  pend->add_flag("--all", f->all, "Also the accepted and rejected ones");
  pend->callback([&g, &exit_code, f] {
    Context ctx = loadContext(g);
    auto store = openStore(ctx);
    auto list = store->listSubmissions(f->all ? std::nullopt : std::optional(SubmissionStatus::kPending), -1);
    if (!list) throw ExitError(kExitFailure, "sources pending: " + list.error().describe());
    if (list->empty()) {
      std::printf("no %ssubmission\n", f->all ? "" : "pending ");
    } else {
      std::fputs(onboarding::formatSubmissions(*list).c_str(), stdout);
    }
    exit_code = kExitOk;
  });

  auto* acc = cmd->add_subcommand(
      "accept",
      "Accept submission ID: a tournament is normalised and published (source manual:<id>); a URL is detected\n"
      "online and its entry appended to --catalog (enabled: false, comments kept). Exit 2 when it cannot be.");
  acc->add_option("id", f->id, "Submission number (see pft sources pending)")->required();
  acc->add_option("--catalog", f->catalog, "Catalog to append a URL's entry to")->capture_default_str();
  acc->add_option("--name", f->name, "Catalog name of a URL's entry (default: from the host)");
  acc->add_option("--gazetteer", f->gazetteer, "Gazetteer folder (default: the bundled one)");
  acc->callback([&g, &exit_code, f] {
    Context ctx = loadContext(g);
    const auto gazetteer = loadGazetteer(*f);
    auto store = openStore(ctx);
    auto s = onboarding::pendingSubmission(*store, f->id);
    if (!s) throw ExitError(exitCodeFor(s.error()), "sources accept: " + s.error().describe());
    Result<std::string> note = makeError(ErrorCode::kInternal, "not decided");
    if (s->kind == SubmissionKind::kTournament) {
      normalize::GeocoderOptions geo;
      geo.user_agent = ctx.config.geocoder_user_agent;
      geo.nominatim_url = ctx.config.nominatim_url;
      geo.min_delay_seconds = ctx.config.geocoder_min_delay_seconds;
      std::unique_ptr<HttpGet> http;
      if (!geo.user_agent.empty()) http = std::make_unique<ingestion::CurlHttpGet>(geo.user_agent);
      normalize::Geocoder geocoder(gazetteer, geo, http.get(), store.get(), *ctx.clock);
      note = onboarding::acceptTournament(*store, f->id, geocoder, *ctx.clock);
    } else {
      auto d = detect(ctx, *f, s->url, gazetteer);
      if (!d) throw ExitError(kExitUsage, "sources accept: " + d.error().describe() + "; it stays pending");
      std::fputs(onboarding::formatDetection(*d).c_str(), stdout);
      note = onboarding::acceptUrl(*store, f->id, *d, f->catalog, ctx.clock->now());
    }
    if (!note) throw ExitError(exitCodeFor(note.error()), "sources accept: " + note.error().describe());
    std::printf("submission #%lld accepted: %s\n", static_cast<long long>(f->id), note->c_str());
    exit_code = kExitOk;
  });

  auto* rej = cmd->add_subcommand("reject", "Reject submission ID (kept, never public).");
  rej->add_option("id", f->id, "Submission number")->required();
  rej->add_option("--reason", f->reason, "Why (for the operators)")->required();
  rej->callback([&g, &exit_code, f] {
    Context ctx = loadContext(g);
    auto store = openStore(ctx);
    auto done = store->decideSubmission(f->id, SubmissionStatus::kRejected, f->reason, ctx.clock->now());
    if (!done) throw ExitError(exitCodeFor(done.error()), "sources reject: " + done.error().describe());
    std::printf("submission #%lld rejected\n", static_cast<long long>(f->id));
    exit_code = kExitOk;
  });
}

}  // namespace pft::app
