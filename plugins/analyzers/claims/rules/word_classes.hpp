// Closed word classes and token tests shared by the rules: grammar, not project vocabulary, so they
// are not lexicon files.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "claims_analyzer.hpp"

namespace docpipe::plugins::claims {

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
inline const Words months = {"january", "february", "march", "april", "may", "june", "july", "august",
                      "september", "october", "november", "december", "jan", "feb", "mar", "apr",
                      "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"};
inline const Words weekdays = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
inline const Words time_nouns = {"year", "years", "month", "months", "week", "weeks", "quarter", "day", "days",
                          "spring", "summer", "autumn", "fall", "winter", "season", "decade", "morning",
                          "night", "evening", "time", "century", "half", "round", "step", "friday", "weekday", "weekend",
                          "hour", "hours", "minute", "shift", "generation", "payday", "fall", "holiday",
                          "monday", "tuesday", "wednesday", "thursday", "saturday", "sunday"};
inline const Words pronouns = {"he", "she", "they", "we", "i", "it"};
inline const Words determiners = {"the", "a", "an", "its", "their", "our", "his", "her", "this", "that", "these", "those", "one"};
inline const Words titles = {"mr", "mrs", "ms", "dr", "prof", "professor", "mayor", "minister", "founder", "president",
                      "ceo", "chief", "executive", "director", "manager", "senator", "governor", "sir", "judge",
                      "chairman", "chairwoman", "chair", "owner", "grower", "representative", "lead", "product",
                      "transport", "finance", "spokesperson", "spokesman", "spokeswoman", "economist", "analyst"};
inline const Words name_stops = {"the", "a", "an", "in", "on", "at", "for", "but", "and", "so", "last", "this", "that",
                          "these", "those", "our", "its", "his", "her", "their", "when", "after", "before",
                          "since", "while", "yet", "it", "we", "they", "he", "she", "i", "as", "if", "of", "to",
                          "by", "with", "from", "over", "under", "every", "each", "some", "many", "most", "few",
                          "not", "no", "only", "still", "now", "today", "then", "there", "here", "what", "why",
                          "how", "who", "where", "which", "according", "dear", "source", "sources", "read",
                          "table", "figure", "chapter", "section", "step", "all", "both", "even", "once", "like",
                          "others", "another", "everyone", "nobody", "someone", "anyone"};
inline const Words place_suffixes = {"street", "road", "avenue", "lane", "square", "falls", "valley", "county", "river",
                              "city", "town", "hill", "bridge", "highway", "coast", "island", "mountains", "point",
                              "lake", "bay", "harbor", "harbour", "port", "beach", "springs", "creek", "heights"};
inline const Words person_nouns = {"authors", "author", "researchers", "economists", "economist", "scientists", "officials",
                            "official", "spokesperson", "spokesman", "spokeswoman", "owner", "founder", "executive",
                            "manager", "director", "broker", "minister", "mayor", "analyst", "chair", "president"};
inline const Words label_words = {"step", "chapter", "section", "table", "figure", "fig", "page", "no", "number", "version",
                           "v", "phase", "level", "grade", "article", "part", "route", "item", "question",
                           "appendix", "tier", "series", "model", "room", "gate", "platform", "exhibit", "clause"};
inline const Words scale_names = {"thousand", "million", "billion", "trillion", "bn", "m", "mn", "k", "tn"};
inline const Words irregular_past = {"bought", "sold", "won", "made", "took", "began", "became", "built", "hit", "paid",
                              "lost", "led", "left", "went", "came", "was", "were", "had", "grew", "fell", "rose",
                              "cut", "struck", "spent", "sent", "set", "shut", "split", "told", "said", "kept", "got",
                              "gave", "found", "felt", "held", "ran", "saw", "thought", "brought", "quit", "chose"};
inline const Words comparative_words = {"more", "less", "fewer", "better", "worse", "greater", "smaller", "larger",
                                 "higher", "lower", "faster", "slower", "cheaper", "bigger", "longer", "shorter",
                                 "stronger", "weaker", "earlier", "later", "older", "younger", "richer", "poorer"};

inline const Words function_words = {"a", "an", "the", "of", "in", "on", "at", "by", "for", "to", "and", "or", "but", "from",
                              "with", "per", "than", "as", "that", "which", "who", "over", "under", "between", "within",
                              "since", "last", "this", "each", "every", "is", "are", "was", "were", "had", "have", "has",
                              "said", "more", "less", "after", "before", "into", "across", "up", "down", "out", "still"};

inline const std::pair<std::string_view, int> number_words[] = {
    {"one", 1},   {"two", 2},    {"three", 3},  {"four", 4},    {"five", 5},      {"six", 6},     {"seven", 7},
    {"eight", 8}, {"nine", 9},   {"ten", 10},   {"eleven", 11}, {"twelve", 12},   {"twenty", 20}, {"thirty", 30},
    {"forty", 40}, {"fifty", 50}, {"hundred", 100}};

inline bool in(const Words& set, std::string_view w) { return set.contains(w); }

inline std::optional<int> number_word(std::string_view w) {
  for (const auto& [word, value] : number_words)
    if (word == w) return value;
  return std::nullopt;
}

inline std::string_view strip_possessive(std::string_view w) {
  if (w.size() > 2 && w.ends_with("'s")) w.remove_suffix(2);
  return w;
}

inline bool is_word(const Token& t) { return t.kind == TokenKind::word; }

// "Consider the statistic: SMBs make up 99% of firms": an imperative that only introduces what
// follows a colon, bullet or dash is a lead-in, not an instruction.
inline bool lead_in(const std::vector<Token>& toks, std::size_t from) {
  for (std::size_t k = from; k < toks.size() && k < from + 8; ++k) {
    const Token& t = toks[k];
    if (t.kind != TokenKind::punct) continue;
    if (t.text == ":" || t.text == "\xE2\x97\x8F" || t.text == "\xE2\x80\xA2" || t.text == "\xE2\x80\x94" || t.text == "-")
      return k + 3 < toks.size();
  }
  return false;
}
inline bool is_punct(const Token& t, std::string_view p) { return t.kind == TokenKind::punct && t.text == p; }
inline bool is_quote_mark(const Token& t) {
  return t.kind == TokenKind::punct && (t.text == "\"" || t.text == "\xE2\x80\x9C" || t.text == "\xE2\x80\x9D");
}
inline bool is_year(const Token& t) {
  return t.kind == TokenKind::number && t.text.size() == 4 && t.number >= 1800 && t.number <= 2100 &&
         t.text.find_first_of(",.") == std::string::npos;
}
inline bool is_date_word(const Token& t) { return is_word(t) && (in(months, t.text) || in(weekdays, t.text)); }
inline bool is_currency(const Token& t) {
  return t.kind == TokenKind::punct && (t.text == "$" || t.text == "\xE2\x82\xAC" || t.text == "\xC2\xA3" || t.text == "\xC2\xA5");
}
inline std::string currency_code(const Token& t) {
  if (t.text == "$") return "USD";
  if (t.text == "\xE2\x82\xAC") return "EUR";
  if (t.text == "\xC2\xA3") return "GBP";
  return "JPY";
}
inline bool is_past_verb(const Token& t) {
  return is_word(t) && !t.capitalised && ((t.text.size() > 4 && t.text.ends_with("ed")) || in(irregular_past, t.text));
}

inline Span span_of(const std::vector<Token>& toks, std::size_t b, std::size_t e) {
  if (b >= e || e > toks.size()) return {};
  return {toks[b].begin, toks[e - 1].end};
}

inline Value span_value(Span s) { return Object{{"begin", s.begin}, {"end", s.end}}; }

inline const Words report_blockers{"you", "you'll", "we'll", "i'll", "can", "will", "would", "may", "might", "could", "should", "must"};

// A run of capitalised words: a name of a person, organisation, place or document.
struct NameRun {
  std::size_t begin, end;  // tokens, titles stripped
  std::string kind;        // person, organisation, place, document, name
  std::string text;
};


}  // namespace docpipe::plugins::claims
