#pragma once
// The site's mustache templates (web/templates/, embedded), parsed once at
// start: a broken template stops `pft serve` with its name. Pages render a
// view model (nlohmann::json) through them; `{{x}}` escapes & < > " ' and is
// the only form used, but for the JSON-LD block of the tournament page
// (a test holds every template to that). Files under templates/partials/
// are partials: partials/head.mustache is {{> head}}.
// Thread safety: render() may be called from any thread (one parsed
// template per render; renders are rare: pages are cached).

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "embedded.hpp"
#include "pft/core/result.hpp"

namespace pft::web {

class Templates {
 public:
  // Parses every templates/*.mustache and templates/partials/*.mustache of
  // `files`. kInvalidArgument naming the template and the parser's message
  // for the first broken one; kInvalidArgument when a page uses a partial
  // that does not exist.
  static Result<std::unique_ptr<Templates>> load(const std::vector<EmbeddedFile>& files);

  ~Templates();
  // Renders page `name` ("list" for templates/list.mustache). Unknown
  // names are a programming error (std::out_of_range).
  std::string render(const std::string& name, const nlohmann::json& model) const;
  // Names of the pages (not partials), sorted.
  std::vector<std::string> pages() const;

 private:
  struct Parsed;
  Templates();
  std::map<std::string, std::string> partial_sources_;
  std::map<std::string, std::unique_ptr<Parsed>> pages_;
};

}  // namespace pft::web
