#include "pft/ingestion/robots.hpp"

#include <cstddef>

namespace pft::ingestion {
namespace {

std::string lowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view trimAscii(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Glob match of a robots pattern against a path: `*` any run, a final `$`
// anchors the end; otherwise the pattern is a prefix.
bool patternMatches(std::string_view pattern, std::string_view path) {
  bool anchored = false;
  if (!pattern.empty() && pattern.back() == '$') {
    anchored = true;
    pattern.remove_suffix(1);
  }
  // Iterative glob with backtracking on the last '*'.
  size_t p = 0, s = 0, star = std::string_view::npos, mark = 0;
  while (s < path.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = s;
    } else if (p < pattern.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
    } else if (p == pattern.size() && !anchored) {
      return true;  // the whole pattern matched a prefix
    } else if (star != std::string_view::npos) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

struct Group {
  std::vector<std::string> agents;
  std::vector<RobotsRule> rules;
};

}  // namespace

std::string robotsProductToken(std::string_view user_agent) {
  size_t end = 0;
  while (end < user_agent.size()) {
    const char c = user_agent[end];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) break;
    ++end;
  }
  return std::string(user_agent.substr(0, end));
}

RobotsPolicy parseRobotsTxt(std::string_view body, std::string_view product_token) {
  std::vector<Group> groups;
  bool last_was_agent = false;
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t eol = body.find('\n', pos);
    if (eol == std::string_view::npos) eol = body.size();
    std::string_view line = body.substr(pos, eol - pos);
    pos = eol + 1;
    if (const size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string key = lowerAscii(trimAscii(line.substr(0, colon)));
    const std::string_view value = trimAscii(line.substr(colon + 1));
    if (key == "user-agent") {
      if (!last_was_agent) groups.emplace_back();
      groups.back().agents.push_back(lowerAscii(value));
      last_was_agent = true;
    } else if (key == "allow" || key == "disallow") {
      last_was_agent = false;
      if (groups.empty()) continue;  // rules before any User-agent belong to nobody
      if (value.empty()) continue;   // "Disallow:" (empty) allows everything
      groups.back().rules.push_back(RobotsRule{key == "allow", std::string(value)});
    } else {
      // Sitemap, Crawl-delay and the like do not end a group of agents.
    }
  }

  const std::string token = lowerAscii(product_token);
  RobotsPolicy mine;
  RobotsPolicy star;
  bool found_mine = false;
  for (const auto& g : groups) {
    for (const auto& agent : g.agents) {
      if (!token.empty() && agent == token) {
        found_mine = true;
        mine.rules.insert(mine.rules.end(), g.rules.begin(), g.rules.end());
        break;
      }
      if (agent == "*") {
        star.rules.insert(star.rules.end(), g.rules.begin(), g.rules.end());
        break;
      }
    }
  }
  return found_mine ? mine : star;
}

bool robotsAllows(const RobotsPolicy& policy, std::string_view path) {
  if (path.empty()) path = "/";
  const RobotsRule* best = nullptr;
  for (const auto& rule : policy.rules) {
    if (!patternMatches(rule.pattern, path)) continue;
    if (best == nullptr || rule.pattern.size() > best->pattern.size() ||
        (rule.pattern.size() == best->pattern.size() && rule.allow && !best->allow)) {
      best = &rule;
    }
  }
  return best == nullptr || best->allow;
}

}  // namespace pft::ingestion
