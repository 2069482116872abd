// `pft sources detect` (detect.hpp): candidates read, normalised, counted.

#include "pft/onboarding/detect.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "pft/core/text.hpp"
#include "pft/ingestion/connectors.hpp"
#include "pft/ingestion/discovery.hpp"
#include "pft/normalize/date_fr.hpp"
#include "pft/normalize/normalize_event.hpp"

namespace pft::onboarding {
namespace {

using ingestion::CatalogSource;
using ingestion::FieldSelector;
using ingestion::ParseContext;
using ingestion::SourceConfig;
using ingestion::SourceType;

struct Fetched {
  std::string body;
  std::string url;  // effective
  std::string content_type;
};

Result<Fetched> fetch(ingestion::PoliteFetcher& fetcher, const std::string& url) {
  auto r = fetcher.get(url);
  if (!r) return r.error();
  if (r->status < 200 || r->status >= 300) {
    return makeError(ErrorCode::kNetwork, fmt::format("HTTP {}", r->status), url);
  }
  Fetched f;
  f.body = std::move(r->body);
  f.url = r->effective_url.empty() ? url : r->effective_url;
  auto ct = r->headers.find("content-type");
  if (ct != r->headers.end()) f.content_type = ct->second;
  return f;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

bool startsWithNoSpace(std::string_view body, std::string_view prefix) {
  std::size_t i = 0;
  if (body.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < body.size() && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) ++i;
  return lower(body.substr(i, prefix.size())) == prefix;
}

// "casino-forges-les-eaux-fr" from the host.
std::string nameFromUrl(const std::string& url) {
  auto [origin, path] = ingestion::splitHttpUrl(url);
  std::string host = origin.substr(origin.find("://") + 3);
  if (host.rfind("www.", 0) == 0) host = host.substr(4);
  std::string out;
  for (char c : lower(host)) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum) {
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "new-source" : out;
}

std::string formatBuyIn(const std::optional<std::int64_t>& cents) {
  if (!cents) return {};
  if (*cents == 0) return "gratuit";
  if (*cents % 100 == 0) return fmt::format("{} €", *cents / 100);
  return fmt::format("{},{:02} €", *cents / 100, *cents % 100);
}

// Events read and normalised with one configuration.
struct Reading {
  Candidate candidate;
  SourceConfig config;
  std::vector<PreviewEvent> events;
  std::vector<PreviewFailure> failures;
};

Reading readWith(const SourceConfig& config, const Fetched& doc, std::string how, const DetectOptions& options) {
  Reading out;
  out.config = config;
  out.candidate.type = ingestion::sourceTypeName(config.type);
  out.candidate.url = doc.url;
  out.candidate.how = std::move(how);
  ParseContext ctx{doc.url, options.now, doc.content_type};
  auto parsed = ingestion::parseDocument(config, doc.body, ctx);
  if (!parsed) {
    out.candidate.error = parsed.error().describe();
    return out;
  }
  out.candidate.items = parsed->events.size();
  normalize::EventContext context(*options.gazetteer, options.now);
  const std::string fetched_at = formatLocalIso(options.now);
  for (RawEvent& raw : parsed->events) {
    raw.fetched_at = fetched_at;
    auto e = normalize::normalizeEvent(raw, context);
    if (!e) {
      if (out.failures.size() < options.preview) {
        const std::string title = raw.title.empty() ? text::squashSpaces(raw.description).substr(0, 80) : raw.title;
        out.failures.push_back({title, std::string(errorCodeName(e.error().code)) + ": " + e.error().message});
      }
      continue;
    }
    ++out.candidate.normalised;
    if (out.events.size() >= options.preview) continue;
    Tournament t;
    context.materialize(*e, t);
    const Venue& v = context.venueSlots()[e->venue_slot].resolved.venue;
    PreviewEvent p;
    p.title = t.title;
    p.start = t.time_known ? formatLocalIso(t.start) : formatLocalDate(t.start);
    p.buy_in = formatBuyIn(t.buy_in_cents);
    p.venue = v.name;
    if (!v.city.empty()) p.venue += (p.venue.empty() ? "" : ", ") + v.city;
    out.events.push_back(std::move(p));
  }
  return out;
}

Reading failedCandidate(SourceType type, const std::string& url, std::string how, const Error& e) {
  Reading r;
  r.config.type = type;
  r.candidate.type = ingestion::sourceTypeName(type);
  r.candidate.url = url;
  r.candidate.how = std::move(how);
  r.candidate.error = e.describe();
  return r;
}

SourceConfig baseConfig(const std::string& name, SourceType type, const std::string& url) {
  SourceConfig c;
  c.name = name;
  c.type = type;
  c.url = url;
  c.enabled = false;
  return c;
}

// The raw key a CSV header names ("Date", "Heure", "Tournoi", "Prix",
// "Lieu", "Ville"…), "" when none.
std::string csvKeyFor(std::string_view header) {
  const std::string f = " " + text::foldKey(header) + " ";
  auto has = [&](std::initializer_list<std::string_view> words) {
    for (auto w : words) {
      if (f.find(" " + std::string(w) + " ") != std::string::npos) return true;
    }
    return false;
  };
  if (has({"date", "jour", "debut", "start", "heure", "horaire", "time"})) return "start";
  if (has({"fin", "end"})) return "end";
  if (has({"tournoi", "titre", "nom", "title", "evenement", "event", "name"})) return "title";
  if (has({"prix", "buy", "buy in", "tarif", "droit", "entree", "price", "cout"})) return "buy_in";
  if (has({"variante", "jeu", "variant", "game"})) return "variant";
  if (has({"lieu", "salle", "etablissement", "venue", "casino", "club"})) return "venue_name";
  if (has({"adresse", "address", "rue"})) return "address";
  if (has({"ville", "commune", "city", "localite"})) return "city";
  if (has({"cp", "code postal", "postcode", "zip"})) return "postcode";
  if (has({"lien", "url", "link", "site"})) return "url";
  if (has({"description", "details", "infos", "commentaire"})) return "description";
  return {};
}

std::map<std::string, std::string> csvFieldMap(std::string_view body) {
  std::string_view line = body.substr(0, body.find('\n'));
  if (line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  char delim = ',';
  std::size_t best = 0;
  for (char d : {',', ';', '\t'}) {
    const auto n = static_cast<std::size_t>(std::count(line.begin(), line.end(), d));
    if (n > best) {
      best = n;
      delim = d;
    }
  }
  std::map<std::string, std::string> out;
  std::size_t i = 0;
  while (i <= line.size()) {
    std::size_t j = line.find(delim, i);
    if (j == std::string_view::npos) j = line.size();
    std::string header(text::trim(line.substr(i, j - i)));
    if (header.size() >= 2 && header.front() == '"' && header.back() == '"') header = header.substr(1, header.size() - 2);
    const std::string key = csvKeyFor(header);
    if (!key.empty() && !header.empty()) out[header] = key;
    i = j + 1;
  }
  return out;
}

// ---- HTML selector inference ----------------------------------------------

struct FieldStats {
  std::size_t dates = 0;      // values that hold a French date
  std::size_t times = 0;      // values that hold a time and no date
  std::size_t money = 0;      // euro amounts, « gratuit »
  std::size_t postcodes = 0;  // a five-digit postcode
};

bool hasPostcode(std::string_view v) {
  for (std::size_t i = 0; i + 5 <= v.size(); ++i) {
    bool digits = true;
    for (std::size_t k = 0; k < 5 && digits; ++k) digits = v[i + k] >= '0' && v[i + k] <= '9';
    const bool left = i == 0 || !(v[i - 1] >= '0' && v[i - 1] <= '9');
    const bool right = i + 5 == v.size() || !(v[i + 5] >= '0' && v[i + 5] <= '9');
    if (digits && left && right) return true;
  }
  return false;
}

FieldStats statsOf(const ingestion::BlockField& f, std::chrono::year_month_day today) {
  FieldStats s;
  for (const auto& v : f.values) {
    if (v.empty()) continue;
    const bool date = static_cast<bool>(normalize::parseFrenchDate(v, today));
    if (date) ++s.dates;
    if (!date && normalize::parseFrenchTime(v)) ++s.times;
    const std::string folded = text::foldKey(v);
    if (v.find("\xE2\x82\xAC") != std::string::npos || v.find("EUR") != std::string::npos ||
        folded.find("gratuit") != std::string::npos || folded.find("freeroll") != std::string::npos) {
      ++s.money;
    }
    if (hasPostcode(v)) ++s.postcodes;
  }
  return s;
}

bool namesOne(const std::string& selector, std::initializer_list<std::string_view> words) {
  const std::string l = lower(selector);
  for (auto w : words) {
    if (l.find(w) != std::string::npos) return true;
  }
  return false;
}

FieldSelector selectorOf(const ingestion::BlockField& f) { return FieldSelector{f.selector, f.attr}; }

// The page's own name: og:site_name, else the last part of <title>
// ("Tournois – Casino de Forges-les-Eaux" -> "Casino de Forges-les-Eaux").
std::string pageName(const ingestion::PageDiscovery& page) {
  if (!page.site_name.empty()) return page.site_name;
  std::string title = text::squashSpaces(page.title);
  for (std::string_view sep : {" | ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " - "}) {
    const std::size_t at = title.rfind(sep);
    if (at != std::string::npos) return title.substr(at + sep.size());
  }
  return title;
}

std::vector<Reading> inferHtml(const Fetched& doc, const ingestion::PageDiscovery& page, const std::string& name,
                               const DetectOptions& options) {
  std::vector<Reading> out;
  ParseContext ctx{doc.url, options.now, doc.content_type};
  ingestion::BlockOptions block_options;
  block_options.max_groups = 60;
  auto groups = ingestion::findRepeatedBlocks(doc.body, ctx, block_options);
  if (!groups) return out;
  const auto today = std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(
      std::chrono::sys_seconds{std::chrono::floor<std::chrono::seconds>(options.now.time_since_epoch())})};

  // Groups whose blocks hold dates, most dated first.
  std::vector<std::pair<std::size_t, const ingestion::BlockGroup*>> dated;
  for (const auto& g : *groups) {
    std::size_t n = 0;
    for (const auto& t : g.texts) {
      if (normalize::parseFrenchDate(t, today)) ++n;
    }
    if (n >= 2 && n * 2 >= g.texts.size()) dated.emplace_back(n, &g);
  }
  std::stable_sort(dated.begin(), dated.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  if (dated.size() > 8) dated.resize(8);

  const std::string venue_from_page = pageName(page);
  std::optional<normalize::Commune> page_town;
  if (!venue_from_page.empty()) page_town = options.gazetteer->findInVenueName(venue_from_page);

  for (const auto& [count, group] : dated) {
    auto fields = ingestion::describeBlockFields(doc.body, ctx, group->item);
    if (!fields || fields->size() < 2) continue;
    const std::size_t n = fields->front().values.size();
    std::vector<FieldStats> stats;
    for (const auto& f : *fields) stats.push_back(statsOf(f, today));
    auto most = [&](std::size_t k) { return k * 2 >= n && k > 0; };

    std::vector<std::size_t> starts;
    std::optional<std::size_t> time_field, buy_in, title, venue, url;
    for (std::size_t i = 1; i < fields->size(); ++i) {
      if (most(stats[i].dates)) starts.push_back(i);
    }
    std::stable_sort(starts.begin(), starts.end(), [&](std::size_t a, std::size_t b) {
      return stats[a].dates > stats[b].dates;
    });
    if (starts.size() > 2) starts.resize(2);
    if (starts.empty()) starts.push_back(0);  // the whole block as start text
    auto used = [&](std::size_t i) {
      return std::find(starts.begin(), starts.end(), i) != starts.end() || i == time_field || i == buy_in ||
             i == title || i == venue || i == url;
    };
    for (std::size_t i = 1; i < fields->size(); ++i) {
      const auto& f = (*fields)[i];
      if (used(i)) continue;
      if (f.attr == "href") {
        if (!url) url = i;
        continue;
      }
      if (!f.attr.empty()) continue;
      if (!time_field && most(stats[i].times)) {
        time_field = i;
      } else if (!buy_in && most(stats[i].money) && stats[i].dates == 0) {
        buy_in = i;
      } else if (!venue && namesOne(f.selector, {"lieu", "place", "venue", "location", "adresse", "address", "salle"})) {
        venue = i;
      }
    }
    // The title: a heading or a field named so, else the first other text
    // without dates, times or amounts.
    for (int pass = 0; pass < 2 && !title; ++pass) {
      for (std::size_t i = 1; i < fields->size() && !title; ++i) {
        const auto& f = (*fields)[i];
        if (used(i) || !f.attr.empty()) continue;
        const bool named = (f.tag.size() == 2 && f.tag[0] == 'h' && f.tag[1] >= '1' && f.tag[1] <= '6') ||
                           namesOne(f.selector, {"title", "titre", "name", "nom"});
        // A weekday alone ("Deepstack du vendredi") reads as a date: only
        // fields where most values do are left out.
        const bool plain = !most(stats[i].dates) && !most(stats[i].times) && !most(stats[i].money);
        if ((pass == 0 && named) || (pass == 1 && plain)) title = i;
      }
    }

    for (std::size_t s : starts) {
      for (bool with_time : {true, false}) {
        if (with_time && !time_field) continue;
        SourceConfig c = baseConfig(name, SourceType::kHtml, doc.url);
        c.html.item = group->item;
        const auto& sf = (*fields)[s];
        if (with_time) {
          const auto& tf = (*fields)[*time_field];
          c.html.fields["start"] = FieldSelector{"concat(" + sf.xpath + ", ' ', " + tf.xpath + ")", ""};
        } else {
          c.html.fields["start"] = selectorOf(sf);
        }
        c.html.fields["title"] = title ? selectorOf((*fields)[*title]) : FieldSelector{".", ""};
        if (buy_in) c.html.fields["buy_in"] = selectorOf((*fields)[*buy_in]);
        if (url) c.html.fields["url"] = selectorOf((*fields)[*url]);
        if (venue) {
          const bool address = stats[*venue].postcodes * 2 >= n;
          c.html.fields[address ? "address" : "venue_name"] = selectorOf((*fields)[*venue]);
          if (address) c.default_venue.name = venue_from_page;
        } else {
          c.default_venue.name = venue_from_page;
          if (page_town) c.default_venue.city = page_town->city;
        }
        std::string how = fmt::format("{} repeated blocks ({}), fields inferred, start = {}", group->texts.size(),
                                      group->signature, with_time ? "date and time fields joined" : "one field");
        out.push_back(readWith(c, doc, std::move(how), options));
      }
    }
  }
  return out;
}

bool better(const Reading& a, const Reading& b) { return a.candidate.normalised > b.candidate.normalised; }

}  // namespace

Result<Detection> detectSource(const std::string& url, ingestion::PoliteFetcher& fetcher,
                               const DetectOptions& options) {
  if (options.gazetteer == nullptr) return makeError(ErrorCode::kInternal, "detectSource needs a gazetteer");
  auto [origin, path] = ingestion::splitHttpUrl(url);
  if (origin.empty()) {
    return makeError(ErrorCode::kInvalidArgument, "not an http(s) URL (write it as https://host/path)", url);
  }
  auto page_doc = fetch(fetcher, url);
  if (!page_doc) return page_doc.error();
  const Fetched& doc = *page_doc;
  const std::string name = options.name.empty() ? nameFromUrl(url) : options.name;

  Detection d;
  d.url = url;
  std::vector<Reading> readings;
  const std::string ct = lower(doc.content_type);
  const bool html = ct.find("html") != std::string::npos ||
                    (ct.empty() && (startsWithNoSpace(doc.body, "<!doctype html") || startsWithNoSpace(doc.body, "<html")));

  // 1. The document itself is a feed.
  if (ct.find("text/calendar") != std::string::npos || startsWithNoSpace(doc.body, "begin:vcalendar")) {
    readings.push_back(readWith(baseConfig(name, SourceType::kIcs, doc.url), doc, "the URL is an iCalendar feed", options));
  } else if (!html && (startsWithNoSpace(doc.body, "<?xml") || startsWithNoSpace(doc.body, "<rss") ||
                       startsWithNoSpace(doc.body, "<feed"))) {
    SourceConfig c = baseConfig(name, SourceType::kRss, doc.url);
    Reading plain = readWith(c, doc, "the URL is an RSS/Atom feed", options);
    readings.push_back(std::move(plain));
  } else if (ct.find("text/csv") != std::string::npos) {
    SourceConfig c = baseConfig(name, SourceType::kCsv, doc.url);
    c.csv.field_map = csvFieldMap(doc.body);
    readings.push_back(readWith(c, doc, "the URL is a CSV file", options));
  } else if (ct.find("json") != std::string::npos && doc.url.find("/tribe/events/") != std::string::npos) {
    readings.push_back(readWith(baseConfig(name, SourceType::kJson, doc.url), doc,
                                "the URL is The Events Calendar REST", options));
  }

  // 2. What an HTML page links to or embeds.
  std::optional<ingestion::PageDiscovery> page;
  if (readings.empty()) {
    ParseContext ctx{doc.url, options.now, doc.content_type};
    auto discovered = ingestion::discoverPage(doc.body, ctx);
    if (discovered) page = std::move(*discovered);
  }
  if (page) {
    std::size_t n = 0;
    for (const auto& link : page->calendars) {
      if (++n > 3) break;
      auto f = fetch(fetcher, link.url);
      if (!f) {
        readings.push_back(failedCandidate(SourceType::kIcs, link.url, link.how, f.error()));
        continue;
      }
      readings.push_back(readWith(baseConfig(name, SourceType::kIcs, link.url), *f, link.how, options));
    }
    if (lower(doc.body).find("application/ld+json") != std::string::npos) {
      readings.push_back(readWith(baseConfig(name, SourceType::kJsonLd, doc.url), doc,
                                  "<script type=application/ld+json> in the page", options));
    }
    if (page->wordpress || page->tec_markers) {
      std::string api = page->wordpress_api.empty() ? origin + "/wp-json/" : page->wordpress_api;
      if (api.back() != '/') api += '/';
      const std::string tec = api + "tribe/events/v1/events";
      auto f = fetch(fetcher, tec);
      if (!f) {
        readings.push_back(failedCandidate(SourceType::kJson, tec, "WordPress page: The Events Calendar REST", f.error()));
      } else {
        readings.push_back(readWith(baseConfig(name, SourceType::kJson, tec), *f,
                                    "WordPress page: The Events Calendar REST", options));
      }
    }
    n = 0;
    for (const auto& link : page->feeds) {
      if (lower(link.url).find("comments") != std::string::npos || ++n > 2) continue;
      auto f = fetch(fetcher, link.url);
      if (!f) {
        readings.push_back(failedCandidate(SourceType::kRss, link.url, link.how, f.error()));
        continue;
      }
      readings.push_back(readWith(baseConfig(name, SourceType::kRss, link.url), *f, link.how, options));
    }
    n = 0;
    for (const auto& link : page->csv_files) {
      if (++n > 2) break;
      auto f = fetch(fetcher, link.url);
      if (!f) {
        readings.push_back(failedCandidate(SourceType::kCsv, link.url, link.how, f.error()));
        continue;
      }
      SourceConfig c = baseConfig(name, SourceType::kCsv, link.url);
      c.csv.field_map = csvFieldMap(f->body);
      readings.push_back(readWith(c, *f, link.how + ", field_map from its header", options));
    }
  }
  // An RSS feed whose items carry no start is a feed of articles: read as
  // announcements (dates anchored on publication, reports skipped).
  for (std::size_t i = 0, size = readings.size(); i < size; ++i) {
    Reading& r = readings[i];
    if (r.config.type != SourceType::kRss || !r.candidate.error.empty()) continue;
    SourceConfig c = r.config;
    c.rss.announcements = true;
    auto f = fetch(fetcher, r.candidate.url);
    if (!f) continue;
    auto parsed = ingestion::parseDocument(r.config, f->body, ParseContext{f->url, options.now, f->content_type});
    const bool articles = parsed && std::none_of(parsed->events.begin(), parsed->events.end(),
                                                 [](const RawEvent& e) { return !e.start.empty(); });
    if (articles) r = readWith(c, *f, r.candidate.how + ", items read as announcements", options);
  }

  // 3. Selector inference, when nothing structured normalises.
  const bool structured = std::any_of(readings.begin(), readings.end(),
                                      [](const Reading& r) { return r.candidate.normalised > 0; });
  if (!structured && page && html) {
    for (auto& r : inferHtml(doc, *page, name, options)) readings.push_back(std::move(r));
  }

  const Reading* best = nullptr;
  for (const auto& r : readings) {
    d.tried.push_back(r.candidate);
    if (r.candidate.normalised > 0 && (best == nullptr || better(r, *best))) best = &r;
  }
  if (best == nullptr) {
    // The failures of the candidate that read the most items, to say why.
    for (const auto& r : readings) {
      if (best == nullptr || r.candidate.items > best->candidate.items) best = &r;
    }
    if (best != nullptr) d.failures = best->failures;
    return d;
  }
  d.usable = true;
  d.chosen = best->candidate;
  d.events = best->events;
  d.failures = best->failures;
  d.entry.config = best->config;
  d.entry.config.enabled = false;
  if (page) {
    d.entry.organiser = pageName(*page);
  }
  d.entry.homepage = url;
  d.yaml = ingestion::formatCatalogEntry(
      d.entry, fmt::format("seen on {} (pft sources detect: {}, {} of {} items normalise)", url, d.chosen.how,
                           d.chosen.normalised, d.chosen.items));
  return d;
}

std::string formatDetection(const Detection& d) {
  std::string out = fmt::format("page: {}\n", d.url);
  for (const auto& c : d.tried) {
    out += fmt::format("  tried {:<6} {} ({})", c.type, c.url, c.how);
    if (!c.error.empty()) {
      out += ": " + c.error + "\n";
    } else {
      out += fmt::format(": {} items, {} normalise\n", c.items, c.normalised);
    }
  }
  if (!d.usable) {
    out += "nothing usable: no feed, calendar, structured data or repeated dated blocks that normalise.\n";
    for (const auto& f : d.failures) out += fmt::format("  failed: {} — {}\n", f.title, f.reason);
    return out;
  }
  out += fmt::format("usable: {} at {} — {} of {} items normalise\n", d.chosen.type, d.chosen.url,
                     d.chosen.normalised, d.chosen.items);
  out += "events it would import:\n";
  for (const auto& e : d.events) {
    out += fmt::format("  {}  {}", e.start, e.title);
    if (!e.buy_in.empty()) out += " — " + e.buy_in;
    if (!e.venue.empty()) out += " — " + e.venue;
    out += "\n";
  }
  if (!d.failures.empty()) {
    out += "items that do not normalise:\n";
    for (const auto& f : d.failures) out += fmt::format("  {} — {}\n", f.title, f.reason);
  }
  out += "catalog entry (enabled: false until you confirm it; append with pft sources accept or by hand):\n";
  out += d.yaml;
  return out;
}

std::string detectionJson(const Detection& d) {
  auto candidate = [](const Candidate& c) {
    nlohmann::json j = {{"type", c.type}, {"url", c.url}, {"how", c.how}, {"items", c.items},
                        {"normalised", c.normalised}};
    if (!c.error.empty()) j["error"] = c.error;
    return j;
  };
  nlohmann::json j;
  j["url"] = d.url;
  j["usable"] = d.usable;
  j["tried"] = nlohmann::json::array();
  for (const auto& c : d.tried) j["tried"].push_back(candidate(c));
  if (d.usable) {
    j["chosen"] = candidate(d.chosen);
    j["catalog_entry"] = d.yaml;
  }
  j["events"] = nlohmann::json::array();
  for (const auto& e : d.events) {
    j["events"].push_back({{"title", e.title}, {"start", e.start}, {"buy_in", e.buy_in}, {"venue", e.venue}});
  }
  j["failures"] = nlohmann::json::array();
  for (const auto& f : d.failures) j["failures"].push_back({{"title", f.title}, {"reason", f.reason}});
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace pft::onboarding
