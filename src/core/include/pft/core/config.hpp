#pragma once
// Configuration from the process environment and an optional .env file (the
// process environment wins), with the prototype's variable names. Parsed and
// validated once at start-up; every field documents its default. A malformed
// value is an Error whose `where` is the variable's name.

#include <map>
#include <string>
#include <string_view>

#include "pft/core/result.hpp"

namespace pft {

using EnvMap = std::map<std::string, std::string>;

enum class DatabaseKind { kSqlite, kPostgres };

struct DatabaseUrl {
  DatabaseKind kind = DatabaseKind::kSqlite;
  std::string sqlite_path;  // file path (relative to the working directory) or ":memory:"
  std::string postgres_conninfo;  // libpq URI ("postgresql://…"), prefix normalised
  std::string original;           // as configured, for messages (password masked)
};

// Accepts postgresql://, postgres://, postgresql+psycopg://, postgresql+psycopg2://,
// sqlite:relative/path, sqlite:///absolute/path, sqlite::memory:.
// Anything else is kInvalidConfig naming DATABASE_URL.
Result<DatabaseUrl> parseDatabaseUrl(std::string_view text);

// "postgresql://user:***@host/db": safe to print.
std::string maskPassword(std::string_view url);

struct Config {
  DatabaseUrl database;                    // DATABASE_URL; default sqlite:var/pft.sqlite
  std::string geocoder_user_agent;         // GEOCODER_USER_AGENT; empty = Nominatim off
  double geocoder_min_delay_seconds = 1.0;  // GEOCODER_MIN_DELAY_SECONDS
  std::string nominatim_url = "https://nominatim.openstreetmap.org";  // NOMINATIM_URL
  std::string admin_username = "admin";    // ADMIN_USERNAME
  std::string admin_password;              // ADMIN_PASSWORD; empty = admin endpoints disabled
  std::string api_url = "http://127.0.0.1:8080";  // API_URL (monitors)
  std::string slack_webhook_url;           // SLACK_WEBHOOK_URL; empty = no notifications
  int port = 8080;                         // PORT, else API_PORT
  std::string host = "127.0.0.1";          // HOST
  std::string cors_origins = "*";          // CORS_ORIGINS, comma-separated
  std::string site_url = "https://pokerfrancetournaments.fr";  // SITE_URL: canonical links, sitemap, JSON-LD
  std::string map_tile_url;                // MAP_TILE_URL: {z}/{x}/{y} tile template; empty = outline only
  std::string map_tile_attribution;        // MAP_TILE_ATTRIBUTION: shown with the tiles
  std::string ingest_user_agent =          // INGEST_USER_AGENT
      "PokerFranceTournaments/0.1 (+https://github.com/poker-france-tournaments)";
  std::string log_level = "warn";          // LOG_LEVEL: trace, debug, info, warn, error, off
  std::string pft_now;                     // PFT_NOW: ISO 8601 replacing "now" (replays, tests)
  std::string tz;                          // TZ (informational: pft always shows Europe/Paris)
};

// Reads KEY=VALUE lines (comments with #, optional quotes, `export ` prefix).
// A missing file is an empty map; an unreadable or malformed line is an Error
// naming the file and line.
Result<EnvMap> readDotEnv(const std::string& path);

// The current process environment as a map.
EnvMap processEnvironment();

// Merges: values from `process` win over `dotenv`.
EnvMap mergeEnv(const EnvMap& dotenv, const EnvMap& process);

// Builds and validates a Config from merged variables.
Result<Config> loadConfig(const EnvMap& env);

}  // namespace pft
