#pragma once
// Private to the normalize parsers (date_fr, money, classify): a small
// tokenizer over *folded* text (pft::text::foldCase output: lower case, no
// accents). It splits the text into numbers, words and punctuation and keeps,
// for each token, whether whitespace preceded it, so that the parsers can tell
// "19h30" from "19 h 30" and "1 000" from "1, 000". Tokens are views into the
// string given to tokenize(): keep that string alive. Pure and thread-safe.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pft/core/text.hpp"

namespace pft::normalize::detail {

// Folds `s` for the parsers without utf8proc when it only holds ASCII,
// Latin-1 letters that fold to one ASCII letter (é -> e, À -> a, ç -> c) and
// the separators the tokenizer knows (U+00A0, U+00AB, U+00BB, U+2000-U+203F,
// €), which are copied unchanged. Returns false, with `out` unspecified,
// for anything else: the caller then uses text::foldCase.
inline bool foldLatinFast(std::string_view s, std::string& out) {
  // Lower-case ASCII letter for U+00C0..U+00FF, or 0 when it does not fold
  // to one ASCII letter (Æ, Ð, ×, Ø, Þ, ß, æ, ð, ÷, ø, þ).
  static constexpr char kLatin1[64] = {
      'a', 'a', 'a', 'a', 'a', 'a', 0,   'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
      0,   'n', 'o', 'o', 'o', 'o', 'o', 0,   0,   'u', 'u', 'u', 'u', 'y', 0,   0,
      'a', 'a', 'a', 'a', 'a', 'a', 0,   'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
      0,   'n', 'o', 'o', 'o', 'o', 'o', 0,   0,   'u', 'u', 'u', 'u', 'y', 0,   'y'};
  // Folding never lengthens the text: write in place, then trim.
  out.resize(s.size());
  std::size_t o = 0;
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out[o++] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
      continue;
    }
    const auto c1 = i + 1 < n ? static_cast<unsigned char>(s[i + 1]) : 0u;
    if (c == 0xC3 && c1 >= 0x80 && c1 <= 0xBF) {
      const char a = kLatin1[c1 - 0x80];
      if (a == 0) return false;
      out[o++] = a;
      ++i;
      continue;
    }
    if (c == 0xC2 && (c1 == 0xA0 || c1 == 0xAB || c1 == 0xBB)) {
      out[o++] = s[i];
      out[o++] = s[i + 1];
      ++i;
      continue;
    }
    const auto c2 = i + 2 < n ? static_cast<unsigned char>(s[i + 2]) : 0u;
    if (c == 0xE2 && ((c1 == 0x80 && c2 >= 0x80 && c2 <= 0xBF) || (c1 == 0x82 && c2 == 0xAC))) {
      out[o++] = s[i];
      out[o++] = s[i + 1];
      out[o++] = s[i + 2];
      i += 2;
      continue;
    }
    return false;
  }
  out.resize(o);
  return true;
}

// text::foldCase for the parsers: entities decoded, lower case, accents
// removed. Common French text takes foldLatinFast; anything else goes
// through utf8proc.
inline std::string foldText(std::string_view raw) {
  std::string decoded;
  std::string_view s = raw;
  if (raw.find('&') != std::string_view::npos) {
    decoded = text::decodeHtmlEntities(raw);
    s = decoded;
  }
  std::string out;
  if (foldLatinFast(s, out)) return out;
  return text::foldCase(s);
}

// text::foldKey for the parsers: entities decoded, folded, then letters and digits kept and
// every other run of characters one space, trimmed. Non-ASCII letters left by
// utf8proc (œ, ß) are kept.
inline std::string foldKeyText(std::string_view raw) {
  std::string decoded;
  std::string_view s = raw;
  if (raw.find('&') != std::string_view::npos) {
    decoded = text::decodeHtmlEntities(raw);
    s = decoded;
  }
  std::string out;
  if (!foldLatinFast(s, out)) return text::foldKey(s);
  // Squeezed in place: each character read gives at most one written
  // before it (a run of others gives one space), so writes never pass reads.
  std::size_t o = 0;
  bool pending_space = false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const char c = out[i];
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (pending_space && o > 0) out[o++] = ' ';
      pending_space = false;
      out[o++] = c;
    } else {
      pending_space = true;
    }
  }
  out.resize(o);
  return out;
}

enum class TokKind { kNumber, kWord, kPunct };

struct Token {
  TokKind kind = TokKind::kWord;
  std::string_view text;     // "19", "h", "/", "€" (punctuation is one character, or "€")
  bool space_before = false;  // whitespace between this token and the previous one
  std::int64_t value = 0;     // numbers: value of the digits (capped at 18 digits)
  std::size_t offset = 0;     // byte offset in the tokenized string

  bool isNumber() const { return kind == TokKind::kNumber; }
  bool isWord(std::string_view w) const { return kind == TokKind::kWord && text == w; }
  bool isPunct(char c) const { return kind == TokKind::kPunct && text.size() == 1 && text[0] == c; }
  bool isEuro() const { return kind == TokKind::kPunct && text == "\xE2\x82\xAC"; }
  std::size_t digits() const { return text.size(); }
};

// Splits `s`. ASCII letters and any non-ASCII character other than those below
// make words; runs of ASCII digits make numbers; whitespace (ASCII, U+00A0,
// U+2000-U+200A, U+202F) separates; dashes U+2010-U+2015 read as '-', quotes
// U+2018/U+2019 as '\'', U+201C/U+201D as '"', U+2026 as '.'; "€" is one
// punctuation token; every other ASCII character is a one-byte punctuation.
inline std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  out.reserve(s.size() / 3 + 4);
  bool space = false;
  std::size_t i = 0;
  auto isAsciiLetter = [](unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto isDigit = [](unsigned char c) { return c >= '0' && c <= '9'; };
  // Length of the UTF-8 sequence starting with lead byte c (1 for stray bytes).
  auto seqLen = [](unsigned char c) -> std::size_t {
    if (c >= 0xF0) return 4;
    if (c >= 0xE0) return 3;
    if (c >= 0xC0) return 2;
    return 1;
  };
  auto push = [&](TokKind k, std::size_t b, std::size_t e) {
    Token t;
    t.kind = k;
    t.text = s.substr(b, e - b);
    t.space_before = space;
    t.offset = b;
    space = false;
    out.push_back(t);
  };
  auto pushPunct = [&](std::string_view text, std::size_t at) {
    Token t;
    t.kind = TokKind::kPunct;
    t.text = text;
    t.space_before = space;
    t.offset = at;
    space = false;
    out.push_back(t);
  };
  // Classifies the non-ASCII sequence at i: 0 = word character, 1 = space,
  // 2 = punctuation (text in `as`).
  auto classify = [&](std::size_t at, std::size_t len, std::string_view& as) -> int {
    const auto b0 = static_cast<unsigned char>(s[at]);
    const auto b1 = len > 1 ? static_cast<unsigned char>(s[at + 1]) : 0;
    const auto b2 = len > 2 ? static_cast<unsigned char>(s[at + 2]) : 0;
    if (len == 2 && b0 == 0xC2 && b1 == 0xA0) return 1;  // U+00A0
    if (len == 2 && b0 == 0xC2 && (b1 == 0xAB || b1 == 0xBB)) { as = "\""; return 2; }  // « »
    if (len == 3 && b0 == 0xE2 && b1 == 0x82 && b2 == 0xAC) { as = s.substr(at, 3); return 2; }  // €
    if (len == 3 && b0 == 0xE2 && b1 == 0x80) {
      if (b2 <= 0x8A || b2 == 0xAF) return 1;                    // U+2000..U+200A, U+202F
      if (b2 >= 0x90 && b2 <= 0x95) { as = "-"; return 2; }      // hyphens and dashes
      if (b2 == 0x98 || b2 == 0x99) { as = "'"; return 2; }
      if (b2 == 0x9C || b2 == 0x9D) { as = "\""; return 2; }
      if (b2 == 0xA6) { as = "."; return 2; }
      as = s.substr(at, 3);
      return 2;
    }
    return 0;
  };
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = true;
      ++i;
      continue;
    }
    if (isDigit(c)) {
      const std::size_t b = i;
      std::int64_t v = 0;
      while (i < s.size() && isDigit(static_cast<unsigned char>(s[i]))) {
        if (i - b < 18) v = v * 10 + (s[i] - '0');
        ++i;
      }
      push(TokKind::kNumber, b, i);
      out.back().value = v;
      continue;
    }
    if (c < 0x80 && !isAsciiLetter(c)) {
      push(TokKind::kPunct, i, i + 1);
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const std::size_t len = std::min(seqLen(c), s.size() - i);
      std::string_view as;
      const int k = classify(i, len, as);
      if (k == 1) {
        space = true;
        i += len;
        continue;
      }
      if (k == 2) {
        pushPunct(as, i);
        i += len;
        continue;
      }
    }
    // A word: ASCII letters and non-ASCII word characters.
    const std::size_t b = i;
    while (i < s.size()) {
      const auto d = static_cast<unsigned char>(s[i]);
      if (d < 0x80) {
        if (!isAsciiLetter(d)) break;
        ++i;
        continue;
      }
      const std::size_t len = std::min(seqLen(d), s.size() - i);
      std::string_view as;
      if (classify(i, len, as) != 0) break;
      i += len;
    }
    push(TokKind::kWord, b, i);
  }
  return out;
}

}  // namespace pft::normalize::detail
