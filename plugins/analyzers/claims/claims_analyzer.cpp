#include "claims_analyzer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <functional>
#include <initializer_list>
#include <string_view>
#include <unordered_set>

#include "categories.hpp"
#include "docpipe/error.hpp"

namespace docpipe::plugins::claims {
namespace {

// A closed word class. Every token of every sentence is tested against several of these, and
// most tokens are in none: a 256-bit filter on (first letter, last letter, length) answers most
// of those tests without hashing the word.
class Words {
 public:
  Words(std::initializer_list<std::string_view> words) : set_(words) {
    for (std::string_view w : words) filter_[slot(w) >> 6] |= std::uint64_t{1} << (slot(w) & 63);
  }
  bool contains(std::string_view w) const {
    if (w.empty()) return false;
    const unsigned s = slot(w);
    return (filter_[s >> 6] >> (s & 63) & 1) != 0 && set_.count(w) != 0;
  }

 private:
  static unsigned slot(std::string_view w) {
    if (w.empty()) return 0;
    return (static_cast<unsigned char>(w.front()) * 31u + static_cast<unsigned char>(w.back()) * 7u +
            static_cast<unsigned>(w.size())) & 255u;
  }
  std::unordered_set<std::string_view> set_;
  std::uint64_t filter_[4] = {};
};

// Closed word classes the rules need; these are grammar, not project vocabulary, so they are not
// lexicon files.
const Words months = {"january", "february", "march", "april", "may", "june", "july", "august",
                      "september", "october", "november", "december", "jan", "feb", "mar", "apr",
                      "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"};
const Words weekdays = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
const Words time_nouns = {"year", "years", "month", "months", "week", "weeks", "quarter", "day", "days",
                          "spring", "summer", "autumn", "fall", "winter", "season", "decade", "morning",
                          "night", "evening", "time", "century", "half", "round", "step", "friday", "weekday", "weekend",
                          "hour", "hours", "minute", "shift", "generation", "payday", "fall", "holiday",
                          "monday", "tuesday", "wednesday", "thursday", "saturday", "sunday"};
const Words pronouns = {"he", "she", "they", "we", "i", "it"};
const Words determiners = {"the", "a", "an", "its", "their", "our", "his", "her", "this", "that", "these", "those", "one"};
const Words titles = {"mr", "mrs", "ms", "dr", "prof", "professor", "mayor", "minister", "founder", "president",
                      "ceo", "chief", "executive", "director", "manager", "senator", "governor", "sir", "judge",
                      "chairman", "chairwoman", "chair", "owner", "grower", "representative", "lead", "product",
                      "transport", "finance", "spokesperson", "spokesman", "spokeswoman", "economist", "analyst"};
const Words name_stops = {"the", "a", "an", "in", "on", "at", "for", "but", "and", "so", "last", "this", "that",
                          "these", "those", "our", "its", "his", "her", "their", "when", "after", "before",
                          "since", "while", "yet", "it", "we", "they", "he", "she", "i", "as", "if", "of", "to",
                          "by", "with", "from", "over", "under", "every", "each", "some", "many", "most", "few",
                          "not", "no", "only", "still", "now", "today", "then", "there", "here", "what", "why",
                          "how", "who", "where", "which", "according", "dear", "source", "sources", "read",
                          "table", "figure", "chapter", "section", "step", "all", "both", "even", "once", "like",
                          "others", "another", "everyone", "nobody", "someone", "anyone"};
const Words place_suffixes = {"street", "road", "avenue", "lane", "square", "falls", "valley", "county", "river",
                              "city", "town", "hill", "bridge", "highway", "coast", "island", "mountains", "point",
                              "lake", "bay", "harbor", "harbour", "port", "beach", "springs", "creek", "heights"};
const Words person_nouns = {"authors", "author", "researchers", "economists", "economist", "scientists", "officials",
                            "official", "spokesperson", "spokesman", "spokeswoman", "owner", "founder", "executive",
                            "manager", "director", "broker", "minister", "mayor", "analyst", "chair", "president"};
const Words label_words = {"step", "chapter", "section", "table", "figure", "fig", "page", "no", "number", "version",
                           "v", "phase", "level", "grade", "article", "part", "route", "item", "question",
                           "appendix", "tier", "series", "model", "room", "gate", "platform", "exhibit", "clause"};
const Words scale_names = {"thousand", "million", "billion", "trillion", "bn", "m", "mn", "k", "tn"};
const Words irregular_past = {"bought", "sold", "won", "made", "took", "began", "became", "built", "hit", "paid",
                              "lost", "led", "left", "went", "came", "was", "were", "had", "grew", "fell", "rose",
                              "cut", "struck", "spent", "sent", "set", "shut", "split", "told", "said", "kept", "got",
                              "gave", "found", "felt", "held", "ran", "saw", "thought", "brought", "quit", "chose"};
const Words comparative_words = {"more", "less", "fewer", "better", "worse", "greater", "smaller", "larger",
                                 "higher", "lower", "faster", "slower", "cheaper", "bigger", "longer", "shorter",
                                 "stronger", "weaker", "earlier", "later", "older", "younger", "richer", "poorer"};

const Words function_words = {"a", "an", "the", "of", "in", "on", "at", "by", "for", "to", "and", "or", "but", "from",
                              "with", "per", "than", "as", "that", "which", "who", "over", "under", "between", "within",
                              "since", "last", "this", "each", "every", "is", "are", "was", "were", "had", "have", "has",
                              "said", "more", "less", "after", "before", "into", "across", "up", "down", "out", "still"};

const std::pair<std::string_view, int> number_words[] = {
    {"one", 1},   {"two", 2},    {"three", 3},  {"four", 4},    {"five", 5},      {"six", 6},     {"seven", 7},
    {"eight", 8}, {"nine", 9},   {"ten", 10},   {"eleven", 11}, {"twelve", 12},   {"twenty", 20}, {"thirty", 30},
    {"forty", 40}, {"fifty", 50}, {"hundred", 100}};

bool in(const Words& set, std::string_view w) { return set.contains(w); }

std::optional<int> number_word(std::string_view w) {
  for (const auto& [word, value] : number_words)
    if (word == w) return value;
  return std::nullopt;
}

std::string_view strip_possessive(std::string_view w) {
  if (w.size() > 2 && w.ends_with("'s")) w.remove_suffix(2);
  return w;
}

bool is_word(const Token& t) { return t.kind == TokenKind::word; }

// "Consider the statistic: SMBs make up 99% of firms": an imperative that only introduces what
// follows a colon, bullet or dash is a lead-in, not an instruction.
bool lead_in(const std::vector<Token>& toks, std::size_t from) {
  for (std::size_t k = from; k < toks.size() && k < from + 8; ++k) {
    const Token& t = toks[k];
    if (t.kind != TokenKind::punct) continue;
    if (t.text == ":" || t.text == "\xE2\x97\x8F" || t.text == "\xE2\x80\xA2" || t.text == "\xE2\x80\x94" || t.text == "-")
      return k + 3 < toks.size();
  }
  return false;
}
bool is_punct(const Token& t, std::string_view p) { return t.kind == TokenKind::punct && t.text == p; }
bool is_quote_mark(const Token& t) {
  return t.kind == TokenKind::punct && (t.text == "\"" || t.text == "\xE2\x80\x9C" || t.text == "\xE2\x80\x9D");
}
bool is_year(const Token& t) {
  return t.kind == TokenKind::number && t.text.size() == 4 && t.number >= 1800 && t.number <= 2100 &&
         t.text.find_first_of(",.") == std::string::npos;
}
bool is_date_word(const Token& t) { return is_word(t) && (in(months, t.text) || in(weekdays, t.text)); }
bool is_currency(const Token& t) {
  return t.kind == TokenKind::punct && (t.text == "$" || t.text == "\xE2\x82\xAC" || t.text == "\xC2\xA3" || t.text == "\xC2\xA5");
}
std::string currency_code(const Token& t) {
  if (t.text == "$") return "USD";
  if (t.text == "\xE2\x82\xAC") return "EUR";
  if (t.text == "\xC2\xA3") return "GBP";
  return "JPY";
}
bool is_past_verb(const Token& t) {
  return is_word(t) && !t.capitalised && ((t.text.size() > 4 && t.text.ends_with("ed")) || in(irregular_past, t.text));
}

Span span_of(const std::vector<Token>& toks, std::size_t b, std::size_t e) {
  if (b >= e || e > toks.size()) return {};
  return {toks[b].begin, toks[e - 1].end};
}

Value span_value(Span s) { return Object{{"begin", s.begin}, {"end", s.end}}; }

const Words report_blockers{"you", "you'll", "we'll", "i'll", "can", "will", "would", "may", "might", "could", "should", "must"};

// A run of capitalised words: a name of a person, organisation, place or document.
struct NameRun {
  std::size_t begin, end;  // tokens, titles stripped
  std::string kind;        // person, organisation, place, document, name
  std::string text;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Configuration

std::string default_lexicon_dir() {
#ifdef DOCPIPE_CLAIMS_DATA_DIR
  return DOCPIPE_CLAIMS_DATA_DIR;
#else
  return {};
#endif
}

Model load_model(const std::string& path) {
  if (path.empty()) {
    const std::string_view text = embedded_model();
    return text.empty() ? Model() : Model::parse(text, "embedded checkworthy.model");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("claims: cannot read model_file " + path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return Model::parse(text, path);
}

namespace {
struct ThresholdOption {
  std::string_view name;
  double Thresholds::*field;
  std::string_view description;
};
const ThresholdOption threshold_options[] = {
    {"check_worthy_threshold", &Thresholds::check_worthy,
     "model score (probability x 100) from which a sentence is check-worthy (band 'check-worthy')"},
    {"minor_threshold", &Thresholds::minor, "model score from which a sentence is a minor factual statement (band 'minor factual')"},
    {"min_score", &Thresholds::min_score, "categorised sentences scoring below this produce no finding"},
};
}  // namespace

std::vector<OptionSpec> option_specs() {
  std::vector<OptionSpec> specs;
  specs.push_back({"lexicon_dir", OptionType::string, Value(default_lexicon_dir()), false,
                   "directory of lexicon files (<name>.txt) that replace the built-in ones; files it lacks "
                   "fall back to the lexicons embedded in the plugin",
                   {}});
  for (std::size_t i = 0; i < lexicon_count; ++i) {
    const std::string name(lexicon_name(static_cast<Lex>(i)));
    specs.push_back({"extra_" + name, OptionType::string_list, Value(Array{}), false,
                     "entries added to the " + name + " lexicon, one phrase each, optionally \"phrase | kind\"", {}});
  }
  specs.push_back({"model_file", OptionType::string, Value(""), false,
                   "check-worthiness model written by docpipe-train-claims, replacing the one built into the plugin "
                   "(empty: the built-in one)", {}});
  const Thresholds defaults;
  for (const ThresholdOption& t : threshold_options)
    specs.push_back({std::string(t.name), OptionType::number, Value(defaults.*(t.field)), false, std::string(t.description), {}});
  specs.push_back({"veto", OptionType::string_list, Value(Array{Value("question"), Value("imperative"), Value("boilerplate")}),
                   false,
                   "non-claims that make a sentence not check-worthy whatever the model says: any of question, "
                   "imperative, opinion, boilerplate, hedge", {}});
  specs.push_back({"explain_top", OptionType::integer, Value(defaults.explain_top), false,
                   "how many of the largest contributions to the model's score each finding's score_breakdown lists", {}});
  for (const Category& cat : category_table())
    specs.push_back({std::string(cat.weight_option), OptionType::number, Value(0.0), false,
                     "added to the model's logit when a sentence's primary category is " + std::string(cat.name) +
                         " (positive flags more of them, negative fewer)",
                     {}});
  specs.push_back({"min_quote_words", OptionType::integer, Value(4), false,
                   "words a quotation needs to count as a quote (shorter ones are scare quotes)", {}});
  specs.push_back({"top_unsupported", OptionType::integer, Value(5), false,
                   "how many unsupported check-worthy claims the document metrics list", {}});
  specs.push_back({"evidence_in_next_sentence", OptionType::boolean, Value(true), false,
                   "also look for evidence (links, citations, Source: lines) in the sentence after a claim", {}});
  return specs;
}

Config config_from_options(const Options& options) {
  Config c;
  std::string dir = default_lexicon_dir();
  if (options.has("lexicon_dir") && !options.get("lexicon_dir").is_null()) dir = options.get_string("lexicon_dir");
  std::map<std::string, std::vector<std::string>> extras;
  for (std::size_t i = 0; i < lexicon_count; ++i) {
    const std::string name(lexicon_name(static_cast<Lex>(i)));
    const std::string opt = "extra_" + name;
    if (options.has(opt) && !options.get(opt).is_null()) extras[name] = options.get_string_list(opt);
  }
  // The build-time default may not exist where the plugin is installed: then the embedded copies
  // serve. A directory the user names must exist.
  c.lexicons = load_lexicons(dir, dir != default_lexicon_dir(), extras);
  for (const ThresholdOption& t : threshold_options)
    if (options.has(t.name) && !options.get(t.name).is_null()) c.thresholds.*(t.field) = options.get_double(t.name);
  if (options.has("veto") && !options.get("veto").is_null()) {
    c.veto = options.get_string_list("veto");
    for (const std::string& v : c.veto)
      if (v != "question" && v != "imperative" && v != "opinion" && v != "boilerplate" && v != "hedge")
        throw Error("claims: veto: unknown non-claim '" + v + "' (question, imperative, opinion, boilerplate or hedge)");
  }
  if (options.has("explain_top") && !options.get("explain_top").is_null())
    c.thresholds.explain_top = static_cast<int>(options.get_int("explain_top"));
  for (const Category& cat : category_table()) {
    const std::string opt(cat.weight_option);
    c.category_offsets.push_back(options.has(opt) && !options.get(opt).is_null() ? options.get_double(opt) : 0.0);
  }
  c.model = load_model(options.has("model_file") && !options.get("model_file").is_null() ? options.get_string("model_file") : "");
  if (options.has("min_quote_words") && !options.get("min_quote_words").is_null())
    c.min_quote_words = static_cast<int>(options.get_int("min_quote_words"));
  if (options.has("top_unsupported") && !options.get("top_unsupported").is_null())
    c.top_unsupported = static_cast<int>(options.get_int("top_unsupported"));
  if (options.has("evidence_in_next_sentence") && !options.get("evidence_in_next_sentence").is_null())
    c.evidence_in_next_sentence = options.get_bool("evidence_in_next_sentence");
  if (c.min_quote_words < 1) throw Error("claims: min_quote_words must be at least 1");
  if (c.top_unsupported < 0) throw Error("claims: top_unsupported must not be negative");
  if (c.thresholds.explain_top < 0) throw Error("claims: explain_top must not be negative");
  if (c.thresholds.minor > c.thresholds.check_worthy)
    throw Error("claims: minor_threshold must not exceed check_worthy_threshold");
  return c;
}

// ---------------------------------------------------------------------------------------------
// Numbers

std::vector<NumberValue> read_numbers(const std::vector<Token>& toks, const PhraseMatcher& matcher) {
  return read_numbers(toks, matcher.match(toks));
}

std::vector<NumberValue> read_numbers(const std::vector<Token>& toks, const std::vector<PhraseMatch>& matches) {
  std::vector<NumberValue> out;
  const std::size_t n = toks.size();
  auto word_at = [&](std::size_t i) -> std::string_view { return i < n && is_word(toks[i]) ? std::string_view(toks[i].text) : std::string_view(); };
  std::size_t first_word = 0;
  while (first_word < n && !is_word(toks[first_word]) && toks[first_word].kind != TokenKind::number) ++first_word;

  // Direction words, nearest before a figure within a few tokens.
  std::vector<std::pair<std::size_t, std::string>> directions;
  std::vector<PhraseMatch> scale_matches;
  for (const PhraseMatch& m : matches) {
    if (m.lex == Lex::change_verbs) directions.emplace_back(m.begin, *m.kind);
    if (m.lex == Lex::scale_words) scale_matches.push_back(m);
  }
  auto direction_for = [&](std::size_t i) -> std::string {
    std::string best;
    for (const auto& [pos, dir] : directions)
      if (pos < i && i - pos <= 6) best = dir;
    return best;
  };

  std::vector<bool> consumed(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    if (consumed[i]) continue;
    const Token& t = toks[i];
    std::optional<double> base;
    if (t.kind == TokenKind::number) base = t.number;
    else if (auto w = is_word(t) ? number_word(t.text) : std::nullopt) base = *w;
    if (!base) continue;
    const bool spelled = t.kind != TokenKind::number;

    // "one in five", "1 in 3": a ratio.
    if (i + 2 < n && word_at(i + 1) == "in") {
      std::optional<double> denom;
      if (toks[i + 2].kind == TokenKind::number) denom = toks[i + 2].number;
      else if (auto w = is_word(toks[i + 2]) ? number_word(toks[i + 2].text) : std::nullopt) denom = *w;
      if (denom && *denom > *base && !is_year(toks[i + 2])) {
        NumberValue v{*base / *denom, "ratio", {}, direction_for(i), span_of(toks, i, i + 3)};
        out.push_back(v);
        consumed[i + 1] = consumed[i + 2] = true;
        continue;
      }
    }

    const Token* prev = i > 0 ? &toks[i - 1] : nullptr;
    const Token* next = i + 1 < n ? &toks[i + 1] : nullptr;
    if (!spelled) {
      // Footnote marks, years, days of a month, times, labels, list numbers, versions, names.
      if (prev && next && is_punct(*prev, "[") && is_punct(*next, "]")) continue;
      const bool unit_follows = next && (is_punct(*next, "%") || in(scale_names, word_at(i + 1)) ||
                                         word_at(i + 1) == "percent" || word_at(i + 1) == "per");
      if (is_year(t) && !unit_follows && !(prev && is_currency(*prev))) continue;
      if ((prev && is_date_word(*prev)) || (next && is_date_word(*next))) continue;
      if (word_at(i + 1) == "am" || word_at(i + 1) == "pm") continue;  // "9 am"
      if ((word_at(i + 1) == "a" || word_at(i + 1) == "p") && i + 3 < n && is_punct(toks[i + 2], ".") && word_at(i + 3) == "m")
        continue;  // "8 p.m."
      if (next && is_punct(*next, ":") && i + 2 < n && toks[i + 2].kind == TokenKind::number) continue;  // "10:30"
      if (prev && in(label_words, prev->text)) continue;
      if (i >= 2 && word_at(i - 2) == "out" && word_at(i - 1) == "of") continue;  // a rank's field: "14th out of 20"
      if (std::count(t.text.begin(), t.text.end(), '.') >= 2) continue;
      if (i == first_word && next && (is_punct(*next, ".") || is_punct(*next, ")") || is_punct(*next, ":"))) continue;
      if (prev && is_word(*prev) && prev->capitalised && i - 1 != first_word && !prev->text.ends_with("'s") &&
          !in(months, prev->text) && t.number < 100 && t.text.find_first_of(",.") == std::string::npos && !unit_follows)
        continue;
    }

    NumberValue v;
    v.value = *base;
    std::size_t b = i, e = i + 1;
    if (!spelled && prev && is_currency(*prev)) {
      v.unit = currency_code(*prev);
      b = i - 1;
    }
    if (e < n && in(scale_names, word_at(e))) {
      const std::string_view s = word_at(e);
      double mul = 1;
      if (s == "thousand" || s == "k") v.scale = "thousand", mul = 1e3;
      else if (s == "million" || s == "m" || s == "mn") v.scale = "million", mul = 1e6;
      else if (s == "billion" || s == "bn") v.scale = "billion", mul = 1e9;
      else v.scale = "trillion", mul = 1e12;
      v.value *= mul;
      ++e;
    }
    if (e < n && is_punct(toks[e], "%")) {
      v.unit = "percent";
      ++e;
    } else if (word_at(e) == "percent") {
      v.unit = "percent";
      ++e;
    } else if (word_at(e) == "per" && word_at(e + 1) == "cent") {
      v.unit = "percent";
      e += 2;
    } else if ((word_at(e) == "percentage" || word_at(e) == "basis") && (word_at(e + 1) == "points" || word_at(e + 1) == "point")) {
      v.unit = word_at(e) == "percentage" ? "percentage_points" : "basis_points";
      e += 2;
    } else if (word_at(e) == "dollars" || word_at(e) == "euros" || word_at(e) == "pounds") {
      v.unit = word_at(e) == "dollars" ? "USD" : word_at(e) == "euros" ? "EUR" : "GBP";
      ++e;
    } else if (v.unit.empty()) {
      // The measured noun ends the run of content words after the figure: "1,200 small firms by".
      std::size_t k = e;
      while (k < n && k - e < 3 && is_word(toks[k]) && !toks[k].capitalised && !in(function_words, toks[k].text)) ++k;
      v.unit = k > e ? toks[k - 1].text : "count";
    }
    // A spelled number is a figure only with a unit that makes it one ("ten percent").
    if (spelled && v.unit != "percent" && v.unit != "percentage_points" && v.scale.empty() && v.unit != "USD" &&
        v.unit != "EUR" && v.unit != "GBP")
      continue;
    v.direction = direction_for(b);
    v.span = span_of(toks, b, e);
    for (std::size_t k = i; k < e; ++k) consumed[k] = true;
    out.push_back(std::move(v));
  }

  // Scale words: doubled, halved, a third of.
  for (const PhraseMatch& m : scale_matches) {
    if (*m.kind == "unit") continue;  // "percent" only qualifies a number
    if (m.begin > 0 && (word_at(m.begin - 1) == "once" || word_at(m.begin - 1) == "every" || word_at(m.begin - 1) == "per" ||
                        word_at(m.begin - 1) == "each"))
      continue;
    if (m.end < n && in(time_nouns, word_at(m.end)) && *m.kind == "fraction") continue;
    if (m.begin > 0 && (word_at(m.begin - 1) == "first" || word_at(m.begin - 1) == "second" || word_at(m.begin - 1) == "last"))
      continue;  // "the first half of the year" is a period, not a share
    bool overlaps = false;
    for (std::size_t k = m.begin; k < m.end; ++k) overlaps |= consumed[k];
    if (overlaps) continue;
    const std::string_view w = toks[m.begin].text;
    NumberValue v;
    v.span = span_of(toks, m.begin, m.end);
    if (*m.kind == "change") {
      v.unit = "multiplier";
      v.value = w.starts_with("doub") ? 2 : w.starts_with("tri") || w.starts_with("treb") ? 3 : w.starts_with("quad") ? 4 : 0.5;
      v.direction = v.value < 1 ? "down" : "up";
    } else {
      v.unit = "fraction";
      const std::string phrase = [&] {
        std::string s;
        for (std::size_t k = m.begin; k < m.end; ++k) s += (k > m.begin ? " " : "") + toks[k].text;
        return s;
      }();
      v.value = phrase.find("third") != std::string::npos ? (phrase.find("two") != std::string::npos ? 2.0 / 3 : 1.0 / 3)
                : phrase.find("quarter") != std::string::npos ? (phrase.find("three") != std::string::npos ? 0.75 : 0.25)
                                                              : 0.5;
      v.direction = direction_for(m.begin);
    }
    out.push_back(std::move(v));
  }
  std::sort(out.begin(), out.end(), [](const NumberValue& a, const NumberValue& b) { return a.span.begin < b.span.begin; });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sentence analysis

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

Engine::Engine(Config config) : config_(std::move(config)), matcher_(config_.lexicons) {}

namespace {

// Everything known about one sentence while its rules run.
struct Ctx {
  const std::vector<Token>& toks;
  std::string_view text;  // document text
  std::vector<bool> quoted;
  std::size_t first_word = 0;
};

std::string join_text(const Ctx& c, std::size_t b, std::size_t e) {
  if (b >= e) return {};
  return std::string(c.text.substr(c.toks[b].begin, c.toks[e - 1].end - c.toks[b].begin));
}

// Capitalised runs outside quotes, titles stripped, classified.
std::vector<NameRun> name_runs(const Ctx& c, const PhraseMatcher& m, const Engine::State* state) {
  std::vector<NameRun> runs;
  const auto& t = c.toks;
  const std::size_t n = t.size();
  auto cap = [&](std::size_t i) {
    return i < n && is_word(t[i]) && (t[i].capitalised || t[i].all_caps) && !t[i].has_digit && !c.quoted[i] &&
           !in(weekdays, t[i].text) && !(in(months, t[i].text) && t[i].text != "may");
  };
  std::size_t i = 0;
  while (i < n) {
    if (!cap(i)) {
      ++i;
      continue;
    }
    std::size_t b = i, e = i + 1;
    while (e < n) {
      if (cap(e)) {
        ++e;
      } else if (is_punct(t[e], ".") && in(titles, t[e - 1].text) && cap(e + 1)) {
        ++e;  // "Ms. Kowalczyk"
      } else if ((is_punct(t[e], "&") || t[e].text == "of") && cap(e + 1)) {
        e += 1;
      } else {
        break;
      }
    }
    i = e;
    // A sentence's first word is capitalised anyway: it joins a name only when a name follows.
    const bool at_start = b == c.first_word || (b > 0 && is_quote_mark(t[b - 1]) && b - 1 == c.first_word);
    if (at_start && (in(name_stops, t[b].text) || e - b == 1)) {
      ++b;
      if (b < e && !cap(b)) ++b;
    }
    while (b < e && (in(titles, t[b].text) || is_punct(t[b], "."))) ++b;  // titles are not the name
    if (b >= e) continue;
    NameRun r{b, e, "name", join_text(c, b, e)};
    bool org = false, doc = false, place = false;
    std::size_t caps = 0;
    for (std::size_t k = b; k < e; ++k) {
      const std::string_view w = strip_possessive(t[k].text);
      if (is_punct(t[k], "&") || t[k].all_caps || m.contains_word(Lex::org_suffixes, w)) org = true;
      if (m.contains_word(Lex::evidence_nouns, w)) doc = true;
      if (in(place_suffixes, w)) place = true;
      caps += is_word(t[k]) && t[k].capitalised;
    }
    if (r.text.ends_with("'s")) r.text.resize(r.text.size() - 2);
    if (doc) r.kind = "document";
    else if (org) r.kind = "organisation";
    else if (place) r.kind = "place";
    else if (caps >= 2 && caps <= 4) r.kind = "person";
    else if (caps == 1 && state && !state->resolve(r.text).empty()) r.kind = "person";
    else if (caps == 1 && b > 0 && in(titles, t[b - 1].text)) r.kind = "person";
    runs.push_back(std::move(r));
  }
  return runs;
}

const NameRun* run_in(const std::vector<NameRun>& runs, std::size_t b, std::size_t e) {
  const NameRun* found = nullptr;
  for (const NameRun& r : runs)
    if (r.begin >= b && r.end <= e && (!found || r.kind == "person")) found = &r;
  return found;
}

// The kind of source a noun phrase names.
std::string classify_source(const Ctx& c, const PhraseMatcher& m, const std::vector<NameRun>& runs, std::size_t b,
                            std::size_t e, std::string& name) {
  const auto& t = c.toks;
  name = join_text(c, b, e);
  if (e - b == 1 && in(pronouns, t[b].text)) return "pronoun";
  for (const PhraseMatch& pm : m.match(std::vector<Token>(t.begin() + b, t.begin() + e)))
    if (pm.lex == Lex::vague_sources) return "vague";
  if (const NameRun* r = run_in(runs, b, e)) {
    name = r->text;
    if (r->kind == "person" || r->kind == "document" || r->kind == "organisation") return r->kind;
    return "organisation";  // a bare proper name reporting something is most often a company
  }
  // A lone capitalised word that is not a grammar word ("Nordlac told ...") is a name.
  if (e - b == 1 && is_word(t[b]) && t[b].capitalised && !in(name_stops, t[b].text) && !in(determiners, t[b].text))
    return b == c.first_word && t[b].text.size() > 3 && t[b].text.ends_with("s") ? "vague" : "organisation";  // "Critics said"
  // No proper name: the head noun decides; an indefinite person ("one manager") is vague.
  std::string_view head;
  for (std::size_t k = b; k < e; ++k)
    if (is_word(t[k]) && !in(determiners, t[k].text)) head = strip_possessive(t[k].text);
  bool has_doc = false, has_org = false;
  for (std::size_t k = b; k < e; ++k) {
    const std::string_view w = strip_possessive(t[k].text);
    has_doc |= m.contains_word(Lex::evidence_nouns, w);
    has_org |= m.contains_word(Lex::org_suffixes, w);
  }
  const bool definite = t[b].text == "the" || t[b].text == "its" || t[b].text == "their" || t[b].text.ends_with("'s");
  if (has_doc) return "document";
  if (has_org && (definite || t[b].text == "a" || t[b].text == "an")) return "organisation";
  if (in(person_nouns, head) && definite) return "person";
  return "vague";
}

}  // namespace

void Engine::find_evidence(const Document& doc, Span s, const std::vector<Token>& et, bool next, const State& state,
                           std::vector<Evidence>& out) const {
  const std::string_view st = doc.slice(s);
  // Links are sorted by start; the ones overlapping s start before s ends.
  const auto stop = std::lower_bound(state.links.begin(), state.links.end(), s.end,
                                     [](const Annotation* a, std::uint64_t end) { return a->span.begin < end; });
  for (auto it = state.links.begin(); it != stop; ++it) {
    const Annotation& a = **it;
    if (!a.span.overlaps(s)) continue;
    const Value* href = a.features.find("href");
    out.push_back({"link", a.span, href && href->is_string() ? href->as_string() : std::string(), next});
  }
  for (std::string_view marker : {"https://", "http://", "www."}) {
    std::size_t p = 0;
    while ((p = st.find(marker, p)) != std::string_view::npos) {
      if (marker == "www." && p >= 3 && st.substr(p - 3, 3) == "://") { p += 4; continue; }
      std::size_t e = p;
      while (e < st.size() && !std::isspace(static_cast<unsigned char>(st[e])) && st[e] != ')' && st[e] != ']' && st[e] != '"') ++e;
      while (e > p && (st[e - 1] == '.' || st[e - 1] == ',')) --e;
      out.push_back({"url", {s.begin + p, s.begin + e}, std::string(st.substr(p, e - p)), next});
      p = e;
    }
  }
  // DOI: "10." + registrant digits + "/" + suffix. find() jumps between candidates instead of
  // comparing at every byte.
  for (std::size_t p = 0; (p = st.find("10.", p)) != std::string_view::npos && p + 3 < st.size(); ++p) {
    if (p > 0 && std::isalnum(static_cast<unsigned char>(st[p - 1])) && st[p - 1] != ':') continue;
    std::size_t e = p + 3, digits = 0;
    while (e < st.size() && std::isdigit(static_cast<unsigned char>(st[e]))) ++e, ++digits;
    if (digits < 4 || e >= st.size() || st[e] != '/') continue;
    while (e < st.size() && !std::isspace(static_cast<unsigned char>(st[e])) && st[e] != ')') ++e;
    while (e > p && (st[e - 1] == '.' || st[e - 1] == ',')) --e;
    out.push_back({"doi", {s.begin + p, s.begin + e}, std::string(st.substr(p, e - p)), next});
    p = e;
  }
  const std::size_t en = et.size();
  std::size_t ew = 0;
  while (ew < en && !is_word(et[ew])) ++ew;
  if (ew + 1 < en && (et[ew].text == "source" || et[ew].text == "sources") && is_punct(et[ew + 1], ":"))
    out.push_back({"source_line", {et[ew].begin, s.end}, std::string(doc.slice({et[ew].begin, s.end})), next});
  for (std::size_t i = 0; i < en; ++i) {
    const Token& t = et[i];
    // Footnote marks: [4], [12, 13], superscript digits.
    if (is_punct(t, "[") && i + 2 < en && et[i + 1].kind == TokenKind::number && et[i + 1].number < 1000 &&
        (is_punct(et[i + 2], "]") || is_punct(et[i + 2], ",") || is_punct(et[i + 2], "-")))
      out.push_back({"footnote", {t.begin, et[i + 2].end}, et[i + 1].text, next});
    if (t.kind == TokenKind::punct && (t.text == "\xC2\xB9" || t.text == "\xC2\xB2" || t.text == "\xC2\xB3" ||
                                       (t.text.size() == 3 && t.text.compare(0, 2, "\xE2\x81") == 0)))
      out.push_back({"footnote", {t.begin, t.end}, t.text, next});
    // Author-year: "(Bloom et al., 2015)", "(Smith, 2021)", "Smith (2021)".
    if (is_punct(t, "(") && i + 1 < en && is_word(et[i + 1]) && et[i + 1].capitalised) {
      for (std::size_t k = i + 2; k < std::min(en, i + 9); ++k) {
        if (is_punct(et[k], ")")) break;
        if (is_year(et[k]) && k + 1 < en && is_punct(et[k + 1], ")") && (is_punct(et[k - 1], ",") || et[k - 1].text == "al")) {
          out.push_back({"citation", {t.begin, et[k + 1].end}, std::string(doc.slice({t.begin, et[k + 1].end})), next});
          break;
        }
      }
    }
    if (is_word(t) && t.capitalised && i + 3 < en && is_punct(et[i + 1], "(") && is_year(et[i + 2]) && is_punct(et[i + 3], ")"))
      out.push_back({"citation", {t.begin, et[i + 3].end}, std::string(doc.slice({t.begin, et[i + 3].end})), next});
    // A named report or survey: "the Small Business Credit Survey", "a 2024 survey ... by X",
    // "the trust's final report", "a paper in the Journal of ...".
    if (is_word(t) && matcher_.contains_word(Lex::evidence_nouns, strip_possessive(t.text))) {
      bool named = false;
      std::size_t b = i, e = i + 1;
      if (t.capitalised && i > ew) named = true;
      if (i > 0 && ((is_word(et[i - 1]) && et[i - 1].capitalised && i - 1 > ew) || is_year(et[i - 1]))) named = true, b = i - 1;
      for (std::size_t k = (i >= 3 ? i - 3 : 0); k < i; ++k)
        if (is_word(et[k]) && et[k].text.ends_with("'s") && k != i) named = true, b = std::min(b, k);
      for (std::size_t k = i + 1; k < std::min(en, i + 3); ++k) {
        const std::string_view x = is_word(et[k]) ? std::string_view(et[k].text) : std::string_view();
        if (x == "by" || x == "from" || x == "in" || x == "of") {
          for (std::size_t q = k + 1; q < std::min(en, k + 4); ++q)
            if ((is_word(et[q]) && et[q].capitalised) || (x == "of" && et[q].kind == TokenKind::number)) named = true, e = q + 1;
          break;
        }
      }
      if (named) out.push_back({"named_report", {et[b].begin, et[e - 1].end}, std::string(doc.slice({et[b].begin, et[e - 1].end})), next});
    }
  }
}

SentenceResult Engine::analyze_sentence(const Document& doc, Span span, std::optional<Span> next_span,
                                        State& state) const {
  SentenceResult r;
  r.span = span;
  const std::string_view text = doc.text;
  const std::vector<Token> toks = state.next_span == span && !span.empty() ? std::move(state.next_tokens)
                                                                            : tokenize(doc.slice(span), span.begin);
  state.next_span = {};
  const std::size_t n = toks.size();
  Ctx c{toks, text, std::vector<bool>(n, false)};
  while (c.first_word < n && !is_word(toks[c.first_word]) && toks[c.first_word].kind != TokenKind::number) ++c.first_word;
  auto word_at = [&](std::size_t i) -> std::string_view { return i < n && is_word(toks[i]) ? std::string_view(toks[i].text) : std::string_view(); };
  auto add_trigger = [&](std::string kind, std::size_t b, std::size_t e, Value v = nullptr) {
    r.triggers.push_back({std::move(kind), span_of(toks, b, e), std::move(v)});
  };

  // --- Quotations: paired marks; an unpaired one runs to the sentence's edge.
  struct Region { std::size_t open, close; };  // token indices of the marks (close may be n)
  std::vector<Region> regions;
  {
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::size_t open = none;
    bool starts_inside = state.open_quote_sentences > 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!is_quote_mark(toks[i])) continue;
      if (starts_inside) {
        starts_inside = false;
        if (toks[i].text != "\xE2\x80\x9C") {
          regions.push_back({n, i});
          continue;
        }
        open = i;  // a fresh opening mark: the earlier quotation was never closed
        continue;
      }
      const bool opener = toks[i].text == "\xE2\x80\x9C" || (toks[i].text == "\"" && open == none);
      if (opener && open == none) {
        open = i;
      } else if (open != none) {
        regions.push_back({open, i});
        open = none;
      } else if (regions.empty()) {
        regions.push_back({n, i});  // the sentence starts inside a quotation
      }
    }
    if (open != none) regions.push_back({open, n});
    if (starts_inside) regions.push_back({n, n});  // no mark at all: the whole sentence is quoted
  }
  std::optional<Region> main_quote;
  std::size_t best_words = 0;
  std::vector<bool> scare(n, false);
  for (Region& q : regions) {
    const std::size_t b = q.open == n ? 0 : q.open + 1;
    std::size_t words = 0;
    for (std::size_t k = b; k < q.close && k < n; ++k) words += is_word(toks[k]) || toks[k].kind == TokenKind::number;
    if (q.open == n) words += static_cast<std::size_t>(config_.min_quote_words);  // continues a quotation
    if (words >= static_cast<std::size_t>(config_.min_quote_words)) {
      for (std::size_t k = b; k < q.close && k < n; ++k) c.quoted[k] = true;
      if (words > best_words) best_words = words, main_quote = q;
    } else if (q.open != n && q.close != n) {
      for (std::size_t k = b; k < q.close; ++k) scare[k] = true;  // a “20% time” policy: a name, not a figure
    }
  }
  auto outside = [&](std::size_t b, std::size_t e) {
    for (std::size_t k = b; k < e; ++k)
      if (c.quoted[k]) return false;
    return true;
  };

  const std::vector<PhraseMatch> matches = matcher_.match(toks);
  std::vector<NameRun> runs = name_runs(c, matcher_, &state);

  // --- Non-claims: questions, imperatives, opinion, boilerplate.
  {
    std::size_t last = n;
    while (last > 0 && (is_quote_mark(toks[last - 1]) || is_punct(toks[last - 1], ")"))) --last;
    if (last > 0 && is_punct(toks[last - 1], "?") && !c.quoted[last - 1]) r.non_claim.push_back("question");
    for (const PhraseMatch& m : matches) {
      if (!outside(m.begin, m.end)) continue;
      const bool noun_follows = m.end < n && is_word(toks[m.end]) && !toks[m.end].capitalised && toks[m.end].text.size() > 3 &&
                                toks[m.end].text.ends_with("s") && !toks[m.end].text.ends_with("ss") && toks[m.end].text != "this" &&
                                toks[m.end].text != "yours" && toks[m.end].text != "across";
      if (m.lex == Lex::imperative_verbs && m.begin == c.first_word && !toks[m.begin].has_digit && !noun_follows &&
          !lead_in(toks, m.end) &&
          !(m.end < n && (is_punct(toks[m.end], ",") || (is_word(toks[m.end]) && (toks[m.end].text == "is" || toks[m.end].text == "was")))))
        r.non_claim.push_back("imperative");
      else if (m.lex == Lex::opinion_markers)
        r.non_claim.push_back("opinion");
      else if (m.lex == Lex::non_claim_cues)
        r.non_claim.push_back("boilerplate");
    }
    std::sort(r.non_claim.begin(), r.non_claim.end());
    r.non_claim.erase(std::unique(r.non_claim.begin(), r.non_claim.end()), r.non_claim.end());
  }

  // --- Evidence in this sentence and the next.
  find_evidence(doc, span, toks, false, state, r.evidence);
  if (next_span && config_.evidence_in_next_sentence) {
    state.next_tokens = tokenize(doc.slice(*next_span), next_span->begin);
    state.next_span = *next_span;
    find_evidence(doc, *next_span, state.next_tokens, true, state, r.evidence);
  }

  // --- Figures.
  for (NumberValue& v : read_numbers(toks, matches)) {
    bool in_quote = false;
    for (std::size_t k = 0; k < n; ++k)
      if ((c.quoted[k] || scare[k]) && toks[k].begin >= v.span.begin && toks[k].end <= v.span.end) in_quote = true;
    if (in_quote) continue;
    // Digits of a URL, DOI or footnote mark are not figures.
    if (std::any_of(r.evidence.begin(), r.evidence.end(), [&](const Evidence& e) {
          return !e.next_sentence && e.kind != "named_report" && e.span.overlaps(v.span);
        }))
      continue;
    Object val{{"value", v.value}, {"unit", v.unit}};
    if (!v.scale.empty()) val.set("scale", v.scale);
    if (!v.direction.empty()) val.set("direction", v.direction);
    r.triggers.push_back({v.unit == "multiplier" || v.unit == "fraction" ? "scale" : "number", v.span, Value(std::move(val))});
    r.numbers.push_back(std::move(v));
  }
  const bool statistical = !r.numbers.empty();

  // --- Dates: years, months, weekdays, "last year"; and future horizons for predictions.
  bool dated = false, future_target = false;
  std::pair<std::size_t, std::size_t> horizon{0, 0};
  for (std::size_t i = 0; i < n; ++i) {
    if (c.quoted[i]) continue;
    const std::string_view wd = word_at(i);
    if (is_year(toks[i]) || (is_date_word(toks[i]) && (wd != "may" || toks[i].capitalised)) ||
        ((wd == "last" || wd == "yesterday") && (wd == "yesterday" || in(time_nouns, word_at(i + 1)))))
      dated = true;
    const bool horizon_word = wd == "by" || wd == "until" || wd == "through" || wd == "before";
    if (horizon_word) {
      for (std::size_t k = i + 1; k < std::min(n, i + 6); ++k)
        if (is_year(toks[k]) && !future_target) future_target = true, horizon = {i, k + 1};
    }
    if ((wd == "next" && in(time_nouns, word_at(i + 1))) || (wd == "this" && in(time_nouns, word_at(i + 1)) && word_at(i + 1) != "time") ||
        (wd == "coming" && in(time_nouns, word_at(i + 1))) || (wd == "next" && word_at(i + 1) == "few")) {
      if (!future_target) horizon = {i, i + 2};
      future_target = true;
    }
  }

  // --- Hedges.
  bool hedged = false;
  for (const PhraseMatch& m : matches) {
    if (m.lex != Lex::hedges || !outside(m.begin, m.end)) continue;
    if (word_at(m.begin) == "may" && toks[m.begin].capitalised && m.begin != c.first_word) continue;  // the month
    if (word_at(m.begin) == "could" && word_at(m.end) == "not") continue;  // inability, not doubt
    if (*m.kind == "approximator") {
      // "about", "around", "some" soften a figure only when one follows.
      bool figure_follows = false;
      for (std::size_t k = m.end; k < std::min(n, m.end + 3); ++k)
        figure_follows |= toks[k].kind == TokenKind::number || is_currency(toks[k]) || number_word(word_at(k)).has_value() ||
                          (word_at(k) == "a" && (word_at(k + 1) == "third" || word_at(k + 1) == "quarter" ||
                                                 word_at(k + 1) == "half" || word_at(k + 1) == "dozen")) ||
                          word_at(k) == "half";
      if (!figure_follows) continue;
    } else {
      hedged = true;
    }
    r.hedges.push_back({*m.kind, span_of(toks, m.begin, m.end), Value(join_text(c, m.begin, m.end))});
  }

  // --- Attribution: a speech cue with its source and content.
  std::function<std::optional<std::pair<std::size_t, std::size_t>>(std::size_t)> np_before =
      [&](std::size_t v) -> std::optional<std::pair<std::size_t, std::size_t>> {
    if (v == 0) return std::nullopt;
    std::size_t j = v;  // exclusive end
    // Appositive: "X's chief financial officer, Mark Oduya, said".
    if (is_punct(toks[v - 1], ",")) {
      // "X's officer, Mark Oduya, said" / "Dr. Okafor, who teaches at Riverside College, said".
      std::size_t j = v - 1;
      while (j > 0 && v - 1 - j < 25 && !is_punct(toks[j - 1], ",") && !is_quote_mark(toks[j - 1])) --j;
      if (j == 0 || !is_punct(toks[j - 1], ",")) return std::nullopt;
      for (const NameRun& run : runs)
        if (run.end == v - 1 && run.begin == j) return std::pair{run.begin, run.end};
      const std::string_view opener = word_at(j);
      if (opener == "who" || opener == "which" || opener == "whose" || opener == "a" || opener == "an" || opener == "the")
        return np_before(j - 1);
      return std::nullopt;
    }
    if (is_word(toks[v - 1]) && in(pronouns, toks[v - 1].text)) return std::pair{v - 1, v};
    std::size_t b = v;
    while (b > 0 && v - b < 7) {
      const Token& t = toks[b - 1];
      const bool part = is_word(t) || t.kind == TokenKind::number || is_punct(t, "&") ||
                        (is_punct(t, ".") && b >= 2 && in(titles, toks[b - 2].text));
      if (!part || c.quoted[b - 1]) break;
      if (is_word(t) && (t.text == "that" || t.text == "and" || t.text == "but" || t.text == "who" || t.text == "which")) break;
      --b;
      if (is_word(t) && in(determiners, t.text)) break;
    }
    if (b == j) return std::nullopt;
    return std::pair{b, j};
  };
  for (const PhraseMatch& m : matches) {
    if (m.lex != Lex::speech_verbs || !outside(m.begin, m.end)) continue;
    if (m.begin > 0 && (word_at(m.begin - 1) == "not" || word_at(m.begin - 1) == "never" || word_at(m.begin - 1) == "to")) continue;
    // "you'll find", "could show": a possibility or an address to the reader, not a report.
    if (m.begin > 0 && *m.kind == "finding" && in(report_blockers, word_at(m.begin - 1))) continue;
    // "added a hot food counter": the verb takes an object, nobody is speaking.
    if ((word_at(m.begin) == "added" || word_at(m.begin) == "adds") &&
        (in(determiners, word_at(m.end)) || (m.end < n && toks[m.end].kind == TokenKind::number)))
      continue;
    Attribution a;
    a.cue = span_of(toks, m.begin, m.end);
    std::size_t sb = 0, se = 0, cb = 0, ce = 0;
    if (*m.kind == "according") {
      if (word_at(m.begin) == "according") {
        sb = m.end;
        se = sb;
        while (se < n && !is_punct(toks[se], ",") && !is_punct(toks[se], ")") && !is_punct(toks[se], ".") && se - sb < 16) ++se;
        if (m.begin > c.first_word) cb = c.first_word, ce = m.begin;
        else cb = se + 1, ce = n;
      } else {
        // "in a statement", "in court filings": the sentence's subject is the source.
        if (const auto np = np_before(m.begin); np && m.begin > c.first_word + 1) {
          sb = c.first_word;
          se = sb;
          while (se < n && (is_word(toks[se]) || is_punct(toks[se], "&")) && !is_past_verb(toks[se]) && se - sb < 6) ++se;
        }
        for (const NameRun& run : runs)
          if (run.begin < m.begin && sb == se) sb = run.begin, se = run.end;
        cb = m.end;
        ce = n;
      }
    } else {
      const bool inverted = m.begin > 0 && (is_quote_mark(toks[m.begin - 1]) ||
                                            (is_punct(toks[m.begin - 1], ",") && !np_before(m.begin)));
      if (inverted) {
        // '"...," said chief executive Amira Haddad' / '..., said Daniel Osei, an economist'.
        std::size_t k = m.end;
        while (k < n && k - m.end < 3 && is_word(toks[k]) && !toks[k].capitalised && !in(pronouns, toks[k].text)) ++k;
        if (k < n && is_word(toks[k]) && in(pronouns, toks[k].text)) {
          sb = k, se = k + 1;
        } else {
          for (const NameRun& run : runs)
            if (run.begin == k && sb == se) sb = run.begin, se = run.end;
          if (sb == se) {
            // "..., the union said." has its source before the verb after all.
            se = m.begin - 1;
          }
        }
        cb = c.first_word, ce = m.begin - 1;
      } else if (const auto np = np_before(m.begin)) {
        sb = np->first, se = np->second;
        cb = m.end;
        // "told the council that ...", "told us": the content starts after "that" when it comes soon.
        for (std::size_t k = m.end; k < std::min(n, m.end + 5); ++k)
          if (word_at(k) == "that") {
            cb = k + 1;
            break;
          }
        if (cb == m.end && (word_at(m.end) == "us" || word_at(m.end) == "reporters" || word_at(m.end) == "me")) ++cb;
        ce = n;
        // Verb at the end ("..., the office reported."): the content is before the source.
        std::size_t words_after = 0;
        for (std::size_t k = cb; k < n; ++k) words_after += is_word(toks[k]) || toks[k].kind == TokenKind::number;
        if (words_after <= 2 && sb > 0 && is_punct(toks[sb - 1], ",")) cb = c.first_word, ce = sb - 1;
      }
    }
    if (sb >= se) continue;
    std::size_t content_words = 0;
    for (std::size_t k = cb; k < ce && k < n; ++k) content_words += (is_word(toks[k]) || toks[k].kind == TokenKind::number) && !c.quoted[k];
    if (content_words < 3 && !main_quote) continue;
    a.source_kind = classify_source(c, matcher_, runs, sb, se, a.source);
    a.source_span = span_of(toks, sb, se);
    if (content_words >= 3) a.content = span_of(toks, cb, std::min(ce, n));
    if (a.source_kind == "pronoun" && (a.source == "he" || a.source == "she" || a.source == "He" || a.source == "She"))
      a.resolved = state.last_person;
    if (a.source_kind == "person") {
      const std::string full = state.resolve(a.source);
      if (!full.empty()) a.source = full;
    }
    add_trigger("speech", m.begin, m.end, Value(*m.kind));
    r.attribution = std::move(a);
    break;
  }
  bool vague_source = false;
  for (const PhraseMatch& m : matches) {
    if (m.lex != Lex::vague_sources || !outside(m.begin, m.end)) continue;
    vague_source = true;
    add_trigger("vague_source", m.begin, m.end);
    if (!r.attribution || r.attribution->source_kind == "vague") {
      Attribution a;
      a.source = join_text(c, m.begin, m.end);
      a.source_kind = "vague";
      a.source_span = a.cue = span_of(toks, m.begin, m.end);
      a.content = span_of(toks, m.end, n);
      r.attribution = std::move(a);
    }
  }

  // --- Quote and its speaker.
  if (main_quote) {
    Quote q;
    const std::size_t qb = main_quote->open == n ? 0 : main_quote->open;
    const std::size_t qe = main_quote->close == n ? n : main_quote->close + 1;
    q.span = span_of(toks, qb, qe);
    if (r.attribution && r.attribution->source_kind != "vague") {
      q.speaker_kind = r.attribution->source_kind;
      q.speaker = r.attribution->source_kind == "pronoun" ? r.attribution->resolved : r.attribution->source;
      if (q.speaker.empty()) q.speaker_kind.clear();
    } else if (main_quote->open != n && main_quote->open > 0 && is_punct(toks[main_quote->open - 1], ":")) {
      // 'She added: "..."' / 'Lena Fischer, who runs a bookshop, does not mince words: "..."'.
      const std::string_view w0 = word_at(c.first_word);
      if (in(pronouns, w0) || w0 == "her" || w0 == "his") {  // 'Her own view is narrower: "..."'
        q.speaker = state.last_person;
        q.speaker_kind = q.speaker.empty() ? "" : "pronoun";
      } else {
        for (const NameRun& run : runs)
          if (run.begin < main_quote->open && run.kind == "person" && q.speaker.empty()) {
            const std::string full = state.resolve(run.text);
            q.speaker = full.empty() ? run.text : full;
            q.speaker_kind = "person";
          }
      }
    }
    // A quotation that opens the sentence right after another one continues the same speaker.
    if (q.speaker.empty() && !state.previous_quote_speaker.empty() && (main_quote->open == n || main_quote->open <= c.first_word)) {
      q.speaker = state.previous_quote_speaker;
      q.speaker_kind = "continuation";
    }
    r.quote = std::move(q);
  }
  state.open_quote_sentences = !regions.empty() && regions.back().close == n && state.open_quote_sentences < 5
                                   ? state.open_quote_sentences + 1 : 0;
  // Reported speech also introduces the next quotation: 'Halvorsen said it paid off. "For the first time..."'.
  state.previous_quote_speaker = r.quote ? r.quote->speaker : std::string();
  if (!r.quote && r.attribution && r.attribution->source_kind == "person") state.previous_quote_speaker = r.attribution->source;
  if (!r.quote && r.attribution && r.attribution->source_kind == "pronoun") state.previous_quote_speaker = r.attribution->resolved;

  // --- Causes, comparisons, predictions, sweeping terms.
  // Absolutes in past narrative ("kept a note of every delivery") describe events, not the world.
  bool narrative_past = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (c.quoted[i] || !is_past_verb(toks[i])) continue;
    const std::string_view p1 = i > 0 ? word_at(i - 1) : std::string_view(), p2 = i > 1 ? word_at(i - 2) : std::string_view();
    // Perfect and passive participles ("has failed", "is built on") are not narrative past.
    const auto aux = [](std::string_view x) {
      return x == "has" || x == "have" || x == "had" || x == "been" || x == "be" || x == "is" || x == "are";
    };
    if (toks[i].text.find('-') != std::string::npos) continue;  // "mass-produced" is an adjective
    if (!aux(p1) && !aux(p2)) narrative_past = true;
  }
  std::string causal_kind;
  bool comparative = false, prediction = false, absolute = false, peacock = false;
  bool has_modal_after_if = false;
  for (const PhraseMatch& m : matches) {
    if (!outside(m.begin, m.end)) continue;
    const std::string_view first = word_at(m.begin);
    switch (m.lex) {
      case Lex::causal_cues: {
        if (*m.kind == "conditional") {
          for (std::size_t k = m.end; k < n; ++k) {
            const std::string_view x = word_at(k);
            has_modal_after_if |= x == "will" || x == "would" || x == "could" || x == "can" || x == "then" || x == "may" || x == "might";
          }
          if (!has_modal_after_if) break;
        }
        add_trigger("causal", m.begin, m.end, Value(*m.kind));
        if (causal_kind.empty() || causal_kind == "conditional") causal_kind = *m.kind;
        break;
      }
      case Lex::comparative_cues: {
        if ((first == "most" || first == "least") &&
            !(m.begin > 0 && (word_at(m.begin - 1) == "the" || toks[m.begin - 1].text.ends_with("'s"))))
          break;
        if (first == "the" && word_at(m.begin + 1) == "first" && in(time_nouns, word_at(m.end))) break;
        if (first == "record" && m.begin > 0 && word_at(m.begin - 1) == "to") break;
        bool in_peacock = false;
        for (const PhraseMatch& p : matches)
          if (p.lex == Lex::peacock_terms && p.begin <= m.begin && m.end <= p.end) in_peacock = true;
        if (in_peacock) break;
        add_trigger("comparative", m.begin, m.end, Value(*m.kind));
        comparative = true;
        break;
      }
      case Lex::prediction_cues: {
        if (first == "will" || first == "won't" || first == "shall") {
          if (m.begin > 0 && word_at(m.begin - 1) == "you") break;
          bool indirect = false;
          for (std::size_t k = (m.begin > 5 ? m.begin - 5 : 0); k < m.begin; ++k)
            indirect |= word_at(k) == "whether" || word_at(k) == "what";
          if (indirect) break;
        }
        // "firms that plan to hire" describes the firms; it predicts nothing.
        if (*m.kind == "plan" && m.begin > 0 && (word_at(m.begin - 1) == "that" || word_at(m.begin - 1) == "who" || word_at(m.begin - 1) == "which"))
          break;
        add_trigger("prediction", m.begin, m.end, Value(*m.kind));
        prediction = true;
        break;
      }
      case Lex::absolutes: {
        const std::string_view before = m.begin > 0 ? word_at(m.begin - 1) : std::string_view();
        // "doesn't always", "not every": a negated universal claims nothing sweeping.
        if (before == "not" || before == "never" || before.ends_with("n't") || before == "almost" || before == "nearly" ||
            before == "as" || before == "at" || before == "after")
          break;
        if ((first == "every" || first == "all" || first == "each") &&
            (in(time_nouns, word_at(m.end)) || (m.end < n && toks[m.end].kind == TokenKind::number) ||
             number_word(word_at(m.end)) || word_at(m.end) == "rights"))
          break;
        if (narrative_past) break;
        add_trigger("absolute", m.begin, m.end);
        absolute = true;
        break;
      }
      case Lex::peacock_terms:
        add_trigger("peacock", m.begin, m.end);
        peacock = true;
        break;
      default:
        break;
    }
  }
  // Comparatives with "than" ("costs less than", "grew faster than"), not bounds ("more than 40").
  for (std::size_t i = 1; i < n; ++i) {
    if (word_at(i) != "than" || c.quoted[i]) continue;
    const std::string_view p = word_at(i - 1);
    if (p == "rather" || p == "other") continue;
    const bool bound = (p == "more" || p == "less" || p == "fewer") && i + 1 < n &&
                       (toks[i + 1].kind == TokenKind::number || is_currency(toks[i + 1]) || number_word(word_at(i + 1)) ||
                        word_at(i + 1) == "half" || word_at(i + 1) == "a");
    if (bound) continue;
    bool found = false;
    for (std::size_t k = (i > 8 ? i - 8 : 0); k < i && !found; ++k) {
      const std::string_view x = word_at(k);
      found = in(comparative_words, x) || (x.size() > 4 && x.ends_with("er") && !in(time_nouns, x) &&
                                           x != "other" && x != "never" && x != "under" && x != "after" &&
                                           x != "over" && x != "customer" && x != "number" && x != "whether" &&
                                           x != "water" && x != "paper" && x != "member" && x != "manager" &&
                                           x != "rather" && x != "together" && x != "either" && x != "neither");
    }
    if (!found) continue;
    add_trigger("comparative", i, i + 1, Value("than"));
    comparative = true;
  }
  // A horizon with a hedged modal is a (hedged) prediction: "Prices could swing over the next few years".
  if (!prediction && future_target && hedged) prediction = true;
  if (prediction && future_target) add_trigger("prediction_target", horizon.first, horizon.second);

  // --- Dated event: a named actor, a date and a past-tense verb.
  bool event = false;
  if (dated) {
    bool actor = false, past = false;
    for (const NameRun& run : runs) actor |= run.kind == "person" || run.kind == "organisation" || run.kind == "name";
    for (std::size_t i = 0; i < n; ++i) past |= !c.quoted[i] && is_past_verb(toks[i]);
    event = actor && past;
  }

  // --- Categories.
  const bool named_source = r.attribution && (r.attribution->source_kind == "person" || r.attribution->source_kind == "organisation" ||
                                              r.attribution->source_kind == "document");
  const bool pronoun_source = r.attribution && r.attribution->source_kind == "pronoun";
  const bool attributed = named_source || pronoun_source;
  const bool sweeping_signal = vague_source || absolute || peacock;
  // Evidence in the next sentence supports a claim but does not make vague wording specific.
  const bool own_evidence = std::any_of(r.evidence.begin(), r.evidence.end(), [](const Evidence& e) { return !e.next_sentence; });
  const bool sweeping = sweeping_signal && !statistical && !attributed && !own_evidence && !r.quote;
  std::vector<std::string> cats;
  if (r.quote) cats.push_back("quote");
  if (prediction) cats.push_back("prediction");
  if (statistical) cats.push_back("statistical");
  if (!causal_kind.empty()) cats.push_back("causal");
  if (comparative) cats.push_back("comparative");
  if (attributed) cats.push_back("attributed");
  if (sweeping_signal) cats.push_back("sweeping");
  r.tags = cats;
  const bool non_claim = !r.non_claim.empty();
  if (sweeping && !non_claim) {
    r.primary = "sweeping";
  } else if (!non_claim) {
    for (const Category& p : category_table())
      if (p.name != "sweeping" && std::find(cats.begin(), cats.end(), p.name) != cats.end()) {
        r.primary = std::string(p.name);
        break;
      }
  }

  // --- Score: the model's probability, with the contributions that decided it.
  r.dated = dated;
  r.event = event && !non_claim;
  r.features = extract_features(r, SentenceTokens{toks, c.quoted, c.first_word}, matcher_);
  score_sentence(r, toks);

  const bool quote_speaker = r.quote && !r.quote->speaker.empty();
  const bool resolved_pronoun = pronoun_source && !r.attribution->resolved.empty();
  r.supported = !r.evidence.empty() || named_source || resolved_pronoun || quote_speaker;
  r.needs_support = r.check_worthy && !r.supported;

  // --- Remember who was named, for "she said" in later sentences.
  if (quote_speaker && (r.quote->speaker_kind == "person" || r.quote->speaker_kind == "pronoun")) state.mention(r.quote->speaker);
  for (const NameRun& run : runs)
    if (run.kind == "person" && !(quote_speaker)) state.mention(run.text);
  // The person reported as speaking is who a following "she said" most likely means.
  if (r.attribution && r.attribution->source_kind == "person" && !quote_speaker) state.mention(r.attribution->source);
  return r;
}

void Engine::score_sentence(SentenceResult& r, const std::vector<Token>& toks) const {
  const Config& cfg = config_;
  double z = cfg.model.logit(r.features);
  r.breakdown.clear();
  for (Contribution& c : cfg.model.explain(r.features, toks, static_cast<std::size_t>(cfg.thresholds.explain_top)))
    r.breakdown.emplace_back(std::move(c.name), std::round(c.value * 100.0) / 100.0);
  // A check-worthy sentence the rules give no category is a specific fact or event.
  const std::string_view category = r.primary.empty() && r.event ? std::string_view("event") : std::string_view(r.primary);
  if (const auto row = category_index(category); row && cfg.category_offsets.size() > *row && cfg.category_offsets[*row] != 0) {
    z += cfg.category_offsets[*row];
    r.breakdown.emplace_back(std::string(category_table()[*row].weight_option), cfg.category_offsets[*row]);
  }
  // Questions, imperatives and boilerplate are not check-worthy by definition (LABELLING.md): the
  // rule caps the logit, and says so. Which non-claims veto is the `veto` option; hedges and
  // opinion are left to the model by default, as a hedge in a side clause leaves the claim standing.
  std::string veto;
  for (const std::string& nc : r.non_claim)
    if (veto.empty() && std::find(cfg.veto.begin(), cfg.veto.end(), nc) != cfg.veto.end()) veto = nc;
  const bool hedged = std::any_of(r.hedges.begin(), r.hedges.end(), [](const Trigger& h) { return h.kind != "approximator"; });
  if (veto.empty() && hedged && std::find(cfg.veto.begin(), cfg.veto.end(), "hedge") != cfg.veto.end()) veto = "hedge";
  constexpr double veto_logit = -3.0;
  if (!veto.empty() && z > veto_logit) {
    r.breakdown.emplace_back("rule: " + veto + ", not a claim", std::round((veto_logit - z) * 100.0) / 100.0);
    z = veto_logit;
  }
  r.score = std::round(1000.0 * logistic(z)) / 10.0;
  r.check_worthy = r.score >= cfg.thresholds.check_worthy;
  r.band = r.check_worthy ? "check-worthy" : r.score >= cfg.thresholds.minor ? "minor factual" : "not a claim";
  if (r.primary.empty() && r.event && r.check_worthy) {
    r.primary = "event";
    r.tags.insert(r.tags.begin(), "event");
  }
  if (!r.primary.empty()) {
    std::erase(r.tags, r.primary);
    r.tags.insert(r.tags.begin(), r.primary);
  }
}

std::vector<SentenceResult> Engine::analyze(const Document& doc) const {
  std::vector<const Annotation*> sentences = doc.annotations_of(annotation::sentence);
  std::stable_sort(sentences.begin(), sentences.end(), [](const Annotation* a, const Annotation* b) { return a->span.begin < b->span.begin; });
  const std::vector<const Annotation*> boilerplate = doc.annotations_of(annotation::boilerplate);
  auto is_boilerplate = [&](Span s) {
    for (const Annotation* b : boilerplate)
      if (b->span.overlaps(s)) return true;
    return false;
  };
  std::vector<SentenceResult> out;
  State state;
  state.links = doc.annotations_of(annotation::link);
  std::stable_sort(state.links.begin(), state.links.end(), [](const Annotation* a, const Annotation* b) { return a->span.begin < b->span.begin; });
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    const Annotation& s = *sentences[i];
    if (s.span.end > doc.text.size() || s.span.empty() || is_boilerplate(s.span)) continue;
    const Value* kind = s.features.find("kind");
    if (kind && kind->is_string() && kind->as_string() != "sentence") continue;
    std::optional<Span> next;
    for (std::size_t j = i + 1; j < sentences.size() && !next; ++j)
      if (!is_boilerplate(sentences[j]->span) && sentences[j]->span.end <= doc.text.size()) next = sentences[j]->span;
    out.push_back(analyze_sentence(doc, s.span, next, state));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Findings and metrics

namespace {

std::string suggestion_for(const SentenceResult& r) {
  if (!r.check_worthy) return "";
  if (!r.needs_support) return "Check the figure or statement against the cited source";
  const Category* c = find_category(r.primary);
  return c ? std::string(c->suggestion) : "";
}

// " (score 87: source: institution +1.4, number with % +1.1)": the features that decided the score.
std::string explanation(const SentenceResult& r) {
  std::string out = " (score " + std::to_string(static_cast<int>(std::lround(r.score)));
  int shown = 0;
  for (const auto& [name, v] : r.breakdown) {
    if (name == "intercept" || shown == 3) continue;
    char num[16];
    std::snprintf(num, sizeof num, "%+.1f", v);
    out += (shown++ == 0 ? ": " : ", ") + name + ' ' + num;
  }
  return out + ")";
}

std::string excerpt(std::string_view text, Span s, std::size_t max_bytes) {
  std::string_view t = text.substr(s.begin, s.size());
  if (t.size() <= max_bytes) return std::string(t);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;  // stay on a code point boundary
  return std::string(t.substr(0, cut)) + "\xE2\x80\xA6";
}

}  // namespace

std::optional<Finding> to_finding(const SentenceResult& r, std::string_view text) {
  if (r.primary.empty()) return std::nullopt;
  Finding f;
  f.category = r.primary;
  // Only what the model calls check-worthy can warn: a category alone is not a claim.
  f.severity = r.needs_support ? Severity::warning : Severity::info;
  f.span = r.span;
  f.score = r.score;
  const Category* row = find_category(r.primary);
  const std::string label(row ? row->label : std::string_view(r.primary));
  if (r.needs_support && r.primary == "sweeping") f.message = label + " with nothing to back it";
  else if (r.needs_support) f.message = r.primary == "quote" ? label + " without a named speaker" : label + " without a source";
  else if (r.check_worthy) f.message = label + ", sourced";
  else f.message = label + ", not check-worthy" + (r.non_claim.empty() ? (r.hedges.empty() ? "" : " (hedged)") : " (" + r.non_claim.front() + ")");
  f.message += explanation(r);

  Object d;
  Array tags;
  for (const std::string& t : r.tags) tags.push_back(t);
  d.set("tags", std::move(tags));
  d.set("sentence", excerpt(text, r.span, 400));
  Array triggers;
  for (const Trigger& t : r.triggers)
    triggers.push_back(Object{{"kind", t.kind}, {"span", span_value(t.span)}, {"text", std::string(text.substr(t.span.begin, t.span.size()))}, {"value", t.value}});
  d.set("triggers", std::move(triggers));
  if (r.attribution) {
    const Attribution& a = *r.attribution;
    Object ao{{"source", a.source}, {"source_kind", a.source_kind}, {"source_span", span_value(a.source_span)},
              {"cue", span_value(a.cue)}, {"cue_text", std::string(text.substr(a.cue.begin, a.cue.size()))}};
    ao.set("content", a.content.empty() ? Value(nullptr) : span_value(a.content));
    if (!a.resolved.empty()) ao.set("resolved", a.resolved);
    d.set("attribution", std::move(ao));
  }
  if (r.quote) {
    d.set("quote", Object{{"span", span_value(r.quote->span)},
                          {"speaker", r.quote->speaker.empty() ? Value(nullptr) : Value(r.quote->speaker)},
                          {"speaker_kind", r.quote->speaker_kind.empty() ? Value(nullptr) : Value(r.quote->speaker_kind)}});
  }
  Array hedges;
  for (const Trigger& h : r.hedges) hedges.push_back(Object{{"kind", h.kind}, {"span", span_value(h.span)}, {"text", h.value}});
  d.set("hedges", std::move(hedges));
  Array evidence;
  for (const Evidence& e : r.evidence)
    evidence.push_back(Object{{"kind", e.kind}, {"span", span_value(e.span)}, {"value", e.value}, {"next_sentence", e.next_sentence}});
  d.set("evidence", std::move(evidence));
  d.set("supported", r.supported);
  d.set("check_worthy", r.check_worthy);
  d.set("score", r.score);
  Object breakdown;
  for (const auto& [name, v] : r.breakdown) breakdown.set(name, v);
  d.set("score_breakdown", std::move(breakdown));
  d.set("band", r.band);
  d.set("needs_support", r.needs_support);
  if (!r.non_claim.empty()) {
    Array nc;
    for (const std::string& s : r.non_claim) nc.push_back(s);
    d.set("non_claim", std::move(nc));
  }
  const std::string suggestion = suggestion_for(r);
  d.set("suggestion", suggestion.empty() ? Value(nullptr) : Value(suggestion));
  f.data = std::move(d);
  return f;
}

Object document_metrics(const std::vector<SentenceResult>& results, std::uint64_t words, int top_n, std::string_view text) {
  std::uint64_t claims = 0, check_worthy = 0, needs_support = 0;
  Object by_category;
  for (const Category& c : category_table()) by_category.set(c.name, 0);
  std::vector<const SentenceResult*> unsupported;
  for (const SentenceResult& r : results) {
    if (!r.primary.empty()) {
      ++claims;
      Value& v = by_category[r.primary];
      v = v.as_int() + 1;
    }
    check_worthy += r.check_worthy;
    needs_support += r.needs_support;
    if (r.needs_support) unsupported.push_back(&r);
  }
  std::stable_sort(unsupported.begin(), unsupported.end(), [](const SentenceResult* a, const SentenceResult* b) { return a->score > b->score; });
  Array top;
  for (std::size_t i = 0; i < unsupported.size() && static_cast<int>(i) < top_n; ++i) {
    const SentenceResult& r = *unsupported[i];
    top.push_back(Object{{"span", span_value(r.span)}, {"category", r.primary}, {"score", r.score},
                         {"text", excerpt(text, r.span, 200)}, {"suggestion", suggestion_for(r)}});
  }
  const double per_k = words == 0 ? 0.0 : 1000.0 * double(check_worthy) / double(words);
  Object m;
  m.set("sentences", static_cast<std::uint64_t>(results.size()));
  m.set("words", words);
  m.set("claims", claims);
  m.set("check_worthy", check_worthy);
  m.set("needs_support", needs_support);
  m.set("claims_per_1000_words", words == 0 ? 0.0 : std::round(10000.0 * double(claims) / double(words)) / 10.0);
  m.set("check_worthy_per_1000_words", std::round(per_k * 10.0) / 10.0);
  m.set("share_needing_support", check_worthy == 0 ? 0.0 : std::round(1000.0 * double(needs_support) / double(check_worthy)) / 1000.0);
  m.set("by_category", std::move(by_category));
  m.set("top_unsupported", std::move(top));
  return m;
}

ClaimsAnalyzer::ClaimsAnalyzer(const StageContext& ctx) : stage_id_(ctx.stage_id), engine_(config_from_options(ctx.options)) {}

void ClaimsAnalyzer::analyze(Document& doc) {
  const std::vector<SentenceResult> results = engine_.analyze(doc);
  std::uint64_t words = doc.annotations_of(annotation::word).size();
  if (words == 0) {
    for (const SentenceResult& r : results)
      for (const Token& t : tokenize(doc.slice(r.span))) words += t.kind != TokenKind::punct;
  }
  for (const SentenceResult& r : results) {
    std::optional<Finding> f = to_finding(r, doc.text);
    if (!f || r.score < engine_.config().thresholds.min_score) continue;
    doc.annotate("claim", r.span,
                 Object{{"category", r.primary}, {"score", r.score}, {"band", r.band}, {"check_worthy", r.check_worthy},
                        {"needs_support", r.needs_support}});
    f->stage = stage_id_;
    doc.findings.push_back(std::move(*f));
  }
  doc.stage_metrics(stage_id_) = document_metrics(results, words, engine_.config().top_unsupported, doc.text);
}

}  // namespace docpipe::plugins::claims
