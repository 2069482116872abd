#include "pft/http/problem.hpp"

#include <nlohmann/json.hpp>

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
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
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
  j["detail"] = p.detail;
  j["code"] = p.code;
  if (!p.parameter.empty()) j["parameter"] = p.parameter;
  Response r;
  r.status = p.status;
  r.content_type = "application/problem+json";
  r.body = makeBody(j.dump());
  return r;
}

}  // namespace pft::http
