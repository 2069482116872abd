#pragma once
// RAII wrappers and small helpers around libxml2 for the HTML, JSON-LD and
// RSS connectors. Private to the ingestion module.

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include <memory>
#include <string>
#include <string_view>

namespace pft::ingestion::detail {

struct XmlDocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
struct XPathContextFree {
  void operator()(xmlXPathContext* c) const { xmlXPathFreeContext(c); }
};
struct XPathObjectFree {
  void operator()(xmlXPathObject* o) const { xmlXPathFreeObject(o); }
};
struct XPathCompFree {
  void operator()(xmlXPathCompExpr* c) const { xmlXPathFreeCompExpr(c); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocFree>;
using XPathContextPtr = std::unique_ptr<xmlXPathContext, XPathContextFree>;
using XPathObjectPtr = std::unique_ptr<xmlXPathObject, XPathObjectFree>;
using XPathCompPtr = std::unique_ptr<xmlXPathCompExpr, XPathCompFree>;

// Initialises libxml2 once (thread-safe).
void ensureLibxml();

// Parses UTF-8 HTML leniently (recover mode, no network, no error output).
// Null only when nothing at all could be parsed (empty input).
XmlDocPtr parseHtmlUtf8(std::string_view text, const std::string& url);

// Text content of a node as a reader sees it: script/style skipped, block
// elements and <br> separate words, whitespace squashed.
std::string nodeText(const xmlNode* node);

// Lower-case ASCII copy.
std::string lowerAscii(std::string_view s);

// Attribute value ("" when absent).
std::string attribute(const xmlNode* node, const char* name);

// The publication date an HTML page (or one item of it) declares, as
// written: inside `scope`, an element with itemprop="datePublished"
// (@datetime or @content), or a <time> marked as the publication (@pubdate,
// class "published", "entry-date" or "post-date"; its @datetime, else its
// text); with `whole_page`, first the <meta property="article:published_time">
// (or name=, or itemprop="datePublished") of the document, and markup only
// when the page holds exactly one such element (a page listing several
// posts has no date of its own). "" when none: an event date in a <time>
// element is never taken for a publication date.
std::string htmlPublishedAt(xmlXPathContext* xp, xmlNode* scope, bool whole_page);

}  // namespace pft::ingestion::detail
