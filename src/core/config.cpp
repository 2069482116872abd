#include "pft/core/config.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "pft/core/text.hpp"
#include "pft/core/time.hpp"

extern char** environ;

namespace pft {
namespace {

bool startsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

Error configError(std::string_view variable, std::string message) {
  return makeError(ErrorCode::kInvalidConfig, std::move(message), std::string(variable));
}

Result<int> parsePort(std::string_view variable, std::string_view value) {
  int port = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), port);
  if (ec != std::errc{} || ptr != value.data() + value.size() || port < 1 || port > 65535)
    return configError(variable, fmt::format("'{}' is not a TCP port; use a number from 1 to 65535", value));
  return port;
}

Result<double> parseSeconds(std::string_view variable, std::string_view value) {
  std::string v(value);
  char* end = nullptr;
  errno = 0;
  double d = std::strtod(v.c_str(), &end);
  if (v.empty() || end != v.c_str() + v.size() || errno != 0 || !std::isfinite(d) || d < 0)
    return configError(variable, fmt::format("'{}' is not a number of seconds (>= 0), e.g. 1 or 0.5", value));
  return d;
}

bool isHttpUrl(std::string_view v) { return startsWith(v, "http://") || startsWith(v, "https://"); }

}  // namespace

std::string maskPassword(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  auto at = url.find('@', scheme + 3);
  if (at == std::string_view::npos) return std::string(url);
  auto colon = url.find(':', scheme + 3);
  if (colon == std::string_view::npos || colon > at) return std::string(url);
  return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

Result<DatabaseUrl> parseDatabaseUrl(std::string_view text) {
  DatabaseUrl url;
  url.original = maskPassword(text);
  std::string_view v = text::trim(text);
  if (v.empty()) {
    url.kind = DatabaseKind::kSqlite;
    url.sqlite_path = "var/pft.sqlite";
    url.original = "sqlite:var/pft.sqlite";
    return url;
  }
  static constexpr std::string_view kPgPrefixes[] = {"postgresql+psycopg2://", "postgresql+psycopg://",
                                                     "postgresql://", "postgres://"};
  for (auto prefix : kPgPrefixes) {
    if (startsWith(v, prefix)) {
      std::string_view rest = v.substr(prefix.size());
      if (rest.empty() || rest == "/")
        return configError("DATABASE_URL",
                           fmt::format("'{}' names no PostgreSQL host or database; write "
                                       "postgresql://user:password@host:5432/dbname",
                                       url.original));
      url.kind = DatabaseKind::kPostgres;
      url.postgres_conninfo = "postgresql://" + std::string(rest);
      return url;
    }
  }
  if (startsWith(v, "sqlite:")) {
    std::string_view rest = v.substr(7);
    std::string path;
    if (startsWith(rest, "///")) {
      path = std::string(rest.substr(2));  // keeps the leading '/'
    } else if (startsWith(rest, "//")) {
      // sqlite://relative (SQLAlchemy spells relative paths sqlite:///rel; be lenient).
      path = std::string(rest.substr(2));
    } else {
      path = std::string(rest);
    }
    if (path.empty() || path == "/")
      return configError("DATABASE_URL",
                         fmt::format("'{}' names no SQLite file; write sqlite:var/pft.sqlite or "
                                     "sqlite:///absolute/path.sqlite",
                                     url.original));
    url.kind = DatabaseKind::kSqlite;
    url.sqlite_path = path;
    return url;
  }
  return configError("DATABASE_URL",
                     fmt::format("'{}' is not a supported database URL; use postgresql://user:pass@host/db, "
                                 "sqlite:relative/path or sqlite:///absolute/path",
                                 url.original));
}

Result<EnvMap> readDotEnv(const std::string& path) {
  EnvMap vars;
  std::ifstream in(path);
  if (!in) return vars;  // no .env: nothing to add
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string_view l = text::trim(line);
    if (l.empty() || l.front() == '#') continue;
    if (startsWith(l, "export ")) l = text::trim(l.substr(7));
    auto eq = l.find('=');
    if (eq == std::string_view::npos || eq == 0)
      return makeError(ErrorCode::kInvalidConfig, "expected KEY=VALUE", fmt::format("{}:{}", path, number));
    std::string key(text::trim(l.substr(0, eq)));
    std::string_view value = text::trim(l.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    } else if (auto hash = value.find(" #"); hash != std::string_view::npos) {
      value = text::trim(value.substr(0, hash));  // trailing comment
    }
    for (char c : key) {
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
        return makeError(ErrorCode::kInvalidConfig, fmt::format("'{}' is not a variable name", key),
                         fmt::format("{}:{}", path, number));
    }
    vars[key] = std::string(value);
  }
  if (in.bad()) return makeError(ErrorCode::kIo, "cannot read the file", path);
  return vars;
}

EnvMap processEnvironment() {
  EnvMap vars;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    auto eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    vars.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return vars;
}

EnvMap mergeEnv(const EnvMap& dotenv, const EnvMap& process) {
  EnvMap merged = dotenv;
  for (const auto& [k, v] : process) merged[k] = v;
  return merged;
}

Result<Config> loadConfig(const EnvMap& env) {
  Config c;
  auto get = [&env](const char* key) -> const std::string* {
    auto it = env.find(key);
    return it == env.end() ? nullptr : &it->second;
  };
  auto db = parseDatabaseUrl(get("DATABASE_URL") ? *get("DATABASE_URL") : std::string());
  if (!db) return db.error();
  c.database = std::move(*db);

  if (auto* v = get("GEOCODER_USER_AGENT")) c.geocoder_user_agent = *v;
  if (auto* v = get("GEOCODER_MIN_DELAY_SECONDS"); v && !v->empty()) {
    auto d = parseSeconds("GEOCODER_MIN_DELAY_SECONDS", *v);
    if (!d) return d.error();
    c.geocoder_min_delay_seconds = *d;
  }
  if (auto* v = get("NOMINATIM_URL"); v && !v->empty()) {
    if (!isHttpUrl(*v))
      return configError("NOMINATIM_URL", fmt::format("'{}' is not an http(s) URL", *v));
    c.nominatim_url = *v;
  }
  if (auto* v = get("ADMIN_USERNAME"); v && !v->empty()) c.admin_username = *v;
  if (auto* v = get("ADMIN_PASSWORD")) c.admin_password = *v;
  if (auto* v = get("API_URL"); v && !v->empty()) {
    if (!isHttpUrl(*v))
      return configError("API_URL", fmt::format("'{}' is not an http(s) URL, e.g. http://127.0.0.1:8080", *v));
    c.api_url = *v;
    while (!c.api_url.empty() && c.api_url.back() == '/') c.api_url.pop_back();
  }
  if (auto* v = get("SLACK_WEBHOOK_URL"); v && !v->empty()) {
    if (!isHttpUrl(*v))
      return configError("SLACK_WEBHOOK_URL", fmt::format("'{}' is not an http(s) URL", maskPassword(*v)));
    c.slack_webhook_url = *v;
  }
  // PORT (what hosting platforms set) wins over the prototype's API_PORT.
  for (const char* name : {"API_PORT", "PORT"}) {
    if (auto* v = get(name); v && !v->empty()) {
      auto p = parsePort(name, *v);
      if (!p) return p.error();
      c.port = *p;
    }
  }
  if (auto* v = get("HOST"); v && !v->empty()) c.host = *v;
  if (auto* v = get("CORS_ORIGINS"); v && !v->empty()) c.cors_origins = *v;
  if (auto* v = get("SITE_URL"); v && !v->empty()) {
    if (!isHttpUrl(*v)) return configError("SITE_URL", fmt::format("'{}' is not an http(s) URL, e.g. https://example.fr", *v));
    c.site_url = *v;
    while (!c.site_url.empty() && c.site_url.back() == '/') c.site_url.pop_back();
  }
  if (auto* v = get("MAP_TILE_URL")) c.map_tile_url = *v;
  if (auto* v = get("MAP_TILE_ATTRIBUTION")) c.map_tile_attribution = *v;
  if (auto* v = get("INGEST_USER_AGENT"); v && !v->empty()) c.ingest_user_agent = *v;
  if (auto* v = get("LOG_LEVEL"); v && !v->empty()) {
    static constexpr std::string_view kLevels[] = {"trace", "debug", "info", "warn", "error", "off"};
    bool known = false;
    for (auto l : kLevels) known = known || *v == l;
    if (!known)
      return configError("LOG_LEVEL", fmt::format("'{}' is not a level; use trace, debug, info, warn, error or off", *v));
    c.log_level = *v;
  }
  if (auto* v = get("PFT_NOW"); v && !v->empty()) {
    auto t = parseIsoInstant(*v);
    if (!t) return configError("PFT_NOW", fmt::format("'{}' is not an ISO 8601 date-time, e.g. 2026-12-01T09:00:00+01:00", *v));
    c.pft_now = *v;
  }
  if (auto* v = get("TZ")) c.tz = *v;
  return c;
}

}  // namespace pft
