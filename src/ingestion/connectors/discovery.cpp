// Discovery of what a page offers (discovery.hpp): links to feeds and
// calendars, WordPress markers, repeated blocks and their fields.

#include "pft/ingestion/discovery.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "connectors/common.hpp"
#include "connectors/xml_util.hpp"
#include "pft/core/text.hpp"

namespace pft::ingestion {
namespace {

using detail::attribute;
using detail::lowerAscii;
using detail::nodeText;
using detail::XmlDocPtr;
using detail::XPathContextPtr;
using detail::XPathObjectPtr;

constexpr std::size_t kMaxPageText = 100 * 1024;

std::string nameOf(const xmlNode* n) { return n->name == nullptr ? std::string() : lowerAscii(reinterpret_cast<const char*>(n->name)); }

bool isElement(const xmlNode* n) { return n != nullptr && n->type == XML_ELEMENT_NODE; }

// A parsed page: the document, an XPath context, the base URL of its links.
struct Page {
  std::string utf8;
  XmlDocPtr doc;
  XPathContextPtr xp;
  std::string base;
};

Result<Page> parsePage(std::string_view body, const ParseContext& ctx) {
  SourceConfig config;
  config.name = "detect";
  std::vector<std::string> warnings;
  detail::Utf8Text text = detail::decodeDocument(config, body, ctx, warnings);
  Page page;
  page.utf8 = std::string(text.view());
  page.doc = detail::parseHtmlUtf8(page.utf8, ctx.source_url);
  if (!page.doc || xmlDocGetRootElement(page.doc.get()) == nullptr) {
    return makeError(ErrorCode::kParse, "the document is empty or holds no HTML element", ctx.source_url);
  }
  page.xp.reset(xmlXPathNewContext(page.doc.get()));
  if (!page.xp) return makeError(ErrorCode::kInternal, "libxml2 could not create an XPath context", ctx.source_url);
  page.base = ctx.source_url;
  page.xp->node = xmlDocGetRootElement(page.doc.get());
  XPathObjectPtr base(xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>("//base[@href][1]/@href"), page.xp.get()));
  if (base && base->type == XPATH_NODESET && base->nodesetval != nullptr && base->nodesetval->nodeNr > 0) {
    std::string href = nodeText(base->nodesetval->nodeTab[0]);
    if (!href.empty()) page.base = detail::resolveUrl(ctx.source_url, href);
  }
  return page;
}

std::vector<xmlNode*> select(Page& page, const std::string& xpath, xmlNode* from = nullptr) {
  std::vector<xmlNode*> out;
  xmlSetStructuredErrorFunc(nullptr, [](void*, xmlErrorPtr) {});
  page.xp->node = from != nullptr ? from : xmlDocGetRootElement(page.doc.get());
  XPathObjectPtr obj(xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpath.c_str()), page.xp.get()));
  if (!obj || obj->type != XPATH_NODESET || obj->nodesetval == nullptr) return out;
  for (int i = 0; i < obj->nodesetval->nodeNr; ++i) out.push_back(obj->nodesetval->nodeTab[i]);
  return out;
}

// The path of an URL without query and fragment, lower case.
std::string lowerPath(std::string_view url) {
  const std::size_t cut = url.find_first_of("?#");
  return lowerAscii(url.substr(0, cut));
}

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

void addLink(std::vector<DiscoveredLink>& list, DiscoveredLink link) {
  if (link.url.empty()) return;
  for (const auto& l : list) {
    if (l.url == link.url) return;
  }
  list.push_back(std::move(link));
}

std::vector<std::string> classesOf(const xmlNode* n) {
  std::vector<std::string> out;
  const std::string cls = attribute(n, "class");
  std::size_t i = 0;
  while (i < cls.size()) {
    while (i < cls.size() && (cls[i] == ' ' || cls[i] == '\t' || cls[i] == '\n' || cls[i] == '\r')) ++i;
    std::size_t j = i;
    while (j < cls.size() && !(cls[j] == ' ' || cls[j] == '\t' || cls[j] == '\n' || cls[j] == '\r')) ++j;
    if (j > i) out.push_back(cls.substr(i, j - i));
    i = j;
  }
  return out;
}

// A class usable in a CSS selector of ours: letters, digits, '-' and '_'.
bool plainIdent(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9') || s[0] == '-') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

// "article.card.event" (classes sorted) — the step of a tag path.
std::string stepOf(const xmlNode* n) {
  std::string out = nameOf(n);
  auto classes = classesOf(n);
  std::sort(classes.begin(), classes.end());
  classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
  for (const auto& c : classes) {
    if (plainIdent(c)) out += "." + c;
  }
  return out;
}

std::string classTest(const std::string& c) {
  return "contains(concat(' ', normalize-space(@class), ' '), ' " + c + " ')";
}

// The XPath step of `n` with its plain classes ("article[…card…]").
std::string xpathStep(const xmlNode* n) {
  std::string out = nameOf(n);
  for (const auto& c : classesOf(n)) {
    if (plainIdent(c)) out += "[" + classTest(c) + "]";
  }
  return out;
}

// The CSS form of stepOf (the same text, minus the sort).
std::string cssStep(const xmlNode* n) {
  std::string out = nameOf(n);
  for (const auto& c : classesOf(n)) {
    if (plainIdent(c)) out += "." + c;
  }
  return out;
}

const std::set<std::string>& blockTags() {
  static const std::set<std::string> tags = {"tr", "li", "article", "div", "section", "p", "dd", "dt", "a"};
  return tags;
}

bool sameNodes(std::vector<xmlNode*> a, std::vector<xmlNode*> b) {
  if (a.size() != b.size()) return false;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

bool hasTd(xmlNode* tr) {
  for (xmlNode* c = tr->children; c != nullptr; c = c->next) {
    if (isElement(c) && nameOf(c) == "td") return true;
  }
  return false;
}

// The selector that picks exactly `nodes` (all of one tag path): CSS when
// one of a few readable forms does, else XPath; "" when none does.
std::string selectorFor(Page& page, const std::vector<xmlNode*>& nodes, bool rows_with_td) {
  const xmlNode* first = nodes.front();
  std::vector<std::string> css;
  css.push_back(cssStep(first));
  std::string chain = cssStep(first);
  const xmlNode* p = first->parent;
  for (int depth = 0; depth < 4 && isElement(p); ++depth, p = p->parent) {
    const std::string id = attribute(p, "id");
    if (!id.empty() && plainIdent(id)) {
      css.push_back("#" + id + " " + cssStep(first));
      css.push_back("#" + id + " > " + chain);
      break;
    }
    chain = cssStep(p) + " > " + chain;
    css.push_back(chain);
  }
  for (const auto& c : css) {
    auto xpath = cssToXPath(c, false);
    if (!xpath) continue;
    std::string x = *xpath;
    if (rows_with_td) x = "(" + x + ")[td]";
    if (sameNodes(select(page, x), nodes)) return rows_with_td ? x : c;
  }
  // The whole tag path, from the root, with class tests.
  std::string xpath;
  for (const xmlNode* n = first; isElement(n); n = n->parent) xpath = "/" + xpathStep(n) + xpath;
  if (rows_with_td) xpath += "[td]";
  if (sameNodes(select(page, xpath), nodes)) return xpath;
  return {};
}

}  // namespace

Result<PageDiscovery> discoverPage(std::string_view body, const ParseContext& ctx) {
  auto parsed = parsePage(body, ctx);
  if (!parsed) return parsed.error();
  Page& page = *parsed;
  PageDiscovery out;
  for (xmlNode* t : select(page, "//title")) {
    out.title = nodeText(t);
    break;
  }
  for (xmlNode* m : select(page, "//meta[@property='og:site_name' or @name='application-name'][@content]")) {
    out.site_name = text::squashSpaces(attribute(m, "content"));
    if (!out.site_name.empty()) break;
  }
  for (xmlNode* b : select(page, "//body")) {
    out.text = nodeText(b);
    break;
  }
  if (out.text.size() > kMaxPageText) out.text.resize(kMaxPageText);

  for (xmlNode* l : select(page, "//link[@href]")) {
    const std::string rel = " " + lowerAscii(attribute(l, "rel")) + " ";
    const std::string type = lowerAscii(text::squashSpaces(attribute(l, "type")));
    const std::string href = detail::resolveUrl(page.base, attribute(l, "href"));
    if (rel.find(" https://api.w.org/ ") != std::string::npos) {
      out.wordpress = true;
      out.wordpress_api = href;
      continue;
    }
    if (rel.find(" alternate ") == std::string::npos) continue;
    DiscoveredLink link{href, "", text::squashSpaces(attribute(l, "title"))};
    if (type.rfind("text/calendar", 0) == 0) {
      link.how = "<link rel=alternate type=text/calendar>";
      addLink(out.calendars, std::move(link));
    } else if (type.rfind("application/rss+xml", 0) == 0 || type.rfind("application/atom+xml", 0) == 0) {
      link.how = "<link rel=alternate type=" + type + ">";
      addLink(out.feeds, std::move(link));
    }
  }
  for (xmlNode* a : select(page, "//a[@href]")) {
    std::string raw = text::squashSpaces(attribute(a, "href"));
    const std::string lower = lowerAscii(raw);
    if (lower.rfind("webcal://", 0) == 0) {
      addLink(out.calendars, {"https://" + raw.substr(9), "webcal: link", nodeText(a)});
      continue;
    }
    const std::string href = detail::resolveUrl(page.base, raw);
    const std::string path = lowerPath(href);
    if (lower.rfind("http", 0) != 0 && lower.find("://") != std::string::npos) continue;  // mailto:, javascript:…
    if (endsWith(path, ".ics") || endsWith(path, ".ical") || endsWith(path, ".ifb")) {
      addLink(out.calendars, {href, ".ics link", nodeText(a)});
    } else if (endsWith(path, ".csv")) {
      addLink(out.csv_files, {href, ".csv link", nodeText(a)});
    }
  }
  const std::string lower_body = lowerAscii(std::string_view(page.utf8).substr(0, 2 * 1024 * 1024));
  if (lower_body.find("/wp-content/") != std::string::npos || lower_body.find("/wp-json/") != std::string::npos ||
      lower_body.find("content=\"wordpress") != std::string::npos) {
    out.wordpress = true;
  }
  out.tec_markers = lower_body.find("tribe-events") != std::string::npos ||
                    lower_body.find("tribe_events") != std::string::npos;
  return out;
}

Result<std::vector<BlockGroup>> findRepeatedBlocks(std::string_view body, const ParseContext& ctx,
                                                   const BlockOptions& options) {
  auto parsed = parsePage(body, ctx);
  if (!parsed) return parsed.error();
  Page& page = *parsed;
  xmlNode* root = xmlDocGetRootElement(page.doc.get());

  // Every block element by its tag path, in document order.
  std::map<std::string, std::vector<xmlNode*>> by_path;
  std::vector<std::string> order;
  std::function<void(xmlNode*, const std::string&, int)> walk = [&](xmlNode* n, const std::string& path, int depth) {
    if (depth > 64) return;
    for (xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (!isElement(c)) continue;
      const std::string name = nameOf(c);
      if (name == "script" || name == "style" || name == "head" || name == "noscript" || name == "template") continue;
      const std::string child_path = path + ">" + stepOf(c);
      if (blockTags().count(name) != 0) {
        auto [it, fresh] = by_path.try_emplace(child_path);
        if (fresh) order.push_back(child_path);
        it->second.push_back(c);
      }
      walk(c, child_path, depth + 1);
    }
  };
  walk(root, stepOf(root), 0);

  std::vector<BlockGroup> groups;
  for (const auto& path : order) {
    std::vector<xmlNode*> nodes = by_path[path];
    bool rows_with_td = false;
    if (nameOf(nodes.front()) == "tr") {
      const std::size_t before = nodes.size();
      nodes.erase(std::remove_if(nodes.begin(), nodes.end(), [](xmlNode* tr) { return !hasTd(tr); }), nodes.end());
      rows_with_td = nodes.size() != before;
    }
    if (nodes.size() < options.min_blocks) continue;
    std::vector<std::string> texts;
    std::size_t with_text = 0;
    for (xmlNode* n : nodes) {
      texts.push_back(nodeText(n));
      if (!texts.back().empty()) ++with_text;
    }
    if (with_text * 2 < nodes.size()) continue;
    std::string item = selectorFor(page, nodes, rows_with_td);
    if (item.empty()) continue;
    groups.push_back(BlockGroup{std::move(item), path, std::move(texts)});
  }
  std::stable_sort(groups.begin(), groups.end(),
                   [](const BlockGroup& a, const BlockGroup& b) { return a.texts.size() > b.texts.size(); });
  if (groups.size() > options.max_groups) groups.resize(options.max_groups);
  return groups;
}

Result<std::vector<BlockField>> describeBlockFields(std::string_view body, const ParseContext& ctx,
                                                    const std::string& item, std::size_t max_blocks,
                                                    std::size_t max_fields) {
  auto parsed = parsePage(body, ctx);
  if (!parsed) return parsed.error();
  Page& page = *parsed;
  std::string item_xpath = item;
  if (!isXPathSelector(item)) {
    auto x = cssToXPath(item, false);
    if (!x) return x.error();
    item_xpath = *x;
  }
  std::vector<xmlNode*> blocks = select(page, item_xpath);
  if (blocks.size() > max_blocks) blocks.resize(max_blocks);
  const std::size_t n = blocks.size();

  struct Acc {
    BlockField field;
    std::size_t present = 0;
    std::size_t first_seen = 0;  // order of appearance
  };
  std::map<std::string, Acc> fields;  // key: selector + "@" + attr
  std::size_t seen_counter = 0;
  auto record = [&](std::size_t block, const std::string& selector, const std::string& xpath, const std::string& attr,
                    const std::string& tag, std::string value) {
    value = text::squashSpaces(value);
    if (value.empty()) return;
    const std::string key = selector + "@" + attr;
    auto [it, fresh] = fields.try_emplace(key);
    Acc& acc = it->second;
    if (fresh) {
      acc.field = BlockField{selector, xpath, attr, tag, std::vector<std::string>(n)};
      acc.first_seen = seen_counter++;
    }
    if (acc.field.values[block].empty()) {
      if (attr == "href") value = detail::resolveUrl(page.base, value);
      acc.field.values[block] = std::move(value);
      ++acc.present;
    }
  };

  for (std::size_t b = 0; b < n; ++b) {
    xmlNode* block = blocks[b];
    // How many elements of the block carry each class: a class found once
    // names its element whatever the layout around it.
    std::map<std::string, int> class_count;
    std::function<void(xmlNode*, int)> count = [&](xmlNode* e, int depth) {
      if (depth > 12) return;
      for (xmlNode* c = e->children; c != nullptr; c = c->next) {
        if (!isElement(c)) continue;
        for (const auto& cls : classesOf(c)) ++class_count[cls];
        count(c, depth + 1);
      }
    };
    count(block, 0);
    for (const char* attr : {"datetime", "content", "data-date", "data-start", "data-datetime"}) {
      std::string v = attribute(block, attr);
      if (!v.empty()) record(b, "@" + std::string(attr), "./@" + std::string(attr), attr, "", v);
    }
    std::function<void(xmlNode*, const std::string&, int)> visit = [&](xmlNode* e, const std::string& path, int depth) {
      if (depth > 8) return;
      std::map<std::string, int> seen_tag;
      for (xmlNode* c = e->children; c != nullptr; c = c->next) {
        if (!isElement(c)) continue;
        const std::string tag = nameOf(c);
        if (tag == "script" || tag == "style") continue;
        const int pos = ++seen_tag[tag];
        const std::string xpath = path + "/" + tag + "[" + std::to_string(pos) + "]";
        std::string selector = xpath;
        std::string selector_xpath = xpath;
        for (const auto& cls : classesOf(c)) {
          if (plainIdent(cls) && class_count[cls] == 1) {
            selector = "." + cls;
            selector_xpath = ".//*[" + classTest(cls) + "]";
            break;
          }
        }
        bool own_text = false;
        for (xmlNode* t = c->children; t != nullptr; t = t->next) {
          if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content != nullptr &&
              !text::trim(reinterpret_cast<const char*>(t->content)).empty()) {
            own_text = true;
            break;
          }
        }
        if (own_text || c->children == nullptr || tag == "td" || tag == "th" || tag == "dd") {
          record(b, selector, selector_xpath, "", tag, nodeText(c));
        }
        for (const char* attr : {"href", "datetime", "content", "data-date", "data-start", "data-datetime"}) {
          if (std::string_view(attr) == "href" && tag != "a") continue;
          std::string v = attribute(c, attr);
          if (!v.empty()) record(b, selector, selector_xpath, attr, tag, v);
        }
        visit(c, xpath, depth + 1);
      }
    };
    visit(block, ".", 0);
  }

  std::vector<const Acc*> kept;
  for (const auto& [key, acc] : fields) {
    if (acc.present * 2 >= n && n > 0) kept.push_back(&acc);
  }
  std::sort(kept.begin(), kept.end(), [](const Acc* a, const Acc* b) { return a->first_seen < b->first_seen; });
  std::vector<BlockField> out;
  BlockField whole{".", ".", "", "", {}};
  for (xmlNode* blk : blocks) whole.values.push_back(nodeText(blk));
  out.push_back(std::move(whole));
  for (const Acc* acc : kept) {
    if (out.size() >= max_fields) break;
    out.push_back(acc->field);
  }
  return out;
}

}  // namespace pft::ingestion
