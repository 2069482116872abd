#include "pft/ingestion/curl_http.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <set>
#include <string_view>

namespace pft::ingestion {
namespace {

constexpr std::string_view kTimeoutPrefix = "timed out";
constexpr std::string_view kConnectionLostPrefix = "connection lost";

void initCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string lowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view trimAscii(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

// State shared with the libcurl callbacks of one transfer.
struct Transfer {
  std::string body;
  std::map<std::string, std::string> headers;
  std::int64_t max_body = 0;
  bool too_large = false;
};

size_t onBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  if (static_cast<std::int64_t>(t->body.size() + n) > t->max_body) {
    t->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  t->body.append(data, n);
  return n;
}

size_t onHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  std::string_view line(data, n);
  // A new status line (100 Continue, then the real one) starts a new header set.
  if (line.substr(0, 5) == "HTTP/") {
    t->headers.clear();
    return n;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  t->headers[lowerAscii(trimAscii(line.substr(0, colon)))] = std::string(trimAscii(line.substr(colon + 1)));
  return n;
}

struct EasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

bool isRedirectStatus(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

bool isHttpUrl(std::string_view url) {
  const std::string lower = lowerAscii(url.substr(0, 8));
  return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
}

Error transferError(CURLcode code, const Transfer& t, const char* errbuf, const HttpRequest& req,
                    std::chrono::milliseconds total_timeout, const std::string& url) {
  const std::string detail = errbuf[0] != '\0' ? std::string(errbuf) : std::string(curl_easy_strerror(code));
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return makeError(ErrorCode::kNetwork,
                       fmt::format("{} (connect timeout {} ms, total timeout {} ms): {}", kTimeoutPrefix,
                                   req.connect_timeout.count(), total_timeout.count(), detail),
                       url);
    case CURLE_COULDNT_CONNECT:
      return makeError(ErrorCode::kNetwork,
                       fmt::format("connection refused or host unreachable: {}; check that the site is up", detail),
                       url);
    case CURLE_COULDNT_RESOLVE_HOST:
      return makeError(ErrorCode::kNetwork, fmt::format("host name not found: {}; check the url", detail), url);
    case CURLE_FILESIZE_EXCEEDED:
      return makeError(ErrorCode::kNetwork,
                       fmt::format("body larger than the limit of {} bytes (Content-Length)", req.max_body_bytes),
                       url);
    case CURLE_WRITE_ERROR:
      if (t.too_large) {
        return makeError(ErrorCode::kNetwork,
                         fmt::format("body larger than the limit of {} bytes; transfer stopped", req.max_body_bytes),
                         url);
      }
      break;
    case CURLE_FILE_COULDNT_READ_FILE:
      return makeError(ErrorCode::kNotFound, fmt::format("file not found or unreadable: {}", detail), url);
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      return makeError(ErrorCode::kNetwork, fmt::format("{}: {}", kConnectionLostPrefix, detail), url);
    case CURLE_UNSUPPORTED_PROTOCOL:
      return makeError(ErrorCode::kNetwork,
                       fmt::format("unsupported URL scheme ({}); use http://, https:// or file://", detail), url);
    default:
      break;
  }
  return makeError(ErrorCode::kNetwork, fmt::format("transfer failed: {}", detail), url);
}

}  // namespace

CurlHttpGet::CurlHttpGet(std::string user_agent) : user_agent_(std::move(user_agent)) { initCurlOnce(); }

CurlHttpGet::~CurlHttpGet() = default;

Result<HttpResponse> CurlHttpGet::fetch(const HttpRequest& request) {
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  const auto total_timeout = request.total_timeout;

  std::string url = request.url;
  std::string method = request.method;
  std::vector<std::string> visited;
  int redirects = 0;

  std::unique_ptr<curl_slist, SlistDeleter> header_list;
  bool has_user_agent = false;
  for (const auto& [name, value] : request.headers) {
    if (lowerAscii(name) == "user-agent") has_user_agent = true;
    const std::string line = fmt::format("{}: {}", name, value);
    // curl_slist_append returns the (unchanged) head, or a new one for an empty list.
    curl_slist* head = curl_slist_append(header_list.get(), line.c_str());
    if (head == nullptr) return makeError(ErrorCode::kInternal, "out of memory building request headers", url);
    if (head != header_list.get()) header_list.reset(head);
  }

  while (true) {
    visited.push_back(url);
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    const auto remaining = total_timeout - elapsed;
    if (remaining.count() <= 0) {
      return makeError(ErrorCode::kNetwork,
                       fmt::format("{} (total timeout {} ms) after {} redirect(s)", kTimeoutPrefix,
                                   total_timeout.count(), redirects),
                       request.url);
    }

    std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
    if (!easy) return makeError(ErrorCode::kInternal, "curl_easy_init failed", url);
    CURL* h = easy.get();
    Transfer t;
    t.max_body = request.max_body_bytes;
    char errbuf[CURL_ERROR_SIZE] = {0};

    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https,file");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout.count()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(remaining.count()));
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl was built with
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.max_body_bytes));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &onBody);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &onHeader);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
    if (header_list) curl_easy_setopt(h, CURLOPT_HTTPHEADER, header_list.get());
    if (!has_user_agent && !user_agent_.empty()) curl_easy_setopt(h, CURLOPT_USERAGENT, user_agent_.c_str());
    if (method == "POST") {
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    } else if (method == "HEAD") {
      curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (method != "GET") {
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
    }

    const CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) return transferError(rc, t, errbuf, request, total_timeout, url);

    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    const bool http = isHttpUrl(url);
    if (!http && status == 0) status = 200;  // file:// read successfully

    char* location = nullptr;
    curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &location);
    if (http && isRedirectStatus(status) && location != nullptr && location[0] != '\0') {
      std::string next = location;
      if (!isHttpUrl(next)) {
        return makeError(ErrorCode::kNetwork,
                         fmt::format("redirect to a non-HTTP URL refused: {}", next), request.url);
      }
      if (std::find(visited.begin(), visited.end(), next) != visited.end()) {
        std::string chain;
        for (const auto& v : visited) chain += v + " -> ";
        chain += next;
        return makeError(ErrorCode::kNetwork, fmt::format("redirect loop: {}", chain), request.url);
      }
      if (redirects >= request.max_redirects) {
        return makeError(ErrorCode::kNetwork,
                         fmt::format("too many redirects (more than {}); last location {}", request.max_redirects, next),
                         request.url);
      }
      ++redirects;
      if (status == 303 || ((status == 301 || status == 302) && method == "POST")) method = "GET";
      url = std::move(next);
      continue;
    }

    HttpResponse response;
    response.status = static_cast<int>(status);
    response.body = std::move(t.body);
    response.headers = std::move(t.headers);
    response.effective_url = url;
    return response;
  }
}

bool isTransientNetworkError(const Error& error) {
  if (error.code != ErrorCode::kNetwork) return false;
  const std::string_view m = error.message;
  return m.substr(0, kTimeoutPrefix.size()) == kTimeoutPrefix ||
         m.substr(0, kConnectionLostPrefix.size()) == kConnectionLostPrefix;
}

}  // namespace pft::ingestion
