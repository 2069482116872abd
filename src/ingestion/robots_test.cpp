// robots.txt: group choice and rule precedence (RFC 9309).

#include "pft/ingestion/robots.hpp"

#include <gtest/gtest.h>

namespace pft::ingestion {
namespace {

TEST(Robots, ProductTokenIsTheFirstWordOfTheUserAgent) {
  EXPECT_EQ(robotsProductToken("PokerFranceTournaments/0.1 (+https://x)"), "PokerFranceTournaments");
  EXPECT_EQ(robotsProductToken("pft-test"), "pft-test");
}

TEST(Robots, StarGroupAppliesWhenNoGroupNamesUs) {
  const auto policy = parseRobotsTxt("User-agent: *\nDisallow: /private/\n\nUser-agent: OtherBot\nDisallow: /\n",
                                     "PokerFranceTournaments");
  EXPECT_TRUE(robotsAllows(policy, "/agenda"));
  EXPECT_FALSE(robotsAllows(policy, "/private/list"));
}

TEST(Robots, OurGroupWinsOverStarAndIsCaseInsensitive) {
  const auto policy = parseRobotsTxt("User-agent: *\nDisallow: /\n\nUser-agent: pokerfrancetournaments\nAllow: /\n",
                                     "PokerFranceTournaments");
  EXPECT_TRUE(robotsAllows(policy, "/anything"));
}

TEST(Robots, LongestMatchWinsAndAllowWinsTies) {
  const auto policy = parseRobotsTxt(
      "User-agent: *\nDisallow: /agenda\nAllow: /agenda/poker\nDisallow: /*.pdf$\nAllow: /x\nDisallow: /x\n", "pft");
  EXPECT_FALSE(robotsAllows(policy, "/agenda/foot"));
  EXPECT_TRUE(robotsAllows(policy, "/agenda/poker/2026"));
  EXPECT_FALSE(robotsAllows(policy, "/files/prog.pdf"));
  EXPECT_TRUE(robotsAllows(policy, "/files/prog.pdf?v=2"));
  EXPECT_TRUE(robotsAllows(policy, "/x"));
}

TEST(Robots, EmptyDisallowAndCommentsAllowEverything) {
  const auto policy = parseRobotsTxt("# nothing\nUser-agent: * # all\nDisallow:\nSitemap: /s.xml\n", "pft");
  EXPECT_TRUE(robotsAllows(policy, "/"));
  EXPECT_TRUE(policy.rules.empty());
}

TEST(Robots, SeveralAgentsShareOneGroup) {
  const auto policy = parseRobotsTxt("User-agent: a\nUser-agent: pft\nDisallow: /no\n", "pft");
  EXPECT_FALSE(robotsAllows(policy, "/no/1"));
}

}  // namespace
}  // namespace pft::ingestion
