// type: html — items and fields chosen by XPath or simple CSS selectors.

#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "connectors/common.hpp"
#include "connectors/xml_util.hpp"
#include "pft/core/text.hpp"

namespace pft::ingestion::detail {

namespace {

struct CompiledSelector {
  XPathCompPtr expr;
  std::string attr;  // lower case; "" = text
  std::string text;  // the XPath, for messages
};

Result<CompiledSelector> compileSelector(const FieldSelector& sel, bool relative, std::string_view what) {
  std::string xpath;
  if (sel.selector.empty()) {
    xpath = relative ? "." : "/*";
  } else if (isXPathSelector(sel.selector)) {
    xpath = sel.selector;
  } else {
    auto translated = cssToXPath(sel.selector, relative);
    if (!translated) {
      Error e = translated.error();
      e.where = std::string(what);
      return e;
    }
    xpath = std::move(*translated);
  }
  // libxml2 prints XPath syntax errors on stderr; the Error below says it all.
  xmlSetStructuredErrorFunc(nullptr, [](void*, xmlErrorPtr) {});
  xmlXPathCompExpr* comp = xmlXPathCompile(reinterpret_cast<const xmlChar*>(xpath.c_str()));
  if (comp == nullptr) {
    return makeError(ErrorCode::kInvalidArgument,
                     "selector '" + sel.selector + "' is not valid XPath 1.0 (translated: " + xpath + ")",
                     std::string(what));
  }
  return CompiledSelector{XPathCompPtr(comp), lowerAscii(sel.attr), xpath};
}

bool isUrlAttribute(std::string_view name) { return name == "href" || name == "src" || name == "action"; }

// Value of a compiled selector evaluated at `node` (its first match).
// `is_url`: resolve the value against `base`.
std::string evaluate(xmlXPathContext* xp, xmlNode* node, const CompiledSelector& sel, bool is_url,
                     const std::string& base) {
  xp->node = node;
  XPathObjectPtr obj(xmlXPathCompiledEval(sel.expr.get(), xp));
  if (!obj) return {};
  std::string value;
  bool url = is_url;
  switch (obj->type) {
    case XPATH_NODESET: {
      if (obj->nodesetval == nullptr || obj->nodesetval->nodeNr == 0) return {};
      xmlNode* found = obj->nodesetval->nodeTab[0];
      if (!sel.attr.empty()) {
        value = attribute(found, sel.attr.c_str());
        url = url || isUrlAttribute(sel.attr);
      } else {
        value = nodeText(found);
        if (found->type == XML_ATTRIBUTE_NODE && found->name != nullptr)
          url = url || isUrlAttribute(lowerAscii(reinterpret_cast<const char*>(found->name)));
      }
      break;
    }
    case XPATH_STRING:
      if (obj->stringval != nullptr) value = reinterpret_cast<const char*>(obj->stringval);
      break;
    case XPATH_NUMBER:
      if (std::isfinite(obj->floatval)) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.15g", obj->floatval);
        value = buf;
      }
      break;
    default:
      break;
  }
  value = pft::text::squashSpaces(value);
  if (url) value = resolveUrl(base, value);
  return value;
}

// The document's <base href>, resolved against the fetch URL.
std::string documentBase(xmlXPathContext* xp, xmlDoc* doc, const std::string& url) {
  xp->node = xmlDocGetRootElement(doc);
  XPathObjectPtr obj(xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>("//base[@href][1]/@href"), xp));
  if (obj && obj->type == XPATH_NODESET && obj->nodesetval != nullptr && obj->nodesetval->nodeNr > 0) {
    std::string href = nodeText(obj->nodesetval->nodeTab[0]);
    if (!href.empty()) return resolveUrl(url, href);
  }
  return url;
}

using CompiledFields = std::vector<std::pair<std::string, CompiledSelector>>;

Result<CompiledFields> compileFields(const SourceConfig& config, const std::map<std::string, FieldSelector>& fields) {
  CompiledFields out;
  for (const auto& [key, sel] : fields) {
    if (!isRawFieldName(key)) {
      return makeError(ErrorCode::kInvalidArgument,
                       "unknown field '" + key +
                           "'; use title, start, end, buy_in, variant, venue_name, address, city, postcode, "
                           "description, url, status or published",
                       config.name + ": fields." + key);
    }
    auto compiled = compileSelector(sel, true, config.name + ": fields." + key);
    if (!compiled) return compiled.error();
    out.emplace_back(key, std::move(*compiled));
  }
  return out;
}

bool fillEvent(RawEvent& event, xmlXPathContext* xp, xmlNode* node, const CompiledFields& fields,
               const std::string& base) {
  bool any = false;
  for (const auto& [key, sel] : fields) {
    bool is_url = key == "url" || key == "event_url";
    std::string value = evaluate(xp, node, sel, is_url, base);
    if (!value.empty()) any = true;
    setRawField(event, key, std::move(value));
  }
  return any;
}

}  // namespace

Result<ParseOutput> parseHtml(const SourceConfig& config, std::string_view text, const ParseContext& ctx) {
  if (config.html.item.empty())
    return makeError(ErrorCode::kInvalidArgument, "an html source needs an 'item' selector", config.name + ": item");
  if (config.html.fields.empty())
    return makeError(ErrorCode::kInvalidArgument, "an html source needs 'fields' (at least title)",
                     config.name + ": fields");
  auto item = compileSelector(parseFieldSelector(config.html.item), false, config.name + ": item");
  if (!item) return item.error();
  auto fields = compileFields(config, config.html.fields);
  if (!fields) return fields.error();
  std::optional<CompiledSelector> follow;
  if (!config.html.follow.selector.empty() || !config.html.follow.attr.empty()) {
    FieldSelector f = config.html.follow;
    if (f.attr.empty() && !isXPathSelector(f.selector)) f.attr = "href";
    auto c = compileSelector(f, true, config.name + ": follow");
    if (!c) return c.error();
    follow = std::move(*c);
  }
  std::optional<CompiledSelector> next;
  if (!config.html.next_page.selector.empty()) {
    FieldSelector f = config.html.next_page;
    if (f.attr.empty() && !isXPathSelector(f.selector)) f.attr = "href";
    auto c = compileSelector(f, false, config.name + ": next_page");
    if (!c) return c.error();
    next = std::move(*c);
  }

  XmlDocPtr doc = parseHtmlUtf8(text, ctx.source_url);
  if (!doc || xmlDocGetRootElement(doc.get()) == nullptr)
    return parseError(config, "byte 0", "the document is empty or holds no HTML element");
  XPathContextPtr xp(xmlXPathNewContext(doc.get()));
  if (!xp) return makeError(ErrorCode::kInternal, "libxml2 could not create an XPath context", config.name);
  std::string base = documentBase(xp.get(), doc.get(), ctx.source_url);

  ParseOutput out;
  xp->node = xmlDocGetRootElement(doc.get());
  XPathObjectPtr items(xmlXPathCompiledEval(item->expr.get(), xp.get()));
  std::vector<xmlNode*> nodes;
  if (items && items->type == XPATH_NODESET && items->nodesetval != nullptr) {
    for (int i = 0; i < items->nodesetval->nodeNr; ++i) nodes.push_back(items->nodesetval->nodeTab[i]);
  }
  if (nodes.empty()) {
    // An empty listing and a changed page layout look the same.
    out.warnings.push_back("item selector '" + config.html.item + "' matched nothing");
    out.partial = true;
  }
  // When the page is an article (or a list of them), its publication date
  // anchors "ce dimanche": the item's own, else the page's.
  std::optional<std::string> page_published;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    RawEvent event;
    if (!fillEvent(event, xp.get(), nodes[i], *fields, base)) {
      out.warnings.push_back("item " + std::to_string(i + 1) + " has none of the configured fields; skipped");
      out.partial = true;
      continue;
    }
    if (event.published_at.empty()) event.published_at = htmlPublishedAt(xp.get(), nodes[i], false);
    if (event.published_at.empty()) {
      if (!page_published) page_published = htmlPublishedAt(xp.get(), xmlDocGetRootElement(doc.get()), true);
      event.published_at = *page_published;
    }
    if (follow) out.follow_urls.push_back(evaluate(xp.get(), nodes[i], *follow, true, base));
    out.events.push_back(std::move(event));
  }
  if (next) {
    std::string url = evaluate(xp.get(), xmlDocGetRootElement(doc.get()), *next, true, base);
    if (!url.empty() && url != ctx.source_url) out.next_urls.push_back(std::move(url));
  }
  return out;
}

Result<RawEvent> parseHtmlDetail(const SourceConfig& config, std::string_view text, const ParseContext& ctx) {
  const auto& selectors = config.html.detail_fields.empty() ? config.html.fields : config.html.detail_fields;
  auto fields = compileFields(config, selectors);
  if (!fields) return fields.error();
  XmlDocPtr doc = parseHtmlUtf8(text, ctx.source_url);
  if (!doc || xmlDocGetRootElement(doc.get()) == nullptr)
    return parseError(config, ctx.source_url, "the detail page is empty or holds no HTML element");
  XPathContextPtr xp(xmlXPathNewContext(doc.get()));
  if (!xp) return makeError(ErrorCode::kInternal, "libxml2 could not create an XPath context", config.name);
  std::string base = documentBase(xp.get(), doc.get(), ctx.source_url);
  RawEvent event;
  fillEvent(event, xp.get(), xmlDocGetRootElement(doc.get()), *fields, base);
  if (event.published_at.empty()) event.published_at = htmlPublishedAt(xp.get(), xmlDocGetRootElement(doc.get()), true);
  return event;
}

}  // namespace pft::ingestion::detail
