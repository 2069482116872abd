#pragma once
// normalizeEvent: the per-event rules of `pft normalize`, one raw event in,
// one normalised event (or the reason it cannot be one) out. The JSONL
// reader (jsonl_reader.hpp) calls it for every line; the run
// (normalizer.hpp) then resolves venues, merges duplicates and writes.
//
// Per event: title cleaned (classify.hpp cleanText; it must keep letters or
// digits); some venue field present; time zone (empty = Europe/Paris, else an
// IANA name); reference time = fetched_at, else the context's `now` (years
// are inferred from it); dates (date_fr.hpp parseWhen: the start alone, then
// with the title and description when it lacks a date or a time); buy-in
// (money.hpp: the field, else the title, else the description); variant,
// tags and status (classify.hpp); the venue resolved in the gazetteer
// (venue.hpp resolveVenue), last, so that a rejected event adds no venue;
// then its identity (identityKey below): who it is at its source, the key
// the store keeps one row per tournament on from one run to the next.
//
// EventContext holds what normalizeEvent needs beside the raw event (the
// gazetteer, `now`) and what it remembers from one event to the next: texts
// interned once (a NormalizedEvent refers to its texts by id), parser
// answers cached by their inputs (listings repeat their titles, start texts,
// buy-in texts and descriptions), one venue slot per distinct raw venue.
// The caches only save work: an event gives the same result in a fresh
// context as in one that has seen other events (tested). Parser warnings
// are logged at debug level (logger "normalize"); nothing else is written.
//
// Not thread-safe: one EventContext per thread. Two contexts filled in
// parallel (the two halves of a large file) are merged with absorb().

#include <climits>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pft/core/result.hpp"
#include "pft/core/time.hpp"
#include "pft/core/types.hpp"
#include "pft/normalize/gazetteer.hpp"
#include "pft/normalize/venue.hpp"

namespace pft::normalize {

// One normalised event, compact: texts, tag sets and venues are ids into
// the EventContext that made it (materialize() gives the Tournament).
struct NormalizedEvent {
  Instant start{};
  std::optional<Instant> end;
  std::optional<std::int64_t> buy_in;
  std::optional<std::int64_t> fee;
  std::optional<std::int64_t> guarantee;
  std::uint64_t event_url = 0;    // blob reference (EventContext::blob)
  std::uint64_t source_hash = 0;  // blob reference
  std::uint64_t identity = 0;     // blob reference: Tournament::identity_key (identityKey)
  std::int64_t line = 0;          // input line number: set by the caller
  std::uint32_t title = 0;        // text ids (EventContext::text)
  std::uint32_t description = 0;
  std::uint32_t source_name = 0;
  std::uint32_t source_url = 0;
  std::uint32_t variant = 0;
  std::uint32_t tags = 0;  // tag set id (EventContext::tags)
  std::uint32_t timezone = 0;
  std::uint32_t venue_slot = 0;  // index into EventContext::venueSlots()
  std::int32_t priority = 0;
  TournamentStatus status = TournamentStatus::kScheduled;
  bool time_known = true;
  bool end_time_known = true;  // false: the end is a day without a time (Tournament::end_time_known)
  bool multi_day = false;
};

// One distinct raw venue (name, address, city, postcode, coordinates as the
// source wrote them) and its resolution.
struct VenueSlot {
  ResolvedVenue resolved;
  std::string key;                 // venueKey(name, city) of the resolved venue
  std::uint32_t group = 0;         // venue key group: set by the run
  int best_priority = INT32_MIN;   // highest priority of its accepted events; INT32_MIN: none accepted
  bool named = false;              // the name has letters or digits (else its events are rejected)
};

class EventContext;

// What absorb() returns: how the absorbed context's ids read in the
// absorbing one.
class ContextMerge {
 public:
  // Rewrites the ids of `e` (an event of the absorbed context) into the
  // absorbing context's.
  void apply(NormalizedEvent& e) const;

 private:
  friend class EventContext;
  std::vector<std::uint32_t> text_id_;
  std::vector<std::uint32_t> tags_id_;
  std::vector<std::uint32_t> slot_id_;
  std::uint64_t blob_shift_ = 0;
};

class EventContext {
 public:
  // `gazetteer` must outlive the context. `now`: the reference time of
  // events without a (valid) fetched_at.
  EventContext(const Gazetteer& gazetteer, Instant now);
  ~EventContext();
  EventContext(const EventContext&) = delete;
  EventContext& operator=(const EventContext&) = delete;

  const Gazetteer& gazetteer() const { return gazetteer_; }
  Instant now() const { return now_; }

  // Texts (cleaned titles and descriptions, names, URLs, codes) by id.
  const std::string& text(std::uint32_t id) const;
  std::uint32_t internText(std::string_view s);
  // Tag sets by id.
  const std::vector<std::string>& tags(std::uint32_t id) const;
  std::uint32_t internTags(const std::vector<std::string>& tags);
  // text::foldKey of text `id`, computed once; its id among folded titles
  // (equal ids = equal folded titles).
  const std::string& foldedTitle(std::uint32_t text_id);
  std::uint32_t foldedTitleId(std::uint32_t text_id);
  // Event URLs and source hashes, stored one after the other.
  std::string_view blob(std::uint64_t ref) const;
  std::uint64_t addBlob(std::string_view s);

  // Every distinct raw venue seen, first seen first.
  std::vector<VenueSlot>& venueSlots();
  const std::vector<VenueSlot>& venueSlots() const;

  // The tournament `e` stands for (its identity_key included, also_known_as
  // left empty), without its venue (the run gives it the venue of its slot's
  // group) nor first/last seen times.
  void materialize(const NormalizedEvent& e, Tournament& t) const;

  // Moves `other`'s texts, tag sets, venue slots and blobs into this
  // context (venue slots: the ones new here are appended in `other`'s
  // order; a shared one keeps the higher best_priority). `other` is left
  // to be destroyed; its events must go through the returned merge.
  ContextMerge absorb(EventContext& other);

  // Drops what only normalizeEvent needs (raw texts and parser caches):
  // the ids already handed out stay valid; normalizeEvent must not be
  // called again. `keep_venue_index`: keeps what absorb() needs of a
  // context absorbed later (its raw venue index).
  void releaseCaches(bool keep_venue_index = false);

 private:
  friend Result<NormalizedEvent> normalizeEvent(const RawEvent& raw, EventContext& context,
                                                std::vector<Error>* warnings);
  struct State;
  const Gazetteer& gazetteer_;
  Instant now_{};
  std::unique_ptr<State> s_;
};

// The identity of a tournament within its source (Tournament::identity_key),
// the same from one run to the next as long as the source means the same
// item:
//  - the source's own id when it has one (RawEvent::source_id: iCalendar
//    UID [+ occurrence day], JSON-LD @id or url, TEC id, RSS guid, an id or
//    url field): "id:<source id>"; a new time, buy-in, status or title of
//    that item is then an update;
//  - else "k:<venue key>|<local start day YYYY-MM-DD>|<folded title>": a new
//    time that day, buy-in or status is an update; a new title or day is
//    another tournament (the old one is withdrawn when its source was
//    fetched completely).
// Texts longer than kMaxIdentityText bytes are cut (at a character
// boundary) and end with "#" and a 64-bit FNV-1a of the whole, so a key
// stays short and distinct. Pure.
inline constexpr std::size_t kMaxIdentityText = 200;
std::string identityKey(std::string_view source_id, std::string_view venue_key, Instant start,
                        std::string_view zone, std::string_view folded_title);
// The fallback form alone (what identityKey gives without a source id).
std::string fallbackIdentityKey(std::string_view venue_key, Instant start, std::string_view zone,
                                std::string_view folded_title);

// Normalises one raw event. On success the event's venue slot records its
// priority (VenueSlot::best_priority). Only what makes a tournament
// impossible rejects it (the error, with the code and message a rejection
// line shows): kMissingField (no title, a title without letters or digits,
// no venue field, a venue without letters or digits: the store keys a
// tournament by venue, title and start), kInvalidArgument (unknown time
// zone: no start can be placed), kInvalidDate (no usable start: none
// written, or one that does not exist).
// A field that is merely unreadable keeps the event with that field null
// and appends a warning to `warnings` (when not null; `where` names the
// field): kInvalidBuyIn, where "buy_in" (buy-in, fee and guarantee null);
// kInvalidDate, where "end" (no end, or the end of a range written in the
// start: unreadable, before the start, or on no day). The variant never
// rejects nor warns: a field naming no known variant leaves it to the
// title, the description, then NLHE (classify.hpp). multi_day is core's
// spansSeveralDays of the start and end (time.hpp).
Result<NormalizedEvent> normalizeEvent(const RawEvent& raw, EventContext& context,
                                       std::vector<Error>* warnings = nullptr);

}  // namespace pft::normalize
