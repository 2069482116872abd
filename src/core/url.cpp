#include "pft/core/url.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "pft/core/text.hpp"

namespace pft {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string percentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < s.size() && hexValue(s[i + 1]) >= 0 && hexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hexValue(s[i + 1]) * 16 + hexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string percentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

QueryParams parseQueryString(std::string_view query) {
  QueryParams out;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (part.empty()) continue;
    auto eq = part.find('=');
    std::string name = percentDecode(part.substr(0, eq));
    std::string value = eq == std::string_view::npos ? std::string{} : percentDecode(part.substr(eq + 1));
    out.insert_or_assign(std::move(name), std::move(value));
  }
  return out;
}

std::string linkUrlProblem(std::string_view url) {
  url = text::trim(url);
  if (url.empty()) return "empty";
  if (url.size() > kMaxLinkUrlBytes) {
    return fmt::format("{} bytes, over the limit of {}", url.size(), kMaxLinkUrlBytes);
  }
  for (std::size_t i = 0; i < url.size(); ++i) {
    const auto c = static_cast<unsigned char>(url[i]);
    if (c < 0x20 || c == 0x7F) return fmt::format("control character 0x{:02X} at byte {}", c, i);
    if (c == ' ' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`') {
      return fmt::format("character '{}' at byte {} (write it percent-encoded)", static_cast<char>(c), i);
    }
  }
  const std::size_t colon = url.find(':');
  const std::size_t slash = url.find('/');
  if (colon == std::string_view::npos || colon == 0 || (slash != std::string_view::npos && slash < colon)) {
    return "not an absolute URL (no scheme)";
  }
  std::string scheme(url.substr(0, std::min<std::size_t>(colon, 21)));
  for (char& c : scheme) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (scheme != "http" && scheme != "https") {
    return fmt::format("scheme '{}' is not http or https", colon > 20 ? scheme.substr(0, 20) + "…" : scheme);
  }
  if (url.substr(colon + 1, 2) != "//") return "no '//' after the scheme";
  const std::size_t host = colon + 3;
  if (host >= url.size() || url[host] == '/' || url[host] == '?' || url[host] == '#') return "no host";
  return {};
}

std::string safeLinkUrl(std::string_view url) {
  if (!linkUrlProblem(url).empty()) return {};
  return std::string(text::trim(url));
}

std::string sourceUrlProblem(std::string_view source_url) {
  const std::string_view v = text::trim(source_url);
  const std::size_t colon = v.find(':');
  const std::size_t slash = v.find('/');
  const bool has_scheme = colon != std::string_view::npos && (slash == std::string_view::npos || colon < slash);
  if (v.empty() || has_scheme) return linkUrlProblem(v);
  // No scheme: the provenance of a local source, as its catalog wrote it.
  if (v[0] == '/' || v[0] == '\\' || v[0] == '~') return "an absolute local path";
  if (v.size() > kMaxLinkUrlBytes) return fmt::format("{} bytes, over the limit of {}", v.size(), kMaxLinkUrlBytes);
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto c = static_cast<unsigned char>(v[i]);
    if (c < 0x20 || c == 0x7F) return fmt::format("control character 0x{:02X} at byte {}", c, i);
  }
  return {};
}

std::string safeSourceUrl(std::string_view source_url) {
  if (!sourceUrlProblem(source_url).empty()) return {};
  return std::string(text::trim(source_url));
}

}  // namespace pft
