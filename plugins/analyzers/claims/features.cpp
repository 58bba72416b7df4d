#include "features.hpp"

#include <algorithm>
#include <cmath>

#include "claims_analyzer.hpp"

namespace docpipe::plugins::claims {
namespace {

constexpr std::string_view signal_names[] = {
    "number with %",
    "number: money",
    "number with scale",
    "number with unit",
    "number: ratio or multiple",
    "number",
    "source: person",
    "source: organisation",
    "source: institution",
    "source: report or study",
    "source: pronoun",
    "source: vague",
    "attribution verb: said",
    "attribution verb: show/find/estimate",
    "according to",
    "research noun",
    "institution named",
    "named actor",
    "comparison",
    "causal",
    "conditional",
    "prediction",
    "prediction horizon",
    "date",
    "dated event",
    "quote",
    "hedge",
    "approximator",
    "question",
    "imperative",
    "first-person opinion",
    "first person",
    "second person",
    "normative should/must",
    "absolute",
    "peacock term",
    "evidence in sentence",
    "boilerplate cue",
    "short sentence",
    "long sentence",
};
static_assert(std::size(signal_names) == signal_count);

// Bodies whose statements are checkable: public institutions, research and official statistics.
bool institution_word(std::string_view w) {
  static constexpr std::string_view words[] = {
      "agency",     "authority",  "bank",         "banks",       "board",      "bureau",     "commission",
      "council",    "court",      "department",   "economists",  "federation", "fund",       "government",
      "institute",  "institution", "institutions", "ministry",   "office",     "organisation", "organization",
      "parliament", "regulator",  "regulators",   "researchers", "statistics", "treasury",   "university",
      "universities", "un",       "oecd",         "imf",         "eu",         "wto",        "census"};
  // Called for every word of every sentence: a sorted copy makes it a bisection, not 35 compares.
  static const std::vector<std::string_view> sorted = [] {
    std::vector<std::string_view> v(std::begin(words), std::end(words));
    std::sort(v.begin(), v.end());
    return v;
  }();
  return std::binary_search(sorted.begin(), sorted.end(), w);
}

bool acronym(const Token& t) { return t.kind == TokenKind::word && t.all_caps && t.text.size() >= 2 && t.text.size() <= 6; }

std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 14695981039346656037ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::uint32_t slot(std::uint64_t h) {
  h ^= h >> 29;  // fold the high bits in: FNV's low bits alone mix poorly
  return ngram_base + static_cast<std::uint32_t>(h & ((1u << hash_bits) - 1));
}

struct SignalSet {
  bool on[signal_count] = {};
  void set(Signal s, bool v = true) { on[static_cast<std::uint32_t>(s)] |= v; }
};

void number_signals(const SentenceResult& r, SignalSet& s) {
  for (const NumberValue& v : r.numbers) {
    if (v.unit == "percent" || v.unit == "percentage_points") s.set(Signal::number_percent);
    else if (v.unit == "USD" || v.unit == "EUR" || v.unit == "GBP") s.set(Signal::number_money);
    else if (v.unit == "ratio" || v.unit == "multiplier" || v.unit == "fraction") s.set(Signal::number_ratio);
    else if (!v.unit.empty()) s.set(Signal::number_with_unit);
    else s.set(Signal::number_plain);
    if (!v.scale.empty()) s.set(Signal::number_scaled);
  }
}

void source_signals(const SentenceResult& r, SignalSet& s) {
  if (!r.attribution) return;
  const Attribution& a = *r.attribution;
  if (a.source_kind == "person") s.set(Signal::source_person);
  else if (a.source_kind == "document") s.set(Signal::source_document);
  else if (a.source_kind == "pronoun") s.set(Signal::source_pronoun);
  else if (a.source_kind == "vague") s.set(Signal::source_vague);
  else if (a.source_kind == "organisation") {
    bool institution = false;
    for (const Token& t : tokenize(a.source)) institution |= acronym(t) || institution_word(t.text);
    s.set(institution ? Signal::source_institution : Signal::source_organisation);
  }
}

void trigger_signals(const SentenceResult& r, SignalSet& s) {
  for (const Trigger& t : r.triggers) {
    const std::string_view sub = t.value.is_string() ? std::string_view(t.value.as_string()) : std::string_view();
    if (t.kind == "speech") {
      s.set(sub == "finding" ? Signal::verb_finding : sub == "according" ? Signal::according_to : Signal::verb_speech);
    } else if (t.kind == "causal") {
      s.set(sub == "conditional" ? Signal::conditional : Signal::causal);
    } else if (t.kind == "comparative") {
      s.set(Signal::comparison);
    } else if (t.kind == "prediction") {
      s.set(Signal::prediction);
    } else if (t.kind == "prediction_target") {
      s.set(Signal::prediction_horizon);
    } else if (t.kind == "absolute") {
      s.set(Signal::absolute);
    } else if (t.kind == "peacock") {
      s.set(Signal::peacock);
    }
  }
  for (const Trigger& h : r.hedges) s.set(h.kind == "approximator" ? Signal::approximator : Signal::hedge);
  for (const std::string& nc : r.non_claim) {
    if (nc == "question") s.set(Signal::question);
    else if (nc == "imperative") s.set(Signal::imperative);
    else if (nc == "opinion") s.set(Signal::opinion);
    else if (nc == "boilerplate") s.set(Signal::boilerplate_cue);
  }
  for (const Evidence& e : r.evidence) s.set(Signal::evidence, !e.next_sentence);
  s.set(Signal::quote, r.quote.has_value());
  s.set(Signal::date, r.dated);
  s.set(Signal::dated_event, r.event);
}

void word_signals(const SentenceTokens& st, const PhraseMatcher& m, SignalSet& s) {
  std::size_t words = 0;
  for (std::size_t i = 0; i < st.toks.size(); ++i) {
    const Token& t = st.toks[i];
    if (t.kind != TokenKind::word) {
      words += t.kind == TokenKind::number;
      continue;
    }
    ++words;
    if (st.quoted[i]) continue;
    const std::string_view w = t.text;
    s.set(Signal::first_person, w == "i" || w == "we" || w == "my" || w == "our" || w == "me" || w == "us");
    s.set(Signal::second_person, w == "you" || w == "your" || w == "you're");
    s.set(Signal::normative_modal, w == "should" || w == "must" || w == "ought");
    s.set(Signal::research_noun, m.contains_word(Lex::evidence_nouns, w) || w == "studies" || w == "surveys" || w == "reports");
    s.set(Signal::institution_named, institution_word(w) || (acronym(t) && w != "i"));
    const bool sentence_start = i == st.first_word || (i > 0 && st.toks[i - 1].kind == TokenKind::punct &&
                                                       (st.toks[i - 1].text == ":" || st.toks[i - 1].text == "\xE2\x80\x9C"));
    s.set(Signal::named_actor, t.capitalised && !sentence_start && w != "i");
  }
  s.set(Signal::short_sentence, words < 6);
  s.set(Signal::long_sentence, words > 30);
}

}  // namespace

std::string_view signal_name(Signal s) { return signal_names[static_cast<std::uint32_t>(s)]; }

std::string_view gram_word(const Token& t) {
  if (t.kind == TokenKind::number) {
    const bool year = t.text.size() == 4 && t.number >= 1900 && t.number <= 2099;
    return year ? "<year>" : "<num>";
  }
  if (t.kind == TokenKind::punct) {
    if (t.text == "%") return "<pct>";
    if (t.text == "$" || t.text == "\xC2\xA3" || t.text == "\xE2\x82\xAC") return "<cur>";
    return {};
  }
  return t.has_digit ? std::string_view("<num>") : std::string_view(t.text);
}

std::string gram_name(const Gram& g, const std::vector<Token>& toks) {
  if (g.first == g.second) return "unigram \"" + std::string(gram_word(toks[g.first])) + "\"";
  return "bigram \"" + std::string(gram_word(toks[g.first])) + ' ' + std::string(gram_word(toks[g.second])) + "\"";
}

FeatureVector extract_features(const SentenceResult& r, const SentenceTokens& st, const PhraseMatcher& m) {
  SignalSet s;
  number_signals(r, s);
  source_signals(r, s);
  trigger_signals(r, s);
  word_signals(st, m, s);

  FeatureVector fv;
  for (std::uint32_t i = 0; i < signal_count; ++i)
    if (s.on[i]) fv.features.push_back({signal_index(static_cast<Signal>(i)), 1.0f});
  constexpr std::uint32_t none = static_cast<std::uint32_t>(-1);
  std::uint32_t prev = none;
  std::uint64_t prev_hash = 0;
  for (std::uint32_t i = 0; i < st.toks.size(); ++i) {
    const std::string_view w = gram_word(st.toks[i]);
    if (w.empty()) continue;
    const std::uint64_t h = fnv1a(w);
    fv.grams.push_back({slot(h), i, i});
    if (prev != none) fv.grams.push_back({slot(fnv1a(w, prev_hash * 31 + 0x9E3779B97F4A7C15ull)), prev, i});
    prev = i;
    prev_hash = h;
  }
  // By slot, and within a slot in the order pushed (by second word, the unigram before the bigram
  // ending on it), so unique keeps the first occurrence as a stable sort would, without its buffer.
  std::sort(fv.grams.begin(), fv.grams.end(), [](const Gram& a, const Gram& b) {
    if (a.index != b.index) return a.index < b.index;
    if (a.second != b.second) return a.second < b.second;
    return a.first > b.first;
  });
  fv.grams.erase(std::unique(fv.grams.begin(), fv.grams.end(), [](const Gram& a, const Gram& b) { return a.index == b.index; }),
                 fv.grams.end());
  // Unit length over the n-grams, so a long sentence does not outvote the signals by word count.
  const float v = fv.grams.empty() ? 0.0f : static_cast<float>(1.0 / std::sqrt(double(fv.grams.size())));
  for (const Gram& g : fv.grams) fv.features.push_back({g.index, v});
  return fv;
}

}  // namespace docpipe::plugins::claims
