#pragma once
// The API's route table: the single list of endpoints that both the router
// (Api::routes) and /openapi.json are generated from (a test checks they
// agree). Patterns use {name} for a path parameter, possibly with a literal
// suffix ("{id}.ics"). Each entry names the Api member that answers it.

#include <string>
#include <string_view>
#include <vector>

#include "pft/http/message.hpp"

namespace pft::api {

class Api;
using ApiHandler = http::Response (Api::*)(const http::Request&, const http::PathParams&);
using ApiAsyncHandler = void (Api::*)(const http::Request&, const http::PathParams&, http::Responder);

struct ParamSpec {
  std::string name;
  std::string in;      // "query" or "path"
  std::string type;    // JSON Schema type: "string", "integer", "number", "boolean"
  std::string format;  // optional JSON Schema format
  std::string description;
  bool required = false;
};

struct RouteSpec {
  std::string method;   // "GET" or "POST"
  std::string pattern;  // "/tournaments/{id}"
  std::string operation_id;
  std::string summary;
  std::vector<ParamSpec> params;
  std::string content_type;  // of the 2xx body
  std::string response_schema;  // name of a component schema, or "" for free-form
  bool response_is_array = false;
  std::vector<int> error_statuses;  // documented problem+json statuses
  bool admin = false;  // basic auth
  ApiHandler handle = nullptr;  // exactly one of handle / handle_async
  ApiAsyncHandler handle_async = nullptr;
  int ok_status = 200;  // status of the documented success (202 for a started run)
  std::string request_schema = {};  // POST: component schema of the JSON body, or ""
};

const std::vector<RouteSpec>& routeTable();

// The OpenAPI 3.1 document (JSON text) generated from routeTable().
std::string openApiDocument();

}  // namespace pft::api
