#pragma once
// Admin authentication: HTTP basic auth against ADMIN_USERNAME /
// ADMIN_PASSWORD, compared in constant time (libsodium: both sides hashed
// with BLAKE2b, then sodium_memcmp, so neither content nor length leaks),
// with a per-address failure counter: `max_failures` failures within
// `window` block the address for `block` (429). Thread-safe.
// Also the JSON shape of an ingest run.

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>


#include "pft/core/types.hpp"

namespace pft::api {

enum class AuthOutcome { kOk, kDisabled, kMissing, kWrong, kBlocked };

struct AuthResult {
  AuthOutcome outcome = AuthOutcome::kWrong;
  std::chrono::seconds retry_after{0};  // kBlocked
};

class AdminAuth {
 public:
  using Clock = std::chrono::steady_clock;
  AdminAuth(std::string username, std::string password, int max_failures, std::chrono::seconds window,
            std::chrono::seconds block);
  AuthResult check(std::optional<std::string_view> authorization, const std::string& client, Clock::time_point now);

 private:
  struct Failures {
    int count = 0;
    Clock::time_point first{};
    Clock::time_point blocked_until{};
  };
  bool credentialsMatch(std::string_view user_colon_password) const;

  std::string expected_;  // "user:password"
  bool enabled_;
  int max_failures_;
  std::chrono::seconds window_;
  std::chrono::seconds block_;
  std::mutex mutex_;
  std::unordered_map<std::string, Failures> failures_;
};

}  // namespace pft::api
