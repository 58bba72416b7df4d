#include "docpipe/text.hpp"

namespace docpipe {
inline namespace v2 {

char32_t utf8_next(std::string_view s, std::size_t& pos) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) {
    ++pos;
    return b0;
  }
  int len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    ++pos;
    return replacement_character;
  }
  if (pos + len > s.size()) {
    ++pos;
    return replacement_character;
  }
  for (int i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(s[pos + i]);
    if ((b & 0xC0) != 0x80) {
      ++pos;
      return replacement_character;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid in UTF-8.
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++pos;
    return replacement_character;
  }
  pos += len;
  return cp;
}

void utf8_append(std::string& out, char32_t cp) {
  // Surrogates and values past U+10FFFF have no UTF-8 encoding; writing their bit patterns
  // would put invalid UTF-8 into a document's text.
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = replacement_character;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

Utf8Repair utf8_sanitize(std::string_view in, std::string& out) {
  Utf8Repair r;
  out.reserve(out.size() + in.size());
  std::size_t pos = 0;
  while (pos < in.size()) {
    // ASCII runs are copied without decoding: most text is mostly ASCII.
    std::size_t run = pos;
    while (run < in.size() && static_cast<unsigned char>(in[run]) < 0x80) ++run;
    out.append(in.data() + pos, run - pos);
    pos = run;
    if (pos >= in.size()) break;
    const std::size_t start = pos;
    const char32_t cp = utf8_next(in, pos);
    if (cp == replacement_character && !(pos - start == 3 && in.substr(start, 3) == "\xEF\xBF\xBD")) {
      if (r.invalid_sequences++ == 0) r.first_invalid_offset = start;
      utf8_append(out, replacement_character);
    } else {
      out.append(in.data() + start, pos - start);
    }
  }
  return r;
}

bool utf8_valid(std::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::size_t start = pos;
    if (utf8_next(s, pos) == replacement_character && !(pos - start == 3 && s.substr(start, 3) == "\xEF\xBF\xBD"))
      return false;
  }
  return true;
}

}  // namespace v2
}  // namespace docpipe
