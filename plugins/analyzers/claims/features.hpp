// The features of the check-worthiness model: hashed word uni- and bigrams (numbers normalised) and
// the rule signals. The plugin and docpipe-train-claims both call extract_features, so the features
// a model was trained on are the features it is run on.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "claims_lexicon.hpp"

namespace docpipe::plugins::claims {

struct SentenceResult;

/// Bumped whenever a feature changes meaning; a model trained on another version is refused.
inline constexpr int feature_version = 1;
/// N-grams are hashed into 2^hash_bits slots.
inline constexpr int hash_bits = 18;

/// The rule signals, each a feature of its own (value 1 when present).
enum class Signal : std::uint32_t {
  number_percent,
  number_money,
  number_scaled,
  number_with_unit,
  number_ratio,
  number_plain,
  source_person,
  source_organisation,
  source_institution,
  source_document,
  source_pronoun,
  source_vague,
  verb_speech,
  verb_finding,
  according_to,
  research_noun,
  institution_named,
  named_actor,
  comparison,
  causal,
  conditional,
  prediction,
  prediction_horizon,
  date,
  dated_event,
  quote,
  hedge,
  approximator,
  question,
  imperative,
  opinion,
  first_person,
  second_person,
  normative_modal,
  absolute,
  peacock,
  evidence,
  boilerplate_cue,
  short_sentence,
  long_sentence,
  count_
};
inline constexpr std::uint32_t signal_count = static_cast<std::uint32_t>(Signal::count_);

/// How a signal is named in score breakdowns ("source: institution").
std::string_view signal_name(Signal s);
/// liblinear counts features from 1: signals first, then the hashed n-gram slots.
inline std::uint32_t signal_index(Signal s) { return 1 + static_cast<std::uint32_t>(s); }
inline constexpr std::uint32_t ngram_base = 1 + signal_count;
/// One past the largest feature index.
inline constexpr std::uint32_t feature_dimension = ngram_base + (1u << hash_bits);

/// One non-zero feature.
struct Feature {
  std::uint32_t index;
  float value;
};

/// An n-gram feature, with where its words are so an explanation can quote them.
struct Gram {
  std::uint32_t index;
  std::uint32_t first;   ///< token index of its first word
  std::uint32_t second;  ///< token index of its second word; equal to first for a unigram
};

/// A sentence's features, sorted by index, each index once.
struct FeatureVector {
  std::vector<Feature> features;
  std::vector<Gram> grams;  ///< one per distinct n-gram slot, for naming contributions
};

/// What the extractor reads besides the rule results: the sentence's tokens and which are quoted.
struct SentenceTokens {
  const std::vector<Token>& toks;
  const std::vector<bool>& quoted;
  std::size_t first_word = 0;
};

/// The features of one analysed sentence.
FeatureVector extract_features(const SentenceResult& r, const SentenceTokens& s, const PhraseMatcher& matcher);

/// The normalised form of a token in n-grams: lower-case words, <num>, <year>, <pct>, <cur>; empty
/// for tokens n-grams skip.
std::string_view gram_word(const Token& t);

/// The readable name of an n-gram feature: unigram "show" / bigram "studies show".
std::string gram_name(const Gram& g, const std::vector<Token>& toks);

}  // namespace docpipe::plugins::claims
