#pragma once
// URL pieces shared by the HTTP front (which decodes query strings), the read
// model (which parses filters from them) and the site (which builds links):
// percent-encoding and query strings. Pure functions, thread-safe.

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace pft {

// Percent-decodes `s` ('+' is a space). Invalid escapes are kept as written.
std::string percentDecode(std::string_view s);
// Percent-encodes everything but RFC 3986 unreserved characters.
std::string percentEncode(std::string_view s);

// name -> value; a repeated name keeps its last value (as FastAPI did).
using QueryParams = std::map<std::string, std::string, std::less<>>;
// Splits "a=1&b=x+y" into decoded pairs; empty parts are skipped; a part
// without '=' has an empty value.
QueryParams parseQueryString(std::string_view query);

// The longest URL pft keeps as a link (event_url, source_url, websites).
inline constexpr std::size_t kMaxLinkUrlBytes = 2048;

// Why `url` (ASCII spaces around it ignored) cannot be served as a link,
// or an empty string when it can. A link is an absolute http:// or https://
// URL (scheme in any case) with a host, at most kMaxLinkUrlBytes, without
// control characters, spaces or any of " < > \\ ` (issue 15: a
// `javascript:` or `data:` URL, or one with CR/LF, reached JSON, JSON-LD
// and ICS). Examples of reasons: "scheme 'javascript' is not http or
// https", "control character 0x0D at byte 24", "no host". Pure.
std::string linkUrlProblem(std::string_view url);

// `url` trimmed when linkUrlProblem finds nothing, else empty: the one rule
// every writer of a link applies (normalize when it stores, the API, the
// JSON-LD, the ICS feeds and the site when they serve).
std::string safeLinkUrl(std::string_view url);

// Why `source_url` cannot be served, or an empty string when it can: a
// link (linkUrlProblem), or the provenance a local (file://) source gets
// from ingest, as its catalog wrote it (issue 15 item 11): a relative path
// or a name, with no scheme, not starting with '/', without control
// characters. An absolute local path or a file:, javascript:, data:… URL is
// never served.
std::string sourceUrlProblem(std::string_view source_url);
// `source_url` trimmed when sourceUrlProblem finds nothing, else empty.
std::string safeSourceUrl(std::string_view source_url);

}  // namespace pft
