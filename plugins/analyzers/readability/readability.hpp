// Readability formulas over the segment analyzer's sentences and words, per document, section and
// paragraph, with the counts behind every figure and findings a writer can act on.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "docpipe/plugin.hpp"
#include "syllables.hpp"

namespace docpipe::plugins {

/// The counts every formula is computed from.
struct TextCounts {
  std::size_t sentences = 0;
  std::size_t words = 0;
  std::size_t letters = 0;        ///< letters and digits of the words
  std::size_t syllables = 0;
  std::size_t polysyllables = 0;  ///< words of three or more syllables (SMOG)
  std::size_t complex_words = 0;  ///< polysyllables less proper nouns, compounds and -es/-ed/-ing (Fog)
  std::size_t long_words = 0;     ///< words of more than six letters (LIX)
  TextCounts& operator+=(const TextCounts& o);
};

/// The seven scores; see docs/readability.md for the formulas and their sources.
struct Scores {
  double flesch_reading_ease = 0;
  double flesch_kincaid_grade = 0;
  double gunning_fog = 0;
  double smog = 0;
  double coleman_liau = 0;
  double automated_readability = 0;
  double lix = 0;
};

/// The scores of c, or nothing when it has no sentence or no word.
std::optional<Scores> compute_scores(const TextCounts& c);

/// The counts of one word token; first_in_sentence exempts a capital from the proper-noun rule.
TextCounts measure_word(std::string_view token, bool first_in_sentence, const SyllableDictionary* dict,
                        SyllableSource* source = nullptr);

/// Counts and scores as a metrics object: counts first, then scores rounded to two decimals
/// (null when there is nothing to score).
Object to_object(const TextCounts& c);

/// Options of the readability stage.
struct ReadabilitySettings {
  std::string dictionary = "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict";
  bool count_headings = false;
  bool count_list_items = false;
  bool per_paragraph = true;
  std::size_t max_sentence_words = 35;
  double target_grade = 12;
  double outlier_margin = 6;   ///< a hard sentence is this many grades above its document's median
  bool paragraph_findings = false;  ///< hard-paragraph findings (the grades are in the metrics either way)
  std::size_t min_words = 10;  ///< shorter sentences and paragraphs get no grade finding
  std::size_t hardest = 5;     ///< paragraphs ranked in the metrics
};

/// The analyzer: requires "sentence" annotations and reads words from the token stream (word
/// annotations when the stream is empty).
class ReadabilityAnalyzer : public Analyzer {
 public:
  /// dictionary, count_headings, count_list_items, per_paragraph, max_sentence_words,
  /// target_grade, min_words, hardest.
  static std::vector<OptionSpec> option_specs();
  /// Reads the options; loads (or shares) the dictionary. Throws docpipe::Error on bad values.
  explicit ReadabilityAnalyzer(const StageContext& ctx);
  /// For tests: explicit settings, dictionary already loaded (may be null for rules only).
  ReadabilityAnalyzer(std::string stage_id, ReadabilitySettings settings,
                      std::shared_ptr<const SyllableDictionary> dict);
  void analyze(Document& doc) override;

 private:
  std::string stage_id_;
  ReadabilitySettings settings_;
  std::shared_ptr<const SyllableDictionary> dict_;
};

}  // namespace docpipe::plugins
