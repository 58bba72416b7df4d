// Charset detection (uchardet) and conversion to UTF-8 (ICU) for text that is not UTF-8.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace docpipe::plugins::encoding {

/// uchardet's guess for bytes ("WINDOWS-1252", "SHIFT_JIS", ...), or "" when it has none.
/// uchardet 0.0.7 (Debian 12) reports no confidence, only a name.
std::string detect(std::string_view bytes);

/// True when ICU has a converter for name.
bool supported(std::string_view name);

/// The name to report for an encoding: its MIME or IANA name as ICU knows it, in lower case.
std::string display_name(std::string_view name);

/// Share (0..1) of the non-ASCII characters of UTF-8 text that text in a human language is made
/// of: letters, marks, punctuation, spaces, currency and other symbols. Math and modifier
/// symbols, control, private-use and unassigned characters and U+FFFD count against it. 1 when
/// there is no non-ASCII character. A wrong guess of a legacy encoding scores low.
double plausibility(std::string_view utf8);

/// Text decoded from a legacy encoding.
struct Decoded {
  std::string text;                       ///< UTF-8
  std::size_t substitutions = 0;          ///< byte sequences the encoding does not define, now U+FFFD
  std::uint64_t first_substitution = 0;   ///< source offset of the first one
};

/// Converts bytes in encoding name to UTF-8 with ICU; undefined sequences become U+FFFD.
/// Throws docpipe::Error when ICU has no converter for name.
Decoded to_utf8(std::string_view bytes, std::string_view name);

}  // namespace docpipe::plugins::encoding
