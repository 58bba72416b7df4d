// Hedge words and weasel phrases ("may", "arguably", "it is believed"): each one becomes an info
// finding and a "hedge" annotation; a document that uses too many per 1000 words gets a warning.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "docpipe/document.hpp"
#include "docpipe/plugin.hpp"

namespace hedges {

/// The phrases looked for when the pipeline adds none.
const std::vector<std::string>& builtin_phrases();

/// A phrase occurrence: byte span in the text and the phrase as listed.
struct Match {
  docpipe::Span span;
  std::string phrase;
};

/// Finds phrases (case-insensitive, whole words, any whitespace between words) in text. Where
/// phrases overlap, the longest one starting first wins, so "it could be argued" is one match.
class PhraseMatcher {
 public:
  explicit PhraseMatcher(const std::vector<std::string>& phrases);
  /// Every non-overlapping match in text, in order; also counts the words seen.
  std::vector<Match> find(std::string_view text, std::size_t& words) const;

 private:
  struct Phrase {
    std::vector<std::string> words;
    std::string text;
  };
  std::vector<Phrase> phrases_;  // longest first
};

/// The analyzer: options `phrases` (added to the built-in list) and `max_per_1000_words`.
class HedgeAnalyzer final : public docpipe::Analyzer {
 public:
  explicit HedgeAnalyzer(const docpipe::StageContext& ctx);
  void analyze(docpipe::Document& doc) override;

 private:
  std::string stage_;
  PhraseMatcher matcher_;
  double max_per_1000_;
};

}  // namespace hedges
