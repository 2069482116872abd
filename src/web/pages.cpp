#include "pages.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include <fmt/format.h>

#include "french.hpp"
#include "pft/core/json.hpp"
#include "pft/core/text.hpp"
#include "pft/core/url.hpp"
#include "pft/core/variant.hpp"

namespace pft::web {
namespace {

using nlohmann::json;

// Decodes one UTF-8 sequence at s[i]; returns the code point and advances
// i, or U+FFFD for an invalid byte (advancing one byte).
char32_t nextCodePoint(std::string_view s, std::size_t& i) {
  auto c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len; ++k) {
    auto cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if ((cc >> 6) != 2) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  i += static_cast<std::size_t>(len);
  return cp;
}

bool isBidiControl(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
         cp == 0x061C;
}

// True when a tournament is played over several days: core's one rule
// (spansSeveralDays). normalize applied it knowing whether the end had its
// own time and stored the answer (multi_day); the rule is applied again on
// the stored times for tournaments that did not come through normalize.
bool spansDays(const Tournament& t) {
  if (t.multi_day) return true;
  return spansSeveralDays(t.start, t.end, t.time_known, endHasTime(t),
                          t.timezone.empty() ? kParisZone : std::string_view(t.timezone));
}

// The end's time when it has one (core's endHasTime: end_time_known, stored
// since migration 0006); a multi-day end at local midnight is read as a day
// without a time too ("les 12 et 13 décembre à 19h" stored before 0006).
bool endShowsTime(const Tournament& t) {
  if (!endHasTime(t) || !t.end) return false;
  const auto local = instantToLocal(*t.end, t.timezone.empty() ? kParisZone : std::string_view(t.timezone));
  return local != std::chrono::floor<std::chrono::days>(local);
}

std::string capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::string countText(std::int64_t n) {
  if (n == 0) return "Aucun tournoi";
  if (n == 1) return "1 tournoi";
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += "\u202f";
    out.push_back(digits[i]);
  }
  return out + " tournois";
}

std::string localIsoAt(std::chrono::local_days day, std::chrono::seconds time_of_day) {
  auto t = localToInstant(LocalSeconds{day} + time_of_day, kParisZone);
  return t ? formatLocalIso(*t, kParisZone) : std::string{};
}

// date_from / date_to of « ce soir », « ce week-end », « cette semaine »,
// in Paris, around `now`.
std::optional<std::pair<std::string, std::string>> resolveWhen(std::string_view quand, Instant now) {
  using namespace std::chrono;
  auto today = floor<days>(instantToLocal(now));
  unsigned wd = weekday{today}.c_encoding();  // 0 = dimanche
  const seconds end_of_day{86399};
  if (quand == "ce-soir") return std::pair{localIsoAt(today, hours{17}), localIsoAt(today, end_of_day)};
  if (quand == "cette-semaine") {
    auto sunday = today + days{(7 - wd) % 7};
    return std::pair{localIsoAt(today, seconds{0}), localIsoAt(sunday, end_of_day)};
  }
  if (quand == "ce-week-end") {
    if (wd == 0) return std::pair{localIsoAt(today, seconds{0}), localIsoAt(today, end_of_day)};
    if (wd == 6) return std::pair{localIsoAt(today, seconds{0}), localIsoAt(today + days{1}, end_of_day)};
    auto friday = today + days{5 - wd};
    return std::pair{localIsoAt(friday, hours{18}), localIsoAt(friday + days{2}, end_of_day)};
  }
  return std::nullopt;
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kWhen{{
    {"", "Toutes les dates"},
    {"ce-soir", "Ce soir"},
    {"ce-week-end", "Ce week-end"},
    {"cette-semaine", "Cette semaine"},
}};

constexpr std::array<std::int64_t, 11> kBuyIns = {0, 1000, 2000, 3000, 5000, 10000, 15000, 20000, 30000, 50000, 100000};
constexpr std::array<int, 5> kRadii = {5, 10, 25, 50, 100};

std::string get(const QueryParams& p, std::string_view name) {
  auto it = p.find(name);
  return it == p.end() ? std::string{} : std::string{text::trim(it->second)};
}

// `path?query` without `drop` (and without the cursor).
std::string urlWithout(const std::string& path, const QueryParams& raw, std::string_view drop,
                       std::string_view drop_value = {}) {
  std::string q;
  for (const auto& [k, v] : raw) {
    if (k == "cursor" || v.empty()) continue;
    if (k == drop && drop_value.empty()) continue;
    std::string value = v;
    if (k == drop) {  // one value of a comma list (tags)
      std::string kept;
      std::string_view rest = v;
      while (!rest.empty()) {
        auto comma = rest.find(',');
        std::string_view item = text::trim(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        if (item.empty() || text::foldCase(item) == text::foldCase(drop_value)) continue;
        kept += (kept.empty() ? "" : ",") + std::string{item};
      }
      if (kept.empty()) continue;
      value = kept;
    }
    q += (q.empty() ? "" : "&") + k + "=" + percentEncode(value);
  }
  return q.empty() ? path : path + "?" + q;
}

json venueSummary(const Venue& v) {
  json j;
  j["name"] = displayText(v.name);
  j["url"] = venuePath(v);
  j["city"] = displayText(v.city);
  j["city_url"] = v.city.empty() ? "" : cityPath(v.city);
  return j;
}

// The venue block of tournament and venue pages: the summary, its address
// and where it is.
json venueDetails(const Venue& v) {
  json venue = venueSummary(v);
  venue["address"] = displayText(v.address);
  venue["postcode"] = displayText(v.postcode);
  venue["department"] =
      v.department_code.empty() ? "" : displayText(v.department) + " (" + displayText(v.department_code) + ")";
  venue["department_url"] = v.department_code.empty() ? "" : departmentPath(v.department_code);
  venue["region"] = displayText(v.region);
  venue["website"] = safeExternalUrl(v.website);
  return venue;
}

json minimap(const PageContext& ctx, const Venue& v) {
  if (!v.latitude || !v.longitude) return nullptr;
  auto p = ctx.assets.project(*v.latitude, *v.longitude);
  if (!p) return nullptr;
  json m;
  m["view_box"] = ctx.assets.outlineViewBox();
  m["outline"] = ctx.assets.url("france.svg") + "#fr";
  m["x"] = fmt::format("{:.1f}", p->x);
  m["y"] = fmt::format("{:.1f}", p->y);
  m["label"] = "Position de " + displayText(v.name) + " sur la carte de France";
  m["osm_url"] = fmt::format("https://www.openstreetmap.org/?mlat={0:.5f}&mlon={1:.5f}#map=16/{0:.5f}/{1:.5f}",
                             *v.latitude, *v.longitude);
  m["map_url"] = fmt::format("/carte?near={:.4f},{:.4f}&radius_km=10", *v.latitude, *v.longitude);
  return m;
}

// Days of a list: [{label, items: [card…]}] in order.
json groupByDay(const readmodel::Snapshot& s, const std::vector<std::size_t>& items, const PageContext& ctx) {
  json days = json::array();
  std::int32_t today = parisDay(ctx.now);
  std::int32_t current = INT32_MIN;
  for (std::size_t i : items) {
    Tournament t = readmodel::withVenue(s, i);
    std::int32_t day = parisDay(t.start);
    if (day != current) {
      current = day;
      std::string label = capitalised(frenchDay(t.start, ctx.now));
      std::string lead;
      if (day < today) lead = "En cours";
      if (day == today) lead = "Aujourd'hui";
      if (day == today + 1) lead = "Demain";
      json d;
      d["label"] = label;
      d["lead"] = lead;
      d["id"] = "jour-" + formatLocalDate(t.start);
      d["items"] = json::array();
      days.push_back(std::move(d));
    }
    days.back()["items"].push_back(tournamentCard(t, ctx));
  }
  return days;
}

}  // namespace

std::string tournamentPath(const Tournament& t) { return tournamentPagePath(t); }

std::string venuePath(const Venue& v) {
  std::string slug = text::slugify(v.name + " " + v.city);
  return fmt::format("/lieux/{}-{}", v.id, slug.empty() ? "lieu" : slug);
}

std::string cityPath(std::string_view city) {
  std::string slug = text::slugify(city, 80);
  return "/villes/" + (slug.empty() ? std::string{"inconnue"} : slug);
}

std::string departmentPath(std::string_view code) {
  return "/departements/" + percentEncode(text::foldCase(text::trim(code)));
}

std::string displayText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t start = i;
    char32_t cp = nextCodePoint(text, i);
    if (cp == '\t') {
      out.push_back(' ');
      continue;
    }
    if ((cp < 0x20 && cp != '\n') || (cp >= 0x7F && cp < 0xA0) || isBidiControl(cp)) continue;
    if (cp == 0xFFFD && text.substr(start, i - start) != "\xEF\xBF\xBD") {
      out += "\xEF\xBF\xBD";
      continue;
    }
    out.append(text.substr(start, i - start));
  }
  return out;
}

std::string safeExternalUrl(std::string_view url) { return safeLinkUrl(url); }

std::string webcalUrl(const std::string& site_url, const std::string& path_and_query) {
  std::string rest = site_url;
  for (std::string_view scheme : {"https://", "http://"}) {
    if (rest.rfind(scheme, 0) == 0) rest = rest.substr(scheme.size());
  }
  return "webcal://" + rest + path_and_query;
}

Facets facetsOf(const readmodel::Snapshot& s, Instant now) {
  std::set<std::string> cities, regions, variants, tags;
  std::map<std::string, std::string> departments;
  for (std::size_t i = 0; i < s.tournaments.size(); ++i) {
    if (s.finish[i] < now) continue;
    const Tournament& t = s.tournaments[i];
    variants.insert(t.variant);
    for (const auto& tag : t.tags) {
      if (tag.rfind("flight:", 0) != 0) tags.insert(tag);
    }
    std::size_t vi = s.tournament_venue[i];
    if (vi >= s.venues.size()) continue;
    const Venue& v = s.venues[vi];
    if (!v.city.empty()) cities.insert(displayText(v.city));
    if (!v.region.empty()) regions.insert(displayText(v.region));
    if (!v.department_code.empty()) departments[v.department_code] = displayText(v.department);
  }
  Facets f;
  f.cities.assign(cities.begin(), cities.end());
  f.regions.assign(regions.begin(), regions.end());
  f.variants.assign(variants.begin(), variants.end());
  f.tags.assign(tags.begin(), tags.end());
  f.departments.assign(departments.begin(), departments.end());
  return f;
}

std::variant<ListRequest, readmodel::FilterError> parseListRequest(std::string_view query, Instant now,
                                                                   const readmodel::ListLimits& limits) {
  ListRequest r;
  // Repeated names keep their last value, but tags (checkboxes) add up.
  std::string tags;
  std::string_view rest = query;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view part = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    auto eq = part.find('=');
    if (percentDecode(part.substr(0, eq)) != "tags" || eq == std::string_view::npos) continue;
    std::string value = percentDecode(part.substr(eq + 1));
    if (!text::trim(value).empty()) tags += (tags.empty() ? "" : ",") + value;
  }
  r.raw = parseQueryString(query);
  if (!tags.empty()) r.raw["tags"] = tags;
  QueryParams params = r.raw;
  r.quand = get(r.raw, "quand");
  if (!r.quand.empty()) {
    auto when = resolveWhen(r.quand, now);
    if (!when) {
      return readmodel::FilterError{"invalid_parameter",
                                    fmt::format("quand '{}' is not ce-soir, ce-week-end or cette-semaine", r.quand),
                                    "quand"};
    }
    params["date_from"] = when->first;
    params["date_to"] = when->second;
  }
  std::string annules = text::foldKey(get(r.raw, "annules"));
  r.show_cancelled = annules == "1" || annules == "oui" || annules == "true";
  params.erase("hide_cancelled");
  if (!r.show_cancelled) params["hide_cancelled"] = "true";
  params.erase("include_past");
  // The form always sends its radius select; without a position it means
  // nothing (the API's rule, radius_km needs near, would refuse every form).
  if (get(r.raw, "near").empty()) params.erase("radius_km");
  auto parsed = readmodel::parseFilter(params, limits);
  if (auto* e = std::get_if<readmodel::FilterError>(&parsed)) return *e;
  r.filter = std::get<TournamentFilter>(parsed);
  r.filter.now = now;
  return r;
}

std::string canonicalListQuery(const ListRequest& r) {
  TournamentFilter f = r.filter;
  f.hide_cancelled = false;  // written as annules below
  if (!r.quand.empty()) {     // the words, not the dates they meant today
    f.date_from.reset();
    f.date_to.reset();
  }
  std::string q = readmodel::canonicalFilters(f);
  auto add = [&q](std::string_view k, const std::string& v) { q += (q.empty() ? "" : "&") + std::string{k} + "=" + v; };
  if (r.show_cancelled) add("annules", "1");
  if (!r.quand.empty()) add("quand", percentEncode(r.quand));
  return q;
}

json pageBase(const PageContext& ctx, std::string title, std::string description, std::string path) {
  json j;
  j["title"] = std::move(title);
  j["description"] = std::move(description);
  j["canonical"] = ctx.site_url + path;
  j["robots"] = "index, follow";
  j["css"] = ctx.assets.url("site.css");
  j["js"] = ctx.assets.url("site.js");
  j["year"] = formatLocalDate(ctx.now).substr(0, 4);
  j["leaflet"] = false;
  j["favicon"] = ctx.assets.url("favicon.svg");
  return j;
}

json tournamentCard(const Tournament& t, const PageContext& ctx) {
  json c;
  c["id"] = t.id;
  c["url"] = tournamentPath(t);
  c["title"] = displayText(t.title);
  c["time"] = t.time_known ? frenchTime(t.start) : "";
  c["time_unknown"] = !t.time_known;
  c["datetime"] = t.time_known ? formatLocalIso(t.start) : formatLocalDate(t.start);
  c["venue"] = venueSummary(t.venue);
  c["buy_in"] = buyInText(t);
  c["variant"] = variantLabel(t.variant);
  json tags = json::array();
  for (const auto& tag : t.tags) tags.push_back(tagLabel(tag));
  c["has_tags"] = !tags.empty();
  c["tags"] = std::move(tags);
  c["badge"] = statusBadge(t.status);
  c["badge_class"] = t.status == TournamentStatus::kCancelled || t.status == TournamentStatus::kRemoved
                         ? "badge-cancelled"
                         : "badge-postponed";
  if (spansDays(t)) {
    c["until"] = "jusqu'au " + frenchDay(*t.end, ctx.now);
  } else {
    c["until"] = "";
  }
  return c;
}

json listModel(const PageContext& ctx, const readmodel::Snapshot& source, const readmodel::ListResult& list,
               const ListRequest& request, const Facets& facets, const ListPage& page, const std::string& error) {
  json j = pageBase(ctx, page.title, page.description, page.path);
  std::string canonical_query = canonicalListQuery(request);
  if (!canonical_query.empty()) j["canonical"] = ctx.site_url + page.path + "?" + canonical_query;
  if (request.filter.cursor) j["robots"] = "noindex, follow";
  j["heading"] = page.heading;
  j["intro"] = page.intro;
  j["nav_list"] = page.path == "/";
  j["count_text"] = countText(list.total);
  j["days"] = groupByDay(source, list.items, ctx);
  j["empty"] = list.items.empty();
  j["error"] = error;
  std::string base = page.path + "?" + canonical_query + (canonical_query.empty() ? "" : "&");
  j["next_url"] = list.next ? base + "cursor=" + readmodel::encodeCursor(*list.next) : "";
  j["first_url"] = request.filter.cursor ? (canonical_query.empty() ? page.path : page.path + "?" + canonical_query) : "";
  j["map_url"] = canonical_query.empty() ? std::string{"/carte"} : "/carte?" + canonical_query;
  if (!page.ics_query.empty() || page.path != "/") {
    j["subscribe_url"] = webcalUrl(ctx.site_url, "/tournaments.ics" + (page.ics_query.empty() ? "" : "?" + page.ics_query));
    j["ics_url"] = "/tournaments.ics" + (page.ics_query.empty() ? "" : "?" + page.ics_query);
  } else {
    j["subscribe_url"] = "";
  }

  // Filters in force, each with the link that removes it.
  const QueryParams& raw = request.raw;
  json active = json::array();
  auto chip = [&](std::string label, std::string_view param, std::string_view value = {}) {
    active.push_back({{"label", std::move(label)}, {"remove_url", urlWithout(page.path, raw, param, value)}});
  };
  if (!page.with_form) active = json::array();
  else {
    if (auto v = get(raw, "city"); !v.empty()) chip("Ville : " + displayText(v), "city");
    if (auto v = get(raw, "department"); !v.empty()) chip("Département : " + displayText(v), "department");
    if (auto v = get(raw, "region"); !v.empty()) chip("Région : " + displayText(v), "region");
    if (auto v = get(raw, "q"); !v.empty()) chip("Recherche : " + displayText(v), "q");
    for (const auto& [value, label] : kWhen) {
      if (!value.empty() && request.quand == value) chip(std::string{label}, "quand");
    }
    if (request.quand.empty()) {
      if (auto v = get(raw, "date_from"); !v.empty()) chip("À partir du " + displayText(v), "date_from");
      if (auto v = get(raw, "date_to"); !v.empty()) chip("Jusqu'au " + displayText(v), "date_to");
    }
    if (request.filter.buy_in_min) chip("Buy-in ≥ " + euros(*request.filter.buy_in_min), "buy_in_min");
    if (request.filter.buy_in_max) chip("Buy-in ≤ " + euros(*request.filter.buy_in_max), "buy_in_max");
    if (request.filter.variant) chip(variantLabel(*request.filter.variant), "variant");
    for (const auto& tag : request.filter.tags) chip(tagLabel(tag), "tags", tag);
    if (request.filter.near) {
      chip(fmt::format("Autour de moi ({} km)", static_cast<int>(request.filter.near->radius_km)), "near");
    }
    if (request.show_cancelled) chip("Annulés affichés", "annules");
  }
  j["active_filters"] = std::move(active);
  j["has_filters"] = !j["active_filters"].empty();
  j["reset_url"] = page.path;

  if (!page.with_form) {
    j["form"] = false;
    return j;
  }
  json form;
  form["action"] = page.path;
  form["city"] = displayText(get(raw, "city"));
  form["q"] = displayText(get(raw, "q"));
  json cities = json::array();
  for (const auto& c : facets.cities) cities.push_back(c);
  form["cities"] = std::move(cities);
  std::string dep = text::foldCase(get(raw, "department"));
  json departments = json::array();
  for (const auto& [code, name] : facets.departments) {
    departments.push_back({{"value", code},
                           {"label", code + " — " + name},
                           {"selected", text::foldCase(code) == dep || text::foldKey(name) == text::foldKey(dep)}});
  }
  form["departments"] = std::move(departments);
  std::string region = text::foldKey(get(raw, "region"));
  json regions = json::array();
  for (const auto& r : facets.regions) regions.push_back({{"value", r}, {"label", r}, {"selected", text::foldKey(r) == region}});
  form["regions"] = std::move(regions);
  json when = json::array();
  for (const auto& [value, label] : kWhen) {
    when.push_back({{"value", value},
                    {"label", label},
                    {"id", value.empty() ? "quand-tout" : "quand-" + std::string{value}},
                    {"checked", request.quand == value}});
  }
  form["when"] = std::move(when);
  form["date_from"] = request.quand.empty() ? displayText(get(raw, "date_from")).substr(0, 10) : "";
  form["date_to"] = request.quand.empty() ? displayText(get(raw, "date_to")).substr(0, 10) : "";
  auto buyIns = [&](const std::optional<std::int64_t>& chosen) {
    json options = json::array();
    for (std::int64_t cents : kBuyIns) {
      options.push_back({{"value", std::to_string(cents)}, {"label", euros(cents)}, {"selected", chosen && *chosen == cents}});
    }
    return options;
  };
  form["buy_in_min"] = buyIns(request.filter.buy_in_min);
  form["buy_in_max"] = buyIns(request.filter.buy_in_max);
  json variants = json::array();
  for (const auto& v : facets.variants) {
    variants.push_back({{"value", v}, {"label", variantLabel(v)}, {"selected", request.filter.variant == v}});
  }
  form["variants"] = std::move(variants);
  json tags = json::array();
  for (const auto& tag : facets.tags) {
    bool checked = std::find(request.filter.tags.begin(), request.filter.tags.end(), text::foldCase(tag)) !=
                   request.filter.tags.end();
    tags.push_back({{"value", tag}, {"label", tagLabel(tag)}, {"id", "tag-" + text::slugify(tag)}, {"checked", checked}});
  }
  form["tags"] = std::move(tags);
  form["near"] = displayText(get(raw, "near"));
  json radii = json::array();
  int radius = request.filter.near ? static_cast<int>(request.filter.near->radius_km) : 25;
  for (int km : kRadii) radii.push_back({{"value", std::to_string(km)}, {"label", std::to_string(km) + " km"}, {"selected", km == radius}});
  form["radii"] = std::move(radii);
  form["show_cancelled"] = request.show_cancelled;
  form["open"] = j["has_filters"];
  j["form"] = std::move(form);
  return j;
}

json tournamentModel(const PageContext& ctx, const Tournament& t, const std::vector<TournamentChange>& changes,
                     const std::vector<Venue>* venues) {
  std::string title = displayText(t.title);
  std::string when = frenchDay(t.start, Instant{});  // always with the year
  std::string description = fmt::format("{} — {} à {}, {}.", title, when, displayText(t.venue.name),
                                        displayText(t.venue.city));
  if (std::string b = buyInText(t); !b.empty()) description += " Buy-in " + b + ".";
  json j = pageBase(ctx, title + " — " + displayText(t.venue.city) + " | Poker France Tournaments", description,
                    tournamentPath(t));
  j["tournament"] = tournamentCard(t, ctx);
  j["date_text"] = capitalised(when);
  j["time_text"] = t.time_known ? frenchTime(t.start) : "horaire non communiqué";
  j["time_known"] = t.time_known;
  j["datetime"] = t.time_known ? formatLocalIso(t.start) : formatLocalDate(t.start);
  std::string end_text;
  if (t.end && (t.time_known || spansDays(t))) {
    if (!spansDays(t)) {
      end_text = "fin prévue à " + frenchTime(*t.end);
    } else {
      end_text = "jusqu'au " + frenchDay(*t.end, Instant{});
      if (endShowsTime(t)) end_text += ", " + frenchTime(*t.end);
    }
  }
  j["end_text"] = end_text;
  j["past"] = finishOf(t) < ctx.now;
  if (finishOf(t) < ctx.now) j["robots"] = "noindex, follow";
  j["buy_in_text"] = buyInText(t).empty() ? "non communiqué" : buyInText(t);
  j["guarantee_text"] = t.guarantee_cents && *t.guarantee_cents > 0 ? euros(*t.guarantee_cents) : "";
  j["variant_text"] = variantLabel(t.variant);
  json paragraphs = json::array();
  std::string desc = displayText(t.description);
  std::size_t pos = 0;
  while (pos < desc.size()) {
    auto nl = desc.find('\n', pos);
    std::string line{text::trim(std::string_view{desc}.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos))};
    if (!line.empty()) paragraphs.push_back(line);
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  j["has_description"] = !paragraphs.empty();
  j["description_paragraphs"] = std::move(paragraphs);
  const Venue& v = t.venue;
  j["venue"] = venueDetails(v);
  j["minimap"] = minimap(ctx, v);
  j["organiser_url"] = safeExternalUrl(t.event_url);
  j["source_name"] = displayText(t.source_name);
  j["source_url"] = safeExternalUrl(t.source_url);
  // Hand-entered tournaments ("manual:<id>") are no catalog source: no line on /sources.
  const bool manual = t.source_name.rfind("manual:", 0) == 0;
  j["manual"] = manual;
  j["source_health_url"] = manual || t.source_name.empty() ? "" : "/sources#" + sourceAnchor(t.source_name);
  j["checked_text"] = t.last_seen_at.time_since_epoch().count() > 0 ? frenchDay(t.last_seen_at, ctx.now) : "";
  j["ics_url"] = fmt::format("/tournaments/{}.ics", t.id);
  auto venue_name = [&](std::int64_t id) -> std::string {
    if (id == t.venue_id || (venues == nullptr && id == t.venue.id)) return displayText(t.venue.name);
    if (venues != nullptr) {
      for (const auto& other : *venues) {
        if (other.id == id) return displayText(other.name) + (other.city.empty() ? "" : " (" + displayText(other.city) + ")");
      }
    }
    return fmt::format("lieu n° {}", id);
  };
  json change_lines = json::array();
  for (const auto& c : changes) {
    std::string line = changeText(c, venue_name, ctx.now);
    if (!line.empty()) change_lines.push_back(displayText(line));
  }
  j["has_changes"] = !change_lines.empty();
  j["changes"] = std::move(change_lines);
  j["json_ld"] = jsonLdScript(t, ctx.site_url);
  j["og_type"] = "website";
  return j;
}

std::string sourceTypeLabel(std::string_view type) {
  if (type == "html") return "Page web";
  if (type == "jsonld") return "Page web (données structurées)";
  if (type == "ics") return "Calendrier iCalendar";
  if (type == "rss") return "Flux RSS ou Atom";
  if (type == "csv") return "Fichier CSV";
  if (type == "json") return "API JSON";
  return displayText(type);
}

json sourcesModel(const PageContext& ctx, const readmodel::Snapshot& s) {
  json j = pageBase(ctx, "État des sources | Poker France Tournaments",
                    "D'où viennent les tournois de Poker France Tournaments : chaque source, sa dernière lecture "
                    "réussie et son état.",
                    "/sources");
  j["heading"] = "État des sources";
  const auto upcoming = readmodel::upcomingCountBySource(s, ctx.now);
  json rows = json::array();
  std::int64_t failing = 0;
  for (const SourceStatus& src : s.sources) {
    if (!src.enabled) continue;
    json r;
    r["anchor"] = sourceAnchor(src.name);
    r["name"] = displayText(src.name);
    r["organiser"] = displayText(src.organiser);
    r["homepage"] = safeExternalUrl(src.homepage);
    r["type_label"] = sourceTypeLabel(src.type);
    if (src.last_success_at) {
      r["last_success_text"] = frenchDay(*src.last_success_at, ctx.now) + ", " + frenchTime(*src.last_success_at);
      r["last_success_iso"] = formatLocalIso(*src.last_success_at);
    } else {
      r["last_success_text"] = "";
      r["last_success_iso"] = "";
    }
    r["events_text"] = !src.last_run_at ? "—"
                       : src.last_events == 1 ? "1 événement"
                                              : std::to_string(src.last_events) + " événements";
    r["failing"] = src.failing_since.has_value();
    if (src.failing_since) {
      ++failing;
      r["state_text"] = describeSourceFailure(src, ctx.now);
    } else {
      r["state_text"] = src.last_run_at ? "OK" : "Pas encore lue";
    }
    auto it = upcoming.find(src.name);
    r["upcoming_text"] = countText(it == upcoming.end() ? 0 : it->second);
    rows.push_back(std::move(r));
  }
  j["count_text"] = rows.size() == 1 ? "1 source" : std::to_string(rows.size()) + " sources";
  j["failing_text"] = failing == 0 ? "" : failing == 1 ? "1 source en échec" : std::to_string(failing) + " sources en échec";
  j["empty"] = rows.empty();
  j["sources"] = std::move(rows);
  return j;
}

std::string submissionErrorText(const SubmissionFieldError& e) {
  const std::string& c = e.code;
  if (c == "missing") return "Ce champ est obligatoire.";
  if (c == "too_long") return "Ce texte est trop long.";
  if (c == "invalid_url") return "Indiquez une adresse web complète, qui commence par https:// ou http://.";
  if (c == "invalid_email") return "Cette adresse e-mail n'est pas valide.";
  if (c == "invalid_date") return "Indiquez une date valide (AAAA-MM-JJ).";
  if (c == "past_date") return "Cette date est passée.";
  if (c == "too_far_ahead") return "Cette date est à plus de deux ans.";
  if (c == "invalid_time") return "Indiquez l'heure au format HH:MM.";
  if (c == "invalid_postcode") return "Le code postal compte cinq chiffres.";
  if (c == "unknown_variant") return "Choisissez une variante de la liste.";
  if (c == "invalid_text") return "Ce texte contient des caractères non autorisés ou aucune lettre.";
  return "Cette valeur n'est pas acceptée.";
}

namespace {

struct FormField {
  const char* name;
  const char* label;
  const char* type;  // text, date, time, email, url, textarea, select
  bool required;
  const char* autocomplete;
  const char* hint;
  std::string Submission::*value;
};

json formFields(std::initializer_list<FormField> fields, const ProposalForm& form, SubmissionKind kind) {
  const bool mine = form.kind == kind;
  json out = json::array();
  for (const FormField& f : fields) {
    json j;
    j["name"] = f.name;
    j["id"] = std::string(kind == SubmissionKind::kTournament ? "t-" : "p-") + f.name;
    j["label"] = f.label;
    j["type"] = f.type;
    const std::string id = j["id"];
    j["is_textarea"] = std::string_view(f.type) == "textarea";
    j["is_select"] = std::string_view(f.type) == "select";
    j["is_input"] = !j["is_textarea"].get<bool>() && !j["is_select"].get<bool>();
    j["required"] = f.required;
    j["autocomplete"] = f.autocomplete;
    j["hint"] = f.hint;
    j["has_hint"] = *f.hint != '\0';
    j["hint_id"] = id + "-hint";
    j["error_id"] = id + "-error";
    j["value"] = mine ? displayText(form.values.*(f.value)) : "";
    std::string error;
    if (mine) {
      for (const auto& e : form.errors) {
        if (e.field == f.name) {
          error = submissionErrorText(e);
          break;
        }
      }
    }
    j["error"] = error;
    j["invalid"] = !error.empty();
    std::string describedby = *f.hint != '\0' ? id + "-hint" : "";
    if (!error.empty()) describedby += (describedby.empty() ? "" : " ") + id + "-error";
    j["describedby"] = describedby;
    j["has_describedby"] = !describedby.empty();
    if (std::string_view(f.name) == "variant") {
      json options = json::array();
      const std::string chosen = mine ? form.values.variant : "";
      options.push_back({{"value", ""}, {"label", "Je ne sais pas / autre"}, {"selected", chosen.empty()}});
      for (const VariantName& v : kVariants) {
        options.push_back({{"value", std::string(v.code)},
                           {"label", std::string(v.label)},
                           {"selected", chosen == v.code}});
      }
      j["options"] = std::move(options);
    }
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace

json proposalModel(const PageContext& ctx, const ProposalForm& form) {
  json j = pageBase(ctx, "Proposer un tournoi | Poker France Tournaments",
                    "Organisateurs : proposez un tournoi de poker ou l'adresse de votre programme. Chaque proposition "
                    "est vérifiée avant publication.",
                    "/proposer");
  j["heading"] = "Proposer un tournoi";
  j["notice"] = form.notice;
  j["has_errors"] = !form.errors.empty();
  j["error_count_text"] = form.errors.size() == 1 ? "1 champ à corriger" : std::to_string(form.errors.size()) +
                                                                                " champs à corriger";
  j["errors_in_tournament"] = !form.errors.empty() && form.kind == SubmissionKind::kTournament;
  j["errors_in_page"] = !form.errors.empty() && form.kind == SubmissionKind::kUrl;
  j["min_date"] = formatLocalDate(ctx.now);
  j["tournament_fields"] = formFields(
      {
          {"title", "Nom du tournoi", "text", true, "off", "Par exemple « Deepstack du jeudi ».", &Submission::title},
          {"date", "Date", "date", true, "off", "", &Submission::date},
          {"time", "Heure de début", "time", false, "off", "Laissez vide si elle n'est pas encore fixée.",
           &Submission::time},
          {"venue_name", "Lieu", "text", true, "organization", "Casino, club ou salle.", &Submission::venue_name},
          {"address", "Adresse", "text", false, "street-address", "", &Submission::address},
          {"postcode", "Code postal", "text", false, "postal-code", "", &Submission::postcode},
          {"city", "Ville", "text", true, "address-level2", "", &Submission::city},
          {"buy_in", "Buy-in", "text", false, "off", "Le prix d'entrée, par exemple « 50 € » ou « 100 + 10 € ».",
           &Submission::buy_in},
          {"variant", "Variante", "select", false, "off", "", &Submission::variant},
          {"contact_email", "E-mail de l'organisateur", "email", true, "email",
           "Pour vous contacter si besoin ; il n'est jamais publié.", &Submission::contact_email},
          {"message", "Message", "textarea", false, "off", "Facultatif : ce que l'équipe doit savoir.",
           &Submission::message},
      },
      form, SubmissionKind::kTournament);
  j["page_fields"] = formFields(
      {
          {"url", "Adresse de la page de vos tournois", "url", true, "url",
           "La page, le calendrier ou le flux où vous annoncez vos tournois.", &Submission::url},
          {"contact_email", "Votre e-mail", "email", false, "email", "Facultatif ; il n'est jamais publié.",
           &Submission::contact_email},
          {"message", "Message", "textarea", false, "off", "Facultatif.", &Submission::message},
      },
      form, SubmissionKind::kUrl);
  return j;
}

json venueModel(const PageContext& ctx, const Venue& v, const readmodel::Snapshot& s,
                const readmodel::ListResult& upcoming) {
  std::string name = displayText(v.name);
  std::string city = displayText(v.city);
  json j = pageBase(ctx, name + (city.empty() ? "" : " — " + city) + " : tournois de poker | Poker France Tournaments",
                    fmt::format("Les prochains tournois de poker à {}{} : dates, horaires, buy-ins.", name,
                                city.empty() ? "" : " (" + city + ")"),
                    venuePath(v));
  j["venue"] = venueDetails(v);
  j["minimap"] = minimap(ctx, v);
  j["count_text"] = countText(upcoming.total);
  j["days"] = groupByDay(s, upcoming.items, ctx);
  j["empty"] = upcoming.items.empty();
  std::string ics_query = fmt::format("venue_id={}", v.id);
  j["subscribe_url"] = webcalUrl(ctx.site_url, "/tournaments.ics?" + ics_query);
  j["ics_url"] = "/tournaments.ics?" + ics_query;
  return j;
}

std::string seriesPath(const readmodel::Series& se) {
  std::string slug = text::slugify(se.name);
  return fmt::format("/festivals/{}{}{}", se.id, slug.empty() ? "" : "-", slug);
}

json seriesModel(const PageContext& ctx, const readmodel::Series& se, const readmodel::Snapshot& s,
                 const readmodel::ListResult& upcoming) {
  std::string name = displayText(se.name);
  auto vi = s.venue_index.find(se.venue_id);
  Venue v = vi == s.venue_index.end() ? Venue{} : s.venues[vi->second];
  Instant first{std::chrono::sys_days{std::chrono::days{se.first_day}}};
  Instant last{std::chrono::sys_days{std::chrono::days{se.last_day}}};
  // Noon UTC of each day: the same Paris calendar day whatever the offset.
  std::string from = frenchDay(first + std::chrono::hours{12}, Instant{});
  std::string to = frenchDay(last + std::chrono::hours{12}, Instant{});
  std::string when = se.first_day == se.last_day ? "le " + from : "du " + from + " au " + to;
  std::string place = displayText(v.name) + (v.city.empty() ? "" : ", " + displayText(v.city));
  json j = pageBase(ctx, name + " — " + displayText(v.city) + " : programme | Poker France Tournaments",
                    fmt::format("{} : le programme jour par jour ({}), {}.", name, when, place), seriesPath(se));
  j["series"] = {{"name", name}, {"when", when}};
  json venue = venueSummary(v);
  venue["address"] = displayText(v.address);
  venue["postcode"] = displayText(v.postcode);
  j["venue"] = std::move(venue);
  j["count_text"] = countText(upcoming.total);
  j["days"] = groupByDay(s, upcoming.items, ctx);
  j["empty"] = upcoming.items.empty();
  std::string ics_query = fmt::format("series_id={}", se.id);
  j["subscribe_url"] = webcalUrl(ctx.site_url, "/tournaments.ics?" + ics_query);
  j["ics_url"] = "/tournaments.ics?" + ics_query;
  return j;
}

void addSeriesLink(json& model, const readmodel::Snapshot& s, std::int64_t id) {
  auto it = s.tournament_index.find(id);
  if (it == s.tournament_index.end()) return;
  std::size_t k = it->second < s.tournament_series.size() ? s.tournament_series[it->second] : SIZE_MAX;
  if (k >= s.series.size()) return;
  model["series"] = {{"name", displayText(s.series[k].name)}, {"url", seriesPath(s.series[k])}};
}

json mapModel(const PageContext& ctx, const readmodel::Snapshot& s, const readmodel::ListResult& list,
              const ListRequest& request, const Facets& facets, const std::string& tile_url,
              const std::string& tile_attribution) {
  ListPage page;
  page.path = "/carte";
  page.title = "Carte des tournois de poker en France | Poker France Tournaments";
  page.heading = "Carte des tournois";
  page.description = "Tous les lieux de tournois de poker en France sur une carte : casinos, clubs et associations.";
  readmodel::ListResult none;
  none.total = list.total;
  json j = listModel(ctx, s, none, request, facets, page, "");
  j["nav_map"] = true;
  j["nav_list"] = false;
  j["leaflet"] = true;
  j["leaflet_css"] = ctx.assets.url("vendor/leaflet/leaflet.css");
  j["leaflet_js"] = ctx.assets.url("vendor/leaflet/leaflet.js");
  j["cluster_css"] = ctx.assets.url("vendor/leaflet.markercluster/MarkerCluster.css");
  j["cluster_default_css"] = ctx.assets.url("vendor/leaflet.markercluster/MarkerCluster.Default.css");
  j["cluster_js"] = ctx.assets.url("vendor/leaflet.markercluster/leaflet.markercluster.js");
  j["outline_url"] = ctx.assets.has("france.geojson") ? ctx.assets.url("france.geojson") : "";
  std::string q = canonicalListQuery(request);
  j["data_url"] = "/carte/lieux.json" + (q.empty() ? "" : "?" + q);
  j["tile_url"] = tile_url;
  j["tile_attribution"] = tile_attribution;
  // The venues under the map, without JavaScript: name, city, count, next date.
  std::map<std::size_t, std::pair<std::size_t, std::int64_t>> by_venue;  // venue index -> (first item, count)
  std::vector<std::size_t> order;
  for (std::size_t i : list.items) {
    std::size_t vi = s.tournament_venue[i];
    auto [it, fresh] = by_venue.try_emplace(vi, i, 0);
    if (fresh) order.push_back(vi);
    ++it->second.second;
  }
  json venues = json::array();
  for (std::size_t vi : order) {
    const auto& [first, count] = by_venue[vi];
    Tournament t = readmodel::withVenue(s, first);
    json v = venueSummary(t.venue);
    v["count_text"] = countText(count);
    v["next_text"] = "prochain : " + frenchDateTime(t, ctx.now);
    v["next_url"] = tournamentPath(t);
    v["located"] = t.venue.latitude && t.venue.longitude;
    venues.push_back(std::move(v));
  }
  j["venues"] = std::move(venues);
  j["venues_empty"] = order.empty();
  return j;
}

json mapData(const readmodel::Snapshot& s, const readmodel::ListResult& list, const PageContext& ctx) {
  std::map<std::size_t, std::size_t> slot;  // venue index -> position in out
  json out = json::array();
  for (std::size_t i : list.items) {
    std::size_t vi = s.tournament_venue[i];
    if (vi >= s.venues.size()) continue;
    const Venue& v = s.venues[vi];
    if (!v.latitude || !v.longitude) continue;
    auto [it, fresh] = slot.try_emplace(vi, out.size());
    if (fresh) {
      out.push_back({{"name", displayText(v.name)},
                     {"city", displayText(v.city)},
                     {"url", venuePath(v)},
                     {"lat", *v.latitude},
                     {"lon", *v.longitude},
                     {"count", 0},
                     {"next", json::array()}});
    }
    json& entry = out[it->second];
    entry["count"] = entry["count"].get<int>() + 1;
    if (entry["next"].size() < 3) {
      const Tournament& t = s.tournaments[i];
      entry["next"].push_back({{"title", displayText(t.title)},
                               {"when", frenchDateTime(t, ctx.now)},
                               {"buy_in", buyInText(t)},
                               {"url", tournamentPath(t)}});
    }
  }
  return out;
}

std::string jsonLdScript(const Tournament& t, const std::string& site_url) {
  // ASCII only: no bidirectional control or other invisible character survives unescaped.
  std::string text = tournamentJsonLd(t, site_url).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size() + 32);
  for (char c : text) {
    switch (c) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace pft::web
