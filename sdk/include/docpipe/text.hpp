// Small UTF-8 helpers plugins need everywhere; full Unicode work belongs to ICU.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace docpipe {
inline namespace v2 {

/// U+FFFD, what invalid input becomes.
inline constexpr char32_t replacement_character = 0xFFFD;

/// Decodes the code point at s[pos] and advances pos; invalid or truncated sequences yield
/// U+FFFD and advance by one byte.
char32_t utf8_next(std::string_view s, std::size_t& pos);
/// Appends the UTF-8 encoding of cp (U+FFFD for surrogates and values past U+10FFFF).
void utf8_append(std::string& out, char32_t cp);

/// Result of utf8_sanitize.
struct Utf8Repair {
  std::size_t invalid_sequences = 0;   ///< how many were replaced
  std::size_t first_invalid_offset = 0;  ///< byte offset in the input of the first one
};
/// Copies in to out, replacing each invalid sequence with U+FFFD.
Utf8Repair utf8_sanitize(std::string_view in, std::string& out);
/// True when s is valid UTF-8.
bool utf8_valid(std::string_view s);

}  // namespace v2
}  // namespace docpipe
