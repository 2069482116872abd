#include "pft/core/types.hpp"

namespace pft {

const char* statusName(TournamentStatus s) {
  switch (s) {
    case TournamentStatus::kScheduled: return "scheduled";
    case TournamentStatus::kCancelled: return "cancelled";
    case TournamentStatus::kPostponed: return "postponed";
    case TournamentStatus::kUpdated: return "updated";
  }
  return "scheduled";
}

std::optional<TournamentStatus> parseStatusName(std::string_view s) {
  if (s == "scheduled") return TournamentStatus::kScheduled;
  if (s == "cancelled") return TournamentStatus::kCancelled;
  if (s == "postponed") return TournamentStatus::kPostponed;
  if (s == "updated") return TournamentStatus::kUpdated;
  return std::nullopt;
}

}  // namespace pft
