// type: ics — iCalendar through libical. Occurrences, single or recurring,
// that start within [now, now + horizon_days) are emitted. Recurrences are
// expanded in the wall-clock time of their TZID (a weekly 20:00 tournament
// stays at 20:00 across DST), then converted with the OS tz database
// (pft::localToInstant) so a TZID without VTIMEZONE still resolves; a TZID
// the tz database does not know falls back to the calendar's own VTIMEZONE.

#include <libical/ical.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "connectors/common.hpp"
#include "pft/core/text.hpp"
#include "pft/core/time.hpp"

namespace pft::ingestion::detail {

namespace {

using std::chrono::days;
using std::chrono::seconds;

struct ComponentFree {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};

// Windows zone names Outlook writes as TZID, for the zones French calendars use.
constexpr std::pair<std::string_view, std::string_view> kWindowsZones[] = {
    {"Romance Standard Time", "Europe/Paris"},
    {"W. Europe Standard Time", "Europe/Berlin"},
    {"Central Europe Standard Time", "Europe/Budapest"},
    {"Central European Standard Time", "Europe/Warsaw"},
    {"GMT Standard Time", "Europe/London"},
    {"Greenwich Standard Time", "Atlantic/Reykjavik"},
    {"UTC", "UTC"},
    {"Coordinated Universal Time", "UTC"},
};

// How a wall-clock time becomes an instant.
struct Zone {
  std::string iana;                  // tz database name, or
  icaltimezone* vtimezone = nullptr;  // the calendar's own definition
};

struct Stamp {
  icaltimetype raw{};  // wall-clock fields (UTC fields when utc)
  bool is_date = false;
  bool utc = false;
  Zone zone;
  Instant instant{};
};

class IcsReader {
 public:
  IcsReader(const SourceConfig& config, const ParseContext& ctx, ParseOutput& out)
      : config_(config), ctx_(ctx), out_(out) {}

  Result<void> read(std::string_view text) {
    // libical needs a NUL-terminated buffer, so a NUL byte would end the
    // calendar where it stands: control bytes other than tab, CR and LF
    // (never valid in iCalendar, RFC 5545 §3.1) are removed first.
    std::string buffer = withoutControlBytes(text);
    if (text.find("END:VCALENDAR") == std::string_view::npos) {
      // Truncated download: keep the events that are complete.
      std::size_t last = buffer.rfind("END:VEVENT");
      std::size_t cut = last == std::string::npos ? std::string::npos : buffer.find('\n', last);
      if (cut == std::string::npos) {
        buffer.clear();
      } else {
        buffer.resize(cut + 1);
        buffer += "END:VCALENDAR\r\n";
      }
      out_.warnings.push_back("the calendar is truncated (no END:VCALENDAR); kept the complete events");
      out_.partial = true;
    }
    if (buffer.empty()) return parseError(config_, "line 1", "the calendar is truncated before its first complete event");
    std::unique_ptr<icalcomponent, ComponentFree> root(icalparser_parse_string(buffer.c_str()));
    if (!root) return parseError(config_, "line 1", "not an iCalendar document (no BEGIN:VCALENDAR)");
    std::vector<icalcomponent*> calendars;
    if (icalcomponent_isa(root.get()) == ICAL_VCALENDAR_COMPONENT) {
      calendars.push_back(root.get());
    } else {
      for (icalcomponent* c = icalcomponent_get_first_component(root.get(), ICAL_VCALENDAR_COMPONENT); c != nullptr;
           c = icalcomponent_get_next_component(root.get(), ICAL_VCALENDAR_COMPONENT)) {
        calendars.push_back(c);
      }
    }
    if (calendars.empty()) {
      return parseError(config_, "line 1", "not an iCalendar document (no VCALENDAR component)");
    }
    if (int errors = icalcomponent_count_errors(root.get()); errors > 0) {
      out_.warnings.push_back(std::to_string(errors) + " malformed iCalendar line(s) ignored");
      out_.partial = true;
    }
    for (icalcomponent* cal : calendars) readCalendar(cal);
    return ok();
  }

  std::string withoutControlBytes(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t removed = 0;
    std::size_t first_line = 0;
    std::size_t line = 1;
    for (char ch : text) {
      const auto c = static_cast<unsigned char>(ch);
      if (c == '\n') ++line;
      if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7F) {
        if (removed++ == 0) first_line = line;
        continue;
      }
      out.push_back(ch);
    }
    if (removed > 0) {
      out_.warnings.push_back(std::to_string(removed) + " control byte(s) removed (first at line " +
                              std::to_string(first_line) + "); iCalendar allows none");
    }
    return out;
  }

 private:
  void readCalendar(icalcomponent* cal) {
    calendar_ = cal;
    default_zone_ = config_.timezone.empty() ? std::string(kParisZone) : config_.timezone;
    for (icalproperty* p = icalcomponent_get_first_property(cal, ICAL_X_PROPERTY); p != nullptr;
         p = icalcomponent_get_next_property(cal, ICAL_X_PROPERTY)) {
      const char* name = icalproperty_get_x_name(p);
      const char* value = icalproperty_get_x(p);
      if (name != nullptr && value != nullptr && std::string_view(name) == "X-WR-TIMEZONE") {
        std::string zone(pft::text::trim(value));
        if (isKnownZone(zone)) default_zone_ = zone;
      }
    }
    window_end_ = ctx_.now + days(config_.ics.horizon_days > 0 ? config_.ics.horizon_days : 120);

    std::vector<icalcomponent*> masters;
    std::vector<icalcomponent*> overrides;
    std::map<std::string, std::set<Instant>> overridden;  // uid -> RECURRENCE-ID instants
    for (icalcomponent* ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev != nullptr;
         ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
      if (icalproperty* rid = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY)) {
        auto stamp = readStamp(rid, icalproperty_get_recurrenceid(rid));
        if (stamp) overridden[uidOf(ev)].insert(stamp->instant);
        overrides.push_back(ev);
      } else {
        masters.push_back(ev);
      }
    }
    for (icalcomponent* ev : masters) expandMaster(ev, overridden);
    // An override replaces the occurrence it names (suppressed above) and is
    // emitted at its own start; one whose master is absent is a plain event.
    for (icalcomponent* ev : overrides) emitSingle(ev);
  }

  static std::string uidOf(icalcomponent* ev) {
    const char* uid = icalcomponent_get_uid(ev);
    return uid == nullptr ? std::string() : std::string(uid);
  }

  // `lossy`: something of the calendar is left out (out_.partial).
  std::string warnOnce(const std::string& message, bool lossy = true) {
    if (warned_.insert(message).second) out_.warnings.push_back(message);
    if (lossy) out_.partial = true;
    return message;
  }

  // The item's own id: its UID, and for one occurrence of a recurring
  // event the day it recurs on (the RECURRENCE-ID's date, as written): a
  // weekly tournament moved to another time keeps each occurrence's id.
  static std::string occurrenceId(const std::string& uid, const icaltimetype* recurrence) {
    if (uid.empty() || recurrence == nullptr) return uid;
    char day[16];
    std::snprintf(day, sizeof day, "%04d-%02d-%02d", recurrence->year, recurrence->month, recurrence->day);
    return uid + "/" + day;
  }

  Zone resolveZone(std::string_view tzid_in) {
    std::string tzid(pft::text::trim(tzid_in));
    if (tzid.size() >= 2 && tzid.front() == '"' && tzid.back() == '"') tzid = tzid.substr(1, tzid.size() - 2);
    if (auto cached = zones_.find(tzid); cached != zones_.end()) return cached->second;
    Zone zone;
    if (isKnownZone(tzid)) {
      zone.iana = tzid;
    } else {
      // "/mozilla.org/20050126_1/Europe/Paris", "/citadel.org/.../Europe/Paris".
      for (std::size_t slash = tzid.find('/'); slash != std::string::npos; slash = tzid.find('/', slash + 1)) {
        std::string tail = tzid.substr(slash + 1);
        if (tail.find('/') != std::string::npos && isKnownZone(tail)) {
          zone.iana = tail;
          break;
        }
      }
      for (const auto& [windows, iana] : kWindowsZones) {
        if (zone.iana.empty() && tzid == windows) zone.iana = std::string(iana);
      }
      if (zone.iana.empty()) {
        zone.vtimezone = icalcomponent_get_timezone(calendar_, tzid.c_str());
        if (zone.vtimezone == nullptr) {
          warnOnce("TZID '" + tzid + "' is neither in the tz database nor defined by a VTIMEZONE; read as " +
                       default_zone_,
                   false);
          zone.iana = default_zone_;
        }
      }
    }
    zones_.emplace(tzid, zone);
    return zone;
  }

  static LocalSeconds localOf(const icaltimetype& t) {
    namespace ch = std::chrono;
    ch::local_days date{ch::year{t.year} / ch::month{static_cast<unsigned>(t.month)} /
                        ch::day{static_cast<unsigned>(t.day)}};
    LocalSeconds midnight{ch::duration_cast<seconds>(date.time_since_epoch())};
    if (t.is_date) return midnight;
    return midnight + ch::hours{t.hour} + ch::minutes{t.minute} + seconds{t.second};
  }

  std::optional<Instant> toInstant(const icaltimetype& t, bool utc, const Zone& zone) {
    LocalSeconds local = localOf(t);
    if (utc) return Instant{local.time_since_epoch()};
    if (zone.vtimezone != nullptr) {
      icaltimetype copy = t;
      int is_daylight = 0;
      int offset = icaltimezone_get_utc_offset(zone.vtimezone, &copy, &is_daylight);
      return Instant{local.time_since_epoch() - seconds{offset}};
    }
    auto r = localToInstant(local, zone.iana);
    if (!r) return std::nullopt;
    return *r;
  }

  // A DTSTART/DTEND/RECURRENCE-ID/EXDATE value with the zone its TZID names.
  std::optional<Stamp> readStamp(icalproperty* prop, icaltimetype t) {
    if (icaltime_is_null_time(t) || t.year <= 0 || t.month < 1 || t.month > 12 || t.day < 1 || t.day > 31)
      return std::nullopt;
    Stamp s;
    s.raw = t;
    s.is_date = t.is_date != 0;
    s.utc = !s.is_date && icaltime_is_utc(t) != 0;
    if (!s.utc) {
      icalparameter* tzid = icalproperty_get_first_parameter(prop, ICAL_TZID_PARAMETER);
      const char* name = tzid == nullptr ? nullptr : icalparameter_get_tzid(tzid);
      // Floating times and dates are the calendar's wall clock.
      s.zone = name != nullptr && !s.is_date ? resolveZone(name) : Zone{default_zone_, nullptr};
    }
    auto instant = toInstant(t, s.utc, s.zone);
    if (!instant) return std::nullopt;
    s.instant = *instant;
    return s;
  }

  // Same zone and kind as `like`, other wall-clock fields.
  std::optional<Stamp> restamp(const Stamp& like, icaltimetype t) {
    Stamp s = like;
    t.is_date = like.is_date ? 1 : 0;
    s.raw = t;
    auto instant = toInstant(t, s.utc, s.zone);
    if (!instant) return std::nullopt;
    s.instant = *instant;
    return s;
  }

  std::string displayZone(const Stamp& s) const { return s.zone.iana.empty() || s.utc ? default_zone_ : s.zone.iana; }

  std::string formatStamp(const Stamp& s) const {
    if (s.is_date) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", s.raw.year, s.raw.month, s.raw.day);
      return buf;
    }
    return formatLocalIso(s.instant, displayZone(s));
  }

  bool inWindow(Instant t) const { return t >= ctx_.now && t < window_end_; }

  // Text fields shared by every occurrence of a VEVENT.
  RawEvent baseEvent(icalcomponent* ev) {
    RawEvent e;
    e.source_id = std::string(pft::text::trim(uidOf(ev)));
    if (const char* s = icalcomponent_get_summary(ev)) e.title = cleanText(s);
    if (const char* s = icalcomponent_get_description(ev)) e.description = cleanText(s);
    if (const char* s = icalcomponent_get_location(ev)) e.venue_name = cleanText(s);
    if (icalproperty* p = icalcomponent_get_first_property(ev, ICAL_URL_PROPERTY)) {
      if (const char* s = icalproperty_get_url(p)) e.event_url = resolveUrl(ctx_.source_url, s);
    }
    if (icalproperty* p = icalcomponent_get_first_property(ev, ICAL_STATUS_PROPERTY)) {
      if (const char* s = icalproperty_get_value_as_string(p)) e.status_text = std::string(pft::text::trim(s));
    }
    if (icalproperty* p = icalcomponent_get_first_property(ev, ICAL_GEO_PROPERTY)) {
      icalgeotype geo = icalproperty_get_geo(p);
      if (geo.lat >= -90 && geo.lat <= 90 && geo.lon >= -180 && geo.lon <= 180 && (geo.lat != 0 || geo.lon != 0)) {
        e.latitude = geo.lat;
        e.longitude = geo.lon;
      }
    }
    return e;
  }

  struct Timing {
    Stamp start;
    std::optional<Stamp> end;     // as written (DTEND) for single events
    std::int64_t length_seconds = 0;  // for occurrences (DTEND - DTSTART or DURATION)
    std::int64_t length_days = 0;     // for all-day occurrences
  };

  std::optional<Timing> timingOf(icalcomponent* ev) {
    icalproperty* dtstart = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
    if (dtstart == nullptr) {
      warnOnce("a VEVENT without DTSTART was skipped (UID " + uidOf(ev) + ")");
      return std::nullopt;
    }
    auto start = readStamp(dtstart, icalproperty_get_dtstart(dtstart));
    if (!start) {
      warnOnce("a VEVENT with an unreadable DTSTART was skipped (UID " + uidOf(ev) + ")");
      return std::nullopt;
    }
    Timing t{*start, std::nullopt, 0, 0};
    if (icalproperty* dtend = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY)) {
      t.end = readStamp(dtend, icalproperty_get_dtend(dtend));
      if (t.end && t.end->instant >= t.start.instant) {
        t.length_seconds = (t.end->instant - t.start.instant).count();
        t.length_days = t.length_seconds / 86400;
      } else {
        t.end.reset();
      }
    } else if (icalproperty* dur = icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY)) {
      int secs = icaldurationtype_as_int(icalproperty_get_duration(dur));
      if (secs > 0) {
        t.length_seconds = secs;
        t.length_days = secs / 86400;
        if (!t.start.is_date) {
          Stamp end = t.start;
          end.instant = t.start.instant + seconds{secs};
          t.end = end;
        }
      }
    }
    return t;
  }

  // End text of an occurrence starting at `start`. All-day ends are
  // exclusive in iCalendar: a one-day event has no separate end date, a
  // three-day one ends on its last day.
  std::string endText(const Timing& timing, const Stamp& start) const {
    if (start.is_date) {
      if (timing.length_days <= 1) return {};
      auto day = std::chrono::sys_days{std::chrono::year{start.raw.year} /
                                       std::chrono::month{static_cast<unsigned>(start.raw.month)} /
                                       std::chrono::day{static_cast<unsigned>(start.raw.day)}} +
                 days{timing.length_days - 1};
      std::chrono::year_month_day ymd{day};
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                    static_cast<unsigned>(ymd.day()));
      return buf;
    }
    if (timing.length_seconds <= 0) return {};
    return formatLocalIso(start.instant + seconds{timing.length_seconds}, displayZone(start));
  }

  // `recurrence`: the occurrence's RECURRENCE-ID (as written, or as the
  // rule made it); null for an event that does not recur.
  void emit(const RawEvent& base, const Timing& timing, const Stamp& start, const icaltimetype* recurrence) {
    RawEvent e = base;
    e.start = formatStamp(start);
    e.end = endText(timing, start);
    e.source_id = occurrenceId(base.source_id, recurrence);
    out_.events.push_back(std::move(e));
  }

  // An override (it has a RECURRENCE-ID), emitted at its own start.
  void emitSingle(icalcomponent* ev) {
    auto timing = timingOf(ev);
    if (!timing || !inWindow(timing->start.instant)) return;
    icalproperty* rid = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY);
    icaltimetype recurrence = rid != nullptr ? icalproperty_get_recurrenceid(rid) : icaltime_null_time();
    bool has_recurrence = rid != nullptr && !icaltime_is_null_time(recurrence);
    emit(baseEvent(ev), *timing, timing->start, has_recurrence ? &recurrence : nullptr);
  }

  void expandMaster(icalcomponent* ev, const std::map<std::string, std::set<Instant>>& overridden) {
    auto timing = timingOf(ev);
    if (!timing) return;
    static const std::set<Instant> kNone;
    auto ov = overridden.find(uidOf(ev));
    const std::set<Instant>& replaced = ov == overridden.end() ? kNone : ov->second;

    // Collected first, each walk on its own: the component has one property
    // cursor, which get_next_property, icalcomponent_get_uid and friends share.
    auto collect = [ev](icalproperty_kind kind) {
      std::vector<icalproperty*> props;
      for (icalproperty* p = icalcomponent_get_first_property(ev, kind); p != nullptr;
           p = icalcomponent_get_next_property(ev, kind))
        props.push_back(p);
      return props;
    };
    const std::vector<icalproperty*> rrules = collect(ICAL_RRULE_PROPERTY);
    const std::vector<icalproperty*> rdates = collect(ICAL_RDATE_PROPERTY);
    const std::vector<icalproperty*> exdates = collect(ICAL_EXDATE_PROPERTY);
    if (rrules.empty() && rdates.empty()) {
      if (replaced.count(timing->start.instant) == 0 && inWindow(timing->start.instant))
        emit(baseEvent(ev), *timing, timing->start, nullptr);
      return;
    }

    std::set<Instant> excluded;
    for (icalproperty* p : exdates) {
      icaltimetype t = icalproperty_get_exdate(p);
      if (t.is_date && !timing->start.is_date) {
        // A date excludes every occurrence on that day in the start's zone.
        exdate_days_.insert(std::chrono::sys_days{std::chrono::year{t.year} /
                                                  std::chrono::month{static_cast<unsigned>(t.month)} /
                                                  std::chrono::day{static_cast<unsigned>(t.day)}});
        continue;
      }
      if (auto s = readStamp(p, t)) excluded.insert(s->instant);
    }

    std::map<Instant, Stamp> occurrences;
    occurrences.emplace(timing->start.instant, timing->start);
    for (icalproperty* p : rrules) {
      icalrecurrencetype rule = icalproperty_get_rrule(p);
      if (rule.freq == ICAL_NO_RECURRENCE || rule.freq < ICAL_DAILY_RECURRENCE) {
        // Tournaments do not recur every hour; SECONDLY/MINUTELY rules are
        // also how a hostile calendar would make libical spin.
        warnOnce("an RRULE more frequent than daily (UID " + uidOf(ev) + ") is not expanded; DTSTART alone is kept");
        continue;
      }
      icaltimetype seed = timing->start.raw;
      seed.zone = nullptr;  // iterate in wall-clock time
      if (!icaltime_is_null_time(rule.until) && icaltime_is_utc(rule.until) && !timing->start.utc &&
          !timing->start.is_date && !timing->start.zone.iana.empty()) {
        // UNTIL is UTC while the iteration runs in wall-clock time: compare like with like.
        Instant until = Instant{localOf(rule.until).time_since_epoch()};
        auto local = instantToLocal(until, timing->start.zone.iana);
        auto day = std::chrono::floor<days>(local);
        std::chrono::year_month_day ymd{day};
        std::chrono::hh_mm_ss<seconds> hms{local - day};
        rule.until.year = static_cast<int>(ymd.year());
        rule.until.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
        rule.until.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
        rule.until.hour = static_cast<int>(hms.hours().count());
        rule.until.minute = static_cast<int>(hms.minutes().count());
        rule.until.second = static_cast<int>(hms.seconds().count());
        rule.until.zone = nullptr;
      }
      icalrecur_iterator* it = icalrecur_iterator_new(rule, seed);
      if (it == nullptr) {
        warnOnce("an RRULE could not be read (UID " + uidOf(ev) + ")");
        continue;
      }
      // Skip the years before `now` (a daily rule started in 2005, or a
      // hostile FREQ=SECONDLY since 1970). Only without COUNT: counting needs
      // every occurrence from DTSTART.
      if (rule.count == 0) {
        Instant from = ctx_.now - days(2);
        if (timing->start.instant < from) {
          LocalSeconds local = timing->start.utc || timing->start.zone.iana.empty()
                                   ? LocalSeconds{from.time_since_epoch()}
                                   : instantToLocal(from, timing->start.zone.iana);
          auto day = std::chrono::floor<days>(local);
          std::chrono::year_month_day ymd{day};
          std::chrono::hh_mm_ss<seconds> hms{local - day};
          icaltimetype start = seed;
          start.year = static_cast<int>(ymd.year());
          start.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
          start.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
          if (!seed.is_date) {
            start.hour = static_cast<int>(hms.hours().count());
            start.minute = static_cast<int>(hms.minutes().count());
            start.second = static_cast<int>(hms.seconds().count());
          }
          if (icalrecur_iterator_set_start(it, start) == 0) {
            // libical refused (e.g. past UNTIL): restart from DTSTART.
            icalrecur_iterator_free(it);
            it = icalrecur_iterator_new(rule, seed);
            if (it == nullptr) continue;
          }
        }
      }
      // Bounded: a rule without end stops at the horizon; a hostile one
      // (FREQ=SECONDLY) by the per-rule limits and the document's budget.
      int rule_steps = 0;
      int rule_occurrences = 0;
      while (true) {
        if (steps_left_ == 0 || rule_steps >= kMaxStepsPerRule || rule_occurrences >= kMaxOccurrencesPerRule) {
          warnOnce("an RRULE (UID " + uidOf(ev) + ") was cut after " + std::to_string(rule_steps) + " steps and " +
                   std::to_string(rule_occurrences) + " occurrences: too dense for a tournament calendar");
          break;
        }
        --steps_left_;
        ++rule_steps;
        icaltimetype next = icalrecur_iterator_next(it);
        if (icaltime_is_null_time(next)) break;
        auto stamp = restamp(timing->start, next);
        if (!stamp) continue;
        if (stamp->instant >= window_end_) break;
        if (stamp->instant >= ctx_.now && occurrences.emplace(stamp->instant, *stamp).second) ++rule_occurrences;
      }
      icalrecur_iterator_free(it);
    }
    for (icalproperty* p : rdates) {
      icaldatetimeperiodtype value = icalproperty_get_rdate(p);
      icaltimetype t = icaltime_is_null_time(value.time) ? value.period.start : value.time;
      if (auto s = readStamp(p, t)) occurrences.emplace(s->instant, *s);
    }

    RawEvent base = baseEvent(ev);
    for (const auto& [instant, stamp] : occurrences) {
      if (!inWindow(instant) || excluded.count(instant) != 0 || replaced.count(instant) != 0) continue;
      if (!exdate_days_.empty()) {
        LocalSeconds local = localOf(stamp.raw);
        auto day = std::chrono::floor<days>(local.time_since_epoch());
        if (exdate_days_.count(std::chrono::sys_days{day}) != 0) continue;
      }
      emit(base, *timing, stamp, &stamp.raw);
    }
    exdate_days_.clear();
  }

  static constexpr std::int64_t kStepBudget = 2'000'000;   // per document
  static constexpr int kMaxStepsPerRule = 50'000;          // daily for 136 years
  static constexpr int kMaxOccurrencesPerRule = 1'000;     // hourly for 40 days

  const SourceConfig& config_;
  const ParseContext& ctx_;
  std::int64_t steps_left_ = kStepBudget;
  ParseOutput& out_;
  icalcomponent* calendar_ = nullptr;
  std::string default_zone_;
  Instant window_end_{};
  std::map<std::string, Zone> zones_;
  std::set<std::string> warned_;
  std::set<std::chrono::sys_days> exdate_days_;
};

}  // namespace

Result<ParseOutput> parseIcs(const SourceConfig& config, std::string_view text, const ParseContext& ctx) {
  std::string_view trimmed = pft::text::trim(text);
  if (trimmed.empty()) return parseError(config, "line 1", "the calendar is empty");
  if (trimmed.substr(0, 15) != "BEGIN:VCALENDAR") {
    return parseError(config, "line 1",
                      "not an iCalendar document: it must start with BEGIN:VCALENDAR; check the source's type and url");
  }
  ParseOutput out;
  IcsReader reader(config, ctx, out);
  if (auto r = reader.read(text); !r) return r.error();
  return out;
}

}  // namespace pft::ingestion::detail
