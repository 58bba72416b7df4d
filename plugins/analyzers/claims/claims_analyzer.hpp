// The claims analyzer: finds the sentences that assert something checkable, says why (categories,
// triggers, a score with its breakdown) and whether the text supports them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "claims_lexicon.hpp"
#include "features.hpp"
#include "model.hpp"
#include "docpipe/plugin.hpp"

namespace docpipe::plugins::claims {


/// Where the model's probability (0-100) puts a sentence, and how much of the reasoning is shown.
struct Thresholds {
  double check_worthy = 50;  ///< from here a sentence is check-worthy (band "check-worthy")
  double minor = 30;         ///< from here a sentence is a minor factual statement
  double min_score = 0;      ///< categorised sentences scoring below this produce no finding
  int explain_top = 6;       ///< contributions listed in score_breakdown
};

/// Everything the analyzer is configured with.
struct Config {
  Lexicons lexicons;
  Model model;
  Thresholds thresholds;
  std::vector<std::string> veto = {"question", "imperative", "boilerplate"};  ///< non-claims the model cannot overrule
  std::vector<double> category_offsets;  ///< logit added per primary category, by category_table() row
  int min_quote_words = 4;
  int top_unsupported = 5;
  bool evidence_in_next_sentence = true;
  /// Fill every sentence's breakdown, not only those that become findings (primary category and
  /// score >= min_score). Naming contributions costs about a tenth of the stage, so the analyzer
  /// turns this off; evaluation and tests keep it.
  bool explain_all = true;
};

/// The model in path, or the embedded one when path is empty; throws docpipe::Error on a bad file.
Model load_model(const std::string& path);
/// Builds the configuration from validated options (lexicon_dir, extra_*, weight_*, thresholds).
Config config_from_options(const Options& options);
/// The analyzer's option declarations, for ComponentInfo.
std::vector<OptionSpec> option_specs();

/// A figure read from the text, normalised.
struct NumberValue {
  double value = 0;        ///< with scale applied ("2.4 million" -> 2400000)
  std::string unit;        ///< "percent", "percentage_points", "USD", "EUR", "GBP", "ratio", or the noun
  std::string scale;       ///< "thousand", "million", "billion", "trillion" or empty
  std::string direction;   ///< "up", "down" or empty
  Span span;
};

/// A cue that made the analyzer decide something.
struct Trigger {
  std::string kind;  ///< number, scale, causal, comparative, prediction, speech, absolute, ...
  Span span;
  Value value;       ///< normalised value where there is one, else the cue's sub-kind or null
};

/// Who is reported to have said or found something.
struct Attribution {
  std::string source;       ///< the source as written (titles stripped for people)
  std::string source_kind;  ///< person, organisation, document, pronoun or vague
  Span source_span;
  Span cue;
  Span content;             ///< empty when the content is a quote elsewhere in the sentence
  std::string resolved;     ///< for pronouns: the person they were resolved to, if any
};

/// A direct quotation and its speaker.
struct Quote {
  Span span;
  std::string speaker;       ///< empty when the text does not say
  std::string speaker_kind;  ///< as Attribution::source_kind, or empty
};

/// Something in the text that backs a claim.
struct Evidence {
  std::string kind;  ///< link, url, doi, footnote, citation, source_line, named_report
  Span span;
  std::string value;
  bool next_sentence = false;
};

/// The analysis of one candidate sentence.
struct SentenceResult {
  Span span;
  std::string primary;  ///< statistical, attributed, quote, causal, comparative, prediction, sweeping, event or empty
  std::vector<std::string> tags;  ///< every category found, primary first
  std::vector<Trigger> triggers;
  std::vector<Trigger> hedges;
  std::vector<std::string> non_claim;  ///< question, imperative, opinion, boilerplate
  std::optional<Attribution> attribution;
  std::optional<Quote> quote;
  std::vector<Evidence> evidence;
  std::vector<NumberValue> numbers;
  bool supported = false;
  bool dated = false;  ///< a year, month, weekday or "last year"
  bool event = false;  ///< a named actor, a date and a past-tense verb
  FeatureVector features;
  double score = 0;    ///< the model's probability of check-worthiness, 0-100
  std::vector<std::pair<std::string, double>> breakdown;  ///< largest contributions to the logit
  std::string band;  ///< "not a claim", "minor factual" or "check-worthy"
  bool check_worthy = false;
  bool needs_support = false;
};

/// The rules, compiled once per analyzer instance.
class Engine {
 public:
  /// Indexes the lexicons of config.
  explicit Engine(Config config);
  /// Analyses every candidate sentence (kind "sentence", outside boilerplate) of doc, in order.
  std::vector<SentenceResult> analyze(const Document& doc) const;
  const Config& config() const { return config_; }
  /// What carries over from sentence to sentence in one document (people named so far).
  struct State;

 private:
  SentenceResult analyze_sentence(const Document& doc, Span span, std::optional<Span> next, State& state) const;
  // Appends the evidence in s, whose tokens are et (links, URLs, DOIs, footnotes, citations,
  // Source: lines, named reports).
  void find_evidence(const Document& doc, Span s, const std::vector<Token>& et, bool next, const State& state,
                     std::vector<Evidence>& out) const;

  // Runs the model on r.features: score, band, breakdown, and "event" for an uncategorised claim.
  void score_sentence(SentenceResult& r, const std::vector<Token>& toks) const;

  Config config_;
  PhraseMatcher matcher_;
};

/// Finds the figures among tokens (skipping years, dates, list numbers, versions, codes and names).
std::vector<NumberValue> read_numbers(const std::vector<Token>& tokens, const PhraseMatcher& matcher);
/// The same, given the phrase matches of tokens (matcher.match(tokens)) already made.
std::vector<NumberValue> read_numbers(const std::vector<Token>& tokens, const std::vector<PhraseMatch>& matches);

/// The finding a sentence result becomes, or nothing when it has no category and is not a claim.
std::optional<Finding> to_finding(const SentenceResult& r, std::string_view text);
/// Per-document metrics: claims per 1,000 words, share needing support, top unsupported claims.
Object document_metrics(const std::vector<SentenceResult>& results, std::uint64_t words, int top_n,
                        std::string_view text);

/// The docpipe component: runs the engine and records findings, claim annotations and metrics.
class ClaimsAnalyzer : public Analyzer {
 public:
  /// Reads options and loads the lexicons; throws docpipe::Error on a bad lexicon_dir.
  explicit ClaimsAnalyzer(const StageContext& ctx);
  void analyze(Document& doc) override;

 private:
  std::string stage_id_;
  Engine engine_;
};

}  // namespace docpipe::plugins::claims
