#pragma once
// robots.txt (RFC 9309), the subset crawlers meet in practice: groups of
// `User-agent` lines followed by `Allow` / `Disallow` rules with `*` and `$`,
// the most specific (longest) matching rule wins and Allow wins a tie.
// Pure functions, thread-safe.

#include <string>
#include <string_view>
#include <vector>

namespace pft::ingestion {

struct RobotsRule {
  bool allow = false;
  std::string pattern;  // path pattern as written ("/private/", "/*.pdf$")
};

// The rules that apply to one crawler; empty = everything allowed.
struct RobotsPolicy {
  std::vector<RobotsRule> rules;
};

// "PokerFranceTournaments/0.1 (+https://…)" -> "PokerFranceTournaments": the
// token robots.txt groups name.
std::string robotsProductToken(std::string_view user_agent);

// Reads a robots.txt body and keeps the groups for `product_token` (compared
// without case); when none names it, the `*` groups. Unknown lines, comments
// and malformed lines are ignored, as the RFC asks.
RobotsPolicy parseRobotsTxt(std::string_view body, std::string_view product_token);

// Whether `path` (path and query of the URL, starting with '/') may be fetched.
bool robotsAllows(const RobotsPolicy& policy, std::string_view path);

}  // namespace pft::ingestion
