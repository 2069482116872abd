#include "admin.hpp"

#include <sodium.h>

#include <array>
#include <vector>


#include "pft/core/text.hpp"
#include "pft/core/time.hpp"

namespace pft::api {
namespace {

std::array<unsigned char, 32> digest(std::string_view s) {
  std::array<unsigned char, 32> out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(s.data()), s.size(), nullptr, 0);
  return out;
}

}  // namespace

AdminAuth::AdminAuth(std::string username, std::string password, int max_failures, std::chrono::seconds window,
                     std::chrono::seconds block)
    : expected_(username + ":" + password),
      enabled_(!password.empty()),
      max_failures_(max_failures),
      window_(window),
      block_(block) {
  if (sodium_init() < 0) enabled_ = false;  // no constant-time primitives: keep admin closed
}

bool AdminAuth::credentialsMatch(std::string_view given) const {
  auto a = digest(given);
  auto b = digest(expected_);
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

AuthResult AdminAuth::check(std::optional<std::string_view> authorization, const std::string& client,
                            Clock::time_point now) {
  if (!enabled_) return {AuthOutcome::kDisabled, {}};
  {
    std::lock_guard lock(mutex_);
    auto it = failures_.find(client);
    if (it != failures_.end() && it->second.blocked_until > now) {
      auto left = std::chrono::duration_cast<std::chrono::seconds>(it->second.blocked_until - now) +
                  std::chrono::seconds{1};
      return {AuthOutcome::kBlocked, left};
    }
  }
  bool present = false;
  bool ok = false;
  if (authorization) {
    std::string_view h = text::trim(*authorization);
    if (h.size() > 6 && (h.substr(0, 6) == "Basic " || h.substr(0, 6) == "basic ")) {
      present = true;
      std::string_view b64 = text::trim(h.substr(6));
      std::vector<unsigned char> raw(b64.size() + 1);
      std::size_t len = 0;
      if (sodium_base642bin(raw.data(), raw.size(), b64.data(), b64.size(), nullptr, &len, nullptr,
                            sodium_base64_VARIANT_ORIGINAL) == 0) {
        ok = credentialsMatch(std::string_view{reinterpret_cast<const char*>(raw.data()), len});
      }
    }
  }
  std::lock_guard lock(mutex_);
  if (ok) {
    failures_.erase(client);
    return {AuthOutcome::kOk, {}};
  }
  if (!present) return {AuthOutcome::kMissing, {}};  // a browser's first try is not a failure
  if (failures_.size() > 10000) {
    // Bound memory under a spray of addresses: forget stale entries.
    for (auto it = failures_.begin(); it != failures_.end();) {
      it = (it->second.blocked_until <= now && now - it->second.first > window_) ? failures_.erase(it) : std::next(it);
    }
  }
  Failures& f = failures_[client];
  if (f.count == 0 || now - f.first > window_) {
    f.count = 0;
    f.first = now;
  }
  ++f.count;
  if (f.count >= max_failures_) {
    f.blocked_until = now + block_;
    f.count = 0;
  }
  return {AuthOutcome::kWrong, {}};
}


}  // namespace pft::api
