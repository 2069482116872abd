#pragma once
// PostgreSQL back end of the Store (libpq): parameterised statements only, a
// small connection pool, reconnection after a server restart. Private to the
// store module.

#include <memory>
#include <string>

#include "pft/core/result.hpp"
#include "pft/store/store.hpp"

namespace pft::store {

// Connects once to check `conninfo` (a libpq URI). `display_url` (password
// masked) names the server in messages. kDatabase when unreachable.
Result<std::unique_ptr<Store>> openPostgresStore(const std::string& conninfo, const std::string& display_url);

}  // namespace pft::store
