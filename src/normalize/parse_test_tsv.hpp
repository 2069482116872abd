#pragma once
// Test-only helper for the parser tables under tests/data/normalize/
// (STYLE.md §9): one case per line, tab-separated columns, '#' starts a
// comment line, empty columns are empty strings. In cells, "\u00A0" and
// "\u202F" (any \uXXXX) stand for that character so that invisible spaces stay
// visible in review, and "\t" / "\n" for a tab / newline.

#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "pft/core/text.hpp"

namespace pft::normalize::testing {

struct TsvRow {
  int line = 0;
  std::vector<std::string> cells;
  const std::string& at(std::size_t i) const {
    static const std::string kEmpty;
    return i < cells.size() ? cells[i] : kEmpty;
  }
};

inline std::string unescapeCell(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      if (s[i + 1] == 'u' && i + 5 < s.size()) {
        text::appendUtf8(out, static_cast<char32_t>(std::stoul(s.substr(i + 2, 4), nullptr, 16)));
        i += 5;
        continue;
      }
      if (s[i + 1] == 't') { out += '\t'; ++i; continue; }
      if (s[i + 1] == 'n') { out += '\n'; ++i; continue; }
    }
    out += s[i];
  }
  return out;
}

// Reads PFT_SOURCE_DIR/tests/data/normalize/<name>; throws if it is missing
// (a missing table must fail the test, not pass it).
inline std::vector<TsvRow> readTable(const std::string& name) {
  const std::string path = std::string(PFT_SOURCE_DIR) + "/tests/data/normalize/" + name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<TsvRow> rows;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    TsvRow row;
    row.line = n;
    std::size_t b = 0;
    while (true) {
      const std::size_t e = line.find('\t', b);
      row.cells.push_back(unescapeCell(line.substr(b, e == std::string::npos ? std::string::npos : e - b)));
      if (e == std::string::npos) break;
      b = e + 1;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace pft::normalize::testing
