#include "templates.hpp"

#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

#include <regex>
#include <stdexcept>

namespace pft::web {
namespace {

namespace mstch = kainjow::mustache;

constexpr std::string_view kPrefix = "templates/";
constexpr std::string_view kPartials = "templates/partials/";
constexpr std::string_view kSuffix = ".mustache";

mstch::data toData(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mstch::data d{mstch::data::type::object};
      for (const auto& [k, v] : j.items()) d.set(k, toData(v));
      return d;
    }
    case nlohmann::json::value_t::array: {
      mstch::data d{mstch::data::type::list};
      for (const auto& v : j) d.push_back(toData(v));
      return d;
    }
    case nlohmann::json::value_t::string: {
      // An empty string is falsey, so that {{#x}}…{{/x}} shows only what is there.
      const auto& text = j.get_ref<const std::string&>();
      return text.empty() ? mstch::data{mstch::data::type::bool_false} : mstch::data{text};
    }
    case nlohmann::json::value_t::boolean:
      return mstch::data{j.get<bool>() ? mstch::data::type::bool_true : mstch::data::type::bool_false};
    case nlohmann::json::value_t::null: return mstch::data{mstch::data::type::bool_false};
    default: return mstch::data{j.dump()};  // numbers: their JSON text
  }
}

}  // namespace

struct Templates::Parsed {
  explicit Parsed(const std::string& source) : text(source), view(source) {}
  std::string text;
  mstch::mustache view;
  std::mutex mutex;  // render() is not const in kainjow
};

Templates::Templates() = default;
Templates::~Templates() = default;

Result<std::unique_ptr<Templates>> Templates::load(const std::vector<EmbeddedFile>& files) {
  std::unique_ptr<Templates> t(new Templates());
  auto nameOf = [](std::string_view path, std::string_view prefix) {
    path.remove_prefix(prefix.size());
    path.remove_suffix(kSuffix.size());
    return std::string{path};
  };
  for (const auto& f : files) {
    if (f.path.size() <= kSuffix.size() || f.path.substr(f.path.size() - kSuffix.size()) != kSuffix) continue;
    if (f.path.rfind(kPartials, 0) == 0) {
      std::string name = nameOf(f.path, kPartials);
      std::string source{f.bytes};
      mstch::mustache check{source};
      if (!check.is_valid()) {
        return makeError(ErrorCode::kInvalidArgument,
                         "template web/" + std::string{f.path} + " is broken: " + check.error_message(), "web/templates");
      }
      t->partial_sources_[name] = std::move(source);
    } else if (f.path.rfind(kPrefix, 0) == 0) {
      auto parsed = std::make_unique<Parsed>(std::string{f.bytes});
      if (!parsed->view.is_valid()) {
        return makeError(ErrorCode::kInvalidArgument,
                         "template web/" + std::string{f.path} + " is broken: " + parsed->view.error_message(),
                         "web/templates");
      }
      t->pages_[nameOf(f.path, kPrefix)] = std::move(parsed);
    }
  }
  // Every partial a template names must exist (kainjow would render nothing).
  static const std::regex kPartialTag(R"(\{\{>\s*([A-Za-z0-9_-]+)\s*\}\})");
  auto checkPartials = [&](const std::string& owner, const std::string& text) -> Result<void> {
    for (std::sregex_iterator it(text.begin(), text.end(), kPartialTag), end; it != end; ++it) {
      if (!t->partial_sources_.count((*it)[1].str())) {
        return makeError(ErrorCode::kInvalidArgument,
                         "template " + owner + " uses the partial '" + (*it)[1].str() + "', which does not exist",
                         "web/templates");
      }
    }
    return ok();
  };
  for (const auto& [name, parsed] : t->pages_) {
    if (auto r = checkPartials("web/templates/" + name + ".mustache", parsed->text); !r) return r.error();
  }
  for (const auto& [name, text] : t->partial_sources_) {
    if (auto r = checkPartials("web/templates/partials/" + name + ".mustache", text); !r) return r.error();
  }
  return t;
}

std::vector<std::string> Templates::pages() const {
  std::vector<std::string> out;
  for (const auto& [name, parsed] : pages_) out.push_back(name);
  return out;
}

std::string Templates::render(const std::string& name, const nlohmann::json& model) const {
  Parsed& p = *pages_.at(name);
  // Partials are looked up by name in the data: a model key with a
  // partial's name would replace it.
  for (const auto& [key, value] : model.items()) {
    if (partial_sources_.count(key)) {
      throw std::logic_error("template " + name + ": the view model's key '" + key + "' is also a partial's name");
    }
  }
  mstch::data data = toData(model);
  for (const auto& [partial, source] : partial_sources_) {
    const std::string* text = &source;
    data.set(partial, mstch::partial{[text] { return *text; }});
  }
  std::lock_guard lock(p.mutex);
  return p.view.render(data);
}

}  // namespace pft::web
