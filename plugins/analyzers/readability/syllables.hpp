// Syllable counting: the CMU pronouncing dictionary first, English spelling rules for the rest,
// and spoken-form rules for numbers and acronyms.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace docpipe::plugins {

/// Read-only word -> syllable table built from a CMU-format dictionary ("word PH1 PH2 ...").
/// Compact: one string arena, a sorted index and a hash table, about 3 MB for cmudict's 126k words.
class SyllableDictionary {
 public:
  /// The one table for path in this process, loaded on first use and shared by every worker;
  /// throws docpipe::Error when the file cannot be read or holds no entries.
  static std::shared_ptr<const SyllableDictionary> shared(const std::string& path);
  /// Builds a table from dictionary text; alternate pronunciations ("word(2)") are skipped.
  static SyllableDictionary parse(std::string_view contents);

  /// Syllables of a lower-case word, or -1 when the word is not in the table.
  int lookup(std::string_view word) const;
  /// Number of words.
  std::size_t size() const { return index_.size(); }
  /// The i-th word (sorted order) and its syllables, for measuring the fallback rules.
  std::string_view word(std::size_t i) const { return {arena_.data() + index_[i].offset, index_[i].length}; }
  int syllables(std::size_t i) const { return index_[i].syllables; }

 private:
  struct Entry {
    std::uint32_t offset;
    std::uint8_t length;
    std::uint8_t syllables;
  };
  std::uint64_t hash(std::string_view w) const;
  std::string arena_;
  std::vector<Entry> index_;        // sorted by word
  // Open addressing: index_ position + 1 in the low half (0 = empty), the word's length and hash
  // bits in the high half, so probes that cannot match never touch index_ or arena_.
  std::vector<std::uint64_t> slots_;
  static std::uint64_t tag(std::uint64_t hash, std::size_t length) { return ((hash >> 40) << 8 | length) << 32; }
};

/// Locale-free ASCII character tests (what <cctype> answers in the "C" locale, without a call per
/// character on the per-word path).
namespace ascii {
/// 'A'-'Z'.
inline bool is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
/// 'a'-'z'.
inline bool is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
/// A letter.
inline bool is_alpha(unsigned char c) { return is_upper(c) || is_lower(c); }
/// '0'-'9'.
inline bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
/// A letter or digit.
inline bool is_alnum(unsigned char c) { return is_alpha(c) || is_digit(c); }
/// c in lower case.
inline unsigned char to_lower(unsigned char c) { return is_upper(c) ? static_cast<unsigned char>(c + 32) : c; }
}  // namespace ascii

/// Syllables of a lower-case ASCII word by spelling rules alone (never 0 for a word with letters).
int rule_syllables(std::string_view lower_word);

/// The irregular words rule_syllables knows by heart, with their syllables.
std::vector<std::pair<std::string_view, int>> rule_exceptions();

/// Syllables of a number as read aloud: "2016" -> twenty sixteen (4), "3.5" -> three point five (3),
/// "1,150" -> one thousand one hundred fifty (8).
int number_syllables(std::string_view digits);

/// How a word's syllables were found.
enum class SyllableSource : std::uint8_t { dictionary, rules, number, acronym };

/// Syllables of one word token as it appears in the text (any case, may hold digits, dots,
/// apostrophes or hyphens). dict may be null (rules only).
int count_syllables(std::string_view token, const SyllableDictionary* dict, SyllableSource* source = nullptr);

}  // namespace docpipe::plugins
