#include "pft/core/types.hpp"

#include <random>

#include "pft/core/tournament_sink.hpp"

namespace pft {

const char* statusName(TournamentStatus s) {
  switch (s) {
    case TournamentStatus::kScheduled: return "scheduled";
    case TournamentStatus::kCancelled: return "cancelled";
    case TournamentStatus::kPostponed: return "postponed";
    case TournamentStatus::kUpdated: return "updated";
    case TournamentStatus::kRemoved: return "removed";
  }
  return "scheduled";
}

std::optional<TournamentStatus> parseStatusName(std::string_view s) {
  if (s == "scheduled") return TournamentStatus::kScheduled;
  if (s == "cancelled") return TournamentStatus::kCancelled;
  if (s == "postponed") return TournamentStatus::kPostponed;
  if (s == "updated") return TournamentStatus::kUpdated;
  if (s == "removed") return TournamentStatus::kRemoved;
  return std::nullopt;
}

std::int64_t newUpsertRunToken() {
  std::random_device device;
  std::uint64_t bits = (static_cast<std::uint64_t>(device()) << 32) ^ device();
  auto token = static_cast<std::int64_t>(bits >> 2);  // positive
  return token == 0 ? 1 : token;
}

}  // namespace pft
