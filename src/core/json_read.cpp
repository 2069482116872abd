// The fast raw event line reader of core/json.hpp (parseRawEventJsonLine),
// the hot path of `pft normalize`: json_test.cpp checks it against
// rawEventFromJson.
#include <charconv>
#include <cstdint>
#include <string>

#include "json_scan.hpp"
#include "pft/core/json.hpp"
#include "pft/core/text.hpp"

namespace pft {
namespace {

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}

  void skipSpace() {
    if (i_ < s_.size() && static_cast<unsigned char>(s_[i_]) > ' ') return;  // the usual case
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool eat(char c) {
    skipSpace();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool atEnd() {
    skipSpace();
    return i_ == s_.size();
  }
  char peek() {
    skipSpace();
    return i_ < s_.size() ? s_[i_] : '\0';
  }

  bool hex4(std::uint32_t& v) {
    if (i_ + 4 > s_.size()) return false;
    v = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<std::uint32_t>(c - 'A' + 10);
      else return false;
    }
    return true;
  }

  size_t scanPlain(size_t i) const { return detail::nextJsonSpecial(s_, i); }

  // A JSON string without escapes (opening quote next) as a view into the
  // line; false, with the position unchanged, when it has escapes or is
  // malformed (then read it with string()).
  bool plainString(std::string_view& out) {
    size_t saved = i_;
    if (!eat('"')) return false;
    size_t start = i_;
    size_t end = scanPlain(start);
    if (end >= s_.size() || s_[end] != '"') {
      i_ = saved;
      return false;
    }
    out = s_.substr(start, end - start);
    i_ = end + 1;
    return true;
  }

  // A JSON string (opening quote next) into `out`.
  bool string(std::string& out) {
    out.clear();
    if (!eat('"')) return false;
    for (;;) {
      size_t start = i_;
      i_ = scanPlain(i_);
      out.append(s_.data() + start, i_ - start);
      if (i_ >= s_.size()) return false;
      char c = s_[i_++];
      if (c == '"') return true;
      if (c != '\\') return false;  // raw control character: nlohmann rejects it too
      if (i_ >= s_.size()) return false;
      char e = s_[i_++];
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          std::uint32_t cp = 0;
          if (!hex4(cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            std::uint32_t lo = 0;
            if (i_ + 2 > s_.size() || s_[i_] != '\\' || s_[i_ + 1] != 'u') return false;
            i_ += 2;
            if (!hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return false;
          }
          text::appendUtf8(out, static_cast<char32_t>(cp));
          break;
        }
        default: return false;
      }
    }
  }

  // A JSON number token; `is_integer` when it has no fraction or exponent.
  bool number(std::string_view& token, bool& is_integer) {
    skipSpace();
    size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    size_t digits = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    if (i_ == digits) return false;
    if (s_[digits] == '0' && i_ - digits > 1) return false;  // leading zero
    is_integer = true;
    if (i_ < s_.size() && s_[i_] == '.') {
      is_integer = false;
      ++i_;
      size_t f = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      if (i_ == f) return false;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      is_integer = false;
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      size_t f = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      if (i_ == f) return false;
    }
    token = s_.substr(start, i_ - start);
    return true;
  }

  bool literal(std::string_view word) {
    skipSpace();
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

// The member of a text key (the keys of kRawTextFields in json.cpp),
// dispatched on the key's length first; nullptr for any other key.
std::string* textField(RawEvent& e, std::string_view key) {
  switch (key.size()) {
    case 3:
      if (key == "end") return &e.end;
      break;
    case 4:
      if (key == "city") return &e.city;
      if (key == "kind") return &e.kind;
      break;
    case 5:
      if (key == "title") return &e.title;
      if (key == "start") return &e.start;
      break;
    case 6:
      if (key == "buy_in") return &e.buy_in;
      break;
    case 7:
      if (key == "variant") return &e.variant;
      if (key == "address") return &e.address;
      break;
    case 8:
      if (key == "postcode") return &e.postcode;
      if (key == "timezone") return &e.timezone;
      break;
    case 9:
      if (key == "event_url") return &e.event_url;
      if (key == "source_id") return &e.source_id;
      break;
    case 10:
      if (key == "source_url") return &e.source_url;
      if (key == "venue_name") return &e.venue_name;
      if (key == "fetched_at") return &e.fetched_at;
      break;
    case 11:
      if (key == "source_name") return &e.source_name;
      if (key == "description") return &e.description;
      if (key == "status_text") return &e.status_text;
      if (key == "source_hash") return &e.source_hash;
      break;
    case 12:
      if (key == "published_at") return &e.published_at;
      break;
    default:
      break;
  }
  return nullptr;
}

}  // namespace

Result<void> checkJsonDepth(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      // Skip the string: up to the next quote not escaped by a backslash.
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        return makeError(ErrorCode::kLimitExceeded,
                         "JSON nested deeper than " + std::to_string(max_depth) + " levels (at byte " +
                             std::to_string(i) + ")");
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return ok();
}

bool parseRawEventJsonLine(std::string_view line, RawEvent& out) {
  // nlohmann rejects ill-formed UTF-8: leave those lines to it.
  if (!text::isValidUtf8(line)) return false;
  for (std::string* f : {&out.source_name, &out.source_url, &out.title, &out.description, &out.start, &out.end,
                         &out.buy_in, &out.variant, &out.venue_name, &out.address, &out.city, &out.postcode,
                         &out.event_url, &out.status_text, &out.timezone, &out.fetched_at, &out.published_at, &out.kind,
                         &out.source_hash, &out.source_id}) {
    f->clear();
  }
  out.latitude.reset();
  out.longitude.reset();
  out.priority = 0;

  Reader r(line);
  if (!r.eat('{')) return false;
  thread_local std::string key_buffer;
  thread_local std::string ignored;
  if (r.eat('}')) return r.atEnd();
  for (;;) {
    std::string_view key;
    if (!r.plainString(key)) {
      if (!r.string(key_buffer)) return false;
      key = key_buffer;
    }
    if (!r.eat(':')) return false;
    char c = r.peek();
    std::string* text = textField(out, key);
    if (c == '"') {
      if (text != nullptr) {
        if (!r.string(*text)) return false;
      } else if (key == "latitude" || key == "longitude" || key == "priority") {
        return false;  // a number written as a string: leave it to rawEventFromJson
      } else if (!r.string(ignored)) {
        return false;
      }
    } else if (c == 'n') {
      if (!r.literal("null")) return false;
      if (text != nullptr) text->clear();
      if (key == "latitude") out.latitude.reset();
      if (key == "longitude") out.longitude.reset();
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      std::string_view token;
      bool is_integer = false;
      if (!r.number(token, is_integer)) return false;
      if (text != nullptr) return false;  // number in a text field: rawEventFromJson dumps it
      if (key == "latitude" || key == "longitude") {
        double v = 0;
        auto [p, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
        if (ec != std::errc() || p != token.data() + token.size()) return false;
        (key == "latitude" ? out.latitude : out.longitude) = v;
      } else if (key == "priority") {
        if (!is_integer) return false;
        int v = 0;
        auto [p, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
        if (ec != std::errc() || p != token.data() + token.size()) return false;
        out.priority = v;
      }
    } else if (c == 't' || c == 'f') {
      if (!r.literal(c == 't' ? "true" : "false")) return false;
      if (text != nullptr || key == "latitude" || key == "longitude") return false;  // wrong type: error path
    } else {
      return false;  // nested object or array, or garbage
    }
    if (r.eat(',')) continue;
    if (r.eat('}')) return r.atEnd();
    return false;
  }
}

}  // namespace pft
