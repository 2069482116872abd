#pragma once
// application/problem+json bodies (RFC 9457): status, title, detail naming
// the parameter at fault, a stable `code` (listed in docs/api.md) and, for
// compatibility with the prototype's clients, the same text under "detail".

#include <cstddef>
#include <string>

#include "pft/http/message.hpp"

namespace pft::http {

// A client-visible error: HTTP status + stable code + detail (+ parameter).
struct Problem {
  int status = 400;
  std::string code;       // stable, e.g. "invalid_parameter"
  std::string detail;     // what was wrong and how to fix it
  std::string parameter;  // the query/path parameter at fault; may be empty
};

// Standard reason phrase ("Not Found"); "Error" for unknown statuses.
const char* statusTitle(int status);

// Renders a Problem as an application/problem+json response. The detail
// is made valid UTF-8 (bad bytes become U+FFFD) and cut at kMaxDetailChars
// with « … », the parameter likewise at 200: it never throws on what a
// client sent. Values quoted in a detail should be clipped by the caller
// (text::clipForEcho), so that the rest of the sentence survives.
inline constexpr std::size_t kMaxDetailChars = 600;
Response problemResponse(const Problem& p);

}  // namespace pft::http
