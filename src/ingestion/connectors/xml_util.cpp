#include "connectors/xml_util.hpp"

#include <array>

#include "pft/core/text.hpp"

namespace pft::ingestion::detail {

namespace {

bool isSkipped(std::string_view name) {
  return name == "script" || name == "style" || name == "noscript" || name == "template" || name == "head";
}

bool isBlock(std::string_view name) {
  static constexpr std::array<std::string_view, 30> kBlocks = {
      "p",  "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5",
      "h6", "section", "article", "header", "footer", "dd", "dt", "dl", "hr", "address", "blockquote",
      "pre", "aside", "nav", "figure"};
  for (std::string_view b : kBlocks) {
    if (b == name) return true;
  }
  return false;
}

// Text of one node, at most kMaxCollectedBytes: nested items of a page
// (an item selector matching divs inside divs) cannot each copy the page.
constexpr std::size_t kMaxCollectedBytes = 256 * 1024;

void collectText(const xmlNode* node, std::string& out, int depth) {
  if (depth > 512) return;
  for (const xmlNode* c = node->children; c != nullptr && out.size() < kMaxCollectedBytes; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (c->content != nullptr) out += reinterpret_cast<const char*>(c->content);
    } else if (c->type == XML_ELEMENT_NODE) {
      std::string name = lowerAscii(reinterpret_cast<const char*>(c->name));
      if (isSkipped(name)) continue;
      bool block = isBlock(name);
      if (block) out += ' ';
      collectText(c, out, depth + 1);
      if (block) out += ' ';
    }
  }
}

}  // namespace

void ensureLibxml() {
  static const bool ready = [] {
    xmlInitParser();
    return true;
  }();
  (void)ready;
}

XmlDocPtr parseHtmlUtf8(std::string_view text, const std::string& url) {
  ensureLibxml();
  if (text.empty()) return nullptr;
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (ctxt == nullptr) return nullptr;
  xmlDoc* doc = htmlCtxtReadMemory(ctxt, text.data(), static_cast<int>(text.size()), url.empty() ? nullptr : url.c_str(),
                                   "UTF-8",
                                   HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                       HTML_PARSE_COMPACT);
  htmlFreeParserCtxt(ctxt);
  return XmlDocPtr(doc);
}

std::string nodeText(const xmlNode* node) {
  if (node == nullptr) return {};
  std::string out;
  if (node->type == XML_ELEMENT_NODE || node->type == XML_DOCUMENT_NODE || node->type == XML_HTML_DOCUMENT_NODE) {
    collectText(node, out, 0);
  } else {
    xmlChar* content = xmlNodeGetContent(node);
    if (content != nullptr) {
      out = reinterpret_cast<const char*>(content);
      xmlFree(content);
    }
  }
  if (out.size() > kMaxCollectedBytes) {
    std::size_t end = kMaxCollectedBytes;
    while (end > 0 && (static_cast<unsigned char>(out[end]) & 0xC0) == 0x80) --end;  // a character boundary
    out.resize(end);
  }
  return pft::text::squashSpaces(out);
}

std::string lowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string htmlPublishedAt(xmlXPathContext* xp, xmlNode* scope, bool whole_page) {
  if (xp == nullptr || scope == nullptr) return {};
  // Page-level metadata first, then markup inside the scope.
  static constexpr const char* kPage[] = {
      "//meta[@property='article:published_time' or @name='article:published_time' or "
      "@itemprop='datePublished' or @name='datePublished'][@content]",
  };
  static constexpr const char* kScoped[] = {
      ".//*[@itemprop='datePublished'][@datetime or @content]",
      ".//time[@pubdate or contains(concat(' ', normalize-space(@class), ' '), ' published ') or "
      "contains(@class, 'entry-date') or contains(@class, 'post-date')]",
  };
  // `only_one`: a page listing several posts has no single publication date.
  auto firstValue = [&](const char* expr, bool only_one) -> std::string {
    xp->node = scope;
    XPathObjectPtr obj(xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(expr), xp));
    if (!obj || obj->type != XPATH_NODESET || obj->nodesetval == nullptr) return {};
    if (only_one && obj->nodesetval->nodeNr != 1) return {};
    for (int i = 0; i < obj->nodesetval->nodeNr; ++i) {
      const xmlNode* n = obj->nodesetval->nodeTab[i];
      for (const char* attr : {"datetime", "content"}) {
        std::string v = pft::text::squashSpaces(attribute(n, attr));
        if (!v.empty()) return v;
      }
      std::string text = nodeText(n);
      if (!text.empty()) return text;
    }
    return {};
  };
  if (whole_page) {
    for (const char* expr : kPage) {
      if (std::string v = firstValue(expr, false); !v.empty()) return v;
    }
  }
  for (const char* expr : kScoped) {
    if (std::string v = firstValue(expr, whole_page); !v.empty()) return v;
  }
  return {};
}

std::string attribute(const xmlNode* node, const char* name) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE) return {};
  xmlChar* v = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  if (v == nullptr) return {};
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

}  // namespace pft::ingestion::detail
