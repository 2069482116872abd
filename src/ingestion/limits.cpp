#include "pft/ingestion/limits.hpp"

#include <fmt/format.h>

namespace pft::ingestion {
namespace {

bool isContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Byte offset just past the first `max_chars` characters of `text`, and the
// number of characters in all of it.
std::pair<std::size_t, std::size_t> measure(std::string_view text, std::size_t max_chars) {
  std::size_t chars = 0;
  std::size_t cut = text.size();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (isContinuation(text[i])) continue;
    if (chars == max_chars) cut = i;
    ++chars;
  }
  return {cut, chars};
}

}  // namespace

std::string truncateUtf8(std::string_view text, std::size_t max_chars, bool* cut) {
  if (cut != nullptr) *cut = false;
  if (text.size() <= max_chars) return std::string(text);  // fewer bytes than the limit: fewer characters
  const auto [end, chars] = measure(text, max_chars);
  if (chars <= max_chars) return std::string(text);
  if (cut != nullptr) *cut = true;
  return std::string(text.substr(0, end));
}

std::string capMessage(std::string_view message, std::size_t max_chars) {
  if (message.size() <= max_chars) return std::string(message);
  const auto [end, chars] = measure(message, max_chars);
  if (chars <= max_chars) return std::string(message);
  return fmt::format("{} … ({} more)", message.substr(0, end), chars - max_chars);
}

}  // namespace pft::ingestion
