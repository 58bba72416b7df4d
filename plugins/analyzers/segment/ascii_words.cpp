#include "ascii_words.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

namespace docpipe::plugins::ascii_words {

namespace {

// The classes of ICU's word rules for one code point beyond ASCII, from ICU's own property
// tables, as far as the scanner can stand in for the rules: letters that ICU does not hand to a
// dictionary, the mid-word and mid-number punctuation, and separators. The rest (marks, format
// characters, ideographs, kana, Hebrew, emoji, other digits, connectors) goes to ICU.
char fold_beyond_ascii_impl(char32_t c) {
  const auto cp = static_cast<UChar32>(c);
  switch (u_getIntPropertyValue(cp, UCHAR_WORD_BREAK)) {
    case U_WB_ALETTER:
      // Thai, Lao, Khmer, Myanmar: ICU breaks their runs by dictionary.
      if (u_getIntPropertyValue(cp, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT) return 0;
      return 'a';
    case U_WB_MIDNUMLET: return '\'';
    case U_WB_MIDNUM: return ',';
    case U_WB_MIDLETTER:
      // ICU's word rules take the colons out of MidLetter.
      return c == 0xFE55 || c == 0xFF1A ? '\x01' : '\x02';
    case U_WB_OTHER: {
      if (u_hasBinaryProperty(cp, UCHAR_EXTENDED_PICTOGRAPHIC) || u_hasBinaryProperty(cp, UCHAR_IDEOGRAPHIC)) return 0;
      UErrorCode status = U_ZERO_ERROR;
      const UScriptCode script = uscript_getScript(cp, &status);
      if (U_FAILURE(status) || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA || script == USCRIPT_HAN) return 0;
      if (u_getIntPropertyValue(cp, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT) return 0;
      // Hyphens join the parts of a hyphenated word in the segmenter (see segment_unit).
      if (c == 0x2010 || c == 0x2011) return '-';
      return '\x01';
    }
    default: return 0;
  }
}

}  // namespace

namespace detail {
char fold_beyond_ascii(char32_t c) { return fold_beyond_ascii_impl(c); }
}  // namespace detail

}  // namespace docpipe::plugins::ascii_words
