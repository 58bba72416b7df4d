#include "stats_analyzer.hpp"

#include <array>

#include "docpipe/text.hpp"

namespace docpipe::plugins {
namespace {

bool is_ascii_digit(char32_t c) { return c >= '0' && c <= '9'; }

// Joins two word code points into one word: apostrophes and hyphens, including U+2010 HYPHEN and
// U+2011 NON-BREAKING HYPHEN that web text uses in compounds.
bool is_word_joiner(char32_t c) { return c == '\'' || c == 0x2019 || c == '-' || c == 0x2010 || c == 0x2011; }

enum class CharClass : std::uint8_t { other, word, joiner, number_separator };

// ASCII is most of any text: one table look-up instead of decoding and range tests.
constexpr auto kAsciiClass = [] {
  std::array<CharClass, 128> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = CharClass::word;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = t[c - 'a' + 'A'] = CharClass::word;
  t['\''] = t['-'] = CharClass::joiner;
  t['.'] = t[','] = CharClass::number_separator;
  return t;
}();

// Decodes the code point at pos, advances past it and classifies it.
CharClass next_class(std::string_view s, std::size_t& pos, char32_t& cp) {
  const auto b = static_cast<unsigned char>(s[pos]);
  if (b < 0x80) {
    ++pos;
    cp = b;
    return kAsciiClass[b];
  }
  cp = utf8_next(s, pos);
  if (is_word_code_point(cp)) return CharClass::word;
  return is_word_joiner(cp) ? CharClass::joiner : CharClass::other;
}

}  // namespace

bool is_word_code_point(char32_t c) {
  if (c < 0x80) return is_ascii_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  // C1 controls and Latin-1 punctuation; the multiplication and division signs.
  if (c <= 0xBF || c == 0xD7 || c == 0xF7) return false;
  // General and supplemental punctuation, arrows, mathematical operators, shapes, dingbats.
  if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x2E00 && c <= 0x2E7F)) return false;
  // CJK punctuation, variation selectors, BOM / zero-width no-break space, replacement character.
  if ((c >= 0x3000 && c <= 0x303F) || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF || c == 0xFFFD) return false;
  // Emoji and pictographs.
  return !(c >= 0x1F000 && c <= 0x1FAFF);
}

TextCounts count_text(std::string_view text) {
  TextCounts counts;
  counts.bytes = text.size();
  for (const char c : text) counts.characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80;

  bool in_word = false;
  char32_t previous = 0;  // the last code point of the current word
  std::size_t pos = 0;
  char32_t c = 0;
  while (pos < text.size()) {
    const CharClass cls = next_class(text, pos, c);
    if (cls == CharClass::word) {
      counts.words += !in_word;
      ++counts.word_characters;
      in_word = true;
      previous = c;
      continue;
    }
    if (in_word && cls != CharClass::other && pos < text.size()) {
      std::size_t ahead = pos;
      char32_t next = 0;
      const CharClass next_cls = next_class(text, ahead, next);
      const bool joins = (cls == CharClass::joiner && next_cls == CharClass::word) ||
                         (cls == CharClass::number_separator && is_ascii_digit(previous) && is_ascii_digit(next));
      if (joins) {
        // The joiner counts as a character of the word; the next code point continues it.
        ++counts.word_characters;
        continue;
      }
    }
    in_word = false;
  }
  return counts;
}

StatsAnalyzer::StatsAnalyzer(const StageContext& ctx) : stage_id_(ctx.stage_id) {}

void StatsAnalyzer::analyze(Document& doc) {
  TextCounts counts = count_text(doc.text);
  // After the segmenter, its token stream decides what a word is, so every stage counts alike.
  if (!doc.tokens.empty()) {
    counts.words = counts.word_characters = 0;
    for (const Token& t : doc.tokens) {
      if (!t.is_word()) continue;
      ++counts.words;
      for (const char c : doc.slice(t.span())) counts.word_characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }
  }
  std::uint64_t paragraphs = 0, headings = 0, list_items = 0;
  for (const Annotation& a : doc.annotations) {
    if (a.type == annotation::paragraph) ++paragraphs;
    else if (a.type == annotation::heading) ++headings;
    else if (a.type == annotation::list_item) ++list_items;
  }
  Object& m = doc.stage_metrics(stage_id_);
  m.set("bytes", counts.bytes);
  m.set("characters", counts.characters);
  m.set("words", counts.words);
  m.set("paragraphs", paragraphs);
  m.set("headings", headings);
  m.set("list_items", list_items);
  m.set("average_word_length", counts.average_word_length());
}

}  // namespace docpipe::plugins
