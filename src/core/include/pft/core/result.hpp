#pragma once
// Result<T>: a value or an Error, the way every expected failure travels in pft
// (STYLE.md §5). Shaped like std::expected so that moving to C++23 is a rename.
// Not thread-safe beyond what its members are; values are moved, never shared.

#include <string>
#include <utility>
#include <variant>

namespace pft {

enum class ErrorCode {
  kInvalidArgument,   // bad flag, parameter or configuration value
  kInvalidConfig,     // configuration variable malformed
  kNotFound,          // file, row or resource absent
  kParse,             // malformed document (HTML, ICS, JSON, CSV, YAML)
  kInvalidDate,       // no usable date in a raw event
  kInvalidBuyIn,      // buy-in text not understood
  kMissingField,      // a required raw field is empty
  kNotAnnouncement,   // an article of an announcement feed that announces no dated tournament (skipped)
  kLimitExceeded,     // input over a documented bound (line length, JSON nesting): skipped, not read
  kInvalidUrl,        // a URL that is not an absolute http(s) link, or holds control characters (dropped)
  kIo,                // file system
  kNetwork,           // HTTP, DNS, connection refused, timeout
  kDatabase,          // database unreachable or statement failed
  kConflict,          // unique constraint, lock held by another run
  kUnavailable,       // feature disabled or not delivered yet
  kInternal,          // a bug: invariant broken
};

// Stable text for an ErrorCode ("InvalidDate"): used in rejects files, logs
// and HTTP problem bodies, so never rename one.
const char* errorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // what was wrong and how to fix it
  std::string where;    // source, line, field, variable; may be empty

  // "where: message" (or just message), for one-line reports.
  std::string describe() const;
};

inline Error makeError(ErrorCode code, std::string message, std::string where = {}) {
  return Error{code, std::move(message), std::move(where)};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}   // NOLINT: implicit by design
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }
  Error& error() { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success carries nothing.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

inline Result<void> ok() { return {}; }

}  // namespace pft
