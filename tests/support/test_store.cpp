#include "pft/testing/test_store.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <libpq-fe.h>

namespace pft::testing {
namespace fs = std::filesystem;

std::string uniqueSuffix() {
  static std::atomic<int> counter{0};
  return std::to_string(::getpid()) + "_" + std::to_string(counter++);
}

void pgExec(const std::string& url, const std::string& sql) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    ADD_FAILURE() << "cannot connect to " << url << ": " << PQerrorMessage(c);
    PQfinish(c);
    return;
  }
  PGresult* r = PQexec(c, sql.c_str());
  EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << sql << ": " << PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
}

TestStore::TestStore(const std::string& backend) {
  if (backend == "sqlite") {
    dir_ = (fs::temp_directory_path() / ("pft-test-" + uniqueSuffix())).string();
    url_ = "sqlite:" + dir_ + "/pft.sqlite";
  } else if (backend == "postgresql") {
    const char* file = std::getenv("PFT_TEST_DATABASE_URL_FILE");
    if (file == nullptr) {
      ADD_FAILURE() << "PostgreSQL test without its server: PFT_TEST_DATABASE_URL_FILE is not set; run it through "
                       "ctest, which starts the pg_server fixture";
      return;
    }
    std::ifstream in(file);
    std::getline(in, server_url_);
    if (server_url_.empty()) {
      ADD_FAILURE() << "no URL in " << file << " (did pg_start run?)";
      return;
    }
    db_name_ = "pft_test_" + uniqueSuffix();
    pgExec(server_url_, "CREATE DATABASE " + db_name_ +
                            " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'");
    url_ = server_url_.substr(0, server_url_.rfind('/') + 1) + db_name_;
  } else {
    ADD_FAILURE() << "unknown back end " << backend;
    return;
  }
  auto url = parseDatabaseUrl(url_);
  if (!url) {
    ADD_FAILURE() << url.error().describe();
    return;
  }
  auto opened = store::openMigratedStore(*url);
  if (!opened) {
    ADD_FAILURE() << opened.error().describe();
    return;
  }
  store_ = std::move(*opened);
}

TestStore::~TestStore() {
  store_.reset();
  if (!dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  if (!db_name_.empty()) pgExec(server_url_, "DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)");
}

}  // namespace pft::testing
