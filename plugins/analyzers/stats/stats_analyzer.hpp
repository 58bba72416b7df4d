// Analyzer for basic text statistics: sizes, words and the reader's structure counts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "docpipe/plugin.hpp"

namespace docpipe::plugins {

/// Counts of one text, as the stats analyzer reports them.
struct TextCounts {
  std::uint64_t bytes = 0;
  std::uint64_t characters = 0;       ///< code points
  std::uint64_t words = 0;
  std::uint64_t word_characters = 0;  ///< code points inside words, joiners included
  /// word_characters / words, 0 without words.
  double average_word_length() const { return words == 0 ? 0.0 : double(word_characters) / double(words); }
};

/// Whether cp can be part of a word: ASCII letters and digits, and non-ASCII code points outside
/// the punctuation, symbol and control blocks (a stand-in for Unicode letters without ICU).
bool is_word_code_point(char32_t cp);

/// Counts bytes, code points and words of UTF-8 text. A word is a maximal run of word code points;
/// an apostrophe (' or U+2019) or hyphen between two word code points joins them ("don't",
/// "small-business"), and so does "." or "," between two digits ("3.5", "1,000").
TextCounts count_text(std::string_view text);

/// Writes bytes, characters, words, paragraphs, headings, list_items and average_word_length into
/// the document's metrics under the stage id.
class StatsAnalyzer : public Analyzer {
 public:
  /// Keeps the stage id the metrics are filed under.
  explicit StatsAnalyzer(const StageContext& ctx);
  /// Counts the text and the paragraph, heading and list_item annotations.
  void analyze(Document& doc) override;

 private:
  std::string stage_id_;
};

}  // namespace docpipe::plugins
