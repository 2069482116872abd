// type: json — The Events Calendar REST v1 (`mode: tec`) or a generic
// mapping (`mode: mapping`: `items` pointer + `fields` pointers).

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>

#include "connectors/common.hpp"
#include "pft/core/text.hpp"
#include "pft/core/time.hpp"
#include "json_values.hpp"

namespace pft::ingestion::detail {

namespace {

using nlohmann::json;

std::optional<double> numberMember(const json& obj, const char* key) {
  if (!obj.is_object()) return std::nullopt;
  auto it = obj.find(key);
  if (it == obj.end()) return std::nullopt;
  if (it->is_number()) return it->get<double>();
  if (it->is_string() && !it->get_ref<const std::string&>().empty()) {
    char* end = nullptr;
    const std::string& s = it->get_ref<const std::string&>();
    double d = std::strtod(s.c_str(), &end);
    if (end != s.c_str()) return d;
  }
  return std::nullopt;
}

// TEC writes site-local "YYYY-MM-DD HH:MM:SS" plus the site's zone; keep the
// organiser's wall clock and add its offset. All-day events keep the date.
std::string tecDate(const json& ev, const char* local_key, const char* utc_key, bool all_day,
                    const std::string& fallback_zone) {
  std::string local(pft::text::trim(member(ev, local_key)));
  if (local.empty()) return {};
  if (all_day) return local.substr(0, 10);
  std::string zone = member(ev, "timezone");
  if (isKnownZone(zone)) {
    if (auto t = parseIsoInstant(local, zone)) return formatLocalIso(*t, zone);
  }
  std::string utc(pft::text::trim(member(ev, utc_key)));
  if (!utc.empty()) {
    if (auto t = parseIsoInstant(utc, "UTC")) return formatLocalIso(*t, fallback_zone);
  }
  return local;
}

RawEvent tecEvent(const json& ev, const SourceConfig& config, const ParseContext& ctx) {
  RawEvent e;
  e.source_id = member(ev, "id");  // the WordPress post id of the event
  e.title = cleanText(member(ev, "title"));
  e.description = cleanText(member(ev, "description"));
  std::string url = member(ev, "url");
  if (!url.empty()) e.event_url = resolveUrl(ctx.source_url, url);
  bool all_day = ev.is_object() && ev.contains("all_day") && ev["all_day"].is_boolean() && ev["all_day"].get<bool>();
  std::string zone = config.timezone.empty() ? std::string(kParisZone) : config.timezone;
  e.start = tecDate(ev, "start_date", "utc_start_date", all_day, zone);
  e.end = tecDate(ev, "end_date", "utc_end_date", all_day, zone);
  e.buy_in = cleanText(member(ev, "cost"));
  if (e.buy_in.empty()) {
    if (auto cd = ev.find("cost_details"); cd != ev.end() && cd->is_object()) {
      if (auto values = cd->find("values"); values != cd->end() && values->is_array() && !values->empty()) {
        std::string value = scalarText(values->front());
        std::string currency = member(*cd, "currency_code");
        if (currency.empty()) currency = member(*cd, "currency_symbol");
        if (!value.empty()) e.buy_in = cleanText(currency.empty() ? value : value + " " + currency);
      }
    }
  }
  if (auto venue = ev.find("venue"); venue != ev.end() && venue->is_object()) {
    e.venue_name = cleanText(member(*venue, "venue"));
    e.address = cleanText(member(*venue, "address"));
    e.city = cleanText(member(*venue, "city"));
    e.postcode = cleanText(member(*venue, "zip"));
    auto lat = numberMember(*venue, "geo_lat");
    auto lon = numberMember(*venue, "geo_lng");
    if (lat && lon && (*lat != 0 || *lon != 0)) {
      e.latitude = lat;
      e.longitude = lon;
    }
  }
  if (auto status = ev.find("status"); status != ev.end() && status->is_string()) {
    // Only the statuses that say something about the event, not "publish".
    std::string s = status->get<std::string>();
    if (s == "canceled" || s == "cancelled" || s == "postponed") e.status_text = s;
  }
  return e;
}

Result<ParseOutput> parseTec(const json& doc, const SourceConfig& config, const ParseContext& ctx) {
  if (!doc.is_object() || !doc.contains("events") || !doc["events"].is_array()) {
    return parseError(config, "byte 0",
                      "expected a The Events Calendar REST response (an object with an 'events' array); "
                      "check the url (/wp-json/tribe/events/v1/events) or use mode: mapping");
  }
  ParseOutput out;
  for (const json& ev : doc["events"]) {
    if (!ev.is_object()) {
      out.warnings.push_back("an element of 'events' is not an object; skipped");
      out.partial = true;
      continue;
    }
    out.events.push_back(tecEvent(ev, config, ctx));
  }
  std::string next = member(doc, "next_rest_url");
  if (!next.empty()) out.next_urls.push_back(resolveUrl(ctx.source_url, next));
  return out;
}

Result<ParseOutput> parseMapping(const json& doc, const SourceConfig& config, const ParseContext& ctx) {
  const JsonOptions& opt = config.json;
  if (opt.fields.empty())
    return makeError(ErrorCode::kInvalidArgument, "mode: mapping needs 'fields' (raw key -> JSON pointer)",
                     config.name + ": fields");
  const json* items = &doc;
  json::json_pointer items_ptr;
  try {
    items_ptr = json::json_pointer(opt.items);
  } catch (const json::exception& e) {
    return makeError(ErrorCode::kInvalidArgument, "'" + opt.items + "' is not a JSON pointer (RFC 6901): " + e.what(),
                     config.name + ": items");
  }
  if (!doc.contains(items_ptr))
    return parseError(config, "items", "the document has nothing at '" + opt.items + "'");
  items = &doc.at(items_ptr);
  std::vector<std::pair<std::string, json::json_pointer>> fields;
  for (const auto& [key, ptr] : opt.fields) {
    if (!isRawFieldName(key))
      return makeError(ErrorCode::kInvalidArgument, "unknown field '" + key + "'", config.name + ": fields." + key);
    try {
      fields.emplace_back(key, json::json_pointer(ptr));
    } catch (const json::exception& e) {
      return makeError(ErrorCode::kInvalidArgument, "'" + ptr + "' is not a JSON pointer (RFC 6901): " + e.what(),
                       config.name + ": fields." + key);
    }
  }
  ParseOutput out;
  auto one = [&](const json& item) {
    RawEvent e;
    bool any = false;
    for (const auto& [key, ptr] : fields) {
      if (!item.contains(ptr)) continue;
      std::string raw = scalarText(item.at(ptr));
      bool is_url = key == "url" || key == "event_url";
      std::string value = is_url ? resolveUrl(ctx.source_url, raw) : cleanText(raw);
      any = any || !value.empty();
      setRawField(e, key, std::move(value));
    }
    if (any) out.events.push_back(std::move(e));
  };
  if (items->is_array()) {
    for (const json& item : *items) {
      if (item.is_object() || item.is_array()) one(item);
    }
  } else if (items->is_object()) {
    one(*items);
  } else {
    return parseError(config, "items", "'" + opt.items + "' is neither an array nor an object");
  }
  if (!opt.next.empty()) {
    try {
      json::json_pointer next_ptr(opt.next);
      if (doc.contains(next_ptr)) {
        std::string next = scalarText(doc.at(next_ptr));
        if (!next.empty()) out.next_urls.push_back(resolveUrl(ctx.source_url, next));
      }
    } catch (const json::exception& e) {
      return makeError(ErrorCode::kInvalidArgument, "'" + opt.next + "' is not a JSON pointer: " + e.what(),
                       config.name + ": next");
    }
  }
  return out;
}

}  // namespace

Result<ParseOutput> parseJson(const SourceConfig& config, std::string_view text, const ParseContext& ctx) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    // nlohmann's message starts with "[json.exception.parse_error.101] ".
    if (auto cut = what.find("] "); cut != std::string::npos) what = what.substr(cut + 2);
    return parseError(config, "byte " + std::to_string(e.byte), "malformed JSON: " + what);
  }
  try {
    if (config.json.mode == JsonMode::kMapping) return parseMapping(doc, config, ctx);
    return parseTec(doc, config, ctx);
  } catch (const json::exception& e) {
    return parseError(config, "", std::string("unexpected JSON shape: ") + e.what());
  }
}

}  // namespace pft::ingestion::detail
