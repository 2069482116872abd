#include "pft/core/result.hpp"

namespace pft {

const char* errorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "InvalidArgument";
    case ErrorCode::kInvalidConfig: return "InvalidConfig";
    case ErrorCode::kNotFound: return "NotFound";
    case ErrorCode::kParse: return "Parse";
    case ErrorCode::kInvalidDate: return "InvalidDate";
    case ErrorCode::kInvalidBuyIn: return "InvalidBuyIn";
    case ErrorCode::kMissingField: return "MissingField";
    case ErrorCode::kNotAnnouncement: return "NotAnnouncement";
    case ErrorCode::kLimitExceeded: return "LimitExceeded";
    case ErrorCode::kInvalidUrl: return "InvalidUrl";
    case ErrorCode::kIo: return "Io";
    case ErrorCode::kNetwork: return "Network";
    case ErrorCode::kDatabase: return "Database";
    case ErrorCode::kConflict: return "Conflict";
    case ErrorCode::kUnavailable: return "Unavailable";
    case ErrorCode::kInternal: return "Internal";
  }
  return "Internal";
}

std::string Error::describe() const {
  if (where.empty()) return message;
  return where + ": " + message;
}

}  // namespace pft
