#include "pft/http/message.hpp"

#include "pft/core/text.hpp"

namespace pft::http {

bool acceptsHtml(std::optional<std::string_view> accept) {
  if (!accept) return false;
  std::string_view a = *accept;
  auto html = a.find("text/html");
  if (html == std::string_view::npos) html = a.find("application/xhtml+xml");
  if (html == std::string_view::npos) return false;
  auto json = a.find("json");
  return json == std::string_view::npos || html < json;
}

}  // namespace pft::http
