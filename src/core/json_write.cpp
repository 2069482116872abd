// The fast JSON writers of core/json.hpp: appendJsonString (the one JSON
// string escaper of pft) and appendTournamentJson (the dry-run line). Each
// writes byte for byte what nlohmann::json::dump() writes (json_test.cpp
// checks them against it), without building a tree.
#include <charconv>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "json_scan.hpp"
#include "pft/core/json.hpp"
#include "pft/core/text.hpp"
#include "pft/core/time.hpp"

namespace pft {
namespace {

void appendEscaped(std::string& out, std::string_view s);

void appendInt(std::string& out, std::int64_t v) {
  char buf[24];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<size_t>(p - buf));
}

void appendDigits(std::string& out, int v, int width) {
  char buf[8];
  for (int k = width - 1; k >= 0; --k) {
    buf[k] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out.append(buf, static_cast<size_t>(width));
}

void appendOptionalInt(std::string& out, const std::optional<std::int64_t>& v) {
  if (v) {
    appendInt(out, *v);
  } else {
    out += "null";
  }
}

// For appendTournamentJson: `s` is valid UTF-8 (its precondition).
void appendStringOrNull(std::string& out, const std::string& s) {
  if (s.empty()) {
    out += "null";
  } else {
    appendEscaped(out, s);
  }
}

void appendDate(std::string& out, std::chrono::sys_days day) {
  std::chrono::year_month_day ymd{day};
  appendDigits(out, static_cast<int>(ymd.year()), 4);
  out.push_back('-');
  appendDigits(out, static_cast<int>(static_cast<unsigned>(ymd.month())), 2);
  out.push_back('-');
  appendDigits(out, static_cast<int>(static_cast<unsigned>(ymd.day())), 2);
}

// offsetSeconds(t, zone) remembered per instant: listings repeat their start
// times, and the time-zone lookup costs more than the rest of a line.
// Direct-mapped, per thread; the zone name is compared in full.
int cachedOffsetSeconds(Instant t, std::string_view zone) {
  struct Slot {
    std::int64_t seconds = 0;
    std::string zone;
    int offset = 0;
    bool used = false;
  };
  constexpr std::size_t kSlots = 4096;
  thread_local std::vector<Slot> slots(kSlots);
  const auto secs = static_cast<std::int64_t>(t.time_since_epoch().count());  // Instant is sys_seconds
  Slot& slot = slots[static_cast<std::size_t>(static_cast<std::uint64_t>(secs) * 0x9E3779B97F4A7C15ULL >> 52) % kSlots];
  if (slot.used && slot.seconds == secs && slot.zone == zone) return slot.offset;
  slot.used = true;
  slot.seconds = secs;
  slot.zone.assign(zone);
  slot.offset = offsetSeconds(t, zone);
  return slot.offset;
}

// The escaping of appendJsonString over valid UTF-8. Only the bytes that
// need escaping stop the scan; the runs between them are copied whole.
void appendEscaped(std::string& out, std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  out.push_back('"');
  size_t run = 0;
  for (size_t i = detail::nextJsonSpecial(s, 0); i < s.size(); i = detail::nextJsonSpecial(s, i + 1)) {
    auto c = static_cast<unsigned char>(s[i]);
    const char* esc = nullptr;
    switch (c) {
      case '"': esc = "\\\""; break;
      case '\\': esc = "\\\\"; break;
      case '\b': esc = "\\b"; break;
      case '\f': esc = "\\f"; break;
      case '\n': esc = "\\n"; break;
      case '\r': esc = "\\r"; break;
      case '\t': esc = "\\t"; break;
      default: break;
    }
    out.append(s.data() + run, i - run);
    run = i + 1;
    if (esc != nullptr) {
      out += esc;
    } else {
      out += "\\u00";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

// "2026-12-05T20:00:00+01:00" (formatLocalIso) without iostreams.
void appendLocalIso(std::string& out, Instant t, std::string_view zone) {
  int offset = cachedOffsetSeconds(t, zone);
  auto local = t + std::chrono::seconds(offset);
  auto day = std::chrono::floor<std::chrono::days>(local);
  auto secs = static_cast<int>((local - day).count());
  appendDate(out, day);
  out.push_back('T');
  appendDigits(out, secs / 3600, 2);
  out.push_back(':');
  appendDigits(out, secs / 60 % 60, 2);
  out.push_back(':');
  appendDigits(out, secs % 60, 2);
  out.push_back(offset < 0 ? '-' : '+');
  int a = offset < 0 ? -offset : offset;
  appendDigits(out, a / 3600, 2);
  out.push_back(':');
  appendDigits(out, a / 60 % 60, 2);
}

// "2026-12-05" (formatLocalDate).
void appendLocalDate(std::string& out, Instant t, std::string_view zone) {
  auto local = t + std::chrono::seconds(cachedOffsetSeconds(t, zone));
  appendDate(out, std::chrono::floor<std::chrono::days>(local));
}

}  // namespace

std::string dumpJson(const nlohmann::json& j, int indent) {
  std::string text = j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
  // Outside strings a JSON text has no '<': every "</" is inside a string,
  // where "\/" is the escape of '/'.
  std::size_t at = text.find("</");
  if (at == std::string::npos) return text;
  std::string out;
  out.reserve(text.size() + 16);
  std::size_t from = 0;
  for (; at != std::string::npos; at = text.find("</", at + 2)) {
    out.append(text, from, at + 1 - from);
    out += "\\/";
    from = at + 2;
  }
  out.append(text, from, std::string::npos);
  return out;
}

void appendJsonString(std::string& out, std::string_view s) {
  if (text::isValidUtf8(s)) {
    appendEscaped(out, s);
  } else {
    appendEscaped(out, text::repairUtf8(s));
  }
}

void appendTournamentJson(std::string& out, const Tournament& t, std::string_view venue_json,
                          std::optional<std::int64_t> duplicate_of) {
  // The strings are valid UTF-8 (the precondition): escaped without the
  // check appendJsonString makes, which would cost about 1.5 % of a
  // dry-run.
  // Keys in std::map (byte) order, as nlohmann::json dumps an object.
  out += "{\"buy_in_cents\":";
  appendOptionalInt(out, t.buy_in_cents);
  out += ",\"currency\":";
  appendEscaped(out, t.currency);
  out += ",\"description\":";
  appendStringOrNull(out, t.description);
  if (duplicate_of) {
    out += ",\"duplicate_of\":";
    appendInt(out, *duplicate_of);
  }
  out += ",\"end_datetime_local\":";
  if (t.end) {
    // A date when the end's time is unknown (tournamentToJson).
    out.push_back('"');
    if (endHasTime(t)) {
      appendLocalIso(out, *t.end, t.timezone);
    } else {
      appendLocalDate(out, *t.end, t.timezone);
    }
    out.push_back('"');
  } else {
    out += "null";
  }
  out += ",\"event_url\":";
  appendStringOrNull(out, t.event_url);
  out += ",\"fee_cents\":";
  appendOptionalInt(out, t.fee_cents);
  out += ",\"guarantee_cents\":";
  appendOptionalInt(out, t.guarantee_cents);
  out += ",\"multi_day\":";
  out += t.multi_day ? "true" : "false";
  out += ",\"source_hash\":";
  appendEscaped(out, t.source_hash);
  out += ",\"source_name\":";
  appendEscaped(out, t.source_name);
  out += ",\"source_url\":";
  appendStringOrNull(out, t.source_url);
  out += ",\"start_datetime_local\":\"";
  if (t.time_known) {
    appendLocalIso(out, t.start, t.timezone);
  } else {
    appendLocalDate(out, t.start, t.timezone);
  }
  out += "\",\"status\":";
  appendEscaped(out, statusName(t.status));
  out += ",\"tags\":[";
  for (size_t i = 0; i < t.tags.size(); ++i) {
    if (i > 0) out.push_back(',');
    appendEscaped(out, t.tags[i]);
  }
  out += "],\"time_known\":";
  out += t.time_known ? "true" : "false";
  out += ",\"timezone\":";
  appendEscaped(out, t.timezone);
  out += ",\"title\":";
  appendEscaped(out, t.title);
  out += ",\"variant\":";
  appendEscaped(out, t.variant);
  out += ",\"venue\":";
  out += venue_json;
  out.push_back('}');
}

}  // namespace pft
