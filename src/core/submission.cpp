#include "pft/core/submission.hpp"

#include <algorithm>

#include "pft/core/text.hpp"
#include "pft/core/variant.hpp"

namespace pft {

const char* submissionKindName(SubmissionKind kind) {
  return kind == SubmissionKind::kUrl ? "url" : "tournament";
}

std::optional<SubmissionKind> parseSubmissionKind(std::string_view name) {
  if (name == "url") return SubmissionKind::kUrl;
  if (name == "tournament") return SubmissionKind::kTournament;
  return std::nullopt;
}

const char* submissionStatusName(SubmissionStatus status) {
  switch (status) {
    case SubmissionStatus::kPending: return "pending";
    case SubmissionStatus::kAccepted: return "accepted";
    case SubmissionStatus::kRejected: return "rejected";
  }
  return "pending";
}

std::optional<SubmissionStatus> parseSubmissionStatus(std::string_view name) {
  if (name == "pending") return SubmissionStatus::kPending;
  if (name == "accepted") return SubmissionStatus::kAccepted;
  if (name == "rejected") return SubmissionStatus::kRejected;
  return std::nullopt;
}

namespace {

bool isAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// Valid UTF-8 without C0/C1 controls, DEL, nor bidirectional overrides
// (a name shown to an operator must read as it is); `multiline` allows \n
// (and \r\n, as browsers send textareas).
bool cleanText(std::string_view s, bool multiline) {
  if (!text::isValidUtf8(s)) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '\n' || c == '\r') {
      if (!multiline) return false;
      continue;
    }
    if (c < 0x20 || c == 0x7F) return false;
    // U+0080..U+009F (C1) are C2 80..C2 9F; U+202A..U+202E and U+2066..U+2069
    // (bidi embeddings, overrides, isolates) are E2 80 AA..AE and E2 81 A6..A9.
    if (c == 0xC2 && i + 1 < s.size()) {
      const auto d = static_cast<unsigned char>(s[i + 1]);
      if (d >= 0x80 && d <= 0x9F) return false;
    }
    if (c == 0xE2 && i + 2 < s.size()) {
      const auto d = static_cast<unsigned char>(s[i + 1]);
      const auto e = static_cast<unsigned char>(s[i + 2]);
      if (d == 0x80 && e >= 0xAA && e <= 0xAE) return false;
      if (d == 0x81 && e >= 0xA6 && e <= 0xA9) return false;
    }
  }
  return true;
}

bool validUrl(std::string_view url) {
  std::string lower;
  for (char c : url.substr(0, 8)) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  std::size_t host_at = 0;
  if (lower.rfind("https://", 0) == 0) {
    host_at = 8;
  } else if (lower.rfind("http://", 0) == 0) {
    host_at = 7;
  } else {
    return false;
  }
  for (char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '"' || c == '<' || c == '>' || c == '\\') return false;
  }
  const std::size_t host_end = std::min(url.find_first_of("/?#", host_at), url.size());
  const std::string_view authority = url.substr(host_at, host_end - host_at);
  if (authority.empty()) return false;
  // Credentials in a URL are a secret someone pasted by mistake.
  if (authority.find('@') != std::string_view::npos) return false;
  const std::string_view host = authority.substr(0, authority.rfind(':') == std::string_view::npos
                                                        ? authority.size()
                                                        : authority.rfind(':'));
  return !host.empty() && host.front() != '.' && host.back() != '.';
}

bool validEmail(std::string_view email) {
  const std::size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view domain = email.substr(at + 1);
  const std::size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= domain.size()) return false;
  if (domain.find("..") != std::string_view::npos) return false;
  for (char c : email) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == ',' || c == ';' || c == '<' || c == '>' || c == '"' || c == '(' ||
        c == ')' || c == '[' || c == ']' || c == '\\')
      return false;
  }
  return true;
}

bool validTime(std::string_view t) {
  if (t.size() != 5 || t[2] != ':' || !isAsciiDigit(t[0]) || !isAsciiDigit(t[1]) || !isAsciiDigit(t[3]) ||
      !isAsciiDigit(t[4]))
    return false;
  const int h = (t[0] - '0') * 10 + (t[1] - '0');
  const int m = (t[3] - '0') * 10 + (t[4] - '0');
  return h < 24 && m < 60;
}

class Checker {
 public:
  explicit Checker(std::vector<SubmissionFieldError>& out) : out_(out) {}

  // Adds "missing" / "too_long" / "invalid_text"; true when the field is
  // present and well-formed.
  bool text(std::string_view field, std::string_view value, std::size_t max, bool required, bool multiline = false) {
    if (text::trim(value).empty()) {
      if (required) add(field, "missing");
      return false;
    }
    if (value.size() > max) {
      add(field, "too_long");
      return false;
    }
    if (!cleanText(value, multiline)) {
      add(field, "invalid_text");
      return false;
    }
    return true;
  }
  void add(std::string_view field, std::string_view code) {
    out_.push_back({std::string(field), std::string(code)});
  }

 private:
  std::vector<SubmissionFieldError>& out_;
};

}  // namespace

std::vector<SubmissionFieldError> validateSubmission(const Submission& s, Instant now) {
  std::vector<SubmissionFieldError> errors;
  Checker check(errors);
  const bool tournament = s.kind == SubmissionKind::kTournament;

  if (!tournament) {
    if (check.text("url", s.url, kSubmissionUrlMax, true) && !validUrl(text::trim(s.url))) {
      check.add("url", "invalid_url");
    }
  }
  if (check.text("contact_email", s.contact_email, kSubmissionEmailMax, tournament) &&
      !validEmail(text::trim(s.contact_email))) {
    check.add("contact_email", "invalid_email");
  }
  check.text("message", s.message, kSubmissionMessageMax, false, true);
  if (!tournament) return errors;

  if (check.text("title", s.title, kSubmissionTextMax, true) && text::foldKey(s.title).empty()) {
    check.add("title", "invalid_text");
  }
  if (check.text("date", s.date, 10, true)) {
    auto day = parseIsoDate(text::trim(s.date));
    if (!day || text::trim(s.date).size() != 10) {
      check.add("date", "invalid_date");
    } else {
      // The organiser's day, in Paris: today is fine (a tournament tonight).
      auto today = parseIsoDate(formatLocalDate(now));
      if (today && *day < *today) {
        check.add("date", "past_date");
      } else if (today && *day > *today + std::chrono::days{731}) {
        check.add("date", "too_far_ahead");
      }
    }
  }
  if (check.text("time", s.time, 5, false) && !validTime(text::trim(s.time))) check.add("time", "invalid_time");
  if (check.text("venue_name", s.venue_name, kSubmissionTextMax, true) && text::foldKey(s.venue_name).empty()) {
    check.add("venue_name", "invalid_text");
  }
  check.text("address", s.address, kSubmissionAddressMax, false);
  if (check.text("city", s.city, kSubmissionShortMax, true) && text::foldKey(s.city).empty()) {
    check.add("city", "invalid_text");
  }
  if (check.text("postcode", s.postcode, 5, false)) {
    const std::string_view p = text::trim(s.postcode);
    if (p.size() != 5 || !std::all_of(p.begin(), p.end(), isAsciiDigit)) check.add("postcode", "invalid_postcode");
  }
  check.text("buy_in", s.buy_in, kSubmissionShortMax, false);
  if (check.text("variant", s.variant, kSubmissionShortMax, false) && !normaliseVariant(s.variant)) {
    check.add("variant", "unknown_variant");
  }
  return errors;
}

}  // namespace pft
