#pragma once
// SQLite back end of the Store (the embedded default): one connection in
// WAL mode, busy timeout 5 s, foreign keys on, guarded by a mutex, with
// cached prepared statements. Private to the store module.

#include <memory>
#include <string>

#include "pft/core/result.hpp"
#include "pft/store/store.hpp"

namespace pft::store {

// Opens (creating the file and its parent folder) the database at `path`,
// or a private in-memory database for ":memory:". kDatabase on failure.
Result<std::unique_ptr<Store>> openSqliteStore(const std::string& path);

}  // namespace pft::store
