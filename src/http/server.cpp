// The RESTinio transport (pft::http::Server): the only source file of pft
// that includes RESTinio/asio. Turns restinio requests into http::Request,
// hands them to the Handler, and writes the Response back (HEAD without body).

#include "pft/http/server.hpp"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <ctime>
#include <future>
#include <optional>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <restinio/all.hpp>
#include <spdlog/spdlog.h>

#include "logger.hpp"
#include "pft/core/text.hpp"
#include "pft/http/problem.hpp"

namespace pft::http {
namespace {

struct Traits : public restinio::default_traits_t {
  static constexpr bool use_connection_count_limiter = true;
};

using RestServer = restinio::http_server_t<Traits>;

std::string lower(std::string_view s) {
  std::string out{s};
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The Date header, formatted once per second per thread.
const std::string& httpDate() {
  thread_local std::time_t last = 0;
  thread_local std::string text;
  std::time_t now = std::time(nullptr);
  if (now != last) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[64];
    std::size_t n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    text.assign(buf, n);
    last = now;
  }
  return text;
}

// Limits the parser enforces by closing the connection (no answer can be
// written there). Ours (ServerOptions) are lower and answered 414 / 431 in
// onRequest; http_parser itself stops a request head at 80 KiB.
constexpr std::size_t kParserMaxUrlBytes = 64 * 1024;
constexpr std::size_t kParserMaxFieldBytes = 64 * 1024;
constexpr std::size_t kParserMaxFields = 1000;
constexpr std::size_t kMaxFieldNameBytes = 256;
// Requests of one connection parsed ahead of their answers (RESTinio's
// response table); more wait unread in the socket.
constexpr std::size_t kMaxPipelinedRequests = 4;

// Set while this thread runs the Handler for a request.
thread_local bool t_in_handler = false;

// asio's io_context with its shutdown() callable: it destroys every pending
// operation (the reads of idle keep-alive connections, which own their
// connections) and keeps the services. Server::stop() calls it before the
// RESTinio server goes: a connection destroyed later, by ~io_context, would
// decrement the server's connection counter after it was freed (found by
// ASan when a test stops its server with an idle connection open).
struct IoContext : asio::io_context {
  using asio::io_context::shutdown;
};

bool hasHeader(const Response& r, std::string_view name) {
  for (const auto& h : r.headers) {
    if (h.first.size() == name.size() && lower(h.first) == lower(name)) return true;
  }
  return false;
}

}  // namespace

struct Server::Impl {
  Impl(Handler& h, ServerOptions opts) : handler(h), options(std::move(opts)) {}

  Handler& handler;
  ServerOptions options;
  std::shared_ptr<IoContext> io = std::make_shared<IoContext>();
  std::unique_ptr<RestServer> server;
  std::vector<std::thread> threads;
  std::atomic<std::uint16_t> bound_port{0};
  std::atomic<std::int64_t> in_flight{0};  // requests not yet fully written
  bool started = false;
  bool stopped = false;

  restinio::request_handling_status_t onRequest(const restinio::request_handle_t& req) {
    ++in_flight;
    struct InHandler {
      InHandler() { t_in_handler = true; }
      ~InHandler() { t_in_handler = false; }
    } scope;
    handleRequest(req);
    return restinio::request_accepted();
  }

  // A request head over our limits (below the parser's): the problem to
  // answer, 414 or 431.
  std::optional<Problem> overLimits(const restinio::http_request_header_t& h) const {
    std::size_t target = h.request_target().size();
    if (target > options.max_url_bytes) {
      return Problem{414, "uri_too_long",
                     fmt::format("the request target is {} bytes; the limit is {}", target, options.max_url_bytes), ""};
    }
    std::size_t count = 0;
    std::optional<Problem> bad;
    h.for_each_field([&](const restinio::http_header_field_t& f) {
      ++count;
      if (bad) return;
      if (f.name().size() > kMaxFieldNameBytes) {
        bad = Problem{431, "header_too_large",
                      fmt::format("a header name is {} bytes; the limit is {}", f.name().size(), kMaxFieldNameBytes),
                      ""};
      } else if (f.value().size() > options.max_field_bytes) {
        bad = Problem{431, "header_too_large",
                      fmt::format("header {} is {} bytes; the limit is {}", text::clipForEcho(f.name(), 40),
                                  f.value().size(), options.max_field_bytes),
                      ""};
      }
    });
    if (!bad && count > options.max_header_fields) {
      bad = Problem{431, "header_too_large",
                    fmt::format("the request has {} headers; the limit is {}", count, options.max_header_fields), ""};
    }
    return bad;
  }

  void handleRequest(const restinio::request_handle_t& req) {
    const auto& h = req->header();
    if (auto bad = overLimits(h)) {
      detail::logger()->warn("event=request_refused status={} code={} detail=\"{}\"", bad->status, bad->code,
                             bad->detail);
      Response r = problemResponse(*bad);
      if (h.method() == restinio::http_method_head()) r.head_only = true;
      handler.refused(h.method().c_str(), bad->status);
      write(req, std::move(r));
      return;
    }
    Request in;
    in.method = h.method().c_str();
    in.path = std::string{h.path()};
    in.query = std::string{h.query()};
    // Only the headers the application reads are copied (fewer allocations
    // on the hot path).
    h.for_each_field([&in](const restinio::http_header_field_t& f) {
      std::string name = lower(f.name());
      if (name == "accept-encoding" || name == "if-none-match" || name == "origin" || name == "authorization" ||
          name == "user-agent" || name == "accept" || name == "content-type") {
        in.headers.emplace_back(std::move(name), f.value());
      }
    });
    try {
      in.remote_address = req->remote_endpoint().address().to_string();
    } catch (...) {
      in.remote_address = "unknown";
    }
    if (!req->body().empty()) in.body = req->body();
    handler.handle(std::move(in), [this, req](Response r) { write(req, std::move(r)); });
  }

  void write(const restinio::request_handle_t& req, Response r) {
    if (t_in_handler) {
      // See the note at the top of this file.
      asio::post(*io, [this, req, r = std::move(r)]() mutable { writeNow(req, std::move(r)); });
      return;
    }
    writeNow(req, std::move(r));
  }

  void writeNow(const restinio::request_handle_t& req, Response r) {
    auto on_written = [this](const asio::error_code&) { --in_flight; };
    try {
      restinio::http_status_line_t status{restinio::http_status_code_t{static_cast<std::uint16_t>(r.status)},
                                          statusTitle(r.status)};
      auto resp = req->create_response<restinio::user_controlled_output_t>(std::move(status));
      resp.append_header(restinio::http_field::server, "pft");
      resp.append_header(restinio::http_field::date, httpDate());
      // Every answer (API, admin, site, errors): browsers must not guess a type.
      if (!hasHeader(r, "X-Content-Type-Options")) resp.append_header("X-Content-Type-Options", "nosniff");
      if (r.body && !r.content_type.empty()) resp.append_header(restinio::http_field::content_type, r.content_type);
      for (auto& [name, value] : r.headers) resp.append_header(name, value);
      std::size_t length = r.body ? r.body->size() : 0;
      resp.set_content_length(length);
      if (r.body && !r.head_only && length > 0) {
        std::shared_ptr<const std::string> body = r.body;
        resp.set_body(restinio::writable_item_t{restinio::const_buffer(body->data(), body->size())});
        // The buffer must outlive the write: keep the shared body in the callback.
        resp.done([this, body](const asio::error_code&) { --in_flight; });
        return;
      }
      resp.done(on_written);
    } catch (const std::exception& e) {
      detail::logger()->error("event=write_failed error=\"{}\"", e.what());
      --in_flight;
    }
  }
};

Server::Server(Handler& handler, ServerOptions options)
    : impl_(std::make_unique<Impl>(handler, std::move(options))) {}

Server::~Server() { stop(); }

Result<void> Server::start() {
  Impl& m = *impl_;
  if (m.started) return makeError(ErrorCode::kInternal, "the server was already started");
  const ServerOptions& o = m.options;
  unsigned threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());

  restinio::server_settings_t<Traits> settings;
  settings.port(o.port)
      .address(o.host)
      .request_handler([&m](const restinio::request_handle_t& req) { return m.onRequest(req); })
      .read_next_http_message_timelimit(o.read_timeout)
      .write_http_response_timelimit(o.write_timeout)
      .handle_request_timeout(o.handle_timeout)
      .max_pipelined_requests(kMaxPipelinedRequests)
      .concurrent_accepts_count(threads)
      .separate_accept_and_create_connect(true)
      .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                    .max_url_size(std::max(o.max_url_bytes, kParserMaxUrlBytes))
                                    .max_field_name_size(kParserMaxFieldBytes)
                                    .max_field_value_size(std::max(o.max_field_bytes, kParserMaxFieldBytes))
                                    .max_field_count(std::max(o.max_header_fields, kParserMaxFields))
                                    .max_body_size(o.max_body_bytes))
      .max_parallel_connections(o.max_connections)
      .acceptor_options_setter([](restinio::acceptor_options_t& ao) {
        ao.set_option(asio::ip::tcp::acceptor::reuse_address(true));
      })
      .acceptor_post_bind_hook([&m](asio::ip::tcp::acceptor& a) { m.bound_port = a.local_endpoint().port(); });
  try {
    m.server = std::make_unique<RestServer>(restinio::external_io_context(*m.io), std::move(settings));
    m.server->open_sync();
  } catch (const std::exception& e) {
    m.server.reset();
    return makeError(ErrorCode::kIo, fmt::format("cannot listen on {}:{}: {}", o.host, o.port, e.what()),
                     "--host/--port");
  }
  m.started = true;
  for (unsigned i = 0; i < threads; ++i) {
    m.threads.emplace_back([&m] {
      for (;;) {
        try {
          m.io->run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("event=io_thread_exception error=\"{}\"", e.what());
        }
      }
    });
  }
  if (auto log = detail::logger()) {
    log->info("event=listening host={} port={} threads={}", o.host, m.bound_port.load(), threads);
  }
  return ok();
}

std::uint16_t Server::port() const { return impl_->bound_port.load(); }

void Server::stop(std::chrono::milliseconds grace) {
  Impl& m = *impl_;
  if (!m.started || m.stopped) return;
  m.stopped = true;
  auto t0 = std::chrono::steady_clock::now();
  // 1. Stop accepting (on the acceptor's executor).
  std::promise<void> closed;
  auto closed_future = closed.get_future();
  m.server->close_async([&closed] { closed.set_value(); }, [&closed](std::exception_ptr) { closed.set_value(); });
  closed_future.wait_for(std::chrono::seconds{5});
  // 2. Let in-flight requests finish and their responses be written.
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (m.in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  }
  // 3. Stop the I/O threads (idle keep-alive connections are dropped).
  m.io->stop();
  for (auto& t : m.threads) {
    if (t.joinable()) t.join();
  }
  m.threads.clear();
  m.io->shutdown();  // the connections left go now, while the server's counter exists
  m.server.reset();
  if (auto log = detail::logger()) {
    log->info("event=stopped in_flight_left={} ms={}", m.in_flight.load(),
              std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count());
  }
}

void blockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

const char* waitForStopSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  sigwait(&set, &sig);
  return sig == SIGTERM ? "SIGTERM" : "SIGINT";
}

}  // namespace pft::http
