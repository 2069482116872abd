#pragma once
// Title similarity: when two tournament titles name the same event. The one
// rule that normalize merges duplicates by (normalize/dedupe.hpp) and that
// monitoring's near-duplicate check reports on. Titles are compared as
// text::foldKey gives them (no case, accents or punctuation); the functions
// compare bytes and do not fold. Pure, thread-safe.

#include <string_view>

namespace pft::text {

// Folded titles at least this similar may be one event.
inline constexpr double kSimilarTitleThreshold = 0.9;

// 1 - Levenshtein(a, b) / max(|a|, |b|) over bytes: 1.0 for equal strings
// (two empty ones included), 0.0 for an empty string against another.
double titleSimilarity(std::string_view a, std::string_view b);

// True when the folded titles `a` and `b` name the same event: equal, or
// titleSimilarity(a, b) >= kSimilarTitleThreshold with the same words
// containing a digit ("day 1a" / "day 1b", "deepstack 150" / "deepstack
// 200" stay apart). Same answer as computing titleSimilarity, faster: the
// length difference alone often decides, else a banded edit distance.
bool similarTitles(std::string_view a, std::string_view b);

}  // namespace pft::text
