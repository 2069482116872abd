#include "pft/core/source_status.hpp"

#include <gtest/gtest.h>

namespace pft {
namespace {

const Instant kNow = *parseIsoInstant("2026-12-03T12:00:00+01:00");

TEST(SourceStatus, FailureOnOneLine) {
  SourceStatus s;
  EXPECT_EQ(describeSourceFailure(s, kNow), "") << "not failing";
  s.failing_since = kNow - std::chrono::hours(72) - std::chrono::minutes(5);
  s.failure = SourceFailureKind::kHttp;
  s.failure_http_status = 503;
  EXPECT_EQ(describeSourceFailure(s, kNow), "HTTP 503 depuis 3 jours");
  s.failing_since = kNow - std::chrono::hours(25);
  s.failure = SourceFailureKind::kTimeout;
  EXPECT_EQ(describeSourceFailure(s, kNow), "délai dépassé depuis 1 jour");
  s.failing_since = kNow - std::chrono::hours(5);
  s.failure = SourceFailureKind::kRobots;
  EXPECT_EQ(describeSourceFailure(s, kNow), "refusé par robots.txt depuis 5 heures");
  s.failing_since = kNow - std::chrono::minutes(59);
  s.failure = std::nullopt;
  EXPECT_EQ(describeSourceFailure(s, kNow), "erreur depuis moins d'une heure");
  s.failing_since = kNow + std::chrono::hours(1);
  s.failure = SourceFailureKind::kParse;
  EXPECT_EQ(describeSourceFailure(s, kNow), "document illisible depuis moins d'une heure") << "clock skew";
}

TEST(SourceStatus, Labels) {
  EXPECT_EQ(sourceFailureLabel(SourceFailureKind::kHttp, 404), "HTTP 404");
  EXPECT_EQ(sourceFailureLabel(SourceFailureKind::kHttp, 0), "erreur HTTP");
  EXPECT_EQ(sourceFailureLabel(SourceFailureKind::kNetwork, 0), "site injoignable");
  EXPECT_EQ(frenchDurationSince(kNow - std::chrono::hours(1), kNow), "depuis 1 heure");
  EXPECT_EQ(frenchDurationSince(kNow - std::chrono::hours(48), kNow), "depuis 2 jours");
}

TEST(SourceStatus, KindNamesRoundTrip) {
  for (auto k : {SourceFailureKind::kHttp, SourceFailureKind::kTimeout, SourceFailureKind::kNetwork,
                 SourceFailureKind::kRobots, SourceFailureKind::kParse, SourceFailureKind::kOther}) {
    EXPECT_EQ(parseSourceFailureKind(sourceFailureKindName(k)), k);
  }
  EXPECT_FALSE(parseSourceFailureKind("HTTP"));
}

TEST(SourceStatus, Anchor) {
  EXPECT_EQ(sourceAnchor("casino-lyon"), "source-casino-lyon");
  EXPECT_EQ(sourceAnchor("Club_Évian 2"), "source-club---vian-2");
  EXPECT_EQ(sourceAnchor("a\"><b"), "source-a---b");
}

}  // namespace
}  // namespace pft
