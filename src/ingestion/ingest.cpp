#include "pft/ingestion/ingest.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "logger.hpp"
#include "pft/core/json.hpp"
#include "pft/core/text.hpp"
#include "pft/core/time.hpp"
#include "pft/ingestion/catalog.hpp"
#include "pft/ingestion/connectors.hpp"
#include "pft/ingestion/curl_http.hpp"
#include "pft/ingestion/demo_dates.hpp"
#include "pft/ingestion/fetch_policy.hpp"
#include "pft/ingestion/limits.hpp"
#include "pft/ingestion/robots.hpp"

namespace pft::ingestion {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

using detail::logger;

bool isHttpUrl(const std::string& url) { return !splitHttpUrl(url).first.empty(); }

// What was remembered about a source after its last successful fetch.
struct SourceState {
  std::string fingerprint;  // the catalog entry it was fetched with
  std::string etag;
  std::string last_modified;
  // The source's events as JSON lines, exactly as written to the output:
  // kept serialised (a quarter of the memory of RawEvent values) so that a
  // 100,000-row source stays well under 100 MB.
  std::string lines;  // empty in memory: SourceOutcome::lines holds them
  std::int64_t event_count = 0;
  bool complete = false;  // those events are everything the source listed (SourceRun::complete)
};

std::string stateFileName(const std::string& source_name) {
  std::string out;
  for (unsigned char c : source_name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_' || c == '.';
    out += keep ? std::string(1, static_cast<char>(c)) : fmt::format("%{:02X}", c);
  }
  return out + ".json";
}

// The options that change what a source yields: a state recorded with other
// options is not reused.
std::string fingerprintOf(const CatalogSource& src) {
  const SourceConfig& c = src.config;
  json j;
  j["name"] = c.name;
  j["type"] = sourceTypeName(c.type);
  j["url"] = c.url;
  j["priority"] = c.priority;
  j["timezone"] = c.timezone;
  j["max_pages"] = c.max_pages;
  j["encoding"] = c.encoding;
  j["default_venue"] = {c.default_venue.name, c.default_venue.address, c.default_venue.city, c.default_venue.postcode};
  j["demo_dates"] = src.demo_dates;
  auto selectors = [](const std::map<std::string, FieldSelector>& m) {
    json out = json::object();
    for (const auto& [k, v] : m) out[k] = {v.selector, v.attr};
    return out;
  };
  j["html"] = {c.html.item,
               selectors(c.html.fields),
               {c.html.next_page.selector, c.html.next_page.attr},
               {c.html.follow.selector, c.html.follow.attr},
               c.html.max_follow,
               selectors(c.html.detail_fields)};
  j["csv"] = {c.csv.field_map, std::string(1, c.csv.delimiter)};
  j["json"] = {c.json.mode == JsonMode::kTec ? "tec" : "mapping", c.json.items, c.json.fields, c.json.next};
  j["ics"] = c.ics.horizon_days;
  // Absent when false: a catalog without the key keeps its state.
  if (c.rss.announcements) j["rss"] = c.rss.announcements;
  return j.dump();
}

std::optional<SourceState> loadState(const std::string& dir, const std::string& name) {
  if (dir.empty()) return std::nullopt;
  std::ifstream in(fs::path(dir) / stateFileName(name), std::ios::binary);
  if (!in) return std::nullopt;
  try {
    const json j = json::parse(in);
    SourceState s;
    s.fingerprint = j.at("fingerprint").get<std::string>();
    s.etag = j.value("etag", "");
    s.last_modified = j.value("last_modified", "");
    s.event_count = j.at("event_count").get<std::int64_t>();
    s.complete = j.value("complete", false);  // older state files: unknown, so not complete
    // The events sit beside it as JSON lines; a count that disagrees means a
    // torn pair of files: forget the state rather than replay half of it.
    std::ifstream lines_in(fs::path(dir) / (stateFileName(name) + "l"), std::ios::binary);
    s.lines.assign(std::istreambuf_iterator<char>(lines_in), std::istreambuf_iterator<char>());
    if (std::count(s.lines.begin(), s.lines.end(), '\n') != s.event_count) {
      logger()->warn("source={} state events incomplete, ignored", name);
      return std::nullopt;
    }
    return s;
  } catch (const json::exception& e) {
    logger()->warn("source={} state file unreadable, ignored: {}", name, e.what());
    return std::nullopt;
  }
}

// Writes `pieces` to a temporary file beside `path` (same folder, so the
// rename of replaceWith stays on one file system) and returns its name. On
// failure (disk full, quota, file size limit) the temporary file is removed,
// the error names the cause, and nothing at `path` was touched.
Result<fs::path> writeTemporary(const fs::path& path, const std::vector<std::string_view>& pieces) {
  std::error_code ec;
  if (path.has_parent_path()) {
    fs::create_directories(path.parent_path(), ec);
    if (ec) {
      return makeError(ErrorCode::kIo, fmt::format("cannot create folder {}: {}", path.parent_path().string(),
                                                   ec.message()),
                       path.string());
    }
  }
  const fs::path tmp = path.string() + fmt::format(".tmp-{}", ::getpid());
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  if (!out) {
    return makeError(ErrorCode::kIo,
                     fmt::format("cannot create {}: {}; check the folder exists and is writable", tmp.string(),
                                 std::strerror(errno)),
                     path.string());
  }
  errno = 0;
  for (auto piece : pieces) {
    if (!out.write(piece.data(), static_cast<std::streamsize>(piece.size()))) break;
  }
  if (out) out.flush();
  if (out) out.close();  // close() flushes what is left: its error counts too
  if (!out) {
    const int cause = errno;  // the failed write(2)'s, e.g. ENOSPC or EFBIG
    out.close();
    fs::remove(tmp, ec);
    return makeError(
        ErrorCode::kIo,
        fmt::format("write failed: {}; the previous file is kept", cause != 0 ? std::strerror(cause) : "disk full?"),
        path.string());
  }
  return tmp;
}

// Renames the temporary file of writeTemporary over `path`.
Result<void> replaceWith(const fs::path& tmp, const fs::path& path) {
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    return makeError(ErrorCode::kIo, fmt::format("cannot replace the file: {}; the previous file is kept",
                                                 ec.message()),
                     path.string());
  }
  return ok();
}

// Writes `pieces` to `path` through a temporary file in the same folder and
// a rename, so readers see the old file or the new one, never a half file.
Result<void> writeAtomically(const fs::path& path, const std::vector<std::string_view>& pieces) {
  auto tmp = writeTemporary(path, pieces);
  if (!tmp) return tmp.error();
  return replaceWith(*tmp, path);
}

void saveState(const std::string& dir, const std::string& name, const SourceState& s, const std::string& lines) {
  if (dir.empty()) return;
  json j;
  j["fingerprint"] = s.fingerprint;
  j["etag"] = s.etag;
  j["last_modified"] = s.last_modified;
  j["event_count"] = s.event_count;
  j["complete"] = s.complete;
  // Events first (written as they are, no JSON tree), then the metadata
  // that vouches for them.
  auto r = writeAtomically(fs::path(dir) / (stateFileName(name) + "l"), {lines});
  if (r) {
    const std::string text = j.dump();
    r = writeAtomically(fs::path(dir) / stateFileName(name), {text});
  }
  if (!r) logger()->warn("source={} state not saved: {}", name, r.error().describe());
}

std::string headerOr(const HttpResponse& r, const std::string& name) {
  const auto it = r.headers.find(name);
  return it == r.headers.end() ? std::string() : it->second;
}

struct SourceOutcome {
  SourceRun run;
  std::string lines;  // JSON lines for the output file
  std::int64_t event_count = 0;
  std::optional<SourceState> new_state;  // to save once the output is written
};

std::string fileProvenance(const CatalogSource& src) {
  std::string written = src.url_as_written;
  const std::string lower = written.substr(0, 7);
  if (lower == "file://" || lower == "FILE://") {
    written = written.substr(7);
  } else if (written.rfind("file:", 0) == 0) {
    written = written.substr(5);
  }
  if (written.empty() || written[0] == '/' || written.rfind("localhost/", 0) == 0 || written.find("..") != std::string::npos) {
    return src.config.name;
  }
  return written;
}

// ---- Per-source state: the outcome being built, its notes, and the one
// place where an event becomes a JSON line (stamped, bounded, counted).
class SourceRecord {
 public:
  SourceRecord(const CatalogSource& src, std::string fetched_at)
      : src_(src), fetched_at_(std::move(fetched_at)), started_(SteadyClock::now()) {
    out_.run.name = src.config.name;
    out_.run.status = "failed";
    // A file:// source's provenance is its url as the catalog wrote it when
    // that is a relative path, else the source's name: never an absolute
    // local path (the server's directory layout).
    if (!isHttpUrl(src.config.url)) provenance_ = fileProvenance(src);
  }

  SourceRun& run() { return out_.run; }
  SourceOutcome& outcome() { return out_; }

  // A note for the run table (once each).
  void note(std::string n) {
    if (std::find(notes_.begin(), notes_.end(), n) == notes_.end()) notes_.push_back(std::move(n));
  }
  void warn(const std::string& what) { logger()->warn("source={} {}", out_.run.name, capMessage(what)); }

  // Stamps `e` (fetched_at, provenance), bounds its fields, and appends its
  // JSON line, unless the source's text budget is spent or the line is too long.
  void write(RawEvent&& e) {
    e.fetched_at = fetched_at_;
    if (!provenance_.empty()) e.source_url = provenance_;
    truncated_ += boundFields(e);
    // 10 times what the source sent, at least 1 MB: a document cannot
    // expand into more than that (an XML entity referenced 10,000 times).
    const std::size_t budget = std::max<std::size_t>(
        kMinDocumentTextBytes, kDocumentTextFactor * static_cast<std::size_t>(std::max<std::int64_t>(0, out_.run.bytes)));
    const std::size_t before = out_.lines.size();
    appendRawEventJsonLine(out_.lines, e);
    const std::size_t line = out_.lines.size() - before;
    if (line > kMaxRawLineBytes || text_bytes_ + line > budget) {
      out_.lines.resize(before);
      if (line > kMaxRawLineBytes) {
        ++long_lines_;
      } else {
        ++over_budget_;
      }
      return;
    }
    text_bytes_ += line;
    ++out_.event_count;
  }

  // Whether events were left out because the source's text exceeded its budget.
  bool overBudget() const { return over_budget_ > 0; }

  SourceOutcome finish(std::string error) {
    if (truncated_ > 0) {
      note(fmt::format("{} field(s) truncated (title {} characters, description {}, other fields {})", truncated_,
                       kMaxTitleChars, kMaxDescriptionChars, kMaxOtherFieldChars));
    }
    if (long_lines_ > 0) note(fmt::format("{} event(s) over {} bytes not written", long_lines_, kMaxRawLineBytes));
    if (over_budget_ > 0) {
      note(fmt::format("{} event(s) left out: the text exceeds {} times the bytes fetched", over_budget_,
                       kDocumentTextFactor));
    }
    if (error.empty()) {
      for (const auto& n : notes_) error += (error.empty() ? "" : "; ") + n;
    }
    SourceRun& run = out_.run;
    run.error = capMessage(error);
    run.seconds = std::chrono::duration<double>(SteadyClock::now() - started_).count();
    run.events = out_.event_count;
    const auto level = run.status == "failed" ? spdlog::level::warn : spdlog::level::info;
    logger()->log(level, "source={} status={} http={} bytes={} events={} ms={}{}", run.name, run.status,
                  run.http_status, run.bytes, run.events, static_cast<long>(run.seconds * 1000),
                  run.error.empty() ? std::string() : " error=\"" + run.error + "\"");
    return std::move(out_);
  }

 private:
  // Cuts over-long fields at a character boundary; a URL too long to be
  // right is dropped rather than cut. Returns how many fields it changed.
  static int boundFields(RawEvent& e) {
    int changed = 0;
    auto cap = [&changed](std::string& field, std::size_t max_chars) {
      if (field.size() <= max_chars) return;
      bool cut = false;
      std::string kept = truncateUtf8(field, max_chars, &cut);
      if (cut) {
        field = std::move(kept);
        ++changed;
      }
    };
    cap(e.title, kMaxTitleChars);
    cap(e.description, kMaxDescriptionChars);
    for (std::string* f : {&e.start, &e.end, &e.buy_in, &e.variant, &e.venue_name, &e.address, &e.city, &e.postcode,
                           &e.status_text, &e.published_at, &e.kind, &e.source_id}) {
      cap(*f, kMaxOtherFieldChars);
    }
    if (e.event_url.size() > kMaxOtherFieldChars) {
      e.event_url.clear();
      ++changed;
    }
    return changed;
  }

  const CatalogSource& src_;
  std::string fetched_at_;
  SteadyClock::time_point started_;
  std::string provenance_;
  SourceOutcome out_;
  std::vector<std::string> notes_;
  std::size_t text_bytes_ = 0;
  int truncated_ = 0;
  int long_lines_ = 0;
  int over_budget_ = 0;
};

// ---- Fetch policy of one source: robots.txt, retries, status check, the
// conditional GET of its first page, and the link rule for every URL a
// document gave (linkRefusal, fetch_policy.hpp: the one place).
class SourceFetch {
 public:
  SourceFetch(PoliteFetcher& fetcher, const SourceConfig& config, const std::optional<SourceState>& previous,
              SourceRun& run)
      : fetcher_(fetcher), config_(config), previous_(previous), run_(run) {}

  // The catalog's URL, conditional when a previous fetch left validators;
  // a 304 comes back as such.
  Result<HttpResponse> first() { return fetch(config_.url, true); }

  // A URL found in a document of this source (next page, detail page).
  Result<HttpResponse> link(const std::string& url) {
    if (auto refusal = linkRefusal(config_.url, url)) return makeError(ErrorCode::kInvalidArgument, *refusal, url);
    return fetch(url, false);
  }

 private:
  Result<HttpResponse> fetch(const std::string& url, bool conditional) {
    if (auto refusal = fetcher_.robotsRefusal(url, config_.ignore_robots)) {
      return makeError(ErrorCode::kNetwork, *refusal, url);
    }
    HttpRequest req = fetcher_.request(url);
    if (conditional && previous_ && isHttpUrl(url)) {
      if (!previous_->etag.empty()) req.headers.emplace_back("If-None-Match", previous_->etag);
      if (!previous_->last_modified.empty()) req.headers.emplace_back("If-Modified-Since", previous_->last_modified);
    }
    auto fetched = fetcher_.fetchWithRetry(req);
    if (!fetched.response) {
      Error e = fetched.response.error();
      if (fetched.attempts > 1) e.message += fmt::format(" (after {} attempts)", fetched.attempts);
      return e;
    }
    run_.bytes += static_cast<std::int64_t>(fetched.response->body.size());
    const int status = fetched.response->status;
    if (conditional && isHttpUrl(url)) run_.http_status = status;  // the source's own URL
    if (status == 304 && conditional && previous_) return std::move(fetched.response);
    if (status < 200 || status >= 300) {
      std::string message = fmt::format("HTTP {}", status);
      if (fetched.attempts > 1) message += fmt::format(" after {} attempts", fetched.attempts);
      if (status == 404 || status == 410) message += "; check the url in the catalog";
      return makeError(ErrorCode::kNetwork, message, url);
    }
    return std::move(fetched.response);
  }

  PoliteFetcher& fetcher_;
  const SourceConfig& config_;
  const std::optional<SourceState>& previous_;
  SourceRun& run_;
};

// ---- Crawl of one source after its first page: the documents' events,
// further listing pages (bounded by max_pages, each URL once) and html
// detail pages (bounded by max_follow).
class Crawl {
 public:
  Crawl(const CatalogSource& src, Instant now, SourceFetch& fetch, SourceRecord& record)
      : src_(src), config_(src.config), now_(now), fetch_(fetch), record_(record) {}

  // Reads the first page and everything it leads to. Returns the first
  // page's parse error (the source then fails), else whether the events
  // are everything the source lists.
  Result<bool> run(HttpResponse& first) {
    auto parsed = parse(first);
    if (!parsed) return parsed.error();
    // Every listing page read without damage, none left unfetched. Detail
    // pages only complete events, so theirs do not count.
    bool complete = !parsed->partial;
    for (const auto& w : parsed->warnings) record_.warn(w);
    if (parsed->partial) noteDamage(*parsed, 1);
    followDetails(*parsed);
    std::vector<RawEvent> held = std::move(parsed->events);

    std::vector<std::string> queue = std::move(parsed->next_urls);
    std::set<std::string> seen{config_.url, first.effective_url};
    int pages = 1;
    for (size_t qi = 0; qi < queue.size(); ++qi) {
      const std::string url = queue[qi];
      if (!seen.insert(url).second) continue;
      if (pages >= config_.max_pages) {
        record_.note(fmt::format("stopped at max_pages={}", config_.max_pages));
        complete = false;
        break;
      }
      ++pages;
      auto page = fetch_.link(url);
      if (!page) {
        record_.note(fmt::format("page {} failed: {}", pages, capMessage(page.error().message)));
        complete = false;
        break;
      }
      auto page_parsed = parse(*page);
      if (!page_parsed) {
        record_.note(fmt::format("page {} unreadable: {}", pages, capMessage(page_parsed.error().describe())));
        complete = false;
        break;
      }
      if (page_parsed->partial) complete = false;
      for (const auto& w : page_parsed->warnings) record_.warn(fmt::format("page={} {}", pages, w));
      if (page_parsed->partial) noteDamage(*page_parsed, pages);
      followDetails(*page_parsed);
      for (auto& e : page_parsed->events) held.push_back(std::move(e));
      for (auto& n : page_parsed->next_urls) queue.push_back(std::move(n));
    }
    for (auto& e : held) record_.write(std::move(e));
    if (record_.overBudget()) complete = false;
    return complete;
  }

 private:
  Result<ParseOutput> parse(HttpResponse& response) {
    std::string body = std::move(response.body);
    if (src_.demo_dates) {
      auto substituted = substituteDemoDates(body, now_);
      if (!substituted) return substituted.error();
      body = std::move(*substituted);
    }
    ParseContext ctx;
    ctx.source_url = response.effective_url.empty() ? config_.url : response.effective_url;
    ctx.now = now_;
    ctx.content_type = headerOr(response, "content-type");
    if (!config_.html.follow.selector.empty()) return parseDocument(config_, body, ctx);
    // No detail pages to merge: each event becomes a line as the connector
    // finishes it, so a 100,000-row source never holds 100,000 RawEvents.
    // A CSV row becomes a JSON line about three times its size (the keys);
    // reserving once avoids the doubling copies of a growing string.
    if (config_.type == SourceType::kCsv) {
      record_.outcome().lines.reserve(record_.outcome().lines.size() + body.size() * 7 / 2);
    }
    return parseDocument(config_, body, ctx, [this](RawEvent&& e) { record_.write(std::move(e)); });
  }

  // A document read only in part says so in the run table (its last
  // warning is the damage; the others are in the log).
  void noteDamage(const ParseOutput& page, int number) {
    if (page.warnings.empty()) return;
    record_.note(fmt::format("page {} partial: {}", number, capMessage(page.warnings.back(), 200)));
  }

  // html follow: fill what the listing left empty from each item's page.
  void followDetails(ParseOutput& page) {
    for (size_t i = 0; i < page.events.size() && i < page.follow_urls.size(); ++i) {
      const std::string& url = page.follow_urls[i];
      if (url.empty()) continue;
      if (followed_ >= config_.html.max_follow) {
        record_.note(fmt::format("detail pages capped at max_follow={}", config_.html.max_follow));
        return;
      }
      ++followed_;
      auto detail = fetch_.link(url);
      if (!detail) {
        record_.warn(fmt::format("detail page {} skipped: {}", url, detail.error().message));
        if (detail.error().code == ErrorCode::kInvalidArgument) record_.note(capMessage(detail.error().message, 200));
        continue;
      }
      std::string body = std::move(detail->body);
      if (src_.demo_dates) {
        if (auto s = substituteDemoDates(body, now_)) body = std::move(*s);
      }
      ParseContext ctx{detail->effective_url.empty() ? url : detail->effective_url, now_,
                       headerOr(*detail, "content-type")};
      auto merged = mergeDetailPage(config_, page.events[i], body, ctx);
      if (merged) {
        page.events[i] = std::move(*merged);
      } else {
        record_.warn(fmt::format("detail page {} unreadable: {}", url, merged.error().describe()));
      }
    }
  }

  const CatalogSource& src_;
  const SourceConfig& config_;
  Instant now_;
  SourceFetch& fetch_;
  SourceRecord& record_;
  int followed_ = 0;
};

class Runner {
 public:
  Runner(const IngestOptions& options, HttpGet& http, Instant now)
      : options_(options), now_(now), fetched_at_(formatLocalIso(now, kParisZone)), fetcher_(options, http) {}

  SourceOutcome runSource(const CatalogSource& src);

 private:
  const IngestOptions& options_;
  Instant now_;
  std::string fetched_at_;
  PoliteFetcher fetcher_;  // gate, retries, robots: the same for `pft sources detect`
};

SourceOutcome Runner::runSource(const CatalogSource& src) {
  const SourceConfig& config = src.config;
  SourceRecord record(src, fetched_at_);
  const std::string fingerprint = fingerprintOf(src);
  // Only HTTP answers 304: a file:// source never needs its previous events.
  auto previous = isHttpUrl(config.url) ? loadState(options_.state_path, config.name) : std::nullopt;
  if (previous && previous->fingerprint != fingerprint) previous.reset();
  SourceFetch fetch(fetcher_, config, previous, record.run());

  auto first = fetch.first();
  if (!first) return record.finish(first.error().message);
  SourceOutcome& out = record.outcome();
  if (first->status == 304) {
    out.run.status = "not_modified";
    // The events of the last fetch, as complete as that fetch was.
    out.run.complete = previous->complete && config.withdraw_absent;
    out.lines = std::move(previous->lines);
    out.event_count = previous->event_count;
    SourceState kept = std::move(*previous);
    if (auto etag = headerOr(*first, "etag"); !etag.empty()) kept.etag = etag;
    out.new_state = std::move(kept);
    return record.finish({});
  }
  SourceState state;
  state.fingerprint = fingerprint;
  state.etag = headerOr(*first, "etag");
  state.last_modified = headerOr(*first, "last-modified");

  Crawl crawl(src, now_, fetch, record);
  auto complete = crawl.run(*first);
  if (!complete) return record.finish(complete.error().describe());
  out.run.status = "ok";
  out.run.complete = *complete && config.withdraw_absent;
  state.event_count = out.event_count;  // its lines are the outcome's, saved with it
  state.complete = *complete;
  out.new_state = std::move(state);
  return record.finish({});
}

// Interleaves sources by origin so that the first workers do not all queue
// behind one host's per-host limit.
std::vector<size_t> interleaveByHost(const std::vector<const CatalogSource*>& sources) {
  std::map<std::string, std::vector<size_t>> by_origin;
  std::vector<std::string> order;
  for (size_t i = 0; i < sources.size(); ++i) {
    const std::string origin = splitHttpUrl(sources[i]->config.url).first;
    if (by_origin.find(origin) == by_origin.end()) order.push_back(origin);
    by_origin[origin].push_back(i);
  }
  std::vector<size_t> out;
  for (size_t round = 0; out.size() < sources.size(); ++round) {
    for (const auto& origin : order) {
      const auto& v = by_origin[origin];
      if (round < v.size()) out.push_back(v[round]);
    }
  }
  return out;
}

}  // namespace

int IngestReport::failed() const {
  return static_cast<int>(std::count_if(sources.begin(), sources.end(),
                                        [](const SourceRun& s) { return s.status == "failed"; }));
}

Result<IngestReport> runIngest(const IngestOptions& options, HttpGet& http, const Clock& clock) {
  if (options.global_limit < 1 || options.per_host_limit < 1) {
    return makeError(ErrorCode::kInvalidArgument, "global and per-host limits must be at least 1", "ingest options");
  }
  if (options.out_path.empty()) {
    return makeError(ErrorCode::kInvalidArgument, "no output file; pass --out FILE", "--out");
  }
  auto catalog = loadCatalog(options.catalog_path);
  if (!catalog) return catalog.error();

  std::vector<const CatalogSource*> selected;
  if (options.only_sources.empty()) {
    for (const auto& s : catalog->sources) {
      if (s.config.enabled) selected.push_back(&s);
    }
  } else {
    // Named sources run even when disabled: the operator asked for them.
    for (const auto& name : options.only_sources) {
      const auto it = std::find_if(catalog->sources.begin(), catalog->sources.end(),
                                   [&](const CatalogSource& s) { return s.config.name == name; });
      if (it == catalog->sources.end()) {
        return makeError(ErrorCode::kInvalidArgument,
                         fmt::format("no source named \"{}\" in {}", name, options.catalog_path), "--source");
      }
      if (std::find(selected.begin(), selected.end(), &*it) == selected.end()) selected.push_back(&*it);
    }
    std::sort(selected.begin(), selected.end());  // catalog order
  }

  const Instant now = clock.now();
  Runner runner(options, http, now);
  std::vector<SourceOutcome> outcomes(selected.size());
  const std::vector<size_t> order = interleaveByHost(selected);
  std::atomic<size_t> next{0};
  std::mutex progress_mu;
  int done = 0;
  const int total = static_cast<int>(selected.size());
  auto worker = [&] {
    while (true) {
      const size_t k = next.fetch_add(1);
      if (k >= order.size()) return;
      const size_t i = order[k];
      try {
        outcomes[i] = runner.runSource(*selected[i]);
      } catch (const std::exception& e) {
        // Connectors never throw by contract; if one does, only its source fails.
        outcomes[i] = SourceOutcome{};
        outcomes[i].run.name = selected[i]->config.name;
        outcomes[i].run.status = "failed";
        outcomes[i].run.error = capMessage(fmt::format("internal error: {}", e.what()));
        logger()->error("source={} internal error: {}", outcomes[i].run.name, e.what());
      }
      std::lock_guard lock(progress_mu);
      ++done;
      if (options.progress) options.progress(done, total);
    }
  };
  // Workers wait in the request gate, not in the queue: a few more than the
  // global limit keep every slot busy while others sleep in a back-off.
  const size_t threads = std::min<size_t>(selected.size(), static_cast<size_t>(options.global_limit) * 4);
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();

  IngestReport report;
  std::vector<std::string_view> pieces;  // written in catalog order, never concatenated
  bool any_success = false;
  for (auto& o : outcomes) {
    if (o.run.status != "failed") any_success = true;
    pieces.emplace_back(o.lines);
    report.events += o.event_count;
    report.sources.push_back(o.run);
  }
  if (!any_success && !selected.empty()) {
    logger()->warn("every source failed; {} left as it was", options.out_path);
    report.events = 0;
    return report;
  }
  // The new events are written in full before anything is replaced: when
  // that fails (disk full) the previous file and its manifest stay as they
  // were, a pair. The manifest goes with one events file: the old one is
  // removed before the rename, so that a crash between the two writes
  // leaves none (normalize then withdraws nothing) rather than one
  // describing other events.
  const std::string manifest_path = ingestManifestPath(options.out_path);
  auto tmp = writeTemporary(options.out_path, pieces);
  if (!tmp) return tmp.error();
  std::error_code ec;
  fs::remove(manifest_path, ec);
  auto written = replaceWith(*tmp, options.out_path);
  if (!written) return written.error();
  report.output_written = true;
  IngestManifest manifest;
  manifest.bytes = 0;
  for (auto piece : pieces) manifest.bytes += static_cast<std::int64_t>(piece.size());
  manifest.lines = report.events;
  manifest.written_at = formatLocalIso(now, kParisZone);
  manifest.sources = report.sources;
  const std::string manifest_text = ingestManifestToJson(manifest);
  if (auto m = writeAtomically(manifest_path, {manifest_text}); !m) {
    // Without it normalize withdraws nothing: safe, so only said.
    logger()->warn("manifest not written ({}): a later `pft normalize` of {} withdraws nothing",
                   m.error().describe(), options.out_path);
  }
  for (size_t i = 0; i < outcomes.size(); ++i) {
    if (outcomes[i].new_state) {
      saveState(options.state_path, selected[i]->config.name, *outcomes[i].new_state, outcomes[i].lines);
    }
  }
  return report;
}

std::optional<SourceFailureKind> classifySourceFailure(const SourceRun& run, int& http_status) {
  http_status = 0;
  if (run.status != "failed") return std::nullopt;
  const std::string_view e = run.error;
  auto starts = [&](std::string_view prefix) { return e.substr(0, prefix.size()) == prefix; };
  if (starts("HTTP ")) {
    int status = 0;
    std::size_t i = 5;
    while (i < e.size() && e[i] >= '0' && e[i] <= '9' && status < 1000) status = status * 10 + (e[i++] - '0');
    http_status = status >= 100 && status <= 999 ? status : run.http_status;
    return SourceFailureKind::kHttp;
  }
  if (starts("robots.txt")) return SourceFailureKind::kRobots;
  if (starts("timed out")) return SourceFailureKind::kTimeout;
  for (std::string_view prefix : {"connection", "host name not found", "transfer failed", "redirect", "too many redirects",
                                  "unsupported URL scheme", "body larger", "file not found"}) {
    if (starts(prefix)) return SourceFailureKind::kNetwork;
  }
  if (!run.name.empty() && starts(run.name + ":")) return SourceFailureKind::kParse;
  return SourceFailureKind::kOther;
}

std::string formatIngestTable(const IngestReport& report) {
  std::vector<std::array<std::string, 7>> rows;
  rows.push_back({"source", "status", "http", "bytes", "events", "seconds", "error"});
  for (const auto& s : report.sources) {
    rows.push_back({s.name, s.status, s.http_status == 0 ? "-" : std::to_string(s.http_status),
                    std::to_string(s.bytes), std::to_string(s.events), fmt::format("{:.2f}", s.seconds), s.error});
  }
  std::array<size_t, 7> width{};
  for (const auto& r : rows) {
    for (size_t c = 0; c < 6; ++c) width[c] = std::max(width[c], r[c].size());
  }
  std::string out;
  for (const auto& r : rows) {
    std::string line;
    for (size_t c = 0; c < 7; ++c) {
      const bool numeric = c >= 2 && c <= 5;
      if (c == 6) {
        line += r[c];
      } else if (numeric) {
        line += fmt::format("{:>{}}  ", r[c], width[c]);
      } else {
        line += fmt::format("{:<{}}  ", r[c], width[c]);
      }
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + '\n';
  }
  return out;
}

}  // namespace pft::ingestion
