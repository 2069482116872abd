#pragma once
// Private to core: the one scan both fast JSON paths share (the raw event
// line reader of json_read.cpp, the string escaper of json_write.cpp): where
// the next byte that JSON treats specially inside a string is.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace pft::detail {

// The first byte at or after `i` that is '"', '\\' or a control character
// (< 0x20), or s.size(): eight bytes at a time, then the lowest flagged byte
// (exact: borrows only run upwards).
inline std::size_t nextJsonSpecial(std::string_view s, std::size_t i) {
  while (i + 8 <= s.size()) {
    std::uint64_t v;
    std::memcpy(&v, s.data() + i, 8);
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
    std::uint64_t q = v ^ (kOnes * '"');
    std::uint64_t b = v ^ (kOnes * '\\');
    std::uint64_t special = (((q - kOnes) & ~q) | ((b - kOnes) & ~b) | ((v - kOnes * 0x20) & ~v)) & kHigh;
    if (special != 0) {
      static_assert(std::endian::native == std::endian::little, "byte order of the SWAR scan");
      return i + static_cast<std::size_t>(std::countr_zero(special)) / 8;
    }
    i += 8;
  }
  while (i < s.size() && s[i] != '"' && s[i] != '\\' && static_cast<unsigned char>(s[i]) >= 0x20) ++i;
  return i;
}

}  // namespace pft::detail
