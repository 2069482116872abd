#pragma once
// Private to normalize: the space-separated words of a folded key
// (text::foldKey output), and joining a range of them back. Used by the
// gazetteer and venue resolution to try multi-word commune names.

#include <string>
#include <string_view>
#include <vector>

namespace pft::normalize {

// Words of `s` separated by one or more ASCII spaces; views into `s`.
inline std::vector<std::string_view> splitWords(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// Words [from, to) joined by single spaces.
inline std::string joinWords(const std::vector<std::string_view>& words, size_t from, size_t to) {
  std::string out;
  for (size_t k = from; k < to; ++k) {
    if (!out.empty()) out.push_back(' ');
    out.append(words[k]);
  }
  return out;
}

}  // namespace pft::normalize
