#pragma once
// Text helpers shared by every module: Unicode normalisation and folding
// (through utf8proc, never the C locale), HTML entity decoding, whitespace.
// All functions are pure and thread-safe. Invalid UTF-8 never throws: it is
// repaired (each bad byte read as Windows-1252) so that scraped text survives.

#include <string>
#include <string_view>

namespace pft::text {

// True when `s` is well-formed UTF-8.
bool isValidUtf8(std::string_view s);

// Appends the UTF-8 encoding of code point `cp` (<= U+10FFFF) to `out`.
void appendUtf8(std::string& out, char32_t cp);

// Returns `s` as valid UTF-8: valid input is returned unchanged; a byte that
// is not part of a valid sequence is decoded as Windows-1252.
std::string repairUtf8(std::string_view s);

// `s` fit to be echoed back in an error message: valid UTF-8 (each byte
// that is not part of a valid sequence becomes U+FFFD) and at most
// `max_chars` code points; a longer text keeps its first `max_chars` code
// points followed by « … ». Client-sent values (query parameters, paths)
// go through it before they are quoted in a problem's detail.
std::string clipForEcho(std::string_view s, std::size_t max_chars = 200);

// Converts Windows-1252 (a superset of Latin-1 used by French sites) to UTF-8.
std::string windows1252ToUtf8(std::string_view s);

// Unicode NFC of valid UTF-8 (input is repaired first).
std::string nfc(std::string_view s);

// Lower case + accents removed + NFKC ("Évian-les-Bains" -> "evian-les-bains").
// Punctuation and spaces are kept.
std::string foldCase(std::string_view s);

// The key used for matching and search: foldCase, then every run of
// characters that are not letters or digits becomes one space, trimmed,
// and typographic apostrophes dropped ("Casino Barrière d’Enghien" ->
// "casino barriere d enghien").
std::string foldKey(std::string_view s);

// Collapses runs of whitespace (including U+00A0, U+202F) to one ASCII
// space and trims both ends.
std::string squashSpaces(std::string_view s);

// A URL slug: the ASCII letters and digits of foldKey(s), words joined by
// '-', at most `max_bytes` (cut at a word): « Deepstack du Léman — 150 € »
// -> "deepstack-du-leman-150". Empty when `s` has no ASCII letter or digit.
std::string slugify(std::string_view s, std::size_t max_bytes = 60);

// Decodes HTML character references (&amp; &eacute; &#233; &#xE9; ...).
// Unknown references are kept as written.
std::string decodeHtmlEntities(std::string_view s);

// Removes tags (<...>), decodes entities, squashes whitespace; <br> and
// block-level closing tags become spaces so that words do not merge.
std::string stripHtml(std::string_view s);

// ASCII-only trim (spaces, tabs, CR, LF).
std::string_view trim(std::string_view s);

// `s` without the Unicode bidirectional controls (U+200E LRM, U+200F RLM,
// U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates), which
// can make a title shown by a search engine or a calendar read differently
// from its bytes (JSON-LD name and description). Other text is kept byte
// for byte, invalid UTF-8 included.
std::string stripBidiControls(std::string_view s);

}  // namespace pft::text
