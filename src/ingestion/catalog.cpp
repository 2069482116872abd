#include "pft/ingestion/catalog.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "pft/core/time.hpp"
#include "pft/ingestion/connectors.hpp"

namespace pft::ingestion {
namespace {

namespace fs = std::filesystem;

const std::set<std::string>& commonKeys() {
  static const std::set<std::string> keys = {"name",     "type",          "url",      "enabled",
                                             "priority", "timezone",      "max_pages", "ignore_robots",
                                             "encoding", "default_venue", "demo_dates", "withdraw_absent",
                                             "organiser", "homepage", "notes"};
  return keys;
}

const std::set<std::string>& typeKeys(SourceType type) {
  static const std::set<std::string> html = {"item", "fields", "next_page", "follow", "max_follow", "detail_fields"};
  static const std::set<std::string> csv = {"field_map", "delimiter"};
  static const std::set<std::string> json = {"mode", "items", "fields", "next"};
  static const std::set<std::string> ics = {"horizon_days"};
  static const std::set<std::string> rss = {"announcements"};
  static const std::set<std::string> none;
  switch (type) {
    case SourceType::kHtml: return html;
    case SourceType::kCsv: return csv;
    case SourceType::kJson: return json;
    case SourceType::kIcs: return ics;
    case SourceType::kRss: return rss;
    default: return none;
  }
}

std::string joinKeys(const std::set<std::string>& a, const std::set<std::string>& b) {
  std::string out;
  for (const auto* set : {&a, &b}) {
    for (const auto& k : *set) {
      if (!out.empty()) out += ", ";
      out += k;
    }
  }
  return out;
}

// Collects the context of one catalog for messages: "<path>:<line>".
class Checker {
 public:
  explicit Checker(std::string path) : path_(std::move(path)) {}

  Error at(const YAML::Node& node, std::string message) const {
    return makeError(ErrorCode::kInvalidConfig, std::move(message), where(node));
  }
  std::string where(const YAML::Node& node) const {
    const auto mark = node.Mark();
    if (mark.line < 0) return path_;
    return fmt::format("{}:{}", path_, mark.line + 1);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string lowerAscii(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// Reads a scalar as T, or an Error naming the key and what was expected.
template <typename T>
Result<T> scalarAs(const Checker& ck, const std::string& who, const std::string& key, const YAML::Node& node,
                   const char* expected) {
  if (!node.IsScalar()) {
    return ck.at(node, fmt::format("{}: \"{}\" must be {}", who, key, expected));
  }
  try {
    return node.as<T>();
  } catch (const YAML::Exception&) {
    return ck.at(node, fmt::format("{}: \"{}\" must be {}, not \"{}\"", who, key, expected, node.Scalar()));
  }
}

std::string percentEncodePath(const std::string& path) {
  std::string out;
  for (unsigned char c : path) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
                      c == '-' || c == '_' || c == '.' || c == '~';
    if (keep) {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

// http(s) URLs are kept; file:// and plain paths become absolute file:// URLs.
Result<std::string> resolveUrl(const Checker& ck, const std::string& who, const YAML::Node& node,
                               const std::string& url, const std::string& base_dir) {
  const std::string lower = lowerAscii(url.substr(0, 8));
  if (lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0) {
    if (url.find_first_of(" \t\r\n") != std::string::npos) {
      return ck.at(node, fmt::format("{}: url \"{}\" contains spaces; percent-encode them (%20)", who, url));
    }
    return url;
  }
  std::string path;
  if (lower.rfind("file://", 0) == 0) {
    path = url.substr(7);
    // file://localhost/abs is absolute; file://relative/path and file://./x are relative.
    if (path.rfind("localhost/", 0) == 0) path = path.substr(9);
  } else if (lower.rfind("file:", 0) == 0) {
    path = url.substr(5);
  } else if (const auto scheme_end = url.find("://"); scheme_end != std::string::npos) {
    return ck.at(node, fmt::format("{}: url scheme \"{}\" is not supported; use http://, https:// or file://", who,
                                   url.substr(0, scheme_end)));
  } else {
    path = url;
  }
  if (path.empty()) return ck.at(node, fmt::format("{}: url \"{}\" names no file", who, url));
  fs::path p(path);
  if (p.is_relative()) p = fs::path(base_dir) / p;
  p = fs::absolute(p).lexically_normal();
  return "file://" + percentEncodePath(p.string());
}

Result<FieldSelector> readFieldSelector(const Checker& ck, const std::string& who, const std::string& key,
                                        const YAML::Node& node) {
  if (node.IsScalar()) return parseFieldSelector(node.Scalar());
  if (node.IsMap()) {
    FieldSelector sel;
    for (const auto& kv : node) {
      const auto k = kv.first.as<std::string>();
      if (k != "selector" && k != "attr") {
        return ck.at(kv.first, fmt::format("{}: unknown key \"{}\" in \"{}\"; known keys: selector, attr", who, k, key));
      }
      auto v = scalarAs<std::string>(ck, who, key + "." + k, kv.second, "a string");
      if (!v) return v.error();
      (k == "selector" ? sel.selector : sel.attr) = *v;
    }
    if (sel.selector.empty() && sel.attr.empty()) {
      return ck.at(node, fmt::format("{}: \"{}\" needs a selector or an attr", who, key));
    }
    return sel;
  }
  return ck.at(node, fmt::format("{}: \"{}\" must be a selector (\"sel\" or \"sel@attr\") or {{selector, attr}}", who,
                                 key));
}

Result<std::map<std::string, FieldSelector>> readHtmlFields(const Checker& ck, const std::string& who,
                                                            const std::string& key, const YAML::Node& node) {
  if (!node.IsMap()) return ck.at(node, fmt::format("{}: \"{}\" must be a map of raw key -> selector", who, key));
  std::map<std::string, FieldSelector> out;
  for (const auto& kv : node) {
    const auto field = kv.first.as<std::string>();
    if (!isRawFieldName(field)) {
      return ck.at(kv.first, fmt::format("{}: unknown field \"{}\" in \"{}\"; use title, start, end, buy_in, variant, "
                                         "venue_name, address, city, postcode, description, url, status or published",
                                         who, field, key));
    }
    auto sel = readFieldSelector(ck, who, key + "." + field, kv.second);
    if (!sel) return sel.error();
    out[field] = *sel;
  }
  return out;
}

Result<std::map<std::string, std::string>> readStringMap(const Checker& ck, const std::string& who,
                                                         const std::string& key, const YAML::Node& node) {
  if (!node.IsMap()) return ck.at(node, fmt::format("{}: \"{}\" must be a map", who, key));
  std::map<std::string, std::string> out;
  for (const auto& kv : node) {
    const auto k = kv.first.as<std::string>();
    auto v = scalarAs<std::string>(ck, who, key + "." + k, kv.second, "a string");
    if (!v) return v.error();
    out[k] = *v;
  }
  return out;
}

Result<void> readTypeOption(const Checker& ck, const std::string& who, const std::string& key, const YAML::Node& value,
                            CatalogSource& src) {
  SourceConfig& c = src.config;
  switch (c.type) {
    case SourceType::kHtml: {
      if (key == "item") {
        auto v = scalarAs<std::string>(ck, who, key, value, "a selector");
        if (!v) return v.error();
        c.html.item = *v;
      } else if (key == "fields" || key == "detail_fields") {
        auto v = readHtmlFields(ck, who, key, value);
        if (!v) return v.error();
        (key == "fields" ? c.html.fields : c.html.detail_fields) = *v;
      } else if (key == "next_page" || key == "follow") {
        auto v = readFieldSelector(ck, who, key, value);
        if (!v) return v.error();
        (key == "next_page" ? c.html.next_page : c.html.follow) = *v;
      } else if (key == "max_follow") {
        auto v = scalarAs<int>(ck, who, key, value, "a whole number");
        if (!v) return v.error();
        if (*v < 0) return ck.at(value, fmt::format("{}: \"max_follow\" must be 0 or more", who));
        c.html.max_follow = *v;
      }
      return ok();
    }
    case SourceType::kCsv: {
      if (key == "field_map") {
        auto v = readStringMap(ck, who, key, value);
        if (!v) return v.error();
        for (const auto& [column, raw] : *v) {
          if (!isRawFieldName(raw)) {
            return ck.at(value[column], fmt::format("{}: field_map \"{}\" -> unknown raw key \"{}\"; use title, start, "
                                                    "end, buy_in, variant, venue_name, address, city, postcode, "
                                                    "description, url, status or published",
                                                    who, column, raw));
          }
        }
        c.csv.field_map = *v;
      } else if (key == "delimiter") {
        auto v = scalarAs<std::string>(ck, who, key, value, "\"auto\", \",\", \";\" or \"\\t\"");
        if (!v) return v.error();
        if (*v == "auto") {
          c.csv.delimiter = 0;
        } else if (*v == "," || *v == ";" || *v == "\t") {
          c.csv.delimiter = (*v)[0];
        } else if (*v == "\\t" || *v == "tab") {
          c.csv.delimiter = '\t';
        } else {
          return ck.at(value, fmt::format("{}: delimiter \"{}\" is not supported; use \"auto\", \",\", \";\" or "
                                          "\"\\t\"",
                                          who, *v));
        }
      }
      return ok();
    }
    case SourceType::kJson: {
      if (key == "mode") {
        auto v = scalarAs<std::string>(ck, who, key, value, "\"tec\" or \"mapping\"");
        if (!v) return v.error();
        if (*v == "tec") {
          c.json.mode = JsonMode::kTec;
        } else if (*v == "mapping") {
          c.json.mode = JsonMode::kMapping;
        } else {
          return ck.at(value, fmt::format("{}: mode \"{}\" is unknown; use \"tec\" or \"mapping\"", who, *v));
        }
      } else if (key == "items" || key == "next") {
        auto v = scalarAs<std::string>(ck, who, key, value, "a JSON pointer (\"/data/events\")");
        if (!v) return v.error();
        if (!v->empty() && (*v)[0] != '/') {
          return ck.at(value, fmt::format("{}: \"{}\" must be a JSON pointer starting with '/', not \"{}\"", who, key,
                                          *v));
        }
        (key == "items" ? c.json.items : c.json.next) = *v;
      } else if (key == "fields") {
        auto v = readStringMap(ck, who, key, value);
        if (!v) return v.error();
        for (const auto& [raw, pointer] : *v) {
          if (!isRawFieldName(raw)) {
            return ck.at(value, fmt::format("{}: unknown field \"{}\" in \"fields\"; use title, start, end, buy_in, "
                                            "variant, venue_name, address, city, postcode, description, url, status or published",
                                            who, raw));
          }
          if (!pointer.empty() && pointer[0] != '/') {
            return ck.at(value[raw], fmt::format("{}: fields.{} must be a JSON pointer starting with '/', not \"{}\"",
                                                 who, raw, pointer));
          }
        }
        c.json.fields = *v;
      }
      return ok();
    }
    case SourceType::kRss: {
      auto v = scalarAs<bool>(ck, who, key, value, "true or false");
      if (!v) return v.error();
      c.rss.announcements = *v;
      return ok();
    }
    case SourceType::kIcs: {
      auto v = scalarAs<int>(ck, who, key, value, "a whole number of days");
      if (!v) return v.error();
      if (*v < 1 || *v > 3660) {
        return ck.at(value, fmt::format("{}: \"horizon_days\" must be between 1 and 3660, not {}", who, *v));
      }
      c.ics.horizon_days = *v;
      return ok();
    }
    default:
      return ok();
  }
}

Result<CatalogSource> readSource(const Checker& ck, const YAML::Node& entry, size_t index, const std::string& base_dir) {
  CatalogSource src;
  src.line = entry.Mark().line + 1;
  if (!entry.IsMap()) {
    return ck.at(entry, fmt::format("source #{}: an entry must be a map with name, type and url", index + 1));
  }
  // Name and type first: every later message names the source, and the type
  // decides which keys are allowed.
  std::string who = fmt::format("source #{}", index + 1);
  if (const auto name = entry["name"]; name) {
    auto v = scalarAs<std::string>(ck, who, "name", name, "a string");
    if (!v) return v.error();
    if (v->empty()) return ck.at(name, fmt::format("{}: \"name\" is empty", who));
    src.config.name = *v;
    who = fmt::format("source \"{}\"", *v);
  } else {
    return ck.at(entry, fmt::format("{}: missing \"name\"", who));
  }
  const auto type_node = entry["type"];
  if (!type_node) {
    return ck.at(entry, fmt::format("{}: missing \"type\"; use html, jsonld, ics, rss, csv or json", who));
  }
  {
    auto v = scalarAs<std::string>(ck, who, "type", type_node, "a string");
    if (!v) return v.error();
    const auto type = parseSourceType(*v);
    if (!type) {
      return ck.at(type_node, fmt::format("{}: unknown type \"{}\"; use html, jsonld, ics, rss, csv or json", who, *v));
    }
    src.config.type = *type;
  }

  const auto& common = commonKeys();
  const auto& specific = typeKeys(src.config.type);
  bool has_url = false;
  for (const auto& kv : entry) {
    const YAML::Node& key_node = kv.first;
    const YAML::Node& value = kv.second;
    const auto key = key_node.as<std::string>();
    if (key == "name" || key == "type") continue;
    if (common.count(key) == 0 && specific.count(key) == 0) {
      return ck.at(key_node, fmt::format("{}: unknown key \"{}\" for type {}; known keys: {}", who, key,
                                         sourceTypeName(src.config.type), joinKeys(common, specific)));
    }
    SourceConfig& c = src.config;
    if (key == "url") {
      auto v = scalarAs<std::string>(ck, who, key, value, "a URL");
      if (!v) return v.error();
      if (v->empty()) return ck.at(value, fmt::format("{}: \"url\" is empty", who));
      auto url = resolveUrl(ck, who, value, *v, base_dir);
      if (!url) return url.error();
      c.url = *url;
      src.url_as_written = *v;
      has_url = true;
    } else if (key == "enabled" || key == "ignore_robots" || key == "demo_dates" || key == "withdraw_absent") {
      auto v = scalarAs<bool>(ck, who, key, value, "true or false");
      if (!v) return v.error();
      if (key == "enabled") c.enabled = *v;
      if (key == "withdraw_absent") c.withdraw_absent = *v;
      if (key == "ignore_robots") c.ignore_robots = *v;
      if (key == "demo_dates") src.demo_dates = *v;
    } else if (key == "priority") {
      auto v = scalarAs<int>(ck, who, key, value, "a whole number");
      if (!v) return v.error();
      c.priority = *v;
    } else if (key == "max_pages") {
      auto v = scalarAs<int>(ck, who, key, value, "a whole number");
      if (!v) return v.error();
      if (*v < 1 || *v > 1000) {
        return ck.at(value, fmt::format("{}: \"max_pages\" must be between 1 and 1000, not {}", who, *v));
      }
      c.max_pages = *v;
    } else if (key == "timezone") {
      auto v = scalarAs<std::string>(ck, who, key, value, "an IANA zone (Europe/Paris)");
      if (!v) return v.error();
      if (!isKnownZone(*v)) {
        return ck.at(value, fmt::format("{}: unknown timezone \"{}\"; use an IANA name such as Europe/Paris", who, *v));
      }
      c.timezone = *v;
    } else if (key == "encoding") {
      auto v = scalarAs<std::string>(ck, who, key, value, "a charset name");
      if (!v) return v.error();
      const std::string enc = lowerAscii(*v);
      static const std::set<std::string> known = {"utf-8", "utf8", "windows-1252", "cp1252", "iso-8859-1",
                                                  "latin1", "latin-1", "iso-8859-15"};
      if (known.count(enc) == 0) {
        return ck.at(value, fmt::format("{}: encoding \"{}\" is not supported; use utf-8, windows-1252 or iso-8859-1",
                                        who, *v));
      }
      if (enc == "utf8") {
        c.encoding = "utf-8";
      } else if (enc == "cp1252") {
        c.encoding = "windows-1252";
      } else if (enc == "latin1" || enc == "latin-1" || enc == "iso-8859-15") {
        c.encoding = "iso-8859-1";
      } else {
        c.encoding = enc;
      }
    } else if (key == "organiser" || key == "notes") {
      auto v = scalarAs<std::string>(ck, who, key, value, "a string");
      if (!v) return v.error();
      (key == "organiser" ? src.organiser : src.notes) = *v;
    } else if (key == "homepage") {
      auto v = scalarAs<std::string>(ck, who, key, value, "an http(s) URL");
      if (!v) return v.error();
      const std::string lower = lowerAscii(v->substr(0, 8));
      const bool http = lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
      const std::size_t host_at = http ? v->find("://") + 3 : 0;
      const std::string authority = http ? v->substr(host_at, v->find_first_of("/?#", host_at) - host_at) : "";
      if (!http || authority.empty() || authority.find('@') != std::string::npos ||
          v->find_first_of(" \t\r\n\"<>") != std::string::npos) {
        return ck.at(value, fmt::format("{}: homepage \"{}\" must be an http(s) URL without spaces or credentials "
                                        "(it is shown on the public page /sources)",
                                        who, *v));
      }
      src.homepage = *v;
    } else if (key == "default_venue") {
      if (!value.IsMap()) {
        return ck.at(value, fmt::format("{}: \"default_venue\" must be a map {{name, address, city, postcode}}", who));
      }
      for (const auto& dv : value) {
        const auto dk = dv.first.as<std::string>();
        auto v = scalarAs<std::string>(ck, who, "default_venue." + dk, dv.second, "a string");
        if (!v) return v.error();
        if (dk == "name") {
          c.default_venue.name = *v;
        } else if (dk == "address") {
          c.default_venue.address = *v;
        } else if (dk == "city") {
          c.default_venue.city = *v;
        } else if (dk == "postcode") {
          c.default_venue.postcode = *v;
        } else {
          return ck.at(dv.first, fmt::format("{}: unknown key \"{}\" in default_venue; known keys: name, address, "
                                             "city, postcode",
                                             who, dk));
        }
      }
    } else {
      auto r = readTypeOption(ck, who, key, value, src);
      if (!r) return r.error();
    }
  }
  if (!has_url) return ck.at(entry, fmt::format("{}: missing \"url\"", who));

  if (src.config.type == SourceType::kHtml) {
    if (src.config.html.item.empty()) {
      return ck.at(entry, fmt::format("{}: type html needs \"item\" (the selector of one event block)", who));
    }
    if (src.config.html.fields.count("title") == 0) {
      return ck.at(entry, fmt::format("{}: type html needs \"fields\" with at least \"title\"", who));
    }
  }
  if (src.config.type == SourceType::kJson && src.config.json.mode == JsonMode::kTec &&
      (!src.config.json.items.empty() || !src.config.json.fields.empty() || !src.config.json.next.empty())) {
    return ck.at(entry, fmt::format("{}: items, fields and next apply to json mode mapping; add \"mode: mapping\" "
                                    "or remove them for The Events Calendar",
                                    who));
  }
  if (src.config.type == SourceType::kJson && src.config.json.mode == JsonMode::kMapping &&
      src.config.json.fields.count("title") == 0) {
    return ck.at(entry, fmt::format("{}: json mode mapping needs \"fields\" with at least \"title\"", who));
  }
  return src;
}

}  // namespace

Result<Catalog> parseCatalog(std::string_view yaml, const std::string& path, const std::string& base_dir) {
  const Checker ck(path);
  Catalog catalog;
  catalog.path = path;
  try {
    const YAML::Node root = YAML::Load(std::string(yaml));
    if (!root.IsMap()) {
      return makeError(ErrorCode::kInvalidConfig, "the catalog must be a map with a \"sources\" list", path);
    }
    for (const auto& kv : root) {
      const auto key = kv.first.as<std::string>();
      if (key != "sources") {
        return ck.at(kv.first, fmt::format("unknown top-level key \"{}\"; the catalog holds only \"sources\"", key));
      }
    }
    const YAML::Node sources = root["sources"];
    if (!sources || sources.IsNull()) {
      return makeError(ErrorCode::kInvalidConfig, "missing \"sources\" list", path);
    }
    if (!sources.IsSequence()) return ck.at(sources, "\"sources\" must be a list of sources");
    std::map<std::string, int> seen;  // name -> line
    for (size_t i = 0; i < sources.size(); ++i) {
      auto src = readSource(ck, sources[i], i, base_dir);
      if (!src) return src.error();
      const auto [it, inserted] = seen.emplace(src->config.name, src->line);
      if (!inserted) {
        return ck.at(sources[i], fmt::format("source \"{}\": duplicate name (first defined at line {}); names must be "
                                             "unique",
                                             src->config.name, it->second));
      }
      catalog.sources.push_back(std::move(*src));
    }
  } catch (const YAML::Exception& e) {
    const std::string where = e.mark.line >= 0 ? fmt::format("{}:{}", path, e.mark.line + 1) : path;
    return makeError(ErrorCode::kInvalidConfig, fmt::format("malformed YAML: {}", e.msg), where);
  }
  return catalog;
}

namespace {

bool isPlainSafe(std::string_view s) {
  if (s.empty()) return false;
  static const std::set<std::string> reserved = {"true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"};
  if (reserved.count(lowerAscii(std::string(s))) != 0) return false;
  const char first = s.front();
  const bool digit_start = first >= '0' && first <= '9';
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || digit_start)) return false;
  bool all_digits = true;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.' || c == '/' || c == ' ';
    if (!ok) return false;
    if (!(c >= '0' && c <= '9')) all_digits = false;
  }
  // "75001" would read as a number, "1.5" too.
  if (digit_start && (all_digits || s.find_first_not_of("0123456789.-") == std::string_view::npos)) return false;
  return s.back() != ' ';
}

// A YAML scalar for `s`: plain when that reads back as the same string,
// double-quoted (with escapes) otherwise.
std::string yamlScalar(std::string_view s) {
  if (isPlainSafe(s)) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (u < 0x20 || u == 0x7F) {
          out += fmt::format("\\x{:02X}", u);
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string selectorScalar(const FieldSelector& sel) {
  if (sel.attr.empty()) return yamlScalar(sel.selector);
  if (!isXPathSelector(sel.selector) && sel.selector.find('@') == std::string::npos) {
    return yamlScalar(sel.selector + "@" + sel.attr);
  }
  return "{selector: " + yamlScalar(sel.selector) + ", attr: " + yamlScalar(sel.attr) + "}";
}

void appendSelectorMap(std::string& out, const char* key, const std::map<std::string, FieldSelector>& fields) {
  if (fields.empty()) return;
  out += fmt::format("    {}:\n", key);
  for (const auto& [field, sel] : fields) out += fmt::format("      {}: {}\n", field, selectorScalar(sel));
}

void appendStringMap(std::string& out, const char* key, const std::map<std::string, std::string>& values) {
  if (values.empty()) return;
  out += fmt::format("    {}:\n", key);
  for (const auto& [k, v] : values) out += fmt::format("      {}: {}\n", yamlScalar(k), yamlScalar(v));
}

}  // namespace

std::string formatCatalogEntry(const CatalogSource& source, std::string_view comment) {
  const SourceConfig& c = source.config;
  std::string out;
  while (!comment.empty()) {
    const std::size_t nl = comment.find('\n');
    const std::string_view line = comment.substr(0, nl);
    out += "  #";
    if (!line.empty()) out += " " + std::string(line);
    out += '\n';
    comment = nl == std::string_view::npos ? std::string_view{} : comment.substr(nl + 1);
  }
  out += fmt::format("  - name: {}\n", yamlScalar(c.name));
  out += fmt::format("    type: {}\n", sourceTypeName(c.type));
  out += fmt::format("    url: {}\n", yamlScalar(c.url));
  out += fmt::format("    enabled: {}\n", c.enabled ? "true" : "false");
  if (!source.organiser.empty()) out += fmt::format("    organiser: {}\n", yamlScalar(source.organiser));
  if (!source.homepage.empty()) out += fmt::format("    homepage: {}\n", yamlScalar(source.homepage));
  if (!source.notes.empty()) out += fmt::format("    notes: {}\n", yamlScalar(source.notes));
  if (c.priority != 0) out += fmt::format("    priority: {}\n", c.priority);
  if (c.timezone != "Europe/Paris") out += fmt::format("    timezone: {}\n", yamlScalar(c.timezone));
  if (c.max_pages != 10) out += fmt::format("    max_pages: {}\n", c.max_pages);
  if (c.ignore_robots) out += "    ignore_robots: true\n";
  if (!c.encoding.empty()) out += fmt::format("    encoding: {}\n", yamlScalar(c.encoding));
  if (source.demo_dates) out += "    demo_dates: true\n";
  const DefaultVenue& dv = c.default_venue;
  if (!dv.name.empty() || !dv.address.empty() || !dv.city.empty() || !dv.postcode.empty()) {
    out += "    default_venue:\n";
    if (!dv.name.empty()) out += fmt::format("      name: {}\n", yamlScalar(dv.name));
    if (!dv.address.empty()) out += fmt::format("      address: {}\n", yamlScalar(dv.address));
    if (!dv.city.empty()) out += fmt::format("      city: {}\n", yamlScalar(dv.city));
    if (!dv.postcode.empty()) out += fmt::format("      postcode: {}\n", yamlScalar(dv.postcode));
  }
  switch (c.type) {
    case SourceType::kHtml:
      out += fmt::format("    item: {}\n", yamlScalar(c.html.item));
      appendSelectorMap(out, "fields", c.html.fields);
      if (!c.html.next_page.selector.empty() || !c.html.next_page.attr.empty()) {
        out += fmt::format("    next_page: {}\n", selectorScalar(c.html.next_page));
      }
      if (!c.html.follow.selector.empty() || !c.html.follow.attr.empty()) {
        out += fmt::format("    follow: {}\n", selectorScalar(c.html.follow));
      }
      if (c.html.max_follow != 50) out += fmt::format("    max_follow: {}\n", c.html.max_follow);
      appendSelectorMap(out, "detail_fields", c.html.detail_fields);
      break;
    case SourceType::kCsv:
      appendStringMap(out, "field_map", c.csv.field_map);
      if (c.csv.delimiter != 0) {
        out += fmt::format("    delimiter: {}\n", c.csv.delimiter == '\t' ? "\"\\t\"" : yamlScalar(std::string(1, c.csv.delimiter)));
      }
      break;
    case SourceType::kJson:
      out += fmt::format("    mode: {}\n", c.json.mode == JsonMode::kTec ? "tec" : "mapping");
      if (c.json.mode == JsonMode::kMapping) {
        out += fmt::format("    items: {}\n", yamlScalar(c.json.items));
        appendStringMap(out, "fields", c.json.fields);
        if (!c.json.next.empty()) out += fmt::format("    next: {}\n", yamlScalar(c.json.next));
      }
      break;
    case SourceType::kIcs:
      if (c.ics.horizon_days != 120) out += fmt::format("    horizon_days: {}\n", c.ics.horizon_days);
      break;
    case SourceType::kRss:
      if (c.rss.announcements) out += "    announcements: true\n";
      break;
    default:
      break;
  }
  return out;
}

Result<std::string> appendCatalogEntry(std::string_view catalog_yaml, std::string_view entry_yaml,
                                       const std::string& path, const std::string& base_dir) {
  std::string text(catalog_yaml);
  if (!text.empty() && text.back() != '\n') text += '\n';
  text += '\n';
  text += entry_yaml;
  if (!text.empty() && text.back() != '\n') text += '\n';
  auto parsed = parseCatalog(text, path, base_dir);
  if (!parsed) return parsed.error();
  return text;
}

Result<void> appendCatalogEntryToFile(const std::string& path, std::string_view entry_yaml) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return makeError(ErrorCode::kNotFound, "catalog file not found", path);
  std::string current;
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) return makeError(ErrorCode::kIo, "cannot read the catalog file", path);
    std::ostringstream text;
    text << in.rdbuf();
    current = text.str();
  }
  const std::string base = fs::absolute(fs::path(path)).parent_path().string();
  auto updated = appendCatalogEntry(current, entry_yaml, path, base);
  if (!updated) return updated.error();
  const fs::path tmp = path + ".tmp-append";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return makeError(ErrorCode::kIo, "cannot write " + tmp.string() + "; check the folder is writable", path);
    out << *updated;
    out.flush();
    if (!out) {
      out.close();
      fs::remove(tmp, ec);
      return makeError(ErrorCode::kIo, "write failed (disk full?); the catalog is unchanged", path);
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    return makeError(ErrorCode::kIo, "cannot replace the catalog: " + ec.message() + "; it is unchanged", path);
  }
  return ok();
}

Result<Catalog> loadCatalog(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return makeError(ErrorCode::kNotFound, "catalog file not found; pass --catalog or create it", path);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return makeError(ErrorCode::kIo, "cannot read the catalog file", path);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string base = fs::absolute(fs::path(path)).parent_path().string();
  return parseCatalog(text.str(), path, base);
}

}  // namespace pft::ingestion
