#include "pft/normalize/normalizer.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "jsonl_reader.hpp"
#include "logger.hpp"
#include "pft/core/bounded_queue.hpp"
#include "pft/core/json.hpp"
#include "pft/core/time.hpp"
#include "pft/core/types.hpp"
#include "pft/normalize/dedupe.hpp"
#include "pft/normalize/geocoder.hpp"
#include "pft/normalize/normalize_event.hpp"
#include "pft/normalize/venue.hpp"

// The run of `pft normalize` (normalizer.hpp): the JSONL reader
// (jsonl_reader.hpp) turns every line into a normalised event
// (normalize_event.hpp) or a rejection; then this file resolves venues,
// merges duplicates, and either upserts through the TournamentSink (a
// writer thread, batches pipelined) or writes the dry-run lines.

namespace pft::normalize {
namespace {

using detail::logger;

// One venue as the run keeps it: the venue slots whose venue key is the
// same, merged (VenueSlot::group is its index).
struct VenueGroup {
  Venue venue;
  std::optional<Commune> commune;
  int priority = INT32_MIN;
  std::string json;  // venueToJson(venue) without id, for dry-run lines
};

// Local calendar day number of an instant in `zone`.
std::int32_t localDay(Instant t, std::string_view zone) {
  auto local = instantToLocal(t, zone);
  return static_cast<std::int32_t>(std::chrono::floor<std::chrono::days>(local).time_since_epoch().count());
}

class Runner {
 public:
  Runner(const NormalizeOptions& options, TournamentSink* sink, Geocoder& geocoder, const Clock& clock)
      : options_(options),
        now_(clock.now()),
        sink_(sink),
        geocoder_(geocoder),
        input_(options, geocoder.gazetteer(), now_),
        context_(input_.context()),
        events_(input_.events()) {}

  Result<NormalizeReport> run(std::ostream* dry_run_out);

 private:
  void resolveVenueGroups();
  void dedupe();
  void distinctIdentities();
  bool keptKeysAreDistinct();
  Result<void> upsertAll();
  Result<void> withdrawAbsent();
  void writeDryRun(std::ostream& out);
  Result<void> openRejects();

  const NormalizeOptions& options_;
  const Instant now_;
  TournamentSink* sink_;
  Geocoder& geocoder_;
  detail::JsonlReader input_;
  EventContext& context_;                 // input_'s
  std::vector<NormalizedEvent>& events_;  // input_'s
  NormalizeReport report_;

  std::vector<std::size_t> duplicate_of_;  // per event: kept event or kNotDuplicate
  std::vector<VenueGroup> venue_groups_;
  std::ofstream rejects_;
  UpsertRun upsert_run_;  // the run's batches, then its withdrawal
};

// Same venue written several ways -> one venue (venue key); the kept name is
// the highest-priority source's, then the longest; missing fields are filled
// from the other spellings; then each venue is geocoded once.
void Runner::resolveVenueGroups() {
  std::unordered_map<std::string, std::uint32_t> group_by_key;
  for (auto& slot : context_.venueSlots()) {
    if (slot.best_priority == INT32_MIN) continue;  // only rejected lines used it
    const Venue& v = slot.resolved.venue;
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
    auto j = venueToJson(g.venue);
    j.erase("id");
    g.json = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  report_.venues = static_cast<std::int64_t>(venue_groups_.size());
}

void Runner::dedupe() {
  std::vector<DedupeItem> items(events_.size());
  for (std::size_t i = 0; i < events_.size(); ++i) {
    const NormalizedEvent& e = events_[i];
    DedupeItem& d = items[i];
    d.venue = context_.venueSlots()[e.venue_slot].group;
    d.title_id = context_.foldedTitleId(e.title);
    d.title_key = context_.foldedTitle(e.title);
    d.start = e.start;
    d.time_known = e.time_known;
    d.local_day = localDay(e.start, context_.text(e.timezone));
    d.priority = e.priority;
    // richness() of the tournament without its venue (shared by the group).
    d.richness = (e.end ? 1 : 0) + (e.buy_in ? 1 : 0) + (e.fee ? 1 : 0) + (e.guarantee ? 1 : 0) +
                 (context_.text(e.description).empty() ? 0 : 1) + (context_.tags(e.tags).empty() ? 0 : 1) +
                 ((e.event_url & 0xFFFFFFFFu) == 0 ? 0 : 1) + (e.time_known ? 1 : 0);
  }
  duplicate_of_ = findDuplicates(items);
  Tournament kept;
  Tournament dup;
  for (std::size_t i = 0; i < events_.size(); ++i) {
    if (duplicate_of_[i] == kNotDuplicate) continue;
    ++report_.duplicates;
    NormalizedEvent& k = events_[duplicate_of_[i]];
    context_.materialize(k, kept);
    context_.materialize(events_[i], dup);
    mergeInto(kept, dup);
    k.start = kept.start;
    k.time_known = kept.time_known;
    k.end = kept.end;
    k.end_time_known = kept.end_time_known;
    k.multi_day = kept.multi_day;
    k.buy_in = kept.buy_in_cents;
    k.fee = kept.fee_cents;
    k.guarantee = kept.guarantee_cents;
    k.description = context_.internText(kept.description);
    if (kept.event_url != context_.blob(k.event_url)) k.event_url = context_.addBlob(kept.event_url);
    k.tags = context_.internTags(kept.tags);
  }
}

// Makes the kept events' identities distinct within each source (the
// store keys one row on each). A source id two kept events share is no id
// (a listing whose every `url` is its booking page): they take the
// venue/day/title form; two of those alike (a freeroll at 14:00 and 21:00)
// get their local start time, and the rare rest their rank.
void Runner::distinctIdentities() {
  auto localTime = [&](const NormalizedEvent& e) {
    std::string iso = formatLocalIso(e.start, context_.text(e.timezone));  // 2026-12-05T20:00:00+01:00
    return iso.substr(11, 5);
  };
  // Keys are (source, identity) with the identity a blob reference, read
  // through the context: no string is built per event, and the table is
  // built once. A pass renames every member of each clashing key, so the
  // next pass's clashes all involve a renamed event: only the renamed are
  // re-keyed (this step was 5 % of a dry run when it rebuilt string keys
  // on every pass).
  const std::size_t n = events_.size();
  struct Key {
    std::uint32_t source;
    std::uint64_t identity;  // blob reference
  };
  const EventContext& context = context_;
  auto hash = [&context](const Key& k) noexcept {
    return std::hash<std::string_view>{}(context.blob(k.identity)) ^
           (static_cast<std::size_t>(k.source) * 0x9E3779B97F4A7C15ULL);
  };
  auto equal = [&context](const Key& a, const Key& b) {
    return a.source == b.source && context.blob(a.identity) == context.blob(b.identity);
  };
  // key -> the one event holding it, or n + the index of its group in `groups`.
  std::unordered_map<Key, std::size_t, decltype(hash), decltype(equal)> holder(n, hash, equal);
  std::vector<std::vector<std::size_t>> groups;
  std::vector<std::size_t> clashing;  // groups of two or more, made or grown since the last pass
  auto add = [&](std::size_t i) {
    auto [it, inserted] = holder.try_emplace(Key{events_[i].source_name, events_[i].identity}, i);
    if (inserted) return;
    if (it->second < n) {
      groups.push_back({it->second});
      it->second = n + groups.size() - 1;
    }
    std::vector<std::size_t>& members = groups[it->second - n];
    members.push_back(i);
    if (members.size() == 2) clashing.push_back(it->second - n);
  };
  for (std::size_t i = 0; i < n; ++i) {
    if (duplicate_of_[i] == kNotDuplicate) add(i);
  }
  for (int pass = 0; pass < 3 && !clashing.empty(); ++pass) {
    std::vector<std::size_t> renamed;
    for (std::size_t g : clashing) {
      std::vector<std::size_t>& members = groups[g];
      std::sort(members.begin(), members.end());  // input order, as ranks are given
      holder.erase(Key{events_[members[0]].source_name, events_[members[0]].identity});
      std::size_t rank = 0;
      for (std::size_t i : members) {
        NormalizedEvent& e = events_[i];
        std::string identity(context_.blob(e.identity));
        if (identity.rfind("id:", 0) == 0) {
          identity = fallbackIdentityKey(context_.venueSlots()[e.venue_slot].key, e.start, context_.text(e.timezone),
                                         context_.foldedTitle(e.title));
        } else if (pass == 1 || identity.find('@') == std::string::npos) {
          identity += "@" + localTime(e);
        } else {
          identity += "#" + std::to_string(++rank);
        }
        e.identity = context_.addBlob(identity);
        renamed.push_back(i);
      }
      members.clear();
    }
    clashing.clear();
    std::sort(renamed.begin(), renamed.end());
    for (std::size_t i : renamed) add(i);
  }
}

// True when no two kept events share the sink's key (source, identity).
// distinctIdentities makes it so; this checks rather than assumes before
// the sink is told (UpsertRun::keys_disjoint).
bool Runner::keptKeysAreDistinct() {
  std::vector<std::pair<std::uint32_t, std::string_view>> keys;
  keys.reserve(events_.size());
  for (std::size_t i = 0; i < events_.size(); ++i) {
    if (duplicate_of_[i] != kNotDuplicate) continue;
    keys.emplace_back(events_[i].source_name, context_.blob(events_[i].identity));
  }
  std::sort(keys.begin(), keys.end());
  return std::adjacent_find(keys.begin(), keys.end()) == keys.end();
}

// Two threads share the work: this one materialises each batch and has the
// sink prepare it (folding, hashing, encoding: the client's part), while a
// writer thread writes the previous batch (the database's part). Batches are
// written one at a time in input order, each in its own transaction; at most
// two batches are alive (one written, one built), which bounds memory. The
// first error stops both sides; batches already written stay written.
Result<void> Runner::upsertAll() {
  BoundedQueue<std::unique_ptr<PreparedUpsert>> queue(1);
  Result<void> written = ok();
  upsert_run_.token = newUpsertRunToken();
  upsert_run_.keys_disjoint = keptKeysAreDistinct();
  UpsertRun* disjoint = &upsert_run_;
  // Each kept event's duplicates, whose identities it carries (also_known_as).
  std::unordered_map<std::size_t, std::vector<std::size_t>> merged_into;
  for (std::size_t i = 0; i < events_.size(); ++i) {
    if (duplicate_of_[i] != kNotDuplicate) merged_into[duplicate_of_[i]].push_back(i);
  }
  std::thread writer([&] {
    std::size_t upserted = 0;
    try {
      while (auto batch = queue.pop()) {
        auto counts = sink_->upsertPrepared(**batch, now_, disjoint);
        if (!counts) {
          written = counts.error();
          break;
        }
        report_.inserted += counts->inserted;
        report_.updated += counts->updated;
        report_.unchanged += counts->unchanged;
        upserted += (*batch)->size();
        if (options_.progress) std::fprintf(stderr, "\rnormalize: %zu tournaments upserted", upserted);
      }
    } catch (const std::exception& e) {
      written = makeError(ErrorCode::kInternal, e.what(), "upsert tournaments");
    }
    if (!written) queue.cancel();
  });

  Result<void> prepared = ok();
  std::vector<Tournament> batch;
  auto handOver = [&]() -> bool {
    if (batch.empty()) return true;
    auto p = sink_->prepareUpsert(std::move(batch));
    batch = {};
    if (!p) {
      prepared = p.error();
      return false;
    }
    return queue.push(std::move(*p));
  };
  try {
    for (std::size_t i = 0; i < events_.size(); ++i) {
      if (duplicate_of_[i] != kNotDuplicate) continue;
      if (batch.empty()) {
        // Build the next batch only once the writer has taken the last one:
        // two batches alive at most (one written, one built).
        if (!queue.waitForRoom()) break;
        batch.reserve(std::min(options_.batch_size, events_.size() - i));
      }
      batch.emplace_back();
      Tournament& t = batch.back();
      context_.materialize(events_[i], t);
      if (auto m = merged_into.find(i); m != merged_into.end()) {
        for (std::size_t d : m->second) {
          std::pair<std::string, std::string> alias{context_.text(events_[d].source_name),
                                                    std::string(context_.blob(events_[d].identity))};
          bool own = alias.first == t.source_name && alias.second == t.identity_key;
          if (!own && std::find(t.also_known_as.begin(), t.also_known_as.end(), alias) == t.also_known_as.end()) {
            t.also_known_as.push_back(std::move(alias));
          }
        }
      }
      t.venue = venue_groups_[context_.venueSlots()[events_[i].venue_slot].group].venue;
      t.first_seen_at = now_;
      t.last_seen_at = now_;
      if (batch.size() >= options_.batch_size && !handOver()) break;
    }
    if (prepared) handOver();
  } catch (const std::exception& e) {
    prepared = makeError(ErrorCode::kInternal, e.what(), "prepare tournaments");
  }
  queue.close();
  writer.join();
  if (options_.progress) std::fprintf(stderr, "\n");
  if (!written) return written;
  return prepared;
}

// The sources fetched completely (the manifest) whose tournaments this run
// did not see are withdrawn, unless a line of theirs was rejected (it may
// be the very tournament) or the manifest belongs to another file.
Result<void> Runner::withdrawAbsent() {
  if (!options_.manifest) {
    report_.withdrawal_note = "no manifest: nothing withdrawn";
    return ok();
  }
  const IngestManifest& m = *options_.manifest;
  if (m.bytes >= 0 || m.lines >= 0) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(options_.in_path, ec);
    if (ec || static_cast<std::int64_t>(size) != m.bytes || report_.lines != m.lines) {
      report_.withdrawal_note = "the manifest describes another file (size or line count differs): nothing withdrawn";
      logger()->warn("manifest does not match {}: bytes={} (manifest {}) lines={} (manifest {}); nothing withdrawn",
                     options_.in_path, ec ? -1 : static_cast<std::int64_t>(size), m.bytes, report_.lines, m.lines);
      return ok();
    }
  }
  std::map<std::string, std::int64_t> rejected;
  for (const auto& r : input_.rejections()) ++rejected[r.source_name];
  std::vector<std::string> sources;
  std::set<std::string> named;
  for (const auto& s : m.sources) {
    if (!s.complete || !named.insert(s.name).second) continue;
    if (auto it = rejected.find(s.name); it != rejected.end()) {
      report_.withdrawal_note += (report_.withdrawal_note.empty() ? "" : "; ") + s.name + ": " +
                                 std::to_string(it->second) + " rejected line" + (it->second == 1 ? "" : "s") +
                                 ", nothing withdrawn";
      continue;
    }
    sources.push_back(s.name);
  }
  if (sources.empty()) return ok();
  auto withdrawn = sink_->withdrawAbsent(upsert_run_, sources, now_);
  if (!withdrawn) return withdrawn.error();
  for (const auto& w : *withdrawn) {
    report_.removed += w.withdrawn;
    if (w.withdrawn > 0) {
      logger()->info("source={} withdrawn={} upcoming_before={}", w.source_name, w.withdrawn, w.upcoming);
    }
  }
  report_.withdrawals = std::move(*withdrawn);
  return ok();
}

// The lines are formatted in blocks; with two CPUs a second thread formats
// the odd blocks while this one formats the even ones and writes them all in
// order (the writing was a third of a dry run's single-threaded part). At
// most two blocks wait. A block stays under the 1 MiB from which malloc
// maps memory (main.cpp): bigger ones were mapped and unmapped each time,
// page faults that cost more than the second thread saved.
void Runner::writeDryRun(std::ostream& out) {
  const auto& lines = input_.lines();
  constexpr std::size_t kBlockLines = 512;
  const std::size_t blocks = (lines.size() + kBlockLines - 1) / kBlockLines;
  auto format = [&](std::size_t block, std::string& buffer, Tournament& t) {
    const std::size_t end = std::min(lines.size(), (block + 1) * kBlockLines);
    for (std::size_t n = block * kBlockLines; n < end; ++n) {
      const detail::LineOutcome& o = lines[n];
      if (o.event >= 0) {
        auto ei = static_cast<std::size_t>(o.event);
        const NormalizedEvent& e = events_[ei];
        context_.materialize(e, t);
        std::optional<std::int64_t> dup;
        if (duplicate_of_[ei] != kNotDuplicate) dup = events_[duplicate_of_[ei]].line;
        appendTournamentJson(buffer, t, venue_groups_[context_.venueSlots()[e.venue_slot].group].json, dup);
      } else {
        const detail::Rejection& r = input_.rejections()[static_cast<std::size_t>(o.rejection)];
        nlohmann::json j = {{"rejected", true},
                            {"line", static_cast<std::int64_t>(n + 1)},
                            {"source_name", r.source_name},
                            {"reason", errorCodeName(r.code)},
                            {"message", r.message}};
        buffer += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      }
      buffer += '\n';
    }
  };
  auto write = [&](const std::string& buffer) {
    out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  };
  std::string buffer;
  Tournament t;
  if (blocks < 2 || detail::usableCpus() < 2) {
    for (std::size_t b = 0; b < blocks; ++b) {
      buffer.clear();
      format(b, buffer, t);
      write(buffer);
    }
    out.flush();
    return;
  }
  BoundedQueue<std::string> odd(1);
  std::exception_ptr failed;
  std::thread helper([&] {
    try {
      Tournament mine;
      for (std::size_t b = 1; b < blocks; b += 2) {
        std::string text;
        format(b, text, mine);
        if (!odd.push(std::move(text))) return;
      }
      odd.close();
    } catch (...) {
      failed = std::current_exception();
      odd.cancel();
    }
  });
  try {
    for (std::size_t b = 0; b < blocks; b += 2) {
      buffer.clear();
      format(b, buffer, t);
      write(buffer);
      if (b + 1 < blocks) {
        auto text = odd.pop();
        if (!text) break;  // the helper failed: rethrown below
        write(*text);
      }
    }
  } catch (...) {
    odd.cancel();
    helper.join();
    throw;
  }
  helper.join();
  if (failed) std::rethrow_exception(failed);
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
  if (!options_.dry_run && sink_ == nullptr) {
    return makeError(ErrorCode::kInternal, "runNormalize needs a sink unless dry_run is set");
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
  if (auto r = input_.readAll(in, rejects_.is_open() ? &rejects_ : nullptr); !r) return r.error();
  report_.lines = static_cast<std::int64_t>(input_.lines().size());
  report_.rejected_by_reason = input_.rejectedByReason();
  report_.warned_by_reason = input_.warnedByReason();
  report_.warned_lines = input_.linesWithWarnings();
  report_.tournaments = static_cast<std::int64_t>(events_.size());

  auto read_done = std::chrono::steady_clock::now();
  resolveVenueGroups();
  dedupe();
  distinctIdentities();
  auto prepared = std::chrono::steady_clock::now();

  if (rejects_.is_open()) {
    rejects_.flush();
    if (!rejects_) return makeError(ErrorCode::kIo, "cannot write the rejects file", options_.rejects_path);
  }

  if (options_.dry_run) {
    if (dry_run_out != nullptr) writeDryRun(*dry_run_out);
    report_.withdrawal_note = "dry run: nothing withdrawn";
  } else {
    if (auto r = upsertAll(); !r) return r.error();
    if (auto r = withdrawAbsent(); !r) return r.error();
  }
  auto finished = std::chrono::steady_clock::now();
  report_.seconds = std::chrono::duration<double>(finished - started).count();
  auto ms = [](auto d) { return static_cast<long long>(std::chrono::duration<double, std::milli>(d).count()); };
  logger()->info(
      "lines={} tournaments={} duplicates={} rejected={} warned={} venues={} inserted={} updated={} unchanged={} "
      "removed={} ms={} ms_read={} ms_venues_dedupe={} ms_{}={}",
      report_.lines, report_.tournaments, report_.duplicates, report_.rejected(), report_.warned_lines, report_.venues,
      report_.inserted, report_.updated, report_.unchanged, report_.removed, ms(finished - started),
      ms(read_done - started), ms(prepared - read_done),
      options_.dry_run ? "write" : "upsert", ms(finished - prepared));
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
                  " removed=" + std::to_string(removed) +
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
  s += " warned=" + std::to_string(warned_lines);
  if (!warned_by_reason.empty()) {
    s += " (";
    bool first = true;
    for (const auto& [reason, count] : warned_by_reason) {
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

Result<NormalizeReport> runNormalize(const NormalizeOptions& options, TournamentSink* sink, Geocoder& geocoder,
                                     const Clock& clock, std::ostream* dry_run_out) {
  Runner runner(options, sink, geocoder, clock);
  return runner.run(dry_run_out);
}

}  // namespace pft::normalize
