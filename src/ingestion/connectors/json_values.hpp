#pragma once
// Private to the JSON-reading connectors (json, jsonld): scalars read as
// the organiser's text, whatever JSON type they were written with.

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>

namespace pft::ingestion::detail {

// A scalar as text: strings as is, numbers written out ("150", "37.5"),
// anything else (null, objects, arrays) "".
inline std::string scalarText(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number_unsigned()) return std::to_string(v.get<unsigned long long>());
  if (v.is_number_float()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15g", v.get<double>());
    return buf;
  }
  return {};
}

// scalarText of obj[key], or "" when obj is not an object or has no such key.
inline std::string member(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object()) return {};
  auto it = obj.find(key);
  return it == obj.end() ? std::string() : scalarText(*it);
}

}  // namespace pft::ingestion::detail
