#include "pft/core/text.hpp"

#include <utf8proc.h>

#include <array>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace pft::text {
namespace {

// Windows-1252 code points for bytes 0x80..0x9F (0 = undefined, kept as U+FFFD).
constexpr std::array<char32_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

char32_t cp1252(unsigned char b) {
  if (b >= 0x80 && b < 0xA0) {
    char32_t cp = kCp1252High[b - 0x80];
    return cp == 0 ? 0xFFFD : cp;
  }
  return b;
}

// Length of the valid UTF-8 sequence at s[i], or 0 when invalid.
size_t validSequenceLength(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  size_t len = 0;
  char32_t cp = 0;
  if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
  else return 0;
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    auto d = static_cast<unsigned char>(s[i + k]);
    if ((d & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (d & 0x3F);
  }
  // Overlong forms, surrogates and out-of-range values are invalid.
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return 0;
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// Runs utf8proc_map with `options` on valid UTF-8; returns the input on failure.
std::string mapUtf8(std::string_view valid, int options) {
  utf8proc_uint8_t* out = nullptr;
  auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(valid.data()),
                        static_cast<utf8proc_ssize_t>(valid.size()), &out,
                        static_cast<utf8proc_option_t>(options));
  if (n < 0 || out == nullptr) {
    std::free(out);
    return std::string(valid);
  }
  std::string result(reinterpret_cast<char*>(out), static_cast<size_t>(n));
  std::free(out);
  return result;
}

bool isAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

void appendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Same answers as validSequenceLength over the whole text (same lead
// bytes, overlong, surrogate and range rules), inlined because the raw
// event reader and the JSON escaper run it over every line and string.
bool isValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    // Eight ASCII bytes at a time: most text we check is mostly ASCII.
    while (end - p >= 8) {
      std::uint64_t v;
      std::memcpy(&v, p, 8);
      if ((v & 0x8080808080808080ULL) != 0) break;
      p += 8;
    }
    if (p == end) break;
    if (*p < 0x80) {
      ++p;
      continue;
    }
    const unsigned c = *p;
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (static_cast<std::size_t>(end - p) < len) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    p += len;
  }
  return true;
}

std::string clipForEcho(std::string_view s, std::size_t max_chars) {
  std::string out;
  out.reserve(std::min(s.size(), max_chars) + 8);
  std::size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++chars) {
    if (chars == max_chars) {
      out += "\u2026";  // …
      break;
    }
    size_t len = validSequenceLength(s, i);
    if (len == 0) {
      out += "\uFFFD";
      ++i;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string repairUtf8(std::string_view s) {
  if (isValidUtf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size();) {
    size_t len = validSequenceLength(s, i);
    if (len == 0) {
      appendUtf8(out, cp1252(static_cast<unsigned char>(s[i])));
      ++i;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string windows1252ToUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (unsigned char c : s) appendUtf8(out, cp1252(c));
  return out;
}

std::string nfc(std::string_view s) {
  std::string valid = repairUtf8(s);
  bool ascii = true;
  for (unsigned char c : valid) ascii = ascii && c < 0x80;
  if (ascii) return valid;
  return mapUtf8(valid, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

std::string foldCase(std::string_view s) {
  std::string valid = repairUtf8(s);
  bool ascii = true;
  for (unsigned char c : valid) ascii = ascii && c < 0x80;
  if (ascii) {
    // Fast path: most keys are ASCII already.
    for (auto& c : valid) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return valid;
  }
  return mapUtf8(valid, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                            UTF8PROC_STRIPMARK);
}

std::string foldKey(std::string_view s) {
  std::string folded = foldCase(s);
  std::string out;
  out.reserve(folded.size());
  bool pending_space = false;
  for (size_t i = 0; i < folded.size();) {
    auto c = static_cast<unsigned char>(folded[i]);
    if (c < 0x80) {
      if (isAsciiAlnum(c)) {
        if (pending_space && !out.empty()) out.push_back(' ');
        pending_space = false;
        out.push_back(static_cast<char>(c));
      } else {
        pending_space = true;
      }
      ++i;
      continue;
    }
    // Non-ASCII after folding: keep letters and digits (œ, ß, Greek…), drop
    // the rest (punctuation, symbols, typographic quotes) as separators.
    size_t len = validSequenceLength(folded, i);
    if (len == 0) len = 1;
    utf8proc_int32_t cp = 0;
    utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(folded.data() + i),
                     static_cast<utf8proc_ssize_t>(len), &cp);
    auto category = utf8proc_category(cp);
    bool keep = category == UTF8PROC_CATEGORY_LU || category == UTF8PROC_CATEGORY_LL ||
                category == UTF8PROC_CATEGORY_LT || category == UTF8PROC_CATEGORY_LO ||
                category == UTF8PROC_CATEGORY_ND;
    if (keep) {
      if (pending_space && !out.empty()) out.push_back(' ');
      pending_space = false;
      out.append(folded, i, len);
    } else {
      pending_space = true;
    }
    i += len;
  }
  return out;
}

std::string slugify(std::string_view s, std::size_t max_bytes) {
  std::string key = foldKey(s);
  std::string out;
  for (char c : key) {
    if (isAsciiAlnum(static_cast<unsigned char>(c))) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.size() > max_bytes) {
    auto cut = out.rfind('-', max_bytes);
    out.resize(cut == std::string::npos || cut == 0 ? max_bytes : cut);
  }
  return out;
}

std::string squashSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t skip = 0;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') skip = 1;
    else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) skip = 2;  // U+00A0
    else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
             (static_cast<unsigned char>(s[i + 2]) == 0xAF ||                                  // U+202F
              (static_cast<unsigned char>(s[i + 2]) >= 0x80 && static_cast<unsigned char>(s[i + 2]) <= 0x8A)))  // U+2000..200A
      skip = 3;
    if (skip) {
      pending = true;
      i += skip;
      continue;
    }
    if (pending && !out.empty()) out.push_back(' ');
    pending = false;
    out.push_back(static_cast<char>(c));
    ++i;
  }
  return out;
}

namespace {

struct NamedEntity {
  std::string_view name;
  char32_t cp;
};

// The named references that French and English pages actually use.
constexpr NamedEntity kEntities[] = {
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},     {"apos", '\''},
    {"nbsp", 0xA0},    {"eacute", 0xE9},  {"Eacute", 0xC9},  {"egrave", 0xE8},  {"Egrave", 0xC8},
    {"ecirc", 0xEA},   {"Ecirc", 0xCA},   {"euml", 0xEB},    {"agrave", 0xE0},  {"Agrave", 0xC0},
    {"acirc", 0xE2},   {"Acirc", 0xC2},   {"auml", 0xE4},    {"ccedil", 0xE7},  {"Ccedil", 0xC7},
    {"icirc", 0xEE},   {"Icirc", 0xCE},   {"iuml", 0xEF},    {"ocirc", 0xF4},   {"Ocirc", 0xD4},
    {"ouml", 0xF6},    {"ugrave", 0xF9},  {"ucirc", 0xFB},   {"uuml", 0xFC},    {"Uuml", 0xDC},
    {"oelig", 0x153},  {"OElig", 0x152},  {"aelig", 0xE6},   {"euro", 0x20AC},  {"laquo", 0xAB},
    {"raquo", 0xBB},   {"rsquo", 0x2019}, {"lsquo", 0x2018}, {"rdquo", 0x201D}, {"ldquo", 0x201C},
    {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026}, {"deg", 0xB0},    {"copy", 0xA9},
    {"reg", 0xAE},     {"trade", 0x2122}, {"middot", 0xB7},  {"bull", 0x2022},  {"times", 0xD7},
    {"shy", 0xAD},     {"iexcl", 0xA1},   {"ntilde", 0xF1},  {"aacute", 0xE1},  {"iacute", 0xED},
    {"oacute", 0xF3},  {"uacute", 0xFA},  {"szlig", 0xDF},   {"thinsp", 0x2009}, {"ensp", 0x2002},
    {"emsp", 0x2003},  {"pound", 0xA3},   {"dollar", '$'},   {"sup2", 0xB2},    {"frac12", 0xBD},
};

}  // namespace

std::string decodeHtmlEntities(std::string_view s) {
  if (s.find('&') == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (s[i] != '&') {
      out.push_back(s[i++]);
      continue;
    }
    size_t semi = s.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 12) {
      out.push_back(s[i++]);
      continue;
    }
    std::string_view ref = s.substr(i + 1, semi - i - 1);
    char32_t cp = 0;
    if (!ref.empty() && ref[0] == '#') {
      bool hex = ref.size() > 1 && (ref[1] == 'x' || ref[1] == 'X');
      std::string digits(ref.substr(hex ? 2 : 1));
      if (!digits.empty()) {
        char* end = nullptr;
        unsigned long v = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
        if (end && *end == '\0' && v > 0 && v <= 0x10FFFF && !(v >= 0xD800 && v <= 0xDFFF)) {
          cp = static_cast<char32_t>(v);
          // Numeric references in 0x80..0x9F mean Windows-1252 in practice.
          if (cp >= 0x80 && cp < 0xA0) cp = cp1252(static_cast<unsigned char>(cp));
        }
      }
    } else {
      for (const auto& e : kEntities) {
        if (e.name == ref) {
          cp = e.cp;
          break;
        }
      }
    }
    if (cp == 0) {
      out.push_back(s[i++]);
      continue;
    }
    appendUtf8(out, cp);
    i = semi + 1;
  }
  return out;
}

std::string stripHtml(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '<') {
      size_t close = s.find('>', i + 1);
      // A '<' that does not open a tag ("prix < 100 €") is text.
      bool looks_like_tag = i + 1 < s.size() &&
                            (std::isalpha(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '/' ||
                             s[i + 1] == '!' || s[i + 1] == '?');
      if (close != std::string_view::npos && looks_like_tag) {
        out.push_back(' ');
        i = close + 1;
        continue;
      }
    }
    out.push_back(s[i++]);
  }
  return squashSpaces(decodeHtmlEntities(out));
}

std::string stripBidiControls(std::string_view s) {
  // All of them are E2 80 8E/8F/AA–AE or E2 81 A6–A9 in UTF-8.
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\xE2' && i + 2 < s.size()) {
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      const auto b2 = static_cast<unsigned char>(s[i + 2]);
      if ((b1 == 0x80 && (b2 == 0x8E || b2 == 0x8F || (b2 >= 0xAA && b2 <= 0xAE))) ||
          (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9)) {
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

std::string_view trim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (b < e && space(s[b])) ++b;
  while (e > b && space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

}  // namespace pft::text
