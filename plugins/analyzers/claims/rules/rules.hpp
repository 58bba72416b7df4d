// The rules of the claims analyzer: one detector per file in this folder, each reading and writing
// the Sentence context built once per sentence (tokens, quoted tokens, lexicon matches, names).
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "claims_analyzer.hpp"
#include "rules/word_classes.hpp"

namespace docpipe::plugins::claims {

struct Engine::State {
  std::vector<std::string> persons;  // full names in order of last mention, most recent last
  std::string last_person;
  // A quotation left open at the end of a sentence continues into the next ones ("...," she said.
  // "First part. Second part."); the count stops a stray mark from quoting the rest of a document.
  int open_quote_sentences = 0;
  std::string previous_quote_speaker;
  std::vector<const Annotation*> links;  // the document's link annotations, by start offset
  // The next sentence's tokens, made for its evidence and taken over when it is analysed itself,
  // so each sentence is tokenised once.
  Span next_span;
  std::vector<Token> next_tokens;

  void mention(const std::string& name) {
    std::string full = resolve(name);
    if (full.empty()) full = name;
    persons.erase(std::remove(persons.begin(), persons.end(), full), persons.end());
    persons.push_back(full);
    last_person = full;
  }
  // A surname or first name alone resolves to the full name mentioned last that contains it.
  std::string resolve(std::string_view name) const {
    for (auto it = persons.rbegin(); it != persons.rend(); ++it) {
      if (*it == name) return *it;
      const std::string& full = *it;
      if (name.find(' ') == std::string_view::npos) {
        std::size_t pos = 0;
        while (pos < full.size()) {
          std::size_t sp = full.find(' ', pos);
          if (sp == std::string::npos) sp = full.size();
          if (std::string_view(full).substr(pos, sp - pos) == name) return full;
          pos = sp + 1;
        }
      }
    }
    return {};
  }
};

/// A quotation's marks as token indices; close (or open) is the token count when it runs to the edge.
struct Region {
  std::size_t open, close;
};

/// Everything known about one sentence while its rules run, built once and shared by the detectors.
struct Sentence {
  Sentence(const Document& d, Span s, const Config& cfg, const PhraseMatcher& m, Engine::State& st)
      : doc(d), span(s), text(d.text), config(cfg), matcher(m), state(st) {}

  const Document& doc;
  Span span;
  std::string_view text;  ///< the document's text
  const Config& config;
  const PhraseMatcher& matcher;
  Engine::State& state;
  std::vector<Token> toks;
  std::vector<bool> quoted;  ///< inside a quotation of min_quote_words words or more
  std::vector<bool> scare;   ///< inside a shorter quotation (scare quotes)
  std::size_t first_word = 0;
  std::vector<PhraseMatch> matches;
  std::vector<NameRun> runs;

  // What the detectors found, for the ones after them.
  std::vector<Region> regions;
  std::optional<Region> main_quote;
  bool statistical = false, dated = false, future_target = false, hedged = false, vague_source = false;
  bool comparative = false, prediction = false, absolute = false, peacock = false, event = false;
  std::pair<std::size_t, std::size_t> horizon{0, 0};
  std::string causal_kind;

  /// The word at token i, or empty for punctuation, numbers and positions past the end.
  std::string_view word(std::size_t i) const {
    return i < toks.size() && is_word(toks[i]) ? std::string_view(toks[i].text) : std::string_view();
  }
  /// Whether no token of [b, e) is quoted.
  bool outside(std::size_t b, std::size_t e) const {
    for (std::size_t k = b; k < e; ++k)
      if (quoted[k]) return false;
    return true;
  }
  void add_trigger(SentenceResult& r, std::string kind, std::size_t b, std::size_t e, Value v = nullptr) const {
    r.triggers.push_back({std::move(kind), span_of(toks, b, e), std::move(v)});
  }
};

/// The text of tokens [b, e) as written.
std::string join_text(const Sentence& c, std::size_t b, std::size_t e);
/// Capitalised runs outside quotes, titles stripped, classified.
std::vector<NameRun> name_runs(const Sentence& c, const PhraseMatcher& m, const Engine::State* state);
/// The run inside [b, e), preferring a person.
const NameRun* run_in(const std::vector<NameRun>& runs, std::size_t b, std::size_t e);
/// The kind of source tokens [b, e) name (person, organisation, document, pronoun, vague); name gets its text.
std::string classify_source(const Sentence& c, const PhraseMatcher& m, const std::vector<NameRun>& runs, std::size_t b,
                            std::size_t e, std::string& name);

// The detectors, in the order the analyzer runs them.
void detect_quotes(Sentence& c, SentenceResult& r);
void detect_non_claims(Sentence& c, SentenceResult& r);
void detect_figures(Sentence& c, SentenceResult& r);
void detect_dates(Sentence& c, SentenceResult& r);
void detect_hedges(Sentence& c, SentenceResult& r);
void detect_attribution(Sentence& c, SentenceResult& r);
void detect_speaker(Sentence& c, SentenceResult& r);
void detect_cues(Sentence& c, SentenceResult& r);
void detect_than_comparisons(Sentence& c, SentenceResult& r);
void detect_event(Sentence& c, SentenceResult& r);

}  // namespace docpipe::plugins::claims
