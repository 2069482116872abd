#pragma once
// URL pieces shared by the HTTP front (which decodes query strings), the read
// model (which parses filters from them) and the site (which builds links):
// percent-encoding and query strings. Pure functions, thread-safe.

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

}  // namespace pft
