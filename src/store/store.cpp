#include "pft/store/store.hpp"

#include "postgres/postgres_store.hpp"
#include "sqlite/sqlite_store.hpp"

namespace pft::store {

Result<std::unique_ptr<Store>> openStore(const DatabaseUrl& url) {
  if (url.kind == DatabaseKind::kPostgres) {
    std::string shown = maskPassword(url.original.empty() ? url.postgres_conninfo : url.original);
    return openPostgresStore(url.postgres_conninfo, shown);
  }
  return openSqliteStore(url.sqlite_path);
}

Result<UpsertCounts> Store::upsertTournaments(const std::vector<Tournament>& batch, Instant seen_at) {
  auto prepared = prepareUpsert(batch);
  if (!prepared) return prepared.error();
  return upsertPrepared(**prepared, seen_at);
}

Result<std::unique_ptr<Store>> openMigratedStore(const DatabaseUrl& url) {
  auto store = openStore(url);
  if (!store) return store.error();
  if (auto applied = (*store)->migrate(); !applied) return applied.error();
  return store;
}

}  // namespace pft::store
