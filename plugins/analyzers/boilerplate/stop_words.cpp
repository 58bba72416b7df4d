#include "stop_words.hpp"

#include <algorithm>
#include <array>

namespace docpipe::plugins::boilerplate {
namespace {

// Articles, pronouns, prepositions, conjunctions, auxiliaries and the commonest adverbs: the words
// a sentence needs whatever it is about, and a menu or a caption mostly does without.
constexpr std::array<std::string_view, 205> kWords = {
    "a", "about", "above", "across", "after", "again", "against", "all", "almost", "along", "already", "also",
    "although", "always", "am", "among", "an", "and", "any", "anyone", "anything", "are", "aren't", "around", "as",
    "at", "be", "because", "been", "before", "behind", "being", "below", "between", "beyond", "both", "but", "by",
    "can", "can't", "could", "despite", "did", "didn't", "do", "does", "doesn't", "doing", "don't", "done", "down",
    "during", "each", "either", "enough", "even", "ever", "every", "everything", "few", "for", "from", "further",
    "had", "has", "have", "having", "he", "he's", "her", "here", "hers", "herself", "him", "himself", "his", "how",
    "however", "i", "i'm", "i've", "if", "in", "indeed", "instead", "into", "is", "isn't", "it", "it's", "its",
    "itself", "just", "least", "less", "let's", "like", "many", "may", "me", "might", "more", "most", "much",
    "must", "my", "myself", "neither", "never", "no", "nor", "not", "nothing", "now", "of", "off", "often", "on",
    "once", "one", "only", "or", "other", "others", "our", "ours", "ourselves", "out", "over", "own", "per",
    "perhaps", "quite", "rather", "same", "shall", "she", "she's", "should", "since", "so", "some", "someone",
    "something", "still", "such", "than", "that", "that's", "the", "their", "theirs", "them", "themselves", "then",
    "there", "there's", "these", "they", "they're", "this", "those", "though", "through", "thus", "to", "too",
    "toward", "towards", "under", "unless", "until", "up", "upon", "us", "very", "was", "wasn't", "we", "we're",
    "well", "were", "what", "whatever", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why",
    "will", "with", "within", "without", "won't", "would", "yet", "you", "you're", "your", "yours", "yourself"};

// An open-addressing table four times the size of the list: a lookup is one hash of a few bytes
// and, for most words of a text, a single probe of an empty or different-length slot. (A bisection
// of the sorted list costs eight string comparisons per word and dominated the analyzer's profile.)
constexpr std::size_t kSlots = 1024;

std::size_t slot_of(std::string_view w) {
  std::size_t h = w.size();
  for (const char c : w) h = h * 131 + static_cast<unsigned char>(c);
  return h & (kSlots - 1);
}

const std::array<std::string_view, kSlots>& table() {
  static const std::array<std::string_view, kSlots> t = [] {
    std::array<std::string_view, kSlots> out{};
    for (const std::string_view w : kWords) {
      std::size_t i = slot_of(w);
      while (!out[i].empty()) i = (i + 1) & (kSlots - 1);
      out[i] = w;
    }
    return out;
  }();
  return t;
}

}  // namespace

bool is_stop_word(std::string_view word) {
  char buf[10];  // the longest listed word ("themselves") has ten letters
  std::size_t n = 0;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (n == sizeof buf) return false;
    char c = word[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
    // "it’s" is spelt with a typographic apostrophe as often as not.
    if (c == '\xE2' && word.compare(i, 3, "\xE2\x80\x99") == 0) {
      c = '\'';
      i += 2;
    }
    buf[n++] = c;
  }
  return n > 0 && is_lower_stop_word(std::string_view(buf, n));
}

bool is_lower_stop_word(std::string_view w) {
  if (w.empty() || w.size() > 10) return false;
  const auto& t = table();
  for (std::size_t i = slot_of(w); !t[i].empty(); i = (i + 1) & (kSlots - 1))
    if (t[i] == w) return true;
  return false;
}

}  // namespace docpipe::plugins::boilerplate
