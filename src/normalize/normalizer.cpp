#include "pft/normalize/normalizer.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <unordered_map>
#include <vector>

#include "pft/core/json.hpp"
#include "pft/core/text.hpp"
#include "pft/core/time.hpp"
#include "pft/core/types.hpp"
#include "pft/normalize/classify.hpp"
#include "pft/normalize/date_fr.hpp"
#include "pft/normalize/dedupe.hpp"
#include "pft/normalize/geocoder.hpp"
#include "pft/normalize/money.hpp"
#include "pft/normalize/venue.hpp"
#include "pft/store/store.hpp"

namespace pft::normalize {
namespace {

std::shared_ptr<spdlog::logger> logger() {
  auto l = spdlog::get("normalize");
  if (l) return l;
  try {
    return spdlog::stderr_logger_mt("normalize");
  } catch (const spdlog::spdlog_ex&) {
    return spdlog::get("normalize");
  }
}

struct Rejection {
  ErrorCode code = ErrorCode::kParse;
  std::string message;
  std::string source_name;
};

// One input line's outcome. Tournaments keep their venue apart (index into
// the run's venue table) so that 100,000 events do not carry 100,000 copies.
struct LineOutcome {
  std::int32_t tournament = -1;  // index into `tournaments`, or -1 when rejected
  std::int32_t rejection = -1;   // index into `rejections`
};

struct RawVenueSlot {
  ResolvedVenue resolved;
  std::uint32_t group = 0;  // venue key group
  int best_priority = 0;
};

struct VenueGroup {
  Venue venue;
  std::optional<Commune> commune;
  int priority = INT32_MIN;
};

std::string rawVenueKey(const RawEvent& r) {
  std::string k;
  k.reserve(r.venue_name.size() + r.address.size() + r.city.size() + r.postcode.size() + 40);
  k += r.venue_name;
  k += '\x1f';
  k += r.address;
  k += '\x1f';
  k += r.city;
  k += '\x1f';
  k += r.postcode;
  if (r.latitude && r.longitude) {
    k += '\x1f';
    k += std::to_string(*r.latitude);
    k += ',';
    k += std::to_string(*r.longitude);
  }
  return k;
}

// Local calendar day number of an instant in `zone`.
std::int32_t localDay(Instant t, std::string_view zone) {
  auto local = instantToLocal(t, zone);
  return static_cast<std::int32_t>(std::chrono::floor<std::chrono::days>(local).time_since_epoch().count());
}

class Runner {
 public:
  Runner(const NormalizeOptions& options, store::Store* store, Geocoder& geocoder, const Clock& clock)
      : options_(options), store_(store), geocoder_(geocoder), clock_(clock) {}

  Result<NormalizeReport> run(std::ostream* dry_run_out);

 private:
  void addRejection(std::int64_t line_no, ErrorCode code, std::string message, std::string source_name,
                    std::string_view raw_line);
  void processLine(std::int64_t line_no, std::string_view line);
  Result<Tournament> buildTournament(const RawEvent& raw, std::uint32_t& venue_slot);
  std::uint32_t venueSlotFor(const RawEvent& raw);
  void resolveVenueGroups();
  void dedupe();
  Result<void> upsertAll();
  void writeDryRun(std::ostream& out);
  Result<void> openRejects();

  const NormalizeOptions& options_;
  store::Store* store_;
  Geocoder& geocoder_;
  const Clock& clock_;
  NormalizeReport report_;

  std::vector<LineOutcome> lines_;
  std::vector<Tournament> tournaments_;        // venue left empty; see venue_of_
  std::vector<std::uint32_t> venue_of_;        // per tournament: raw venue slot
  std::vector<int> priority_of_;               // per tournament
  std::vector<std::int64_t> line_of_;          // per tournament: 1-based input line
  std::vector<std::size_t> duplicate_of_;      // per tournament: kept tournament or kNotDuplicate
  std::vector<Rejection> rejections_;
  std::vector<RawVenueSlot> venue_slots_;
  std::unordered_map<std::string, std::uint32_t> venue_slot_by_raw_;
  std::vector<VenueGroup> venue_groups_;

  std::ofstream rejects_;
  std::string cached_fetched_at_text_;
  std::optional<Instant> cached_fetched_at_;
  Instant now_{};
};

void Runner::addRejection(std::int64_t line_no, ErrorCode code, std::string message, std::string source_name,
                          std::string_view raw_line) {
  const char* reason = errorCodeName(code);
  ++report_.rejected_by_reason[reason];
  if (rejects_.is_open()) {
    nlohmann::json j = {{"rejected", true},
                        {"line", line_no},
                        {"source_name", source_name},
                        {"reason", reason},
                        {"message", message},
                        {"file", options_.in_path}};
    auto raw = nlohmann::json::parse(raw_line, nullptr, false);
    j["raw"] = raw.is_discarded() ? nlohmann::json(text::repairUtf8(raw_line)) : std::move(raw);
    rejects_ << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  lines_.back().rejection = static_cast<std::int32_t>(rejections_.size());
  rejections_.push_back(Rejection{code, std::move(message), std::move(source_name)});
}

std::uint32_t Runner::venueSlotFor(const RawEvent& raw) {
  std::string key = rawVenueKey(raw);
  auto it = venue_slot_by_raw_.find(key);
  if (it != venue_slot_by_raw_.end()) return it->second;
  RawVenueSlot slot;
  slot.resolved = resolveVenue(raw, geocoder_.gazetteer());
  auto index = static_cast<std::uint32_t>(venue_slots_.size());
  venue_slots_.push_back(std::move(slot));
  venue_slot_by_raw_.emplace(std::move(key), index);
  return index;
}

Result<Tournament> Runner::buildTournament(const RawEvent& raw, std::uint32_t& venue_slot) {
  Tournament t;
  t.title = cleanText(raw.title);
  if (t.title.empty()) {
    return makeError(ErrorCode::kMissingField, "the event has no title; map the source's title field", "title");
  }
  if (text::trim(raw.venue_name).empty() && text::trim(raw.address).empty() && text::trim(raw.city).empty() &&
      text::trim(raw.postcode).empty()) {
    return makeError(ErrorCode::kMissingField,
                     "the event names no venue, address or city; map them or set the source's default_venue",
                     "venue_name");
  }
  t.timezone = raw.timezone.empty() ? std::string(kParisZone) : raw.timezone;
  if (!isKnownZone(t.timezone)) {
    return makeError(ErrorCode::kInvalidArgument, "unknown time zone '" + raw.timezone + "'; use an IANA name",
                     "timezone");
  }

  // Reference time: when the page was fetched (years are inferred from it).
  Instant reference = now_;
  if (!raw.fetched_at.empty()) {
    if (raw.fetched_at != cached_fetched_at_text_) {
      auto parsed = parseIsoInstant(raw.fetched_at);
      cached_fetched_at_text_ = raw.fetched_at;
      cached_fetched_at_ = parsed ? std::optional<Instant>(*parsed) : std::nullopt;
    }
    if (cached_fetched_at_) reference = *cached_fetched_at_;
  }

  std::string description = raw.description.empty() ? std::string() : cleanText(raw.description);
  std::string context = t.title;
  if (!description.empty()) {
    context += '\n';
    context += description;
  }
  auto when = parseWhen(raw.start, raw.end, context, instantToLocal(reference, t.timezone), t.timezone);
  if (!when) return when.error();
  if (!when->warning.empty()) logger()->debug("source={} title=\"{}\" warning=\"{}\"", raw.source_name, t.title, when->warning);
  auto start = startInstant(*when, t.timezone);
  if (!start) return start.error();
  auto end = endInstant(*when, t.timezone);
  if (!end) return end.error();
  t.start = *start;
  t.end = *end;
  if (t.end && *t.end < t.start) t.end.reset();
  t.time_known = when->time_known;
  t.multi_day = when->multi_day;

  auto money = parseBuyIn(raw.buy_in, t.title, description);
  if (!money) return money.error();
  t.buy_in_cents = money->buy_in_cents;
  t.fee_cents = money->fee_cents;
  t.guarantee_cents = money->guarantee_cents;

  t.variant = classifyVariant(raw.variant, t.title, description);
  t.tags = extractTags(t.title, description, money->freeroll);
  t.status = classifyStatus(raw.status_text, t.title);

  // Last, so that a rejected line adds no venue to resolve and geocode.
  venue_slot = venueSlotFor(raw);
  if (venue_slots_[venue_slot].resolved.venue.name.empty()) {
    return makeError(ErrorCode::kMissingField, "the venue fields hold no text once cleaned; map the venue",
                     "venue_name");
  }
  t.description = std::move(description);
  t.source_name = raw.source_name;
  t.source_url = raw.source_url;
  t.source_hash = raw.source_hash;
  t.event_url = raw.event_url;
  return t;
}

void Runner::processLine(std::int64_t line_no, std::string_view line) {
  lines_.emplace_back();
  auto j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded()) {
    addRejection(line_no, ErrorCode::kParse,
                 text::trim(line).empty() ? "empty line" : "not a JSON object; each line must be one raw event",
                 "", line);
    return;
  }
  auto raw = rawEventFromJson(j);
  if (!raw) {
    std::string source;
    if (j.is_object() && j.contains("source_name") && j["source_name"].is_string()) source = j["source_name"];
    addRejection(line_no, raw.error().code, raw.error().describe(), source, line);
    return;
  }
  std::uint32_t venue_slot = 0;
  auto t = buildTournament(*raw, venue_slot);
  if (!t) {
    addRejection(line_no, t.error().code, t.error().describe(), raw->source_name, line);
    return;
  }
  lines_.back().tournament = static_cast<std::int32_t>(tournaments_.size());
  tournaments_.push_back(std::move(*t));
  venue_of_.push_back(venue_slot);
  priority_of_.push_back(raw->priority);
  line_of_.push_back(line_no);
  RawVenueSlot& slot = venue_slots_[venue_slot];
  slot.best_priority = std::max(slot.best_priority, raw->priority);
}

// Same venue written several ways -> one venue (venue key); the kept name is
// the highest-priority source's, then the longest; missing fields are filled
// from the other spellings; then each venue is geocoded once.
void Runner::resolveVenueGroups() {
  std::unordered_map<std::string, std::uint32_t> group_by_key;
  for (auto& slot : venue_slots_) {
    const Venue& v = slot.resolved.venue;
    if (v.name.empty()) continue;
    std::string key = venueKey(v.name, v.city);
    auto [it, inserted] = group_by_key.emplace(std::move(key), static_cast<std::uint32_t>(venue_groups_.size()));
    if (inserted) venue_groups_.emplace_back();
    slot.group = it->second;
    VenueGroup& g = venue_groups_[slot.group];
    bool better = slot.best_priority > g.priority ||
                  (slot.best_priority == g.priority && v.name.size() > g.venue.name.size());
    if (better) {
      Venue merged = v;
      if (merged.address.empty()) merged.address = g.venue.address;
      if (merged.postcode.empty()) merged.postcode = g.venue.postcode;
      if (!merged.latitude && g.venue.latitude) {
        merged.latitude = g.venue.latitude;
        merged.longitude = g.venue.longitude;
        merged.geocode_source = g.venue.geocode_source;
      }
      g.venue = std::move(merged);
      g.priority = slot.best_priority;
      if (slot.resolved.commune) g.commune = slot.resolved.commune;
    } else {
      if (g.venue.address.empty()) g.venue.address = v.address;
      if (g.venue.postcode.empty()) g.venue.postcode = v.postcode;
      if (!g.venue.latitude && v.latitude) {
        g.venue.latitude = v.latitude;
        g.venue.longitude = v.longitude;
        g.venue.geocode_source = v.geocode_source;
      }
      if (!g.commune) g.commune = slot.resolved.commune;
    }
  }
  for (auto& g : venue_groups_) {
    geocoder_.geocode(g.venue, g.commune);
    ++report_.geocoded_by_provider[g.venue.geocode_source.empty() ? "none" : g.venue.geocode_source];
  }
  report_.venues = static_cast<std::int64_t>(venue_groups_.size());
}

void Runner::dedupe() {
  std::vector<DedupeItem> items(tournaments_.size());
  for (std::size_t i = 0; i < tournaments_.size(); ++i) {
    const Tournament& t = tournaments_[i];
    DedupeItem& d = items[i];
    d.venue = venue_slots_[venue_of_[i]].group;
    d.title_key = text::foldKey(t.title);
    d.start = t.start;
    d.time_known = t.time_known;
    d.local_day = localDay(t.start, t.timezone);
    d.priority = priority_of_[i];
    d.richness = richness(t);
  }
  duplicate_of_ = findDuplicates(items);
  for (std::size_t i = 0; i < tournaments_.size(); ++i) {
    if (duplicate_of_[i] == kNotDuplicate) continue;
    ++report_.duplicates;
    mergeInto(tournaments_[duplicate_of_[i]], tournaments_[i]);
  }
}

Result<void> Runner::upsertAll() {
  std::vector<Tournament> batch;
  batch.reserve(std::min(options_.batch_size, tournaments_.size()));
  auto flush = [&]() -> Result<void> {
    if (batch.empty()) return ok();
    auto counts = store_->upsertTournaments(batch, now_);
    if (!counts) return counts.error();
    report_.inserted += counts->inserted;
    report_.updated += counts->updated;
    report_.unchanged += counts->unchanged;
    batch.clear();
    return ok();
  };
  for (std::size_t i = 0; i < tournaments_.size(); ++i) {
    if (duplicate_of_[i] != kNotDuplicate) continue;
    Tournament t = std::move(tournaments_[i]);
    t.venue = venue_groups_[venue_slots_[venue_of_[i]].group].venue;
    t.first_seen_at = now_;
    t.last_seen_at = now_;
    batch.push_back(std::move(t));
    if (batch.size() >= options_.batch_size) {
      if (auto r = flush(); !r) return r;
      if (options_.progress) std::fprintf(stderr, "\rnormalize: %zu/%zu upserted", i + 1, tournaments_.size());
    }
  }
  if (auto r = flush(); !r) return r;
  if (options_.progress) std::fprintf(stderr, "\n");
  return ok();
}

void Runner::writeDryRun(std::ostream& out) {
  std::string buffer;
  for (std::size_t n = 0; n < lines_.size(); ++n) {
    const LineOutcome& o = lines_[n];
    nlohmann::json j;
    if (o.tournament >= 0) {
      auto ti = static_cast<std::size_t>(o.tournament);
      Tournament& t = tournaments_[ti];
      t.venue = venue_groups_[venue_slots_[venue_of_[ti]].group].venue;
      j = tournamentToJson(t, false);
      t.venue = Venue{};
      if (duplicate_of_[ti] != kNotDuplicate) j["duplicate_of"] = line_of_[duplicate_of_[ti]];
    } else {
      const Rejection& r = rejections_[static_cast<std::size_t>(o.rejection)];
      j = {{"rejected", true},
           {"line", static_cast<std::int64_t>(n + 1)},
           {"source_name", r.source_name},
           {"reason", errorCodeName(r.code)},
           {"message", r.message}};
    }
    buffer += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    buffer += '\n';
    if (buffer.size() > (1 << 16)) {
      out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      buffer.clear();
    }
  }
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  out.flush();
}

Result<void> Runner::openRejects() {
  if (options_.rejects_path.empty()) return ok();
  std::error_code ec;
  auto parent = std::filesystem::path(options_.rejects_path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  rejects_.open(options_.rejects_path, std::ios::binary | std::ios::trunc);
  if (!rejects_) {
    return makeError(ErrorCode::kIo, "cannot write the rejects file; pass --rejects FILE", options_.rejects_path);
  }
  return ok();
}

Result<NormalizeReport> Runner::run(std::ostream* dry_run_out) {
  auto started = std::chrono::steady_clock::now();
  now_ = clock_.now();
  if (!options_.dry_run && store_ == nullptr) {
    return makeError(ErrorCode::kInternal, "runNormalize needs a store unless dry_run is set");
  }
  std::error_code ec;
  if (std::filesystem::is_directory(options_.in_path, ec)) {
    return makeError(ErrorCode::kIo, "the input is a directory, not a JSON-lines file; pass --in FILE",
                     options_.in_path);
  }
  std::ifstream in(options_.in_path, std::ios::binary);
  if (!in) {
    return makeError(ErrorCode::kIo, "cannot read the raw events; run `pft ingest` first or pass --in FILE",
                     options_.in_path);
  }
  if (auto r = openRejects(); !r) return r.error();

  std::string line;
  std::int64_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    processLine(line_no, line);
    if (options_.progress && line_no % 20000 == 0) {
      std::fprintf(stderr, "\rnormalize: %lld lines read", static_cast<long long>(line_no));
    }
  }
  if (in.bad()) {
    return makeError(ErrorCode::kIo, "read error in the raw events file", options_.in_path);
  }
  if (options_.progress && line_no >= 20000) std::fprintf(stderr, "\n");
  report_.lines = line_no;
  report_.tournaments = static_cast<std::int64_t>(tournaments_.size());

  resolveVenueGroups();
  dedupe();

  if (rejects_.is_open()) {
    rejects_.flush();
    if (!rejects_) return makeError(ErrorCode::kIo, "cannot write the rejects file", options_.rejects_path);
  }

  if (options_.dry_run) {
    if (dry_run_out != nullptr) writeDryRun(*dry_run_out);
  } else {
    if (auto r = upsertAll(); !r) return r.error();
  }
  report_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  logger()->info("lines={} tournaments={} duplicates={} rejected={} venues={} inserted={} updated={} unchanged={} ms={}",
                 report_.lines, report_.tournaments, report_.duplicates, report_.rejected(), report_.venues,
                 report_.inserted, report_.updated, report_.unchanged, static_cast<long long>(report_.seconds * 1000));
  return report_;
}

}  // namespace

std::int64_t NormalizeReport::rejected() const {
  std::int64_t n = 0;
  for (const auto& [reason, count] : rejected_by_reason) n += count;
  return n;
}

std::string NormalizeReport::summary() const {
  std::string s = "lines=" + std::to_string(lines) + " inserted=" + std::to_string(inserted) +
                  " updated=" + std::to_string(updated) + " unchanged=" + std::to_string(unchanged) +
                  " duplicates=" + std::to_string(duplicates) + " rejected=" + std::to_string(rejected());
  if (!rejected_by_reason.empty()) {
    s += " (";
    bool first = true;
    for (const auto& [reason, count] : rejected_by_reason) {
      if (!first) s += ' ';
      first = false;
      s += reason + "=" + std::to_string(count);
    }
    s += ")";
  }
  s += " venues=" + std::to_string(venues) + " geocoded:";
  if (geocoded_by_provider.empty()) s += " none";
  for (const auto& [provider, count] : geocoded_by_provider) s += " " + provider + "=" + std::to_string(count);
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.3f", seconds);
  s += " seconds=";
  s += secs;
  return s;
}

Result<NormalizeReport> runNormalize(const NormalizeOptions& options, store::Store* store, Geocoder& geocoder,
                                     const Clock& clock, std::ostream* dry_run_out) {
  Runner runner(options, store, geocoder, clock);
  return runner.run(dry_run_out);
}

}  // namespace pft::normalize
