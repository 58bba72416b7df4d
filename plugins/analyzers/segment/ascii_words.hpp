// Word boundaries for the text most documents are made of, without ICU's iterator: ASCII, and
// beyond it letters, punctuation and symbols whose word-break class (read from ICU's tables) the
// scanner handles. The rules are those of ICU's word iterator (UAX #29 as ICU tailors it: '@' is a
// letter, a colon does not join letters) restricted to these classes; anything else returns 0
// from fold() and the unit goes to ICU. The ICU path and this one are compared on
// real and generated text in tests/unit/segment/fast_path_test.cpp.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace docpipe::plugins::ascii_words {

/// The byte a code point stands for in the scanner: itself for ASCII ('a' for '@'); beyond ASCII
/// 'a' for a letter, ' for mid-word-or-number punctuation (curly apostrophes), ',' for mid-number,
/// \x02 for mid-letter, '-' for the Unicode hyphens, \x01 for what only separates (curly double
/// quotes, dashes, symbols, no-break space); white space the segmenter reads as a blank becomes
/// ' '. 0 when ICU must decide (marks, format characters, ideographs, kana, Hebrew, emoji, other
/// digits, '_' and the other connectors, NUL).

namespace detail {
char fold_beyond_ascii(char32_t c);
constexpr char fold_ascii(char32_t c) {
  if (c == 0 || c == '_') return 0;  // '_' (ExtendNumLet) joins in ways left to ICU
  if (c == '@') return 'a';           // ICU counts '@' as a letter, for e-mail addresses
  // The segmenter reads line breaks and tabs inside a unit as spaces (see load_utf16).
  if (c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v') return ' ';
  // Other control characters only separate; folding them keeps \x01 and \x02 the scanner's own.
  if (c < 0x20 || c == 0x7F) return '\x01';
  return static_cast<char>(c);
}
inline constexpr auto kAscii = [] {
  std::array<char, 128> t{};
  for (char32_t c = 0; c < 128; ++c) t[c] = fold_ascii(c);
  return t;
}();
}  // namespace detail

inline char fold(char32_t c) {
  if (c < 0x80) return detail::kAscii[c];
  if (c == 0x85) return ' ';
  return detail::fold_beyond_ascii(c);
}

inline bool is_letter(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// Calls emit(begin, end) for every word of folded text s (indices into s): the segments ICU's
/// word iterator gives a letter or number status. Letters and digits join (WB5, WB8-10); '.', '\''
/// and \x02 join letters (WB6-7); ',', ';', '.' and '\'' join digits (WB11-12).
template <class Emit>
void scan(std::string_view s, Emit&& emit) {
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    if (!is_letter(s[i]) && !is_digit(s[i])) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    for (;;) {
      const std::size_t j = i + 1;
      if (j < n && (is_letter(s[j]) || is_digit(s[j]))) {
        i = j;
        continue;
      }
      if (j + 1 < n) {
        const char mid = s[j], next = s[j + 1];
        if (is_letter(s[i]) && is_letter(next) && (mid == '.' || mid == '\'' || mid == '\x02')) {
          i = j + 1;
          continue;
        }
        if (is_digit(s[i]) && is_digit(next) && (mid == ',' || mid == ';' || mid == '.' || mid == '\'')) {
          i = j + 1;
          continue;
        }
      }
      break;
    }
    emit(start, i + 1);
    ++i;
  }
}

}  // namespace docpipe::plugins::ascii_words
