#include "pft/normalize/normalize_event.hpp"

#include <algorithm>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <unordered_map>

#include "logger.hpp"
#include "pft/core/text.hpp"
#include "pft/core/time.hpp"
#include "pft/core/url.hpp"
#include "pft/normalize/announcement.hpp"
#include "pft/normalize/classify.hpp"
#include "pft/normalize/date_fr.hpp"
#include "pft/normalize/money.hpp"

namespace pft::normalize {
namespace {

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
  bool end_time_known = false;
  bool multi_day = false;
  bool inferred = false;  // ParsedWhen::inferred: the title's and description's DateClues matter
  std::optional<Error> end_warning;  // an end that could not be used (the event keeps no end)
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

void appendId(std::string& key, std::uint32_t id) {
  key.push_back('\x1f');
  key.append(reinterpret_cast<const char*>(&id), sizeof id);
}

// Consecutive lines usually come from one source: same name, URL, zone.
struct LastText {
  std::string text;
  std::uint32_t id = UINT32_MAX;
};

// Event URLs, source hashes and identities, packed one after the other in
// chunks of 4 MiB that never move. A reference is offset << 32 | length,
// the offset counted as if the chunks were laid end to end (so up to 1,024
// chunks). Growing never copies what is stored (one string copied on each
// doubling cost a tenth of the single-threaded part of a 100,000-line run),
// and absorb() takes the other context's chunks as they are.
class BlobStore {
 public:
  static constexpr unsigned kChunkBits = 22;
  static constexpr std::size_t kChunkBytes = std::size_t{1} << kChunkBits;

  std::uint64_t add(std::string_view s) {
    if (s.empty()) return 0;
    // Longer than a chunk: unreachable (a raw line is at most 1 MiB), cut
    // rather than overflow the chunk.
    s = s.substr(0, kChunkBytes);
    if (kChunkBytes - used_ < s.size()) {
      chunks_.push_back(std::make_unique_for_overwrite<char[]>(kChunkBytes));
      used_ = 0;
    }
    const std::uint64_t offset = ((chunks_.size() - 1) << kChunkBits) + used_;
    std::memcpy(chunks_.back().get() + used_, s.data(), s.size());
    used_ += s.size();
    return (offset << 32) | s.size();
  }

  std::string_view get(std::uint64_t ref) const {
    const std::size_t length = ref & 0xFFFFFFFFu;
    if (length == 0) return {};
    const std::uint64_t offset = ref >> 32;
    return {chunks_[offset >> kChunkBits].get() + (offset & (kChunkBytes - 1)), length};
  }

  // Moves `other`'s chunks after these; returns what to add to its
  // references.
  std::uint64_t absorb(BlobStore& other) {
    const std::uint64_t shift = (static_cast<std::uint64_t>(chunks_.size()) << kChunkBits) << 32;
    if (other.chunks_.empty()) return shift;
    for (auto& c : other.chunks_) chunks_.push_back(std::move(c));
    used_ = other.used_;
    other.chunks_.clear();
    other.used_ = kChunkBytes;
    return shift;
  }

 private:
  std::vector<std::unique_ptr<char[]>> chunks_;
  std::size_t used_ = kChunkBytes;  // bytes used in the last chunk (full: none yet)
};

}  // namespace

struct EventContext::State {
  // What stays for the run (ids handed out in events).
  Interner texts;                      // cleaned titles, descriptions; names, URLs, codes
  std::vector<std::int32_t> folded;    // text id -> folded key id (folds), -1 = not computed
  Interner folds;
  std::vector<std::vector<std::string>> tag_sets;
  std::unordered_map<std::string, std::uint32_t, ViewHash, std::equal_to<>> tag_set_ids;
  std::vector<VenueSlot> venue_slots;
  std::unordered_map<std::string, std::uint32_t, ViewHash, std::equal_to<>> venue_slot_by_raw;
  BlobStore blob;  // event URLs, source hashes, identities (NormalizedEvent)

  // Caches, dropped by releaseCaches().
  Interner raw_texts;                 // titles and descriptions as written
  std::vector<std::uint32_t> cleaned;  // raw text id -> cleaned text id (texts)
  Memo<WhenValue> when_memo;          // start, end, reference, zone
  Memo<WhenValue> when_context_memo;  // the same plus title and description
  Memo<WhenValue> when_clues_memo;    // start, end, reference, zone and the texts' DateClues
  std::vector<std::optional<DateClues>> date_clues;  // by cleaned text id
  Memo<MoneyValue> money_memo;
  Memo<BuyInReading> field_readings;                         // by buy-in text
  std::vector<std::optional<BuyInReading>> title_readings;        // by cleaned text id
  std::vector<std::optional<BuyInReading>> description_readings;  // by cleaned text id
  Memo<KindValue> kind_memo;
  std::vector<std::optional<TextKind>> text_kinds;  // by cleaned text id (titles and descriptions)
  Memo<TextKind> field_kinds;                       // variant fields and status texts, as written
  std::string key;  // reused buffer for memo keys
  LastText last_source_name, last_source_url, last_zone;
  std::string served_source_url;  // the last source URL as written, when checkedUrl kept it
  std::string cached_fetched_at_text;
  std::optional<Instant> cached_fetched_at;
  std::string cached_published_at_text;
  Instant cached_published_base{};
  Instant cached_reference{};

  std::uint32_t internLast(LastText& last, std::string_view s) {
    if (last.id == UINT32_MAX || last.text != s) {
      last.text.assign(s);
      last.id = texts.intern(s);
    }
    return last.id;
  }

  std::uint32_t cleanedText(std::string_view raw) {
    std::uint32_t raw_id = raw_texts.intern(raw);
    if (raw_id >= cleaned.size()) cleaned.resize(raw_id + 1, UINT32_MAX);
    if (cleaned[raw_id] == UINT32_MAX) cleaned[raw_id] = texts.intern(raw.empty() ? std::string() : cleanText(raw));
    return cleaned[raw_id];
  }

  std::uint32_t foldedId(std::uint32_t text_id) {
    if (text_id >= folded.size()) folded.resize(texts.size(), -1);
    if (folded[text_id] < 0) folded[text_id] = static_cast<std::int32_t>(folds.intern(text::foldKey(texts.at(text_id))));
    return static_cast<std::uint32_t>(folded[text_id]);
  }

  std::uint32_t internTags(const std::vector<std::string>& tags) {
    std::string joined;
    for (const auto& t : tags) {
      joined += t;
      joined += '\x1f';
    }
    auto [it, inserted] = tag_set_ids.try_emplace(joined, static_cast<std::uint32_t>(tag_sets.size()));
    if (inserted) tag_sets.push_back(tags);
    return it->second;
  }

  // The venue slot of the raw venue fields of `r`, resolved in the
  // gazetteer the first time they are seen.
  Result<std::uint32_t> venueSlotFor(const RawEvent& r, const Gazetteer& gazetteer) {
    key.clear();
    key += r.venue_name;
    key += '\x1f';
    key += r.address;
    key += '\x1f';
    key += r.city;
    key += '\x1f';
    key += r.postcode;
    if (r.latitude && r.longitude) {
      key += '\x1f';
      key.append(reinterpret_cast<const char*>(&*r.latitude), sizeof(double));
      key.append(reinterpret_cast<const char*>(&*r.longitude), sizeof(double));
    }
    auto it = venue_slot_by_raw.find(std::string_view(key));
    std::uint32_t index = 0;
    if (it != venue_slot_by_raw.end()) {
      index = it->second;
    } else {
      VenueSlot slot;
      slot.resolved = resolveVenue(r, gazetteer);
      Venue& v = slot.resolved.venue;
      if (text::foldKey(v.name).empty()) v.name = v.city;
      slot.named = !text::foldKey(v.name).empty();
      index = static_cast<std::uint32_t>(venue_slots.size());
      venue_slots.push_back(std::move(slot));
      venue_slot_by_raw.emplace(key, index);
    }
    if (!venue_slots[index].named) {
      return makeError(ErrorCode::kMissingField,
                       "the venue has no name, city or address with letters or digits; map the venue fields",
                       "venue_name");
    }
    return index;
  }
};

EventContext::EventContext(const Gazetteer& gazetteer, Instant now)
    : gazetteer_(gazetteer), now_(now), s_(std::make_unique<State>()) {}

EventContext::~EventContext() = default;

const std::string& EventContext::text(std::uint32_t id) const { return s_->texts.at(id); }
std::uint32_t EventContext::internText(std::string_view s) { return s_->texts.intern(s); }
const std::vector<std::string>& EventContext::tags(std::uint32_t id) const { return s_->tag_sets[id]; }
std::uint32_t EventContext::internTags(const std::vector<std::string>& tags) { return s_->internTags(tags); }
const std::string& EventContext::foldedTitle(std::uint32_t text_id) { return s_->folds.at(s_->foldedId(text_id)); }
std::uint32_t EventContext::foldedTitleId(std::uint32_t text_id) { return s_->foldedId(text_id); }

std::string_view EventContext::blob(std::uint64_t ref) const { return s_->blob.get(ref); }

std::uint64_t EventContext::addBlob(std::string_view s) { return s_->blob.add(s); }

std::vector<VenueSlot>& EventContext::venueSlots() { return s_->venue_slots; }
const std::vector<VenueSlot>& EventContext::venueSlots() const { return s_->venue_slots; }

void EventContext::materialize(const NormalizedEvent& e, Tournament& t) const {
  const Interner& texts = s_->texts;
  t.title = texts.at(e.title);
  t.description = texts.at(e.description);
  t.start = e.start;
  t.end = e.end;
  t.time_known = e.time_known;
  t.end_time_known = e.end_time_known;
  t.multi_day = e.multi_day;
  t.timezone = texts.at(e.timezone);
  t.buy_in_cents = e.buy_in;
  t.fee_cents = e.fee;
  t.guarantee_cents = e.guarantee;
  t.variant = texts.at(e.variant);
  t.tags = s_->tag_sets[e.tags];
  t.status = e.status;
  t.source_name = texts.at(e.source_name);
  t.source_url = texts.at(e.source_url);
  t.source_hash = blob(e.source_hash);
  t.event_url = blob(e.event_url);
  t.identity_key = blob(e.identity);
  t.also_known_as.clear();
}

void EventContext::releaseCaches(bool keep_venue_index) {
  State& s = *s_;
  s.raw_texts = Interner();
  s.cleaned = {};
  s.when_memo = {};
  s.when_context_memo = {};
  s.when_clues_memo = {};
  s.date_clues = {};
  s.money_memo = {};
  s.field_readings = {};
  s.title_readings = {};
  s.description_readings = {};
  s.kind_memo = {};
  s.text_kinds = {};
  s.field_kinds = {};
  if (!keep_venue_index) s.venue_slot_by_raw = {};
}

ContextMerge EventContext::absorb(EventContext& other) {
  State& mine = *s_;
  State& theirs = *other.s_;
  ContextMerge m;
  m.text_id_.resize(theirs.texts.size());
  for (std::uint32_t i = 0; i < m.text_id_.size(); ++i) m.text_id_[i] = mine.texts.intern(theirs.texts.at(i));
  m.tags_id_.resize(theirs.tag_sets.size());
  for (std::size_t i = 0; i < m.tags_id_.size(); ++i) m.tags_id_[i] = mine.internTags(theirs.tag_sets[i]);
  // Venue slots in the other context's order (first seen first), so that the
  // merged order is the one a single context would have made.
  std::vector<const std::string*> slot_key(theirs.venue_slots.size());
  for (const auto& [key, index] : theirs.venue_slot_by_raw) slot_key[index] = &key;
  m.slot_id_.resize(theirs.venue_slots.size());
  for (std::size_t i = 0; i < m.slot_id_.size(); ++i) {
    VenueSlot& slot = theirs.venue_slots[i];
    auto it = mine.venue_slot_by_raw.find(std::string_view(*slot_key[i]));
    if (it != mine.venue_slot_by_raw.end()) {
      VenueSlot& same = mine.venue_slots[it->second];
      same.best_priority = std::max(same.best_priority, slot.best_priority);
      m.slot_id_[i] = it->second;
    } else {
      m.slot_id_[i] = static_cast<std::uint32_t>(mine.venue_slots.size());
      mine.venue_slots.push_back(std::move(slot));
      mine.venue_slot_by_raw.emplace(*slot_key[i], m.slot_id_[i]);
    }
  }
  m.blob_shift_ = mine.blob.absorb(theirs.blob);
  return m;
}

void ContextMerge::apply(NormalizedEvent& e) const {
  for (std::uint32_t* id : {&e.title, &e.description, &e.source_name, &e.source_url, &e.variant, &e.timezone}) {
    *id = text_id_[*id];
  }
  e.tags = tags_id_[e.tags];
  e.venue_slot = slot_id_[e.venue_slot];
  e.event_url += blob_shift_;
  e.source_hash += blob_shift_;
  e.identity += blob_shift_;
}

namespace {

// An article of an announcement feed (announcement.hpp): skipped with
// NotAnnouncement unless it announces a dated tournament; its venue is the
// one its text names when it has no venue field.
Result<NormalizedEvent> normalizeAnnouncement(const RawEvent& raw, EventContext& context,
                                              std::vector<Error>* warnings) {
  if (auto why = whyNotAnnouncement(raw.title, raw.description)) {
    return makeError(ErrorCode::kNotAnnouncement, *why, "description");
  }
  RawEvent event = raw;
  event.kind.clear();
  if (text::trim(raw.venue_name).empty() && text::trim(raw.address).empty() && text::trim(raw.city).empty() &&
      text::trim(raw.postcode).empty()) {
    auto venue = findVenueInText(raw.title, raw.description, context.gazetteer());
    if (!venue) {
      return makeError(ErrorCode::kMissingField,
                       "the announcement names no venue or town the gazetteer knows; set the source's default_venue "
                       "if all its articles are about one place",
                       "venue_name");
    }
    event.venue_name = venue->name;
    event.city = venue->city;
  }
  auto normalized = normalizeEvent(event, context, warnings);
  if (!normalized && normalized.error().code == ErrorCode::kInvalidDate) {
    return makeError(ErrorCode::kNotAnnouncement,
                     "the article announces no dated tournament (" + normalized.error().message + ")",
                     normalized.error().where);
  }
  return normalized;
}

}  // namespace

namespace {

// An event_url (`source` false) or source_url as it is stored: trimmed when
// core's rule lets it be served (safeLinkUrl, safeSourceUrl), else empty
// with an InvalidUrl warning naming the field and why.
std::string_view checkedUrl(std::string_view url, bool source, std::vector<Error>* warnings) {
  const std::string_view trimmed = text::trim(url);
  if (trimmed.empty()) return {};
  std::string problem = source ? sourceUrlProblem(trimmed) : linkUrlProblem(trimmed);
  if (problem.empty()) return trimmed;
  if (warnings != nullptr) {
    std::string shown(trimmed.substr(0, 80));
    warnings->push_back(makeError(ErrorCode::kInvalidUrl,
                                  "'" + text::repairUtf8(shown) + (trimmed.size() > 80 ? "…" : "") +
                                      "' is not served: " + problem +
                                      (source ? "; a source URL is an http(s) link or a catalog-relative path"
                                              : "; an event URL is an absolute http(s) link") +
                                      " (dropped)",
                                  source ? "source_url" : "event_url"));
  }
  return {};
}

}  // namespace

Result<NormalizedEvent> normalizeEvent(const RawEvent& raw, EventContext& context, std::vector<Error>* warnings) {
  if (raw.kind == kAnnouncementKind) return normalizeAnnouncement(raw, context, warnings);
  EventContext::State& s = *context.s_;
  NormalizedEvent e;
  e.title = s.cleanedText(raw.title);
  const std::string& title = s.texts.at(e.title);
  if (title.empty() || s.folds.at(s.foldedId(e.title)).empty()) {
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
  e.timezone = s.internLast(s.last_zone, zone);
  e.description = s.cleanedText(raw.description);
  const std::string& description = s.texts.at(e.description);

  // Reference time: when the announcement was published, else when the page
  // was fetched (omitted years and relative days are read against it).
  Instant reference = context.now();
  if (!raw.fetched_at.empty()) {
    if (raw.fetched_at != s.cached_fetched_at_text) {
      auto parsed = parseIsoInstant(raw.fetched_at);
      s.cached_fetched_at_text = raw.fetched_at;
      s.cached_fetched_at = parsed ? std::optional<Instant>(*parsed) : std::nullopt;
    }
    if (s.cached_fetched_at) reference = *s.cached_fetched_at;
  }
  if (!raw.published_at.empty() && isKnownZone(zone)) {
    if (raw.published_at != s.cached_published_at_text || reference != s.cached_published_base) {
      s.cached_published_at_text = raw.published_at;
      s.cached_published_base = reference;
      s.cached_reference = announcementReference(raw.published_at, reference, reference, zone);
    }
    reference = s.cached_reference;
  }

  // Dates. parseWhen reads the title and description only when the start
  // field lacks a date or a time (date_fr.hpp), so a start with both is
  // cached without them: one entry per distinct start text, not per event.
  auto computeWhen = [&](std::string_view when_context, const DateClues* clues = nullptr) {
    WhenValue v;
    if (!isKnownZone(zone)) {
      v.error = makeError(ErrorCode::kInvalidArgument, "unknown time zone '" + raw.timezone + "'; use an IANA name",
                          "timezone");
      return v;
    }
    auto parsed = clues != nullptr
                      ? parseWhen(raw.start, raw.end, when_context, *clues, instantToLocal(reference, zone), zone)
                      : parseWhen(raw.start, raw.end, when_context, instantToLocal(reference, zone), zone);
    if (!parsed) {
      v.error = parsed.error();
      return v;
    }
    auto start = startInstant(*parsed, zone);
    if (!start) {
      v.error = start.error();
      return v;
    }
    // Only the start can reject: an end that cannot be used is dropped with
    // a warning (issue 12 §2).
    v.ok = true;
    v.start = *start;
    v.time_known = parsed->time_known;
    v.inferred = parsed->inferred;
    if (!parsed->warning.empty()) {
      v.end_warning = makeError(ErrorCode::kInvalidDate, parsed->warning, "end");
    }
    auto end = endInstant(*parsed, zone);
    if (!end) {
      v.end_warning = makeError(ErrorCode::kInvalidDate, end.error().message + " (end ignored)", "end");
    } else if (*end && **end < v.start) {
      v.end_warning = makeError(ErrorCode::kInvalidDate, "end '" + std::string(text::trim(raw.end)) + "' is before the start (end ignored)", "end");
    } else {
      v.end = *end;
      v.end_time_known = parsed->end_time_known;
    }
    v.multi_day = v.end && parsed->multi_day;  // core's spansSeveralDays (date_fr.hpp)
    if (v.end_warning) {
      detail::logger()->debug("source={} title=\"{}\" warning=\"{}\"", raw.source_name, title, v.end_warning->message);
    }
    return v;
  };
  std::string& key = s.key;
  key.clear();
  key += raw.start;
  key += '\x1f';
  key += raw.end;
  key.append(reinterpret_cast<const char*>(&reference), sizeof reference);
  key += zone;
  const WhenValue* when = s.when_memo.find(key);
  if (when == nullptr) when = &s.when_memo.put(key, computeWhen({}));
  // The DateClues of the title and description, read once per text.
  auto cluesOf = [&](std::uint32_t id) -> DateClues {
    if (id >= s.date_clues.size()) s.date_clues.resize(s.texts.size());
    if (!s.date_clues[id]) s.date_clues[id] = readDateClues(s.texts.at(id));
    return *s.date_clues[id];
  };
  if (!when->ok || !when->time_known) {
    // The start alone is not enough: the title and description may complete it.
    appendId(key, e.title);
    appendId(key, e.description);
    const WhenValue* with_context = s.when_context_memo.find(key);
    if (with_context == nullptr) {
      std::string when_context = title;
      if (!description.empty()) {
        when_context += '\n';
        when_context += description;
      }
      const DateClues clues = mergeDateClues(cluesOf(e.title), cluesOf(e.description));
      with_context = &s.when_context_memo.put(key, computeWhen(when_context, &clues));
    }
    when = with_context;
  } else if (when->inferred) {
    // A day read without its year (or a weekday alone): a year written in
    // the title or description, or words of a report, may change it. The
    // clues are read once per text and make a small key.
    const DateClues clues = mergeDateClues(cluesOf(e.title), cluesOf(e.description));
    if (!clues.empty()) {
      key.append(reinterpret_cast<const char*>(clues.years.data()), sizeof clues.years);
      key += clues.coverage ? '1' : '0';
      const WhenValue* with_clues = s.when_clues_memo.find(key);
      if (with_clues == nullptr) with_clues = &s.when_clues_memo.put(key, computeWhen({}, &clues));
      when = with_clues;
    }
  }
  if (!when->ok) return when->error;
  if (when->end_warning && warnings != nullptr) warnings->push_back(*when->end_warning);
  e.start = when->start;
  e.end = when->end;
  e.time_known = when->time_known;
  e.end_time_known = !when->end || when->end_time_known;
  e.multi_day = when->multi_day;

  // Buy-in: the field, else the title, else the description (money.hpp);
  // guarantees may come from any of them.
  key.clear();
  key += raw.buy_in;
  appendId(key, e.title);
  appendId(key, e.description);
  const MoneyValue* money = s.money_memo.find(key);
  if (money == nullptr) {
    MoneyValue v;
    // Each text is read once per run (a listing repeats its titles,
    // descriptions and buy-in texts in ever new combinations).
    auto read = [&](std::string_view text, BuyInSource where) -> BuyInReading {
      if (where == BuyInSource::kField) {
        if (const BuyInReading* r = s.field_readings.find(text)) return *r;
        return s.field_readings.put(text, readBuyIn(text, where));
      }
      const bool is_title = where == BuyInSource::kTitle;
      const std::uint32_t id = is_title ? e.title : e.description;
      auto& cache = is_title ? s.title_readings : s.description_readings;
      if (id >= cache.size()) cache.resize(s.texts.size());
      if (!cache[id]) cache[id] = readBuyIn(text, where);
      return *cache[id];
    };
    auto parsed = parseBuyIn(raw.buy_in, title, description, read);
    if (parsed) {
      v.ok = true;
      v.buy_in = *parsed;
    } else {
      v.error = parsed.error();
      v.error.where = "buy_in";
    }
    money = &s.money_memo.put(key, std::move(v));
  }
  // An unreadable buy-in leaves it unknown (null), with a warning: the
  // tournament is kept (issue 12 §2).
  if (!money->ok) {
    if (warnings != nullptr) warnings->push_back(money->error);
  } else {
    e.buy_in = money->buy_in.buy_in_cents;
    e.fee = money->buy_in.fee_cents;
    e.guarantee = money->buy_in.guarantee_cents;
  }

  // Variant, tags and status: one cached answer for the three.
  key.clear();
  key += raw.variant;
  key += '\x1f';
  key += raw.status_text;
  key += money->buy_in.freeroll ? '1' : '0';
  key += money->buy_in.qualifiers ? '1' : '0';
  appendId(key, e.title);
  appendId(key, e.description);
  const KindValue* kind = s.kind_memo.find(key);
  if (kind == nullptr) {
    // Each text is read once per run (readTextKind); the combinations are
    // many, the texts few.
    if (s.text_kinds.size() < s.texts.size()) s.text_kinds.resize(s.texts.size());
    for (std::uint32_t id : {e.title, e.description}) {
      if (!s.text_kinds[id]) s.text_kinds[id] = readTextKind(s.texts.at(id));
    }
    auto fieldKind = [&](std::string_view text) -> TextKind {
      if (const TextKind* k = s.field_kinds.find(text)) return *k;
      return s.field_kinds.put(text, readTextKind(text));
    };
    const TextKind variant_kind = fieldKind(raw.variant);
    const TextKind status_kind = fieldKind(raw.status_text);
    const Classification c = classify(variant_kind, *s.text_kinds[e.title], *s.text_kinds[e.description], status_kind,
                                      money->buy_in.freeroll, money->buy_in.qualifiers);
    KindValue v;
    v.variant = s.texts.intern(c.variant);
    v.tags = s.internTags(c.tags);
    v.status = c.status;
    kind = &s.kind_memo.put(key, v);
  }
  e.variant = kind->variant;
  e.tags = kind->tags;
  e.status = kind->status;

  e.source_name = s.internLast(s.last_source_name, raw.source_name);
  // Only what may be served as a link is stored (issue 15): anything else
  // is dropped with a warning, the tournament kept.
  e.event_url = context.addBlob(checkedUrl(raw.event_url, false, warnings));
  // A listing repeats its source URL on every line: checked once while it
  // stays the same and is served (a dropped one warns on every line).
  std::string_view source_url;
  if (!s.served_source_url.empty() && raw.source_url == s.served_source_url) {
    source_url = text::trim(raw.source_url);
  } else {
    source_url = checkedUrl(raw.source_url, true, warnings);
    if (!source_url.empty()) s.served_source_url.assign(raw.source_url);
  }
  e.source_url = s.internLast(s.last_source_url, source_url);
  e.source_hash = context.addBlob(raw.source_hash);
  e.priority = raw.priority;

  // Last, so that a rejected event adds no venue to resolve and geocode.
  auto slot = s.venueSlotFor(raw, context.gazetteer());
  if (!slot) return slot.error();
  e.venue_slot = *slot;
  VenueSlot& venue = s.venue_slots[e.venue_slot];
  venue.best_priority = std::max(venue.best_priority, e.priority);
  if (venue.key.empty()) venue.key = venueKey(venue.resolved.venue.name, venue.resolved.venue.city);
  e.identity = context.addBlob(identityKey(raw.source_id, venue.key, e.start, zone, s.folds.at(s.foldedId(e.title))));
  return e;
}

namespace {

// The text as is when short, else cut at a character boundary with "#" and
// the FNV-1a (64-bit) of the whole: stable on every machine and run.
std::string bounded(std::string_view text) {
  if (text.size() <= kMaxIdentityText) return std::string(text);
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  std::size_t cut = kMaxIdentityText - 17;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(text.substr(0, cut));
  out += '#';
  for (int shift = 60; shift >= 0; shift -= 4) out += kHex[(h >> shift) & 15];
  return out;
}

}  // namespace

std::string fallbackIdentityKey(std::string_view venue_key, Instant start, std::string_view zone,
                                std::string_view folded_title) {
  std::string key = "k:";
  key += venue_key;
  key += '|';
  key += formatLocalDate(start, zone);
  key += '|';
  key += folded_title;
  return bounded(key);
}

std::string identityKey(std::string_view source_id, std::string_view venue_key, Instant start, std::string_view zone,
                        std::string_view folded_title) {
  std::string_view id = text::trim(source_id);
  if (!id.empty()) return bounded("id:" + std::string(id));
  return fallbackIdentityKey(venue_key, start, zone, folded_title);
}

}  // namespace pft::normalize
