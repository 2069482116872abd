#pragma once
// Handler: what the transport calls for every request. The Router is the
// one implementation the server uses; tests may give their own.
// Implementations must be callable from several I/O threads at once and
// must call `respond` exactly once (now or later, from any thread); no
// exception may escape handle().

#include "pft/http/message.hpp"

namespace pft::http {

class Handler {
 public:
  virtual ~Handler() = default;
  virtual void handle(Request request, Responder respond) noexcept = 0;
  // The transport answered a request itself, before handle() (a request
  // line or headers over the server's limits: 414, 431), with `status`.
  // Counted like the others (metrics, access log); nothing to answer.
  virtual void refused(const std::string& method, int status) noexcept {
    (void)method;
    (void)status;
  }
};

}  // namespace pft::http
