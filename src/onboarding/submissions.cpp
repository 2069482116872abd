// Operator decisions on submissions (submissions.hpp).

#include "pft/onboarding/submissions.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "pft/core/json.hpp"
#include "pft/ingestion/catalog.hpp"
#include "pft/ingestion/connectors.hpp"
#include "pft/normalize/normalizer.hpp"

namespace pft::onboarding {
namespace {

// The text with control characters (and DEL) written as \uXXXX.
std::string printable(std::string_view s) {
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\u{:04x}", c);
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace

RawEvent rawEventFromSubmission(const Submission& s, Instant now) {
  RawEvent e;
  e.source_name = fmt::format("manual:{}", s.id);
  e.title = s.title;
  e.start = s.time.empty() ? s.date : s.date + " " + s.time;
  e.buy_in = s.buy_in;
  e.variant = s.variant;
  e.venue_name = s.venue_name;
  e.address = s.address;
  e.city = s.city;
  e.postcode = s.postcode;
  e.timezone = "Europe/Paris";
  e.fetched_at = formatLocalIso(now);
  e.source_hash = ingestion::computeSourceHash(e);
  return e;
}

std::string formatSubmissions(const std::vector<Submission>& submissions) {
  std::string out;
  for (const auto& s : submissions) {
    out += fmt::format("#{} {} {} {} (via {})\n", s.id, submissionKindName(s.kind), submissionStatusName(s.status),
                       formatLocalIso(s.created_at), printable(s.origin));
    if (s.kind == SubmissionKind::kUrl) {
      out += "    url: " + printable(s.url) + "\n";
    } else {
      out += fmt::format("    {} — {} {} — {}", printable(s.title), printable(s.date), printable(s.time),
                         printable(s.venue_name));
      if (!s.address.empty()) out += ", " + printable(s.address);
      out += ", " + printable(s.postcode.empty() ? s.city : s.postcode + " " + s.city) + "\n";
      if (!s.buy_in.empty() || !s.variant.empty()) {
        out += "    buy-in: " + printable(s.buy_in) + (s.variant.empty() ? "" : ", variant: " + printable(s.variant)) + "\n";
      }
    }
    if (!s.contact_email.empty()) out += "    contact: " + printable(s.contact_email) + "\n";
    if (!s.message.empty()) out += "    message: " + printable(s.message) + "\n";
    if (s.decided_at) {
      out += fmt::format("    decided {}: {}\n", formatLocalIso(*s.decided_at), printable(s.decision_note));
    }
  }
  return out;
}

Result<Submission> pendingSubmission(store::Store& store, std::int64_t id) {
  auto got = store.getSubmission(id);
  if (!got) return got.error();
  if (!*got) return makeError(ErrorCode::kNotFound, fmt::format("no submission #{}", id));
  const Submission& s = **got;
  if (s.status != SubmissionStatus::kPending) {
    return makeError(ErrorCode::kConflict,
                     fmt::format("submission #{} is already {} ({})", id, submissionStatusName(s.status),
                                 s.decision_note));
  }
  return s;
}

Result<std::string> acceptTournament(store::Store& store, std::int64_t id, normalize::Geocoder& geocoder,
                                     const Clock& clock) {
  auto s = pendingSubmission(store, id);
  if (!s) return s.error();
  if (s->kind != SubmissionKind::kTournament) {
    return makeError(ErrorCode::kInvalidArgument,
                     fmt::format("submission #{} is a URL suggestion: it is accepted with its detected catalog entry", id));
  }
  // The run reads a JSON-lines file: one line, in a private folder.
  std::string tmpl = (std::filesystem::temp_directory_path() / "pft-accept-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) return makeError(ErrorCode::kIo, "cannot create a temporary folder", tmpl);
  const std::filesystem::path dir(tmpl);
  struct Cleanup {
    std::filesystem::path dir;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{dir};
  const std::string in = (dir / "submission.jsonl").string();
  {
    std::string line;
    appendRawEventJsonLine(line, rawEventFromSubmission(*s, clock.now()));
    std::ofstream f(in, std::ios::binary);
    f << line;
    if (!f) return makeError(ErrorCode::kIo, "cannot write", in);
  }
  normalize::NormalizeOptions options;
  options.in_path = in;
  options.rejects_path = (dir / "rejects.jsonl").string();
  auto report = normalize::runNormalize(options, &store, geocoder, clock, nullptr);
  if (!report) return report.error();
  if (report->tournaments != 1) {
    std::string why;
    std::ifstream rejects(options.rejects_path);
    std::getline(rejects, why);
    return makeError(ErrorCode::kInvalidArgument,
                     fmt::format("submission #{} does not normalise ({}); it stays pending: {}", id,
                                 report->summary(), why));
  }
  const std::string note = fmt::format("manual:{} published", id);
  auto decided = store.decideSubmission(id, SubmissionStatus::kAccepted, note, clock.now());
  if (!decided) return decided.error();
  return note;
}

Result<std::string> acceptUrl(store::Store& store, std::int64_t id, const Detection& detection,
                              const std::string& catalog_path, Instant now) {
  auto s = pendingSubmission(store, id);
  if (!s) return s.error();
  if (s->kind != SubmissionKind::kUrl) {
    return makeError(ErrorCode::kInvalidArgument, fmt::format("submission #{} is a tournament, not a URL", id));
  }
  if (!detection.usable) {
    return makeError(ErrorCode::kInvalidArgument,
                     fmt::format("{} offers nothing usable; submission #{} stays pending (reject it, or write an "
                                 "entry by hand)",
                                 s->url, id));
  }
  auto appended = ingestion::appendCatalogEntryToFile(catalog_path, detection.yaml);
  if (!appended) return appended.error();
  const std::string note = "catalog entry " + detection.entry.config.name;
  auto decided = store.decideSubmission(id, SubmissionStatus::kAccepted, note, now);
  if (!decided) return decided.error();
  return note;
}

}  // namespace pft::onboarding
