#pragma once
// The schema migrations of each back end, embedded into the binary at build
// time from src/store/migrations/<backend>/NNNN_name.sql (embed_migrations.cmake).
// Ordered by version; applied by Store::migrate() and recorded in
// schema_migrations(version, applied_at).

#include <vector>

namespace pft::store {

struct Migration {
  int version;
  const char* name;  // "0001_init"
  const char* sql;   // one or more statements
};

const std::vector<Migration>& sqliteMigrations();
const std::vector<Migration>& postgresMigrations();

}  // namespace pft::store
