#include "pft/http/problem.hpp"

#include <nlohmann/json.hpp>

#include "pft/core/json.hpp"
#include "pft/core/text.hpp"

namespace pft::http {

const char* statusTitle(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Error";
  }
}

Response problemResponse(const Problem& p) {
  nlohmann::json j;
  j["type"] = "about:blank";
  j["status"] = p.status;
  j["title"] = statusTitle(p.status);
  // The detail may quote what the client sent: callers clip the values they
  // quote (text::clipForEcho); this is the backstop (valid UTF-8, bounded).
  j["detail"] = text::clipForEcho(p.detail, kMaxDetailChars);
  j["code"] = p.code;
  if (!p.parameter.empty()) j["parameter"] = text::clipForEcho(p.parameter);
  Response r;
  r.status = p.status;
  r.content_type = "application/problem+json";
  r.body = makeBody(dumpJson(j));
  return r;
}

}  // namespace pft::http
