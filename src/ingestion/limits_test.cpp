// The bounds of pft/ingestion/limits.hpp, and the link rule of fetch_policy.hpp.

#include "pft/ingestion/limits.hpp"

#include <gtest/gtest.h>

#include "pft/ingestion/fetch_policy.hpp"

namespace pft::ingestion {
namespace {

TEST(Limits, CapMessageKeepsShortMessagesAndCountsWhatItCuts) {
  EXPECT_EQ(capMessage("short"), "short");
  EXPECT_EQ(capMessage(std::string(500, 'a')), std::string(500, 'a'));
  EXPECT_EQ(capMessage(std::string(9'000'000, 'a')), std::string(500, 'a') + " … (8999500 more)");
  // Characters, not bytes: "é" is one.
  EXPECT_EQ(capMessage("éééé", 2), "éé … (2 more)");
}

TEST(Limits, TruncateCutsAtACharacterBoundary) {
  bool cut = true;
  EXPECT_EQ(truncateUtf8("abc", 5, &cut), "abc");
  EXPECT_FALSE(cut);
  EXPECT_EQ(truncateUtf8("aébc", 2, &cut), "aé");
  EXPECT_TRUE(cut);
}

struct LinkCase {
  const char* source;
  const char* link;
  bool allowed;
};

TEST(LinkRule, OnlyHttpLinksOnTheSourcesSiteOrFileLinksInTheSourcesFolder) {
  const LinkCase cases[] = {
      {"https://casino.fr/agenda", "https://casino.fr/agenda?page=2", true},
      {"https://casino.fr/agenda", "http://casino.fr:8080/detail/1", true},
      {"https://www.casino.fr/agenda", "https://agenda.casino.fr/1", true},
      {"https://club.asso.fr/agenda", "https://www.club.asso.fr/1", true},
      {"https://club.asso.fr/agenda", "https://other.asso.fr/1", false},
      {"https://casino.fr/agenda", "https://evil.example/1", false},
      {"http://127.0.0.1:8080/a", "http://127.0.0.1:9090/b", true},
      {"http://127.0.0.1:8080/a", "http://127.0.0.2/b", false},
      {"http://127.0.0.1:8080/a", "http://localhost:8080/b", false},
      {"https://casino.fr/agenda", "file:///etc/passwd", false},
      {"https://casino.fr/agenda", "FILE:///etc/passwd", false},
      {"https://casino.fr/agenda", "ftp://casino.fr/x", false},
      {"https://casino.fr/agenda", "gopher://casino.fr/x", false},
      {"https://casino.fr/agenda", "javascript:alert(1)", false},
      {"https://casino.fr/agenda", "/relative/never/resolved", false},
      {"file:///srv/pft/sources/demo/a.html", "file:///srv/pft/sources/demo/b.html", true},
      {"file:///srv/pft/sources/demo/a.html", "file:///srv/pft/sources/demo/sub/b.html", true},
      {"file:///srv/pft/sources/demo/a.html", "file:///srv/pft/sources/demo/../../../etc/passwd", false},
      {"file:///srv/pft/sources/demo/a.html", "file:///srv/pft/sources/demo/%2e%2e/x", false},
      {"file:///srv/pft/sources/demo/a.html", "file:///etc/passwd", false},
      {"file:///srv/pft/sources/demo/a.html", "https://casino.fr/1", false},
  };
  for (const auto& c : cases) {
    const auto refusal = linkRefusal(c.source, c.link);
    EXPECT_EQ(!refusal.has_value(), c.allowed) << c.source << " -> " << c.link << ": " << refusal.value_or("allowed");
  }
}

}  // namespace
}  // namespace pft::ingestion
