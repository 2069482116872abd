#include "pft/core/source_status.hpp"

#include <fmt/format.h>

namespace pft {

namespace {
struct KindName {
  SourceFailureKind kind;
  const char* name;
};
constexpr KindName kKinds[] = {
    {SourceFailureKind::kHttp, "http"},       {SourceFailureKind::kTimeout, "timeout"},
    {SourceFailureKind::kNetwork, "network"}, {SourceFailureKind::kRobots, "robots"},
    {SourceFailureKind::kParse, "parse"},     {SourceFailureKind::kOther, "other"},
};
}  // namespace

const char* sourceFailureKindName(SourceFailureKind kind) {
  for (const auto& k : kKinds) {
    if (k.kind == kind) return k.name;
  }
  return "other";
}

std::optional<SourceFailureKind> parseSourceFailureKind(std::string_view name) {
  for (const auto& k : kKinds) {
    if (name == k.name) return k.kind;
  }
  return std::nullopt;
}

std::string sourceAnchor(std::string_view source_name) {
  std::string out = "source-";
  for (char c : source_name) {
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
      out += c;
    } else {
      out += '-';
    }
  }
  return out;
}

std::string sourceFailureLabel(SourceFailureKind kind, int http_status) {
  switch (kind) {
    case SourceFailureKind::kHttp:
      return http_status > 0 ? fmt::format("HTTP {}", http_status) : "erreur HTTP";
    case SourceFailureKind::kTimeout: return "délai dépassé";
    case SourceFailureKind::kNetwork: return "site injoignable";
    case SourceFailureKind::kRobots: return "refusé par robots.txt";
    case SourceFailureKind::kParse: return "document illisible";
    case SourceFailureKind::kOther: break;
  }
  return "erreur";
}

std::string frenchDurationSince(Instant since, Instant now) {
  const auto elapsed = now > since ? now - since : std::chrono::seconds{0};
  const auto hours = std::chrono::duration_cast<std::chrono::hours>(elapsed).count();
  if (hours < 1) return "depuis moins d'une heure";
  if (hours < 24) return fmt::format("depuis {} heure{}", hours, hours == 1 ? "" : "s");
  const auto days = hours / 24;
  return fmt::format("depuis {} jour{}", days, days == 1 ? "" : "s");
}

std::string describeSourceFailure(const SourceStatus& status, Instant now) {
  if (!status.failing_since) return {};
  const SourceFailureKind kind = status.failure.value_or(SourceFailureKind::kOther);
  return sourceFailureLabel(kind, status.failure_http_status) + " " +
         frenchDurationSince(*status.failing_since, now);
}

}  // namespace pft
