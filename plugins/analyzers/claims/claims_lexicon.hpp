// Tokens and cue lexicons of the claims analyzer: a small tokeniser for English prose and a phrase
// matcher that finds every lexicon entry in a sentence with one hash lookup per token.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace docpipe::plugins::claims {

/// What a token is.
enum class TokenKind { word, number, punct };

/// One token of a sentence, with byte offsets into the document text.
struct Token {
  TokenKind kind = TokenKind::word;
  std::string text;            ///< lower-cased for words; as written for numbers and punctuation
  std::uint64_t begin = 0;     ///< byte offset in the document
  std::uint64_t end = 0;
  bool capitalised = false;    ///< the word starts with an upper-case letter
  bool all_caps = false;       ///< two or more letters, all upper case (IMF, USD)
  bool has_digit = false;      ///< a word mixing letters and digits (A7, COVID-19, 14th)
  double number = 0;           ///< value of a number token ("1,850" -> 1850)
};

/// Splits text into word, number and punctuation tokens; offsets are text offsets plus base.
/// Apostrophes and hyphens inside words join them; "," and "." between digits stay in the number.
std::vector<Token> tokenize(std::string_view text, std::uint64_t base = 0);

/// One entry of a lexicon: a phrase as lower-case tokens and an optional kind.
struct LexiconEntry {
  std::vector<std::string> tokens;
  std::string kind;
};

/// The lexicons the analyzer uses, by file name without ".txt".
enum class Lex {
  speech_verbs,
  causal_cues,
  prediction_cues,
  comparative_cues,
  absolutes,
  vague_sources,
  peacock_terms,
  hedges,
  org_suffixes,
  evidence_nouns,
  opinion_markers,
  imperative_verbs,
  scale_words,
  change_verbs,
  non_claim_cues,
  count_
};

/// Number of lexicons.
inline constexpr std::size_t lexicon_count = static_cast<std::size_t>(Lex::count_);
/// The lexicon's name: its data file without ".txt" and the suffix of its extra_ option.
std::string_view lexicon_name(Lex lex);

/// Parses one lexicon line: "phrase" or "phrase | kind"; blank lines and "#" comments yield nothing.
/// Returns false when the line holds no entry.
bool parse_lexicon_line(std::string_view line, LexiconEntry& out);
/// Parses a whole lexicon file.
std::vector<LexiconEntry> parse_lexicon(std::string_view text);

/// The built-in lexicon text embedded at build time from data/<name>.txt, or empty.
std::string_view embedded_lexicon(std::string_view name);

/// All lexicons, loaded.
struct Lexicons {
  std::vector<LexiconEntry> lists[lexicon_count];
  const std::vector<LexiconEntry>& operator[](Lex l) const { return lists[static_cast<std::size_t>(l)]; }
  std::vector<LexiconEntry>& operator[](Lex l) { return lists[static_cast<std::size_t>(l)]; }
};

/// Loads every lexicon: from dir/<name>.txt when dir is not empty and the file exists, otherwise from
/// the embedded copy; then appends extras[name] entries. Throws docpipe::Error when dir is given but
/// is not a directory and require_dir is set.
Lexicons load_lexicons(const std::string& dir, bool require_dir,
                       const std::map<std::string, std::vector<std::string>>& extras);

/// A phrase found in a sentence: tokens [begin, end) matched an entry of a lexicon.
struct PhraseMatch {
  Lex lex;
  std::size_t begin;
  std::size_t end;
  const std::string* kind;  ///< the entry's kind, owned by the matcher
};

/// Finds lexicon phrases in token sequences. Entries are indexed by their first token, so a sentence
/// costs one hash lookup per token plus a comparison per candidate phrase starting there.
class PhraseMatcher {
 public:
  /// Indexes every entry of every lexicon.
  explicit PhraseMatcher(const Lexicons& lexicons);
  /// For each token position and lexicon, the longest entry starting there, in token order.
  std::vector<PhraseMatch> match(const std::vector<Token>& tokens) const;
  /// Whether the single word w is an entry of lex.
  bool contains_word(Lex lex, std::string_view w) const;

 private:
  struct Candidate {
    Lex lex;
    std::vector<std::string> rest;  // tokens after the first
    std::string kind;
  };
  // Transparent, so a token's text or a string_view is looked up without building a string.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::vector<Candidate>, Hash, std::equal_to<>> by_first_;
  // Bits set for the first tokens' (first byte, second byte, last byte, length): most tokens start
  // no entry, and the filter says so without hashing them.
  static std::size_t filter_slot(std::string_view w);
  bool may_start(std::string_view w) const {
    const std::size_t s = filter_slot(w);
    return (filter_[s >> 6] >> (s & 63) & 1) != 0;
  }
  std::uint64_t filter_[64] = {};
  // The same per lexicon, for its one-word entries only (contains_word).
  std::uint64_t word_filter_[lexicon_count][64] = {};
};

}  // namespace docpipe::plugins::claims
