#include "connectors/common.hpp"

#include <iconv.h>
#include <libxml/uri.h>
#include <libxml/xmlmemory.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <memory>

#include "pft/core/text.hpp"

namespace pft::ingestion {

namespace {

std::string asciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool isUtf8Name(std::string_view cs) { return cs == "utf-8" || cs == "utf8"; }

bool isWindows1252Name(std::string_view cs) {
  return cs == "windows-1252" || cs == "cp1252" || cs == "iso-8859-1" || cs == "latin1" || cs == "latin-1" ||
         cs == "iso8859-1" || cs == "iso_8859-1" || cs == "us-ascii" || cs == "ascii" || cs == "x-cp1252";
}

// Value following `key` (e.g. "charset=") up to a quote, ';', space or '>'.
std::string valueAfter(std::string_view hay, std::size_t pos) {
  while (pos < hay.size() && (hay[pos] == ' ' || hay[pos] == '"' || hay[pos] == '\'')) ++pos;
  std::size_t end = pos;
  while (end < hay.size() && hay[end] != '"' && hay[end] != '\'' && hay[end] != ';' && hay[end] != ' ' &&
         hay[end] != '>' && hay[end] != '/' && hay[end] != '?')
    ++end;
  return std::string(hay.substr(pos, end - pos));
}

struct IconvCloser {
  void operator()(void* cd) const { iconv_close(static_cast<iconv_t>(cd)); }
};

// Generic conversion through glibc iconv for charsets other than UTF-8 and
// Windows-1252 (ISO-8859-15, UTF-16...). Returns false when the charset is
// unknown or the text does not convert.
bool iconvToUtf8(std::string_view in, const std::string& charset, std::string& out) {
  iconv_t cd = iconv_open("UTF-8", charset.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  std::unique_ptr<void, IconvCloser> guard(cd);
  std::string buffer(in);
  out.clear();
  char* src = buffer.data();
  std::size_t src_left = buffer.size();
  std::array<char, 4096> chunk{};
  while (src_left > 0) {
    char* dst = chunk.data();
    std::size_t dst_left = chunk.size();
    std::size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
    out.append(chunk.data(), chunk.size() - dst_left);
    if (rc == static_cast<std::size_t>(-1) && errno != E2BIG) return false;
  }
  return true;
}

}  // namespace

const char* sourceTypeName(SourceType type) {
  switch (type) {
    case SourceType::kHtml: return "html";
    case SourceType::kJsonLd: return "jsonld";
    case SourceType::kIcs: return "ics";
    case SourceType::kRss: return "rss";
    case SourceType::kCsv: return "csv";
    case SourceType::kJson: return "json";
  }
  return "html";
}

std::optional<SourceType> parseSourceType(std::string_view name) {
  for (SourceType t : {SourceType::kHtml, SourceType::kJsonLd, SourceType::kIcs, SourceType::kRss, SourceType::kCsv,
                       SourceType::kJson}) {
    if (name == sourceTypeName(t)) return t;
  }
  return std::nullopt;
}

FieldSelector parseFieldSelector(std::string_view text) {
  std::string_view s = pft::text::trim(text);
  if (isXPathSelector(s)) return FieldSelector{std::string(s), {}};
  // The last '@' outside [...] separates the attribute.
  int depth = 0;
  std::size_t at = std::string_view::npos;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '[') ++depth;
    else if (s[i] == ']' && depth > 0) --depth;
    else if (s[i] == '@' && depth == 0) at = i;
  }
  if (at == std::string_view::npos) return FieldSelector{std::string(s), {}};
  return FieldSelector{std::string(pft::text::trim(s.substr(0, at))), std::string(pft::text::trim(s.substr(at + 1)))};
}

bool isRawFieldName(std::string_view key) {
  RawEvent probe;
  return setRawField(probe, key, {});
}

bool setRawField(RawEvent& event, std::string_view key, std::string value) {
  std::string* target = nullptr;
  if (key == "title") target = &event.title;
  else if (key == "description") target = &event.description;
  else if (key == "start") target = &event.start;
  else if (key == "end") target = &event.end;
  else if (key == "buy_in") target = &event.buy_in;
  else if (key == "variant") target = &event.variant;
  else if (key == "venue_name" || key == "venue") target = &event.venue_name;
  else if (key == "address") target = &event.address;
  else if (key == "city") target = &event.city;
  else if (key == "postcode") target = &event.postcode;
  else if (key == "url" || key == "event_url") target = &event.event_url;
  else if (key == "status" || key == "status_text") target = &event.status_text;
  else if (key == "published" || key == "published_at") target = &event.published_at;
  else if (key == "id" || key == "source_id") target = &event.source_id;
  if (target == nullptr) return false;
  *target = std::move(value);
  return true;
}

std::string computeSourceHash(const RawEvent& e) {
  // Length-prefixed fields: no two different events serialise the same way.
  std::string buf;
  auto add = [&buf](std::string_view v) {
    buf += std::to_string(v.size());
    buf += ':';
    buf.append(v);
    buf += '\n';
  };
  add("pft-raw-v1");
  add(e.source_name);
  for (const std::string* f : {&e.title, &e.description, &e.start, &e.end, &e.buy_in, &e.variant, &e.venue_name,
                               &e.address, &e.city, &e.postcode, &e.event_url, &e.status_text}) {
    add(*f);
  }
  // sodium_init is idempotent and thread-safe; SHA-256 needs no other state.
  static const int sodium_ready = sodium_init();
  (void)sodium_ready;
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(buf.data()), buf.size());
  std::string hex;
  hex.reserve(digest.size() * 2);
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned char b : digest) {
    hex += kHex[b >> 4];
    hex += kHex[b & 0x0f];
  }
  return hex;
}

namespace detail {

std::string charsetFromContentType(std::string_view content_type) {
  std::string lower = asciiLower(content_type);
  std::size_t pos = lower.find("charset=");
  if (pos == std::string::npos) return {};
  return valueAfter(lower, pos + 8);
}

std::string charsetDeclaredInDocument(std::string_view body) {
  std::string head = asciiLower(body.substr(0, std::min<std::size_t>(body.size(), 8192)));
  if (head.rfind("<?xml", 0) == 0 || head.rfind("\xef\xbb\xbf<?xml", 0) == 0) {
    std::size_t end = head.find("?>");
    std::size_t pos = head.find("encoding=");
    if (pos != std::string::npos && (end == std::string::npos || pos < end)) return valueAfter(head, pos + 9);
    return {};
  }
  std::size_t pos = 0;
  while ((pos = head.find("<meta", pos)) != std::string::npos) {
    std::size_t end = head.find('>', pos);
    std::string_view tag = std::string_view(head).substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    std::size_t cs = tag.find("charset=");
    if (cs != std::string::npos) return valueAfter(tag, cs + 8);
    pos += 5;
  }
  return {};
}

std::string toUtf8(std::string_view body, std::string_view charset_in, std::vector<std::string>& warnings) {
  if (body.size() >= 3 && body.substr(0, 3) == "\xef\xbb\xbf") body.remove_prefix(3);
  std::string charset = asciiLower(pft::text::trim(charset_in));
  if (charset.empty()) {
    // Undeclared: UTF-8 when it is valid; a document with any invalid
    // sequence is read wholly as Windows-1252 (old French sites).
    if (pft::text::isValidUtf8(body)) return std::string(body);
    return pft::text::windows1252ToUtf8(body);
  }
  if (isUtf8Name(charset)) {
    if (pft::text::isValidUtf8(body)) return std::string(body);
    warnings.push_back("declared UTF-8 but holds invalid bytes; they were read as Windows-1252");
    return pft::text::repairUtf8(body);
  }
  if (isWindows1252Name(charset)) return pft::text::windows1252ToUtf8(body);
  std::string out;
  if (iconvToUtf8(body, charset, out) && pft::text::isValidUtf8(out)) return out;
  warnings.push_back("charset '" + charset + "' is unknown or does not match the bytes; read as UTF-8/Windows-1252");
  return pft::text::repairUtf8(body);
}

Utf8Text decodeDocument(const SourceConfig& config, std::string_view body, const ParseContext& ctx,
                        std::vector<std::string>& warnings) {
  std::string charset = config.encoding;
  if (charset.empty()) charset = charsetFromContentType(ctx.content_type);
  if (charset.empty() && config.type != SourceType::kCsv && config.type != SourceType::kJson)
    charset = charsetDeclaredInDocument(body);
  Utf8Text out;
  std::string lower = asciiLower(charset);
  if ((lower.empty() || isUtf8Name(lower)) && pft::text::isValidUtf8(body)) {
    if (body.size() >= 3 && body.substr(0, 3) == "\xef\xbb\xbf") body.remove_prefix(3);
    out.original = body;
    return out;
  }
  out.converted = toUtf8(body, charset, warnings);
  out.was_converted = true;
  return out;
}

std::string cleanText(std::string_view s) {
  // Fast path for plain text (most CSV and iCalendar cells): nothing to
  // strip, decode or squash.
  bool plain = !s.empty() && s.front() != ' ' && s.back() != ' ';
  for (std::size_t i = 0; plain && i < s.size(); ++i) {
    char c = s[i];
    auto u = static_cast<unsigned char>(c);
    if (c == '<' || c == '&' || c == '\t' || c == '\n' || c == '\r' || u == 0xC2 || u == 0xE2 ||
        (c == ' ' && s[i + 1] == ' '))
      plain = false;
  }
  if (plain) return std::string(s);
  return pft::text::stripHtml(s);
}

std::string resolveUrl(std::string_view base, std::string_view href_in) {
  std::string href = pft::text::decodeHtmlEntities(pft::text::trim(href_in));
  if (href.empty()) return {};
  if (base.empty()) return href;
  std::string base_s(base);
  xmlChar* built = xmlBuildURI(reinterpret_cast<const xmlChar*>(href.c_str()),
                               reinterpret_cast<const xmlChar*>(base_s.c_str()));
  if (built == nullptr) return href;
  std::string out(reinterpret_cast<const char*>(built));
  xmlFree(built);
  return out;
}

bool urlIsTheId(const SourceConfig& config) {
  return config.type == SourceType::kHtml || config.type == SourceType::kCsv ||
         (config.type == SourceType::kJson && config.json.mode == JsonMode::kMapping);
}

void finishEvent(RawEvent& event, const SourceConfig& config, const ParseContext& ctx) {
  event.source_name = config.name;
  event.source_url = ctx.source_url;
  event.timezone = config.timezone.empty() ? std::string(kParisZone) : config.timezone;
  event.priority = config.priority;
  // The item's own id: the connector's (UID, @id, guid, TEC id, a mapped
  // `id` field), else, where fields are mapped by hand, its `url` field.
  event.source_id = std::string(pft::text::trim(event.source_id));
  if (event.source_id.empty() && urlIsTheId(config)) event.source_id = event.event_url;
  const DefaultVenue& dv = config.default_venue;
  if (event.venue_name.empty()) event.venue_name = dv.name;
  if (event.address.empty()) event.address = dv.address;
  if (event.city.empty()) event.city = dv.city;
  if (event.postcode.empty()) event.postcode = dv.postcode;
  event.source_hash = computeSourceHash(event);
}

Error parseError(const SourceConfig& config, std::string_view position, std::string message) {
  std::string where = config.name;
  if (!position.empty()) {
    where += ": ";
    where.append(position);
  }
  return makeError(ErrorCode::kParse, std::move(message), std::move(where));
}

}  // namespace detail
}  // namespace pft::ingestion
