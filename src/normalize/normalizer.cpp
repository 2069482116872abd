#include "pft/normalize/normalizer.hpp"

#include <sched.h>

#include <nlohmann/json.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <atomic>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "json_writer.hpp"
#include "pft/core/bounded_queue.hpp"
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
#include "raw_line.hpp"

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

struct ViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// Distinct strings stored once; ids are dense from 0. Events refer to their
// texts by id, which keeps 100,000 events in a few tens of MB and lets the
// parser results be cached by id.
class Interner {
 public:
  std::uint32_t intern(std::string_view s) {
    auto it = ids_.find(s);
    if (it != ids_.end()) return it->second;
    values_.emplace_back(s);
    auto id = static_cast<std::uint32_t>(values_.size() - 1);
    ids_.emplace(values_.back(), id);
    return id;
  }
  const std::string& at(std::uint32_t id) const { return values_[id]; }
  std::size_t size() const { return values_.size(); }

 private:
  std::deque<std::string> values_;  // stable addresses for the views below
  std::unordered_map<std::string_view, std::uint32_t, ViewHash, std::equal_to<>> ids_;
};

// A parser cache keyed by the parser's inputs (joined in one string). Real
// listings repeat themselves (weekly tournaments, one description per club),
// so most events are answered from here. Bounded: cleared past kMaxEntries.
template <typename V>
class Memo {
 public:
  static constexpr std::size_t kMaxEntries = 500000;
  const V* find(std::string_view key) const {
    auto it = map_.find(key);
    return it == map_.end() ? nullptr : &it->second;
  }
  const V& put(std::string_view key, V value) {
    if (map_.size() >= kMaxEntries) map_.clear();
    return map_.emplace(std::string(key), std::move(value)).first->second;
  }

 private:
  std::unordered_map<std::string, V, ViewHash, std::equal_to<>> map_;
};

struct WhenValue {
  Error error;
  bool ok = false;
  Instant start{};
  std::optional<Instant> end;
  bool time_known = false;
  bool multi_day = false;
  bool inferred = false;  // ParsedWhen::inferred: the title's and description's DateClues matter
};

struct MoneyValue {
  Error error;
  bool ok = false;
  BuyIn buy_in;
};

struct KindValue {
  std::uint32_t variant = 0;
  std::uint32_t tags = 0;
  TournamentStatus status = TournamentStatus::kScheduled;
};

// One normalised event, compact: texts are interned ids.
struct Event {
  Instant start{};
  std::optional<Instant> end;
  std::optional<std::int64_t> buy_in;
  std::optional<std::int64_t> fee;
  std::optional<std::int64_t> guarantee;
  std::uint64_t event_url = 0;    // blob reference: offset << 32 | length
  std::uint64_t source_hash = 0;  // blob reference
  std::int64_t line = 0;
  std::uint32_t title = 0;
  std::uint32_t description = 0;
  std::uint32_t source_name = 0;
  std::uint32_t source_url = 0;
  std::uint32_t variant = 0;
  std::uint32_t tags = 0;
  std::uint32_t timezone = 0;
  std::uint32_t venue_slot = 0;
  std::int32_t priority = 0;
  TournamentStatus status = TournamentStatus::kScheduled;
  bool time_known = true;
  bool multi_day = false;
};

struct Rejection {
  ErrorCode code = ErrorCode::kParse;
  std::string message;
  std::string source_name;
};

// One input line's outcome.
struct LineOutcome {
  std::int32_t event = -1;      // index into events_, or -1 when rejected
  std::int32_t rejection = -1;  // index into rejections_
};

struct RawVenueSlot {
  ResolvedVenue resolved;
  std::uint32_t group = 0;  // venue key group
  int best_priority = INT32_MIN;
  bool named = false;  // the name has letters or digits (else the lines are rejected)
};

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

void appendId(std::string& key, std::uint32_t id) {
  key.push_back('\x1f');
  key.append(reinterpret_cast<const char*>(&id), sizeof id);
}

// The read phase over a run of input lines: each line parsed and normalised
// into a compact Event (or rejected with its reason), with the caches that
// make repeated texts cheap. A large input is read by two LineReaders at
// once, one per half of the file, the second then absorbed into the first.
class LineReader {
 public:
  // `rejects`: where rejected lines go as JSON lines (may be null).
  LineReader(const NormalizeOptions& options, const Gazetteer& gazetteer, Instant now, std::ostream* rejects)
      : options_(options), gazetteer_(gazetteer), now_(now), rejects_out_(rejects) {}

  // Reads `in` from its position up to byte `end` (or to its end when
  // `end` < 0), the first line being number `first_line`. `lines_read`
  // counts the lines of every reader, for the progress line. False on a
  // read error.
  bool readLines(std::istream& in, std::int64_t end, std::int64_t first_line, std::atomic<std::int64_t>& lines_read);

  // Appends what `other` read (the lines after this reader's) to this one:
  // its texts, tag sets and venue slots are merged into this reader's, its
  // events, lines and rejections follow this reader's, in order.
  void absorb(LineReader& other);

  // Drops what only reading needs (the raw texts and the parser caches):
  // the write phase then has that memory.
  void releaseReadCaches() {
    raw_texts_ = Interner();
    cleaned_ = {};
    when_memo_ = {};
    when_context_memo_ = {};
    when_clues_memo_ = {};
    date_clues_ = {};
    money_memo_ = {};
    field_readings_ = {};
    title_readings_ = {};
    description_readings_ = {};
    kind_memo_ = {};
    venue_slot_by_raw_ = {};
  }

 protected:
  void addRejection(std::int64_t line_no, ErrorCode code, std::string message, std::string source_name,
                    std::string_view raw_line);
  void processLine(std::int64_t line_no, std::string_view line);
  Result<void> buildEvent(const RawEvent& raw, Event& e);
  std::uint32_t cleanedText(std::string_view raw);
  std::uint32_t internTags(const std::vector<std::string>& tags);
  std::string_view blob(std::uint64_t ref) const { return std::string_view(blob_).substr(ref >> 32, ref & 0xFFFFFFFFu); }
  std::uint64_t addBlob(std::string_view s) {
    std::uint64_t ref = (static_cast<std::uint64_t>(blob_.size()) << 32) | s.size();
    blob_ += s;
    return ref;
  }
  const std::string& foldedTitle(std::uint32_t text_id);
  Result<std::uint32_t> venueSlotFor(const RawEvent& raw);

  const NormalizeOptions& options_;
  const Gazetteer& gazetteer_;
  Instant now_{};
  std::ostream* rejects_out_;
  std::map<std::string, std::int64_t> rejected_by_reason_;

  std::vector<LineOutcome> lines_;
  std::vector<Event> events_;
  std::vector<Rejection> rejections_;
  std::vector<RawVenueSlot> venue_slots_;
  std::unordered_map<std::string, std::uint32_t, ViewHash, std::equal_to<>> venue_slot_by_raw_;

  Interner raw_texts_;                  // titles and descriptions as written
  std::vector<std::uint32_t> cleaned_;  // raw text id -> cleaned text id (texts_)
  Interner texts_;                      // cleaned titles, descriptions; names, URLs, codes
  std::vector<std::int32_t> folded_;    // text id -> folded key id (folds_), -1 = not computed
  Interner folds_;
  std::vector<std::vector<std::string>> tag_sets_;
  std::unordered_map<std::string, std::uint32_t, ViewHash, std::equal_to<>> tag_set_ids_;
  Memo<WhenValue> when_memo_;          // start, end, reference, zone
  Memo<WhenValue> when_context_memo_;  // the same plus title and description
  Memo<WhenValue> when_clues_memo_;    // start, end, reference, zone and the texts' DateClues
  std::vector<std::optional<DateClues>> date_clues_;  // by cleaned text id
  Memo<MoneyValue> money_memo_;
  Memo<BuyInReading> field_readings_;                         // by buy-in text
  std::vector<std::optional<BuyInReading>> title_readings_;        // by cleaned text id
  std::vector<std::optional<BuyInReading>> description_readings_;  // by cleaned text id
  Memo<KindValue> kind_memo_;
  std::string key_;  // reused buffer for memo keys
  // Consecutive lines usually come from one source: same name, URL, zone.
  struct LastText {
    std::string text;
    std::uint32_t id = UINT32_MAX;
  };
  LastText last_source_name_, last_source_url_, last_zone_;
  std::uint32_t internLast(LastText& last, std::string_view s) {
    if (last.id == UINT32_MAX || last.text != s) {
      last.text.assign(s);
      last.id = texts_.intern(s);
    }
    return last.id;
  }
  std::string blob_;  // event URLs and source hashes, one after the other (see Event)
  RawEvent raw_;     // reused for every line

  std::string cached_fetched_at_text_;
  std::optional<Instant> cached_fetched_at_;
  std::string cached_published_at_text_;
  Instant cached_published_base_{};
  Instant cached_reference_{};
};

class Runner : private LineReader {
 public:
  Runner(const NormalizeOptions& options, store::Store* store, Geocoder& geocoder, const Clock& clock)
      : LineReader(options, geocoder.gazetteer(), clock.now(), nullptr),
        store_(store),
        geocoder_(geocoder) {}

  Result<NormalizeReport> run(std::ostream* dry_run_out);

 private:
  // Reads every line of `in` (options_.in_path) into this reader, with a
  // second reader for the second half of a large file.
  Result<void> readInput(std::istream& in);
  void resolveVenueGroups();
  void materialize(const Event& e, Tournament& t) const;
  void dedupe();
  bool keptKeysAreDistinct();
  Result<void> upsertAll();
  void writeDryRun(std::ostream& out);
  Result<void> openRejects();

  store::Store* store_;
  Geocoder& geocoder_;
  NormalizeReport report_;

  std::vector<std::size_t> duplicate_of_;  // per event: kept event or kNotDuplicate
  std::vector<VenueGroup> venue_groups_;
  std::ofstream rejects_;
};

void LineReader::addRejection(std::int64_t line_no, ErrorCode code, std::string message, std::string source_name,
                          std::string_view raw_line) {
  const char* reason = errorCodeName(code);
  ++rejected_by_reason_[reason];
  if (rejects_out_ != nullptr) {
    nlohmann::json j = {{"rejected", true},
                        {"line", line_no},
                        {"source_name", source_name},
                        {"reason", reason},
                        {"message", message},
                        {"file", options_.in_path}};
    auto raw = nlohmann::json::parse(raw_line, nullptr, false);
    j["raw"] = raw.is_discarded() ? nlohmann::json(text::repairUtf8(raw_line)) : std::move(raw);
    *rejects_out_ << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  lines_.back().rejection = static_cast<std::int32_t>(rejections_.size());
  rejections_.push_back(Rejection{code, std::move(message), std::move(source_name)});
}

std::uint32_t LineReader::cleanedText(std::string_view raw) {
  std::uint32_t raw_id = raw_texts_.intern(raw);
  if (raw_id >= cleaned_.size()) {
    cleaned_.resize(raw_id + 1, UINT32_MAX);
  }
  if (cleaned_[raw_id] == UINT32_MAX) cleaned_[raw_id] = texts_.intern(raw.empty() ? std::string() : cleanText(raw));
  return cleaned_[raw_id];
}

std::uint32_t LineReader::internTags(const std::vector<std::string>& tags) {
  std::string joined;
  for (const auto& t : tags) {
    joined += t;
    joined += '\x1f';
  }
  auto [it, inserted] = tag_set_ids_.try_emplace(joined, static_cast<std::uint32_t>(tag_sets_.size()));
  if (inserted) tag_sets_.push_back(tags);
  return it->second;
}

const std::string& LineReader::foldedTitle(std::uint32_t text_id) {
  if (text_id >= folded_.size()) folded_.resize(texts_.size(), -1);
  if (folded_[text_id] < 0) folded_[text_id] = static_cast<std::int32_t>(folds_.intern(text::foldKey(texts_.at(text_id))));
  return folds_.at(static_cast<std::uint32_t>(folded_[text_id]));
}

Result<std::uint32_t> LineReader::venueSlotFor(const RawEvent& r) {
  key_.clear();
  key_ += r.venue_name;
  key_ += '\x1f';
  key_ += r.address;
  key_ += '\x1f';
  key_ += r.city;
  key_ += '\x1f';
  key_ += r.postcode;
  if (r.latitude && r.longitude) {
    key_ += '\x1f';
    key_.append(reinterpret_cast<const char*>(&*r.latitude), sizeof(double));
    key_.append(reinterpret_cast<const char*>(&*r.longitude), sizeof(double));
  }
  auto it = venue_slot_by_raw_.find(std::string_view(key_));
  std::uint32_t index = 0;
  if (it != venue_slot_by_raw_.end()) {
    index = it->second;
  } else {
    RawVenueSlot slot;
    slot.resolved = resolveVenue(r, gazetteer_);
    Venue& v = slot.resolved.venue;
    if (text::foldKey(v.name).empty()) v.name = v.city;
    slot.named = !text::foldKey(v.name).empty();
    index = static_cast<std::uint32_t>(venue_slots_.size());
    venue_slots_.push_back(std::move(slot));
    venue_slot_by_raw_.emplace(key_, index);
  }
  if (!venue_slots_[index].named) {
    return makeError(ErrorCode::kMissingField,
                     "the venue has no name, city or address with letters or digits; map the venue fields",
                     "venue_name");
  }
  return index;
}

Result<void> LineReader::buildEvent(const RawEvent& raw, Event& e) {
  e.title = cleanedText(raw.title);
  const std::string& title = texts_.at(e.title);
  if (title.empty() || foldedTitle(e.title).empty()) {
    return makeError(ErrorCode::kMissingField,
                     title.empty() ? "the event has no title; map the source's title field"
                                   : "the title '" + title + "' has no letters or digits",
                     "title");
  }
  if (text::trim(raw.venue_name).empty() && text::trim(raw.address).empty() && text::trim(raw.city).empty() &&
      text::trim(raw.postcode).empty()) {
    return makeError(ErrorCode::kMissingField,
                     "the event names no venue, address or city; map them or set the source's default_venue",
                     "venue_name");
  }
  std::string_view zone = raw.timezone.empty() ? kParisZone : std::string_view(raw.timezone);
  e.timezone = internLast(last_zone_, zone);
  e.description = cleanedText(raw.description);
  const std::string& description = texts_.at(e.description);

  // Reference time: when the announcement was published, else when the page
  // was fetched (omitted years and relative days are read against it).
  Instant reference = now_;
  if (!raw.fetched_at.empty()) {
    if (raw.fetched_at != cached_fetched_at_text_) {
      auto parsed = parseIsoInstant(raw.fetched_at);
      cached_fetched_at_text_ = raw.fetched_at;
      cached_fetched_at_ = parsed ? std::optional<Instant>(*parsed) : std::nullopt;
    }
    if (cached_fetched_at_) reference = *cached_fetched_at_;
  }
  if (!raw.published_at.empty() && isKnownZone(zone)) {
    if (raw.published_at != cached_published_at_text_ || reference != cached_published_base_) {
      cached_published_at_text_ = raw.published_at;
      cached_published_base_ = reference;
      cached_reference_ = announcementReference(raw.published_at, reference, reference, zone);
    }
    reference = cached_reference_;
  }

  // Dates. parseWhen reads the title and description only when the start
  // field lacks a date or a time (date_fr.hpp), so a start with both is
  // cached without them: one entry per distinct start text, not per event.
  auto computeWhen = [&](std::string_view context, const DateClues* clues = nullptr) {
    WhenValue v;
    if (!isKnownZone(zone)) {
      v.error = makeError(ErrorCode::kInvalidArgument, "unknown time zone '" + raw.timezone + "'; use an IANA name",
                          "timezone");
      return v;
    }
    auto parsed = clues != nullptr
                      ? parseWhen(raw.start, raw.end, context, *clues, instantToLocal(reference, zone), zone)
                      : parseWhen(raw.start, raw.end, context, instantToLocal(reference, zone), zone);
    if (!parsed) {
      v.error = parsed.error();
      return v;
    }
    auto start = startInstant(*parsed, zone);
    auto end = endInstant(*parsed, zone);
    if (!start) {
      v.error = start.error();
    } else if (!end) {
      v.error = end.error();
    } else {
      v.ok = true;
      v.start = *start;
      v.end = *end;
      if (v.end && *v.end < v.start) v.end.reset();
      v.time_known = parsed->time_known;
      v.multi_day = parsed->multi_day;
      v.inferred = parsed->inferred;
      if (!parsed->warning.empty()) {
        logger()->debug("source={} title=\"{}\" warning=\"{}\"", raw.source_name, title, parsed->warning);
      }
    }
    return v;
  };
  key_.clear();
  key_ += raw.start;
  key_ += '\x1f';
  key_ += raw.end;
  key_.append(reinterpret_cast<const char*>(&reference), sizeof reference);
  key_ += zone;
  const WhenValue* when = when_memo_.find(key_);
  if (when == nullptr) when = &when_memo_.put(key_, computeWhen({}));
  // The DateClues of the title and description, read once per text.
  auto cluesOf = [&](std::uint32_t id) -> DateClues {
    if (id >= date_clues_.size()) date_clues_.resize(texts_.size());
    if (!date_clues_[id]) date_clues_[id] = readDateClues(texts_.at(id));
    return *date_clues_[id];
  };
  if (!when->ok || !when->time_known) {
    // The start alone is not enough: the title and description may complete it.
    appendId(key_, e.title);
    appendId(key_, e.description);
    const WhenValue* with_context = when_context_memo_.find(key_);
    if (with_context == nullptr) {
      std::string context = title;
      if (!description.empty()) {
        context += '\n';
        context += description;
      }
      const DateClues clues = mergeDateClues(cluesOf(e.title), cluesOf(e.description));
      with_context = &when_context_memo_.put(key_, computeWhen(context, &clues));
    }
    when = with_context;
  } else if (when->inferred) {
    // A day read without its year (or a weekday alone): a year written in
    // the title or description, or words of a report, may change it. The
    // clues are read once per text and make a small key.
    const DateClues clues = mergeDateClues(cluesOf(e.title), cluesOf(e.description));
    if (!clues.empty()) {
      key_.append(reinterpret_cast<const char*>(clues.years.data()), sizeof clues.years);
      key_ += clues.coverage ? '1' : '0';
      const WhenValue* with_clues = when_clues_memo_.find(key_);
      if (with_clues == nullptr) with_clues = &when_clues_memo_.put(key_, computeWhen({}, &clues));
      when = with_clues;
    }
  }
  if (!when->ok) return when->error;
  e.start = when->start;
  e.end = when->end;
  e.time_known = when->time_known;
  e.multi_day = when->multi_day;

  // Buy-in: the field, else the title, else the description (money.hpp);
  // guarantees may come from any of them.
  key_.clear();
  key_ += raw.buy_in;
  appendId(key_, e.title);
  appendId(key_, e.description);
  const MoneyValue* money = money_memo_.find(key_);
  if (money == nullptr) {
    MoneyValue v;
    // Each text is read once per run (a listing repeats its titles,
    // descriptions and buy-in texts in ever new combinations).
    auto read = [&](std::string_view text, BuyInSource where) -> BuyInReading {
      if (where == BuyInSource::kField) {
        if (const BuyInReading* r = field_readings_.find(text)) return *r;
        return field_readings_.put(text, readBuyIn(text, where));
      }
      const bool is_title = where == BuyInSource::kTitle;
      const std::uint32_t id = is_title ? e.title : e.description;
      auto& cache = is_title ? title_readings_ : description_readings_;
      if (id >= cache.size()) cache.resize(texts_.size());
      if (!cache[id]) cache[id] = readBuyIn(text, where);
      return *cache[id];
    };
    auto parsed = parseBuyIn(raw.buy_in, title, description, read);
    if (parsed) {
      v.ok = true;
      v.buy_in = *parsed;
    } else {
      v.error = parsed.error();
    }
    money = &money_memo_.put(key_, std::move(v));
  }
  if (!money->ok) return money->error;
  e.buy_in = money->buy_in.buy_in_cents;
  e.fee = money->buy_in.fee_cents;
  e.guarantee = money->buy_in.guarantee_cents;

  // Variant, tags and status: one cached answer for the three.
  key_.clear();
  key_ += raw.variant;
  key_ += '\x1f';
  key_ += raw.status_text;
  key_ += money->buy_in.freeroll ? '1' : '0';
  key_ += money->buy_in.qualifiers ? '1' : '0';
  appendId(key_, e.title);
  appendId(key_, e.description);
  const KindValue* kind = kind_memo_.find(key_);
  if (kind == nullptr) {
    KindValue v;
    v.variant = texts_.intern(classifyVariant(raw.variant, title, description));
    v.tags = internTags(extractTags(title, description, money->buy_in.freeroll, money->buy_in.qualifiers));
    v.status = classifyStatus(raw.status_text, title);
    kind = &kind_memo_.put(key_, v);
  }
  e.variant = kind->variant;
  e.tags = kind->tags;
  e.status = kind->status;

  e.source_name = internLast(last_source_name_, raw.source_name);
  e.source_url = internLast(last_source_url_, raw.source_url);
  e.event_url = addBlob(raw.event_url);
  e.source_hash = addBlob(raw.source_hash);
  e.priority = raw.priority;

  // Last, so that a rejected line adds no venue to resolve and geocode.
  auto slot = venueSlotFor(raw);
  if (!slot) return slot.error();
  e.venue_slot = *slot;
  return ok();
}

void LineReader::processLine(std::int64_t line_no, std::string_view line) {
  lines_.emplace_back();
  if (!detail::parseRawLineFast(line, raw_)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) {
      addRejection(line_no, ErrorCode::kParse,
                   text::trim(line).empty() ? "empty line" : "not a JSON object; each line must be one raw event", "",
                   line);
      return;
    }
    auto parsed = rawEventFromJson(j);
    if (!parsed) {
      std::string source;
      if (j.is_object() && j.contains("source_name") && j["source_name"].is_string()) source = j["source_name"];
      addRejection(line_no, parsed.error().code, parsed.error().describe(), source, line);
      return;
    }
    raw_ = std::move(*parsed);
  }
  Event e;
  auto built = buildEvent(raw_, e);
  if (!built) {
    addRejection(line_no, built.error().code, built.error().describe(), raw_.source_name, line);
    return;
  }
  e.line = line_no;
  RawVenueSlot& slot = venue_slots_[e.venue_slot];
  slot.best_priority = std::max(slot.best_priority, e.priority);
  lines_.back().event = static_cast<std::int32_t>(events_.size());
  events_.push_back(std::move(e));
}

bool LineReader::readLines(std::istream& in, std::int64_t end, std::int64_t first_line,
                           std::atomic<std::int64_t>& lines_read) {
  std::string line;
  std::int64_t line_no = first_line - 1;
  std::int64_t consumed = 0;  // bytes, when reading up to `end`
  const std::int64_t start = end >= 0 ? static_cast<std::int64_t>(in.tellg()) : 0;
  while ((end < 0 || start + consumed < end) && std::getline(in, line)) {
    ++line_no;
    consumed += static_cast<std::int64_t>(line.size()) + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    processLine(line_no, line);
    std::int64_t total = ++lines_read;
    if (options_.progress && total % 20000 == 0) {
      std::fprintf(stderr, "\rnormalize: %lld lines read", static_cast<long long>(total));
    }
  }
  return !in.bad();
}

void LineReader::absorb(LineReader& other) {
  std::vector<std::uint32_t> text_id(other.texts_.size());
  for (std::uint32_t i = 0; i < text_id.size(); ++i) text_id[i] = texts_.intern(other.texts_.at(i));
  std::vector<std::uint32_t> tags_id(other.tag_sets_.size());
  for (std::size_t i = 0; i < tags_id.size(); ++i) tags_id[i] = internTags(other.tag_sets_[i]);
  // Venue slots in the other reader's order (first seen first), so that the
  // merged order is the one a single reader would have made.
  std::vector<const std::string*> slot_key(other.venue_slots_.size());
  for (const auto& [key, index] : other.venue_slot_by_raw_) slot_key[index] = &key;
  std::vector<std::uint32_t> slot_id(other.venue_slots_.size());
  for (std::size_t i = 0; i < slot_id.size(); ++i) {
    RawVenueSlot& theirs = other.venue_slots_[i];
    auto it = venue_slot_by_raw_.find(std::string_view(*slot_key[i]));
    if (it != venue_slot_by_raw_.end()) {
      RawVenueSlot& mine = venue_slots_[it->second];
      mine.best_priority = std::max(mine.best_priority, theirs.best_priority);
      slot_id[i] = it->second;
    } else {
      slot_id[i] = static_cast<std::uint32_t>(venue_slots_.size());
      venue_slots_.push_back(std::move(theirs));
      venue_slot_by_raw_.emplace(*slot_key[i], slot_id[i]);
    }
  }
  const std::uint64_t shift = static_cast<std::uint64_t>(blob_.size()) << 32;
  blob_ += other.blob_;
  const auto event_base = static_cast<std::int32_t>(events_.size());
  const auto rejection_base = static_cast<std::int32_t>(rejections_.size());
  events_.reserve(events_.size() + other.events_.size());
  for (Event e : other.events_) {
    for (std::uint32_t* id : {&e.title, &e.description, &e.source_name, &e.source_url, &e.variant, &e.timezone}) {
      *id = text_id[*id];
    }
    e.tags = tags_id[e.tags];
    e.venue_slot = slot_id[e.venue_slot];
    e.event_url += shift;
    e.source_hash += shift;
    events_.push_back(e);
  }
  for (LineOutcome l : other.lines_) {
    if (l.event >= 0) l.event += event_base;
    if (l.rejection >= 0) l.rejection += rejection_base;
    lines_.push_back(l);
  }
  for (auto& r : other.rejections_) rejections_.push_back(std::move(r));
  for (const auto& [reason, n] : other.rejected_by_reason_) rejected_by_reason_[reason] += n;
}

// CPUs this process may run on (its affinity mask, e.g. under taskset or a
// container's cpuset): a second reader only pays with a second CPU.
int usableCpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) return CPU_COUNT(&set);
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

Result<void> Runner::readInput(std::istream& in) {
  std::error_code ec;
  const auto size = static_cast<std::int64_t>(std::filesystem::file_size(options_.in_path, ec));
  std::atomic<std::int64_t> lines_read{0};
  auto readError = [&] { return makeError(ErrorCode::kIo, "read error in the raw events file", options_.in_path); };

  // The second half starts after the first newline at or past the middle;
  // its first line number is one more than the newlines before it.
  std::int64_t split = -1;
  std::int64_t lines_before = 0;
  if (!ec && size >= options_.two_readers_from_bytes && usableCpus() > 1) {
    std::ifstream scan(options_.in_path, std::ios::binary);
    std::vector<char> buffer(1 << 20);
    std::int64_t offset = 0;
    while (scan && offset < size) {
      scan.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      auto got = static_cast<std::size_t>(scan.gcount());
      if (got == 0) break;
      const char* begin = buffer.data();
      const char* stop = begin + got;
      if (offset + static_cast<std::int64_t>(got) > size / 2) {
        // The chunk holding the middle: count up to the newline that ends it.
        const char* mid = begin + std::max<std::int64_t>(size / 2 - offset, 0);
        const char* nl = std::find(mid, stop, '\n');
        if (nl != stop) {
          lines_before += std::count(begin, nl + 1, '\n');
          split = offset + (nl + 1 - begin);
          break;
        }
      }
      lines_before += std::count(begin, stop, '\n');
      offset += static_cast<std::int64_t>(got);
    }
    if (scan.bad()) return readError();
    if (split >= size) split = -1;  // nothing after the middle line
  }

  if (split < 0) {
    if (!readLines(in, -1, 1, lines_read)) return readError();
  } else {
    std::ostringstream second_rejects;
    LineReader second(options_, gazetteer_, now_, rejects_out_ != nullptr ? &second_rejects : nullptr);
    bool second_ok = true;
    std::thread worker([&] {
      std::ifstream tail(options_.in_path, std::ios::binary);
      tail.seekg(split);
      second_ok = tail && second.readLines(tail, -1, lines_before + 1, lines_read);
    });
    bool first_ok = readLines(in, split, 1, lines_read);
    worker.join();
    if (!first_ok || !second_ok) return readError();
    if (rejects_out_ != nullptr) *rejects_out_ << second_rejects.str();
    absorb(second);
  }
  if (options_.progress && lines_read >= 20000) std::fprintf(stderr, "\n");
  report_.lines = lines_read;
  report_.rejected_by_reason = rejected_by_reason_;
  releaseReadCaches();
  return ok();
}

// Same venue written several ways -> one venue (venue key); the kept name is
// the highest-priority source's, then the longest; missing fields are filled
// from the other spellings; then each venue is geocoded once.
void Runner::resolveVenueGroups() {
  std::unordered_map<std::string, std::uint32_t> group_by_key;
  for (auto& slot : venue_slots_) {
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

void Runner::materialize(const Event& e, Tournament& t) const {
  t.title = texts_.at(e.title);
  t.description = texts_.at(e.description);
  t.start = e.start;
  t.end = e.end;
  t.time_known = e.time_known;
  t.multi_day = e.multi_day;
  t.timezone = texts_.at(e.timezone);
  t.buy_in_cents = e.buy_in;
  t.fee_cents = e.fee;
  t.guarantee_cents = e.guarantee;
  t.variant = texts_.at(e.variant);
  t.tags = tag_sets_[e.tags];
  t.status = e.status;
  t.source_name = texts_.at(e.source_name);
  t.source_url = texts_.at(e.source_url);
  t.source_hash = blob(e.source_hash);
  t.event_url = blob(e.event_url);
}

void Runner::dedupe() {
  std::vector<DedupeItem> items(events_.size());
  for (std::size_t i = 0; i < events_.size(); ++i) {
    const Event& e = events_[i];
    DedupeItem& d = items[i];
    d.venue = venue_slots_[e.venue_slot].group;
    d.title_key = foldedTitle(e.title);
    d.start = e.start;
    d.time_known = e.time_known;
    d.local_day = localDay(e.start, texts_.at(e.timezone));
    d.priority = e.priority;
    // richness() of the tournament without its venue (shared by the group).
    d.richness = (e.end ? 1 : 0) + (e.buy_in ? 1 : 0) + (e.fee ? 1 : 0) + (e.guarantee ? 1 : 0) +
                 (texts_.at(e.description).empty() ? 0 : 1) + (tag_sets_[e.tags].empty() ? 0 : 1) +
                 ((e.event_url & 0xFFFFFFFFu) == 0 ? 0 : 1) + (e.time_known ? 1 : 0);
  }
  duplicate_of_ = findDuplicates(items);
  Tournament kept;
  Tournament dup;
  for (std::size_t i = 0; i < events_.size(); ++i) {
    if (duplicate_of_[i] == kNotDuplicate) continue;
    ++report_.duplicates;
    Event& k = events_[duplicate_of_[i]];
    materialize(k, kept);
    materialize(events_[i], dup);
    mergeInto(kept, dup);
    k.start = kept.start;
    k.time_known = kept.time_known;
    k.end = kept.end;
    k.multi_day = kept.multi_day;
    k.buy_in = kept.buy_in_cents;
    k.fee = kept.fee_cents;
    k.guarantee = kept.guarantee_cents;
    k.description = texts_.intern(kept.description);
    if (kept.event_url != blob(k.event_url)) k.event_url = addBlob(kept.event_url);
    k.tags = internTags(kept.tags);
  }
}

// Two threads share the work: this one materialises each batch and has the
// store prepare it (folding, hashing, encoding: the client's part), while a
// writer thread writes the previous batch (the database's part). Batches are
// written one at a time in input order, each in its own transaction; at most
// two batches are alive (one written, one built), which bounds memory. The
// first error stops both sides; batches already written stay written.
// True when no two kept events share the store's key (venue, folded title,
// start). De-duplication makes it so, but a merge may move a start; this
// checks rather than assumes before the store is told (DisjointUpsertRun).
bool Runner::keptKeysAreDistinct() {
  std::vector<std::tuple<std::uint32_t, std::int32_t, std::int64_t>> keys;
  keys.reserve(events_.size());
  for (std::size_t i = 0; i < events_.size(); ++i) {
    if (duplicate_of_[i] != kNotDuplicate) continue;
    const Event& e = events_[i];
    foldedTitle(e.title);  // fills folded_[e.title]
    keys.emplace_back(venue_slots_[e.venue_slot].group, folded_[e.title], e.start.time_since_epoch().count());
  }
  std::sort(keys.begin(), keys.end());
  return std::adjacent_find(keys.begin(), keys.end()) == keys.end();
}

Result<void> Runner::upsertAll() {
  BoundedQueue<std::unique_ptr<store::PreparedUpsert>> queue(1);
  Result<void> written = ok();
  store::DisjointUpsertRun run;
  store::DisjointUpsertRun* disjoint = keptKeysAreDistinct() ? &run : nullptr;
  std::thread writer([&] {
    std::size_t upserted = 0;
    try {
      while (auto batch = queue.pop()) {
        auto counts = store_->upsertPrepared(**batch, now_, disjoint);
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
    auto p = store_->prepareUpsert(std::move(batch));
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
      materialize(events_[i], t);
      t.venue = venue_groups_[venue_slots_[events_[i].venue_slot].group].venue;
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

void Runner::writeDryRun(std::ostream& out) {
  std::string buffer;
  buffer.reserve(1 << 17);
  Tournament t;
  for (std::size_t n = 0; n < lines_.size(); ++n) {
    const LineOutcome& o = lines_[n];
    if (o.event >= 0) {
      auto ei = static_cast<std::size_t>(o.event);
      const Event& e = events_[ei];
      materialize(e, t);
      std::optional<std::int64_t> dup;
      if (duplicate_of_[ei] != kNotDuplicate) dup = events_[duplicate_of_[ei]].line;
      detail::appendTournamentJson(buffer, t, venue_groups_[venue_slots_[e.venue_slot].group].json, dup);
    } else {
      const Rejection& r = rejections_[static_cast<std::size_t>(o.rejection)];
      nlohmann::json j = {{"rejected", true},
                          {"line", static_cast<std::int64_t>(n + 1)},
                          {"source_name", r.source_name},
                          {"reason", errorCodeName(r.code)},
                          {"message", r.message}};
      buffer += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
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
  rejects_out_ = &rejects_;
  return ok();
}

Result<NormalizeReport> Runner::run(std::ostream* dry_run_out) {
  auto started = std::chrono::steady_clock::now();
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
  if (auto r = readInput(in); !r) return r.error();
  report_.tournaments = static_cast<std::int64_t>(events_.size());

  auto read_done = std::chrono::steady_clock::now();
  resolveVenueGroups();
  dedupe();
  auto prepared = std::chrono::steady_clock::now();

  if (rejects_.is_open()) {
    rejects_.flush();
    if (!rejects_) return makeError(ErrorCode::kIo, "cannot write the rejects file", options_.rejects_path);
  }

  if (options_.dry_run) {
    if (dry_run_out != nullptr) writeDryRun(*dry_run_out);
  } else {
    if (auto r = upsertAll(); !r) return r.error();
  }
  auto finished = std::chrono::steady_clock::now();
  report_.seconds = std::chrono::duration<double>(finished - started).count();
  auto ms = [](auto d) { return static_cast<long long>(std::chrono::duration<double, std::milli>(d).count()); };
  logger()->info(
      "lines={} tournaments={} duplicates={} rejected={} venues={} inserted={} updated={} unchanged={} ms={} "
      "ms_read={} ms_venues_dedupe={} ms_{}={}",
      report_.lines, report_.tournaments, report_.duplicates, report_.rejected(), report_.venues, report_.inserted,
      report_.updated, report_.unchanged, ms(finished - started), ms(read_done - started), ms(prepared - read_done),
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
