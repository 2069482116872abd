#include "pft/core/config.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace pft {
namespace {

TEST(DatabaseUrl, DefaultsToSqliteUnderVar) {
  auto u = parseDatabaseUrl("");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->kind, DatabaseKind::kSqlite);
  EXPECT_EQ(u->sqlite_path, "var/pft.sqlite");
}

TEST(DatabaseUrl, AcceptsPostgresSpellings) {
  for (const char* s : {"postgresql://u:p@db:5432/pft", "postgres://u:p@db:5432/pft",
                        "postgresql+psycopg://u:p@db:5432/pft", "postgresql+psycopg2://u:p@db:5432/pft"}) {
    auto u = parseDatabaseUrl(s);
    ASSERT_TRUE(u) << s;
    EXPECT_EQ(u->kind, DatabaseKind::kPostgres) << s;
    EXPECT_EQ(u->postgres_conninfo, "postgresql://u:p@db:5432/pft") << s;
    EXPECT_EQ(u->original.find("p@"), std::string::npos) << "password must be masked: " << u->original;
  }
}

TEST(DatabaseUrl, AcceptsSqliteRelativeAndAbsolute) {
  auto rel = parseDatabaseUrl("sqlite:data/x.sqlite");
  ASSERT_TRUE(rel);
  EXPECT_EQ(rel->sqlite_path, "data/x.sqlite");
  auto abs = parseDatabaseUrl("sqlite:///tmp/x.sqlite");
  ASSERT_TRUE(abs);
  EXPECT_EQ(abs->sqlite_path, "/tmp/x.sqlite");
  auto mem = parseDatabaseUrl("sqlite::memory:");
  ASSERT_TRUE(mem);
  EXPECT_EQ(mem->sqlite_path, ":memory:");
}

TEST(DatabaseUrl, RejectsOtherSchemesNamingTheVariable) {
  for (const char* s : {"mysql://x", "sqlite:", "postgresql://", "x"}) {
    auto u = parseDatabaseUrl(s);
    ASSERT_FALSE(u) << s;
    EXPECT_EQ(u.error().where, "DATABASE_URL") << s;
    EXPECT_EQ(u.error().code, ErrorCode::kInvalidConfig);
  }
}

TEST(MaskPassword, HidesOnlyThePassword) {
  EXPECT_EQ(maskPassword("postgresql://u:secret@h/db"), "postgresql://u:***@h/db");
  EXPECT_EQ(maskPassword("postgresql://u@h/db"), "postgresql://u@h/db");
}

TEST(LoadConfig, DefaultsWhenEmpty) {
  auto c = loadConfig({});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->port, 8080);
  EXPECT_EQ(c->admin_password, "");
  EXPECT_DOUBLE_EQ(c->geocoder_min_delay_seconds, 1.0);
  EXPECT_EQ(c->database.sqlite_path, "var/pft.sqlite");
}

TEST(LoadConfig, PortWinsOverApiPort) {
  auto c = loadConfig({{"API_PORT", "9000"}, {"PORT", "9100"}});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->port, 9100);
  auto d = loadConfig({{"API_PORT", "9000"}});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->port, 9000);
}

struct BadValue {
  const char* variable;
  const char* value;
};

void PrintTo(const BadValue& b, std::ostream* os) { *os << b.variable << "=" << b.value; }

class LoadConfigBad : public ::testing::TestWithParam<BadValue> {};

TEST_P(LoadConfigBad, NamesTheVariable) {
  auto c = loadConfig({{GetParam().variable, GetParam().value}});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().where, GetParam().variable);
  EXPECT_FALSE(c.error().message.empty());
}

INSTANTIATE_TEST_SUITE_P(Table, LoadConfigBad,
                         ::testing::Values(BadValue{"DATABASE_URL", "mysql://x"}, BadValue{"PORT", "80a"},
                                           BadValue{"PORT", "70000"}, BadValue{"API_PORT", "-1"},
                                           BadValue{"GEOCODER_MIN_DELAY_SECONDS", "soon"},
                                           BadValue{"GEOCODER_MIN_DELAY_SECONDS", "-2"},
                                           BadValue{"API_URL", "localhost:8080"},
                                           BadValue{"NOMINATIM_URL", "ftp://x"},
                                           BadValue{"SLACK_WEBHOOK_URL", "hooks"},
                                           BadValue{"LOG_LEVEL", "loud"}, BadValue{"PFT_NOW", "tomorrow"}));

TEST(DotEnv, ReadsCommentsQuotesAndExport) {
  std::string path = ::testing::TempDir() + "pft_dotenv_test.env";
  {
    std::ofstream out(path);
    out << "# comment\n\nexport DATABASE_URL=sqlite:/tmp/a.sqlite\nADMIN_PASSWORD=\"s3 cret\"\n"
           "PORT=9001 # trailing\nEMPTY=\n";
  }
  auto vars = readDotEnv(path);
  ASSERT_TRUE(vars);
  EXPECT_EQ(vars->at("DATABASE_URL"), "sqlite:/tmp/a.sqlite");
  EXPECT_EQ(vars->at("ADMIN_PASSWORD"), "s3 cret");
  EXPECT_EQ(vars->at("PORT"), "9001");
  EXPECT_EQ(vars->at("EMPTY"), "");
  std::remove(path.c_str());
}

TEST(DotEnv, MalformedLineNamesFileAndLine) {
  std::string path = ::testing::TempDir() + "pft_dotenv_bad.env";
  {
    std::ofstream out(path);
    out << "A=1\nthis is not a line\n";
  }
  auto vars = readDotEnv(path);
  ASSERT_FALSE(vars);
  EXPECT_EQ(vars.error().where, path + ":2");
  std::remove(path.c_str());
}

TEST(DotEnv, MissingFileIsEmpty) {
  auto vars = readDotEnv("/nonexistent/pft.env");
  ASSERT_TRUE(vars);
  EXPECT_TRUE(vars->empty());
}

TEST(MergeEnv, ProcessEnvironmentWins) {
  auto merged = mergeEnv({{"PORT", "1"}, {"HOST", "0.0.0.0"}}, {{"PORT", "2"}});
  EXPECT_EQ(merged.at("PORT"), "2");
  EXPECT_EQ(merged.at("HOST"), "0.0.0.0");
}

}  // namespace
}  // namespace pft
