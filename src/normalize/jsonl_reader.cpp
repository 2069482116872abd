#include "jsonl_reader.hpp"

#include <sched.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <sstream>
#include <thread>

#include "pft/core/json.hpp"
#include "pft/core/text.hpp"

namespace pft::normalize::detail {
namespace {

// The beginning of a line rejected for a bound, as valid UTF-8 text.
std::string rawExcerpt(std::string_view line) {
  constexpr std::size_t kRawExcerptBytes = 1024;
  if (line.size() <= kRawExcerptBytes) return text::repairUtf8(line);
  std::size_t cut = kRawExcerptBytes;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return text::repairUtf8(line.substr(0, cut)) + "…";
}

// Newlines in [begin, end): memchr jumps from one to the next (lines are
// hundreds of bytes long), where std::count looked at every byte (4 % of a
// 100,000-line run, before the reader threads start).
std::int64_t countNewlines(const char* begin, const char* end) {
  std::int64_t n = 0;
  while (begin < end) {
    const void* nl = std::memchr(begin, '\n', static_cast<std::size_t>(end - begin));
    if (nl == nullptr) break;
    ++n;
    begin = static_cast<const char*>(nl) + 1;
  }
  return n;
}

}  // namespace

int usableCpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) return CPU_COUNT(&set);
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

JsonlReader::JsonlReader(const NormalizeOptions& options, const Gazetteer& gazetteer, Instant now)
    : options_(options), context_(gazetteer, now) {}

JsonlReader::~JsonlReader() {
  if (releaser_.joinable()) releaser_.join();
}

void JsonlReader::addRejection(std::int64_t line_no, ErrorCode code, std::string message, std::string source_name,
                               std::string_view raw_line) {
  const char* reason = errorCodeName(code);
  ++rejected_by_reason_[reason];
  if (rejects_out_ != nullptr) {
    nlohmann::json j = {{"rejected", true},
                        {"line", line_no},
                        {"source_name", source_name},
                        {"reason", reason},
                        {"message", message},
                        {"file", options_.in_path}};
    if (code == ErrorCode::kLimitExceeded) {
      // Over a bound: never parsed again; its beginning as text is enough to find it.
      j["raw"] = rawExcerpt(raw_line);
    } else {
      auto raw = nlohmann::json::parse(raw_line, nullptr, false);
      j["raw"] = raw.is_discarded() ? nlohmann::json(text::repairUtf8(raw_line)) : std::move(raw);
    }
    *rejects_out_ << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  lines_.back().rejection = static_cast<std::int32_t>(rejections_.size());
  rejections_.push_back(Rejection{code, std::move(message), std::move(source_name)});
}

void JsonlReader::addWarning(std::int64_t line_no, const Error& warning, std::string_view raw_line,
                             bool raw_is_json) {
  const char* reason = errorCodeName(warning.code);
  ++warned_by_reason_[reason];
  if (rejects_out_ == nullptr) return;
  // Keys in nlohmann's (sorted) order, as the rejection lines. A line the
  // fast reader accepted is one JSON object already: copied as it is
  // (parsing and dumping it again cost 4 % of a run with 2 % of warnings).
  std::string& out = warning_line_;
  out.clear();
  out += "{\"field\":";
  appendJsonString(out, warning.where);
  out += ",\"file\":";
  appendJsonString(out, options_.in_path);
  out += ",\"line\":";
  out += std::to_string(line_no);
  out += ",\"message\":";
  appendJsonString(out, warning.message);
  out += ",\"raw\":";
  if (raw_is_json) {
    out += raw_line;
  } else {
    auto raw = nlohmann::json::parse(raw_line, nullptr, false);
    out += (raw.is_discarded() ? nlohmann::json(text::repairUtf8(raw_line)) : raw)
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  out += ",\"reason\":";
  appendJsonString(out, reason);
  out += ",\"rejected\":false,\"source_name\":";
  appendJsonString(out, raw_.source_name);
  out += ",\"warning\":true}\n";
  rejects_out_->write(out.data(), static_cast<std::streamsize>(out.size()));
}

void JsonlReader::processLine(std::int64_t line_no, std::string_view line) {
  lines_.emplace_back();
  const bool fast = parseRawEventJsonLine(line, raw_);
  if (!fast) {
    // nlohmann parses iteratively, but its dump() (rejects and warnings
    // lines) recurses once per level: bound the nesting first (issue 15).
    if (auto depth = checkJsonDepth(line); !depth) {
      addRejection(line_no, depth.error().code, depth.error().message + "; a raw event is one flat JSON object", "",
                   line);
      return;
    }
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) {
      addRejection(line_no, ErrorCode::kParse,
                   text::trim(line).empty() ? "empty line" : "not a JSON object; each line must be one raw event", "",
                   line);
      return;
    }
    auto parsed = rawEventFromJson(j);
    if (!parsed) {
      std::string source;
      if (j.is_object() && j.contains("source_name") && j["source_name"].is_string()) source = j["source_name"];
      addRejection(line_no, parsed.error().code, parsed.error().describe(), source, line);
      return;
    }
    raw_ = std::move(*parsed);
  }
  warnings_.clear();
  auto event = normalizeEvent(raw_, context_, &warnings_);
  if (!event) {
    addRejection(line_no, event.error().code, event.error().describe(), raw_.source_name, line);
    return;
  }
  if (!warnings_.empty()) {
    ++lines_with_warnings_;
    for (const Error& w : warnings_) addWarning(line_no, w, line, fast);
  }
  event->line = line_no;
  lines_.back().event = static_cast<std::int32_t>(events_.size());
  events_.push_back(std::move(*event));
}

bool JsonlReader::readLines(std::istream& in, std::int64_t end, std::int64_t first_line,
                            std::atomic<std::int64_t>& lines_read) {
  // One buffer for the longest line read (and its CR): a longer line is
  // skipped to its newline as it is read (istream::ignore), never held.
  std::string buffer(kMaxRawEventLineBytes + 2, '\0');
  std::int64_t line_no = first_line - 1;
  std::int64_t consumed = 0;  // bytes, when reading up to `end`
  const std::int64_t start = end >= 0 ? static_cast<std::int64_t>(in.tellg()) : 0;
  while (end < 0 || start + consumed < end) {
    in.getline(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    auto got = static_cast<std::size_t>(in.gcount());  // the newline included when there was one
    if (got == 0 && !in.good()) break;                   // end of the input (or a read error)
    ++line_no;
    consumed += static_cast<std::int64_t>(got);
    std::size_t length = in.eof() || in.fail() ? got : got - 1;  // bytes before the newline
    if (in.fail() && !in.eof() && !in.bad()) {
      // The buffer filled before the newline: skip the rest of the line.
      in.clear();
      in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
      const auto skipped = static_cast<std::size_t>(in.gcount());
      consumed += static_cast<std::int64_t>(skipped);
      length += in.eof() ? skipped : skipped - 1;
    }
    std::string_view line(buffer.data(), std::min(length, buffer.size() - 1));
    if (!line.empty() && line.back() == '\r' && length == line.size()) {
      line.remove_suffix(1);
      --length;
    }
    if (length > kMaxRawEventLineBytes) {
      lines_.emplace_back();
      addRejection(line_no, ErrorCode::kLimitExceeded,
                   "line of " + std::to_string(length) + " bytes, over the limit of " +
                       std::to_string(kMaxRawEventLineBytes) + " (skipped unread; a raw event line is far shorter)",
                   "", line);
    } else {
      processLine(line_no, line);
    }
    if (in.bad()) break;
    std::int64_t total = ++lines_read;
    if (options_.progress && total % 20000 == 0) {
      std::fprintf(stderr, "\rnormalize: %lld lines read", static_cast<long long>(total));
    }
  }
  return !in.bad();
}

void JsonlReader::absorb(JsonlReader& other) {
  ContextMerge merge = context_.absorb(other.context_);
  const auto event_base = static_cast<std::int32_t>(events_.size());
  const auto rejection_base = static_cast<std::int32_t>(rejections_.size());
  events_.reserve(events_.size() + other.events_.size());
  for (NormalizedEvent e : other.events_) {
    merge.apply(e);
    events_.push_back(e);
  }
  lines_.reserve(lines_.size() + other.lines_.size());
  for (LineOutcome l : other.lines_) {
    if (l.event >= 0) l.event += event_base;
    if (l.rejection >= 0) l.rejection += rejection_base;
    lines_.push_back(l);
  }
  for (auto& r : other.rejections_) rejections_.push_back(std::move(r));
  for (const auto& [reason, n] : other.rejected_by_reason_) rejected_by_reason_[reason] += n;
  for (const auto& [reason, n] : other.warned_by_reason_) warned_by_reason_[reason] += n;
  lines_with_warnings_ += other.lines_with_warnings_;
}

Result<void> JsonlReader::readAll(std::istream& in, std::ostream* rejects) {
  rejects_out_ = rejects;
  std::error_code ec;
  const auto size = static_cast<std::int64_t>(std::filesystem::file_size(options_.in_path, ec));
  std::atomic<std::int64_t> lines_read{0};
  auto readError = [&] { return makeError(ErrorCode::kIo, "read error in the raw events file", options_.in_path); };

  // The second half starts after the first newline at or past the middle;
  // its first line number is one more than the newlines before it.
  std::int64_t split = -1;
  std::int64_t lines_before = 0;
  if (!ec && size >= options_.two_readers_from_bytes && usableCpus() > 1) {
    std::ifstream scan(options_.in_path, std::ios::binary);
    std::vector<char> buffer(1 << 20);
    std::int64_t offset = 0;
    while (scan && offset < size) {
      scan.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      auto got = static_cast<std::size_t>(scan.gcount());
      if (got == 0) break;
      const char* begin = buffer.data();
      const char* stop = begin + got;
      if (offset + static_cast<std::int64_t>(got) > size / 2) {
        // The chunk holding the middle: count up to the newline that ends it.
        const char* mid = begin + std::max<std::int64_t>(size / 2 - offset, 0);
        const char* nl = std::find(mid, stop, '\n');
        if (nl != stop) {
          lines_before += countNewlines(begin, nl + 1);
          split = offset + (nl + 1 - begin);
          break;
        }
      }
      lines_before += countNewlines(begin, stop);
      offset += static_cast<std::int64_t>(got);
    }
    if (scan.bad()) return readError();
    if (split >= size) split = -1;  // nothing after the middle line
  }

  if (split < 0) {
    if (!readLines(in, -1, 1, lines_read)) return readError();
  } else {
    std::ostringstream second_rejects;
    auto second = std::make_unique<JsonlReader>(options_, context_.gazetteer(), context_.now());
    second->rejects_out_ = rejects_out_ != nullptr ? &second_rejects : nullptr;
    // Both halves hold about as many lines: each vector grows once at most
    // (growing copies every event read so far), and absorb() appends the
    // second half without moving the first.
    const auto half = static_cast<std::size_t>(lines_before) + 1;
    events_.reserve(2 * half);
    lines_.reserve(2 * half);
    second->events_.reserve(half);
    second->lines_.reserve(half);
    bool second_ok = true;
    std::thread worker([&] {
      std::ifstream tail(options_.in_path, std::ios::binary);
      tail.seekg(split);
      second_ok = tail && second->readLines(tail, -1, lines_before + 1, lines_read);
      // Its parser caches are not merged: freed here, beside the first reader.
      second->context_.releaseCaches(/*keep_venue_index=*/true);
    });
    bool first_ok = readLines(in, split, 1, lines_read);
    worker.join();
    if (!first_ok || !second_ok) return readError();
    if (rejects_out_ != nullptr) *rejects_out_ << second_rejects.str();
    absorb(*second);
    releaser_ = std::thread([gone = std::move(second)]() mutable { gone.reset(); });
  }
  if (options_.progress && lines_read >= 20000) std::fprintf(stderr, "\n");
  context_.releaseCaches();
  return ok();
}

}  // namespace pft::normalize::detail
