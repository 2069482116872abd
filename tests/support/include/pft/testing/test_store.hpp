#pragma once
// Test support: a fresh, migrated Store on either back end, for tests that
// run one behaviour on SQLite (label unit) and PostgreSQL (label
// integration, on the server of the CTest fixture pg_server whose URL is in
// the file named by PFT_TEST_DATABASE_URL_FILE). The database is removed
// with the object. A PostgreSQL test without its server fails (it never
// skips). Tests only; not thread-safe.

#include <memory>
#include <string>

#include "pft/store/store.hpp"

namespace pft::testing {

class TestStore {
 public:
  // `backend` is "sqlite" or "postgresql". On failure, a gtest failure is
  // recorded and ok() is false.
  explicit TestStore(const std::string& backend);
  ~TestStore();
  TestStore(const TestStore&) = delete;
  TestStore& operator=(const TestStore&) = delete;

  bool ok() const { return store_ != nullptr; }
  store::Store& store() { return *store_; }
  // The database URL (sqlite:/tmp/... or postgresql://...), for a second
  // connection or the pft binary.
  const std::string& url() const { return url_; }

 private:
  std::string dir_;          // SQLite: temporary folder
  std::string server_url_;   // PostgreSQL: the fixture's server
  std::string db_name_;      // PostgreSQL: this test's database
  std::string url_;
  std::unique_ptr<store::Store> store_;
};

// Runs one SQL command on a PostgreSQL database (test setup only); records
// a gtest failure when it fails.
void pgExec(const std::string& url, const std::string& sql);

// A suffix unique in this process and among processes.
std::string uniqueSuffix();

}  // namespace pft::testing
