// type: rss — RSS 2.0 / RSS 1.0 items and Atom entries.
// The publication date says when the post was written, not when the
// tournament starts: `start` stays empty unless the item carries an explicit
// event date (RSS event module ev:startdate, or a start_date/dtstart element).
// It goes to `published_at` (Atom published, else RSS pubDate, else dc:date,
// else Atom updated): normalize reads "ce dimanche" in the post against it.

#include <algorithm>
#include <string>

#include "connectors/common.hpp"
#include "connectors/xml_util.hpp"
#include "pft/core/text.hpp"
#include "pft/ingestion/limits.hpp"

namespace pft::ingestion::detail {

namespace {

// Text gathered from a feed. Entity references are left unexpanded by the
// parser (no XML_PARSE_NOENT) and expanded here, so that one small entity
// referenced 10,000 times costs what the budget allows and no more:
// `per_field` bytes for one element, `document` bytes for the whole feed.
struct TextBudget {
  std::size_t document = 0;
  bool exhausted = false;
};

// Per element: far above what a field keeps (kMaxDescriptionChars, and
// markup removed by cleanText), far below what an entity bomb yields.
constexpr std::size_t kMaxRawFieldBytes = 256 * 1024;

void gatherText(const xmlNode* node, std::string& out, std::size_t limit, int depth) {
  if (depth > 64) return;
  for (const xmlNode* c = node->children; c != nullptr && out.size() < limit; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (c->content != nullptr) {
        const std::string_view v(reinterpret_cast<const char*>(c->content));
        out.append(v.substr(0, limit - out.size()));
      }
    } else if (c->type == XML_ELEMENT_NODE) {
      gatherText(c, out, limit, depth + 1);
    } else if (c->type == XML_ENTITY_REF_NODE) {
      // children points at the entity declaration, whose children are its
      // parsed replacement (when the parser kept one).
      const xmlNode* decl = c->children;
      if (decl == nullptr || decl->type != XML_ENTITY_DECL) continue;
      if (decl->children != nullptr) {
        gatherText(decl, out, limit, depth + 1);
      } else if (const auto* ent = reinterpret_cast<const xmlEntity*>(decl); ent->content != nullptr) {
        out.append(std::string_view(reinterpret_cast<const char*>(ent->content)).substr(0, limit - out.size()));
      }
    }
  }
}

std::string rawContent(const xmlNode* node, TextBudget& budget) {
  if (budget.exhausted) return {};
  std::string out;
  const std::size_t limit = std::min(kMaxRawFieldBytes, budget.document);
  gatherText(node, out, limit, 0);
  if (out.size() >= limit) {
    // Cut at a character boundary: drop a trailing incomplete sequence.
    std::size_t end = out.size();
    while (end > 0 && (static_cast<unsigned char>(out[end - 1]) & 0xC0) == 0x80) --end;
    if (end > 0 && (static_cast<unsigned char>(out[end - 1]) & 0x80) != 0) out.resize(end - 1);
  }
  budget.document -= std::min(budget.document, out.size());
  if (budget.document == 0) budget.exhausted = true;
  return out;
}

std::string localName(const xmlNode* node) {
  return node->name == nullptr ? std::string() : lowerAscii(reinterpret_cast<const char*>(node->name));
}

RawEvent eventFromItem(const xmlNode* item, const std::string& base, TextBudget& budget) {
  RawEvent e;
  std::string description, encoded, summary, content, atom_link, atom_alt_link;
  std::string published, pub_date, dc_date, updated;
  for (const xmlNode* c = item->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    std::string name = localName(c);
    if (name == "title") {
      e.title = cleanText(rawContent(c, budget));
    } else if (name == "link") {
      std::string href = attribute(c, "href");
      if (href.empty()) {
        if (e.event_url.empty()) e.event_url = resolveUrl(base, rawContent(c, budget));
      } else {
        std::string rel = attribute(c, "rel");
        if (rel.empty() || rel == "alternate") {
          if (atom_alt_link.empty()) atom_alt_link = href;
        } else if (atom_link.empty()) {
          atom_link = href;
        }
      }
    } else if (name == "description") {
      description = rawContent(c, budget);
    } else if (name == "encoded") {
      encoded = rawContent(c, budget);
    } else if (name == "summary") {
      summary = rawContent(c, budget);
    } else if (name == "content") {
      content = rawContent(c, budget);
    } else if (name == "startdate" || name == "start_date" || name == "dtstart" || name == "eventdate" ||
               name == "event_date") {
      e.start = pft::text::squashSpaces(rawContent(c, budget));
    } else if (name == "enddate" || name == "end_date" || name == "dtend") {
      e.end = pft::text::squashSpaces(rawContent(c, budget));
    } else if (name == "location") {
      e.venue_name = cleanText(rawContent(c, budget));
    } else if (name == "guid" || (name == "id" && e.source_id.empty())) {
      // RSS guid, Atom id: the item's own identifier.
      e.source_id = pft::text::squashSpaces(rawContent(c, budget));
    } else if (name == "published" || name == "pubdate" || name == "date" || name == "updated") {
      std::string& slot = name == "published" ? published
                          : name == "pubdate" ? pub_date
                          : name == "date"    ? dc_date
                                              : updated;
      if (slot.empty()) slot = pft::text::squashSpaces(rawContent(c, budget));
    }
  }
  for (const std::string* d : {&published, &pub_date, &dc_date, &updated}) {
    if (!d->empty()) {
      e.published_at = *d;
      break;
    }
  }
  if (e.event_url.empty()) {
    std::string link = atom_alt_link.empty() ? atom_link : atom_alt_link;
    if (!link.empty()) e.event_url = resolveUrl(base, link);
  }
  for (const std::string* d : {&description, &encoded, &summary, &content}) {
    std::string text = cleanText(*d);
    if (!text.empty()) {
      e.description = std::move(text);
      break;
    }
  }
  return e;
}

std::vector<xmlNode*> findItems(xmlDoc* doc) {
  std::vector<xmlNode*> out;
  XPathContextPtr xp(xmlXPathNewContext(doc));
  if (!xp) return out;
  XPathObjectPtr obj(xmlXPathEvalExpression(
      reinterpret_cast<const xmlChar*>("//*[local-name()='item' or local-name()='entry']"), xp.get()));
  if (obj && obj->type == XPATH_NODESET && obj->nodesetval != nullptr) {
    for (int i = 0; i < obj->nodesetval->nodeNr; ++i) out.push_back(obj->nodesetval->nodeTab[i]);
  }
  return out;
}

struct FirstError {
  bool seen = false;
  int line = 0;
  std::string message;
};

struct XmlParserCtxtFree {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};

}  // namespace

Result<ParseOutput> parseRss(const SourceConfig& config, std::string_view text, const ParseContext& ctx) {
  ensureLibxml();
  if (pft::text::trim(text).empty()) return parseError(config, "line 1", "the feed is empty");
  std::unique_ptr<xmlParserCtxt, XmlParserCtxtFree> pctx(xmlNewParserCtxt());
  if (!pctx) return makeError(ErrorCode::kInternal, "libxml2 could not create a parser", config.name);
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  const char* url = ctx.source_url.empty() ? nullptr : ctx.source_url.c_str();
  // The first error names the damage; later ones are its consequences.
  FirstError first;
  xmlSetStructuredErrorFunc(&first, [](void* data, xmlErrorPtr err) {
    auto* f = static_cast<FirstError*>(data);
    if (f->seen || err == nullptr || err->level < XML_ERR_ERROR) return;
    f->seen = true;
    f->line = err->line;
    f->message = err->message == nullptr ? std::string() : std::string(pft::text::trim(err->message));
  });
  XmlDocPtr doc(xmlCtxtReadMemory(pctx.get(), text.data(), static_cast<int>(text.size()), url, "UTF-8", options));
  xmlSetStructuredErrorFunc(nullptr, [](void*, xmlErrorPtr) {});
  ParseOutput out;
  if (!doc || pctx->wellFormed == 0) {
    std::string position = "line " + std::to_string(first.seen ? first.line : 0);
    std::string message = first.seen && !first.message.empty() ? first.message : std::string("not well-formed");
    // Recover what a truncated or sloppy feed still holds; if nothing, fail.
    std::unique_ptr<xmlParserCtxt, XmlParserCtxtFree> rctx(xmlNewParserCtxt());
    XmlDocPtr recovered;
    if (rctx) {
      recovered.reset(xmlCtxtReadMemory(rctx.get(), text.data(), static_cast<int>(text.size()), url, "UTF-8",
                                        options | XML_PARSE_RECOVER));
    }
    std::vector<xmlNode*> items;
    if (recovered) items = findItems(recovered.get());
    if (items.empty()) {
      return parseError(config, position,
                        "the feed is not well-formed XML (" + message + "); fix the feed or check the URL");
    }
    out.warnings.push_back("the feed is not well-formed XML at " + position + " (" + message +
                           "); kept the items read before the damage");
    out.partial = true;
    doc = std::move(recovered);
  }
  xmlNode* root = xmlDocGetRootElement(doc.get());
  std::string root_name = root == nullptr ? std::string() : localName(root);
  if (root_name != "rss" && root_name != "rdf" && root_name != "feed") {
    return parseError(config, "line " + std::to_string(root == nullptr ? 1 : xmlGetLineNo(root)),
                      "expected an RSS or Atom feed, found <" + root_name + ">; check the source's type and url");
  }
  // Ten times the feed's size, at least 1 MB (pft/ingestion/limits.hpp).
  TextBudget budget{std::max(kMinDocumentTextBytes, kDocumentTextFactor * text.size())};
  for (xmlNode* item : findItems(doc.get())) {
    RawEvent e = eventFromItem(item, ctx.source_url, budget);
    if (budget.exhausted) {
      out.warnings.push_back("the feed's text exceeds " + std::to_string(kDocumentTextFactor) +
                             " times its size (entities expanded); kept the " + std::to_string(out.events.size()) +
                             " items read before");
      out.partial = true;
      break;
    }
    if (config.rss.announcements) e.kind = "announcement";
    if (e.title.empty() && e.description.empty()) {
      out.warnings.push_back("item at line " + std::to_string(xmlGetLineNo(item)) +
                             " has neither title nor description; skipped");
      out.partial = true;
      continue;
    }
    out.events.push_back(std::move(e));
  }
  return out;
}

}  // namespace pft::ingestion::detail
