// Comparisons made with "than".
#include "rules/rules.hpp"

#include <algorithm>

namespace docpipe::plugins::claims {

// "costs less than", "grew faster than"; not bounds ("more than 40") or "rather than".
void detect_than_comparisons(Sentence& c, SentenceResult& r) {
  const std::vector<Token>& toks = c.toks;
  const std::size_t n = c.toks.size();
  auto word_at = [&c](std::size_t i) { return c.word(i); };
  auto add_trigger = [&](std::string kind, std::size_t b, std::size_t e, Value v = nullptr) {
    c.add_trigger(r, std::move(kind), b, e, std::move(v));
  };
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
    c.comparative = true;
  }
}

}  // namespace docpipe::plugins::claims
