// type: jsonld — schema.org Event objects in <script type="application/ld+json">.

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <string>

#include "connectors/common.hpp"
#include "connectors/xml_util.hpp"
#include "pft/core/text.hpp"
#include "json_values.hpp"

namespace pft::ingestion::detail {

namespace {

using nlohmann::json;

// "https://schema.org/MusicEvent" -> "MusicEvent".
std::string_view localTypeName(std::string_view t) {
  std::size_t cut = t.find_last_of("/:#");
  return cut == std::string_view::npos ? t : t.substr(cut + 1);
}

bool isEventType(const json& obj) {
  auto it = obj.find("@type");
  if (it == obj.end()) return false;
  auto check = [](const json& v) {
    if (!v.is_string()) return false;
    std::string_view name = localTypeName(v.get_ref<const std::string&>());
    return name.size() >= 5 && name.substr(name.size() - 5) == "Event";
  };
  if (it->is_array()) {
    for (const json& v : *it) {
      if (check(v)) return true;
    }
    return false;
  }
  return check(*it);
}

// First object of a value that may be an object or an array of objects.
const json* firstObject(const json& v) {
  if (v.is_object()) return &v;
  if (v.is_array()) {
    for (const json& e : v) {
      if (e.is_object()) return &e;
    }
  }
  return nullptr;
}

std::optional<double> number(const json& obj, const char* key) {
  if (!obj.is_object()) return std::nullopt;
  auto it = obj.find(key);
  if (it == obj.end()) return std::nullopt;
  if (it->is_number()) return it->get<double>();
  if (it->is_string()) {
    const std::string& s = it->get_ref<const std::string&>();
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (end != s.c_str() && std::isfinite(d)) return d;
  }
  return std::nullopt;
}

RawEvent eventFromJsonLd(const json& obj, const std::string& base) {
  RawEvent e;
  e.title = cleanText(member(obj, "name"));
  e.description = cleanText(member(obj, "description"));
  e.start = std::string(pft::text::trim(member(obj, "startDate")));
  e.published_at = std::string(pft::text::trim(member(obj, "datePublished")));
  e.end = std::string(pft::text::trim(member(obj, "endDate")));
  std::string url = member(obj, "url");
  if (!url.empty()) e.event_url = resolveUrl(base, url);
  // Its own id: @id (a node identifier, often an IRI), else its url.
  std::string id(pft::text::trim(member(obj, "@id")));
  e.source_id = id.empty() ? e.event_url : (id.rfind('#', 0) == 0 ? resolveUrl(base, id) : id);
  std::string status = member(obj, "eventStatus");
  if (!status.empty()) e.status_text = std::string(localTypeName(status));

  if (auto loc = obj.find("location"); loc != obj.end()) {
    if (loc->is_string()) {
      e.venue_name = cleanText(loc->get<std::string>());
    } else if (const json* place = firstObject(*loc)) {
      e.venue_name = cleanText(member(*place, "name"));
      if (auto addr = place->find("address"); addr != place->end()) {
        if (addr->is_string()) {
          e.address = cleanText(addr->get<std::string>());
        } else if (const json* pa = firstObject(*addr)) {
          e.address = cleanText(member(*pa, "streetAddress"));
          e.city = cleanText(member(*pa, "addressLocality"));
          e.postcode = cleanText(member(*pa, "postalCode"));
        }
      }
      if (auto geo = place->find("geo"); geo != place->end()) {
        if (const json* g = firstObject(*geo)) {
          auto lat = number(*g, "latitude");
          auto lon = number(*g, "longitude");
          if (lat && lon) {
            e.latitude = lat;
            e.longitude = lon;
          }
        }
      }
    }
  }

  if (auto offers = obj.find("offers"); offers != obj.end()) {
    // The first offer that names a price (object or array of offers).
    auto priceOf = [](const json& offer) {
      std::string price = member(offer, "price");
      if (price.empty()) price = member(offer, "lowPrice");
      if (price.empty()) return std::string();
      std::string currency = member(offer, "priceCurrency");
      return currency.empty() ? price : price + " " + currency;
    };
    if (offers->is_object()) {
      e.buy_in = cleanText(priceOf(*offers));
    } else if (offers->is_array()) {
      for (const json& o : *offers) {
        std::string p = priceOf(o);
        if (!p.empty()) {
          e.buy_in = cleanText(p);
          break;
        }
      }
    }
  }
  return e;
}

// The events of one script; `published` gets the first datePublished of an
// object that is not an event (the Article, NewsArticle, BlogPosting or
// WebPage that announces them).
void collectEvents(const json& value, const std::string& base, std::vector<RawEvent>& out, std::string& published,
                   bool allow_array) {
  if (value.is_array() && allow_array) {
    for (const json& v : value) collectEvents(v, base, out, published, false);
    return;
  }
  if (!value.is_object()) return;
  auto take = [&](const json& v) {
    if (isEventType(v)) {
      out.push_back(eventFromJsonLd(v, base));
    } else if (published.empty()) {
      published = std::string(pft::text::trim(member(v, "datePublished")));
    }
  };
  take(value);
  if (auto graph = value.find("@graph"); graph != value.end() && graph->is_array()) {
    for (const json& v : *graph) {
      if (v.is_object()) take(v);
    }
  }
}

}  // namespace

Result<ParseOutput> parseJsonLd(const SourceConfig& config, std::string_view text, const ParseContext& ctx) {
  XmlDocPtr doc = parseHtmlUtf8(text, ctx.source_url);
  if (!doc || xmlDocGetRootElement(doc.get()) == nullptr)
    return parseError(config, "byte 0", "the document is empty or holds no HTML element");
  XPathContextPtr xp(xmlXPathNewContext(doc.get()));
  if (!xp) return makeError(ErrorCode::kInternal, "libxml2 could not create an XPath context", config.name);
  XPathObjectPtr scripts(xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>("//script[@type]"), xp.get()));
  ParseOutput out;
  std::string published;
  int script_no = 0;
  if (scripts && scripts->type == XPATH_NODESET && scripts->nodesetval != nullptr) {
    for (int i = 0; i < scripts->nodesetval->nodeNr; ++i) {
      xmlNode* node = scripts->nodesetval->nodeTab[i];
      std::string type = lowerAscii(pft::text::trim(attribute(node, "type")));
      if (type.rfind("application/ld+json", 0) != 0) continue;
      ++script_no;
      xmlChar* content = xmlNodeGetContent(node);
      std::string body = content == nullptr ? std::string() : reinterpret_cast<const char*>(content);
      if (content != nullptr) xmlFree(content);
      if (pft::text::trim(body).empty()) continue;
      json parsed;
      try {
        parsed = json::parse(body);
      } catch (const json::parse_error& err) {
        out.warnings.push_back("ld+json script " + std::to_string(script_no) + " (line " +
                               std::to_string(xmlGetLineNo(node)) + ") is not valid JSON (byte " +
                               std::to_string(err.byte) + "); skipped");
        out.partial = true;
        continue;
      }
      collectEvents(parsed, ctx.source_url, out.events, published, true);
    }
  }
  // An event without its own datePublished was published with the page.
  if (published.empty()) published = htmlPublishedAt(xp.get(), xmlDocGetRootElement(doc.get()), true);
  for (RawEvent& e : out.events) {
    if (e.published_at.empty()) e.published_at = published;
  }
  if (script_no == 0) {
    out.warnings.push_back("no <script type=\"application/ld+json\"> in the page");
    out.partial = true;  // an empty page and a changed layout look the same
  }
  return out;
}

}  // namespace pft::ingestion::detail
